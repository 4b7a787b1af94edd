//! `tarkka redact FILE`: personal data out of a transcript before it is
//! shared or stored.

use sha2::{Digest as _, Sha256};
use tarkka_transcript::redact::{Kind, redact as redact_text};

use crate::Outcome;
use crate::args::RedactArgs;
use crate::context::Context;
use crate::output::print;
use tarkka_app::config::write_new;

pub fn redact(args: &RedactArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let text = tarkka_app::rubrics::read_text(&args.file)?;
    let redacted = redact_text(&text);
    match &args.out {
        Some(out) => write_new(out, redacted.text.as_bytes())?,
        None => print(&redacted.text)?,
    }
    let counts: Vec<String> = Kind::ALL
        .iter()
        .map(|&kind| (kind, redacted.count(kind)))
        .filter(|(_, count)| *count > 0)
        .map(|(kind, count)| format!("{count} × {}", kind.placeholder()))
        .collect();
    // The digest of the original lets the redacted copy be tied to it
    // without keeping the personal data.
    eprintln!(
        "tarkka: {}: {} ({}: sha256:{})",
        args.file.display(),
        if counts.is_empty() {
            lang.pick("ei korvattavaa", "nothing to replace").to_string()
        } else {
            counts.join(", ")
        },
        lang.pick("alkuperäinen", "original"),
        hex::encode(Sha256::digest(text.as_bytes()))
    );
    Ok(Outcome::Success)
}
