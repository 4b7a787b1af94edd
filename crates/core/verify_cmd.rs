//! `tarkka verify` and `tarkka ledger repair`.

use std::fmt::Write as _;

use tarkka_ledger::verify::{Finding, Report};
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::{
    CheckpointArgs, CheckpointCommand, ProofArgs, ProofCommand, VerifyArgs, WitnessCommand,
};
use crate::context::Context;
use crate::output::{BAD, GOOD, paint, print, tr};
use crate::progress::Bar;
use tarkka_app::checkpoint::Trust;
use tarkka_i18n::msg;

pub fn verify(args: &VerifyArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let progress = Bar::bytes(&tr(lang, &msg!("verify-progress")), false, lang);
    let mut trust =
        Trust::from(context.key_dir().ok().as_deref(), &args.log_key, args.checkpoint.clone())?;
    trust.witnesses = tarkka_app::witness::verifiers(&args.witness)?;
    trust.full = args.full;
    trust.min_witnesses = args.min_witnesses.unwrap_or(trust.witnesses.len());
    if trust.min_witnesses > trust.witnesses.len() {
        let text = msg!(
            "witnesses-too-few",
            required = trust.min_witnesses,
            named = trust.witnesses.len()
        );
        return Err(tarkka_app::Error::text(text).into());
    }
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
        bytes = crate::output::bytes(report.evidence_bytes, lang)
    );
    let _ = writeln!(out, "{}", tr(lang, &checked));
    let _ = writeln!(out, "{}", tr(lang, &msg!("verify-head", head = report.head.to_string())));
    let root = report.merkle_root.to_string();
    let _ = writeln!(out, "{}", tr(lang, &msg!("verify-merkle-root", root = root)));
    if let Some(largest) = report.anchors.iter().max_by_key(|a| a.size) {
        let mut distinct: Vec<(u64, tarkka_ledger::Digest)> =
            report.anchors.iter().map(|a| (a.size, a.root)).collect();
        distinct.sort();
        distinct.dedup();
        let checked = msg!(
            "verify-checkpoints",
            count = distinct.len(),
            size = largest.size,
            signer = largest.signer.as_str(),
            pinned = if report.anchors.iter().all(|a| a.pinned) { "yes" } else { "no" }
        );
        let _ = writeln!(out, "{}", tr(lang, &checked));
    }
    if report.checked_through > 0 && (report.signed_entries > 0 || report.vouched_scoresheets > 0) {
        let vouched = msg!("verify-signatures-vouched", size = report.checked_through);
        let _ = writeln!(out, "{}", tr(lang, &vouched));
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
            .map(|r| {
                let what = tr(lang, &tarkka_i18n::Message::new("entry-kind").arg("kind", r.what));
                format!("{what} #{} ({})", r.seq, r.encounter)
            })
            .collect();
        let relied = msg!("verify-relied-on-by", entries = relied.join(", "));
        let _ = write!(text, "\n      {}", tr(lang, &relied));
    }
    text
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
            detail = tr(lang, &repaired.detail),
            kept = repaired.kept
        ),
    };
    print(&format!("{}\n", tr(lang, &text)))?;
    let swept = tarkka_app::verify::sweep_incoming(&workspace)?;
    if !swept.is_empty() {
        let text = msg!("repair-swept", count = swept.len(), files = swept.join(", "));
        print(&format!("{}\n", tr(lang, &text)))?;
    }
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

pub fn proof(args: &ProofArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    if let Some(ProofCommand::Verify { file, key, witness, min_witnesses }) = &args.command {
        let text = std::fs::read_to_string(file)
            .map_err(|error| tarkka_app::Error::from(error).context(file.display().to_string()))?;
        let key_dir = context.key_dir().ok();
        let required = min_witnesses.unwrap_or(witness.len());
        if required > witness.len() {
            let text = msg!("witnesses-too-few", required = required, named = witness.len());
            return Err(tarkka_app::Error::text(text).into());
        }
        return match tarkka_app::proof::verify(&text, key, key_dir.as_deref(), witness, required)? {
            Ok(verified) => {
                print(&render_proven(&verified, false, lang))?;
                Ok(Outcome::Success)
            }
            Err(reason) => {
                let text = tr(lang, &msg!("proof-does-not-hold", reason = reason));
                print(&format!("{}\n", paint(&text, BAD)))?;
                Ok(Outcome::Negative)
            }
        };
    }
    let (Some(encounter), Some(out)) = (&args.encounter, &args.out) else {
        anyhow::bail!("name the encounter and --out FILE");
    };
    let (workspace, _) = context.workspace()?;
    let trust = Trust::from(context.key_dir().ok().as_deref(), &[], Vec::new())?;
    let proof = tarkka_app::proof::prove(&workspace, &trust, encounter)?;
    let json = serde_json::to_string_pretty(&proof)? + "\n";
    std::fs::write(out, json)
        .map_err(|error| tarkka_app::Error::from(error).context(out.display().to_string()))?;
    let checkpoint = tarkka_ledger::note::Note::parse(&proof.checkpoint)
        .ok()
        .and_then(|note| tarkka_ledger::note::Checkpoint::parse_text(&note.text).ok());
    let (size, origin) = checkpoint.map_or((0, String::new()), |c| (c.size, c.origin));
    let written = msg!(
        "proof-written",
        count = proof.entries.len(),
        encounter = encounter.as_str(),
        size = size,
        origin = origin,
        file = out.display().to_string()
    );
    let mut text = format!("{}\n", tr(lang, &written));
    if !proof.uncovered.is_empty() {
        let later: Vec<String> = proof.uncovered.iter().map(u64::to_string).collect();
        let _ =
            writeln!(text, "{}", tr(lang, &msg!("proof-uncovered", entries = later.join(", "))));
    }
    print(&text)?;
    Ok(Outcome::Success)
}

