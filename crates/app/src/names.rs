//! Filter values checked against the names the ledger knows: a filter
//! that names nothing is a typo until shown otherwise, so it is refused
//! with the closest names instead of printing an empty table.

use crate::error::Result;
use crate::replay::{Encounter, ReportLedger};

/// A filter on encounters: `--location`, `--agent`, `--rubric` (the id) or
/// `--auditor` (of a scoresheet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `--location`.
    Location,
    /// `--agent`.
    Agent,
    /// `--rubric`.
    Rubric,
    /// `--auditor`.
    Auditor,
}

impl Field {
    /// The flag that gives it.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Location => "--location",
            Field::Agent => "--agent",
            Field::Rubric => "--rubric",
            Field::Auditor => "--auditor",
        }
    }
}

/// Checks each `(field, value)` filter against the names the encounters
/// of the slim replay use.
pub(crate) fn check_encounters<'v>(
    state: &ReportLedger,
    filters: impl IntoIterator<Item = (Field, &'v str)>,
) -> Result<()> {
    for (field, given) in filters {
        let indices = |encounter: &Encounter| -> Vec<u32> {
            match field {
                Field::Location => vec![encounter.location],
                Field::Agent => vec![encounter.agent],
                Field::Rubric => vec![encounter.rubric_id],
                Field::Auditor => encounter.sheets.iter().map(|sheet| sheet.auditor).collect(),
            }
        };
        let what = match field {
            Field::Location => "locations",
            Field::Agent => "agents",
            Field::Rubric => "rubrics",
            Field::Auditor => "auditors",
        };
        let flag = field.flag();
        // Interned indices first: a million encounters name a few dozen places.
        let known: std::collections::HashSet<u32> =
            state.encounters.iter().flat_map(|(_, encounter)| indices(encounter)).collect();
        check(flag, what, given, known.into_iter().map(|index| state.names.name(index)))?;
    }
    Ok(())
}

/// How many close names a message suggests.
const SUGGESTIONS: usize = 3;
/// Up to this many known names are listed when none is close.
const LISTED: usize = 12;

/// Refuses `given` for `flag` (e.g. `--location`) when no known name is
/// it, naming the closest known names (`kamppi` → `Helsinki Kamppi`), or
/// listing them when none is close. `what` is the plural noun for the
/// listing ("locations").
pub fn check<'a>(
    flag: &str,
    what: &str,
    given: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let mut known: Vec<&str> = known.into_iter().collect();
    known.sort_unstable();
    known.dedup();
    if known.contains(&given) {
        return Ok(());
    }
    let (count, close) = close_list(given, &known);
    // What the flag names, for the catalogue's plural nouns.
    let kind = match what {
        "locations" => "location",
        "agents" => "agent",
        "auditors" => "auditor",
        "rubrics" => "rubric",
        _ => "criterion",
    };
    if count > 0 {
        crate::refuse!("filter-close", flag = flag, given = given, close = close);
    }
    if known.is_empty() {
        crate::refuse!("filter-none-yet", flag = flag, given = given, kind = kind);
    }
    if known.len() <= LISTED {
        crate::refuse!(
            "filter-list",
            flag = flag,
            given = given,
            kind = kind,
            names = known.join(", ")
        );
    }
    crate::refuse!("filter-far", flag = flag, given = given, kind = kind, count = known.len())
}

/// A criterion `rubric` does not have, with the ones `id` may have been
/// meant for (`closing.chekcs` → `closing.checks`).
pub fn criterion_unknown(rubric: &tarkka_rubric::Rubric, id: &str) -> tarkka_i18n::Message {
    let ids: Vec<&str> = rubric.criteria.iter().map(|c| c.id.as_str()).collect();
    let (count, close) = close_list(id, &ids);
    tarkka_i18n::msg!(
        "import-criterion-unknown",
        rubric = &rubric.id,
        criterion = id,
        count = count,
        close = close
    )
}

