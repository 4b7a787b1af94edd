use tarkka_transcript::read::{self, Format, SpeakerMap};

use super::*;

const RUBRIC: &str = r#"
format = 1
id = "t"
version = "1"
title = { fi = "T", en = "T" }
channel = "call"
pass_threshold = 0.5

[profile]
language = ["fi", "sv", "en"]
segment = ["consumer", "business"]

[phrases.offer]
fi = ["tarjo*", "hinta*", "maksaa"]
en = ["offer*", "price*"]

[phrases.time]
fi = ["huomenna", "torstai*", "klo"]
en = ["tomorrow", "thursday"]

[phrases.greeting]
fi = ["hyvää päivää", "hei"]
sv = ["hej", "god dag"]
en = ["hello"]

[[section]]
id = "s"
title = { fi = "S", en = "S" }

[[criterion]]
id = "permission"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
within = { turns = 4 }
phrases.fi = ["sopiiko hetki", "ehdi* jutella"]
phrases.en = ["good time"]
before = "offer"

[[criterion]]
id = "questions"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
phrases.fi = ["mitä", "miten", "mitä mieltä"]
min_count = 2
before = "offer"

[[criterion]]
id = "too-small"
section = "s"
text = { fi = "X", en = "X" }
when = { segment = "business" }
[criterion.check]
absent = true
phrases.fi = ["liian pieni"]

[[criterion]]
id = "promise"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
phrases.fi = ["soita*"]
phrases.en = ["call*"]
near = { set = "time", words = 4 }
promise = true

[[criterion]]
id = "greeting"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
set = "greeting"
within = { turns = 2 }
language = "customer"

[[criterion]]
id = "reference"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
regex = "\\b[A-Z]{2}-\\d{4,}\\b"

[[criterion]]
id = "quick"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
within = { seconds = 10 }
phrases.fi = ["hei"]
"#;

fn run(log: &str, profile: &[(&str, &str)]) -> Vec<Outcome> {
    let rubric = tarkka_rubric::parse(RUBRIC).unwrap();
    let (transcript, _) = read::read(Format::Text, log.as_bytes(), &SpeakerMap::default()).unwrap();
    let encounter = Encounter {
        profile: profile
            .iter()
            .map(|(k, v)| (k.to_string(), tarkka_rubric::ProfileValue::parse(v)))
            .collect(),
        start: zoned("2026-03-02T10:15:00+02:00"),
    };
    Checker::new(&rubric).check(&transcript, &encounter)
}

fn outcome<'a>(outcomes: &'a [Outcome], id: &str) -> &'a Outcome {
    outcomes.iter().find(|o| o.criterion == id).unwrap()
}

const GOOD: &str = "\
Myyjä: Hyvää päivää, täällä Sanna Siivouspalvelusta. Sopiiko hetki?
Asiakas: Hei, sopii.
Myyjä: Mitä mieltä olette nykyisestä siivouksesta? Miten se on järjestetty?
Asiakas: Ihan hyvin, mutta kallis.
Myyjä: Meillä olisi tarjous, hinta on 300 euroa kuussa.
Asiakas: Lähettäkää tietoja.
Myyjä: Soitan teille torstaina, asianumero on AB-20931.
";

#[test]
fn a_good_call_passes_with_the_words_that_made_it() {
    let outcomes = run(GOOD, &[("language", "fi"), ("segment", "business")]);
    let permission = outcome(&outcomes, "permission");
    assert_eq!(permission.verdict, Verdict::Pass);
    assert_eq!(permission.hits[0].matched, "Sopiiko hetki");
    assert_eq!(permission.hits[0].turn, 0);
    assert_eq!(permission.hits[0].line, 1);

    // `mitä` inside `mitä mieltä` counts once; `Miten` is the second.
    let questions = outcome(&outcomes, "questions");
    assert_eq!(questions.verdict, Verdict::Pass);
    let matched: Vec<&str> = questions.hits.iter().map(|h| h.matched.as_str()).collect();
    assert_eq!(matched, ["Mitä mieltä", "Miten"]);
    assert_eq!(questions.reason, Reason::Found { found: 2, needed: 2 });

    assert_eq!(outcome(&outcomes, "too-small").verdict, Verdict::Pass);
    assert_eq!(outcome(&outcomes, "reference").hits[0].matched, "AB-20931");

    let promise = outcome(&outcomes, "promise");
    assert_eq!(promise.verdict, Verdict::Pass);
    assert_eq!(promise.promises.len(), 1);
    assert_eq!(promise.promises[0].time.as_deref(), Some("torstaina"));
    assert_eq!(
        promise.promises[0].deadline.as_ref().map(|d| d.at.as_str()),
        Some("2026-03-05T23:59:59+02:00")
    );
}

#[test]
fn near_misses_say_why_they_did_not_count() {
    let log = "\
Myyjä: Meillä on hyvä tarjous teille.
Asiakas: Ettekö edes kysy, sopiiko hetki?
Myyjä: Anteeksi. Mitä teille kuuluu?
Asiakas: No hyvin.
Myyjä: Sopiiko hetki?
Myyjä: En soita huomenna. Soitan joskus.
";
    let outcomes = run(log, &[("language", "fi"), ("segment", "consumer")]);
    let permission = outcome(&outcomes, "permission");
    assert_eq!(permission.verdict, Verdict::Fail);
    assert!(permission.hits.is_empty());
    let reasons: Vec<(usize, &Miss)> =
        permission.near_misses.iter().map(|m| (m.hit.turn, &m.reason)).collect();
    assert_eq!(reasons, [(1, &Miss::WrongSpeaker), (4, &Miss::OutsideWindow)]);

    let questions = outcome(&outcomes, "questions");
    assert_eq!(questions.verdict, Verdict::Fail);
    assert_eq!(questions.near_misses[0].reason, Miss::AfterBefore { set: "offer".into(), turn: 0 });

    let promise = outcome(&outcomes, "promise");
    assert_eq!(promise.verdict, Verdict::Fail);
    let reasons: Vec<&Miss> = promise.near_misses.iter().map(|m| &m.reason).collect();
    assert_eq!(
        reasons,
        [&Miss::Negated { word: "En".into() }, &Miss::NotNear { set: "time".into(), words: 4 }]
    );
    assert_eq!(outcome(&outcomes, "too-small").verdict, Verdict::NotApplicable);
}

#[test]
fn forbidden_phrases_fail_only_when_the_agent_says_them() {
    let log = "\
Asiakas: Meidän toimisto on varmaan liian pieni teille.
Myyjä: Ei ollenkaan.
";
    let outcomes = run(log, &[("language", "fi"), ("segment", "business")]);
    let forbidden = outcome(&outcomes, "too-small");
    assert_eq!(forbidden.verdict, Verdict::Pass);
    assert_eq!(forbidden.near_misses[0].reason, Miss::WrongSpeaker);

    let log = "Myyjä: Teidän toimisto on meille LIIAN pieni.\n";
    let outcomes = run(log, &[("language", "fi"), ("segment", "business")]);
    let forbidden = outcome(&outcomes, "too-small");
    assert_eq!(forbidden.verdict, Verdict::Fail);
    assert_eq!(forbidden.reason, Reason::Forbidden { found: 1 });
    assert_eq!(forbidden.hits[0].matched, "LIIAN pieni");
}

