# A throwaway Garage server (an S3-compatible object store, built from
# crates.io) on this machine, for the team-store tests (.ci/run) and
# benchmarks (bench/team.sh). Source it, then `garage_start`; `garage_stop`
# stops it and removes its data.
#
# The binary is built once (about 10 minutes on two cores) into a cache
# outside the checkout and reused: set TARKKA_CI_CACHE to move the cache.
#
# garage_start exports AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and S3_URL
# (s3://tarkka?endpoint=http://127.0.0.1:PORT&region=garage, a bucket the
# key may read and write).

GARAGE_VERSION=2.5.0

garage_install() {
    local root="${TARKKA_CI_CACHE:-$HOME/.cache/tarkka-ci}/garage-$GARAGE_VERSION"
    GARAGE="$root/bin/garage"
    if [ ! -x "$GARAGE" ]; then
        local build
        build="$(mktemp -d /tmp/tarkka-garage-build.XXXXXX)"
        CARGO_TARGET_DIR="$build" cargo install garage --version "$GARAGE_VERSION" --locked \
            --no-default-features --features sqlite,bundled-libs --root "$root" --quiet
        rm -rf "$build"
    fi
    export GARAGE
}

garage_start() {
    garage_install
    GARAGE_DIR="$(mktemp -d /tmp/tarkka-garage.XXXXXX)"
    local ports s3 rpc
    ports="$(python3 -c 'import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')"
    s3="${ports% *}"
    rpc="${ports#* }"
    cat > "$GARAGE_DIR/garage.toml" <<TOML
metadata_dir = "$GARAGE_DIR/meta"
data_dir = "$GARAGE_DIR/data"
db_engine = "sqlite"
replication_factor = 1
# Evidence is mostly compressed media: zstd on every block only costs CPU
# (on a 2-core machine, CPU the verifier needs too).
compression_level = "none"
rpc_bind_addr = "127.0.0.1:$rpc"
rpc_public_addr = "127.0.0.1:$rpc"
rpc_secret = "$(python3 -c 'import secrets; print(secrets.token_hex(32))')"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:$s3"
root_domain = ".s3.garage.localhost"
TOML
    AWS_ACCESS_KEY_ID="GK$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
    AWS_SECRET_ACCESS_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
    export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
    GARAGE_DEFAULT_ACCESS_KEY="$AWS_ACCESS_KEY_ID" GARAGE_DEFAULT_SECRET_KEY="$AWS_SECRET_ACCESS_KEY" \
        GARAGE_DEFAULT_BUCKET=tarkka RUST_LOG=warn \
        "$GARAGE" -c "$GARAGE_DIR/garage.toml" server --single-node --default-bucket \
        >"$GARAGE_DIR/log" 2>&1 &
    GARAGE_PID=$!
    # Up once the bucket answers a listing.
    local tries=0
    until python3 - "$s3" <<'PY' 2>/dev/null
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/tarkka", timeout=2)
except urllib.error.HTTPError as e:
    sys.exit(0 if e.code == 403 else 1)
PY
    do
        tries=$((tries + 1))
        if [ $tries -gt 60 ] || ! kill -0 "$GARAGE_PID" 2>/dev/null; then
            echo "garage did not start:" >&2
            cat "$GARAGE_DIR/log" >&2
            return 1
        fi
        sleep 0.5
    done
    S3_URL="s3://tarkka?endpoint=http://127.0.0.1:$s3&region=garage"
    export GARAGE_DIR GARAGE_PID S3_URL
}

garage_stop() {
    if [ -n "${GARAGE_PID:-}" ]; then
        kill "$GARAGE_PID" 2>/dev/null || true
        wait "$GARAGE_PID" 2>/dev/null || true
    fi
    if [ -n "${GARAGE_DIR:-}" ]; then rm -rf "$GARAGE_DIR"; fi
}
