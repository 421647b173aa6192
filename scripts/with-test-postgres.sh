#!/usr/bin/env bash
# Runs a command with TEST_DATABASE_URL pointing at a PostgreSQL server for the test suites. When the
# variable is unset and the Debian `postgresql` binaries are installed, a throw-away server is started
# with .ci/start-postgres.sh (PGPORT / PGDATA_DIR choose where) — and stopped again after the command if,
# and only if, this script started it: a server that was already running (someone else's) is left alone.
# Exits with the command's status.
set -uo pipefail
cd "$(dirname "$0")/.."
started_file=""
if [ -z "${TEST_DATABASE_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  started_file="$(mktemp)"
  if url=$(PG_STARTED_FILE="$started_file" bash .ci/start-postgres.sh 2>/tmp/oppijanumero-teams-pg-start.log); then
    export TEST_DATABASE_URL="$url"
  else
    echo "!!! could not start PostgreSQL (see /tmp/oppijanumero-teams-pg-start.log)" >&2
  fi
fi
stop_started_server() {
  if [ -n "$started_file" ] && [ -s "$started_file" ]; then
    PGDATA_DIR="$(cat "$started_file")" bash .ci/stop-postgres.sh || echo "!!! could not stop the PostgreSQL server this run started" >&2
  fi
  [ -n "$started_file" ] && rm -f "$started_file"
}
trap stop_started_server EXIT
"$@"
