#!/usr/bin/env bash
# Stops the throw-away PostgreSQL server of .ci/start-postgres.sh that lives in PGDATA_DIR (its data is
# left in place for the next start). Only ever called for a server the caller itself started.
set -euo pipefail
PGDATA="${PGDATA_DIR:-/tmp/oppijanumero-teams-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$BIN" ]; then echo "PostgreSQL server binaries not found" >&2; exit 1; fi
run_as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if [ -f "$PGDATA/postmaster.pid" ]; then
  run_as_pg "$BIN/pg_ctl -D $PGDATA -m fast -w stop >/dev/null"
fi
