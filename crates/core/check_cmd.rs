//! `tarkka check`: transcripts against a rubric's automatic rules, and with
//! `--record` automatic scoresheets in the ledger.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use tarkka_check::{Checker, Encounter, Hit, Miss, NearMiss, Outcome as Checked, Reason, Verdict};
use tarkka_ledger::payload::{EvidenceAttached, PromiseFound, ScoresheetRecorded, Source};
use tarkka_ledger::{Digest, EncounterState, LedgerError, LedgerState, NewEntry};
use tarkka_rubric::rules::{Check, Who, Window};
use tarkka_rubric::{Lang, Profile, ProfileValue, Rubric};
use tarkka_scoring::{Answer, AnswerValue, Answers};
use tarkka_transcript::read::{self, Format, SpeakerMap};
use tarkka_transcript::{Role, Transcript, Warning};

use crate::Outcome;
use crate::args::{CheckRunArgs, ListFormat};
use crate::context::{Context, Writer};
use crate::output::{BAD, GOOD, NOTE, paint, print};

/// The auditor name automatic scoresheets are recorded under.
pub const AUTOMATIC_AUDITOR: &str = "tarkka-check";

/// File extensions read from a directory.
const EXTENSIONS: &[&str] = &["vtt", "srt", "json", "txt", "log"];

/// How many transcripts are judged before their results are printed.
const CHUNK: usize = 256;

/// Refuse transcripts larger than this: a call's transcript is kilobytes.
const MAX_TRANSCRIPT: u64 = 64 * 1024 * 1024;

/// One transcript read and judged.
struct Report {
    file: String,
    sha256: Digest,
    format: Format,
    warnings: Vec<Warning>,
    transcript: Transcript,
    outcomes: Vec<Checked>,
}

pub fn check(args: &CheckRunArgs, context: &Context) -> anyhow::Result<Outcome> {
    if args.record {
        return record(args, context);
    }
    let lang = context.lang();
    let path = args.rubric.as_ref().context(
        "give the rubric with --rubric FILE, or use --record in a workspace to check the \
         encounters' transcripts against their own rubrics",
    )?;
    let (rubric, _) = crate::rubric_cmd::load(path)?;
    let checker = checker_for(&rubric, path)?;
    if let Some(id) = &args.explain {
        explained(&rubric, id)?;
    }
    let encounter = Encounter {
        profile: profile_args(&args.profile, &rubric)?,
        start: start_arg(args.start.as_deref())?,
    };
    let speakers = speaker_map(&args.speaker)?;
    let files = transcript_files(&args.paths)?;
    let bar = progress(files.len(), lang);
    let explain = args.explain.as_deref();
    let has_start = encounter.start.is_some();
    // Rendered on the workers, printed in order, a chunk at a time: memory
    // stays flat however many transcripts there are.
    let render = |report: &Report| -> anyhow::Result<String> {
        let one = std::slice::from_ref(report);
        Ok(match args.format {
            ListFormat::Text => match explain {
                Some(id) => explain_text(&rubric, one, id, lang),
                None => text(&rubric, one, has_start, lang),
            },
            ListFormat::Json => json(&rubric, report, explain)?,
            ListFormat::Csv => csv(one, explain, false, lang)?,
        })
    };
    match (args.format, explain) {
        (ListFormat::Text, Some(id)) => print(&explain_header(&rubric, id, lang))?,
        (ListFormat::Json, _) => print("[\n")?,
        (ListFormat::Csv, _) => print(&csv(&[], explain, true, lang)?)?,
        (ListFormat::Text, None) => {}
    }
    let mut failed = 0;
    let mut total = [0; 4];
    let mut checked = 0;
    for chunk in files.chunks(CHUNK) {
        let results = crate::parallel::map(chunk, |file| {
            let result = read_file(file)
                .and_then(|bytes| judge(&checker, file, &bytes, &speakers, &encounter))
                .and_then(|report| {
                    let rendered = render(&report).map_err(|error| error.to_string())?;
                    let warnings: Vec<String> =
                        report.warnings.iter().map(|w| format!("{}:{w}", report.file)).collect();
                    Ok((rendered, counts(&report.outcomes), warnings))
                });
            bar.inc(1);
            result
        });
        for result in results {
            match result {
                Ok((rendered, counts, warnings)) => {
                    for warning in warnings {
                        bar.suspend(|| eprintln!("tarkka: warning: {warning}"));
                    }
                    if args.format == ListFormat::Json && checked > 0 {
                        print(",\n")?;
                    }
                    print(&rendered)?;
                    checked += 1;
                    for (sum, n) in total.iter_mut().zip(counts) {
                        *sum += n;
                    }
                }
                Err(message) => {
                    bar.suspend(|| eprintln!("tarkka: error: {message}"));
                    failed += 1;
                }
            }
        }
    }
    bar.finish_and_clear();
    match args.format {
        ListFormat::Json => print("\n]\n")?,
        ListFormat::Text if explain.is_none() && checked > 1 => print(&format!(
            "{checked} {}: {}\n",
            lang.pick("litterointia", "transcripts"),
            counts_text(total, lang)
        ))?,
        _ => {}
    }
    if failed > 0 {
        anyhow::bail!(
            "{failed} {} could not be read (see above)",
            if failed == 1 { "transcript" } else { "transcripts" }
        );
    }
    // Like a test run: exit 1 when any checked criterion failed.
    Ok(if total[1] > 0 { Outcome::Negative } else { Outcome::Success })
}