#[test]
fn the_customers_language_decides_which_phrases_count() {
    let log = "Myyjä: Hyvää päivää!\nAsiakas: Hej.\nMyyjä: Hej, vi kan tala svenska.\n";
    let outcomes = run(log, &[("language", "sv"), ("segment", "consumer")]);
    let greeting = outcome(&outcomes, "greeting");
    // The Finnish greeting does not count for a Swedish-speaking customer,
    // and the Swedish one came too late.
    assert_eq!(greeting.verdict, Verdict::Fail);
    let reasons: Vec<&Miss> = greeting.near_misses.iter().map(|m| &m.reason).collect();
    assert_eq!(
        reasons,
        [&Miss::OtherLanguage { customer: "sv".into() }, &Miss::WrongSpeaker, &Miss::OutsideWindow]
    );
    let outcomes = run(log, &[("language", "fi"), ("segment", "consumer")]);
    assert_eq!(outcome(&outcomes, "greeting").verdict, Verdict::Pass);
    let outcomes = run(log, &[("segment", "consumer")]);
    assert_eq!(
        outcome(&outcomes, "greeting").reason,
        Reason::MissingProfileField { field: "language".into() }
    );
}

#[test]
fn what_the_transcript_lacks_is_undetermined_not_failed() {
    // No times: a window in seconds cannot be judged.
    let outcomes = run(GOOD, &[("language", "fi"), ("segment", "consumer")]);
    assert_eq!(outcome(&outcomes, "quick").reason, Reason::NoTimes);
    // With times it can.
    let log = "[00:00:01] Myyjä: Hei!\n[00:00:30] Myyjä: Hei taas.\n";
    let outcomes = run(log, &[("language", "fi"), ("segment", "consumer")]);
    let quick = outcome(&outcomes, "quick");
    assert_eq!(quick.verdict, Verdict::Pass);
    assert_eq!(quick.hits.len(), 1);
    assert_eq!(quick.near_misses[0].reason, Miss::OutsideWindow);
    // Nobody is the agent: an agent's check cannot be judged.
    let log = "Liisa: Sopiiko hetki?\nMatti: Sopii.\n";
    let outcomes = run(log, &[("language", "fi"), ("segment", "business")]);
    assert_eq!(outcome(&outcomes, "permission").reason, Reason::NoSpeaker { who: "agent".into() });
    assert_eq!(outcome(&outcomes, "too-small").verdict, Verdict::Undetermined);
}

#[test]
fn words_match_whole_and_by_prefix_only() {
    let log = "Myyjä: Ehdittekö jutella? Hinnoittelu ei ole vielä selvä.\nAsiakas: Hetkinen.\n";
    let outcomes = run(log, &[("language", "fi"), ("segment", "consumer")]);
    let permission = outcome(&outcomes, "permission");
    assert_eq!(permission.verdict, Verdict::Pass);
    assert_eq!(permission.hits[0].matched, "Ehdittekö jutella");
    let log = "Myyjä: Sopiiko hetkinen?\n";
    let outcomes = run(log, &[("language", "fi"), ("segment", "consumer")]);
    assert_eq!(outcome(&outcomes, "permission").verdict, Verdict::Fail);
}

#[test]
fn results_serialise_for_machines() {
    let outcomes = run(GOOD, &[("language", "fi"), ("segment", "business")]);
    let json = serde_json::to_value(outcome(&outcomes, "permission")).unwrap();
    assert_eq!(json["verdict"], "pass");
    assert_eq!(json["reason"]["kind"], "found");
    assert_eq!(json["hits"][0]["span"]["start"], 54);
    assert_eq!(json["hits"][0]["speaker"], "agent");
}

#[test]
fn regex_prefilters_drop_only_assertions() {
    let rubric = tarkka_rubric::parse(RUBRIC).unwrap();
    let pattern = &rubric.criterion("reference").unwrap().check.as_ref().unwrap().regex[0];
    let prefilter = prefilter(pattern).unwrap();
    // Wider than the pattern: matches inside a word, where `\b` would not.
    assert!(prefilter.is_match("xab-12345y"));
    assert!(!pattern.regex.is_match("xab-12345y"));
    // And never narrower.
    for text in ["AB-1234", "Asianumero on kk-20931.", "ää AB-99999 öö"] {
        assert!(pattern.regex.is_match(text) && prefilter.is_match(text), "{text}");
    }
    assert!(!prefilter.is_match("Ei numeroa tässä."));
}

/// `na_if`, `unless_near` and negation reaching across "että".
const FOLLOW_UP: &str = r#"
format = 2
id = "f"
version = "1"
title = { fi = "F", en = "F" }
channel = "call"
pass_threshold = 0.5

[phrases.time]
fi = ["huomenna", "klo", "mennessä"]
en = ["tomorrow", "noon"]

[phrases.solved]
asked = false
fi = ["nyt kunnossa"]
en = ["all sorted"]

[phrases.vague]
fi = ["joku soittaa"]
en = ["someone will call"]

[phrases.declined]
fi = ["ei kiitos"]
en = ["no thanks"]

[phrases.stock]
fi = ["mahdollista haittaa"]
en = ["any inconvenience"]

[[section]]
id = "s"
title = { fi = "S", en = "S" }

[[criterion]]
id = "commitment"
section = "s"
text = { fi = "X", en = "X" }
na = true
critical = "section"
[criterion.check]
phrases.fi = ["soitan", "soittaa teille"]
phrases.en = ["i'll call", "will call you"]
near = { set = "time", words = 6 }
promise = true
na_if = "solved"

[[criterion]]
id = "next-step"
section = "s"
text = { fi = "X", en = "X" }
na = true
[criterion.check]
phrases.fi = ["soitan"]
phrases.en = ["i'll call"]
na_if = "declined"
na_who = "customer"

[[criterion]]
id = "no-vague"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
absent = true
set = "vague"
unless_near = { set = "time", words = 6 }

[[criterion]]
id = "no-blame"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
absent = true
phrases.fi = ["vika ... teidän päässä", "lomalla ... asti", "joku soittaa"]
unless_near = { set = "time", words = 6 }

[[criterion]]
id = "open"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
phrases.fi = ["mitä", "miten"]
phrases.en = ["what", "how"]
question = true
min_count = 2

[[criterion]]
id = "apology"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
phrases.fi = ["pahoittel*"]
phrases.en = ["apologi*"]
unless_near = { set = "stock", words = 3 }

[phrases.deflect]
fi = ["palaa ensi viikolla"]
en = ["back next week"]

[phrases.not-mine]
fi = ["ei kuulu minulle"]
en = ["not my department"]

