//! `tarkka sample generate`: a deterministic synthetic data set of any size,
//! in the shape of the shipped samples and the formats `tarkka import`
//! reads.
//!
//! Locations and agents differ in quality, quality improves over the six
//! months, critical items fail rarely but do fail, a share of the
//! encounters is scored by all three auditors, who mostly agree, and follow-ups are linked
//! to the contact before them by a case id. The generator uses its own
//! SplitMix64 stream and writes everything itself, so a seed gives the same
//! bytes on every machine and with every version of the crates it uses.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tarkka_rubric::{Criterion, FieldKind, Scale};

use crate::error::{Context as _, Result};

/// `tarkka sample generate`: what to generate.
#[derive(Clone, Debug)]
pub struct Generate {
    /// How many encounters.
    pub encounters: u64,
    /// The random seed.
    pub seed: u64,
    /// The directory to write; must not exist.
    pub out: PathBuf,
    /// The share of encounters (0 to 1) also scored by the two other
    /// auditors, for calibration.
    pub shared: f64,
}

/// What was generated.
#[derive(Clone, Debug)]
pub struct Generated {
    /// Encounters written.
    pub encounters: usize,
    /// Answer rows written.
    pub rows: u64,
    /// Agents invented.
    pub agents: usize,
    /// Locations used.
    pub locations: usize,
    /// The rubric files written, relative to the output directory.
    pub rubrics: Vec<String>,
}

/// SplitMix64: tiny, fast, and the same stream forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const LOCATIONS: [(&str, f64); 6] = [
    ("helsinki-kamppi", 0.86),
    ("tampere-koskikeskus", 0.80),
    ("oulu-contact-centre", 0.70),
    ("turku-hansa", 0.83),
    ("espoo-iso-omena", 0.90),
    ("jyvaskyla-forum", 0.75),
];
const AUDITORS: [&str; 3] = ["aino", "mikko", "sara"];
const COMMENTS: [&str; 8] = [
    "Ei tehty, vaikka tilanne olisi vaatinut.",
    "Not done although the situation called for it.",
    "Asiakas joutui kysymään itse.",
    "The customer had to ask for it.",
    "Puuttui kokonaan tallenteesta.",
    "Missing from the recording altogether.",
    "Vain osittain: asia jäi kesken.",
    "Only partly: it was left unfinished.",
];

/// One generated encounter.
struct Encounter {
    id: String,
    rubric: usize,
    time: String,
    location: usize,
    agent: usize,
    auditor: usize,
    case: Option<String>,
    profile: Vec<(String, String)>,
}