/// The names a new encounter gives: where, who served, who audits.
#[derive(Clone, Copy, Debug)]
pub struct Given<'a> {
    /// `--location`.
    pub location: &'a str,
    /// `--agent`.
    pub agent: &'a str,
    /// `--auditor` (or the writer).
    pub auditor: &'a str,
}

/// The names the ledger's encounters use, to tell a new name from a typo
/// of a known one before it is written: the ledger keeps what it is given
/// for good, and `Helsinki Kampi` beside `Helsinki Kamppi` would split one
/// place in every report.
#[derive(Clone, Debug, Default)]
pub struct Known {
    locations: std::collections::BTreeSet<String>,
    agents: std::collections::BTreeSet<String>,
    auditors: std::collections::BTreeSet<String>,
}

impl Known {
    /// The names of every encounter logged in `state`.
    pub fn of(state: &tarkka_ledger::LedgerState) -> Known {
        let mut known = Known::default();
        for encounter in state.encounters.values() {
            let logged = &encounter.logged.payload;
            known.add(Given {
                location: &logged.location,
                agent: &logged.agent,
                auditor: &logged.auditor,
            });
        }
        known
    }

    /// The likely slips among `rows` ([`Known::table_typos`]) against the
    /// names of `state`'s encounters and, for an auditor, the scoresheets'
    /// too: an auditor who only scores is named by no logged encounter, so
    /// a name that looks like a slip is looked for among the scoresheets in
    /// `ledger` before it is called one. That read is the rare path: it
    /// happens only when a slip is found.
    pub fn slips<'r>(
        state: &tarkka_ledger::LedgerState,
        ledger: &impl tarkka_ledger::Lines,
        rows: &[Given<'r>],
        slip: Slip,
        label: impl Fn(Field) -> String,
    ) -> Result<Vec<(usize, Field, tarkka_i18n::Message)>> {
        let mut known = Known::of(state);
        let found = known.table_typos(rows, slip, &label);
        let suspects: std::collections::BTreeSet<&str> = found
            .iter()
            .filter(|(_, field, _)| *field == Field::Auditor)
            .map(|&(at, _, _)| rows[at].auditor)
            .collect();
        if suspects.is_empty() {
            return Ok(found);
        }
        known.auditors.extend(scorers(ledger, &suspects)?);
        Ok(known.table_typos(rows, slip, label))
    }

    /// Counts `given`'s names as known (an import's earlier rows).
    pub fn add(&mut self, given: Given<'_>) {
        self.locations.insert(given.location.to_string());
        self.agents.insert(given.agent.to_string());
        self.auditors.insert(given.auditor.to_string());
    }

    /// Why a name of `given` looks like a slip for a known name ([`Slip`],
    /// [`slipped`]): each new name that differs from a known one only in
    /// case, spacing or dashes, or (with [`Slip::Letter`]) by one letter
    /// of a name of five or more, numbers by value (`agent-07` is
    /// `agent-7`; `agent-oulu-3` beside `agent-oulu-1` is another agent),
    /// or by digits typed onto a name's last letter (`aino0`). Empty when
    /// every name is known or far from any known one. Each comes with its
    /// field, and names it as `label` says (a flag, or an import's column).
    pub fn typos(
        &self,
        given: Given<'_>,
        slip: Slip,
        label: impl Fn(Field) -> String,
    ) -> Vec<(Field, tarkka_i18n::Message)> {
        // A table of one row: its names are checked against the ledger's.
        self.table_typos(&[given], slip, label)
            .into_iter()
            .map(|(_, field, message)| (field, message))
            .collect()
    }

    fn of_field(&self, field: Field) -> &std::collections::BTreeSet<String> {
        match field {
            Field::Location => &self.locations,
            Field::Agent => &self.agents,
            _ => &self.auditors,
        }
    }

