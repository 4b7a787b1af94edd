//! Interactive scoring: one criterion at a time, in rubric order, from a
//! terminal or from piped lines.
//!
//! Line-based on purpose: the same session works in a terminal, over ssh,
//! and with answers piped in by a script or a test. Nothing is recorded
//! until the auditor confirms the full result; every answer is kept in a
//! draft at once (`tarkka_app::draft`), so that `q`, Ctrl-C, a closed
//! terminal or a crash loses nothing and the next session resumes.

use std::io::{self, BufRead, IsTerminal, Write};

use anyhow::bail;
use tarkka_app::score::Suggestions;
use tarkka_check::Verdict;
use tarkka_i18n::msg;
use tarkka_ledger::EncounterState;
use tarkka_rubric::{Criterion, Lang, Profile, Rubric, Scale};
use tarkka_scoring::{Answer, AnswerValue, Answers, credit, score_partial};

use crate::output::tr;

/// What the auditor typed at a criterion's prompt.
enum Input {
    Answer(AnswerValue, Option<String>),
    Back,
    Help,
    Quit,
}

/// What Enter gives at a criterion's prompt.
#[derive(Clone, Copy)]
enum Default<'a> {
    /// The answer given before (going back, or a resumed draft): kept,
    /// comment and all.
    Earlier(&'a Answer),
    /// The automatic checks' suggestion.
    Suggested(&'a Answer),
}

impl Default<'_> {
    fn answer(&self) -> &Answer {
        match self {
            Default::Earlier(answer) | Default::Suggested(answer) => answer,
        }
    }
}

/// The answers a criterion takes, in the reader's language.
fn expected_text(criterion: &Criterion, lang: Lang) -> String {
    tr(lang, &tarkka_scoring::expected(criterion))
}

/// Reads a line typed at a criterion's prompt; an empty answer (Enter,
/// or only `# comment`) takes the default, when there is one.
fn parse_input(
    criterion: &Criterion,
    line: &str,
    default: Option<Default<'_>>,
    lang: Lang,
) -> Result<Input, String> {
    let (answer, comment) = match line.split_once('#') {
        Some((answer, comment)) => {
            (answer.trim(), Some(comment.trim().to_string()).filter(|c| !c.is_empty()))
        }
        None => (line.trim(), None),
    };
    let expected = expected_text(criterion, lang);
    if answer.is_empty() {
        return match default {
            Some(Default::Earlier(earlier)) => Ok(Input::Answer(
                earlier.value.clone(),
                comment.or_else(|| earlier.comment.clone()),
            )),
            Some(Default::Suggested(suggested)) => {
                Ok(Input::Answer(suggested.value.clone(), comment))
            }
            None => Err(tr(lang, &msg!("score-answer-needed", expected = expected))),
        };
    }
    if let Some(command) = command_word(answer) {
        return Ok(command);
    }
    // The scoring crate says why in English; the reader gets the
    // catalogue's words, with that reason where the catalogue uses it.
    let bad = |reason: tarkka_i18n::Message| {
        tr(lang, &msg!("score-bad-answer", answer = answer, expected = &expected, reason = reason))
    };
    let value = AnswerValue::parse(criterion, answer).map_err(bad)?;
    if value == AnswerValue::NotApplicable && !criterion.na_allowed {
        return Err(tr(lang, &msg!("score-na-not-allowed", expected = &expected)));
    }
    credit(criterion, &value).map_err(bad)?;
    Ok(Input::Answer(value, comment))
}

/// The words that move the session instead of answering: back, help,
/// quit. Read at the answer prompt, and at the comment prompt, where a
/// lone `q` is a wish to stop, not a comment.
fn command_word(line: &str) -> Option<Input> {
    match line.trim().to_lowercase().as_str() {
        "b" | "back" | "<" | "takaisin" => Some(Input::Back),
        "?" | "help" | "apua" => Some(Input::Help),
        "q" | "quit" | "lopeta" => Some(Input::Quit),
        _ => None,
    }
}

