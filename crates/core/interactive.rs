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
use tarkka_ledger::EncounterState;
use tarkka_rubric::{Criterion, Lang, Profile, Rubric, Scale};
use tarkka_scoring::{Answer, AnswerValue, Answers, credit, expected, score_partial};

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
    if lang == Lang::En {
        return expected(criterion);
    }
    let na = if criterion.na_allowed { " tai na" } else { "" };
    match &criterion.scale {
        Scale::YesNo => format!("kyllä tai ei{na}"),
        Scale::Range { min, max } => format!("kokonaisluku {min}–{max}{na}"),
        Scale::Points { max } => format!("luku 0–{}{na}", max.to_plain_string()),
        Scale::Choices(choices) => {
            let names: Vec<&str> = choices.iter().map(|choice| choice.name.as_str()).collect();
            format!("yksi näistä: {}{na}", names.join(", "))
        }
    }
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
            None => Err(lang.pick(
                format!("vastaus puuttuu: {expected}"),
                format!("an answer is needed: {expected}"),
            )),
        };
    }
    match answer.to_lowercase().as_str() {
        "b" | "back" | "<" | "takaisin" => return Ok(Input::Back),
        "?" | "help" | "apua" => return Ok(Input::Help),
        "q" | "quit" | "lopeta" => return Ok(Input::Quit),
        _ => {}
    }
    let value = AnswerValue::parse(criterion, answer).map_err(|message| {
        lang.pick(format!("`{answer}` ei käy vastaukseksi; odotetaan: {expected}"), message)
    })?;
    if value == AnswerValue::NotApplicable && !criterion.na_allowed {
        return Err(lang.pick(
            format!("N/A ei ole sallittu tässä; odotetaan: {expected}"),
            format!("N/A is not allowed here; expected {expected}"),
        ));
    }
    credit(criterion, &value).map_err(|message| {
        lang.pick(format!("`{answer}` ei sovi asteikolle; odotetaan: {expected}"), message)
    })?;
    Ok(Input::Answer(value, comment))
}

