//! The automatic checks against a labelled set of call transcripts
//! (`tests/fixtures/transcripts/labelled`): precision and recall per
//! criterion, printed as a table, each at least 0.9.
//!
//! The labels were written from the criteria's readings, not from the
//! phrase lists; see the set's README.md.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;
use tarkka_check::{Checker, Encounter, Verdict};
use tarkka_rubric::{Profile, ProfileValue};
use tarkka_transcript::read::{self, SpeakerMap};

use crate::harness::root;

#[derive(Deserialize)]
struct Labels {
    transcript: Vec<Labelled>,
}

#[derive(Deserialize)]
struct Labelled {
    file: String,
    rubric: String,
    profile: BTreeMap<String, toml::Value>,
    start: String,
    #[allow(dead_code)]
    note: String,
    expect: BTreeMap<String, String>,
}

/// Confusion counts for one criterion. The positive class is "the check
/// found what it looks for": a pass for a presence check, a fail (a
/// forbidden phrase) for an absence check.
///
/// N/A is a third answer: a check concludes it where the words show the
/// criterion was not needed (`na_if`). Pairs where either side says N/A
/// count in the agreement but not in precision and recall; a label that
/// disagrees with the criterion's own condition on the profile is an
/// applicability error, which no rule tuning can excuse.
#[derive(Default)]
struct Counts {
    true_positive: usize,
    false_positive: usize,
    false_negative: usize,
    true_negative: usize,
    /// Every labelled pair, N/A included.
    pairs: usize,
    /// Pairs whose verdict equals the label.
    agree: usize,
    /// Labelled fails, and those the check also failed.
    fails: usize,
    fails_found: usize,
    applicability_errors: Vec<String>,
}

impl Counts {
    fn agreement(&self) -> f64 {
        if self.pairs == 0 { 1.0 } else { self.agree as f64 / self.pairs as f64 }
    }

    /// Of the calls labelled fail, the share the check failed.
    fn fail_recall(&self) -> f64 {
        if self.fails == 0 { 1.0 } else { self.fails_found as f64 / self.fails as f64 }
    }

    fn precision(&self) -> f64 {
        let predicted = self.true_positive + self.false_positive;
        if predicted == 0 {
            if self.false_negative == 0 { 1.0 } else { 0.0 }
        } else {
            self.true_positive as f64 / predicted as f64
        }
    }

    fn recall(&self) -> f64 {
        let actual = self.true_positive + self.false_negative;
        if actual == 0 { 1.0 } else { self.true_positive as f64 / actual as f64 }
    }
}

fn verdict(label: &str) -> Verdict {
    match label {
        "pass" => Verdict::Pass,
        "fail" => Verdict::Fail,
        "na" => Verdict::NotApplicable,
        other => panic!("unknown label `{other}`"),
    }
}

