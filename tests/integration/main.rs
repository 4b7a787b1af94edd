//! End-to-end tests: the real `tarkka` binary on real files.
//!
//! One test binary for the whole workspace (see ARCHITECTURE.md); each
//! module covers one command.

mod harness;
mod rubric;
mod score;