fn checker_for<'r>(rubric: &'r Rubric, path: &Path) -> anyhow::Result<Checker<'r>> {
    let checker = Checker::new(rubric);
    if checker.is_empty() {
        anyhow::bail!(
            "{}: the rubric `{}` has no automatic checks; add a [criterion.check] to a criterion \
             (see docs/rules.md)",
            path.display(),
            rubric.id
        );
    }
    Ok(checker)
}

/// The criterion `--explain` names, which must have a check.
fn explained<'r>(rubric: &'r Rubric, id: &str) -> anyhow::Result<&'r Check> {
    let checked: Vec<&str> = rubric
        .criteria
        .iter()
        .filter(|criterion| criterion.check.is_some())
        .map(|criterion| criterion.id.as_str())
        .collect();
    match rubric.criterion(id) {
        Some(criterion) => criterion.check.as_ref().with_context(|| {
            format!("criterion `{id}` has no automatic check; these do: {}", checked.join(", "))
        }),
        None => anyhow::bail!(
            "the rubric `{}` has no criterion `{id}`; the checked criteria are: {}",
            rubric.id,
            checked.join(", ")
        ),
    }
}

/// `--profile field=value` pairs, checked against the rubric.
fn profile_args(pairs: &[String], rubric: &Rubric) -> anyhow::Result<Profile> {
    let mut profile = Profile::new();
    for pair in pairs {
        let (field, value) = pair.split_once('=').with_context(|| {
            format!("--profile `{pair}` is not FIELD=VALUE, e.g. --profile language=sv")
        })?;
        profile.insert(field.trim().to_string(), ProfileValue::parse(value.trim()));
    }
    if let Err(errors) = rubric.check_profile(&profile) {
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::bail!("--profile: {}", messages.join("; "));
    }
    Ok(profile)
}

fn start_arg(start: Option<&str>) -> anyhow::Result<Option<jiff::Zoned>> {
    start
        .map(|text| {
            tarkka_check::zoned(text).with_context(|| {
                format!("--start `{text}` is not a time with a UTC offset; expected e.g. 2026-05-14T17:40:00+03:00")
            })
        })
        .transpose()
}

fn speaker_map(pairs: &[String]) -> anyhow::Result<SpeakerMap> {
    let mut speakers = SpeakerMap::standard();
    for pair in pairs {
        let (name, role) = pair.split_once('=').with_context(|| {
            format!("--speaker `{pair}` is not NAME=ROLE, e.g. --speaker SPEAKER_00=agent")
        })?;
        let role: Role = role
            .parse()
            .map_err(|message: String| anyhow::anyhow!("--speaker `{pair}`: {message}"))?;
        speakers.insert(name, role);
    }
    Ok(speakers)
}

