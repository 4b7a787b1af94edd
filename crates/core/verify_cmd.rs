//! `tarkka verify` and `tarkka ledger repair`.

use std::fmt::Write as _;

use tarkka_ledger::verify::{Finding, Report};
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::VerifyArgs;
use crate::context::Context;
use crate::output::{BAD, GOOD, paint, print, tr};
use crate::progress::Bar;
use tarkka_i18n::msg;

pub fn verify(args: &VerifyArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let progress = Bar::bytes(&tr(lang, &msg!("verify-progress")), false, lang);
    let report = tarkka_app::verify::verify(&workspace, !args.no_evidence, threads, &progress)?;
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        print(&render(&report, lang))?;
    }
    if args.record {
        let writer = context.writer()?;
        let appended = tarkka_app::verify::record(&writer, &report)?;
        if !args.json {
            print(&format!("{}\n", tr(lang, &msg!("verify-recorded", seq = appended.seq))))?;
        }
    }
    Ok(if report.is_clean() { Outcome::Success } else { Outcome::Negative })
}

fn render(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let checked = msg!(
        "verify-checked",
        entries = report.entries,
        files = report.evidence_files,
        bytes = crate::output::bytes(report.evidence_bytes, lang)
    );
    let _ = writeln!(out, "{}", tr(lang, &checked));
    let _ = writeln!(out, "{}", tr(lang, &msg!("verify-head", head = report.head.to_string())));
    let root = report.merkle_root.to_string();
    let _ = writeln!(out, "{}", tr(lang, &msg!("verify-merkle-root", root = root)));
    if report.is_clean() {
        let _ = writeln!(out, "{}", paint(&tr(lang, &msg!("verify-all-holds")), GOOD));
        return out;
    }
    let count = report.findings.len();
    let _ = writeln!(out, "{}", tr(lang, &msg!("verify-findings", count = count)));
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
    let mut text = format!("  {} {}", paint(&format!("[{kind}]"), BAD), tr(lang, &finding.text));
    if !finding.relied_on_by.is_empty() {
        let relied: Vec<String> = finding
            .relied_on_by
            .iter()
            .map(|r| format!("{} #{} ({})", r.what, r.seq, r.encounter))
            .collect();
        let relied = msg!("verify-relied-on-by", entries = relied.join(", "));
        let _ = write!(text, "\n      {}", tr(lang, &relied));
    }
    text
}

pub fn repair(context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let text = match tarkka_app::verify::repair(&workspace)? {
        None => msg!("repair-nothing"),
        Some(repaired) => msg!(
            "repair-moved",
            bytes = repaired.moved,
            file = repaired.side_file.display().to_string(),
            detail = repaired.detail,
            kept = repaired.kept
        ),
    };
    print(&format!("{}\n", tr(lang, &text)))?;
    Ok(Outcome::Success)
}
