//! Fuzz target: the rubric parser must return a rubric or an error for any
//! text, never panic or hang, and an error must render.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(source) = std::str::from_utf8(bytes) else { return };
    match tarkka_rubric::parse(source) {
        Ok(rubric) => {
            // The fingerprints are computed while parsing; reading them
            // keeps the optimiser honest.
            std::hint::black_box(rubric.fingerprint());
            std::hint::black_box(rubric.rules_fingerprint());
        }
        Err(error) => {
            assert!(!error.diagnostics.is_empty());
            for diagnostic in &error.diagnostics {
                std::hint::black_box(diagnostic.line_col(source));
            }
            std::hint::black_box(error.render("fuzz.toml", source));
        }
    }
});