/// The files named, directories expanded to their transcripts (sorted, not
/// recursive).
fn transcript_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    if paths.is_empty() {
        anyhow::bail!("name the transcripts to check: files or directories");
    }
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            for entry in std::fs::read_dir(path)
                .with_context(|| format!("cannot read {}", path.display()))?
            {
                let entry = entry.with_context(|| format!("cannot read {}", path.display()))?;
                let file = entry.path();
                let known = file.extension().and_then(|extension| extension.to_str()).is_some_and(
                    |extension| EXTENSIONS.contains(&extension.to_lowercase().as_str()),
                );
                if known && file.is_file() {
                    found.push(file);
                }
            }
            if found.is_empty() {
                anyhow::bail!(
                    "{} holds no transcripts (files ending in .{})",
                    path.display(),
                    EXTENSIONS.join(", .")
                );
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn read_file(file: &Path) -> Result<Vec<u8>, String> {
    let size =
        std::fs::metadata(file).map_err(|error| format!("{}: {error}", file.display()))?.len();
    if size > MAX_TRANSCRIPT {
        return Err(format!(
            "{}: {} bytes is too large for a transcript (the limit is {MAX_TRANSCRIPT})",
            file.display(),
            size
        ));
    }
    std::fs::read(file).map_err(|error| format!("{}: {error}", file.display()))
}

/// Reads one transcript and judges it.
fn judge(
    checker: &Checker<'_>,
    file: &Path,
    bytes: &[u8],
    speakers: &SpeakerMap,
    encounter: &Encounter,
) -> Result<Report, String> {
    let name = file.display().to_string();
    let format = read::detect(&name, bytes);
    let (transcript, warnings) =
        read::read(format, bytes, speakers).map_err(|error| format!("{name}:{error}"))?;
    let outcomes = checker.check(&transcript, encounter);
    Ok(Report { file: name, sha256: Digest::of(bytes), format, warnings, transcript, outcomes })
}

fn progress(total: usize, lang: Lang) -> indicatif::ProgressBar {
    if total < 200 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    crate::evidence_cmd::count_bar(total as u64, lang.pick("Tarkistetaan", "Checking"))
}

// --- Words for people --------------------------------------------------------

fn verdict_word(verdict: Verdict, lang: Lang) -> String {
    let (word, style) = match verdict {
        Verdict::Pass => (lang.pick("läpi", "pass"), GOOD),
        Verdict::Fail => (lang.pick("hylätty", "fail"), BAD),
        Verdict::NotApplicable => (lang.pick("ei koske", "n/a"), anstyle::Style::new()),
        Verdict::Undetermined => (lang.pick("ei ratkea", "unknown"), NOTE),
    };
    // Pad before painting, so that columns line up with colours on.
    paint(&format!("{word:<9}"), style)
}

fn reason_text(reason: &Reason, check: &Check, lang: Lang) -> String {
    let before = check.before.as_ref().map_or(String::new(), |set| {
        lang.pick(format!(" ennen `{set}`-ilmausta"), format!(" before `{set}`"))
    });
    match reason {
        Reason::Found { found, needed } if *needed <= 1 => {
            lang.pick(format!("löytyi{before}"), format!("found{before}"))
        }
        Reason::Found { found, needed } => lang.pick(
            format!("{found} osumaa{before} (vaaditaan {needed})"),
            format!("{found} found{before} ({needed} needed)"),
        ),
        Reason::TooFew { found: 0, .. } => {
            lang.pick(format!("ei löytynyt{before}"), format!("not found{before}"))
        }
        Reason::TooFew { found, needed } => lang.pick(
            format!("vain {found}/{needed}{before}"),
            format!("only {found} of {needed}{before}"),
        ),
        Reason::NoneFound => {
            lang.pick("ei kiellettyjä ilmauksia".into(), "no forbidden phrase".into())
        }
        Reason::Forbidden { found } => lang.pick(
            format!("kielletty ilmaus {found} kertaa"),
            format!("forbidden phrase {found} time{}", if *found == 1 { "" } else { "s" }),
        ),
        Reason::ConditionNotMet => {
            lang.pick("ei koske tätä asiakasta".into(), "does not apply to this customer".into())
        }
        Reason::MissingProfileField { field } => lang.pick(
            format!("profiilista puuttuu `{field}` (anna --profile {field}=...)"),
            format!("the profile lacks `{field}` (give --profile {field}=...)"),
        ),
        Reason::NoTimes => lang.pick(
            "litteroinnissa ei ole aikoja, joita sekuntiraja tarvitsee".into(),
            "the transcript has no times for a window in seconds".into(),
        ),
        Reason::NoSpeaker { who } => lang.pick(
            format!("yksikään vuoro ei ole roolin `{who}` (nimeä puhujat: --speaker NIMI={who})"),
            format!("no turn is the {who}'s (name the speakers: --speaker NAME={who})"),
        ),
    }
}

fn miss_text(miss: &Miss, hit: &Hit, lang: Lang) -> String {
    match miss {
        Miss::WrongSpeaker => {
            lang.pick(format!("sanoja: {}", hit.speaker), format!("said by {}", hit.speaker))
        }
        Miss::OutsideWindow => {
            lang.pick("ikkunan ulkopuolella".into(), "outside the window".into())
        }
        Miss::Negated { word } => {
            lang.pick(format!("kielteinen: ”{word}”"), format!("negated by “{word}”"))
        }
        Miss::NotNear { set, words } => lang.pick(
            format!("ei `{set}`-ilmausta {words} sanan päässä"),
            format!("no `{set}` phrase within {words} words"),
        ),
        Miss::AfterBefore { set, turn } => lang.pick(
            format!("vasta `{set}`-ilmauksen jälkeen (vuoro {})", turn + 1),
            format!("after the first `{set}` phrase (turn {})", turn + 1),
        ),
        Miss::NotAQuestion => lang.pick("ei kysymyksessä".into(), "not in a question".into()),
        Miss::OtherLanguage { customer } => lang.pick(
            format!("ei asiakkaan kielellä ({customer})"),
            format!("not in the customer's language ({customer})"),
        ),
    }
}

/// `turn 3 (00:00:12) agent: …before «match» after…`
fn evidence_line(hit: &Hit, transcript: &Transcript, lang: Lang) -> String {
    let text = &transcript.turns[hit.turn].text;
    let time = hit.start.map_or(String::new(), |start| format!(" ({})", short_time(start)));
    format!(
        "{} {}{time} {}: {}",
        lang.pick("vuoro", "turn"),
        hit.turn + 1,
        hit.speaker,
        snippet(text, hit.span.clone())
    )
}

fn short_time(millis: tarkka_transcript::Millis) -> String {
    let full = millis.to_string();
    full[..full.len() - 4].to_string()
}

/// Up to about 40 characters either side of the match, on one line, the
/// match marked.
fn snippet(text: &str, span: std::ops::Range<usize>) -> String {
    const CONTEXT: usize = 40;
    let flat = |part: &str| part.replace(['\n', '\r', '\t'], " ");
    let before = &text[..span.start];
    let after = &text[span.end..];
    let before_start = before.char_indices().rev().nth(CONTEXT - 1).map_or(0, |(at, _)| at);
    let after_end = after.char_indices().nth(CONTEXT).map_or(after.len(), |(at, _)| at);
    let matched = flat(&text[span]);
    let marked = if crate::output::colour_enabled() {
        paint(&matched, anstyle::Style::new().bold().underline())
    } else {
        format!("«{matched}»")
    };
    format!(
        "{}{}{marked}{}{}",
        if before_start > 0 { "…" } else { "" },
        flat(&before[before_start..]),
        flat(&after[..after_end]),
        if after_end < after.len() { "…" } else { "" }
    )
}

fn counts(outcomes: &[Checked]) -> [usize; 4] {
    let mut counts = [0; 4];
    for outcome in outcomes {
        counts[match outcome.verdict {
            Verdict::Pass => 0,
            Verdict::Fail => 1,
            Verdict::NotApplicable => 2,
            Verdict::Undetermined => 3,
        }] += 1;
    }
    counts
}

pub fn counts_text(counts: [usize; 4], lang: Lang) -> String {
    let [pass, fail, na, unknown] = counts;
    let mut parts = vec![
        lang.pick(format!("{pass} läpi"), format!("{pass} pass")),
        lang.pick(format!("{fail} hylätty"), format!("{fail} fail")),
    ];
    if na > 0 {
        parts.push(lang.pick(format!("{na} ei koske"), format!("{na} n/a")));
    }
    if unknown > 0 {
        parts.push(lang.pick(format!("{unknown} ei ratkea"), format!("{unknown} unknown")));
    }
    parts.join(", ")
}

fn text(rubric: &Rubric, reports: &[Report], has_start: bool, lang: Lang) -> String {
    let width =
        rubric.criteria.iter().map(|criterion| criterion.id.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for report in reports {
        let counts = counts(&report.outcomes);
        let _ = writeln!(out, "{} — {}: {}", report.file, rubric.id, counts_text(counts, lang));
        for outcome in &report.outcomes {
            let check = rubric_check(rubric, &outcome.criterion);
            let _ = writeln!(
                out,
                "  {} {:<width$}  {}",
                verdict_word(outcome.verdict, lang),
                outcome.criterion,
                reason_text(&outcome.reason, check, lang)
            );
            let pad = " ".repeat(width + 14);
            if let Some(hit) = outcome.hits.first() {
                let more = match outcome.hits.len() {
                    1 => String::new(),
                    n => lang.pick(format!(" (+{} muuta)", n - 1), format!(" (+{} more)", n - 1)),
                };
                let _ =
                    writeln!(out, "{pad}{}{more}", evidence_line(hit, &report.transcript, lang));
            } else if outcome.verdict == Verdict::Fail
                && let Some(NearMiss { hit, reason }) = outcome.near_misses.first()
            {
                let _ = writeln!(
                    out,
                    "{pad}{}: {} — {}",
                    lang.pick("läheltä piti", "near miss"),
                    evidence_line(hit, &report.transcript, lang),
                    miss_text(reason, hit, lang)
                );
            }
            for promise in &outcome.promises {
                let due = match (&promise.deadline, promise.time.is_some()) {
                    (Some(deadline), _) => deadline.at.clone(),
                    (None, true) if !has_start => lang
                        .pick(
                            "anna puhelun alkuaika (--start), niin määräaika lasketaan",
                            "give the call's start (--start) to resolve the deadline",
                        )
                        .to_string(),
                    (None, _) => {
                        lang.pick("ei luettavaa määräaikaa", "no readable deadline").to_string()
                    }
                };
                let _ =
                    writeln!(out, "{pad}{}: {due}", lang.pick("lupaus, määräaika", "promise, due"));
            }
        }
        out.push('\n');
    }
    out
}

fn rubric_check<'r>(rubric: &'r Rubric, id: &str) -> &'r Check {
    rubric
        .criterion(id)
        .and_then(|criterion| criterion.check.as_ref())
        .expect("outcomes are of checked criteria")
}

