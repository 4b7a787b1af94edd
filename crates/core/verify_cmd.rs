//! `tarkka verify` and `tarkka ledger repair`.

use std::fmt::Write as _;

use tarkka_ledger::verify::{Finding, Report};
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::{CheckpointArgs, CheckpointCommand, VerifyArgs};
use crate::context::Context;
use crate::output::{BAD, GOOD, paint, print, tr};
use crate::progress::Bar;
use tarkka_app::checkpoint::Trust;
use tarkka_i18n::msg;

pub fn verify(args: &VerifyArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let progress = Bar::bytes(&tr(lang, &msg!("verify-progress")), false);
    let trust =
        Trust::from(context.key_dir().ok().as_deref(), &args.log_key, args.checkpoint.clone())?;
    let report = tarkka_app::verify::verify_trusting(
        &workspace,
        &trust,
        !args.no_evidence,
        threads,
        &progress,
    )?;
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
        bytes = human_bytes(report.evidence_bytes)
    );
    let _ = writeln!(out, "{}", tr(lang, &checked));
    let _ = writeln!(out, "{}", tr(lang, &msg!("verify-head", head = report.head.to_string())));
    let root = report.merkle_root.to_string();
    let _ = writeln!(out, "{}", tr(lang, &msg!("verify-merkle-root", root = root)));
    if let Some(largest) = report.anchors.iter().max_by_key(|a| a.size) {
        let checked = msg!(
            "verify-checkpoints",
            count = report.anchors.len(),
            size = largest.size,
            signer = largest.signer.as_str(),
            pinned = if report.anchors.iter().all(|a| a.pinned) { "yes" } else { "no" }
        );
        let _ = writeln!(out, "{}", tr(lang, &checked));
    }
    for file in &report.side_files {
        let _ = writeln!(out, "{}", tr(lang, &msg!("verify-side-file", file = file.as_str())));
    }
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

fn human_bytes(bytes: u64) -> String {
    indicatif::HumanBytes(bytes).to_string()
}

pub fn repair(context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let trust = Trust::from(context.key_dir().ok().as_deref(), &[], Vec::new())?;
    let text = match tarkka_app::verify::repair(&workspace, &trust)? {
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

pub fn checkpoint(args: &CheckpointArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let key_dir = context.key_dir()?;
    if let Some(CheckpointCommand::Trust { vkey }) = &args.command {
        let file = tarkka_app::checkpoint::trust(&key_dir, vkey)?;
        let text = msg!("checkpoint-trusted", file = file.display().to_string());
        print(&format!("{}\n", tr(lang, &text)))?;
        return Ok(Outcome::Success);
    }
    let (workspace, config) = context.workspace()?;
    let name = config.name.clone().unwrap_or_else(|| {
        workspace.root().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    });
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|error| anyhow::anyhow!("no randomness from the operating system: {error}"))?;
    let issued =
        tarkka_app::checkpoint::issue(&workspace, &name, &key_dir, secret, args.out.as_deref())?;
    let mut out = String::new();
    if let Some(private) = &issued.new_key {
        let made = msg!(
            "checkpoint-new-key",
            file = private.display().to_string(),
            vkey = issued.vkey.as_str()
        );
        let _ = writeln!(out, "{}", tr(lang, &made));
    }
    let kept = msg!(
        "checkpoint-issued",
        size = issued.checkpoint.size,
        origin = issued.checkpoint.origin.as_str(),
        file = issued.kept.display().to_string()
    );
    let _ = writeln!(out, "{}", tr(lang, &kept));
    if let Some(file) = &args.out {
        let written = msg!("checkpoint-written", file = file.display().to_string());
        let _ = writeln!(out, "{}", tr(lang, &written));
    }
    out.push('\n');
    out.push_str(&issued.note);
    print(&out)?;
    Ok(Outcome::Success)
}
