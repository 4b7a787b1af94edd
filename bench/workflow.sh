#!/usr/bin/env bash
# The review workflow's speed bars (issue 18): a draw over a pool of a
# million encounters in more than 500 strata, and re-running it from the
# ledger. Release build; results in BENCHMARKS.md. Needs about 3 GB of
# disk (the ledger and two copies of it).
#
#   bench/workflow.sh [DIR]     (default /tmp/tarkka-bench-workflow)
set -euo pipefail
T=${T:-$(pwd)/target/release/tarkka}
D=${1:-/tmp/tarkka-bench-workflow}
export TARKKA_LANG=en TARKKA_ACTOR=lead TARKKA_KEY_DIR=$D/keys
rm -rf "$D" && mkdir -p "$D"
"$T" sample generate --encounters 1000000 --seed 1 --out "$D/data" >/dev/null
"$T" init "$D/ws" >/dev/null
mkdir -p "$D/ws/plans"
cat > "$D/ws/plans/p.toml" <<PLAN
format = 1
id = "bench"
version = "1"

[[exclude]]
field = "profile.employees"
below = 5

[sample]
strata = ["location", "rubric", "week"]
quota = 2
calibration = 10

[[auditor]]
id = "aino"
capacity = 2
[[auditor]]
id = "mikko"
[[auditor]]
id = "sara"
[[auditor]]
id = "pekka"
PLAN
TARKKA_NOW=2025-12-01T08:00:00Z "$T" --workspace "$D/ws" assign --commit --plan "$D/ws/plans/p.toml" --period 2026-01-01..2026-06-30 >/dev/null
rubrics=()
for file in "$D"/data/rubrics/*.toml; do rubrics+=(--rubric "$file"); done
TARKKA_NOW=2025-12-02T08:00:00Z "$T" --workspace "$D/ws" import encounters "$D/data/encounters.csv" "${rubrics[@]}" >/dev/null
ls -l "$D/ws/ledger.jsonl"
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
# A commitment draws once: each timed draw runs in a copy of the workspace.
for run in 1 2 3; do
  rm -rf "$D/ws-$run" && cp -r "$D/ws" "$D/ws-$run"
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  cat "$D/ws-$run/ledger.jsonl" > /dev/null
  /usr/bin/time -f "draw $run: %e s, %M KB peak" \
    env TARKKA_NOW=2026-07-02T08:00:00Z "$T" --workspace "$D/ws-$run" assign --plan bench --period 2026-01-01..2026-06-30 --format json \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print("pool", d["pool"], "strata", d["strata"], "drawn", len(d["assignments"]))'
done
rm -rf "$D/ws-2" "$D/ws-3"
hyperfine --warmup 1 --runs 5 "$T --workspace $D/ws-1 assign --verify" "$T --workspace $D/ws-1 verify --no-evidence" "openssl dgst -sha256 $D/ws-1/ledger.jsonl"
/usr/bin/time -f "assign --verify: %e s, %M KB peak" "$T" --workspace "$D/ws-1" assign --verify
