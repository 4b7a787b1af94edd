//! Progress bars on standard error, drawn only on a terminal, for the
//! library's long work.

use std::fmt;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use tarkka_rubric::Lang;

/// A progress bar the library drives through [`tarkka_app::Progress`] (and
/// the verifier through its own progress trait).
pub struct Bar {
    bar: ProgressBar,
    /// Drawn only once there is work to show (verification: not while the
    /// ledger is read).
    draw_on_start: bool,
}

impl Bar {
    /// A byte-count bar; `shown` false keeps it hidden until work starts.
    /// Sizes are written as `output::bytes` writes them (a decimal comma
    /// in Finnish).
    pub fn bytes(message: &str, shown: bool, lang: Lang) -> Bar {
        let target =
            if shown { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(Some(0), target);
        let size = move |bytes: u64| crate::output::bytes(bytes, lang);
        bar.set_style(
            ProgressStyle::with_template("{msg} {bar:30} {done}/{total} {rate} {eta}")
                .expect("the template is valid")
                .with_key("done", move |state: &ProgressState, out: &mut dyn fmt::Write| {
                    let _ = out.write_str(&size(state.pos()));
                })
                .with_key("total", move |state: &ProgressState, out: &mut dyn fmt::Write| {
                    let _ = out.write_str(&size(state.len().unwrap_or(0)));
                })
                .with_key("rate", move |state: &ProgressState, out: &mut dyn fmt::Write| {
                    let per_second = state.per_sec();
                    let per_second = if per_second.is_finite() { per_second as u64 } else { 0 };
                    let _ = write!(out, "{}/s", size(per_second));
                }),
        );
        bar.set_message(message.to_string());
        Bar { bar, draw_on_start: !shown }
    }

    /// A count bar.
    pub fn count(message: &str) -> Bar {
        Bar { bar: count_bar(0, message), draw_on_start: false }
    }
}

/// A count progress bar on standard error, drawn only on a terminal.
pub fn count_bar(total: u64, message: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} {per_sec} {eta}")
            .expect("the template is valid"),
    );
    bar.set_message(message.to_string());
    bar
}

impl tarkka_app::Progress for Bar {
    fn start(&self, total: u64) {
        self.bar.set_length(total);
        if self.draw_on_start && total > 0 {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
    fn advance(&self, done: u64) {
        self.bar.inc(done);
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl tarkka_ledger::verify::Progress for Bar {
    fn start(&self, _files: u64, bytes: u64) {
        tarkka_app::Progress::start(self, bytes);
    }
    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