/// The rule in words: who, where, what, how often, in which order.
fn rule_text(check: &Check, lang: Lang) -> String {
    let who = match check.who {
        Who::Agent => lang.pick("myyjä/asiakaspalvelija", "the agent"),
        Who::Customer => lang.pick("asiakas", "the customer"),
        Who::Either => lang.pick("kuka tahansa", "anyone"),
    };
    let window = match check.within {
        Window::Anywhere => lang.pick("koko keskustelu".into(), "the whole conversation".into()),
        Window::FirstTurns(n) => {
            lang.pick(format!("ensimmäiset {n} vuoroa"), format!("the first {n} turns"))
        }
        Window::FirstSeconds(n) => {
            lang.pick(format!("ensimmäiset {n} s"), format!("the first {n} s"))
        }
        Window::LastTurns(n) => {
            lang.pick(format!("viimeiset {n} vuoroa"), format!("the last {n} turns"))
        }
        Window::LastSeconds(n) => lang.pick(format!("viimeiset {n} s"), format!("the last {n} s")),
    };
    let mut what: Vec<String> = check.sets.iter().map(|set| format!("`{set}`")).collect();
    for (language, phrases) in &check.phrases {
        let listed: Vec<String> = phrases.iter().map(|p| format!("\"{}\"", p.text)).collect();
        what.push(format!("{language}: {}", listed.join(", ")));
    }
    what.extend(check.regex.iter().map(|pattern| format!("/{}/", pattern.source)));
    let mut parts = vec![
        format!("{}: {who}", lang.pick("kuka", "who")),
        format!("{}: {window}", lang.pick("missä", "where")),
        format!(
            "{}: {}",
            if check.absent {
                lang.pick("ei saa sanoa", "must not say")
            } else {
                lang.pick("etsii", "looks for")
            },
            what.join("; ")
        ),
    ];
    if check.min_count > 1 {
        parts.push(lang.pick(
            format!("vähintään {} kertaa", check.min_count),
            format!("at least {} times", check.min_count),
        ));
    }
    if let Some(set) = &check.before {
        parts.push(lang.pick(
            format!("ennen ensimmäistä `{set}`-ilmausta"),
            format!("before the first `{set}` phrase"),
        ));
    }
    if let Some(near) = &check.near {
        parts.push(lang.pick(
            format!("`{}`-ilmaus enintään {} sanan päässä", near.set, near.words),
            format!("a `{}` phrase within {} words", near.set, near.words),
        ));
    }
    if check.question {
        parts.push(
            lang.pick("vain kysymyksissä (?), kukin kerran", "only in questions (?), each once")
                .to_string(),
        );
    }
    if check.customer_language {
        parts.push(
            lang.pick("vain asiakkaan kielellä", "only in the customer's language").to_string(),
        );
    }
    parts.join("\n    ")
}

