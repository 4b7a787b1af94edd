#!/usr/bin/env bash
# Benchmarks of the audit trail (issue: "The audit trail"), release build.
# Usage: bench/audit-trail.sh [SCRATCH_DIR]   (needs ~5 GB free, hyperfine, openssl)
# Results go into BENCHMARKS.md by hand, with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${1:-/tmp/tarkka-bench}
rm -rf "$scratch" && mkdir -p "$scratch"
cargo build --release -q
cargo build --release -q -p tarkka-ledger --example synth_ledger
tarkka=$PWD/target/release/tarkka
synth=$PWD/target/release/examples/synth_ledger
export TARKKA_ACTOR=bench TARKKA_LANG=en TARKKA_KEY_DIR="$scratch/keys"

echo "== machine"
lscpu | grep -E 'Model name|^CPU\(s\)'; free -g | head -2; $tarkka --version; openssl version

echo "== append 100,000 entries in one call"
for run in 1 2 3; do rm -rf "$scratch/a100k"; "$synth" "$scratch/a100k" 100000; done

echo "== verify a 1,000,000-entry ledger (no evidence)"
"$synth" "$scratch/l1m" 1000000 100000
printf 'format = 1\n' > "$scratch/l1m/tarkka.toml"
hyperfine --warmup 1 --runs 5 "$tarkka --workspace $scratch/l1m verify --no-evidence"
/usr/bin/time -f "peak RSS %M KB" "$tarkka" --workspace "$scratch/l1m" verify --no-evidence >/dev/null
echo "   and 100,000 entries, for the memory trend:"
printf 'format = 1\n' > "$scratch/a100k/tarkka.toml"
/usr/bin/time -f "peak RSS %M KB" "$tarkka" --workspace "$scratch/a100k" verify --no-evidence >/dev/null

echo "== verify 2 GiB of evidence in 256 files vs one openssl process"
mkdir -p "$scratch/files"
for i in $(seq -w 1 256); do head -c 8388608 /dev/urandom > "$scratch/files/f$i.bin"; done
$tarkka init "$scratch/ev" >/dev/null
(cd "$scratch/ev" && $tarkka encounter log --id E-1 --rubric "$OLDPWD/rubrics/service-call.toml" \
    --time 2026-05-14T10:00+03:00 --location bench --agent a --profile language=fi --profile repeat_contact=false >/dev/null)
/usr/bin/time -f "evidence add 256 files: %e s" $tarkka --workspace "$scratch/ev" evidence add E-1 "$scratch"/files/*.bin --kind recording >/dev/null
cat "$scratch"/ev/evidence/sha256/*/* > /dev/null   # into the page cache
hyperfine --warmup 1 --runs 5 \
    "$tarkka --workspace $scratch/ev verify" \
    "openssl dgst -sha256 $scratch/ev/evidence/sha256/*/*"

echo "== verify one 1 GiB file vs openssl"
rm -rf "$scratch/files"
head -c 1073741824 /dev/urandom > "$scratch/big.bin"
$tarkka init "$scratch/big" >/dev/null
(cd "$scratch/big" && $tarkka encounter log --id E-1 --rubric "$OLDPWD/rubrics/service-call.toml" \
    --time 2026-05-14T10:00+03:00 --location bench --agent a --profile language=fi --profile repeat_contact=false >/dev/null)
$tarkka --workspace "$scratch/big" evidence add E-1 "$scratch/big.bin" --kind recording >/dev/null
rm "$scratch/big.bin"
cat "$scratch"/big/evidence/sha256/*/* > /dev/null
hyperfine --warmup 1 --runs 5 \
    "$tarkka --workspace $scratch/big verify" \
    "openssl dgst -sha256 $scratch/big/evidence/sha256/*/*"
