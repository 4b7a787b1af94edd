//! `tarkka verify` and `tarkka ledger repair`.

use std::fmt::Write as _;

use tarkka_ledger::NewEntry;
use tarkka_ledger::payload::EvidenceVerified;
use tarkka_ledger::verify::{self, Finding, Options, Progress, Report};
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::VerifyArgs;
use crate::context::{Context, trusted_keys};
use crate::evidence_cmd::byte_bar;
use crate::output::{BAD, GOOD, paint, print};

/// Draws verification progress as a byte bar on a terminal.
struct Bar {
    bar: indicatif::ProgressBar,
}

impl Progress for Bar {
    fn start(&self, _files: u64, bytes: u64) {
        // Drawn only once there is evidence to hash, not while the ledger
        // is read.
        self.bar.set_length(bytes);
        if bytes > 0 {
            self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

pub fn verify(args: &VerifyArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let options = Options {
        trusted_keys: trusted_keys(&workspace)?,
        evidence: !args.no_evidence,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
    };
    let progress =
        Bar { bar: byte_bar(0, lang.pick("Tarkistetaan näyttöä", "Checking evidence"), false) };
    let report = verify::verify(&workspace, &options, &progress)?;
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        print(&render(&report, lang))?;
    }
    if args.record {
        let actor = context.actor()?;
        let signer = context.signer(&actor)?;
        let entry = NewEntry::new(
            context.now()?,
            &actor,
            &EvidenceVerified {
                entries: report.entries,
                head: report.head,
                merkle_root: report.merkle_root,
                files: report.evidence_files,
                findings: report.findings.len() as u64,
            },
        );
        let appended = workspace.ledger().append(&[entry], signer.as_ref())?;
        if !args.json {
            print(&format!(
                "{} {}\n",
                lang.pick("Tarkistus kirjattu: merkintä", "Verification recorded: entry"),
                appended[0].seq
            ))?;
        }
    }
    Ok(if report.is_clean() { Outcome::Success } else { Outcome::Negative })
}

fn render(report: &Report, lang: Lang) -> String {
    let t = |fi, en| lang.pick(fi, en);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} {}, {} {} ({})",
        t("Tarkistettu", "Checked"),
        report.entries,
        t("merkintää", "entries"),
        report.evidence_files,
        t("näyttötiedostoa", "evidence files"),
        human_bytes(report.evidence_bytes)
    );
    let _ = writeln!(out, "{}: {}", t("Pääkirjan pää", "Ledger head"), report.head);
    let _ = writeln!(
        out,
        "{}: {}",
        t("Merkle-juuri (RFC 6962)", "Merkle root (RFC 6962)"),
        report.merkle_root
    );
    if report.is_clean() {
        let _ = writeln!(
            out,
            "{}",
            paint(
                t(
                    "Kaikki kunnossa: mitään ei puutu eikä mitään ole muutettu.",
                    "All holds: nothing is missing and nothing was changed."
                ),
                GOOD
            )
        );
        return out;
    }
    let count = report.findings.len();
    let _ = writeln!(
        out,
        "{count} {}:",
        if count == 1 { t("havainto", "finding") } else { t("havaintoa", "findings") }
    );
    for finding in &report.findings {
        let _ = writeln!(out, "{}", render_finding(finding, lang));
    }
    out
}

fn render_finding(finding: &Finding, lang: Lang) -> String {
    let kind = serde_json::to_value(finding.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut text = format!("  {} {}", paint(&format!("[{kind}]"), BAD), finding.message);
    if !finding.relied_on_by.is_empty() {
        let relied: Vec<String> = finding
            .relied_on_by
            .iter()
            .map(|r| format!("{} #{} ({})", r.what, r.seq, r.encounter))
            .collect();
        let _ = write!(
            text,
            "\n      {}: {}",
            lang.pick("siihen nojaavat", "relied on by"),
            relied.join(", ")
        );
    }
    text
}

fn human_bytes(bytes: u64) -> String {
    indicatif::HumanBytes(bytes).to_string()
}

pub fn repair(context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    match workspace.ledger().repair()? {
        None => print(&format!(
            "{}\n",
            lang.pick(
                "Pääkirja on eheä: mitään ei siirretty.",
                "The ledger is whole: nothing was moved."
            )
        ))?,
        Some(repaired) => print(&format!(
            "{} {} {} {} ({}). {} {} {}.\n",
            lang.pick("Siirrettiin", "Moved"),
            repaired.moved,
            lang.pick("tavua tiedostoon", "bytes to"),
            repaired.side_file.display(),
            repaired.detail,
            lang.pick("Pääkirjaan jäi", "The ledger keeps"),
            repaired.kept,
            lang.pick("tavua", "bytes")
        ))?,
    }
    Ok(Outcome::Success)
}