/// Whether the auditor, having asked to quit, does: with answers given,
/// only once they confirm (the draft keeps them). Says so when they do.
fn quits(answers: &Answers, encounter: &str, lang: Lang) -> anyhow::Result<bool> {
    if !answers.is_empty() {
        let question = msg!("score-quit-sure", kept = answers.len(), encounter = encounter);
        let sure = read_line(&format!(
            "  {} [{}] > ",
            tr(lang, &question),
            tr(lang, &msg!("yes-no-keys"))
        ))?;
        if sure.as_deref().is_some_and(|a| !is_yes(a)) {
            return Ok(false);
        }
    }
    say(&format!("{}\n", tr(lang, &msg!("score-quit"))))?;
    Ok(true)
}

/// Everything a criterion says, for `?`: the scale and what meets it, the
/// weight, the flags, the guidance, and an example answer.
fn help_text(rubric: &Rubric, criterion: &Criterion, lang: Lang) -> String {
    let section = rubric.section(&criterion.section);
    let mut text = format!(
        "  {}\n",
        tr(
            lang,
            &msg!(
                "score-help-scale",
                scale = crate::rubric_cmd::scale_text(criterion, lang),
                met = crate::rubric_cmd::met_text(criterion, lang),
                weight = criterion.weight.to_plain_string(),
                section = section.map_or(String::new(), |s| s.title.get(lang).to_string()),
                section_weight = section.map_or(String::new(), |s| s.weight.to_plain_string())
            )
        )
    );
    let flags = crate::rubric_cmd::criterion_flags(criterion, lang);
    if !flags.is_empty() {
        text.push_str(&format!(
            "  {}\n",
            tr(lang, &msg!("score-help-flags", flags = flags.join("; ")))
        ));
    }
    let guidance = criterion.guidance.as_ref().map_or(String::new(), |g| g.get(lang).to_string());
    text.push_str(&format!("  {}\n", tr(lang, &msg!("score-help-guidance", guidance = guidance))));
    let example = match &criterion.scale {
        Scale::YesNo => value_word(&AnswerValue::No, lang),
        Scale::Range { max, .. } => max.to_string(),
        Scale::Points { max } => max.to_plain_string(),
        Scale::Choices(choices) => choices.first().map_or(String::new(), |c| c.name.clone()),
    };
    text.push_str(&format!("  {}\n", tr(lang, &msg!("score-help-example", example = example))));
    text
}

/// Reads one line; `None` at the end of the input.
fn read_line(prompt: &str) -> anyhow::Result<Option<String>> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(prompt.as_bytes())?;
    stdout.flush()?;
    drop(stdout);
    let mut line = String::new();
    let stdin = io::stdin();
    if stdin.lock().read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let line = line.trim_end_matches(['\n', '\r']).to_string();
    // Piped answers are not echoed by a terminal: echo them, so that the
    // session reads as a transcript.
    if !stdin.is_terminal() {
        say(&format!("{line}\n"))?;
    }
    Ok(Some(line))
}

fn say(text: &str) -> anyhow::Result<()> {
    crate::output::print(text)
}

/// An answer in the reader's words.
pub fn value_word(value: &AnswerValue, lang: Lang) -> String {
    match value {
        AnswerValue::Yes => tr(lang, &msg!("answer-yes")),
        AnswerValue::No => tr(lang, &msg!("answer-no")),
        AnswerValue::NotApplicable => "N/A".to_string(),
        // `7,5` in Finnish; a choice is its name as the rubric spells it.
        AnswerValue::Number(_) => {
            tarkka_i18n::decimal_in(lang.pick("fi", "en"), &value.to_string())
        }
        AnswerValue::Choice(choice) => choice.clone(),
    }
}