/// Precision and recall per criterion on one labelled set: the table, the
/// disagreements, and the counts.
fn evaluate(set: &str) -> (String, Vec<String>, BTreeMap<String, Counts>) {
    let dir = root().join("tests/fixtures/transcripts").join(set);
    let labels: Labels =
        toml::from_str(&std::fs::read_to_string(dir.join("labels.toml")).unwrap()).unwrap();
    assert!(labels.transcript.len() >= 20, "the set has {} transcripts", labels.transcript.len());
    let mut rubrics = BTreeMap::new();
    for labelled in &labels.transcript {
        rubrics.entry(labelled.rubric.clone()).or_insert_with(|| {
            let path = root().join(format!("rubrics/{}.toml", labelled.rubric));
            tarkka_rubric::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
        });
    }
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut languages = BTreeMap::new();
    for labelled in &labels.transcript {
        let rubric = &rubrics[&labelled.rubric];
        let checker = Checker::new(rubric);
        let bytes = std::fs::read(dir.join(&labelled.file)).unwrap();
        let format = read::detect(&labelled.file, &bytes);
        let (transcript, _) = read::read(format, &bytes, &SpeakerMap::standard())
            .unwrap_or_else(|error| panic!("{}:{error}", labelled.file));
        let profile: Profile = labelled
            .profile
            .iter()
            .map(|(field, value)| {
                let value = match value {
                    toml::Value::Boolean(b) => ProfileValue::Bool(*b),
                    toml::Value::Integer(n) => ProfileValue::Integer(*n),
                    toml::Value::String(word) => ProfileValue::Word(word.clone()),
                    other => panic!("{}: profile value {other}", labelled.file),
                };
                (field.clone(), value)
            })
            .collect();
        if let Some(ProfileValue::Word(language)) = profile.get("language") {
            *languages.entry(language.clone()).or_insert(0) += 1;
        }
        let encounter = Encounter { profile, start: tarkka_check::zoned(&labelled.start) };
        let outcomes = checker.check(&transcript, &encounter);
        assert_eq!(
            outcomes.len(),
            labelled.expect.len(),
            "{}: every checked criterion is labelled",
            labelled.file
        );
        for outcome in &outcomes {
            let expected = verdict(labelled.expect.get(&outcome.criterion).unwrap_or_else(|| {
                panic!("{}: no label for {}", labelled.file, outcome.criterion)
            }));
            let absent =
                rubric.criterion(&outcome.criterion).unwrap().check.as_ref().unwrap().absent;
            let positive = if absent { Verdict::Fail } else { Verdict::Pass };
            let entry = counts.entry(outcome.criterion.clone()).or_default();
            if outcome.verdict != expected {
                wrong.push(format!(
                    "{} {}: expected {:?}, got {:?} ({:?})",
                    labelled.file, outcome.criterion, expected, outcome.verdict, outcome.reason
                ));
            }
            entry.pairs += 1;
            entry.agree += usize::from(outcome.verdict == expected);
            if expected == Verdict::Fail {
                entry.fails += 1;
                entry.fails_found += usize::from(outcome.verdict == Verdict::Fail);
            }
            let by_condition = outcome.reason == tarkka_check::Reason::ConditionNotMet;
            if by_condition && expected != Verdict::NotApplicable {
                entry.applicability_errors.push(labelled.file.clone());
            }
            if expected == Verdict::NotApplicable || outcome.verdict == Verdict::NotApplicable {
                continue;
            }
            match (expected == positive, outcome.verdict == positive) {
                (true, true) => entry.true_positive += 1,
                (false, true) => entry.false_positive += 1,
                (true, false) => entry.false_negative += 1,
                (false, false) => entry.true_negative += 1,
            }
        }
    }
    let mut table = format!(
        "{} transcripts ({}), {} criteria\n{:<30} {:>4} {:>4} {:>4} {:>4} {:>9} {:>7} {:>9} {:>11}\n",
        labels.transcript.len(),
        languages.iter().map(|(l, n)| format!("{l} {n}")).collect::<Vec<_>>().join(", "),
        counts.len(),
        "criterion",
        "TP",
        "FP",
        "FN",
        "TN",
        "precision",
        "recall",
        "agreement",
        "fail recall"
    );
    for (criterion, c) in &counts {
        let _ = writeln!(
            table,
            "{criterion:<30} {:>4} {:>4} {:>4} {:>4} {:>9.3} {:>7.3} {:>9.3} {:>11}",
            c.true_positive,
            c.false_positive,
            c.false_negative,
            c.true_negative,
            c.precision(),
            c.recall(),
            c.agreement(),
            format!("{:.3} ({}/{})", c.fail_recall(), c.fails_found, c.fails),
        );
    }
    let (agree, pairs) = counts.values().fold((0, 0), |(a, p), c| (a + c.agree, p + c.pairs));
    let _ = writeln!(
        table,
        "overall agreement {:.3} ({agree}/{pairs})",
        agree as f64 / pairs.max(1) as f64
    );
    (table, wrong, counts)
}

#[test]
fn labelled_transcripts_meet_the_accuracy_bar() {
    let (table, wrong, counts) = evaluate("labelled");
    let transcripts: usize = table.split_whitespace().next().unwrap().parse().unwrap();
    assert!(transcripts >= 40, "the tuning set has {transcripts} transcripts");
    println!("Tuning set (tests/fixtures/transcripts/labelled):\n{table}");

    for line in &wrong {
        println!("  disagrees: {line}");
    }
    let below: Vec<&String> = counts
        .iter()
        .filter(|(_, c)| {
            c.precision() < 0.9
                || c.recall() < 0.9
                || c.agreement() < 0.9
                || !c.applicability_errors.is_empty()
        })
        .map(|(criterion, _)| criterion)
        .collect();
    assert!(below.is_empty(), "below 0.9 (or applicability wrong): {below:?}\n{table}");
    // Every criterion is exercised both ways.
    for (criterion, c) in &counts {
        let positives = c.true_positive + c.false_negative;
        let negatives = c.true_negative + c.false_positive;
        assert!(
            positives >= 3 && negatives >= 3,
            "{criterion}: {positives} positive, {negatives} negative labels"
        );
    }
}