[[criterion]]
id = "takes-on"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
phrases.fi = ["hoidan"]
phrases.en = ["i'll sort"]
undone_by = ["deflect", "not-mine"]

[phrases.which-matter]
fi = ["mistä asiasta"]
en = ["which enquiry"]

[[criterion]]
id = "identifies"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
within = { turns = 3 }
phrases.fi = ["liittyen"]
phrases.en = ["following up"]
undone_by_reply = "which-matter"

[phrases.not-now]
fi = ["on kiire"]
en = ["bad time"]

[phrases.another-time]
fi = ["soitanko huomenna"]
en = ["call you back"]

[[criterion]]
id = "permission"
section = "s"
text = { fi = "X", en = "X" }
[criterion.check]
within = { turns = 4 }
phrases.fi = ["sopiiko hetki"]
phrases.en = ["good moment"]
undone_by_reply = "not-now"
unless_then = "another-time"
"#;

fn follow_up(log: &str) -> Vec<Outcome> {
    check_log(&tarkka_rubric::parse(FOLLOW_UP).unwrap(), log).0
}

/// `rubric`'s checks on a plain log, for a customer with no profile, with
/// the transcript as read.
fn check_log(rubric: &tarkka_rubric::Rubric, log: &str) -> (Vec<Outcome>, Transcript) {
    let (transcript, _) = read::read(Format::Text, log.as_bytes(), &SpeakerMap::default()).unwrap();
    let encounter =
        Encounter { profile: Profile::new(), start: zoned("2026-03-02T10:15:00+02:00") };
    (Checker::new(rubric).check(&transcript, &encounter), transcript)
}

#[test]
fn a_match_the_reply_undid_stands_when_its_speaker_then_says_the_unless_then_words() {
    // Asked, told it is a bad moment, and another time offered: asked well.
    let offered = follow_up(
        "Agent: Is this a good moment?\nCustomer: Bad time, I'm driving.\nAgent: I'll call you back at four, then.\n",
    );
    assert_eq!(outcome(&offered, "permission").verdict, Verdict::Pass);
    // Asked, told so, and the pitch goes on: undone by the reply.
    let pushed = follow_up(
        "Agentti: Sopiiko hetki?\nAsiakas: Ei oikein, on kiire.\nAgentti: Tämä on lyhyt asia, meillä on tarjous.\n",
    );
    let permission = outcome(&pushed, "permission");
    assert_eq!(permission.verdict, Verdict::Fail);
    assert_eq!(permission.hits[0].matched, "on kiire");
    assert!(matches!(permission.near_misses[0].reason, Miss::Unplaced { .. }));
    // The words count only in the asker's own next turn, and not negated.
    let later = follow_up(
        "Agentti: Sopiiko hetki?\nAsiakas: On kiire.\nAgentti: Kerron nopeasti.\nAsiakas: No?\nAgentti: Soitanko huomenna?\n",
    );
    assert_eq!(outcome(&later, "permission").verdict, Verdict::Fail);
    let negated = follow_up(
        "Agent: Is this a good moment?\nCustomer: Bad time.\nAgent: I won't call you back, this is quick.\n",
    );
    assert_eq!(outcome(&negated, "permission").verdict, Verdict::Fail);
    // Another time offered with the question itself stands as well.
    let asked = follow_up(
        "Agent: Is this a good moment, or shall I call you back?\nCustomer: Bad time, sorry.\nAgent: Of course.\n",
    );
    assert_eq!(outcome(&asked, "permission").verdict, Verdict::Pass);
    // Without the reply, nothing to undo.
    let fine = follow_up("Agent: Is this a good moment?\nCustomer: Sure.\n");
    assert_eq!(outcome(&fine, "permission").verdict, Verdict::Pass);
}

#[test]
fn na_who_reads_the_words_that_make_a_criterion_na_only_in_that_speakers_turns() {
    let declined = follow_up("Agentti: Sopisiko esittely?\nAsiakas: Ei kiitos.\n");
    assert_eq!(outcome(&declined, "next-step").verdict, Verdict::NotApplicable);
    // The seller's own "no thanks" declines nothing.
    let seller = follow_up("Agent: No thanks needed, bye.\nCustomer: Bye.\n");
    assert_eq!(outcome(&seller, "next-step").verdict, Verdict::Fail);
}

#[test]
fn words_that_show_a_criterion_was_not_needed_make_it_na_not_a_fail() {
    let solved =
        follow_up("Agentti: Korjasin osoitteen, asia on nyt kunnossa.\nAsiakas: Kiitos!\n");
    let commitment = outcome(&solved, "commitment");
    assert_eq!(commitment.verdict, Verdict::NotApplicable);
    assert_eq!(commitment.reason, Reason::NotNeeded { found: 1 });
    assert_eq!(commitment.hits[0].matched, "nyt kunnossa");
    // Negated, it shows nothing: "ei ole vielä nyt kunnossa" is still a fail.
    let open = follow_up("Agentti: Se ei nyt kunnossa ole.\n");
    assert_eq!(outcome(&open, "commitment").verdict, Verdict::Fail);
    // Asked, where the set says `asked = false`, it settles nothing: the
    // customer's "onko se nyt kunnossa?" is still a fail, and `--explain`
    // names the words and why; the answer that states it is not.
    let asked = follow_up("Agentti: Selvitän.\nAsiakas: Onko se nyt kunnossa?\n");
    let commitment = outcome(&asked, "commitment");
    assert_eq!(commitment.verdict, Verdict::Fail);
    let reasons: Vec<(&str, &Miss)> = commitment
        .near_misses
        .iter()
        .map(|miss| (miss.hit.matched.as_str(), &miss.reason))
        .collect();
    assert_eq!(reasons, [("nyt kunnossa", &Miss::Asked)]);
    let answered =
        follow_up("Asiakas: Onko se nyt kunnossa?\nAgentti: Kyllä, kaikki on nyt kunnossa.\n");
    assert_eq!(outcome(&answered, "commitment").verdict, Verdict::NotApplicable);
    // Only the question's own clause is asked: "se on nyt kunnossa, onko
    // muuta?" states it.
    let tagged = follow_up("Agentti: Se on nyt kunnossa, onko muuta?\n");
    assert_eq!(outcome(&tagged, "commitment").verdict, Verdict::NotApplicable);
    // Raw speech-to-text has no question marks: there the words still count.
    let raw = follow_up("Agentti: selvitän\nAsiakas: onko se nyt kunnossa\n");
    assert_eq!(outcome(&raw, "commitment").verdict, Verdict::NotApplicable);
    // A commitment found wins over the N/A words.
    let both = follow_up("Agentti: Nyt kunnossa, ja soitan huomenna varmistaakseni.\n");
    assert_eq!(outcome(&both, "commitment").verdict, Verdict::Pass);
}

