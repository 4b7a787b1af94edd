//! Single agent sentences, each labelled against one criterion by a
//! reviewer who saw only the criteria (issue 14, fourteenth round): how
//! many guilty sentences a check finds and how many innocent ones it
//! fails. Sets `a`, `c`, `e` and (since the fifteenth round) `g`, `i`, `j`,
//! `k`, `m` and `n` were read for tuning; sets `b`, `d`, `f`, `h`, `l`,
//! `o` and (since the sixteenth round) `p`, `q` and `r`, by nine other
//! writers, are held out and only their tables are printed
//! (`tests/fixtures/review/README.md`).

use std::collections::BTreeMap;

use tarkka_check::{Checker, Encounter, Verdict};
use tarkka_rubric::{Profile, ProfileValue};
use tarkka_transcript::read::{self, SpeakerMap};

use crate::harness::root;

/// Per criterion: guilty (labelled fail) sentences and those failed;
/// innocent (labelled pass) ones and those not passed.
#[derive(Default)]
struct Tally {
    fails: usize,
    found: usize,
    passes: usize,
    failed: usize,
}

/// The customer a sentence is said to: a Finnish-speaking business of 12
/// on a cold call, a Finnish-speaking first contact on a service call, a
/// customer who had an offer on a follow-up call.
fn encounter(rubric: &str) -> Encounter {
    let profile: Profile = match rubric {
        "cold-call" => [
            ("segment", ProfileValue::Word("business".into())),
            ("language", ProfileValue::Word("fi".into())),
            ("employees", ProfileValue::Integer(12)),
            ("returning", ProfileValue::Bool(false)),
        ]
        .into_iter()
        .map(|(field, value)| (field.to_string(), value))
        .collect(),
        "follow-up" => {
            [("after_offer", ProfileValue::Bool(true)), ("complaint", ProfileValue::Bool(false))]
                .into_iter()
                .map(|(field, value)| (field.to_string(), value))
                .collect()
        }
        _ => [
            ("language", ProfileValue::Word("fi".into())),
            ("repeat_contact", ProfileValue::Bool(false)),
        ]
        .into_iter()
        .map(|(field, value)| (field.to_string(), value))
        .collect(),
    };
    Encounter { profile, start: tarkka_check::zoned("2026-07-06T09:40:00+03:00") }
}

/// Each sentence of `file` as the agent's turn of a two-turn call, judged
/// on its criterion: the tally per criterion, and the sentences misjudged.
fn review(file: &str) -> (BTreeMap<String, Tally>, Vec<String>) {
    let text = std::fs::read_to_string(root().join("tests/fixtures/review").join(file)).unwrap();
    let mut rubrics = BTreeMap::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (number, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [rubric, criterion, expect, sentence] = fields[..] else {
            panic!("{file}:{}: four tab-separated fields", number + 1)
        };
        let rubric = rubrics.entry(rubric.to_string()).or_insert_with(|| {
            let path = root().join(format!("rubrics/{rubric}.toml"));
            tarkka_rubric::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
        });
        let checker = Checker::new(rubric);
        let bytes = format!("Agent: {sentence}\nCustomer: Okei.\n").into_bytes();
        let (transcript, _) =
            read::read(read::detect("call.txt", &bytes), &bytes, &SpeakerMap::standard()).unwrap();
        let outcomes = checker.check(&transcript, &encounter(&rubric.id));
        let verdict = outcomes.iter().find(|o| o.criterion == criterion).unwrap().verdict;
        let tally = tallies.entry(criterion.to_string()).or_default();
        let right = match expect {
            "fail" => {
                tally.fails += 1;
                tally.found += usize::from(verdict == Verdict::Fail);
                verdict == Verdict::Fail
            }
            "pass" => {
                tally.passes += 1;
                tally.failed += usize::from(verdict != Verdict::Pass);
                verdict == Verdict::Pass
            }
            other => panic!("{file}:{}: label `{other}`", number + 1),
        };
        if !right {
            wrong.push(format!(
                "{file}:{} {criterion} {expect}, got {verdict:?}: {sentence}",
                number + 1
            ));
        }
    }
    (tallies, wrong)
}

