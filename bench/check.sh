#!/usr/bin/env bash
# Benchmark of `tarkka check`: 10,000 call transcripts (about 55 MB, a
# quarter WebVTT, the rest call logs) against a rubric with 20 automatic
# rules, beside `rg` counting the same phrase list over the same files.
# Usage: bench/check.sh [SCRATCH_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${1:-/tmp/tarkka-bench-check}
rm -rf "$scratch"
cargo build --release -q
tarkka=$PWD/target/release/tarkka
python3 bench/check_corpus.py "$scratch" 10000
profile=(--profile segment=business --profile language=fi --profile returning=false --profile employees=12)
# Exit status 1 means some criterion failed: expected here.
hyperfine --ignore-failure --warmup 1 --runs 10 \
    "$tarkka check --rubric $scratch/rubric.toml $scratch/calls ${profile[*]} --format json" \
    "$tarkka check --rubric $scratch/rubric.toml $scratch/calls ${profile[*]}" \
    "rg --count-matches --ignore-case --fixed-strings --file $scratch/phrases.txt $scratch/calls"
/usr/bin/time -f "peak RSS %M KB" "$tarkka" check --rubric "$scratch/rubric.toml" "$scratch/calls" "${profile[@]}" --format json >/dev/null || true