/// The held-out set was written without sight of the phrase lists and is
/// never used to tune them: its numbers estimate how the rules do on calls
/// they were not written for. They are printed, and held to a lower bar
/// than the tuning set so that a regression still fails the build.
#[test]
fn held_out_transcripts_show_how_the_rules_generalise() {
    let (table, wrong, counts) = evaluate("holdout");
    println!("Held-out set (tests/fixtures/transcripts/holdout):\n{table}");
    for line in &wrong {
        println!("  disagrees: {line}");
    }
    let (agree, pairs) = counts.values().fold((0, 0), |(a, p), c| (a + c.agree, p + c.pairs));
    let accuracy = agree as f64 / pairs as f64;
    assert!(accuracy >= 0.8, "held-out agreement {accuracy:.3}");
}

/// A blind set's agreement, once its labels are checked against the
/// profile conditions; its table always printed, its disagreements only
/// when `show` (a set still held out keeps them unread).
fn blind_agreement(set: &str, show: bool) -> f64 {
    let (table, wrong, counts) = evaluate(set);
    println!("{set} (tests/fixtures/transcripts/{set}):\n{table}");
    if show {
        for line in &wrong {
            println!("  disagrees: {line}");
        }
    }
    let applicability: Vec<&String> = counts
        .iter()
        .filter(|(_, c)| !c.applicability_errors.is_empty())
        .map(|(id, _)| id)
        .collect();
    assert!(applicability.is_empty(), "labels against the profile conditions: {applicability:?}");
    let (agree, pairs) = counts.values().fold((0, 0), |(a, p), c| (a + c.agree, p + c.pairs));
    agree as f64 / pairs as f64
}

/// The first blind set (issue 14): 50 calls written and labelled against
/// the criteria's questions and guidance by a writer who never saw the
/// phrase lists. Held out for issue 14's first round, read for tuning in its
/// second (see blind2 below); its disagreements are printed.
#[test]
fn blind_transcripts_estimate_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind", true);
    assert!(accuracy >= BLIND_FLOOR, "blind agreement {accuracy:.3} < {BLIND_FLOOR}");
}

/// The first blind set's floor: 85 % when it was held out; since it was
/// read for tuning (issue 14's second round) it holds what the lists reach
/// (97.0 % with rubrics 2026.5).
const BLIND_FLOOR: f64 = 0.96;

/// The third blind set (issue 14, third round): 60 calls written and
/// labelled by a writer who saw only the criteria's questions, guidance and
/// readings, never the phrase lists, the other sets or the code. It was
/// written as tuning material: its disagreements are printed.
#[test]
fn third_blind_set_is_tuning_material() {
    let accuracy = blind_agreement("blind3", true);
    assert!(accuracy >= BLIND3_FLOOR, "third blind agreement {accuracy:.3} < {BLIND3_FLOOR}");
}

/// The third blind set's floor: what the lists reach on it, rounded down
/// (86.9 % with the rubrics 2026.4 lists it was written against, 98.8 %
/// with rubrics 2026.5, tuned on it).
const BLIND3_FLOOR: f64 = 0.98;

/// The second blind set (issue 14, continued): 50 calls written once the
/// first blind set had been read for tuning, by a writer who saw only the
/// criteria's questions, guidance and the readings — never the phrase
/// lists, the other sets, the checks' code or the tool. The held-out
/// estimate of the second and third rounds; read for tuning in the fourth
/// (see blind4 below), so its disagreements are printed.
#[test]
fn second_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind2", true);
    assert!(accuracy >= BLIND2_FLOOR, "second blind agreement {accuracy:.3} < {BLIND2_FLOOR}");
}

/// The second blind set's floor: what the lists reach on it, rounded down
/// (85.8 % with the lists it was written against, 90.3 % with rubrics
/// 2026.5, 92.4 % with rubrics 2026.6, tuned on it).
const BLIND2_FLOOR: f64 = 0.92;

