//! The shipped samples and rubrics, inside the library (and so the binary), so that `tarkka demo`
//! and `tarkka sample generate` work anywhere.

use include_dir::{Dir, include_dir};

/// `samples/`.
pub static SAMPLES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../samples");
/// `rubrics/`.
pub static RUBRICS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../rubrics");

/// The shipped rubrics, parsed, with their text, sorted by file name.
pub fn rubrics() -> Vec<(tarkka_rubric::Rubric, &'static str)> {
    let mut files: Vec<_> =
        RUBRICS.files().filter(|f| f.path().extension().is_some_and(|e| e == "toml")).collect();
    files.sort_by_key(|f| f.path());
    files
        .into_iter()
        .map(|file| {
            let text = file.contents_utf8().expect("shipped rubrics are UTF-8");
            (
                tarkka_rubric::parse(text).expect("shipped rubrics are valid (a test checks them)"),
                text,
            )
        })
        .collect()
}