    /// The likely slips among a table's rows (an import), each at the
    /// first row that gives it: a name the ledger does not know is
    /// checked against the ledger's names and against the table's own
    /// names that more of its rows give (or as many, from an earlier row),
    /// so that eight rows of `Helsinki Kamppi` are not blamed for one of
    /// `Helsinki Kampi`. Each name is read once ([`Form`]), and the cheap
    /// tests (length, numbers) come before any edit distance: thousands
    /// of new agent ids cost milliseconds.
    pub fn table_typos<'r>(
        &self,
        rows: &[Given<'r>],
        slip: Slip,
        label: impl Fn(Field) -> String,
    ) -> Vec<(usize, Field, tarkka_i18n::Message)> {
        let mut out = Vec::new();
        for field in [Field::Location, Field::Agent, Field::Auditor] {
            let name_of = |given: &Given<'r>| -> &'r str {
                match field {
                    Field::Location => given.location,
                    Field::Agent => given.agent,
                    _ => given.auditor,
                }
            };
            // Each name's count and first row, in order of first row.
            let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            let mut names: Vec<(&str, usize, usize)> = Vec::new();
            for (at, given) in rows.iter().enumerate() {
                let name = name_of(given);
                if name.is_empty() {
                    continue;
                }
                match seen.get(name) {
                    Some(&index) => names[index].1 += 1,
                    None => {
                        seen.insert(name, names.len());
                        names.push((name, 1, at));
                    }
                }
            }
            let known = self.of_field(field);
            let ledger: Vec<Form<'_>> = known.iter().map(|name| Form::of(name)).collect();
            let table: Vec<Form<'_>> = names.iter().map(|(name, _, _)| Form::of(name)).collect();
            let label = label(field);
            for (index, &(name, count, first)) in names.iter().enumerate() {
                if known.contains(name) {
                    continue;
                }
                let more_often = names
                    .iter()
                    .zip(&table)
                    .filter(|((_, n, at), _)| *n > count || (*n == count && *at < first))
                    .map(|(_, form)| form);
                let references = ledger.iter().chain(more_often);
                if let Some(message) = close_message(&table[index], references, slip, &label) {
                    out.push((first, field, message));
                }
            }
        }
        out.sort_by_key(|(at, _, _)| *at);
        out
    }
}

/// How far a new name may be from a known one and still be taken for a
/// slip of the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slip {
    /// Only case, spacing and dashes: for an auditor's name on a
    /// scoresheet, where an auditor who only scores is known to no logged
    /// encounter and `sari` beside `sara` may well be another person.
    Folding,
    /// Also one letter, numbers by value, and digits typed onto the end:
    /// for the names an encounter is logged with.
    Letter,
}

/// A name read once for comparing: folded (lower case, no spaces, dashes
/// or underscores), its numbers by value, its length in letters.
#[derive(Debug)]
struct Form<'a> {
    name: &'a str,
    folded: String,
    numbers: Vec<u128>,
    letters: usize,
}