/// What a proof proves and what it cannot; `evidence` when the evidence
/// files were compared with the lines too (a bag).
fn render_proven(verified: &tarkka_ledger::proof::Verified, evidence: bool, lang: Lang) -> String {
    let mut out = String::new();
    // The file's own header (`encounter V-1`), its word in the reader's.
    let about = match verified.about.strip_prefix("encounter ") {
        Some(id) => lang.pick(format!("kohtaaminen {id}"), format!("encounter {id}")),
        None => verified.about.clone(),
    };
    let holds = msg!(
        "proof-holds",
        size = verified.checkpoint.size,
        origin = verified.checkpoint.origin.as_str(),
        about = about
    );
    let _ = writeln!(out, "{}", paint(&tr(lang, &holds), GOOD));
    for entry in &verified.entries {
        let kind =
            tr(lang, &tarkka_i18n::Message::new("entry-kind").arg("kind", entry.kind.as_str()));
        let line = msg!(
            "proof-entry",
            seq = entry.seq,
            line = entry.index + 1,
            kind = kind,
            actor = entry.actor.as_str(),
            time = entry.time.as_str(),
            key = entry.signed_by.as_deref().map_or("none", |k| &k[..16.min(k.len())])
        );
        let _ = writeln!(out, "  {}", tr(lang, &line));
    }
    let later: Vec<String> = verified.uncovered.iter().map(u64::to_string).collect();
    let limits = msg!(
        "proof-limits",
        size = verified.checkpoint.size,
        uncovered = if later.is_empty() { "none".to_string() } else { later.join(", ") },
        evidence = if evidence { "checked" } else { "unchecked" }
    );
    let _ = writeln!(out, "{}", tr(lang, &limits));
    out
}

pub fn bag_verify(
    dir: &std::path::Path,
    keys: &[String],
    context: &Context,
) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let check = tarkka_app::verify::verify_bag(dir, keys, context.key_dir().ok().as_deref())?;
    let mut out = String::new();
    let checked = msg!("bag-checked", files = check.files, entries = check.entries);
    let _ = writeln!(out, "{}", tr(lang, &checked));
    if let Some(proven) = check.proven.as_ref().filter(|_| check.problems.is_empty()) {
        out.push_str(&render_proven(proven, true, lang));
    }
    if !check.unproven.is_empty() {
        let later: Vec<String> = check.unproven.iter().map(u64::to_string).collect();
        let _ = writeln!(out, "{}", tr(lang, &msg!("bag-unproven", entries = later.join(", "))));
    }
    if check.problems.is_empty() {
        let _ = writeln!(out, "{}", paint(&tr(lang, &msg!("bag-holds")), GOOD));
        print(&out)?;
        return Ok(Outcome::Success);
    }
    let _ = writeln!(out, "{}", tr(lang, &msg!("verify-findings", count = check.problems.len())));
    for problem in &check.problems {
        let _ = writeln!(out, "  {} {problem}", paint("[bag]", BAD));
    }
    print(&out)?;
    Ok(Outcome::Negative)
}

pub fn witness(command: &WitnessCommand, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let text = match command {
        WitnessCommand::New { name } => {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).map_err(|error| {
                anyhow::anyhow!("no randomness from the operating system: {error}")
            })?;
            let (file, vkey) = tarkka_app::witness::new_key(&context.key_dir()?, name, secret)?;
            msg!("witness-made", file = file.display().to_string(), vkey = vkey)
        }
        WitnessCommand::Request { old, out } => {
            let (workspace, _) = context.workspace()?;
            let trust = Trust::from(context.key_dir().ok().as_deref(), &[], Vec::new())?;
            let (body, old) = tarkka_app::witness::request(&workspace, &trust, *old)?;
            std::fs::write(out, body).map_err(|error| {
                tarkka_app::Error::from(error).context(out.display().to_string())
            })?;
            msg!("witness-request-written", old = old, file = out.display().to_string())
        }
        WitnessCommand::Cosign { request, out, name } => {
            let body = std::fs::read_to_string(request).map_err(|error| {
                tarkka_app::Error::from(error).context(request.display().to_string())
            })?;
            let now = context.now()?.as_second().max(0) as u64;
            let cosigned =
                tarkka_app::witness::cosign(&context.key_dir()?, name.as_deref(), &body, now)?;
            std::fs::write(out, &cosigned.note).map_err(|error| {
                tarkka_app::Error::from(error).context(out.display().to_string())
            })?;
            msg!(
                "witness-cosigned",
                origin = cosigned.origin,
                size = cosigned.size,
                witness = cosigned.witness,
                old = cosigned.old,
                file = out.display().to_string()
            )
        }
        WitnessCommand::Attach { file } => {
            let (workspace, _) = context.workspace()?;
            let cosigned = std::fs::read_to_string(file).map_err(|error| {
                tarkka_app::Error::from(error).context(file.display().to_string())
            })?;
            let key_dir = context.key_dir().ok();
            let kept = tarkka_app::witness::attach(&workspace, key_dir.as_deref(), &cosigned)?;
            msg!("witness-attached", file = kept.display().to_string())
        }
    };
    print(&format!("{}\n", tr(lang, &text)))?;
    Ok(Outcome::Success)
}