/// Writes the data set: `encounters.csv`, `answers.csv` and the rubrics.
pub fn generate(args: &Generate) -> Result<Generated> {
    if args.encounters == 0 {
        crate::refuse!("sample-encounters-zero");
    }
    if !(0.0..=1.0).contains(&args.shared) {
        crate::refuse!(
            "sample-shared-range",
            shared = tarkka_i18n::decimal(args.shared.to_string())
        );
    }
    if std::fs::symlink_metadata(&args.out).is_ok() {
        crate::refuse!("sample-out-exists", dir = args.out.display().to_string());
    }
    let rubrics = crate::embedded::rubrics();
    let mut rng = Rng(args.seed ^ 0x7461_726B_6B61);
    let agents = (args.encounters / 250).clamp(8, 400) as usize;
    let skill: Vec<f64> = (0..agents).map(|_| (rng.unit() - 0.5) * 0.16).collect();
    let mut encounters: Vec<Encounter> = Vec::with_capacity(args.encounters as usize);
    // Rubric mix: store visits, service calls, cold calls, follow-ups.
    let weights: Vec<(usize, f64)> = rubrics
        .iter()
        .enumerate()
        .map(|(i, (rubric, _))| {
            (
                i,
                match rubric.id.as_str() {
                    "store-visit" => 0.35,
                    "service-call" => 0.30,
                    "cold-call" => 0.20,
                    _ => 0.15,
                },
            )
        })
        .collect();
    for index in 0..args.encounters {
        let mut roll = rng.unit() * weights.iter().map(|(_, w)| w).sum::<f64>();
        let rubric = weights
            .iter()
            .find(|(_, w)| {
                roll -= w;
                roll < 0.0
            })
            .map_or(0, |(i, _)| *i);
        let agent = rng.below(agents as u64) as usize;
        let location = agent % LOCATIONS.len();
        let mut day = rng.below(181);
        let mut case = None;
        let is_follow_up = rubrics[rubric].0.id == "follow-up";
        if is_follow_up && let Some(previous) = encounters.last_mut() {
            let id = format!("CASE-{:07}", index - 1);
            previous.case.get_or_insert(id.clone());
            case = previous.case.clone();
            day = (day_of(&previous.time) + 1 + rng.below(4)).min(180);
        }
        let profile = rubrics[rubric]
            .0
            .profile
            .iter()
            .map(|(name, kind)| {
                let value = match kind {
                    FieldKind::OneOf(words) => rng.pick(words).clone(),
                    FieldKind::Bool => rng.chance(0.4).to_string(),
                    FieldKind::Integer => (1 + rng.below(12) * rng.below(40)).to_string(),
                };
                (name.clone(), value)
            })
            .collect();
        encounters.push(Encounter {
            id: format!("G-{index:07}"),
            rubric,
            time: time_of(day, 8 + rng.below(10), rng.below(60)),
            location,
            agent,
            auditor: rng.below(3) as usize,
            case,
            profile,
        });
    }
    let mut encounters_csv = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut profile_fields: Vec<String> =
        rubrics.iter().flat_map(|(rubric, _)| rubric.profile.keys().cloned()).collect();
    profile_fields.sort();
    profile_fields.dedup();
    let mut header = vec!["encounter", "rubric", "time", "location", "agent", "auditor", "case"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    header.extend(profile_fields.iter().map(|f| format!("profile.{f}")));
    encounters_csv.write_record(&header)?;
    // Excel's Finnish dialect for the answers: BOM, semicolons, decimal comma.
    let mut answers = String::from("\u{FEFF}encounter;criterion;answer;comment;auditor\n");
    let mut rows = 0u64;
    for encounter in &encounters {
        let (rubric, _) = &rubrics[encounter.rubric];
        let mut record = vec![
            encounter.id.clone(),
            rubric.id.clone(),
            encounter.time.clone(),
            LOCATIONS[encounter.location].0.to_string(),
            format!("agent-{:03}", encounter.agent + 1),
            AUDITORS[encounter.auditor].to_string(),
            encounter.case.clone().unwrap_or_default(),
        ];
        for field in &profile_fields {
            record.push(
                encounter
                    .profile
                    .iter()
                    .find(|(name, _)| name == field)
                    .map_or(String::new(), |(_, v)| v.clone()),
            );
        }
        encounters_csv.write_record(&record)?;
        let profile: tarkka_rubric::Profile = encounter
            .profile
            .iter()
            .map(|(k, v)| (k.clone(), tarkka_rubric::ProfileValue::parse(v)))
            .collect();
        let month = day_of(&encounter.time) / 31;
        let quality =
            (LOCATIONS[encounter.location].1 + skill[encounter.agent] + 0.012 * month as f64)
                .clamp(0.05, 0.99);
        let first: Vec<(String, String, String)> = rubric
            .criteria
            .iter()
            .filter(|c| c.applies_to(&profile) == Ok(true))
            .map(|criterion| answer(&mut rng, criterion, quality))
            .collect();
        let mut sheets = vec![(encounter.auditor, first.clone())];
        if rng.chance(args.shared) {
            // The other two auditors, who mostly agree.
            for other in [(encounter.auditor + 1) % 3, (encounter.auditor + 2) % 3] {
                let second = first
                    .iter()
                    .map(|(id, value, comment)| {
                        if rng.chance(0.12) {
                            let criterion =
                                rubric.criterion(id).expect("generated from the rubric");
                            answer(&mut rng, criterion, quality)
                        } else {
                            (id.clone(), value.clone(), comment.clone())
                        }
                    })
                    .collect();
                sheets.push((other, second));
            }
        }
        for (auditor, sheet) in sheets {
            for (criterion, value, comment) in sheet {
                let _ = writeln!(
                    answers,
                    "{};{criterion};{value};{comment};{}",
                    encounter.id, AUDITORS[auditor]
                );
                rows += 1;
            }
        }
    }
    std::fs::create_dir_all(args.out.join("rubrics")).with_context(|| {
        tarkka_i18n::msg!("dir-uncreatable", dir = args.out.display().to_string())
    })?;
    for (rubric, text) in &rubrics {
        write(&args.out.join("rubrics").join(format!("{}.toml", rubric.id)), text.as_bytes())?;
    }
    let encounters_csv = encounters_csv.into_inner().map_err(|error| error.into_error())?;
    write(&args.out.join("encounters.csv"), &encounters_csv)?;
    write(&args.out.join("answers.csv"), answers.as_bytes())?;
    Ok(Generated {
        encounters: encounters.len(),
        rows,
        agents,
        locations: LOCATIONS.len(),
        rubrics: rubrics.iter().map(|(r, _)| format!("rubrics/{}.toml", r.id)).collect(),
    })
}

/// One generated answer: criterion id, answer text, comment.
fn answer(rng: &mut Rng, criterion: &Criterion, quality: f64) -> (String, String, String) {
    // Critical items fail more rarely: people know they matter.
    let p = if criterion.critical.is_some() { (quality + 0.1).min(0.985) } else { quality };
    let value = if criterion.na_allowed && rng.chance(0.06) {
        "na".to_string()
    } else {
        match &criterion.scale {
            Scale::YesNo => if rng.chance(p) { "kyllä" } else { "ei" }.to_string(),
            Scale::Range { min, max } => {
                let span = (max - min) as f64;
                let v = (*min as f64 + span * (p + (rng.unit() - 0.5) * 0.5))
                    .round()
                    .clamp(*min as f64, *max as f64);
                format!("{}", v as i64)
            }
            Scale::Points { max } => {
                let max = max.to_f64();
                let halves =
                    ((max * (p + (rng.unit() - 0.5) * 0.4)).clamp(0.0, max) * 2.0).round() / 2.0;
                format!("{halves}").replace('.', ",")
            }
            Scale::Choices(choices) => {
                let mut sorted: Vec<_> = choices.iter().collect();
                sorted.sort_by_key(|choice| std::cmp::Reverse(choice.credit));
                if rng.chance(p) {
                    sorted[0].name.clone()
                } else {
                    rng.pick(&sorted[1..]).name.clone()
                }
            }
        }
    };
    let fails = tarkka_scoring::AnswerValue::parse(criterion, &value)
        .ok()
        .and_then(|v| tarkka_scoring::credit(criterion, &v).ok().flatten())
        .is_some_and(|credit| criterion.fails(credit));
    let comment = if fails && criterion.comment_on_fail {
        rng.pick(&COMMENTS).to_string()
    } else {
        String::new()
    };
    (criterion.id.clone(), value, comment)
}

/// `2026-01-01` plus `day` days, at a local time with the Finnish offset.
fn time_of(day: u64, hour: u64, minute: u64) -> String {
    let date = jiff::civil::date(2026, 1, 1)
        .checked_add(jiff::Span::new().days(day as i64))
        .expect("within 2026");
    // Summer time from the last Sunday of March (29 March 2026).
    let offset = if date >= jiff::civil::date(2026, 3, 29) { "+03:00" } else { "+02:00" };
    format!("{date}T{hour:02}:{minute:02}{offset}")
}

/// The day number of a time written by [`time_of`].
fn day_of(time: &str) -> u64 {
    let date: jiff::civil::Date = time[..10].parse().expect("written by time_of");
    (date - jiff::civil::date(2026, 1, 1)).get_days().max(0) as u64
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes)
        .with_context(|| tarkka_i18n::msg!("file-unwritable", file = path.display().to_string()))
}