impl<'a> Form<'a> {
    fn of(name: &'a str) -> Form<'a> {
        // Any space (a no-break one too) and any dash (`‐`, `–`) are one.
        let folded: String = name
            .chars()
            .filter(|c| !(c.is_whitespace() || *c == '_' || is_dash(*c)))
            .flat_map(char::to_lowercase)
            .collect();
        let letters = folded.chars().count();
        Form { name, folded, numbers: numbers(name), letters }
    }
}

/// Whether `ours` is likely a slip for `theirs` (see [`Slip`]).
fn slipped(ours: &Form<'_>, theirs: &Form<'_>, slip: Slip) -> bool {
    if ours.folded == theirs.folded {
        return true;
    }
    if slip == Slip::Folding {
        return false;
    }
    if ours.numbers != theirs.numbers {
        // Digits typed onto a name's last letter (`aino0`), not a number
        // of its own (`Kamppi 2` is another store): one name has one
        // number more, so ids that only differ in their numbers
        // (`agent-0001`, `agent-0002`) are told apart without a copy.
        if ours.numbers.len().abs_diff(theirs.numbers.len()) != 1 {
            return false;
        }
        let glued = |long: &str, short: &str| {
            let (long, short) = (long.to_lowercase(), short.to_lowercase());
            long.strip_prefix(short.as_str())
                .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
                && short.chars().last().is_some_and(char::is_alphabetic)
        };
        return glued(ours.name, theirs.name) || glued(theirs.name, ours.name);
    }
    // A letter of a short code (`A1`, `JK`) or name (`sara`) is no slip.
    if ours.letters.min(theirs.letters) < 5 || ours.letters.abs_diff(theirs.letters) > 1 {
        return false;
    }
    strsim::damerau_levenshtein(&ours.folded, &theirs.folded) <= 1
}

/// The message for a new name that is a slip for some of `references`,
/// `None` when it is one for none of them.
fn close_message<'f, 'n: 'f>(
    ours: &Form<'_>,
    references: impl Iterator<Item = &'f Form<'n>>,
    slip: Slip,
    label: &str,
) -> Option<tarkka_i18n::Message> {
    let mut close: Vec<&str> = references
        .filter(|theirs| theirs.name != ours.name && slipped(ours, theirs, slip))
        .map(|theirs| theirs.name)
        .collect();
    close.sort_unstable();
    close.dedup();
    close.truncate(SUGGESTIONS);
    (!close.is_empty()).then(|| {
        let close: Vec<String> = close.iter().map(|name| format!("`{name}`")).collect();
        tarkka_i18n::msg!(
            "name-new-close",
            field = label,
            given = ours.name,
            close = close.join(" / ")
        )
    })
}

/// A dash of any kind: `-`, and the Unicode hyphens and dashes a word
/// processor puts in its place.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{00AD}')
}

/// The numbers in a name, in order, by value: `myyja-kamppi-2` → `[2]`,
/// and `agent-07` is `agent-7`.
fn numbers(name: &str) -> Vec<u128> {
    name.split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.trim_start_matches('0').parse().unwrap_or(0))
        .collect()
}

/// Which of `names` some scoresheet in `ledger` is by. Only scoresheets
/// whose text holds one of the names are parsed.
fn scorers(
    ledger: &impl tarkka_ledger::Lines,
    names: &std::collections::BTreeSet<&str>,
) -> Result<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct By {
        auditor: String,
    }
    let mut found = Vec::new();
    let read = |entry: &tarkka_ledger::EntryRef<'_>, _| -> std::result::Result<_, String> {
        let payload = entry.payload.get();
        if entry.known_kind() != Some(tarkka_ledger::Kind::ScoresheetRecorded)
            || !names.iter().any(|name| payload.contains(name))
        {
            return Ok(None);
        }
        let by: By = serde_json::from_str(payload).map_err(|error| error.to_string())?;
        Ok(names.contains(by.auditor.as_str()).then_some(by.auditor))
    };
    tarkka_ledger::replay_with(ledger, &read, |name| found.extend(name))?;
    Ok(found)
}

/// [`closest`] as a message lists it: how many, and each in backticks,
/// joined with ` / `.
pub fn close_list(given: &str, known: &[&str]) -> (usize, String) {
    let close: Vec<String> = closest(given, known).iter().map(|name| format!("`{name}`")).collect();
    (close.len(), close.join(" / "))
}

