#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the test suites and prints its URL.
# initdb refuses to run as root, so the cluster belongs to the `postgres` system user. With PG_STARTED_FILE
# set, a server this call started is announced by writing its data directory there (.ci/stop-postgres.sh).
set -euo pipefail
PGPORT="${PGPORT:-55432}"
PGDATA="${PGDATA_DIR:-/tmp/oppijanumero-teams-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$BIN" ]; then echo "PostgreSQL server binaries not found" >&2; exit 1; fi
run_as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if ! "$BIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q; then
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
    echo postgres > /tmp/oppijanumero-teams-pgpass
    [ "$(id -u)" = 0 ] && chown postgres /tmp/oppijanumero-teams-pgpass
    run_as_pg "$BIN/initdb -D $PGDATA -U postgres --auth=md5 --pwfile=/tmp/oppijanumero-teams-pgpass -E UTF8 >/dev/null"
  fi
  run_as_pg "$BIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' -w start >/dev/null"
  # Tell the caller that this call started the server (and where), so it can stop it when done.
  if [ -n "${PG_STARTED_FILE:-}" ]; then echo "$PGDATA" > "$PG_STARTED_FILE"; fi
fi
echo "postgres://postgres:postgres@127.0.0.1:$PGPORT/postgres"
