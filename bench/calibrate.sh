#!/usr/bin/env bash
# Benchmark of `tarkka calibrate`: 14,100 encounters, each scored by all
# three auditors (about 600,000 ratings), bootstrap with 1,000 resamples.
# Usage: bench/calibrate.sh [SCRATCH_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${1:-/tmp/tarkka-bench-calibrate}
rm -rf "$scratch"
cargo build --release -q
tarkka=$PWD/target/release/tarkka
export TARKKA_ACTOR=bench TARKKA_LANG=en
"$tarkka" sample generate --encounters 14100 --seed 1 --shared 1 --out "$scratch"
rubrics=()
for rubric in "$scratch"/rubrics/*.toml; do rubrics+=(--rubric "$rubric"); done
"$tarkka" init "$scratch/ws" >/dev/null
"$tarkka" --workspace "$scratch/ws" import encounters "$scratch/encounters.csv" "${rubrics[@]}"
"$tarkka" --workspace "$scratch/ws" import answers "$scratch/answers.csv" --allow-missing-evidence synthetic
echo "ratings: $(($(wc -l < "$scratch/answers.csv") - 1))"
hyperfine --warmup 1 --runs 5 \
    "$tarkka --workspace $scratch/ws calibrate --resamples 1000" \
    "$tarkka calibrate --answers $scratch/answers.csv ${rubrics[*]} --resamples 1000"
/usr/bin/time -f "peak RSS (ledger) %M KB" "$tarkka" --workspace "$scratch/ws" calibrate >/dev/null
