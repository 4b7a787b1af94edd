# A throwaway PostgreSQL server on this machine, for the team-store tests
# (.ci/run) and benchmarks (bench/team.sh). Source it, then `pg_start`;
# `pg_stop` stops it and removes its data. Installs Debian's postgresql
# package only when no server binaries are there.
#
# pg_start exports PG_BIN, PG_DIR, PG_PORT and PG_URL (a trust-authenticated
# superuser `tarkka` on 127.0.0.1, no database named).

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# initdb refuses to run as root: the server then runs as Debian's postgres user.
pg_as() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() {
    if [ -z "$(pg_bin)" ]; then
        if [ "$(id -u)" -eq 0 ]; then apt-get update -qq; else sudo apt-get update -qq; fi
        if [ "$(id -u)" -eq 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        else
            sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        fi
    fi
    PG_BIN="$(pg_bin)"
    PG_DIR="$(mktemp -d /tmp/tarkka-pg.XXXXXX)"
    PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; fi
    pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U tarkka -A trust -E UTF8 --no-sync >/dev/null
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
        -o "-k $PG_DIR -p $PG_PORT -c listen_addresses=127.0.0.1 -c max_connections=200 $*" start >/dev/null
    PG_URL="postgres://tarkka@127.0.0.1:$PG_PORT"
    export PG_BIN PG_DIR PG_PORT PG_URL
}

pg_stop() {
    if [ -n "${PG_DIR:-}" ]; then
        pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
