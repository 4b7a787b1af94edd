//! End-to-end tests: the real `tarkka` binary on real files.
//!
//! One test binary for the whole workspace (see ARCHITECTURE.md); each
//! module covers one command or concern.

mod auditor;
mod bag;
mod calibrate;
mod check;
mod checkpoint;
mod docs;
mod harness;
mod i18n;
mod intake;
mod reliability;
mod report;
mod review;
mod rubric;
mod score;
mod team;
mod transcripts;
mod verify;
mod workflow;
mod workspace;