/// The fourth blind set (issue 14, fourth round): 50 calls written and
/// labelled by a writer who saw only the criteria's questions, guidance and
/// readings — never the phrase lists, the other sets, the code or the tool
/// (see its README.md). Written once the second blind set had been
/// measured; the held-out estimate of the fourth round, read for tuning in
/// the fifth (see blind5 below), so its disagreements are printed.
#[test]
fn fourth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind4", true);
    assert!(accuracy >= BLIND4_FLOOR, "fourth blind agreement {accuracy:.3} < {BLIND4_FLOOR}");
}

/// The fourth blind set's agreement with the rubrics 2026.5 lists when it
/// was first measured (87.0 %, 289/332), rounded down: a regression fails
/// the build.
const BLIND4_FLOOR: f64 = 0.86;

/// The fifth blind set (issue 14, fifth round): 50 calls written and
/// labelled by a writer who saw only the criteria's questions, guidance and
/// readings — never the phrase lists, the other sets, the code or the tool
/// (see its README.md). Written once the fourth blind set had been
/// measured; the held-out estimate of the fifth round and of the word
/// models; read in the seventh round (its misses extended two phrase
/// lists and the word models were retrained with it; neither held-out set
/// improved, so that was not shipped: docs/rules.md), so its disagreements
/// are printed.
#[test]
fn fifth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind5", true);
    assert!(accuracy >= BLIND5_FLOOR, "fifth blind agreement {accuracy:.3} < {BLIND5_FLOOR}");
}

/// The fifth blind set's agreement with the rubrics 2026.6 lists when it
/// was first measured (90.4 %, 300/332), rounded down: a regression fails
/// the build. 91.0 % with rubrics 2026.7; 90.4 % with the word models of
/// rubrics 2026.8 (docs/rules.md, "Accuracy").
const BLIND5_FLOOR: f64 = 0.90;

/// The sixth blind set (issue 14, sixth round): 40 calls written and
/// labelled by a writer who saw only the criteria's questions, guidance and
/// readings — never the phrase lists, the word models, the other sets, the
/// code or the tool (see its README.md). Written once the word models were
/// built and `blind5/` measured with them; held out through the ninth
/// round (only its table printed), tuning material since the tenth: its
/// disagreements are printed.
#[test]
fn sixth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind6", true);
    assert!(accuracy >= BLIND6_FLOOR, "sixth blind agreement {accuracy:.3} < {BLIND6_FLOOR}");
}

/// The sixth blind set's agreement once read in the tenth round (rubrics
/// 2026.12: 94.8 %, 254/268; held out it measured 92.5 % with rubrics 2026.8
/// and 92.2 % with 2026.11), rounded down: a regression fails the build.
const BLIND6_FLOOR: f64 = 0.94;

/// The eighth round's tuning set: 60 calls written and labelled by a
/// writer who saw only the criteria's questions, guidance and readings —
/// never the phrase lists, the word models, the other sets or the code —
/// asked for many fails and passes, in many wordings, of the four criteria
/// the held-out sets found weakest (`continuity.identifies`,
/// `opening.contact-source`, `ownership.no-blame`, `offer.never-too-small`).
/// Written to be read: its disagreements are printed.
#[test]
fn eighth_round_tuning_set_is_tuning_material() {
    let accuracy = blind_agreement("train8", true);
    assert!(accuracy >= TRAIN8_FLOOR, "train8 agreement {accuracy:.3} < {TRAIN8_FLOOR}");
}

/// The eighth round's tuning set's floor: what the rules reach on it,
/// rounded down (88.9 % with rubrics 2026.8, the rules before it was read;
/// 94.1 % with rubrics 2026.10, tuned on it).
const TRAIN8_FLOOR: f64 = 0.94;

/// The ninth round's tuning set: 60 calls (30 cold, 26 service, 4
/// follow-ups) written and labelled the same way, asked for many fails
/// and passes of the criteria `blind8/` found weakest (`no-blame`,
/// `never-too-small`, `right-person`, `permission`, `next-step`,
/// `channel`). Written to be read: its disagreements are printed.
#[test]
fn ninth_round_tuning_set_is_tuning_material() {
    let accuracy = blind_agreement("train9", true);
    assert!(accuracy >= TRAIN9_FLOOR, "train9 agreement {accuracy:.3} < {TRAIN9_FLOOR}");
}

/// The ninth round's tuning set's floor: what the rules reach on it,
/// rounded down (88.6 % with rubrics 2026.10, the rules before it was
/// read; 94.6 % with rubrics 2026.11, tuned on it).
const TRAIN9_FLOOR: f64 = 0.94;