fn explain_header(rubric: &Rubric, id: &str, lang: Lang) -> String {
    let check = rubric_check(rubric, id);
    let criterion = rubric.criterion(id).expect("checked above");
    format!(
        "{id}: {}\n  {}:\n    {}\n",
        criterion.text.get(lang),
        lang.pick("Sääntö", "Rule"),
        rule_text(check, lang)
    )
}

fn explain_text(rubric: &Rubric, reports: &[Report], id: &str, lang: Lang) -> String {
    let check = rubric_check(rubric, id);
    let mut out = String::new();
    for report in reports {
        let Some(outcome) = report.outcomes.iter().find(|outcome| outcome.criterion == id) else {
            continue;
        };
        let _ = writeln!(
            out,
            "\n{} — {} {}",
            report.file,
            verdict_word(outcome.verdict, lang).trim_end(),
            reason_text(&outcome.reason, check, lang)
        );
        if !outcome.hits.is_empty() {
            let _ = writeln!(
                out,
                "  {}:",
                if check.absent {
                    lang.pick("Kielletyt ilmaukset", "Forbidden words")
                } else {
                    lang.pick("Osumat", "Matches")
                }
            );
            for hit in &outcome.hits {
                let _ = writeln!(
                    out,
                    "    {}   [{}]",
                    evidence_line(hit, &report.transcript, lang),
                    phrase_source(hit)
                );
            }
        }
        if !outcome.near_misses.is_empty() {
            let _ = writeln!(
                out,
                "  {}:",
                lang.pick("Läheltä piti (ei laskettu)", "Near misses (not counted)")
            );
            for NearMiss { hit, reason } in &outcome.near_misses {
                let _ = writeln!(
                    out,
                    "    {} — {}   [{}]",
                    evidence_line(hit, &report.transcript, lang),
                    miss_text(reason, hit, lang),
                    phrase_source(hit)
                );
            }
        }
        if outcome.hits.is_empty()
            && outcome.near_misses.is_empty()
            && matches!(outcome.verdict, Verdict::Pass | Verdict::Fail)
        {
            let _ = writeln!(
                out,
                "  {}",
                lang.pick(
                    "Yksikään ilmaus ei esiinny litteroinnissa.",
                    "None of the phrases occurs in the transcript."
                )
            );
        }
        for promise in &outcome.promises {
            let due = promise.deadline.as_ref().map_or("-", |deadline| deadline.at.as_str());
            let _ = writeln!(
                out,
                "  {}: «{}» + «{}» → {due}",
                lang.pick("Lupaus", "Promise"),
                promise.hit.matched,
                promise.time.as_deref().unwrap_or("")
            );
        }
    }
    out
}

/// Which phrase matched: `set offer, fi "tarjo*"`.
fn phrase_source(hit: &Hit) -> String {
    let mut source = String::new();
    if let Some(set) = &hit.set {
        let _ = write!(source, "{set}, ");
    }
    match &hit.language {
        Some(language) => {
            let _ = write!(source, "{language} \"{}\"", hit.phrase);
        }
        None => {
            let _ = write!(source, "/{}/", hit.phrase);
        }
    }
    source
}

// --- Machines -----------------------------------------------------------------

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    sha256: String,
    format: &'static str,
    rubric: &'a str,
    rules_fingerprint: String,
    warnings: Vec<String>,
    outcomes: Vec<&'a Checked>,
}

fn json(rubric: &Rubric, report: &Report, explain: Option<&str>) -> anyhow::Result<String> {
    let out = JsonReport {
        file: &report.file,
        sha256: report.sha256.to_hex(),
        format: report.format.name(),
        rubric: &rubric.id,
        rules_fingerprint: rubric.rules_fingerprint().map(ToString::to_string).unwrap_or_default(),
        warnings: report.warnings.iter().map(ToString::to_string).collect(),
        outcomes: report
            .outcomes
            .iter()
            .filter(|outcome| explain.is_none_or(|id| outcome.criterion == id))
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&out)?)
}

