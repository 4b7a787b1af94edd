#!/usr/bin/env bash
# Benchmark of `tarkka report` (requirement: the full report with all charts
# from 100,000 scored encounters in ≤ 5 s; from 1,000,000 in ≤ 30 s and
# ≤ 2 GiB), release build.
# Usage: ENCOUNTERS=100000 bench/report.sh [SCRATCH_DIR]
# The data set is the sample generator's (about 17 answers per encounter),
# imported in chunks of 100,000 encounters.
set -euo pipefail
cd "$(dirname "$0")/.."
encounters=${ENCOUNTERS:-100000}
scratch=${1:-/tmp/tarkka-bench-report-$encounters}
cargo build --release -q
tarkka=$PWD/target/release/tarkka
export TARKKA_ACTOR=bench TARKKA_LANG=en TARKKA_KEY_DIR="$scratch/keys" TARKKA_NOW=2026-07-01T12:00:00Z

echo "== machine"
lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2; $tarkka --version
echo "commit: $(git describe --always --dirty 2>/dev/null || echo unknown)"

ws=$scratch/ws
if [ ! -f "$ws/ledger.jsonl" ]; then
    rm -rf "$scratch" && mkdir -p "$scratch"
    data=$scratch/data
    $tarkka sample generate --encounters "$encounters" --seed 1 --out "$data" | sed -n 1p
    echo "answers.csv: $(($(wc -l < "$data/answers.csv") - 1)) rows"
    $tarkka init "$ws" >/dev/null
    rubrics=$(printf -- '--rubric %s ' "$data"/rubrics/*.toml)
    # Chunks of 100,000 encounters keep the import's memory flat.
    python3 - "$data" 100000 <<'PY'
import csv, sys, pathlib
data, size = pathlib.Path(sys.argv[1]), int(sys.argv[2])
def split(name, key):
    with open(data / name, newline="", encoding="utf-8-sig") as f:
        sample = f.readline(); f.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(f, delimiter=delimiter)
        header = next(reader)
        column = header.index(key)
        order, writers, files = {}, {}, []
        for row in reader:
            chunk = order.setdefault(row[column], len(order) // size) if name == "encounters.csv" else chunk_of[row[column]]
            if chunk not in writers:
                out = open(data / f"{name[:-4]}-{chunk:03}.csv", "w", newline="", encoding="utf-8")
                files.append(out)
                writers[chunk] = csv.writer(out, delimiter=delimiter)
                writers[chunk].writerow(header)
            writers[chunk].writerow(row)
        for out in files:
            out.close()
        return order
chunk_of = {}
chunk_of = split("encounters.csv", "encounter")
split("answers.csv", "encounter")
PY
    for part in "$data"/encounters-*.csv; do
        $tarkka --workspace "$ws" import encounters "$part" $rubrics >/dev/null
        $tarkka --workspace "$ws" import answers "${part/encounters-/answers-}" --allow-missing-evidence synthetic >/dev/null
    done
    ls -l "$ws/ledger.jsonl" | awk '{print "ledger:", $5, "bytes"}'
fi
cat "$ws/ledger.jsonl" > /dev/null   # into the page cache

echo "== tarkka report (replay, aggregate, 6 charts in PNG and SVG, HTML, Markdown, CSV, Parquet)"
hyperfine --warmup 1 --runs 5 "$tarkka --workspace $ws report --out $scratch/report"
/usr/bin/time -f "peak RSS %M KB" "$tarkka" --workspace "$ws" report --out "$scratch/report"

echo "== reference: DuckDB grouping the same scores (exported as CSV) by location and month"
# Far less than the report (no replay, no intervals, no charts or pages):
# the floor a columnar engine sets for the grouping alone.
$tarkka --workspace "$ws" scores --format csv > "$scratch/scores.csv"
cat > "$scratch/duckdb_report.py" <<'PY'
import sys, duckdb
duckdb.sql(f"""
    copy (
        select location, strftime(cast(date as date), '%Y-%m') as month, count(*) as n,
               avg(cast(overall_percent as double)) as mean_score,
               stddev_samp(cast(overall_percent as double)) as sd,
               avg(case when verdict = 'pass' then 1.0 else 0.0 end) as pass_rate
        from read_csv_auto('{sys.argv[1]}') where source = 'human'
        group by all order by all
    ) to '{sys.argv[2]}' (format parquet)
""")
PY
hyperfine --warmup 1 --runs 5 "python3 $scratch/duckdb_report.py $scratch/scores.csv $scratch/duckdb.parquet"