/// Everything a criterion says, for `?`: the scale and what meets it, the
/// weight, the flags, the guidance, and an example answer.
fn help_text(rubric: &Rubric, criterion: &Criterion, lang: Lang) -> String {
    let t = |fi, en| lang.pick(fi, en);
    let section = rubric.section(&criterion.section);
    let mut text = format!(
        "  {}: {} ({}: {}); {} {}",
        t("Asteikko", "Scale"),
        crate::rubric_cmd::scale_text(criterion, lang),
        t("täyttyy", "met at"),
        crate::rubric_cmd::met_text(criterion, lang),
        t("paino", "weight"),
        criterion.weight.to_plain_string(),
    );
    if let Some(section) = section {
        text.push_str(&format!(
            " {} {} ({} {})",
            t("osiossa", "in section"),
            section.title.get(lang),
            t("paino", "weight"),
            section.weight.to_plain_string()
        ));
    }
    text.push('\n');
    let flags = crate::rubric_cmd::criterion_flags(criterion, lang);
    if !flags.is_empty() {
        text.push_str(&format!("  {}: {}\n", t("Liput", "Flags"), flags.join("; ")));
    }
    text.push_str(&format!(
        "  {}: {}\n",
        t("Ohje", "Guidance"),
        criterion.guidance.as_ref().map_or(
            t("tälle kohdalle ei ole ohjetta", "this criterion has no guidance"),
            |guidance| guidance.get(lang)
        )
    ));
    let example = match &criterion.scale {
        Scale::YesNo => t("ei", "no").to_string(),
        Scale::Range { max, .. } => max.to_string(),
        Scale::Points { max } => max.to_plain_string(),
        Scale::Choices(choices) => choices.first().map_or(String::new(), |c| c.name.clone()),
    };
    text.push_str(&format!(
        "  {}: {example} # {}   ({})\n",
        t("Esimerkki", "Example"),
        t("perustelu omin sanoin", "the reason in your own words"),
        t("b = takaisin, q = lopeta", "b = back, q = quit")
    ));
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
        AnswerValue::Yes => lang.pick("kyllä", "yes").to_string(),
        AnswerValue::No => lang.pick("ei", "no").to_string(),
        AnswerValue::NotApplicable => "N/A".to_string(),
        other => other.to_string(),
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
    let t = |fi, en| lang.pick(fi, en);
    let outcome = suggestions.outcome(&criterion.id)?;
    let check = crate::check_cmd::rubric_check(rubric, &criterion.id);
    let reason = crate::check_cmd::reason_text(&outcome.reason, check, lang);
    let Some(suggested) = suggestions.answer(&criterion.id) else {
        let what = match outcome.verdict {
            Verdict::Undetermined => t("ei ratkea", "cannot judge"),
            _ => t("ei ehdotusta", "no suggestion"),
        };
        return Some(format!("  {}: {what} — {reason}\n", t("Tarkistus", "Check")));
    };
    let mut text = format!(
        "  {}: {} — {reason}\n",
        t("Ehdotus", "Suggested"),
        value_word(&suggested.value, lang)
    );
    let transcript = &suggestions.transcript;
    for hit in outcome.hits.iter().take(2) {
        text.push_str(&format!("    {}\n", crate::check_cmd::evidence_line(hit, transcript, lang)));
    }
    if outcome.hits.is_empty()
        && let Some(miss) = outcome.near_misses.first()
    {
        text.push_str(&format!(
            "    {}: {} — {}\n",
            t("lähin", "closest"),
            crate::check_cmd::evidence_line(&miss.hit, transcript, lang),
            crate::check_cmd::miss_text(&miss.reason, &miss.hit, lang)
        ));
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
    let t = |fi, en| lang.pick(fi, en);
    let mut applicable = Vec::new();
    let mut skipped = Vec::new();
    for criterion in &rubric.criteria {
        match criterion.applies_to(profile) {
            Ok(true) => applicable.push(criterion),
            Ok(false) => skipped.push(criterion.id.as_str()),
            Err(missing) => bail!(
                "criterion `{}` needs the customer's `{}`, which the encounter's profile lacks",
                criterion.id,
                missing.0
            ),
        }
    }
    let logged = &encounter.logged.payload;
    let mut intro = format!(
        "{}  —  {} ({} {})\n{}: {}, {}: {}, {}\n",
        logged.encounter,
        rubric.title.get(lang),
        rubric.id,
        rubric.version,
        t("palvelija", "agent"),
        logged.agent,
        t("paikka", "location"),
        logged.location,
        logged.time
    );
    let attached: Vec<&str> = encounter.evidence.iter().map(|e| e.payload.kind.as_str()).collect();
    intro.push_str(&format!(
        "{}: {}\n",
        t("Liitetty näyttö", "Evidence attached"),
        if attached.is_empty() { "–".to_string() } else { attached.join(", ") }
    ));
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
        intro.push_str(&format!(
            "! {}: {}\n",
            t(
                "Lomake vaatii näyttöä, jota ei ole liitetty (lopuksi voit liittää sen tai kirjata syyn)",
                "The rubric requires evidence not attached (at the end you can attach it or record why not)"
            ),
            lacking.join("; ")
        ));
    }
    if !skipped.is_empty() {
        intro.push_str(&format!(
            "{}: {}\n",
            t("Ei koske tätä asiakasta", "Not applicable to this customer"),
            skipped.join(", ")
        ));
    }
    intro.push_str(&format!(
        "{}\n",
        t(
            "Vastaa: k/e, na, numero tai vaihtoehto; VASTAUS # kommentti; b = takaisin, ? = ohje, q = lopeta.",
            "Answer: y/n, na, a number or a choice; ANSWER # comment; b = back, ? = guidance, q = quit."
        )
    ));
    if let Some(suggestions) = suggestions {
        intro.push_str(&format!(
            "{} {} (sha256:{}…), {} sha256:{}…\n{}\n",
            t("Ehdotukset: automaattiset tarkistukset litteroinnista", "Suggestions: the automatic checks on"),
            suggestions.name,
            &suggestions.digest.to_string()[..12],
            t("säännöt", "rules"),
            &suggestions.rules_fingerprint[..12.min(suggestions.rules_fingerprint.len())],
            t(
                "Enter hyväksyy ehdotuksen, oma vastaus ohittaa sen; lomakkeeseen kirjataan kumpi.",
                "Enter accepts a suggestion, an answer of your own overrides it; the scoresheet records which."
            )
        ));
    }
    say(&intro)?;
    let mut answers = resumed;
    // A resumed draft goes on at its first unanswered criterion.
    let mut index =
        applicable.iter().position(|c| !answers.contains_key(&c.id)).unwrap_or(applicable.len());
    let ended = |answers: &Answers| {
        let kept = if answers.is_empty() {
            String::new()
        } else {
            format!("; the {} answers so far are kept as a draft", answers.len())
        };
        anyhow::anyhow!(
            "the input ended before every criterion was answered; nothing was recorded{kept}"
        )
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
            if criterion.critical.is_some() {
                flags.push(t("KRIITTINEN", "CRITICAL"));
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
                text.push_str(&format!("  {}: {}\n", t("Ohje", "Guidance"), guidance.get(lang)));
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
                shown.push_str(&format!(" ({})", t("aiempi vastaus", "earlier answer")));
            }
            format!(" [Enter = {shown}]")
        });
        let prompt =
            format!("  {} ({}){enter} > ", t("Vastaus", "Answer"), expected_text(criterion, lang));
        let Some(line) = read_line(&prompt)? else {
            return Err(ended(&answers));
        };
        match parse_input(criterion, &line, default, lang) {
            Err(message) => say(&format!("  ! {message}\n"))?,
            Ok(Input::Help) => say(&help_text(rubric, criterion, lang))?,
            Ok(Input::Quit) => {
                if !answers.is_empty() {
                    let sure = read_line(&format!(
                        "  {} [{}] > ",
                        lang.pick(
                            format!(
                                "Lopetetaanko? {} vastausta säilyy luonnoksena, ja `tarkka score {}` jatkaa siitä.",
                                answers.len(),
                                logged.encounter
                            ),
                            format!(
                                "Quit? The {} answers so far are kept as a draft, and `tarkka score {}` resumes it.",
                                answers.len(),
                                logged.encounter
                            )
                        ),
                        t("k/e", "y/n")
                    ))?;
                    if sure.as_deref().is_some_and(|a| !is_yes(a)) {
                        continue;
                    }
                }
                say(&format!(
                    "{}\n",
                    t("Lopetettu: mitään ei kirjattu.", "Quit: nothing was recorded.")
                ))?;
                return Ok(None);
            }
            Ok(Input::Back) => {
                if index == 0 {
                    say(&format!(
                        "  ! {}\n",
                        t("Tämä on ensimmäinen kohta.", "This is the first criterion.")
                    ))?;
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
                    loop {
                        let Some(line) = read_line(&format!(
                            "  {}{enter} > ",
                            t(
                                "Kommentti (pakollinen, kun kohta ei täyty)",
                                "Comment (required when the criterion fails)"
                            )
                        ))?
                        else {
                            return Err(ended(&answers));
                        };
                        if !line.trim().is_empty() {
                            comment = Some(line.trim().to_string());
                            break;
                        }
                        if offered.is_some() {
                            comment = offered;
                            break;
                        }
                    }
                }
                answers.insert(criterion.id.clone(), Answer { value, comment });
                keep(&answers)?;
                index += 1;
                if let Ok(partial) = score_partial(rubric, profile, &answers) {
                    let running = partial
                        .overall
                        .map_or("–".to_string(), |o| format!("{} %", o.to_percent_string()));
                    let critical = if partial.critical_failures.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", {} {}",
                            t("kriittisiä virheitä", "critical failures"),
                            partial.critical_failures.len()
                        )
                    };
                    say(&format!(
                        "  = {} {running} ({}/{}{critical})\n",
                        t("pisteet nyt", "running score"),
                        answers.len(),
                        applicable.len()
                    ))?;
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
    let answer = read_line(&format!("{question} [{}] > ", lang.pick("k/e", "y/n")))?;
    Ok(answer.is_some_and(|a| is_yes(&a)))
}

/// Reads one answer to a free question; `None` at the end of the input.
pub fn line(prompt: &str) -> anyhow::Result<Option<String>> {
    read_line(prompt)
}

/// Asks whether to record; anything but yes is no.
pub fn confirm(lang: Lang) -> anyhow::Result<bool> {
    yes(lang.pick("Kirjataanko pisteytys?", "Record this scoresheet?"), lang)
}