#[test]
fn a_full_stop_after_an_abbreviation_or_an_ordinal_does_not_end_the_sentence() {
    let verdict = |log: &str| outcome(&follow_up(log), "commitment").verdict;
    // "a.m." before a lower-case word: the time is in the promise's sentence.
    assert_eq!(verdict("Agent: I'll call at 9 a.m. tomorrow.\n"), Verdict::Pass);
    // "23." is an ordinal: "päivään mennessä" is the deadline.
    assert_eq!(verdict("Agentti: Soitan 23. päivään mennessä.\n"), Verdict::Pass);
    // A capital after it starts a new sentence, and so does "...".
    assert_eq!(verdict("Agent: I'll call at 9 a.m. Tomorrow is full.\n"), Verdict::Fail);
    assert_eq!(verdict("Agent: I'll call... tomorrow.\n"), Verdict::Fail);
    // A longer word before the stop ends the sentence whatever follows.
    assert_eq!(verdict("Agent: I'll call again. tomorrow is out.\n"), Verdict::Fail);
}

#[test]
fn contractions_match_with_or_without_their_apostrophes() {
    // Raw speech-to-text drops apostrophes: "ill call" is "I'll call".
    for log in ["Agent: ok ill call you tomorrow\n", "Agent: OK, I’ll call you tomorrow.\n"] {
        let outcomes = follow_up(log);
        let commitment = outcome(&outcomes, "commitment");
        assert_eq!(commitment.verdict, Verdict::Pass, "{log}");
        assert!(commitment.hits[0].matched.to_lowercase().ends_with("ll call"), "{log}");
    }
    // A negation written without one still negates.
    let negated = follow_up("Agent: i dont think ill call you tomorrow\n");
    let commitment = outcome(&negated, "commitment");
    assert_eq!(commitment.verdict, Verdict::Fail);
    assert!(matches!(commitment.near_misses[0].reason, Miss::Negated { .. }));
}

#[test]
fn in_raw_speech_to_text_a_first_person_subject_opens_a_clause_no_negation_reaches() {
    // No punctuation anywhere: the clause "ill call you tomorrow" is a new
    // one, and the "not" before it is about something else.
    let raw = follow_up("Agent: sorry thats not ok ill call you tomorrow\n");
    assert_eq!(outcome(&raw, "commitment").verdict, Verdict::Pass);
    // A word that carries the negation into the clause still does, and so
    // does a negation right before the subject.
    for log in [
        "Agent: i cant promise ill call you tomorrow\n",
        "Agentti: en mä voi luvata et mä soitan huomenna\n",
        "Agentti: en mä soitan huomenna\n",
    ] {
        let outcomes = follow_up(log);
        let commitment = outcome(&outcomes, "commitment");
        assert_eq!(commitment.verdict, Verdict::Fail, "{log}");
        assert!(matches!(commitment.near_misses[0].reason, Miss::Negated { .. }), "{log}");
    }
    // With punctuation the clauses are read from it, as before.
    let punctuated = follow_up("Agent: Sorry that is not ok I'll call you tomorrow.\n");
    assert_eq!(outcome(&punctuated, "commitment").verdict, Verdict::Fail);
}

#[test]
fn a_named_colleague_with_a_time_is_a_commitment_and_no_vague_promise() {
    let fi = follow_up("Agentti: Laskutuksen Anna soittaa teille huomenna klo 10 mennessä.\n");
    assert_eq!(outcome(&fi, "commitment").verdict, Verdict::Pass);
    let en = follow_up("Agent: Someone will call you tomorrow before noon.\n");
    assert_eq!(outcome(&en, "commitment").verdict, Verdict::Pass);
    assert_eq!(outcome(&en, "no-vague").verdict, Verdict::Pass);
    assert!(matches!(outcome(&en, "no-vague").near_misses[0].reason, Miss::Qualified { .. }));
    // Without a time it stays vague.
    let vague = follow_up("Agentti: Joku soittaa teille sitten.\n");
    assert_eq!(outcome(&vague, "no-vague").verdict, Verdict::Fail);
}

#[test]
fn a_negation_reaches_into_the_that_clause_after_it() {
    let negated = follow_up("Agentti: En voi luvata, että soitan huomenna.\n");
    let commitment = outcome(&negated, "commitment");
    assert_eq!(commitment.verdict, Verdict::Fail);
    assert!(matches!(commitment.near_misses[0].reason, Miss::Negated { .. }));
    // A comma without "että" still ends the negation's reach.
    let apology = follow_up("Agentti: Ei hätää, soitan huomenna.\n");
    assert_eq!(outcome(&apology, "commitment").verdict, Verdict::Pass);
    // "I can't call you tomorrow": a negated time is no time.
    let time = follow_up("Agent: I can't make tomorrow, I'll call.\n");
    assert_eq!(outcome(&time, "commitment").verdict, Verdict::Fail);
}

#[test]
fn unless_near_keeps_a_presence_check_from_counting_a_stock_form() {
    for stock in [
        "Agent: We apologise for any inconvenience.\n",
        "Agentti: Pahoittelemme mahdollista haittaa.\n",
    ] {
        let apology = outcome(&follow_up(stock), "apology").clone();
        assert_eq!(apology.verdict, Verdict::Fail, "{stock}");
        assert!(matches!(apology.near_misses[0].reason, Miss::Qualified { .. }), "{stock}");
    }
    let sincere = follow_up("Agent: I apologise, that should never have happened.\n");
    assert_eq!(outcome(&sincere, "apology").verdict, Verdict::Pass);
    // The stock words in another sentence do not touch it.
    let both = follow_up("Agent: I do apologise. Any inconvenience is on us.\n");
    assert_eq!(outcome(&both, "apology").verdict, Verdict::Pass);
}

#[test]
fn a_spoken_et_before_a_pronoun_is_that_not_a_negation() {
    // "et mä soitan": that I call.
    let promised = follow_up("Agentti: joo mä lupaan et mä soitan huomenna\n");
    assert_eq!(outcome(&promised, "commitment").verdict, Verdict::Pass);
    // A negation before it still reaches through it, however many words
    // the spoken clause spends on the way.
    let negated = follow_up("Agentti: en mä nyt voi luvata et mä soitan huomenna\n");
    let commitment = outcome(&negated, "commitment");
    assert_eq!(commitment.verdict, Verdict::Fail);
    assert!(matches!(&commitment.near_misses[0].reason, Miss::Negated { word } if word == "en"));
    // "et" with a finite "olla" close after it is "että" too: "kirjasin
    // että asia on kesken".
    let noted = follow_up("Agentti: kirjasin et asia on kesken soitan huomenna\n");
    assert_eq!(outcome(&noted, "commitment").verdict, Verdict::Pass);
    // So is "et" before a passive, which the negative verb never takes:
    // "sovittiin et jatketaan ja soitan huomenna" — but "et mitään" is
    // "not anything".
    let passive = follow_up("Agentti: sovittiin et jatketaan ja soitan huomenna\n");
    assert_eq!(outcome(&passive, "commitment").verdict, Verdict::Pass);
    let nothing = follow_up("Agentti: et mitään soitan huomenna saa\n");
    assert_eq!(outcome(&nothing, "commitment").verdict, Verdict::Fail);
    // "et sä voi" is still "you cannot".
    let you_cannot = follow_up("Agentti: et sä voi soittaa teille huomenna\n");
    assert!(matches!(
        &outcome(&you_cannot, "commitment").near_misses[0].reason,
        Miss::Negated { word } if word == "et"
    ));
}

