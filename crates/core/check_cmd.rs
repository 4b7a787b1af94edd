//! `tarkka check`: transcripts against a rubric's automatic rules, and with
//! `--record` automatic scoresheets in the ledger. The reading, judging and
//! recording are the library's (`tarkka_app::check`); this is how the
//! verdicts read, for people and machines.

use std::fmt::Write as _;
use std::io::IsTerminal;

use anyhow::Context as _;
use tarkka_app::check::{Judged, judge, read_file};
use tarkka_check::{Encounter, Hit, Miss, NearMiss, Outcome as Checked, Reason, Verdict};
use tarkka_rubric::rules::{Check, ModelUnit, Who, Window};
use tarkka_rubric::{Lang, Rubric};
use tarkka_transcript::Transcript;

use crate::Outcome;
use crate::args::{CheckCommand, CheckRunArgs, ListFormat, TuneArgs, TuneFormat};
use crate::context::Context;
use crate::output::{BAD, GOOD, NOTE, paint, print, table};

/// How many transcripts are judged before their results are printed.
const CHUNK: usize = 256;

pub fn check(args: &CheckRunArgs, context: &Context) -> anyhow::Result<Outcome> {
    if let Some(CheckCommand::Tune(tune_args)) = &args.command {
        return tune(tune_args, context);
    }
    if args.record {
        return record(args, context);
    }
    let lang = context.lang();
    let path = args
        .rubric
        .as_ref()
        .with_context(|| crate::output::tr(lang, &tarkka_i18n::msg!("cli-check-no-rubric")))?;
    let (rubric, _) = tarkka_app::rubrics::load(path)?;
    let checker = tarkka_app::check::checker_for(&rubric, path)?;
    if let Some(id) = &args.explain {
        tarkka_app::check::explained(&rubric, id)?;
    }
    let encounter = Encounter {
        profile: tarkka_app::check::profile_args(&args.profile, &rubric)?,
        start: tarkka_app::check::start_arg(args.start.as_deref())?,
    };
    let speakers = tarkka_app::check::speaker_map(&args.speaker)?;
    let files = tarkka_app::check::transcript_files(&args.paths)?;
    let bar = progress(files.len(), lang);
    let explain = args.explain.as_deref();
    let has_start = encounter.start.is_some();
    // Rendered on the workers, printed in order, a chunk at a time: memory
    // stays flat however many transcripts there are.
    let render = |report: &Judged| -> anyhow::Result<String> {
        let one = std::slice::from_ref(report);
        Ok(match args.format {
            ListFormat::Text => match explain {
                Some(id) => explain_text(&rubric, path, one, id, has_start, lang),
                None => text(&rubric, one, has_start, lang),
            },
            ListFormat::Json => json(&rubric, report, explain)?,
            ListFormat::Csv => {
                crate::output::csv_for(csv(one, explain, false, lang)?, args.excel, &[], false)?
            }
        })
    };
    match (args.format, explain) {
        (ListFormat::Text, Some(id)) => print(&explain_header(&rubric, id, lang))?,
        (ListFormat::Json, _) => print("[\n")?,
        (ListFormat::Csv, _) => {
            print(&crate::output::csv_for(csv(&[], explain, true, lang)?, args.excel, &[], true)?)?
        }
        (ListFormat::Text, None) => {}
    }
    let mut failed = 0;
    let mut total = [0; 4];
    // With --explain the exit status is the explained criterion's.
    let counted = |outcomes: &[Checked]| match explain {
        Some(id) => tarkka_app::check::counts(
            &outcomes.iter().filter(|o| o.criterion == id).cloned().collect::<Vec<_>>(),
        ),
        None => tarkka_app::check::counts(outcomes),
    };
    let mut checked = 0;
    let code = lang.pick("fi", "en");
    let warning_prefix = crate::output::tr(lang, &tarkka_i18n::msg!("cli-warning-prefix"));
    let error_prefix = crate::output::tr(lang, &tarkka_i18n::msg!("error-prefix"));
    for chunk in files.chunks(CHUNK) {
        let results = tarkka_app::parallel::map(chunk, |file| {
            let result = read_file(file)
                .and_then(|bytes| judge(&checker, file, &bytes, &speakers, &encounter))
                .map_err(|error| error.render(code))
                .and_then(|report| {
                    let rendered = render(&report).map_err(|error| format!("{error:#}"))?;
                    let warnings: Vec<String> = report
                        .warnings
                        .iter()
                        .map(|w| format!("{}:{}", report.file, w.render(code)))
                        .collect();
                    Ok((rendered, counted(&report.outcomes), warnings))
                });
            bar.inc(1);
            result
        });
        for result in results {
            match result {
                Ok((rendered, counts, warnings)) => {
                    for warning in warnings {
                        bar.suspend(|| eprintln!("tarkka: {warning_prefix}: {warning}"));
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
                    bar.suspend(|| eprintln!("tarkka: {error_prefix}: {message}"));
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
        anyhow::bail!(crate::output::tr(
            lang,
            &tarkka_i18n::msg!("cli-check-unreadable", count = failed)
        ));
    }
    // Like a test run: exit 1 when any checked criterion failed.
    Ok(if total[1] > 0 { Outcome::Negative } else { Outcome::Success })
}

fn progress(total: usize, lang: Lang) -> indicatif::ProgressBar {
    if total < 200 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    crate::progress::count_bar(total as u64, lang.pick("Tarkistetaan", "Checking"))
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

/// A word model's number (whole thousandths) as the language writes it:
/// `0.125`, `0,125`.
fn thousandths(value: i64, lang: Lang) -> String {
    crate::output::decimal(&tarkka_check::model::thousandths_text(value), lang)
}

pub(crate) fn reason_text(outcome: &Checked, check: &Check, lang: Lang) -> String {
    let reason = &outcome.reason;
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
        Reason::NotNeeded { .. } => lang.pick(
            "ei koske: sanat osoittavat, ettei tätä tarvittu (na_if)".into(),
            "n/a: the words show it was not called for (na_if)".into(),
        ),
        Reason::Undone { .. } => {
            // The keys that undid what was found, from the near misses
            // they left.
            let mut used: Vec<(&str, &str)> = outcome
                .near_misses
                .iter()
                .filter_map(|miss| match &miss.reason {
                    Miss::Undone { set } => Some(("undone_by", set.as_str())),
                    Miss::Unplaced { set } => Some(("undone_by_reply", set.as_str())),
                    _ => None,
                })
                .collect();
            used.sort_unstable();
            used.dedup();
            let sets: Vec<String> = used.iter().map(|(_, set)| format!("`{set}`")).collect();
            let keys = used.iter().map(|(key, _)| *key).collect::<Vec<_>>().join(", ");
            lang.pick(
                format!("löytyi, mutta {}-ilmaukset kumoavat sen ({keys})", sets.join("- tai ")),
                format!("found, but undone by {} words ({keys})", sets.join(" or ")),
            )
        }
        Reason::Model { score, threshold } => {
            let (score, threshold) = (thousandths(*score, lang), thousandths(*threshold, lang));
            lang.pick(
                format!(
                    "ei kiellettyä ilmausta, mutta sanamallin pisteet {score} > raja {threshold}"
                ),
                format!("no forbidden phrase, but the word model scores {score} > {threshold}"),
            )
        }
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

pub(crate) fn miss_text(miss: &Miss, hit: &Hit, lang: Lang) -> String {
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
        Miss::Asked => lang.pick("kysyttiin, ei todettu".into(), "asked, not stated".into()),
        Miss::OtherLanguage { customer } => lang.pick(
            format!("ei asiakkaan kielellä ({customer})"),
            format!("not in the customer's language ({customer})"),
        ),
        Miss::TooFew { needed } => lang.pick(
            format!("laskettiin, mutta osumia tarvitaan {needed}"),
            format!("counted, but {needed} are needed"),
        ),
        Miss::Qualified { set, words } => lang.pick(
            format!("`{set}`-ilmaus enintään {words} sanan päässä muuttaa sen merkityksen"),
            format!("a `{set}` phrase within {words} words changes what it means"),
        ),
        Miss::Undone { set } => lang.pick(
            format!("laskettiin, mutta saman puhujan myöhempi `{set}`-ilmaus kumoaa sen"),
            format!("counted, but the same speaker's later `{set}` words undo it"),
        ),
        Miss::Unplaced { set } => lang.pick(
            format!("laskettiin, mutta toisen osapuolen seuraava vuoro (`{set}`) kumoaa sen"),
            format!("counted, but the other party's next turn (`{set}` words) undoes it"),
        ),
    }
}

/// `turn 3 (00:00:12) agent: …before «match» after…`
pub(crate) fn evidence_line(hit: &Hit, transcript: &Transcript, lang: Lang) -> String {
    let text = &transcript.turns[hit.turn].text;
    let time = hit.start.map_or(String::new(), |start| format!(" ({})", short_time(start)));
    format!(
        "{} {}{time} {}: {}",
        lang.pick("vuoro", "turn"),
        hit.turn + 1,
        speaker_word(&hit.speaker, lang),
        snippet(text, hit.span.clone())
    )
}

/// Who spoke, as a person reads it: `agent` and `customer` in English,
/// `asiakaspalvelija` and `asiakas` in Finnish.
fn speaker_word(speaker: &impl std::fmt::Display, lang: Lang) -> String {
    let name = speaker.to_string();
    match name.as_str() {
        "agent" => lang.pick("asiakaspalvelija", "agent").to_string(),
        "customer" => lang.pick("asiakas", "customer").to_string(),
        _ => name,
    }
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
    // Whole words at both ends: "takaisin huomenna…", not "takaisin huo…"
    // (a word past twenty more letters is cut where it was). Letters are
    // counted, not bytes: `ä` is two.
    const WORD: usize = 20;
    let before_start = before[..before_start]
        .char_indices()
        .rev()
        .take(WORD)
        .find(|(_, c)| c.is_whitespace())
        .map_or(
            if before[..before_start].chars().count() <= WORD { 0 } else { before_start },
            |(at, c)| at + c.len_utf8(),
        );
    let after_end =
        after[after_end..].char_indices().take(WORD).find(|(_, c)| c.is_whitespace()).map_or(
            if after[after_end..].chars().count() <= WORD { after.len() } else { after_end },
            |(at, _)| after_end + at,
        );
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

fn text(rubric: &Rubric, reports: &[Judged], has_start: bool, lang: Lang) -> String {
    let width =
        rubric.criteria.iter().map(|criterion| criterion.id.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for report in reports {
        let counts = tarkka_app::check::counts(&report.outcomes);
        let _ = writeln!(out, "{} — {}: {}", report.file, rubric.id, counts_text(counts, lang));
        for outcome in &report.outcomes {
            let check = rubric_check(rubric, &outcome.criterion);
            let _ = writeln!(
                out,
                "  {} {:<width$}  {}",
                verdict_word(outcome.verdict, lang),
                outcome.criterion,
                reason_text(outcome, check, lang)
            );
            let pad = " ".repeat(width + 14);
            if let Some(hit) = outcome.hits.first() {
                let more = match outcome.hits.len() {
                    1 => String::new(),
                    2 => lang.pick(" (+1 muu)", " (+1 more)").to_string(),
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

pub(crate) fn rubric_check<'r>(rubric: &'r Rubric, id: &str) -> &'r Check {
    rubric
        .criterion(id)
        .and_then(|criterion| criterion.check.as_ref())
        .expect("outcomes are of checked criteria")
}

/// Whose words a check reads, in words.
fn who_words(who: Who, lang: Lang) -> &'static str {
    match who {
        Who::Agent => lang.pick("myyjä/asiakaspalvelija", "the agent"),
        Who::Customer => lang.pick("asiakas", "the customer"),
        Who::Either => lang.pick("kuka tahansa", "anyone"),
    }
}

/// The rule in words: who, where, what, how often, in which order.
fn rule_text(rubric: &Rubric, check: &Check, lang: Lang) -> String {
    let who = who_words(check.who, lang);
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
    if let Some(near) = &check.unless_near {
        parts.push(lang.pick(
            format!("ei laske, jos `{}`-ilmaus on enintään {} sanan päässä", near.set, near.words),
            format!("not counted with a phrase of `{}` within {} words", near.set, near.words),
        ));
    }
    if !check.undone_by.is_empty() {
        let sets: Vec<String> = check.undone_by.iter().map(|set| format!("`{set}`")).collect();
        let sets = sets.join(", ");
        parts.push(lang.pick(
            format!("saman puhujan myöhempi {sets}-ilmaus kumoaa osuman"),
            format!("a match is undone by the same speaker's later {sets} words"),
        ));
    }
    if let Some(set) = &check.undone_by_reply {
        parts.push(lang.pick(
            format!("osuman kumoaa toisen osapuolen seuraavan vuoron `{set}`-ilmaus"),
            format!("a match is undone by `{set}` words in the other party's next turn"),
        ));
    }
    if let Some(set) = &check.unless_then {
        parts.push(lang.pick(
            format!(
                "paitsi jos puhuja sanoo `{set}`-ilmauksen samalla vuorolla tai seuraavalla vuorollaan"
            ),
            format!("unless the speaker says `{set}` words with it or in their own next turn"),
        ));
    }
    // A set read with another ("`hedged-fault` only with `fault` …").
    // Last, so that the check's own qualifications above are not read as
    // the set's; each set once.
    let read: std::collections::BTreeSet<&String> =
        check.sets.iter().chain(&check.undone_by).collect();
    for set in read.into_iter().filter_map(|set| rubric.phrases.get(set)) {
        let with = set.near.iter().map(|near| (near, lang.pick("vain, kun", "only with")));
        let without = set
            .unless_near
            .iter()
            .map(|near| (near, lang.pick("ei laske, jos", "not counted with")));
        for (near, lead) in with.chain(without) {
            let after = if near.after { lang.pick(" perässä", " after it") } else { "" };
            let (name, other, words) = (&set.name, &near.set, near.words);
            parts.push(lang.pick(
                format!("`{name}` {lead} `{other}`-ilmaus on enintään {words} sanan päässä{after}"),
                format!("`{name}` {lead} a phrase of `{other}` within {words} words{after}"),
            ));
        }
        if set.negated {
            let name = &set.name;
            parts.push(lang.pick(
                format!("`{name}` laskee kielteisenäkin (”ei … kannata”)"),
                format!("`{name}` counts negated too (“don't … bother”)"),
            ));
        }
    }
    if let Some(model) = &check.model {
        let threshold = thousandths(model.threshold, lang);
        let count = model.weights.len();
        let reads = match model.unit {
            ModelUnit::Turn => lang.pick(
                format!(
                    "vuoromalli ({count} painotettua sanaa tai sanaparia) pisteyttää jokaisen vuoron erikseen ja hylkää, jos jokin vuoro saa yli {threshold}"
                ),
                format!(
                    "a turn model ({count} weighed words and word pairs) scores each turn on its own and fails the call if one scores above {threshold}"
                ),
            ),
            ModelUnit::Call => lang.pick(
                format!(
                    "sanamalli ({count} painotettua sanaa tai sanaparia), hylkää pisteillä yli {threshold}"
                ),
                format!(
                    "a word model ({count} weighed words and word pairs) fails a score above {threshold}"
                ),
            ),
        };
        let on = &model.trained_on;
        parts.push(lang.pick(
            format!("jos ilmauksia ei löydy: {reads}; opetusaineisto rubriikin sanoin: “{on}”"),
            format!("where no phrase is found: {reads}; trained on (the rubric's words): “{on}”"),
        ));
    }
    if !check.na_if.is_empty() {
        let sets: Vec<String> = check.na_if.iter().map(|set| format!("`{set}`")).collect();
        let sets = sets.join(", ");
        let who = who_words(check.na_who, lang);
        // "millon se näkyy?" settles nothing where the set says so.
        let stated =
            check.na_if.iter().filter_map(|set| rubric.phrases.get(set)).any(|set| !set.asked);
        let stated = if stated {
            lang.pick(" (toteamuksena, ei kysymyksenä)", " (stated, not asked)")
        } else {
            ""
        };
        parts.push(lang.pick(
            format!("ei koske (N/A), jos ei löydy mutta {who} sanoo {sets}{stated}"),
            format!("N/A when not found but {who} says {sets}{stated}"),
        ));
    }
    parts.push(if check.critical {
        lang.pick(
            "automaattinen hylkäys soveltaa kriittistä sääntöä",
            "an automatic fail applies the critical rule",
        )
        .to_string()
    } else {
        lang.pick(
            "automaattinen hylkäys ei nollaa osiota eikä puhelua (kriittisyys vain arvioijalla)",
            "an automatic fail never zeroes a section or the call (critical only for auditors)",
        )
        .to_string()
    });
    parts.join("\n    ")
}

fn explain_header(rubric: &Rubric, id: &str, lang: Lang) -> String {
    let check = rubric_check(rubric, id);
    let criterion = rubric.criterion(id).expect("checked above");
    format!(
        "{id}: {}\n  {}:\n    {}\n",
        criterion.text.get(lang),
        lang.pick("Sääntö", "Rule"),
        rule_text(rubric, check, lang)
    )
}

fn explain_text(
    rubric: &Rubric,
    path: &std::path::Path,
    reports: &[Judged],
    id: &str,
    has_start: bool,
    lang: Lang,
) -> String {
    let check = rubric_check(rubric, id);
    let mut out = String::new();
    for report in reports {
        let Some(outcome) = report.outcomes.iter().find(|outcome| outcome.criterion == id) else {
            continue;
        };
        let _ = writeln!(
            out,
            "\n{} — {}: {}",
            report.file,
            verdict_word(outcome.verdict, lang).trim_end(),
            reason_text(outcome, check, lang)
        );
        if let Some(reading) = outcome.model {
            let (score, threshold) =
                (thousandths(reading.score, lang), thousandths(reading.threshold, lang));
            let turns = check.model.as_ref().is_some_and(|m| m.unit == ModelUnit::Turn);
            let _ = writeln!(
                out,
                "  {}",
                if turns {
                    lang.pick(
                        format!(
                            "Vuoromalli: korkein vuoro saa {score} ≤ raja {threshold}, ei hylkää"
                        ),
                        format!(
                            "Turn model: its highest turn scores {score} ≤ {threshold}, not a fail"
                        ),
                    )
                } else {
                    lang.pick(
                        format!("Sanamalli: pisteet {score} ≤ raja {threshold}, ei hylkää"),
                        format!("Word model: scores {score} ≤ {threshold}, not a fail"),
                    )
                }
            );
        }
        if !outcome.hits.is_empty() {
            let _ = writeln!(
                out,
                "  {}:",
                if matches!(outcome.reason, Reason::Model { .. }) {
                    lang.pick("Sanat, jotka painoivat eniten", "The words that weighed most")
                } else if check.absent {
                    lang.pick("Kielletyt ilmaukset", "Forbidden words")
                } else if matches!(outcome.reason, Reason::NotNeeded { .. }) {
                    lang.pick("Ei tarpeen, koska", "Not called for, because")
                } else if matches!(outcome.reason, Reason::Undone { .. }) {
                    lang.pick("Kumottu, koska", "Undone, because")
                } else {
                    lang.pick("Osumat", "Matches")
                }
            );
            for hit in &outcome.hits {
                let _ = writeln!(
                    out,
                    "    {}   [{}]",
                    evidence_line(hit, &report.transcript, lang),
                    phrase_source(hit, lang)
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
                    phrase_source(hit, lang)
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
        if outcome.verdict == Verdict::Fail && !check.absent {
            out.push_str(&phrase_list(rubric, check, path, lang));
            out.push_str(&candidates(rubric, check, &report.transcript, lang));
        }
        let mut told: Vec<String> = Vec::new();
        for promise in &outcome.promises {
            let due = match (&promise.deadline, &promise.time) {
                (Some(deadline), _) => crate::output::local_time_as_given(&deadline.at, lang),
                (None, Some(_)) if !has_start => lang
                    .pick(
                        "ei määräaikaa: puhelun alkuaika puuttuu; anna se, esim. --start 2026-02-17T10:00:00+02:00",
                        "no deadline: the call's start is not known; give it, e.g. --start 2026-02-17T10:00:00+02:00",
                    )
                    .to_string(),
                (None, Some(_)) => lang
                    .pick("ei määräaikaa: aikaa ei osata lukea", "no deadline: the time cannot be read")
                    .to_string(),
                (None, None) => lang.pick("ei aikaa", "no time").to_string(),
            };
            let line = format!(
                "  {}: «{}» + «{}» → {due}",
                lang.pick("Lupaus", "Promise"),
                promise.hit.matched,
                promise.time.as_deref().unwrap_or("")
            );
            // One promise said twice in a turn ("soitan … ja soitan") is told once.
            if !told.contains(&line) {
                let _ = writeln!(out, "{line}");
                told.push(line);
            }
        }
    }
    out
}

/// How many phrases `--explain` lists before saying where the rest are.
const LISTED_PHRASES: usize = 20;
/// How many close words `--explain` shows.
const CANDIDATES: usize = 8;

/// The phrases a failed check looked for: all of them, or the first 20 and
/// where the rest are.
fn phrase_list(rubric: &Rubric, check: &Check, path: &std::path::Path, lang: Lang) -> String {
    let phrases = tarkka_check::phrases_of(rubric, check);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  {} ({}):",
        lang.pick("Etsityt ilmaukset", "Phrases looked for"),
        phrases.len()
    );
    let mut line = String::new();
    for (set, language, phrase) in phrases.iter().take(LISTED_PHRASES) {
        let label = match set {
            Some(set) => format!("{set}/{language}"),
            None => (*language).to_string(),
        };
        if !line.starts_with(&format!("    {label}:")) {
            if !line.is_empty() {
                let _ = writeln!(out, "{line}");
            }
            line = format!("    {label}:");
        }
        let _ = write!(line, " \"{}\"", phrase.text);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{line}");
    }
    if phrases.len() > LISTED_PHRASES {
        let sets: Vec<String> = check.sets.iter().map(|set| format!("[phrases.{set}]")).collect();
        let place = if sets.is_empty() { "[criterion.check]".to_string() } else { sets.join(", ") };
        let _ = writeln!(
            out,
            "    {}",
            lang.pick(
                format!(
                    "… ja {} muuta: {place} tiedostossa {} (tarkka rubric show näyttää kaikki)",
                    phrases.len() - LISTED_PHRASES,
                    path.display()
                ),
                format!(
                    "… and {} more: {place} in {}",
                    phrases.len() - LISTED_PHRASES,
                    path.display()
                ),
            )
        );
    }
    out
}

/// The words of the transcript closest to the phrases, and why each did
/// not count.
fn candidates(rubric: &Rubric, check: &Check, transcript: &Transcript, lang: Lang) -> String {
    let found = tarkka_check::nearest(rubric, check, transcript, CANDIDATES);
    let mut out = String::new();
    if found.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                "Lähimmät sanat: ei yhtään ilmausta muistuttavaa sanaa.",
                "Closest words: none resembles a phrase."
            )
        );
        return out;
    }
    let _ = writeln!(
        out,
        "  {}:",
        lang.pick("Lähimmät sanat (eivät ole listalla)", "Closest words (not in the list)")
    );
    for candidate in found {
        let text = &transcript.turns[candidate.turn].text;
        let set = candidate.set.as_deref().map_or(String::new(), |set| format!("{set}, "));
        let how = if candidate.distance == 0 {
            lang.pick("sama vartalo".to_string(), "shared stem".to_string())
        } else {
            lang.pick(
                format!("{} kirjaimen ero", candidate.distance),
                format!(
                    "{} letter{} apart",
                    candidate.distance,
                    if candidate.distance == 1 { "" } else { "s" }
                ),
            )
        };
        let _ = writeln!(
            out,
            "    {} {} {}: {} — {} \"{}\" ({set}{}), {how}",
            lang.pick("vuoro", "turn"),
            candidate.turn + 1,
            speaker_word(&candidate.speaker, lang),
            snippet(text, candidate.span.clone()),
            lang.pick("lähin", "closest to"),
            candidate.phrase,
            candidate.language,
        );
    }
    out
}

/// Which phrase matched: `set offer, fi "tarjo*"`, or a word model's
/// feature with its weight: `model "kolleg" +0.42`.
fn phrase_source(hit: &Hit, lang: Lang) -> String {
    let mut source = String::new();
    if let Some(weight) = hit.weight {
        let sign = if weight > 0 { "+" } else { "" };
        let weight = thousandths(weight, lang);
        let _ = write!(source, "model \"{}\" {sign}{weight}", hit.phrase);
        return source;
    }
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
    if let Some(with) = &hit.with {
        let _ = write!(source, " + {} \"{}\"", with.set, with.phrase);
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

fn json(rubric: &Rubric, report: &Judged, explain: Option<&str>) -> anyhow::Result<String> {
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
    reports: &[Judged],
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
            "with_phrase",
            "with_set",
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
    report: &Judged,
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
            // The phrase that made a `near` set's words count, last so
            // that the earlier columns keep their places.
            let with = hit.and_then(|hit| hit.with.as_ref());
            row.push(with.map_or(String::new(), |with| with.phrase.clone()));
            row.push(with.map_or(String::new(), |with| with.set.clone()));
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

fn record(args: &CheckRunArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    if args.explain.is_some()
        || args.format != ListFormat::Text
        || !args.profile.is_empty()
        || args.start.is_some()
    {
        anyhow::bail!(crate::output::tr(lang, &tarkka_i18n::msg!("cli-record-flags")));
    }
    let request = tarkka_app::check::Record {
        paths: args.paths.clone(),
        encounter: args.encounter.clone(),
        rubric: args.rubric.clone(),
        speakers: args.speaker.clone(),
        redact: args.redact,
    };
    let recorded = tarkka_app::check::record(&context.writer()?, &request)?;
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
    for one in &recorded {
        let _ =
            writeln!(out, "{}: {} — {}", one.encounter, one.name, counts_text(one.counts, lang));
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

// --- Tuning --------------------------------------------------------------------

/// How far apart, in points, an automatic overall may be from the auditors'
/// before the call is listed.
const SCORE_GAP: f64 = 10.0;

fn tune(args: &TuneArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let (workspace, _) = context.workspace()?;
    let state = tarkka_ledger::LedgerState::replay(&workspace.ledger())?;
    let request = tarkka_app::tune::Request {
        rubrics: args.rubric.clone(),
        criterion: args.criterion.clone(),
        speakers: args.speaker.clone(),
        model: args.model,
        labelled: args.labelled.clone(),
        sentences: args.sentences.clone(),
    };
    let tuning = tarkka_app::tune::tune(&state, &workspace, &request)?;
    if args.format == TuneFormat::Json {
        print(&format!("{}\n", serde_json::to_string_pretty(&tuning)?))?;
        return Ok(Outcome::Success);
    }
    print(&tune_text(&tuning, lang))?;
    Ok(Outcome::Success)
}

fn percent(value: f64, lang: Lang) -> String {
    crate::output::decimal(&format!("{:.1} %", value * 100.0), lang)
}

fn human_word(human: tarkka_app::tune::Human, lang: Lang) -> &'static str {
    use tarkka_app::tune::Human;
    match human {
        Human::Pass => lang.pick("läpi", "pass"),
        Human::Fail => lang.pick("hylätty", "fail"),
        Human::NotApplicable => lang.pick("ei koske", "n/a"),
    }
}

fn tune_text(tuning: &tarkka_app::tune::Tuning, lang: Lang) -> String {
    let mut out = String::new();
    if tuning.transcripts == 0 {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "Ei verrattavaa: yhdelläkään arvioijan pisteyttämällä kohtaamisella ei ole litterointia, jolla on tarkistuksia.",
                "Nothing to compare: no encounter an auditor has scored has a transcript with checks."
            )
        );
        return out;
    }
    let (agree, pairs) = tuning.agreement();
    let _ = writeln!(
        out,
        "{} {} {}, {pairs} {}: {} {}",
        lang.pick(
            "Automaattiset tarkistukset arvioijia vasten:",
            "Automatic checks against the auditors:"
        ),
        tuning.transcripts,
        lang.pick("litterointia", "transcripts"),
        lang.pick("vastausta (puhelu, arvioija, kohta)", "answers (call, auditor, criterion)"),
        percent(agree as f64 / pairs.max(1) as f64, lang),
        lang.pick("samaa mieltä", "agree"),
    );
    let scored: Vec<_> =
        tuning.calls.iter().filter_map(|call| Some((call, call.human?, call.automatic?))).collect();
    let close = scored.iter().filter(|(_, h, a)| (h - a).abs() <= SCORE_GAP).count();
    let critical: Vec<_> = tuning
        .calls
        .iter()
        .filter(|call| call.human_pass && !call.automatic_critical.is_empty())
        .collect();
    let _ = writeln!(
        out,
        "{}: {close}/{} ({}); {}: {}",
        lang.pick(
            "Automaattinen kokonaispistemäärä enintään 10 pisteen päässä arvioijien (samoista kriteereistä)",
            "Automatic overall within 10 points of the auditors' (over the same criteria)"
        ),
        scored.len(),
        percent(close as f64 / scored.len().max(1) as f64, lang),
        lang.pick(
            "arvioijien hyväksymiä puheluita, jotka automaattinen kriittinen sääntö hylkää",
            "calls the auditors pass that an automatic critical rule fails"
        ),
        critical.len()
    );
    out.push('\n');
    let mut summary = table(&[
        lang.pick("kriteeri", "criterion"),
        lang.pick("pareja", "pairs"),
        lang.pick("samaa mieltä", "agree"),
        lang.pick("väärin läpi", "false pass"),
        lang.pick("väärin hylätty", "false fail"),
        lang.pick("väärin ei koske", "wrong n/a"),
        lang.pick("ehdotuksin (CV)", "proposed (CV)"),
    ]);
    for criterion in &tuning.criteria {
        summary.add_row([
            format!("{}:{}", criterion.rubric, criterion.criterion),
            criterion.pairs.to_string(),
            percent(criterion.agree as f64 / criterion.pairs.max(1) as f64, lang),
            criterion.false_pass.to_string(),
            criterion.false_fail.to_string(),
            criterion.na_mismatch.to_string(),
            criterion.cross_validated.map_or(String::new(), |value| percent(value, lang)),
        ]);
    }
    // The criterion is what is read; the numbers can wrap their headers.
    if let Some(column) = summary.column_mut(0) {
        column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    let _ = writeln!(out, "{summary}");
    let undetermined: usize = tuning.criteria.iter().map(|c| c.undetermined).sum();
    if undetermined > 0 {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                format!(
                    "{undetermined} paria jäi ratkaisematta (ei aikoja, nimeämättömät puhujat tai puuttuva profiilikenttä): ne eivät ole mukana luvuissa yllä; `tarkka check --explain` kertoo syyn"
                ),
                format!(
                    "{undetermined} pairs were undetermined (no times, unnamed speakers or a missing profile field): they count neither way above; `tarkka check --explain` says why"
                ),
            )
        );
    }
    let accepted: usize = tuning.criteria.iter().map(|c| c.accepted).sum();
    let overridden: usize = tuning.criteria.iter().map(|c| c.overridden).sum();
    if accepted + overridden > 0 {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                format!(
                    "{} paria pisteytettiin ehdotuksista (--suggest): {accepted} hyväksyttiin, {overridden} ohitettiin. Hyväksytty ehdotus on samaa mieltä jo syntyessään; sokkona pisteytetyt lomakkeet mittaavat tarkistuksia parhaiten.",
                    accepted + overridden
                ),
                format!(
                    "{} pairs were scored from suggestions (--suggest): {accepted} accepted, {overridden} overridden. An accepted suggestion agrees by construction; blind scoresheets measure the checks best.",
                    accepted + overridden
                ),
            )
        );
    }
    for criterion in tuning.criteria.iter().filter(|c| !c.disagreements.is_empty()) {
        let _ = writeln!(out, "\n{} {}", criterion.rubric, criterion.criterion);
        for disagreement in &criterion.disagreements {
            let _ = writeln!(
                out,
                "  {}  {}: {} {}, {} {}{}",
                disagreement.encounter,
                disagreement.auditor,
                lang.pick("arvioija", "auditor"),
                human_word(disagreement.human, lang),
                lang.pick("automaattinen", "automatic"),
                verdict_word(disagreement.automatic, lang).trim_end(),
                disagreement.words.as_ref().map_or(String::new(), |words| format!(
                    "  {} {} {}: «{}»",
                    lang.pick("vuoro", "turn"),
                    words.turn + 1,
                    speaker_word(&words.speaker, lang),
                    words.matched
                ))
            );
        }
        if !criterion.proposals.is_empty() {
            let _ = writeln!(
                out,
                "  {}:",
                if criterion.absent {
                    lang.pick(
                        "Ehdotus: lisää kiellettyihin ilmauksiin",
                        "Proposed: add to the forbidden phrases",
                    )
                } else {
                    lang.pick(
                        "Ehdotus: lisää etsittäviin ilmauksiin",
                        "Proposed: add to the phrases",
                    )
                }
            );
            for proposal in &criterion.proposals {
                let _ = writeln!(
                    out,
                    "    \"{}\"  {} {}",
                    proposal.phrase,
                    proposal.fixes,
                    lang.pick(
                        "puhelussa väärin nyt, ei yhdessäkään oikein arvioidussa",
                        "calls wrong now, none right now"
                    )
                );
            }
        }
    }
    let far: Vec<_> = scored.iter().filter(|(_, h, a)| (h - a).abs() > SCORE_GAP).collect();
    if !far.is_empty() {
        let _ = writeln!(
            out,
            "\n{}:",
            lang.pick(
                "Puhelut, joissa automaattinen kokonaispistemäärä on yli 10 pisteen päässä",
                "Calls whose automatic overall is more than 10 points away"
            )
        );
        for (call, human, automatic) in far {
            let _ = writeln!(
                out,
                "  {}  {} {}  {} {}",
                call.encounter,
                lang.pick("arvioijat", "auditors"),
                percent(human / 100.0, lang),
                lang.pick("automaattinen", "automatic"),
                percent(automatic / 100.0, lang)
            );
        }
    }
    for criterion in &tuning.criteria {
        if let Some((labels, fails)) = criterion.model_untrained {
            let passes = labels - fails;
            let least = tarkka_app::tune::MODEL_MIN_LABELS;
            let _ = writeln!(
                out,
                "\n{}",
                lang.pick(
                    format!(
                        "Sanamallia kohdalle {}:{} ei opetettu: {labels} merkintää, {fails} hylkäystä ja {passes} hyväksyntää (kumpiakin tarvitaan vähintään {least}; lisää merkittyjä puheluita: --labelled HAKEMISTO, tai merkittyjä lauseita: --sentences TIEDOSTO)",
                        criterion.rubric, criterion.criterion
                    ),
                    format!(
                        "No word model trained for {}:{}: {labels} labels, {fails} fail and {passes} pass (at least {least} of each are needed; add labelled calls with --labelled DIR, or labelled sentences with --sentences FILE)",
                        criterion.rubric, criterion.criterion
                    ),
                )
            );
        }
        let Some(model) = &criterion.model else { continue };
        let passes = model.labels - model.fails;
        let folds = tarkka_app::tune::FOLDS;
        let _ = writeln!(
            out,
            "\n{} {}:{}",
            lang.pick("Sanamalli kohdalle", "Word model for"),
            criterion.rubric,
            criterion.criterion
        );
        let (labels, said) = (model.labels, model.sentences);
        let _ = writeln!(
            out,
            "  {}",
            if model.unit == ModelUnit::Turn {
                lang.pick(
                    format!(
                        "vuoromalli: {labels} puhelun merkintää ({} hylkäystä, {passes} hyväksyntää) ja {said} merkittyä lausetta; ristiinvalidointi {folds} puheluiden osajoukossa:",
                        model.fails
                    ),
                    format!(
                        "turn model: {labels} call labels ({} fail, {passes} pass) and {said} labelled sentences; cross-validated over {folds} folds of calls:",
                        model.fails
                    ),
                )
            } else {
                lang.pick(
                    format!(
                        "{labels} merkintää ({} hylkäystä, {passes} hyväksyntää); ristiinvalidointi {folds} puheluiden osajoukossa:",
                        model.fails
                    ),
                    format!(
                        "{labels} labels ({} fail, {passes} pass); cross-validated over {folds} folds of calls:",
                        model.fails
                    ),
                )
            }
        );
        let (found, fails) = (model.fails_found_by_phrases, model.fails);
        let (with, failed) = (model.fails_found_with_model, model.passes_failed_by_phrases);
        let failed_with = model.passes_failed_with_model;
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                format!(
                    "hylkäyksiä löytyy {found}/{fails} pelkin ilmauksin, {with}/{fails} mallin kanssa; hyväksyntöjä hylätään {failed}/{passes} pelkin ilmauksin, {failed_with}/{passes} mallin kanssa"
                ),
                format!(
                    "fails found {found}/{fails} by the phrases alone, {with}/{fails} with the model; passes failed {failed}/{passes} by the phrases alone, {failed_with}/{passes} with the model"
                ),
            )
        );
        let trained = thousandths(model.training_threshold, lang);
        let (with_cv, failed_cv) = (model.fails_found_with_cv, model.passes_failed_with_cv);
        let chosen = match model.cv_threshold {
            Some(threshold) => {
                let threshold = thousandths(threshold, lang);
                lang.pick(
                    format!("ristiinvalidoinnin valitsema raja olisi {threshold}"),
                    format!("cross-validation would choose {threshold}"),
                )
            }
            None => lang
                .pick(
                    "ristiinvalidointi ei löydä rajaa, joka löytäisi enemmän hylkäyksiä kuin hylkäisi hyväksyntöjä",
                    "cross-validation finds no threshold that finds more fails than it fails passes",
                )
                .to_string(),
        };
        let threshold_line = if model.unit == ModelUnit::Turn {
            lang.pick(
                format!(
                    "raja {trained} on korkein pisteet, jotka sai hyväksytyn opetuspuhelun vuoro tai hyväksytyksi merkitty lause; vuoromalli pitää sen (ristiinvalidointi ei valitse sen rajaa)"
                ),
                format!(
                    "threshold {trained} is the highest score of a turn of a training call the auditors passed or of a sentence labelled pass; a turn model keeps it (cross-validation does not choose its threshold)"
                ),
            )
        } else {
            lang.pick(
                format!(
                    "raja {trained} on korkein opetuspuhelun pisteet, jonka arvioijat hyväksyivät; {chosen}: sisäkkäin ristiinvalidoituna {with_cv}/{fails} hylkäystä löytyy ja {failed_cv}/{passes} hyväksyntää hylätään (alla olevaan ehdotukseen tulee ristiinvalidoinnin raja vain, jos sillä löytyvien hylkäysten ja hylättyjen hyväksyntöjen erotus on suurempi)"
                ),
                format!(
                    "threshold {trained} is the highest score of a training call the auditors passed; {chosen}: cross-validated with the threshold chosen inside each fold, {with_cv}/{fails} fails found and {failed_cv}/{passes} passes failed (the proposal below takes the cross-validated threshold only where its fails found less passes failed is higher)"
                ),
            )
        };
        let _ = writeln!(out, "  {threshold_line}");
        let _ = writeln!(
            out,
            "  {}\n",
            lang.pick(
                "Lisää kohdan [criterion.check]-taulukon alle, jos olet samaa mieltä (ei koskaan käsin muokattuna):",
                "Add under the criterion's [criterion.check] if you agree (never edited by hand):"
            )
        );
        for line in model.toml.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}
