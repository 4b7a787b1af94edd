#!/usr/bin/env bash
# Two builds of tarkka side by side on the same data, in one sitting: the
# bars every issue that must not slow tarkka down is held to (import 1M
# answer rows; report 100k and 1M encounters, time and peak memory; check
# 10k transcripts; calibrate 600k ratings; verify 1M entries).
# Usage: bench/compare.sh OLD_BINARY NEW_BINARY [SCRATCH_DIR]
#   e.g. git worktree add /tmp/base main && (cd /tmp/base && cargo build --release)
#        bench/compare.sh /tmp/base/target/release/tarkka target/release/tarkka
# RUNS=N (default 3) runs each after a warm-up; SKIP_1M=1 leaves out the
# 1,000,000-encounter report (building its workspace takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1"); new=$(realpath "$2")
scratch=${3:-/tmp/tarkka-bench-compare}
runs=${RUNS:-3}
mkdir -p "$scratch"
export TARKKA_ACTOR=bench TARKKA_LANG=en TARKKA_KEY_DIR="$scratch/keys" TARKKA_NOW=2026-07-01T12:00:00Z

echo "== machine"
lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2
echo "commit: $(git describe --always --dirty 2>/dev/null || echo unknown)"

pair() { # NAME COMMAND-WITH-@ [hyperfine options...]
    local name=$1 command=$2; shift 2
    hyperfine --warmup 1 --runs "$runs" --export-json "$scratch/$name.json" "$@" \
        -n old "${command//@/$old}" -n new "${command//@/$new}"
    for which in old new; do
        local bin=$old; [ $which = new ] && bin=$new
        # shellcheck disable=SC2086
        /usr/bin/time -f "$name $which: peak RSS %M KB" ${command//@/$bin} >/dev/null 2>"$scratch/time.txt" || true
        tail -1 "$scratch/time.txt"
    done
}

echo "== import 1,000,000 answer rows"
data=$scratch/import
if [ ! -f "$data/answers.csv" ]; then
    "$new" sample generate --encounters 58858 --seed 1 --out "$data" | sed -n 1p
fi
rubrics=$(printf -- '--rubric %s ' "$data"/rubrics/*.toml)
ws=$scratch/import-ws
# Workspaces are made by the old build: a newer one may write settings
# (tarkka.toml) the older does not read.
prepare="rm -rf $ws && $old init $ws >/dev/null && $new --workspace $ws import encounters $data/encounters.csv $rubrics >/dev/null"
hyperfine --warmup 1 --runs "$runs" --export-json "$scratch/import.json" --prepare "$prepare" \
    -n old "$old --workspace $ws import answers $data/answers.csv --allow-missing-evidence synthetic" \
    -n new "$new --workspace $ws import answers $data/answers.csv --allow-missing-evidence synthetic"
for bin in "$old" "$new"; do
    eval "$prepare"
    /usr/bin/time -f "import $bin: peak RSS %M KB" "$bin" --workspace "$ws" import answers "$data/answers.csv" --allow-missing-evidence synthetic >/dev/null
    "$bin" --workspace "$ws" scores --format csv | sha256sum
done

echo "== calibrate 600,000 ratings"
cal=$scratch/calibrate
if [ ! -f "$cal/ws/ledger.jsonl" ]; then
    "$new" sample generate --encounters 14100 --seed 1 --shared 1 --out "$cal" >/dev/null
    "$old" init "$cal/ws" >/dev/null
    "$new" --workspace "$cal/ws" import encounters "$cal/encounters.csv" $(printf -- '--rubric %s ' "$cal"/rubrics/*.toml) >/dev/null
    "$new" --workspace "$cal/ws" import answers "$cal/answers.csv" --allow-missing-evidence synthetic >/dev/null
fi
pair calibrate "@ --workspace $cal/ws calibrate --resamples 1000"
for bin in "$old" "$new"; do "$bin" --workspace "$cal/ws" calibrate --format json | sha256sum; done

echo "== check 10,000 transcripts"
chk=$scratch/check
[ -d "$chk/calls" ] || python3 bench/check_corpus.py "$chk" 10000 >/dev/null
profile="--profile segment=business --profile language=fi --profile returning=false --profile employees=12"
pair check "@ check --rubric $chk/rubric.toml $chk/calls $profile --format json" --ignore-failure
for bin in "$old" "$new"; do "$bin" check --rubric "$chk/rubric.toml" "$chk/calls" $profile --format json | sha256sum || true; done

echo "== verify a 1,000,000-entry ledger (no evidence)"
if [ ! -f "$scratch/l1m/ledger.jsonl" ]; then
    cargo build --release -q -p tarkka-ledger --example synth_ledger
    target/release/examples/synth_ledger "$scratch/l1m" 1000000 100000
    printf 'format = 1\n' > "$scratch/l1m/tarkka.toml"
fi
pair verify "@ --workspace $scratch/l1m verify --no-evidence"

report() { # ENCOUNTERS
    local n=$1 dir=$scratch/report-$1
    if [ ! -f "$dir/ws/ledger.jsonl" ]; then
        ENCOUNTERS=$n bench/report.sh "$dir" >/dev/null
    fi
    pair "report-$n" "@ --workspace $dir/ws report --out $scratch/out-$n"
    for bin in "$old" "$new"; do
        rm -rf "$scratch/out-$n"
        "$bin" --workspace "$dir/ws" report --out "$scratch/out-$n" >/dev/null
        (cd "$scratch/out-$n" && find . -name '*.csv' -o -name '*.md' | sort | xargs cat | sha256sum)
    done
}
echo "== report, 100,000 encounters"
report 100000
if [ -z "${SKIP_1M:-}" ]; then
    echo "== report, 1,000,000 encounters"
    report 1000000
fi

echo "== new / old (mean time)"
python3 - "$scratch" <<'PY'
import json, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    results = {r["command"]: r for r in json.load(open(path))["results"]}
    old, new = results["old"], results["new"]
    print(f"{path.stem:16} old {old['mean']:.3f} s ± {old['stddev']:.3f}   "
          f"new {new['mean']:.3f} s ± {new['stddev']:.3f}   new/old {new['mean'] / old['mean']:.3f}")
PY