/// The seventh blind set (issue 14, seventh round): 50 calls written and
/// labelled by a writer who saw only the criteria's questions, guidance and
/// readings — never the phrase lists, the word models, the other sets, the
/// code or the tool (see its README.md). Written once `blind6/` had been
/// measured; copied in before `blind5/` was read. Measured once with the
/// seventh round's candidate rules (89.3 %) and once with the shipped
/// rubrics 2026.8. Held out through the ninth round (only its table
/// printed), tuning material since the tenth: its disagreements are printed.
#[test]
fn seventh_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind7", true);
    assert!(accuracy >= BLIND7_FLOOR, "seventh blind agreement {accuracy:.3} < {BLIND7_FLOOR}");
}

/// The seventh blind set's agreement once read in the tenth round (rubrics
/// 2026.12: 95.6 %, 323/338; held out it measured 89.6 % with rubrics 2026.8
/// and 91.4 % with 2026.11), rounded down: a regression fails the build.
const BLIND7_FLOOR: f64 = 0.95;

/// The eighth blind set (issue 14, eighth round): 60 calls written and
/// labelled by a writer who saw only the criteria's questions, guidance and
/// readings — never the phrase lists, the word models, the other sets, the
/// code or the tool (see its README.md) — with at least six fails and six
/// passes of every criterion that can fail. Written while `train8/` was
/// being written by another writer, and measured with rubrics 2026.10,
/// 2026.8, 2026.11 and 2026.12 while held out (only its table printed).
/// Tuning material since the eleventh round, once `blind11/` existed: its
/// disagreements are printed.
#[test]
fn eighth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind8", true);
    assert!(accuracy >= BLIND8_FLOOR, "eighth blind agreement {accuracy:.3} < {BLIND8_FLOOR}");
}

/// The eighth blind set's agreement once read in the eleventh round
/// (rubrics 2026.13: 93.9 %, 383/408; held out it measured 91.9 % with
/// rubrics 2026.10, 91.2 % with 2026.8, 92.4 % with 2026.11 and 2026.12),
/// rounded down: a regression fails the build.
const BLIND8_FLOOR: f64 = 0.93;

/// The ninth blind set (issue 14, ninth round): 60 calls written and
/// labelled by a writer who saw only the criteria's questions, guidance and
/// readings — never the phrase lists, the word models, the other sets, the
/// code or the tool (see its README.md) — with at least six fails and six
/// passes of every criterion that can fail. Written while `train9/` was
/// being written by another writer, and measured with rubrics 2026.11 to
/// 2026.14 while held out (only its table printed). Tuning material since
/// the thirteenth round, once `blind13/` existed: its disagreements are
/// printed.
#[test]
fn ninth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind9", true);
    assert!(accuracy >= BLIND9_FLOOR, "ninth blind agreement {accuracy:.3} < {BLIND9_FLOOR}");
}

/// The ninth blind set's agreement once read in the thirteenth round
/// (rubrics 2026.15: 95.8 %, 391/408; held out it measured 89.7 % with
/// rubrics 2026.11, 90.0 % with 2026.12 and 2026.13, 90.2 % with 2026.14),
/// rounded down: a regression fails the build.
const BLIND9_FLOOR: f64 = 0.95;

/// The tenth blind set: 60 calls written and labelled the same way, by a
/// writer who saw only the criteria's questions, guidance and readings —
/// never the phrase lists, the word models, the other sets, the code or the
/// tool (see its README.md) — with at least six fails and six passes of
/// every criterion that can fail. Written after the ninth round, with no
/// rule change since, as one more estimate of rubrics 2026.11 on calls
/// nobody tuned for, and held out until rubrics 2026.14. Tuning material
/// since the thirteenth round: its disagreements are printed.
#[test]
fn tenth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind10", true);
    assert!(accuracy >= BLIND10_FLOOR, "tenth blind agreement {accuracy:.3} < {BLIND10_FLOOR}");
}

/// The tenth blind set's agreement once read in the thirteenth round
/// (rubrics 2026.15: 97.3 %, 397/408; held out it measured 92.9 % with
/// rubrics 2026.11 and 2026.12, 93.1 % with 2026.13 and 2026.14), rounded
/// down: a regression fails the build.
const BLIND10_FLOOR: f64 = 0.97;

