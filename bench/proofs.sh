#!/usr/bin/env bash
# Benchmarks of checkpoints, proofs and re-scoring (issue #16), release build.
# Usage: bench/proofs.sh [SCRATCH_DIR]   (needs ~6 GB free, hyperfine, openssl, python3 with cryptography)
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

# A scored ledger: SAMPLE encounters generated, imported and checkpointed,
# then verified with re-scoring beside openssl (the SHA extensions: the
# floor of hashing the file once) and sha256sum.
# With `signed`, the importing auditor has a signing key (admitted by the
# log key before the checkpoint), so every entry is signed.
scored() {
    local encounters=$1 signed=${2:-} dir=$scratch/scored-$1${2:+-signed}
    echo "== re-scoring: $encounters scored encounters ${signed:+(every entry signed)}"
    "$tarkka" sample generate --encounters "$encounters" --seed 1 --out "$dir-data" | sed -n 1p
    "$tarkka" init "$dir" >/dev/null
    [ -n "$signed" ] && "$tarkka" --workspace "$dir" key new bench >/dev/null
    rubrics=$(printf -- '--rubric %s ' "$dir-data"/rubrics/*.toml)
    "$tarkka" --workspace "$dir" import encounters "$dir-data/encounters.csv" $rubrics >/dev/null
    "$tarkka" --workspace "$dir" import answers "$dir-data/answers.csv" --allow-missing-evidence synthetic >/dev/null
    rm -rf "$dir-data"
    "$tarkka" --workspace "$dir" checkpoint >/dev/null
    [ -n "$signed" ] && "$tarkka" --workspace "$dir" key trust bench >/dev/null \
        && "$tarkka" --workspace "$dir" checkpoint >/dev/null
    ls -la "$dir/ledger.jsonl"; wc -l < "$dir/ledger.jsonl"
    cat "$dir/ledger.jsonl" > /dev/null
    hyperfine --warmup 1 --runs 5 "$tarkka --workspace $dir verify --no-evidence" \
        "$tarkka --workspace $dir verify --no-evidence --full" \
        "openssl dgst -sha256 $dir/ledger.jsonl" "sha256sum $dir/ledger.jsonl"
    /usr/bin/time -f "verify with re-scoring: peak RSS %M KB" "$tarkka" --workspace "$dir" verify --no-evidence >/dev/null
    rm -rf "$dir"
}
scored 250000   # 550,396 entries, 1.24 GB
scored 455000   # 1,001,244 entries, 2.29 GB
scored 455000 signed   # 1,001,246 entries, 2.52 GB
