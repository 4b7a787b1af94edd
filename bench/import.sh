#!/usr/bin/env bash
# Benchmark of the CSV import (requirement: "Importing and scoring 1,000,000
# answer rows from CSV takes ≤ 5 s and ≤ 1 GiB peak memory; no slower than
# 1.5× DuckDB doing the same pipeline in SQL"), release build.
# Usage: bench/import.sh [SCRATCH_DIR]
#   (needs ~1 GB free, hyperfine, and python3 with DuckDB: pip install duckdb)
# ROWS=N changes the size (default 1,000,000 answer rows, about 17 per
# encounter); ENCOUNTERS=N sets the number of encounters instead.
# Results go into BENCHMARKS.md by hand, with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${1:-/tmp/tarkka-bench-import}
rm -rf "$scratch" && mkdir -p "$scratch"
cargo build --release -q
tarkka=$PWD/target/release/tarkka
# How many encounters give about $ROWS answer rows: the rows per encounter of
# a 20,000-encounter probe with the same seed.
$tarkka sample generate --encounters 20000 --seed 1 --out "$scratch/probe" > /dev/null
probe=$(($(wc -l < "$scratch/probe/answers.csv") - 1))
rm -rf "$scratch/probe"
encounters=${ENCOUNTERS:-$(((${ROWS:-1000000} * 20000 + probe / 2) / probe))}
duckdb=$PWD/bench/import_duckdb.py
export TARKKA_ACTOR=bench TARKKA_LANG=en TARKKA_KEY_DIR="$scratch/keys"

echo "== machine"
lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2; $tarkka --version
python3 --version; python3 -c 'import duckdb; print("duckdb", duckdb.__version__)'
echo "commit: $(git describe --always --dirty 2>/dev/null || echo unknown)"

echo "== data: $encounters encounters"
data=$scratch/data
$tarkka sample generate --encounters "$encounters" --seed 1 --out "$data" | sed -n 1p
echo "answers.csv: $(($(wc -l < "$data/answers.csv") - 1)) rows, $(du -h "$data/answers.csv" | cut -f1)"
cat "$data"/*.csv > /dev/null   # into the page cache

echo "== tarkka import answers (parse, validate, score, append to the ledger)"
# Each run gets a fresh workspace with the encounters logged and the rubrics
# registered; only the answers import is timed.
ws=$scratch/ws
rubrics=$(printf -- '--rubric %s ' "$data"/rubrics/*.toml)
prepare="rm -rf $ws && $tarkka init $ws >/dev/null && $tarkka --workspace $ws import encounters $data/encounters.csv $rubrics >/dev/null"
import="$tarkka --workspace $ws import answers $data/answers.csv --allow-missing-evidence synthetic"
hyperfine --warmup 1 --runs 5 --export-json "$scratch/tarkka.json" --prepare "$prepare" "$import"
eval "$prepare"
/usr/bin/time -f "peak RSS %M KB" $import
ls -l "$ws/ledger.jsonl" | awk '{print "ledger:", $5, "bytes"}'
$tarkka --workspace "$ws" scores --format csv > "$scratch/scores.csv"

echo "== DuckDB: the same pipeline in SQL (python3 startup and TOML reading included)"
hyperfine --warmup 1 --runs 5 --export-json "$scratch/duckdb.json" \
    "python3 $duckdb $data $scratch/duckdb.parquet"
/usr/bin/time -f "peak RSS %M KB" python3 "$duckdb" "$data" "$scratch/duckdb.parquet"
echo "   of which python3 startup and import duckdb:"
hyperfine --warmup 1 --runs 10 "python3 -c 'import duckdb'"

echo "== ratio"
python3 - "$scratch/tarkka.json" "$scratch/duckdb.json" <<'EOF'
import json, sys
t, d = (json.load(open(p))["results"][0] for p in sys.argv[1:3])
ratio = t["mean"] / d["mean"]
print(f"tarkka {t['mean']:.3f} s ± {t['stddev']:.3f}, DuckDB {d['mean']:.3f} s ± {d['stddev']:.3f}: "
      f"tarkka takes {ratio:.2f}× DuckDB's time (goal ≤ 1.5×) {'✓' if ratio <= 1.5 else '✗'}; "
      f"≤ 5 s {'✓' if t['mean'] <= 5 else '✗'}")
EOF

echo "== agreement: tarkka's overall scores (exact) vs DuckDB's (double), tolerance 1e-9"
python3 "$duckdb" --check "$scratch/scores.csv" "$scratch/duckdb.parquet"
