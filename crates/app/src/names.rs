//! Filter values checked against the names the ledger knows: a filter
//! that names nothing is a typo until shown otherwise, so it is refused
//! with the closest names instead of printing an empty table.

use crate::error::Result;
use crate::replay::{Encounter, ReportLedger};

/// A filter on encounters: `--location`, `--agent`, `--rubric` (the id) or
/// `--auditor` (of a scoresheet).
#[derive(Clone, Copy, Debug)]
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
        let (flag, what) = match field {
            Field::Location => ("--location", "locations"),
            Field::Agent => ("--agent", "agents"),
            Field::Rubric => ("--rubric", "rubrics"),
            Field::Auditor => ("--auditor", "auditors"),
        };
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
    let close = closest(given, &known);
    // What the flag names, for the catalogue's plural nouns.
    let kind = match what {
        "locations" => "location",
        "agents" => "agent",
        "auditors" => "auditor",
        "rubrics" => "rubric",
        _ => "criterion",
    };
    if !close.is_empty() {
        let names: Vec<String> = close.iter().map(|name| format!("`{name}`")).collect();
        crate::refuse!("filter-close", flag = flag, given = given, close = names.join(" / "));
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
            } else {
                return None;
            };
            Some((rank, distance, name))
        })
        .collect();
    ranked.sort_unstable();
    // Only the best: as close as the closest, in the same way.
    let best = ranked.first().map(|(rank, distance, _)| (*rank, *distance));
    ranked
        .into_iter()
        .filter(|(rank, distance, _)| best == Some((*rank, *distance)) || *rank < 2)
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
    }
}