/// The known names closest to `given`, best first: those that differ only
/// in case, then those that contain it or that it contains, then those a
/// few letters away.
pub fn closest<'a>(given: &str, known: &[&'a str]) -> Vec<&'a str> {
    let folded = given.to_lowercase();
    let mut ranked: Vec<(usize, usize, &str)> = known
        .iter()
        .filter_map(|&name| {
            let other = name.to_lowercase();
            let distance = strsim::damerau_levenshtein(&folded, &other);
            let rank = if other == folded {
                0
            } else if other.contains(&folded) || folded.contains(&other) {
                1
            } else if distance <= (folded.chars().count() / 3).max(2) {
                2
            } else if !folded.contains(' ')
                && folded.chars().count() >= 4
                && other.split(' ').any(|word| {
                    strsim::damerau_levenshtein(&folded, word)
                        <= (folded.chars().count() / 4).max(1)
                })
            {
                // One word of a longer name, misspelt: `Kampi` → `Helsinki Kamppi`.
                3
            } else {
                return None;
            };
            Some((rank, distance, name))
        })
        .collect();
    ranked.sort_unstable();
    // A name listed twice (a rubric registered in two versions) is one.
    ranked.dedup();
    // Only the best: as close as the closest, in the same way.
    let best = ranked.first().map(|(rank, distance, _)| (*rank, *distance));
    ranked
        .into_iter()
        .filter(|(rank, distance, _)| best == Some((*rank, *distance)) || *rank < 2)
        .filter(|(rank, _, _)| *rank < 3 || best.is_some_and(|(best, _)| best == 3))
        .take(SUGGESTIONS)
        .map(|(_, _, name)| name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCATIONS: [&str; 4] =
        ["Helsinki Kamppi", "Oulu asiakaspalvelukeskus", "Tampere Koskikeskus", "Turku"];

    #[test]
    fn a_filter_that_names_nothing_suggests_the_closest_names() {
        check("--location", "locations", "Turku", LOCATIONS).unwrap();
        let message = |given: &str| {
            check("--location", "locations", given, LOCATIONS).unwrap_err().to_string()
        };
        assert_eq!(
            message("kamppi"),
            "--location `kamppi` matches nothing; did you mean `Helsinki Kamppi`?"
        );
        assert_eq!(message("turku"), "--location `turku` matches nothing; did you mean `Turku`?");
        assert_eq!(
            message("Tampere Koskikesus"),
            "--location `Tampere Koskikesus` matches nothing; did you mean `Tampere Koskikeskus`?"
        );
        assert_eq!(
            message("Lahti"),
            "--location `Lahti` matches nothing; the locations are: Helsinki Kamppi, Oulu asiakaspalvelukeskus, Tampere Koskikeskus, Turku"
        );
        assert_eq!(
            closest("agent-oulu-3", &["agent-oulu-1", "agent-oulu-2", "myyja-1"]),
            ["agent-oulu-1", "agent-oulu-2"]
        );
        // A name known twice (a rubric registered in two versions) is told once.
        assert_eq!(
            close_list("store-vist", &["store-visit", "cold-call", "store-visit"]),
            (1, "`store-visit`".to_string())
        );
        assert_eq!(
            message("Kampi"),
            "--location `Kampi` matches nothing; did you mean `Helsinki Kamppi`?"
        );
    }

    #[test]
    fn a_new_name_close_to_a_known_one_is_a_typo_until_said_otherwise() {
        let mut known = Known::default();
        known.add(Given { location: "Helsinki Kamppi", agent: "myyja-kamppi-2", auditor: "aino" });
        known.add(Given { location: "Turku", agent: "agent-oulu-1", auditor: "sara" });
        let typos = |location, agent, auditor| -> Vec<String> {
            known
                .typos(Given { location, agent, auditor }, Slip::Letter, |field| {
                    field.flag().to_string()
                })
                .iter()
                .map(|(_, m)| tarkka_i18n::render("en", m))
                .collect()
        };
        // (location, agent, auditor) given, and what is told.
        type Case<'a> = ((&'a str, &'a str, &'a str), &'a [&'a str]);
        let cases: [Case<'_>; 5] = [
            (
                ("Helsinki Kampi", "myyja-kampi-2", "aino0"),
                &[
                    "--location `Helsinki Kampi` is new, and close to `Helsinki Kamppi`",
                    "--agent `myyja-kampi-2` is new, and close to `myyja-kamppi-2`",
                    "--auditor `aino0` is new, and close to `aino`",
                ],
            ),
            (
                ("turku", "agent-oulu-1", "sara"),
                &["--location `turku` is new, and close to `Turku`"],
            ),
            (
                ("helsinki-kamppi", "Agent-Oulu-1", "sara"),
                &[
                    "--location `helsinki-kamppi` is new, and close to `Helsinki Kamppi`",
                    "--agent `Agent-Oulu-1` is new, and close to `agent-oulu-1`",
                ],
            ),
            // A number is its value.
            (
                ("Turku", "agent-oulu-01", "sara"),
                &["--agent `agent-oulu-01` is new, and close to `agent-oulu-1`"],
            ),
            // A word processor's space and dash are a space and a dash.
            (
                ("Helsinki\u{a0}Kamppi", "myyja\u{2011}kamppi\u{2011}2", "sara"),
                &[
                    "--location `Helsinki\u{a0}Kamppi` is new, and close to `Helsinki Kamppi`",
                    "--agent `myyja\u{2011}kamppi\u{2011}2` is new, and close to `myyja-kamppi-2`",
                ],
            ),
        ];
        for ((location, agent, auditor), expected) in cases {
            assert_eq!(typos(location, agent, auditor), expected, "{location} {agent} {auditor}");
        }
        // Known names, another number, a name that only contains a known one,
        // and names far from any known one are new.
        assert!(typos("Turku Hansa", "myyja-kamppi-3", "miikka").is_empty());
        assert!(typos("Turku", "agent-oulu-3", "mikko").is_empty());
        assert!(typos("Tampere Koskikeskus", "myyja-kamppi-3", "sara").is_empty());
        // Two letters apart, a number of its own, short codes and names: other people and places.
        let mut others = Known::default();
        for (location, agent, auditor) in
            [("Kamppi", "Juha Mäkinen", "sara"), ("A1", "JK", "Mika Nieminen")]
        {
            others.add(Given { location, agent, auditor });
        }
        for (location, agent, auditor) in
            [("Kamppi 2", "Jukka Mäkinen", "sari"), ("B1", "JM", "Mikko Nieminen")]
        {
            let told =
                others.typos(Given { location, agent, auditor }, Slip::Letter, |f| f.flag().into());
            assert!(told.is_empty(), "{location} {agent} {auditor}");
        }
        // On a scoresheet only case, spacing and dashes are a slip.
        let folding = |auditor| {
            known
                .typos(Given { location: "", agent: "", auditor }, Slip::Folding, |f| {
                    f.flag().into()
                })
                .len()
        };
        assert_eq!((folding("Aino"), folding("ainoo"), folding("sari")), (1, 0, 0));
    }

    #[test]
    fn in_a_table_the_spelling_more_rows_give_is_the_reference() {
        let known = Known::default();
        let row = |location| Given { location, agent: "myyja-1", auditor: "aino" };
        // One `Helsinki Kampi` first, then three rows of `Helsinki Kamppi`.
        let rows = [
            row("Helsinki Kampi"),
            row("Helsinki Kamppi"),
            row("Helsinki Kamppi"),
            row("Helsinki Kamppi"),
        ];
        let found = known.table_typos(&rows, Slip::Letter, |field| field.flag().to_string());
        let found: Vec<(usize, String)> =
            found.iter().map(|(at, _, m)| (*at, tarkka_i18n::render("en", m))).collect();
        assert_eq!(
            found,
            [(0, "--location `Helsinki Kampi` is new, and close to `Helsinki Kamppi`".to_string())]
        );
        // As many rows of each: the later spelling is the one told.
        let rows = [row("Turku Hansa"), row("Turku Hnsa")];
        let found = known.table_typos(&rows, Slip::Letter, |field| field.flag().to_string());
        assert_eq!(found.iter().map(|(at, _, _)| *at).collect::<Vec<_>>(), [1]);
    }
}
