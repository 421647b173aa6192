#!/usr/bin/env bash
# npm test: every suite in one mocha run (unit, integration, e2e). The PostgreSQL half of the
# repository suites runs when TEST_DATABASE_URL is set or a local PostgreSQL server can be started;
# the e2e suites need /usr/bin/chromium. Missing prerequisites are skipped loudly, or fail under CI=true.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TEST_DATABASE_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if url=$(bash .ci/start-postgres.sh 2>/tmp/oppijanumero-teams-pg-start.log); then
    export TEST_DATABASE_URL="$url"
  else
    echo "!!! could not start PostgreSQL (see /tmp/oppijanumero-teams-pg-start.log)" >&2
  fi
fi
[ -x /usr/bin/chromium ] || echo "!!! /usr/bin/chromium is missing: the e2e suites will be skipped (failed under CI=true)" >&2
npm run --silent build:tab >/dev/null 2>&1 || echo "!!! tab build failed" >&2
exec npx mocha --reporter ./scripts/mocha-reporter.cjs "$@" 'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/e2e/**/*.test.ts' 'test/privacy/**/*.test.ts'
