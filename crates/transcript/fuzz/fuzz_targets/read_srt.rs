//! Fuzz target: the srt reader must return a transcript or an error for any
//! bytes, never panic or hang, and a transcript must keep its promises.

#![no_main]

mod promises;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| promises::check(tarkka_transcript::read::srt::read, bytes));