/// The automatic check's verdict on a criterion, for the auditor: the
/// suggested answer with the words behind it, or why there is none.
fn suggestion_text(
    rubric: &Rubric,
    criterion: &Criterion,
    suggestions: &Suggestions,
    lang: Lang,
) -> Option<String> {
    let outcome = suggestions.outcome(&criterion.id)?;
    let check = crate::check_cmd::rubric_check(rubric, &criterion.id);
    let reason = crate::check_cmd::reason_text(outcome, check, lang);
    let Some(suggested) = suggestions.answer(&criterion.id) else {
        let undetermined = if outcome.verdict == Verdict::Undetermined { "yes" } else { "no" };
        let message = msg!("score-no-suggestion", undetermined = undetermined, reason = reason);
        return Some(format!("  {}\n", tr(lang, &message)));
    };
    let answer = value_word(&suggested.value, lang);
    let mut text =
        format!("  {}\n", tr(lang, &msg!("score-suggested", answer = answer, reason = reason)));
    let transcript = &suggestions.transcript;
    for hit in outcome.hits.iter().take(2) {
        text.push_str(&format!("    {}\n", crate::check_cmd::evidence_line(hit, transcript, lang)));
    }
    if outcome.hits.is_empty()
        && let Some(miss) = outcome.near_misses.first()
    {
        let closest = msg!(
            "score-closest",
            words = crate::check_cmd::evidence_line(&miss.hit, transcript, lang),
            why = crate::check_cmd::miss_text(&miss.reason, &miss.hit, lang)
        );
        text.push_str(&format!("    {}\n", tr(lang, &closest)));
    }
    Some(text)
}

/// What an interactive session needs besides the rubric.
pub struct Session<'a> {
    /// The encounter being scored.
    pub encounter: &'a EncounterState,
    /// Its customer profile.
    pub profile: &'a Profile,
    /// The automatic checks' suggestions, with `--suggest`.
    pub suggestions: Option<&'a Suggestions>,
    /// Answers of a resumed draft.
    pub resumed: Answers,
    /// Keeps the answers as a draft; called after every answer.
    pub keep: &'a dyn Fn(&Answers) -> anyhow::Result<()>,
    /// The reader's language.
    pub lang: Lang,
}