/// The eleventh blind set: 60 calls written and labelled the same way, by a
/// new writer who saw only the criteria's questions, guidance and readings
/// — never the phrase lists, the word models, the other sets, the code or
/// the tool (see its README.md) — with at least six fails and six passes
/// of every criterion that can fail, and at least nine of the five weakest.
/// Written before the eleventh round; measured first with rubrics 2026.12
/// and held out through rubrics 2026.16 (only its table printed). Tuning
/// material since the fifteenth round, once `blind15/` existed: its
/// disagreements are printed, and the word model is trained with it.
#[test]
fn eleventh_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind11", true);
    assert!(accuracy >= BLIND11_FLOOR, "eleventh blind agreement {accuracy:.3} < {BLIND11_FLOOR}");
}

/// The eleventh blind set's agreement once read in the fifteenth round
/// (rubrics 2026.17 and 2026.18: 95.6 %, 390/408; 95.3 %, 389/408, with
/// 2026.19, whose turn model lost one blaming call the call model had
/// learnt; 96.1 %, 392/408, with 2026.20; held out it measured 89.7 % with
/// rubrics 2026.12, 90.9 % with 2026.13 and 93.4 % with 2026.16), rounded
/// down: a regression fails the build.
const BLIND11_FLOOR: f64 = 0.96;

/// The twelfth blind set (issue 14, twelfth round): 60 calls by a new
/// writer who saw only the criteria's questions, guidance and readings —
/// never the phrase lists, the word models, the other sets, the code or
/// the tool (see its README.md) — with at least nine fails and nine passes
/// of the five weakest criteria. Written after the twelfth round's rules
/// were settled; measured first with rubrics 2026.14 (and 2026.13 for
/// comparison). Only its per-criterion table is printed.
#[test]
fn twelfth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind12", false);
    assert!(accuracy >= BLIND12_FLOOR, "twelfth blind agreement {accuracy:.3} < {BLIND12_FLOOR}");
}

/// The twelfth blind set's agreement with rubrics 2026.14 when it was
/// first measured (87.3 %, 356/408; the same with rubrics 2026.13), and
/// with rubrics 2026.16 (90.4 %, 369/408), 2026.17 (90.9 %, 371/408) and
/// 2026.18 and 2026.19 (91.2 %, 372/408) and 2026.20 (91.7 %, 374/408),
/// the last rounded down: a regression fails the build.
const BLIND12_FLOOR: f64 = 0.91;

/// The thirteenth blind set (issue 14, thirteenth round): 60 calls by a new
/// writer who saw only the criteria's questions, guidance and readings —
/// never the phrase lists, the word models, the other sets, the code or
/// the tool (see its README.md) — with at least four fails of every
/// criterion. Written while the thirteenth round's rules were being made
/// from `blind9/` and `blind10/`; measured first with rubrics 2026.14 and
/// then with 2026.15. Only its per-criterion table is printed.
#[test]
fn thirteenth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind13", false);
    assert!(
        accuracy >= BLIND13_FLOOR,
        "thirteenth blind agreement {accuracy:.3} < {BLIND13_FLOOR}"
    );
}

/// The thirteenth blind set's agreement with rubrics 2026.15 (93.4 %,
/// 381/408; 91.7 % before the round's direct-contact phrases, 90.4 % with
/// rubrics 2026.14; 93.6 %, 382/408, with rubrics 2026.16; 93.1 %,
/// 380/408, with rubrics 2026.17; 93.4 %, 381/408, with rubrics 2026.18;
/// 94.6 %, 386/408, with rubrics 2026.19 and its turn models and with
/// 2026.20), the last rounded down: a regression fails the build.
const BLIND13_FLOOR: f64 = 0.94;

/// The fourteenth blind set (issue 14, fourteenth round): 60 calls by a new
/// writer who saw only the criteria's questions, guidance and readings —
/// never the phrase lists, the word models, the other sets, the code or
/// the tool (see its README.md) — with at least five fails of every
/// criterion. Written while the fourteenth round's rules were being made;
/// measured first with rubrics 2026.15 and then with 2026.16. Only its
/// per-criterion table is printed.
#[test]
fn fourteenth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind14", false);
    assert!(
        accuracy >= BLIND14_FLOOR,
        "fourteenth blind agreement {accuracy:.3} < {BLIND14_FLOOR}"
    );
}