#[test]
fn a_gap_in_a_phrase_lets_a_few_words_of_the_same_clause_between() {
    let spoken = follow_up("Agentti: no kyl se vika on sit varmaan teidän päässä jossain\n");
    let blame = outcome(&spoken, "no-blame");
    assert_eq!(blame.verdict, Verdict::Fail);
    assert_eq!(blame.hits[0].matched, "vika on sit varmaan teidän päässä");
    let away = follow_up("Agentti: Mervi on lomalla ensi viikon keskiviikkoon asti.\n");
    assert_eq!(
        outcome(&away, "no-blame").hits[0].matched,
        "lomalla ensi viikon keskiviikkoon asti"
    );
    // A time among the phrase's own words does not qualify it; one after
    // it does.
    let own = follow_up("Agentti: Mervi on lomalla huomenna klo 12 asti.\n");
    assert_eq!(outcome(&own, "no-blame").verdict, Verdict::Fail);
    let after = follow_up("Agentti: Joku soittaa teille huomenna.\n");
    assert_eq!(outcome(&after, "no-blame").verdict, Verdict::Pass);
    // Not across a comma, and not over more than the gap allows.
    for fine in [
        "Agentti: Vika on meidän, ei tarvitse tehdä mitään teidän päässä.\n",
        "Agentti: Vika oli se vanha asetus eikä mikään muu teidän päässä.\n",
    ] {
        assert_eq!(outcome(&follow_up(fine), "no-blame").verdict, Verdict::Pass, "{fine}");
    }
}

#[test]
fn without_any_punctuation_each_clause_with_a_question_word_counts_once() {
    // Punctuated: the statement is no question.
    let punctuated = follow_up("Agentti: Mitä teillä on käytössä? Kerron, miten se toimii.\n");
    let open = outcome(&punctuated, "open");
    assert_eq!(open.reason, Reason::TooFew { found: 1, needed: 2 });
    assert_eq!(open.near_misses[0].reason, Miss::NotAQuestion);
    // Raw speech-to-text has no punctuation to read: each turn's clause
    // with a question word counts, once.
    let raw = follow_up(
        "Agentti: mitä teillä on nyt käytössä\nAsiakas: excel\nAgentti: okei miten se toimii\n",
    );
    assert_eq!(outcome(&raw, "open").verdict, Verdict::Pass);
    let once = follow_up("Agentti: mitä ja miten teillä menee\nAsiakas: hyvin\n");
    assert_eq!(outcome(&once, "open").reason, Reason::TooFew { found: 1, needed: 2 });
}

/// A check failed because its one match was undone: the words that undid
/// it (and their turn) are the hit, the match a near miss with `reason`.
fn assert_undone(
    outcome: &Outcome,
    (undoing, turn): (&str, usize),
    (matched, reason): (&str, Miss),
) {
    assert_eq!(outcome.verdict, Verdict::Fail);
    assert_eq!(outcome.reason, Reason::Undone { found: 1 });
    assert_eq!(outcome.hits[0].matched, undoing);
    assert_eq!(outcome.hits[0].turn, turn);
    assert_eq!(outcome.near_misses[0].hit.matched, matched);
    assert_eq!(outcome.near_misses[0].reason, reason);
}