/// Asks every applicable criterion in rubric order, from the automatic
/// checks' suggestions when given, starting after a resumed draft's
/// answers. `None` when the auditor quits (the draft stays); an error
/// when the input ends first.
pub fn ask(rubric: &Rubric, session: Session<'_>) -> anyhow::Result<Option<Answers>> {
    let Session { encounter, profile, suggestions, resumed, keep, lang } = session;
    let mut applicable = Vec::new();
    let mut skipped = Vec::new();
    for criterion in &rubric.criteria {
        match criterion.applies_to(profile) {
            Ok(true) => applicable.push(criterion),
            Ok(false) => skipped.push(criterion.id.as_str()),
            Err(missing) => bail!(
                "{}",
                tr(
                    lang,
                    &msg!(
                        "score-profile-lacks",
                        criterion = &criterion.id,
                        field = missing.0.to_string()
                    )
                )
            ),
        }
    }
    let logged = &encounter.logged.payload;
    let mut intro = format!(
        "{}  —  {} ({} {})\n{}\n",
        logged.encounter,
        rubric.title.get(lang),
        rubric.id,
        rubric.version,
        tr(
            lang,
            &msg!(
                "score-intro-who",
                agent = &logged.agent,
                location = &logged.location,
                time = &logged.time
            )
        )
    );
    let attached: Vec<&str> = encounter.evidence.iter().map(|e| e.payload.kind.as_str()).collect();
    let shown = if attached.is_empty() { "–".to_string() } else { attached.join(", ") };
    intro.push_str(&format!("{}\n", tr(lang, &msg!("score-intro-evidence", kinds = shown))));
    let mut required: Vec<(&str, Vec<&str>)> = Vec::new();
    for criterion in &applicable {
        for kind in &criterion.evidence {
            match required.iter_mut().find(|(k, _)| *k == kind.name()) {
                Some((_, criteria)) => criteria.push(&criterion.id),
                None => required.push((kind.name(), vec![&criterion.id])),
            }
        }
    }
    let lacking: Vec<String> = required
        .iter()
        .filter(|(kind, _)| !attached.contains(kind))
        .map(|(kind, criteria)| format!("{kind} ({})", criteria.join(", ")))
        .collect();
    if !lacking.is_empty() {
        let lacking = msg!("score-intro-lacking", lacking = lacking.join("; "));
        intro.push_str(&format!("! {}\n", tr(lang, &lacking)));
    }
    if !skipped.is_empty() {
        let skipped = msg!("score-intro-skipped", criteria = skipped.join(", "));
        intro.push_str(&format!("{}\n", tr(lang, &skipped)));
    }
    intro.push_str(&format!("{}\n", tr(lang, &msg!("score-intro-keys"))));
    if let Some(suggestions) = suggestions {
        let from = msg!(
            "score-intro-suggestions",
            transcript = &suggestions.name,
            sha256 = &suggestions.digest.to_string()[..12],
            rules = &suggestions.rules_fingerprint[..12.min(suggestions.rules_fingerprint.len())]
        );
        intro.push_str(&format!("{}\n", tr(lang, &from)));
    }
    say(&intro)?;
    let mut answers = resumed;
    // A resumed draft goes on at its first unanswered criterion.
    let mut index =
        applicable.iter().position(|c| !answers.contains_key(&c.id)).unwrap_or(applicable.len());
    let ended = |answers: &Answers| {
        anyhow::anyhow!("{}", tr(lang, &msg!("score-input-ended", kept = answers.len())))
    };
    let mut shown_section: Option<&str> = None;
    let mut shown: Option<usize> = None;
    while index < applicable.len() {
        let criterion = applicable[index];
        if shown == Some(index) {
            // Asking again after a mistake or `?`: the question was shown.
        } else {
            if shown_section != Some(criterion.section.as_str()) {
                let title = rubric.section(&criterion.section).map_or("", |s| s.title.get(lang));
                say(&format!("\n■ {title} ({})\n", criterion.section))?;
                shown_section = Some(criterion.section.as_str());
            }
            let mut flags = Vec::new();
            let critical = tr(lang, &msg!("flag-critical"));
            if criterion.critical.is_some() {
                flags.push(critical.as_str());
            }
            if criterion.bonus {
                flags.push("bonus");
            }
            let flags =
                if flags.is_empty() { String::new() } else { format!(" [{}]", flags.join(", ")) };
            let mut text = format!(
                "[{}/{}] {}{flags}\n  {}\n",
                index + 1,
                applicable.len(),
                criterion.id,
                criterion.text.get(lang)
            );
            if let Some(guidance) = &criterion.guidance {
                let guidance = msg!("score-help-guidance", guidance = guidance.get(lang));
                text.push_str(&format!("  {}\n", tr(lang, &guidance)));
            }
            if let Some(suggestion) =
                suggestions.and_then(|s| suggestion_text(rubric, criterion, s, lang))
            {
                text.push_str(&suggestion);
            }
            say(&text)?;
            shown = Some(index);
        }
        let suggested = suggestions.and_then(|s| s.answer(&criterion.id));
        let default = match answers.get(&criterion.id) {
            Some(earlier) => Some(Default::Earlier(earlier)),
            None => suggested.map(Default::Suggested),
        };
        let enter = default.map_or(String::new(), |default| {
            let answer = default.answer();
            let mut shown = value_word(&answer.value, lang);
            if let Default::Earlier(earlier) = default {
                if let Some(comment) = &earlier.comment {
                    shown.push_str(&format!(" # {comment}"));
                }
                shown.push_str(&format!(" ({})", tr(lang, &msg!("score-earlier-answer"))));
            }
            format!(" [Enter = {shown}]")
        });
        let answer = msg!("score-answer-prompt", expected = expected_text(criterion, lang));
        let prompt = format!("  {}{enter} > ", tr(lang, &answer));
        let Some(line) = read_line(&prompt)? else {
            return Err(ended(&answers));
        };
        match parse_input(criterion, &line, default, lang) {
            Err(message) => say(&format!("  ! {message}\n"))?,
            Ok(Input::Help) => say(&help_text(rubric, criterion, lang))?,
            Ok(Input::Quit) => {
                if quits(&answers, &logged.encounter, lang)? {
                    return Ok(None);
                }
            }
            Ok(Input::Back) => {
                if index == 0 {
                    say(&format!("  ! {}\n", tr(lang, &msg!("score-first-criterion"))))?;
                } else {
                    // The earlier answer stays until another is given:
                    // Enter keeps it.
                    index -= 1;
                    shown_section = None;
                    shown = None;
                }
            }
            Ok(Input::Answer(value, mut comment)) => {
                let fails = credit(criterion, &value)
                    .map_err(anyhow::Error::msg)?
                    .is_some_and(|c| criterion.fails(c));
                if fails && criterion.comment_on_fail && comment.is_none() {
                    // Accepting a failing suggestion: Enter takes the
                    // check's own words (turn and phrase) as the comment.
                    let offered = suggested
                        .filter(|answer| answer.value == value)
                        .and_then(|answer| answer.comment.clone());
                    let enter = offered
                        .as_ref()
                        .map_or(String::new(), |comment| format!(" [Enter = {comment}]"));
                    let mut again = false;
                    loop {
                        let Some(line) = read_line(&format!(
                            "  {}{enter} > ",
                            tr(lang, &msg!("score-comment-required"))
                        ))?
                        else {
                            return Err(ended(&answers));
                        };
                        match command_word(&line) {
                            // Back to this criterion's answer.
                            Some(Input::Back) => {
                                again = true;
                                break;
                            }
                            Some(Input::Quit) => {
                                if quits(&answers, &logged.encounter, lang)? {
                                    return Ok(None);
                                }
                                continue;
                            }
                            Some(Input::Help) => {
                                say(&help_text(rubric, criterion, lang))?;
                                continue;
                            }
                            _ => {}
                        }
                        if !line.trim().is_empty() {
                            comment = Some(line.trim().to_string());
                            break;
                        }
                        if offered.is_some() {
                            comment = offered;
                            break;
                        }
                    }
                    if again {
                        continue;
                    }
                }
                answers.insert(criterion.id.clone(), Answer { value, comment });
                keep(&answers)?;
                index += 1;
                if let Ok(partial) = score_partial(rubric, profile, &answers) {
                    let running = msg!(
                        "score-running",
                        score = crate::output::percent(partial.overall, lang),
                        answered = answers.len(),
                        of = applicable.len(),
                        critical = partial.critical_failures.len()
                    );
                    say(&format!("  = {}\n", tr(lang, &running)))?;
                }
            }
        }
    }
    say("\n")?;
    Ok(Some(answers))
}

/// Whether a typed answer is yes, in either language.
pub fn is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_lowercase().as_str(), "y" | "yes" | "k" | "kyllä" | "kylla")
}

/// Asks a yes-or-no question; the end of the input is no.
pub fn yes(question: &str, lang: Lang) -> anyhow::Result<bool> {
    let answer = read_line(&format!("{question} [{}] > ", tr(lang, &msg!("yes-no-keys"))))?;
    Ok(answer.is_some_and(|a| is_yes(&a)))
}

/// Reads one answer to a free question; `None` at the end of the input.
pub fn line(prompt: &str) -> anyhow::Result<Option<String>> {
    read_line(prompt)
}

/// Asks whether to record; anything but yes is no.
pub fn confirm(lang: Lang) -> anyhow::Result<bool> {
    yes(&tr(lang, &msg!("score-record-question")), lang)
}