/// The CSV header alone (`header`), or the rows of the reports.
fn csv(
    reports: &[Report],
    explain: Option<&str>,
    header: bool,
    lang: Lang,
) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    if header {
        writer.write_record([
            "file",
            "sha256",
            "criterion",
            "verdict",
            "kind",
            "turn",
            "line",
            "time",
            "speaker",
            "matched",
            "phrase",
            "set",
            "miss",
        ])?;
    }
    for report in reports {
        csv_rows(&mut writer, report, explain, lang)?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// One row per hit (per criterion when nothing was found), and with
/// `--explain` one per near miss.
fn csv_rows(
    writer: &mut csv::Writer<Vec<u8>>,
    report: &Report,
    explain: Option<&str>,
    lang: Lang,
) -> anyhow::Result<()> {
    let sha = report.sha256.to_hex();
    for outcome in report.outcomes.iter().filter(|o| explain.is_none_or(|id| o.criterion == id)) {
        let row = |kind: &str, hit: Option<&Hit>, miss: String| -> Vec<String> {
            let mut row = vec![
                report.file.clone(),
                sha.clone(),
                outcome.criterion.clone(),
                outcome.verdict.name().to_string(),
                kind.to_string(),
            ];
            match hit {
                Some(hit) => row.extend([
                    (hit.turn + 1).to_string(),
                    hit.line.to_string(),
                    hit.start.map_or(String::new(), |start| start.to_string()),
                    hit.speaker.to_string(),
                    hit.matched.clone(),
                    hit.phrase.clone(),
                    hit.set.clone().unwrap_or_default(),
                ]),
                None => row.extend(std::iter::repeat_n(String::new(), 7)),
            }
            row.push(miss);
            row
        };
        if outcome.hits.is_empty() {
            writer.write_record(row("", None, String::new()))?;
        }
        for hit in &outcome.hits {
            writer.write_record(row("hit", Some(hit), String::new()))?;
        }
        if explain.is_some() {
            for NearMiss { hit, reason } in &outcome.near_misses {
                writer.write_record(row("near-miss", Some(hit), miss_text(reason, hit, lang)))?;
            }
        }
    }
    Ok(())
}

// --- Recording ------------------------------------------------------------------

/// One encounter's transcript about to be judged and recorded.
struct Target {
    encounter: String,
    /// What the ledger will say about the transcript: already attached, or
    /// attached by this run.
    evidence: Digest,
    attach: Option<(EvidenceAttached, crate::evidence_cmd::Prepared)>,
    bytes: Vec<u8>,
    name: String,
}

fn record(args: &CheckRunArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let recorded = record_checks(args, context)?;
    if recorded.is_empty() {
        print(&format!(
            "{}\n",
            lang.pick(
                "Ei tarkistettavaa: jokainen litterointi on jo tarkistettu nykyisillä säännöillä.",
                "Nothing to check: every transcript has been checked with the current rules."
            )
        ))?;
        return Ok(Outcome::Success);
    }
    let mut out = String::new();
    for (encounter, name, counts) in &recorded {
        let _ = writeln!(out, "{encounter}: {name} — {}", counts_text(*counts, lang));
    }
    let _ = writeln!(
        out,
        "{} {}",
        lang.pick("Automaattisia pisteytyksiä kirjattu:", "Automatic scoresheets recorded:"),
        recorded.len()
    );
    print(&out)?;
    Ok(Outcome::Success)
}

/// Judges the transcripts `args` names (or every one not yet checked) and
/// records an automatic scoresheet for each, all or nothing. Returns the
/// encounter, the transcript's name and the verdict counts of each.
pub fn record_checks(
    args: &CheckRunArgs,
    context: &Context,
) -> anyhow::Result<Vec<(String, String, [usize; 4])>> {
    let Writer { workspace, actor, now, signer } = context.writer()?;
    if args.explain.is_some()
        || args.format != ListFormat::Text
        || !args.profile.is_empty()
        || args.start.is_some()
    {
        anyhow::bail!(
            "--record takes the profile and start time from each encounter; \
             --explain, --format, --profile and --start are for checking files without recording"
        );
    }
    let state = LedgerState::replay(&workspace.ledger())?;
    let speakers = speaker_map(&args.speaker)?;
    let override_rubric =
        args.rubric.as_ref().map(|path| crate::rubric_cmd::load(path)).transpose()?;

    // Which transcripts.
    let mut targets = Vec::new();
    match (&args.encounter, args.paths.as_slice()) {
        (Some(id), [file]) => {
            let encounter = known(&state, id)?;
            let bytes = read_file(file).map_err(anyhow::Error::msg)?;
            let original = Digest::of(&bytes);
            let name = file.display().to_string();
            let (stored_bytes, original_sha256) = if args.redact {
                let text = String::from_utf8(bytes.clone()).map_err(|_| {
                    anyhow::anyhow!("{name}: --redact reads UTF-8 text, and this file is not UTF-8")
                })?;
                let redacted = tarkka_transcript::redact::redact(&text);
                (redacted.text.into_bytes(), Some(original))
            } else {
                (bytes, None)
            };
            let digest = Digest::of(&stored_bytes);
            if let Some(existing) = encounter.evidence.iter().find(|e| e.payload.sha256 == digest) {
                targets.push(Target {
                    encounter: id.clone(),
                    evidence: existing.payload.sha256,
                    attach: None,
                    bytes: stored_bytes,
                    name,
                });
            } else {
                let prepared = prepare_copy(&workspace, file, &stored_bytes, args.redact)?;
                let mut attached = prepared.attached(id, "transcript");
                attached.original_sha256 = original_sha256;
                targets.push(Target {
                    encounter: id.clone(),
                    evidence: digest,
                    attach: Some((attached, prepared)),
                    bytes: stored_bytes,
                    name,
                });
            }
        }
        (Some(_), files) => {
            anyhow::bail!("--encounter takes exactly one transcript file, not {}", files.len())
        }
        (None, []) => {
            for encounter in state.encounters.values() {
                let Some(transcript) =
                    encounter.evidence.iter().rev().find(|e| e.payload.kind == "transcript")
                else {
                    continue;
                };
                let rubric = rubric_for(&state, encounter, override_rubric.as_ref())?;
                let Some(rules) = rubric.rules_fingerprint().map(ToString::to_string) else {
                    continue;
                };
                let done = encounter.scoresheets.iter().any(|sheet| {
                    sheet.payload.source == Source::Automatic
                        && sheet.payload.rules_fingerprint.as_deref() == Some(rules.as_str())
                        && sheet.payload.evidence.contains(&transcript.payload.sha256)
                });
                if done {
                    continue;
                }
                let bytes = evidence_bytes(&workspace, &transcript.payload)?;
                targets.push(Target {
                    encounter: encounter.logged.payload.encounter.clone(),
                    evidence: transcript.payload.sha256,
                    attach: None,
                    bytes,
                    name: transcript.payload.name.clone(),
                });
            }
            if targets.is_empty() {
                return Ok(Vec::new());
            }
        }
        (None, files) => {
            for file in files {
                let bytes = read_file(file).map_err(anyhow::Error::msg)?;
                let digest = Digest::of(&bytes);
                let owner = state.encounters.values().find(|encounter| {
                    encounter.evidence.iter().any(|e| {
                        e.payload.sha256 == digest || e.payload.original_sha256 == Some(digest)
                    })
                });
                let Some(owner) = owner else {
                    anyhow::bail!(
                        "{}: not attached to any encounter (SHA-256 {digest}); give --encounter ID to attach it",
                        file.display()
                    );
                };
                let attached = owner
                    .evidence
                    .iter()
                    .find(|e| {
                        e.payload.sha256 == digest || e.payload.original_sha256 == Some(digest)
                    })
                    .expect("found above");
                // A redacted copy is what was stored; check that.
                let bytes = if attached.payload.sha256 == digest {
                    bytes
                } else {
                    evidence_bytes(&workspace, &attached.payload)?
                };
                targets.push(Target {
                    encounter: owner.logged.payload.encounter.clone(),
                    evidence: attached.payload.sha256,
                    attach: None,
                    bytes,
                    name: file.display().to_string(),
                });
            }
        }
    }

    // Judge them all before anything is written.
    let result = judge_targets(&state, &targets, override_rubric.as_ref(), &speakers);
    let sheets = match result {
        Ok(sheets) => sheets,
        Err(error) => {
            crate::evidence_cmd::take_back(
                &workspace,
                targets.iter().filter_map(|t| t.attach.as_ref().map(|(_, p)| p)),
            );
            return Err(error);
        }
    };
    let mut entries_of = Vec::new();
    for (target, (sheet, _)) in targets.iter().zip(&sheets) {
        if let Some((attached, _)) = &target.attach {
            entries_of.push(NewEntry::new(now, &actor, attached));
        }
        entries_of.push(NewEntry::new(now, &actor, sheet));
    }
    let ids: Vec<String> = targets.iter().map(|t| t.encounter.clone()).collect();
    let appended = workspace.ledger().append_with(
        |_, locked| {
            let state = LedgerState::replay_locked_without_scores(locked)?;
            if let Some(missing) = ids.iter().find(|id| !state.encounters.contains_key(*id)) {
                return Err(LedgerError::Refused(format!(
                    "no encounter `{missing}` in the ledger"
                )));
            }
            Ok(entries_of.clone())
        },
        signer.as_ref(),
    );
    if let Err(error) = appended {
        crate::evidence_cmd::take_back(
            &workspace,
            targets.iter().filter_map(|t| t.attach.as_ref().map(|(_, p)| p)),
        );
        return Err(error.into());
    }
    Ok(targets
        .iter()
        .zip(&sheets)
        .map(|(target, (_, counts))| (target.encounter.clone(), target.name.clone(), *counts))
        .collect())
}

fn known<'s>(state: &'s LedgerState, id: &str) -> anyhow::Result<&'s EncounterState> {
    state.encounters.get(id).with_context(|| {
        format!("no encounter `{id}` in the ledger; log it first with `tarkka encounter log`")
    })
}