/// The table `review` prints.
fn table(file: &str, tallies: &BTreeMap<String, Tally>) -> String {
    let mut out = format!(
        "review sentences {file}:\n{:<30} {:>12} {:>18}\n",
        "criterion", "fails found", "passes not passed"
    );
    for (criterion, t) in tallies {
        out += &format!(
            "{criterion:<30} {:>12} {:>18}\n",
            format!("{}/{}", t.found, t.fails),
            format!("{}/{}", t.failed, t.passes)
        );
    }
    out
}

/// Per criterion: the guilty sentences found at least, the innocent ones
/// failed at most.
type Floors = &'static [(&'static str, usize, usize)];

/// The sets read for tuning: their misjudged sentences are printed, and
/// floors hold what the rubrics reach (rubrics 2026.20; the turn models
/// of 2026.19 were trained on these sets' belittling and blame sentences).
const TUNING: &[(&str, Floors)] = &[
    ("a.tsv", &[("offer.never-too-small", 66, 3), ("ownership.no-blame", 70, 0)]),
    (
        "c.tsv",
        &[
            ("follow-up.commitment", 40, 0),
            ("offer.never-too-small", 39, 3),
            ("ownership.no-blame", 40, 0),
            ("ownership.takes-on", 40, 0),
        ],
    ),
    (
        "e.tsv",
        &[
            ("closing.anything-else", 23, 0),
            ("closing.direct-contact", 24, 0),
            ("continuity.identifies", 18, 0),
            ("decision.asks-reason", 25, 1),
            ("follow-up.channel", 24, 0),
            ("follow-up.preferred-channel", 25, 0),
            ("follow-up.reference", 25, 0),
            ("listening.acknowledges", 25, 0),
            ("opening.contact-source", 24, 0),
        ],
    ),
    ("g.tsv", &[("offer.never-too-small", 70, 2), ("ownership.no-blame", 69, 1)]),
    ("i.tsv", &[("offer.never-too-small", 64, 1), ("ownership.no-blame", 69, 0)]),
    ("j.tsv", &[("offer.never-too-small", 66, 0), ("ownership.no-blame", 67, 0)]),
    ("k.tsv", &[("offer.never-too-small", 65, 2), ("ownership.no-blame", 70, 0)]),
    ("m.tsv", &[("ownership.no-blame", 94, 2)]),
    ("n.tsv", &[("ownership.no-blame", 96, 1)]),
];

#[test]
fn review_sentences_read_for_tuning() {
    for (file, floors) in TUNING {
        let (tallies, wrong) = review(file);
        println!("{}", table(file, &tallies));
        for line in &wrong {
            println!("  misjudged: {line}");
        }
        for (criterion, least_found, most_failed) in *floors {
            let t = &tallies[*criterion];
            assert!(t.found >= *least_found, "{file} {criterion}: {}/{} found", t.found, t.fails);
            assert!(
                t.failed <= *most_failed,
                "{file} {criterion}: {}/{} failed",
                t.failed,
                t.passes
            );
        }
    }
}

/// The held-out sets, by nine other writers: only their tables are
/// printed, and the test fails only on a sentence it cannot read.
#[test]
fn review_sentences_held_out() {
    for (file, sentences) in [
        ("b.tsv", 280),
        ("d.tsv", 320),
        ("f.tsv", 450),
        ("h.tsv", 280),
        ("l.tsv", 280),
        ("o.tsv", 200),
        ("p.tsv", 280),
        ("q.tsv", 280),
        ("r.tsv", 200),
    ] {
        let (tallies, _) = review(file);
        println!("{}", table(file, &tallies));
        assert_eq!(tallies.values().map(|t| t.fails + t.passes).sum::<usize>(), sentences);
    }
}
