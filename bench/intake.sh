#!/usr/bin/env bash
# Benchmarks of intake and faults (issue #17), release build: an append after
# a short, a 64 KiB and a 200 MB last line, and tables refused by their size
# or width. Usage: bench/intake.sh [SCRATCH_DIR]   (needs ~1.5 GB free,
# hyperfine, python3). Results go into BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${1:-/tmp/tarkka-bench-intake}
rm -rf "$scratch" && mkdir -p "$scratch"
cargo build --release -q
tarkka=$PWD/target/release/tarkka
export TARKKA_ACTOR=bench TARKKA_LANG=en TARKKA_KEY_DIR="$scratch/keys" TARKKA_NOW=2026-05-14T15:00:00Z
cd "$scratch"

echo "== machine"
lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2; $tarkka --version

echo "== ledgers whose last entry is short, 64 KiB and 200 MB"
$tarkka init ws >/dev/null
$tarkka --workspace ws encounter log --id V-1 --rubric "$OLDPWD/rubrics/store-visit.toml" \
    --time 2026-05-14T17:40+03:00 --location kamppi --agent a1 >/dev/null
cp ws/ledger.jsonl short.jsonl
# An entry written from the documented format (docs/ledger.md): an encounter
# whose `scenario` holds N bytes, chained after the last entry.
cat > long_entry.py <<'PY'
import hashlib, json, os, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(src).read().splitlines()
last = json.loads(lines[-1])
payload = dict(last["payload"], encounter="BIG", scenario="x" * n)
body = '{"v":2,"seq":%d,"time":"2026-05-14T15:00:00.000Z","actor":"bench","kind":"encounter-logged","payload":%s,"prev":"%s","salt":"%s"' % (
    last["seq"] + 1, json.dumps(payload, separators=(",", ":"), ensure_ascii=False), last["hash"], os.urandom(16).hex())
digest = hashlib.sha256((body + "}").encode()).hexdigest()
open(dst, "w").write("\n".join(lines) + "\n" + body + ',"hash":"%s"}\n' % digest)
PY
python3 long_entry.py short.jsonl k64.jsonl 65536
python3 long_entry.py short.jsonl m200.jsonl 200000000
log="--workspace ws encounter log --id V-2 --rubric store-visit --time 2026-05-14T17:40+03:00 --location kamppi --agent a1"

echo "== an append after each (the ledger copied back before every run)"
hyperfine -N --warmup 2 --runs 20 --prepare "cp short.jsonl ws/ledger.jsonl" "$tarkka $log"
hyperfine -N --warmup 2 --runs 20 --prepare "cp k64.jsonl ws/ledger.jsonl" "$tarkka $log"
hyperfine -N --runs 3 --prepare "cp m200.jsonl ws/ledger.jsonl" "$tarkka $log"
cp short.jsonl ws/ledger.jsonl

echo "== tables refused: a million columns, a 1 GiB file (sparse)"
python3 -c "print('encounter,kind,file,' + ','.join('c%d' % i for i in range(1000000)))" > wide.csv
truncate -s 1G huge.csv
hyperfine -N -i --warmup 1 --runs 10 "$tarkka --workspace ws import evidence wide.csv" \
    "$tarkka --workspace ws import evidence huge.csv"