/// The fourteenth blind set's agreement with rubrics 2026.16 as shipped
/// (90.7 %, 370/408; 89.7 %, 366/408, with rubrics 2026.15; 90.9 %,
/// 371/408, with rubrics 2026.17 and 2026.18 as shipped; 91.2 %,
/// 372/408, with 2026.18 before its blame step and with 2026.19; 91.7 %,
/// 374/408, with 2026.20), the last rounded down: a regression fails the
/// build.
const BLIND14_FLOOR: f64 = 0.91;

/// The fifteenth blind set (issue 14, fifteenth round): 60 calls by a new
/// writer who saw only the criteria's questions, guidance and readings —
/// never the phrase lists, the word models, the other sets, the code or
/// the tool (see its README.md) — with at least ten fails of the two
/// criteria the held-out sets read worst (`offer.never-too-small`,
/// `ownership.no-blame`) and five of every other. Written while the
/// fifteenth round's rules were being made from `blind11/`; measured first
/// with rubrics 2026.17. Only its per-criterion table is printed.
#[test]
fn fifteenth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind15", false);
    assert!(accuracy >= BLIND15_FLOOR, "fifteenth blind agreement {accuracy:.3} < {BLIND15_FLOOR}");
}

/// The fifteenth blind set's agreement with rubrics 2026.17 (92.6 %,
/// 378/408; 92.2 %, 376/408, with rubrics 2026.16), 2026.18 and 2026.19
/// (93.1 %, 380/408) and 2026.20 (93.6 %, 382/408), the last rounded
/// down: a regression fails the build.
const BLIND15_FLOOR: f64 = 0.93;

/// The sixteenth blind set (issue 14, sixteenth round): 60 calls by a new
/// writer who saw only the criteria's questions, guidance and readings —
/// never the phrase lists, the word models, the other sets, the code or
/// the tool (see its README.md) — with twelve fails and twelve passes of
/// the two criteria the held-out sets read worst (`offer.never-too-small`,
/// `ownership.no-blame`) and at least five fails of every other. Written
/// after rubrics 2026.19 (the turn models) was settled; measured first
/// with it. Only its per-criterion table is printed.
#[test]
fn sixteenth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind16", false);
    assert!(accuracy >= BLIND16_FLOOR, "sixteenth blind agreement {accuracy:.3} < {BLIND16_FLOOR}");
}

/// The sixteenth blind set's agreement with rubrics 2026.19 when it was
/// first measured (95.2 %, 400/420; 94.5 %, 397/420, with rubrics 2026.18
/// and 94.0 %, 395/420, with 2026.16; 95.2 % with 2026.20), rounded down:
/// a regression fails the build.
const BLIND16_FLOOR: f64 = 0.95;

/// The seventeenth round's tuning set: 54 calls (26 service, 18 cold, 10
/// follow-ups) by a new blind writer from the same brief, asked for twelve
/// fails and twelve passes of `ownership.takes-on`, ten fails, ten passes
/// and six N/As of `follow-up.commitment`, eight fails and passes of
/// `opening.contact-source` and six of `opening.language` (see its
/// README.md). Measured once before it was read (89.8 %, 336/374, with
/// rubrics 2026.19); written to be read: its disagreements are printed.
#[test]
fn seventeenth_round_tuning_set_is_tuning_material() {
    let accuracy = blind_agreement("train17", true);
    assert!(accuracy >= TRAIN17_FLOOR, "train17 agreement {accuracy:.3} < {TRAIN17_FLOOR}");
}

/// What the rules reach on `train17/`, rounded down (94.7 %, 354/374,
/// with rubrics 2026.20, tuned on it).
const TRAIN17_FLOOR: f64 = 0.94;

/// The seventeenth blind set (issue 14, seventeenth round): 54 calls by
/// another new writer, written at the same time as `train17/` from the
/// same brief and the same counts, never read (see its README.md). Only
/// its per-criterion table is printed.
#[test]
fn seventeenth_blind_set_estimates_accuracy_on_calls_nobody_tuned_for() {
    let accuracy = blind_agreement("blind17", false);
    assert!(
        accuracy >= BLIND17_FLOOR,
        "seventeenth blind agreement {accuracy:.3} < {BLIND17_FLOOR}"
    );
}

/// The seventeenth blind set's agreement with rubrics 2026.19, measured
/// before the round's rules were made, and with 2026.20 once they were
/// settled (92.2 %, 345/374, both times), rounded down: a regression fails
/// the build.
const BLIND17_FLOOR: f64 = 0.92;
