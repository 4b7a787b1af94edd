#!/usr/bin/env bash
# Issue 19's speed bars for the team store, beside the file store's from the
# same run, on a throwaway PostgreSQL server on this machine (.ci/postgres.sh):
#
# 1. eight auditors at once, each recording 1,000 scoresheets one `tarkka
#    score` at a time, each from their own machine's directory (the file
#    store: one directory); on the team store both straight to PostgreSQL
#    and through a PgBouncer in transaction pooling mode (`pooled`);
# 2. replay (`tarkka scores`), `verify` and the report of a million-entry
#    ledger, read from the file and from PostgreSQL;
# 3. `verify` of 2 GiB of evidence, from the directory and from a throwaway
#    Garage server (.ci/garage.sh), and the copy that uploads it.
#
#   bench/team.sh [DIR] [EACH]     (default /tmp/tarkka-bench-team, 1000)
#
# Release build; results in BENCHMARKS.md. Needs about 4 GB of disk.
set -euo pipefail
T=${T:-$(pwd)/target/release/tarkka}
D=${1:-/tmp/tarkka-bench-team}
EACH=${2:-1000}
AUDITORS=8
. .ci/postgres.sh
. .ci/garage.sh
pg_start
pgbouncer_start
garage_start
trap 'garage_stop; pg_stop' EXIT
export TARKKA_LANG=en TARKKA_KEY_DIR=$D/keys TARKKA_ACTOR=lead
rm -rf "$D" && mkdir -p "$D"
psql() { command psql -q -v ON_ERROR_STOP=1 "$PG_URL/postgres" "$@"; }

echo "== $AUDITORS auditors × $EACH scoresheets"
{
  echo "encounter,rubric,time,location,agent,auditor"
  for a in $(seq 1 $AUDITORS); do
    for i in $(seq 1 "$EACH"); do
      echo "E-$a-$i,store-visit,2026-05-14T17:40+03:00,kamppi,myyja-$a,auditor-$a"
    done
  done
} > "$D/encounters.csv"
ANSWERS=$(pwd)/samples/answers/store-visit-kamppi-2026-05-14.toml
for store in ${STORES:-file postgres pooled}; do
  ledger=()
  if [ $store = postgres ]; then
    psql -c "CREATE DATABASE bench_scores"
    ledger=(--ledger "$PG_URL/bench_scores")
  fi
  if [ $store = pooled ]; then
    psql -c "CREATE DATABASE bench_pooled"
    ledger=(--ledger "$PGBOUNCER_URL/bench_pooled")
  fi
  "$T" init "$D/$store" "${ledger[@]}" >/dev/null
  "$T" --workspace "$D/$store" import encounters "$D/encounters.csv" --rubric rubrics/store-visit.toml >/dev/null
  for a in $(seq 1 $AUDITORS); do
    machine="$D/$store"
    if [ $store != file ]; then
      machine="$D/$store-machine-$a"
      mkdir -p "$machine/keys" "$machine/evidence/sha256"
      cp "$D/$store/tarkka.toml" "$machine/"
    fi
    echo "$machine" > "$D/$store-dir-$a"
  done
  start=$(date +%s.%N)
  writers=()
  for a in $(seq 1 $AUDITORS); do
    (
      machine=$(cat "$D/$store-dir-$a")
      for i in $(seq 1 "$EACH"); do
        "$T" --workspace "$machine" --actor "auditor-$a" score "E-$a-$i" --answers "$ANSWERS" \
          --allow-missing-evidence bench >/dev/null
      done
    ) &
    writers+=($!)
  done
  # Only the writers: the servers are children of this shell too.
  wait "${writers[@]}"
  end=$(date +%s.%N)
  entries=$("$T" --workspace "$D/$store" verify --no-evidence --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["entries"])')
  python3 -c "import sys; n=$AUDITORS*$EACH; s=$end-$start; print(f'$store: {n} scoresheets in {s:.1f} s: {n/s:.1f} scoresheets/s; ledger now {sys.argv[1]} entries')" "$entries"
done

echo "== 2 GiB of evidence, verified from the directory and from the S3 server"
"$T" init "$D/ev" >/dev/null
"$T" --workspace "$D/ev" encounter log --id R-1 --rubric rubrics/service-call.toml \
  --time 2026-05-14T10:00+03:00 --location oulu --agent agent-1 >/dev/null
mkdir -p "$D/recordings"
for i in $(seq 1 64); do head -c $((32 << 20)) /dev/urandom > "$D/recordings/call-$i.wav"; done
"$T" --workspace "$D/ev" evidence add R-1 "$D"/recordings/*.wav --kind recording >/dev/null
rm -rf "$D/recordings"
/usr/bin/time -f "workspace copy, 2 GiB into the bucket: %e s, %M KB peak" \
  "$T" workspace copy "$D/ev" "$D/ev-s3" --evidence "$S3_URL" >/dev/null
hyperfine --warmup 1 --runs 3 \
  "$T --workspace $D/ev verify" \
  "$T --workspace $D/ev-s3 verify"
rm -rf "$D/ev" "$D/ev-s3"

[ "${BIG:-455000}" = 0 ] && exit 0
echo "== a million entries, read from the file and from PostgreSQL"
"$T" sample generate --encounters ${BIG:-455000} --seed 1 --out "$D/data" >/dev/null
"$T" init "$D/big" >/dev/null
rubrics=()
for file in "$D"/data/rubrics/*.toml; do rubrics+=(--rubric "$file"); done
"$T" --workspace "$D/big" import encounters "$D/data/encounters.csv" "${rubrics[@]}" >/dev/null
"$T" --workspace "$D/big" import answers "$D/data/answers.csv" --allow-missing-evidence synthetic >/dev/null
psql -c "CREATE DATABASE bench_big"
/usr/bin/time -f "workspace copy into PostgreSQL: %e s, %M KB peak" \
  "$T" workspace copy "$D/big" "$D/big-pg" --ledger "$PG_URL/bench_big" >/dev/null
ls -l "$D/big/ledger.jsonl"
command psql "$PG_URL/bench_big" -c "SELECT count(*) AS entries, pg_size_pretty(pg_total_relation_size('tarkka_ledger')) AS size FROM tarkka_ledger"
for ws in big big-pg; do
  "$T" --workspace "$D/$ws" verify --no-evidence >/dev/null
  /usr/bin/time -f "$ws verify: %e s, %M KB peak" "$T" --workspace "$D/$ws" verify --no-evidence >/dev/null
  /usr/bin/time -f "$ws replay (scores --format json): %e s, %M KB peak" "$T" --workspace "$D/$ws" scores --format json >/dev/null
  rm -rf "$D/report-$ws"
  /usr/bin/time -f "$ws report: %e s, %M KB peak" "$T" --workspace "$D/$ws" report --out "$D/report-$ws" >/dev/null
done
hyperfine --warmup 1 --runs 3 \
  "$T --workspace $D/big verify --no-evidence" \
  "$T --workspace $D/big-pg verify --no-evidence" \
  "$T --workspace $D/big scores --format json" \
  "$T --workspace $D/big-pg scores --format json"
