# A throwaway PostgreSQL server on this machine, for the team-store tests
# (.ci/run) and benchmarks (bench/team.sh). Source it, then `pg_start`;
# `pg_stop` stops it and removes its data. Installs Debian's postgresql
# package only when no server binaries are there.
#
# pg_start exports PG_BIN, PG_DIR, PG_PORT and PG_URL (a trust-authenticated
# superuser `tarkka` on 127.0.0.1, no database named).
#
# pgbouncer_start (after pg_start) puts a PgBouncer in transaction pooling
# mode in front of it, as a team with many short-lived clients runs one,
# and exports PGBOUNCER_URL; pg_stop stops it too. Installs Debian's
# pgbouncer package only when it is not there.

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

pgbouncer_start() {
    if ! command -v pgbouncer >/dev/null && [ ! -x /usr/sbin/pgbouncer ]; then
        if [ "$(id -u)" -eq 0 ]; then
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
        else
            sudo apt-get update -qq
            sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
        fi
        # Debian starts its own; this one is ours.
        if [ "$(id -u)" -eq 0 ]; then systemctl stop pgbouncer >/dev/null 2>&1 || true
        else sudo systemctl stop pgbouncer >/dev/null 2>&1 || true; fi
    fi
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    printf '%s\n' "[databases]" "* = host=127.0.0.1 port=$PG_PORT" "[pgbouncer]" \
        "listen_addr = 127.0.0.1" "listen_port = $port" "unix_socket_dir =" \
        "auth_type = trust" "auth_file = $PG_DIR/pgbouncer.users" "pool_mode = transaction" \
        "max_client_conn = 200" "default_pool_size = 4" "logfile = $PG_DIR/pgbouncer.log" \
        "pidfile = $PG_DIR/pgbouncer.pid" > "$PG_DIR/pgbouncer.ini"
    echo '"tarkka" ""' > "$PG_DIR/pgbouncer.users"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR/pgbouncer.ini" "$PG_DIR/pgbouncer.users"; fi
    pg_as "$(command -v pgbouncer || echo /usr/sbin/pgbouncer)" -d "$PG_DIR/pgbouncer.ini"
    # It forks before it listens: wait until it answers (or say why not).
    local tries=0
    until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 100 ]; then
            echo "pgbouncer did not start: $PG_DIR/pgbouncer.log" >&2
            tail -n 5 "$PG_DIR/pgbouncer.log" >&2
            return 1
        fi
        sleep 0.1
    done
    PGBOUNCER_URL="postgres://tarkka@127.0.0.1:$port"
    export PGBOUNCER_URL
}

pg_stop() {
    if [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/pgbouncer.pid" ]; then
        kill "$(cat "$PG_DIR/pgbouncer.pid")" 2>/dev/null || true
    fi
    if [ -n "${PG_DIR:-}" ]; then
        pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