#[test]
fn a_match_the_same_speaker_undoes_later_does_not_count_and_the_last_word_wins() {
    let undone = follow_up(
        "Agentti: Hoidan tämän.\nAsiakas: Kiitos.\nAgentti: Tai siis, kollega palaa ensi viikolla.\n",
    );
    let takes_on = outcome(&undone, "takes-on");
    let deflect = Miss::Undone { set: "deflect".to_string() };
    assert_undone(takes_on, ("palaa ensi viikolla", 2), ("Hoidan", deflect));
    // Pointing away first and taking it on after all passes.
    let recovered = follow_up(
        "Agent: She's back next week.\nCustomer: That's too late.\nAgent: Fine, I'll sort it.\n",
    );
    assert_eq!(outcome(&recovered, "takes-on").verdict, Verdict::Pass);
    // The customer's words, or a negated one, undo nothing.
    let customer =
        follow_up("Agent: I'll sort it.\nCustomer: Great, as he's back next week anyway.\n");
    assert_eq!(outcome(&customer, "takes-on").verdict, Verdict::Pass);
    let negated = follow_up("Agentti: Hoidan tämän, hän ei palaa ensi viikolla.\n");
    assert_eq!(outcome(&negated, "takes-on").verdict, Verdict::Pass);
    // Nothing found at all is a plain miss, not an undoing.
    let nothing = follow_up("Agentti: Kollega palaa ensi viikolla.\n");
    assert_eq!(outcome(&nothing, "takes-on").reason, Reason::TooFew { found: 0, needed: 1 });
    // Any set of the list undoes, and the near miss names the one that did.
    let other_set = follow_up(
        "Agent: I'll sort it.\nCustomer: Thanks.\nAgent: Well, it's not my department.\n",
    );
    // One set may be named alone, as before lists.
    let single =
        FOLLOW_UP.replace(r#"undone_by = ["deflect", "not-mine"]"#, r#"undone_by = "deflect""#);
    let single = tarkka_rubric::parse(&single).unwrap();
    let takes_on = single.criterion("takes-on").and_then(|c| c.check.as_ref()).unwrap();
    assert_eq!(takes_on.undone_by, ["deflect"]);
    let not_mine = Miss::Undone { set: "not-mine".to_string() };
    assert_undone(
        outcome(&other_set, "takes-on"),
        ("not my department", 2),
        ("I'll sort", not_mine),
    );
}

/// A rubric with one absence check and a word model.
fn model_rubric(stem: usize, bias: &str, threshold: &str, weights: &str) -> tarkka_rubric::Rubric {
    absence_rubric(
        "",
        &format!(
            r#"phrases.fi = ["sinun vika"]
[criterion.check.model]
trained_on = "a test"
stem = {stem}
bias = {bias}
threshold = {threshold}
[criterion.check.model.weights]
{weights}"#
        ),
    )
}

/// A rubric whose one criterion is an absence check reading `check` (the
/// rest of its `[criterion.check]`), with the phrase sets `sets` (TOML).
fn absence_rubric(sets: &str, check: &str) -> tarkka_rubric::Rubric {
    let text = format!(
        r#"
format = 1
id = "sets"
version = "1"
title = {{ fi = "T", en = "T" }}
channel = "call"
pass_threshold = 0.5
{sets}
[[section]]
id = "s"
title = {{ fi = "S", en = "S" }}

[[criterion]]
id = "c"
section = "s"
text = {{ fi = "X", en = "X" }}
[criterion.check]
absent = true
{check}
"#
    );
    tarkka_rubric::parse(&text).unwrap()
}

fn checked(rubric: &tarkka_rubric::Rubric, log: &str) -> (Outcome, Transcript) {
    let (mut outcomes, transcript) = check_log(rubric, log);
    (outcomes.remove(0), transcript)
}

#[test]
fn a_turn_model_scores_each_turn_alone_and_the_call_as_its_highest() {
    let weights = r#""varmaa" = 0.25
"joku" = 0.2
"hoidan" = -0.5"#;
    let text = model_rubric(6, "-0.3", "-0.1", weights);
    let mut turn = text.clone();
    let check = turn.criteria[0].check.as_mut().unwrap();
    check.model.as_mut().unwrap().unit = tarkka_rubric::rules::ModelUnit::Turn;
    // Blame in one turn, an offer to sort it in another. Together they
    // cancel (-0.3 + 0.25 + 0.2 - 0.5 = -0.35, a pass for the call model);
    // alone, the first turn scores -0.3 + 0.25 + 0.2 = 0.15 > -0.1.
    let log = "Asiakas: Maksoin kahdesti.\nMyyjä: Varmaan joku järjestelmäjuttu.\n\
               Asiakas: Aha.\nMyyjä: Hoidan tämän.\n";
    let (call, _) = checked(&text, log);
    assert_eq!(call.verdict, Verdict::Pass);
    assert_eq!(call.model, Some(ModelReading { score: -350, threshold: -100 }));
    let (outcome, transcript) = checked(&turn, log);
    assert_eq!(outcome.verdict, Verdict::Fail);
    assert_eq!(outcome.reason, Reason::Model { score: 150, threshold: -100 });
    let named: Vec<(usize, &str)> =
        outcome.hits.iter().map(|hit| (hit.turn, hit.matched.as_str())).collect();
    assert_eq!(named, [(1, "Varmaan"), (1, "joku")]);
    // The engine and training read the same: training's features of each
    // turn, scored alone, find the call too.
    let model = turn.criteria[0].check.as_ref().unwrap().model.clone().unwrap();
    let units = model::turn_features(&transcript, Who::Agent, 6);
    assert_eq!(units.len(), 2);
    assert!(model::finds_any(&model, &units));
    assert!(!model::finds_any(&model, &units[1..]));
    // Turn by turn, the engine's score is training's reading's.
    let folded = crate::folded::Folded::new(&transcript);
    let weights: HashMap<&str, i64> =
        model.weights.iter().map(|(feature, &weight)| (feature.as_str(), weight)).collect();
    let agent: Vec<usize> = (0..transcript.turns.len()).filter(|t| t % 2 == 1).collect();
    for (unit, &turn) in units.iter().zip(&agent) {
        let (score, _) = model::score_turn(&model, &weights, &folded, turn);
        assert_eq!(score, model::score_of(&model, unit), "turn {turn}");
    }
    // With the blame gone, every turn scores at most the bias.
    let (outcome, _) = checked(&turn, "Asiakas: Maksoin kahdesti.\nMyyjä: Hoidan tämän.\n");
    assert_eq!(outcome.model, Some(ModelReading { score: -800, threshold: -100 }));
    let (outcome, _) = checked(&turn, "Asiakas: Maksoin kahdesti.\nMyyjä: Selvä.\n");
    assert_eq!(outcome.model, Some(ModelReading { score: -300, threshold: -100 }));
}

#[test]
fn a_word_model_fails_a_call_only_by_the_words_it_weighs_and_names_them() {
    let rubric = model_rubric(
        6,
        "-0.3",
        "-0.1",
        r#""varmaa" = 0.25
"ihan varmaa" = 0.1
"joku" = 0.2
"hoidan" = -0.5"#,
    );
    // "Varmaan" cuts to `varmaa`, the pair `ihan varmaa` too; `joku` is a
    // whole short word. -0.3 + 0.25 + 0.1 + 0.2 = 0.25 > -0.1.
    let (outcome, _) = checked(
        &rubric,
        "Asiakas: Maksoin kahdesti.\nMyyjä: No ihan varmaan joku järjestelmäjuttu, joku muu.\n",
    );
    assert_eq!(outcome.verdict, Verdict::Fail);
    assert_eq!(outcome.reason, Reason::Model { score: 250, threshold: -100 });
    let named: Vec<(&str, &str, Option<i64>)> = outcome
        .hits
        .iter()
        .map(|hit| (hit.phrase.as_str(), hit.matched.as_str(), hit.weight))
        .collect();
    assert_eq!(
        named,
        [
            ("varmaa", "varmaan", Some(250)),
            ("joku", "joku", Some(200)),
            ("ihan varmaa", "ihan varmaan", Some(100))
        ]
    );
    // The same words with the agent taking it on: -0.25 is not above -0.1.
    let (outcome, _) = checked(
        &rubric,
        "Asiakas: Maksoin kahdesti.\nMyyjä: Ihan varmaan joku juttu, mutta hoidan tämän.\n",
    );
    assert_eq!((outcome.verdict, &outcome.reason), (Verdict::Pass, &Reason::NoneFound));
    // What the model read is kept with the pass.
    assert_eq!(outcome.model, Some(ModelReading { score: -250, threshold: -100 }));
    // The customer's words are not the agent's; a word holding a digit, a
    // longer short word (`jokunen` cuts to itself) and a phrase hit are not
    // the model's business.
    for log in [
        "Asiakas: Olen ihan varmaan oikeassa, joku teillä mokasi.\nMyyjä: Selvä.\n",
        "Myyjä: Tilaus varmaa1 ja jokunen muu.\n",
    ] {
        let (outcome, _) = checked(&rubric, log);
        assert_eq!(outcome.verdict, Verdict::Pass, "{log}");
    }
    let (outcome, _) = checked(&rubric, "Myyjä: Se on sinun vika, varmaan.\n");
    assert_eq!(outcome.reason, Reason::Forbidden { found: 1 });
    assert_eq!(outcome.model, None, "a phrase found: the model is not read");
}

#[test]
fn the_automaton_finds_exactly_the_features_training_reads() {
    // Every feature of these calls gets a weight: the model's score must be
    // the sum of the features `call_features` gives, for any cut length.
    // Apostrophes (which folding drops) at every place a cut can meet one,
    // combining marks that folding drops after an apostrophe
    // (`hei'\u{301}`), a letter that folds twice (`İ`), digits inside words,
    // words of every length.
    let calls = [
        "Myyjä: Kollegani teki virheen, don't worry, se oli edellisen käsittelijän moka.\nAsiakas: Aha.\nMyyjä: Tilaus 12345 on ollut jonossa, ihan varmasti.\n",
        "Myyjä: O'Neill's aaaaa'b it's the previous agent's fault, whoever handled it.\n",
        "Myyjä: Täällä näkyy vahvistettuna. Varmaan joku järjestelmäjuttu, jokunen.\n",
        "Myyjä: hei'\u{301} kaikki, ok'\u{301} honestly \u{301}'okei a'\u{301}'b İstanbul mp3 kk2kk.\n",
    ];
    for stem in 3..=12 {
        for log in calls {
            let (transcript, _) =
                read::read(Format::Text, log.as_bytes(), &SpeakerMap::default()).unwrap();
            let features = model::call_features(&transcript, Who::Agent, stem);
            assert!(features.len() > 5, "{features:?}");
            let weights: Vec<String> =
                features.iter().map(|f| format!("\"{f}\" = 0.001")).collect();
            // The threshold is one below the feature count: the call is
            // found, and its score says every feature was found once.
            let threshold = model::thousandths_text(features.len() as i64 - 1);
            let rubric = model_rubric(stem, "0.0", &threshold, &weights.join("\n"));
            let (outcome, _) = checked(&rubric, log);
            assert_eq!(
                outcome.reason,
                Reason::Model {
                    score: features.len() as i64,
                    threshold: features.len() as i64 - 1
                },
                "stem {stem}: {log}"
            );
        }
    }
}

#[test]
fn training_is_deterministic_and_separates_what_it_was_shown() {
    let labelled = |call: usize, log: &str, found: bool| {
        let (transcript, _) =
            read::read(Format::Text, log.as_bytes(), &SpeakerMap::default()).unwrap();
        let features = model::call_features(&transcript, Who::Agent, 6);
        model::Labelled { call, features, found }
    };
    let mut examples = vec![
        labelled(0, "Myyjä: Kollegani teki varmaan virheen.\n", true),
        labelled(1, "Myyjä: Se oli kollegan virhe, ei minun.\n", true),
        labelled(2, "Myyjä: Oletteko ihan varma, että maksoitte?\n", true),
        labelled(3, "Myyjä: Oletteko te varma tästä?\n", true),
        labelled(4, "Myyjä: Hoidan tämän heti ja soitan huomenna.\n", false),
        labelled(5, "Myyjä: Minä hoidan asian, kiitos kärsivällisyydestä.\n", false),
        labelled(6, "Myyjä: Selvitän tämän ja palaan asiaan.\n", false),
        labelled(7, "Myyjä: Korjaan laskun heti, kiitos.\n", false),
    ];
    let first = model::train(&examples, 6, ModelUnit::Call, "t".into()).unwrap();
    let again = model::train(&examples, 6, ModelUnit::Call, "t".into()).unwrap();
    assert_eq!(first, again);
    // No call without the behaviour scores above the threshold, every call
    // with it does here, and only words of two calls or more are weighed.
    for example in &examples {
        assert_eq!(model::finds(&first, &example.features), example.found);
    }
    assert!(first.weights.contains_key("kolleg") && first.weights["kolleg"] > 0);
    assert!(first.weights.contains_key("hoidan") && first.weights["hoidan"] < 0);
    assert!(!first.weights.contains_key("maksoi"), "one call's word");
    assert!(first.threshold >= first.bias);
    // What `check tune --model` prints parses back to the same model.
    let toml = model::model_toml(&first);
    let weights = toml.split("[criterion.check.model.weights]\n").nth(1).unwrap();
    let parsed = model_rubric(
        6,
        &model::thousandths_text(first.bias),
        &model::thousandths_text(first.threshold),
        weights,
    );
    let mut parsed = parsed.criteria[0].check.as_ref().unwrap().model.clone().unwrap();
    parsed.trained_on = "t".into();
    assert_eq!(parsed, first);
    // Labels all one way teach nothing.
    assert!(model::train(&examples[..4], 6, ModelUnit::Call, "t".into()).is_none());
    // A second auditor's label of call 2 makes none of its words a pattern:
    // a feature must be in two calls, not two labels.
    examples.push(labelled(2, "Myyjä: Oletteko ihan varma, että maksoitte?\n", true));
    let twice = model::train(&examples, 6, ModelUnit::Call, "t".into()).unwrap();
    assert!(!twice.weights.contains_key("maksoi"), "one call's word, labelled twice");
}

#[test]
fn a_match_the_other_partys_next_turn_questions_does_not_count() {
    let unplaced = follow_up(
        "Agentti: Soitan liittyen aiempaan yhteydenottoonne.\nAsiakas: Mistä asiasta?\nAgentti: No siitä viimekertaisesta.\n",
    );
    let identifies = outcome(&unplaced, "identifies");
    let which = Miss::Unplaced { set: "which-matter".to_string() };
    assert_undone(identifies, ("Mistä asiasta", 1), ("liittyen", which));
    // A customer who places it lets it count; so does a question asked
    // later than the next turn, or one the agent asks.
    let placed = follow_up(
        "Agent: I'm following up on your enquiry about the boiler.\nCustomer: Oh yes, hello.\n",
    );
    assert_eq!(outcome(&placed, "identifies").verdict, Verdict::Pass);
    let later = follow_up(
        "Agent: Following up on the boiler quote.\nCustomer: Right.\nAgent: Good.\nCustomer: Which enquiry did you mean?\n",
    );
    assert_eq!(outcome(&later, "identifies").verdict, Verdict::Pass);
    let agent_asks = follow_up(
        "Agentti: Soitan liittyen tarjoukseen, mistä asiasta haluatte aloittaa?\nAsiakas: Hinnasta.\n",
    );
    assert_eq!(outcome(&agent_asks, "identifies").verdict, Verdict::Pass);
    // Negated, the reply says the same: "en tiedä mistä asiasta".
    let negated = follow_up(
        "Agentti: Soitan liittyen reklamaatioonne.\nAsiakas: Anteeksi, en tiedä mistä asiasta.\n",
    );
    assert_eq!(outcome(&negated, "identifies").reason, Reason::Undone { found: 1 });
}

const SIZE_TALK: &str = r#"
[phrases.size]
near = { set = "whom", words = 5, after = true }
en = ["small", "bigger"]

[phrases.whom]
en = ["you", "your", "company", "customers"]
"#;

/// The check of `SIZE_TALK` on one agent line.
fn size_talk(line: &str) -> Outcome {
    let rubric = absence_rubric(SIZE_TALK, r#"set = "size""#);
    checked(&rubric, &format!("Agent: {line}\nCustomer: Right.\n")).0
}

#[test]
fn a_set_with_near_counts_its_phrases_only_with_the_other_set_after_them_in_the_clause() {
    let found = size_talk("You are quite a small company, so the basic plan will do.");
    assert_eq!(found.verdict, Verdict::Fail);
    // The hit runs from the size word to the word that made it count, and
    // names that word's phrase and set.
    assert_eq!(found.hits[0].matched, "small company");
    assert_eq!(found.hits[0].phrase, "small");
    let with = crate::With { phrase: "company".to_string(), set: "whom".to_string() };
    assert_eq!(found.hits[0].with, Some(with));
    let ours = size_talk("Most of our bigger customers take the premium.");
    assert_eq!(ours.verdict, Verdict::Fail);
    assert_eq!(ours.hits[0].matched, "bigger customers");
    // Before the size word, past four words between, or in the next
    // clause, the other set's words do not make it count.
    for plain in [
        "Your small office plan is ready.",
        "A small change in the terms for the next year, for you.",
        "It is a small change, but your invoice shows it.",
    ] {
        assert_eq!(size_talk(plain).verdict, Verdict::Pass, "{plain}");
    }
    // A negated size word is no size talk.
    assert_eq!(size_talk("You're not too small for our customers.").verdict, Verdict::Pass);
}

const SMALL_CUSTOMER: &str = r#"
[phrases.small]
near = { set = "unworthy", words = 8 }
negated = true
fi = ["pikku", "kiosk*"]
en = ["one-man", "tiny"]

[phrases.unworthy]
negated = true
fi = ["oteta", "jää mitään"]
en = ["bother", "worth"]

[phrases.plain]
en = ["tiny"]
"#;

#[test]
fn a_set_with_negated_counts_its_phrases_negated_as_well() {
    let rubric = absence_rubric(SMALL_CUSTOMER, r#"set = "small""#);
    let check = |line: &str| checked(&rubric, &format!("Agent: {line}\nCustomer: Right.\n")).0;
    // Belittling said in a negation, and with a negated near word.
    for (belittles, words) in [
        ("Me ei yleensä näin pieniä kioskeja oteta asiakkaaksi.", "kioskeja oteta"),
        (
            "me ei tehdä pikku yritysten kanssa ku ei siit jää mitään",
            "pikku yritysten kanssa ku ei siit jää mitään",
        ),
        ("We don't really bother with one-man outfits.", "bother with one-man"),
        ("A tiny shop is not worth it for us.", "tiny shop is not worth"),
    ] {
        let found = check(belittles);
        assert_eq!(found.verdict, Verdict::Fail, "{belittles}");
        assert_eq!(found.hits[0].matched, words, "{belittles}");
    }
    // The near word is still needed.
    assert_eq!(check("We don't sell to tiny firms on Sundays.").verdict, Verdict::Pass);
    // A set without the key reads negations as before.
    let plain = absence_rubric(SMALL_CUSTOMER, r#"set = "plain""#);
    let line = "Agent: It is not tiny.\nCustomer: Right.\n";
    assert_eq!(checked(&plain, line).0.verdict, Verdict::Pass);
    assert_eq!(checked(&plain, "Agent: It is tiny.\nCustomer: Right.\n").0.verdict, Verdict::Fail);
}

const HEDGED_FAULT: &str = r#"
[phrases.hedge]
near = { set = "fault", words = 5 }
unless_near = { set = "ours", words = 4 }
en = ["probably", "must have"]

[phrases.fault]
en = ["wrong", "forgot*"]

[phrases.ours]
en = ["we must have", "our end"]
"#;

#[test]
fn a_set_with_unless_near_does_not_count_its_phrases_with_the_other_set_close_by() {
    let rubric = absence_rubric(HEDGED_FAULT, r#"set = "hedge""#);
    let check = |line: &str| checked(&rubric, &format!("Agent: {line}\nCustomer: Right.\n")).0;
    // A hedge with a fault on either side counts.
    for (blame, words) in [
        ("He probably just forgot to send it.", "probably just forgot"),
        ("Whoever took it got it wrong, probably.", "wrong, probably"),
    ] {
        let found = check(blame);
        assert_eq!(found.verdict, Verdict::Fail, "{blame}");
        assert_eq!(found.hits[0].matched, words, "{blame}");
    }
    // The agent's own side owning it: "we must have" holds the hedge's own
    // words and still qualifies it, as a phrase around the match does.
    for owned in [
        "We must have got that wrong, I'll put it right.",
        "It probably went wrong at our end.",
        // Without a fault, a hedge is no blame.
        "It will probably arrive on Monday.",
    ] {
        assert_eq!(check(owned).verdict, Verdict::Pass, "{owned}");
    }
    // Four words between excuse it; five do not.
    assert_eq!(check("Our end was fine, he probably forgot it.").verdict, Verdict::Pass);
    assert_eq!(check("Our end was fine and he probably forgot it.").verdict, Verdict::Fail);
    // The hit names the nearest phrase of the `near` set.
    let nearest = check("He probably forgot, and then got it all wrong.");
    assert_eq!(nearest.hits[0].with.as_ref().map(|w| w.phrase.as_str()), Some("forgot*"));
    assert_eq!(nearest.hits[0].matched, "probably forgot");
    // A hedge the filter dropped is a near miss saying why.
    let dropped = check("It will probably arrive on Monday.");
    assert_eq!(dropped.near_misses[0].reason, Miss::NotNear { set: "fault".to_string(), words: 5 });
    let owned = check("We must have got that wrong.");
    assert_eq!(owned.near_misses[0].reason, Miss::Qualified { set: "ours".to_string(), words: 4 });
}

const HEADCOUNT: &str = r#"
[phrases.few]
fi = ["vaan # henk*", "teitä on #"]
en = ["just # of you", "only # ... staff"]
sv = ["ni är ju bara #"]
"#;

#[test]
fn a_hash_in_a_phrase_stands_for_any_number_in_digits_or_words() {
    let rubric = absence_rubric(HEADCOUNT, r#"set = "few""#);
    let check = |line: &str| checked(&rubric, &format!("Agent: {line}\nCustomer: Right.\n")).0;
    for (said, words) in [
        ("Teillä on vaan kolme henkeä, ei teidän tarvii kaikkea.", "vaan kolme henkeä"),
        ("No teit on vaan 12 henkee.", "vaan 12 henkee"),
        ("With just twelve of you, you'd never use half of it.", "just twelve of you"),
        ("With just twenty-five of you it is a lot.", "just twenty-five of you"),
        ("Only 40 full-time staff?", "Only 40 full-time staff"),
        ("Ni är ju bara åtta.", "bara åtta"),
        ("Teitä on neljäkymmentä, eikö?", "Teitä on neljäkymmentä"),
        ("Teitä on nelkytviis.", "Teitä on nelkytviis"),
        ("Ni är ju bara tjugofem.", "bara tjugofem"),
    ] {
        let found = check(said);
        assert_eq!(found.verdict, Verdict::Fail, "{said}");
        assert!(found.hits[0].matched.ends_with(words), "{said}: {}", found.hits[0].matched);
    }
    for not_a_number in [
        "With just a few of you it is fine.",
        "Teitä on paljon.",
        "Teitä on kol.",
        "Ni är ju bara en liten byrå.",
        "Teillä on vaan toista henkeä.",
    ] {
        assert_eq!(check(not_a_number).verdict, Verdict::Pass, "{not_a_number}");
    }
}
