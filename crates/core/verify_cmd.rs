//! `tarkka verify` and `tarkka ledger repair`.

use std::fmt::Write as _;

use tarkka_ledger::verify::{Finding, Report};
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::VerifyArgs;
use crate::context::Context;
use crate::output::{BAD, GOOD, paint, print};
use crate::progress::Bar;

pub fn verify(args: &VerifyArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let progress = Bar::bytes(lang.pick("Tarkistetaan näyttöä", "Checking evidence"), false);
    let report = tarkka_app::verify::verify(&workspace, !args.no_evidence, threads, &progress)?;
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        print(&render(&report, lang))?;
    }
    if args.record {
        let actor = context.actor()?;
        let writer = tarkka_app::Writer {
            signer: context.signer(&actor)?,
            now: context.now()?,
            actor,
            workspace,
        };
        let appended = tarkka_app::verify::record(&writer, &report)?;
        if !args.json {
            print(&format!(
                "{} {}\n",
                lang.pick("Tarkistus kirjattu: merkintä", "Verification recorded: entry"),
                appended.seq
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
    match tarkka_app::verify::repair(&workspace)? {
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