/// Stores a transcript's (possibly redacted) bytes in the evidence store.
fn prepare_copy(
    workspace: &tarkka_ledger::Workspace,
    file: &Path,
    bytes: &[u8],
    redacted: bool,
) -> anyhow::Result<crate::evidence_cmd::Prepared> {
    if !redacted {
        return crate::evidence_cmd::prepare(
            workspace,
            file,
            false,
            &indicatif::ProgressBar::hidden(),
        );
    }
    // The redacted text goes through a file of its own next to the store,
    // named like the original so that its media type is the same.
    let name = file.file_name().context("the transcript has no file name")?;
    let staging = workspace.incoming_dir().join(format!("redacted-{}", std::process::id()));
    std::fs::create_dir_all(&staging)?;
    let copy = staging.join(name);
    std::fs::write(&copy, bytes).with_context(|| format!("cannot write {}", copy.display()))?;
    let prepared =
        crate::evidence_cmd::prepare(workspace, &copy, false, &indicatif::ProgressBar::hidden());
    let _ = std::fs::remove_file(&copy);
    let _ = std::fs::remove_dir(&staging);
    prepared
}

/// A stored transcript's bytes, hashed before they are trusted.
fn evidence_bytes(
    workspace: &tarkka_ledger::Workspace,
    evidence: &EvidenceAttached,
) -> anyhow::Result<Vec<u8>> {
    let path = workspace.resolve(&evidence.location).map_err(anyhow::Error::msg)?;
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "cannot read the transcript of `{}` at {}; run `tarkka verify`",
            evidence.encounter,
            path.display()
        )
    })?;
    if Digest::of(&bytes) != evidence.sha256 {
        anyhow::bail!(
            "the transcript of `{}` at {} no longer matches its SHA-256 in the ledger; run `tarkka verify`",
            evidence.encounter,
            path.display()
        );
    }
    Ok(bytes)
}

