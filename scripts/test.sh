#!/usr/bin/env bash
# npm test: every suite in one mocha run (unit, integration, e2e). The PostgreSQL half of the
# repository suites runs when TEST_DATABASE_URL is set or a local PostgreSQL server can be started;
# the e2e suites need /usr/bin/chromium. Missing prerequisites are skipped loudly, or fail under CI=true.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/chromium ] || echo "!!! /usr/bin/chromium is missing: the e2e suites will be skipped (failed under CI=true)" >&2
npm run --silent build:tab >/dev/null 2>&1 || echo "!!! tab build failed" >&2
# A PostgreSQL server this run starts is stopped when it ends; one that was already running is left alone.
exec bash scripts/with-test-postgres.sh npx mocha --reporter ./scripts/mocha-reporter.cjs "$@" 'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/e2e/**/*.test.ts' 'test/privacy/**/*.test.ts'
