//! Rubrics as the operations meet them: read from a file, or as the ledger
//! registered them; the customer profile an encounter was logged with; ids.

use std::path::Path;

use tarkka_ledger::payload::{EncounterLogged, RubricRegistered};
use tarkka_ledger::{EncounterState, LedgerState};
use tarkka_rubric::{Profile, ProfileValue, Rubric};

use crate::error::{Context as _, Error, Result};

/// Reads a file as UTF-8 text, naming it in any error.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|error| crate::error::unreadable(path, error))?;
    String::from_utf8(bytes).map_err(|error| {
        let (line, column) = tarkka_rubric::line_col(
            &String::from_utf8_lossy(error.as_bytes()),
            error.utf8_error().valid_up_to(),
        );
        let file = path.display().to_string();
        Error::text(tarkka_i18n::msg!("file-not-utf8", file = file, line = line, column = column))
    })
}

/// Reads and validates a rubric; an invalid one is an input error whose
/// message shows every problem.
pub fn load(path: &Path) -> Result<(Rubric, String)> {
    let source = read_text(path)?;
    match tarkka_rubric::parse(&source) {
        Ok(rubric) => Ok((rubric, source)),
        Err(error) => {
            let shown = path.display().to_string();
            Err(Error::rendered(move |lang| {
                let heading = tarkka_i18n::msg!("rubric-invalid-file", file = &shown);
                let heading = tarkka_i18n::render(lang, &heading);
                format!("{heading}\n\n{}", error.render(lang, &shown, &source).trim_end())
            }))
        }
    }
}

/// Parses a registered rubric's text; it was valid when registered.
pub fn registered(registered: &RubricRegistered) -> Result<Rubric> {
    tarkka_rubric::parse(&registered.text).map_err(|error| {
        let (rubric, fingerprint, text) =
            (registered.rubric.clone(), registered.fingerprint.clone(), registered.text.clone());
        Error::rendered(move |lang| {
            let heading = tarkka_i18n::msg!(
                "rubric-registered-invalid",
                rubric = &rubric,
                fingerprint = &fingerprint
            );
            let heading = tarkka_i18n::render(lang, &heading);
            format!("{heading}\n{}", error.render(lang, &rubric, &text))
        })
    })
}

/// The rubric an encounter was logged with.
pub fn of_encounter(state: &LedgerState, encounter: &EncounterState) -> Result<Rubric> {
    let logged = &encounter.logged.payload;
    let found = state.rubrics.get(&logged.fingerprint).with_context(|| {
        tarkka_i18n::msg!(
            "rubric-never-registered",
            encounter = &logged.encounter,
            fingerprint = &logged.fingerprint
        )
    })?;
    registered(&found.payload)
}

/// The customer profile as the scoring crate takes it.
pub fn profile_of(logged: &EncounterLogged) -> Result<Profile> {
    logged
        .profile
        .iter()
        .map(|(field, value)| {
            let value: ProfileValue = serde_json::from_value(value.clone()).with_context(|| {
                tarkka_i18n::msg!("profile-value-bad", field = field, encounter = &logged.encounter)
            })?;
            Ok((field.clone(), value))
        })
        .collect()
}

/// A profile as an `encounter-logged` payload writes it (JSON), read as
/// [`profile_of`] reads it; `None` when it does not read.
pub(crate) fn profile_from_json(json: &str) -> Option<Profile> {
    let fields: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_str(json).ok()?;
    fields
        .into_iter()
        .map(|(field, value)| Some((field, serde_json::from_value(value).ok()?)))
        .collect()
}

/// Ids become file names in exports and keys in the ledger: no white space,
/// no path separators. `what` is `encounter` or `auditor`.
pub fn check_id(id: &str, what: &str) -> Result<()> {
    if id.is_empty()
        || id.len() > 128
        || !id.chars().all(|c| c.is_alphanumeric() || "-_.:".contains(c))
        || id.starts_with('.')
    {
        crate::refuse!("id-bad", what = what, id = id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_plain() {
        for good in ["V-014", "S-2026-001", "a.b:c_d"] {
            assert!(super::check_id(good, "encounter").is_ok(), "{good}");
        }
        for bad in ["", ".hidden", "a b", "a/b", "a\\b", &"x".repeat(129)] {
            let error = super::check_id(bad, "encounter").unwrap_err();
            assert!(error.to_string().starts_with("encounter id `"), "{error}");
        }
    }
}
