#!/usr/bin/env bash
# Benchmarks of checkpoints, proofs and re-scoring (issue #16), release build.
# Usage: bench/proofs.sh [SCRATCH_DIR]   (needs ~4 GB free, hyperfine, python3 with cryptography)
# Results go into BENCHMARKS.md by hand, with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${1:-/tmp/tarkka-bench-proofs}
rm -rf "$scratch" && mkdir -p "$scratch"
cargo build --release -q
cargo build --release -q -p tarkka-ledger --example synth_ledger
tarkka=$PWD/target/release/tarkka
synth=$PWD/target/release/examples/synth_ledger
export TARKKA_ACTOR=bench TARKKA_LANG=en TARKKA_KEY_DIR="$scratch/keys"

echo "== machine"
lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2; $tarkka --version

echo "== a 1,000,000-entry ledger"
"$synth" "$scratch/l1m" 1000000 100000 >/dev/null
printf 'format = 1\nname = "bench"\n' > "$scratch/l1m/tarkka.toml"
ws="$tarkka --workspace $scratch/l1m"
cat "$scratch/l1m/ledger.jsonl" > /dev/null
ls -la "$scratch/l1m/ledger.jsonl"

echo "== verify, no checkpoint (and sha256sum of the ledger: the floor of reading and hashing it once)"
hyperfine --warmup 1 --runs 5 "$ws verify --no-evidence" "sha256sum $scratch/l1m/ledger.jsonl"

echo "== sign a checkpoint (verifies first)"
hyperfine --runs 3 "$ws checkpoint"
vkey=$(cat "$scratch/l1m/checkpoints/log.vkey")

echo "== verify against the kept checkpoint and this machine's memory of it"
hyperfine --warmup 1 --runs 5 "$ws verify --no-evidence"
/usr/bin/time -f "verify with checkpoints: peak RSS %M KB" $ws verify --no-evidence >/dev/null

echo "== a proof of one encounter (E-0500000) in the 1,000,000-entry ledger"
hyperfine --warmup 1 --runs 5 "$ws proof E-0500000 --out $scratch/proof.json"
/usr/bin/time -f "proof: peak RSS %M KB" $ws proof E-0500000 --out "$scratch/proof.json" >/dev/null

echo "== checking it without the ledger (and the independent Python verifier)"
hyperfine --warmup 3 --runs 30 -N "$tarkka proof verify $scratch/proof.json --key $vkey" \
    "python3 contrib/verify_proof.py $scratch/proof.json $vkey"

echo "== re-scoring: a ledger of 250,000 scored encounters (500,000 entries)"
"$tarkka" sample generate --encounters 250000 --seed 1 --out "$scratch/data" | sed -n 1p
"$tarkka" init "$scratch/scored" >/dev/null
rubrics=$(printf -- '--rubric %s ' "$scratch"/data/rubrics/*.toml)
"$tarkka" --workspace "$scratch/scored" import encounters "$scratch/data/encounters.csv" $rubrics >/dev/null
"$tarkka" --workspace "$scratch/scored" import answers "$scratch/data/answers.csv" --allow-missing-evidence synthetic >/dev/null
ls -la "$scratch/scored/ledger.jsonl"; wc -l < "$scratch/scored/ledger.jsonl"
cat "$scratch/scored/ledger.jsonl" > /dev/null
hyperfine --warmup 1 --runs 3 "$tarkka --workspace $scratch/scored verify --no-evidence" \
    "sha256sum $scratch/scored/ledger.jsonl"
/usr/bin/time -f "verify with re-scoring: peak RSS %M KB" "$tarkka" --workspace "$scratch/scored" verify --no-evidence >/dev/null