/// The rubric an encounter is checked with: `--rubric` if given (it must
/// score the same as the encounter's), else the encounter's registered one.
fn rubric_for(
    state: &LedgerState,
    encounter: &EncounterState,
    override_rubric: Option<&(Rubric, String)>,
) -> anyhow::Result<Rubric> {
    let logged = &encounter.logged.payload;
    match override_rubric {
        Some((rubric, _)) if rubric.id == logged.rubric => {
            if rubric.fingerprint().to_string() != logged.fingerprint {
                anyhow::bail!(
                    "--rubric `{}` scores differently from the version `{}` was logged with \
                     (fingerprint {} ≠ {}); only its checks and phrases may differ",
                    rubric.id,
                    logged.encounter,
                    rubric.fingerprint(),
                    logged.fingerprint
                );
            }
            Ok(rubric.clone())
        }
        _ => crate::encounter_cmd::encounter_rubric(state, encounter),
    }
}

/// Judges every target and builds its scoresheet, or says what is wrong
/// with the first that cannot be.
fn judge_targets(
    state: &LedgerState,
    targets: &[Target],
    override_rubric: Option<&(Rubric, String)>,
    speakers: &SpeakerMap,
) -> anyhow::Result<Vec<(ScoresheetRecorded, [usize; 4])>> {
    let mut sheets = Vec::new();
    for target in targets {
        let encounter = known(state, &target.encounter)?;
        let logged = &encounter.logged.payload;
        let rubric = rubric_for(state, encounter, override_rubric)?;
        let checker = Checker::new(&rubric);
        if checker.is_empty() {
            anyhow::bail!(
                "`{}` is scored with rubric `{}`, which has no automatic checks; give a version \
                 with checks with --rubric FILE",
                target.encounter,
                rubric.id
            );
        }
        let profile = crate::encounter_cmd::profile_of(logged)?;
        let start = tarkka_check::zoned(&logged.time);
        let format = read::detect(&target.name, &target.bytes);
        let (transcript, _) = read::read(format, &target.bytes, speakers)
            .map_err(|error| anyhow::anyhow!("{} (`{}`):{error}", target.name, target.encounter))?;
        let outcomes = checker.check(&transcript, &Encounter { profile: profile.clone(), start });
        let answers = answers_of(&outcomes);
        let result =
            tarkka_scoring::score_partial(&rubric, &profile, &answers).map_err(|error| {
                anyhow::anyhow!("cannot score `{}` automatically: {error}", target.encounter)
            })?;
        let promises = outcomes
            .iter()
            .flat_map(|outcome| {
                outcome.promises.iter().map(|promise| PromiseFound {
                    criterion: outcome.criterion.clone(),
                    turn: promise.hit.turn,
                    words: promise.hit.matched.clone(),
                    time: promise.time.clone(),
                    deadline: promise.deadline.as_ref().map(|deadline| deadline.at.clone()),
                })
            })
            .collect();
        let sheet = ScoresheetRecorded {
            encounter: target.encounter.clone(),
            source: Source::Automatic,
            auditor: AUTOMATIC_AUDITOR.to_string(),
            rubric: rubric.id.clone(),
            fingerprint: rubric.fingerprint().to_string(),
            answers: serde_json::value::to_raw_value(&answers)?,
            evidence: vec![target.evidence],
            required_evidence: Vec::new(),
            missing_evidence_reason: None,
            result: serde_json::value::to_raw_value(&result)?,
            rules_fingerprint: rubric.rules_fingerprint().map(ToString::to_string),
            promises,
        };
        sheets.push((sheet, counts(&outcomes)));
    }
    Ok(sheets)
}

/// Pass is yes and fail is no, each with the words behind it; a criterion
/// that does not apply or cannot be judged is left unanswered.
pub fn answers_of(outcomes: &[Checked]) -> Answers {
    let mut answers = Answers::new();
    for outcome in outcomes {
        let value = match outcome.verdict {
            Verdict::Pass => AnswerValue::Yes,
            Verdict::Fail => AnswerValue::No,
            Verdict::NotApplicable | Verdict::Undetermined => continue,
        };
        let comment = match (outcome.hits.first(), outcome.near_misses.first()) {
            (Some(hit), _) => format!("automatic: turn {} “{}”", hit.turn + 1, hit.matched),
            (None, Some(miss)) => format!(
                "automatic: not found; near miss turn {} “{}”",
                miss.hit.turn + 1,
                miss.hit.matched
            ),
            (None, None) => "automatic: not found".to_string(),
        };
        answers.insert(outcome.criterion.clone(), Answer::new(value).with_comment(comment));
    }
    answers
}
