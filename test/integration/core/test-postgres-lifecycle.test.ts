/**
 * Issue 16 item 4: `npm test` (scripts/test.sh → scripts/with-test-postgres.sh) stops the throw-away
 * PostgreSQL server it started, and leaves alone one that was already running. Runs on its own port and
 * data directory, never the shared server of TEST_DATABASE_URL. Needs the Debian `postgresql` binaries;
 * without them the suite is skipped loudly (a failure under CI=true).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const binaries =
  fs.existsSync('/usr/lib/postgresql') &&
  fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
if (!binaries) {
  if (process.env.CI === 'true') throw new Error('PostgreSQL binaries missing: CI must run the test-server lifecycle suite');
  console.warn('\n  !!! SKIPPING the test PostgreSQL lifecycle suite: the Debian postgresql binaries are not installed !!!\n');
}

/** A free port in a range the shared test server (55432) never uses. */
const port = String(56_000 + (process.pid % 900));

async function isReady(): Promise<boolean> {
  const bin = fs
    .readdirSync('/usr/lib/postgresql')
    .map((v) => `/usr/lib/postgresql/${v}/bin/pg_isready`)
    .find((f) => fs.existsSync(f))!;
  try {
    await run(bin, ['-h', '127.0.0.1', '-p', port, '-q']);
    return true;
  } catch {
    return false;
  }
}

(binaries ? describe : describe.skip)('issue 16: npm test stops the PostgreSQL server it started, and only that one', function () {
  this.timeout(120_000);
  let dataDir: string;
  const env = () => {
    const { TEST_DATABASE_URL: _unset, ...rest } = process.env;
    return { ...rest, PGPORT: port, PGDATA_DIR: dataDir };
  };
  // The command run "as the test suite": it sees the server and its URL.
  const probe = ['node', '-e', `if (!process.env.TEST_DATABASE_URL?.includes(':${port}/')) process.exit(7)`];

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-lifecycle-'));
    // initdb runs as the postgres system user when we are root: it must own the directory.
    if (process.getuid?.() === 0)
      fs.chownSync(dataDir, Number(fs.statSync('/var/lib/postgresql').uid), Number(fs.statSync('/var/lib/postgresql').gid));
  });
  after(async () => {
    await run('bash', [path.join(root, '.ci/stop-postgres.sh')], { env: env() }).catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("a server the run started is running during the run and stopped after it; the exit status is the run's", async () => {
    assert.equal(await isReady(), false, 'nothing listens on the test port before');
    await run('bash', [path.join(root, 'scripts/with-test-postgres.sh'), ...probe], { env: env() });
    assert.equal(await isReady(), false, 'the server the run started was stopped');
    await assert.rejects(
      run('bash', [path.join(root, 'scripts/with-test-postgres.sh'), 'bash', '-c', 'exit 3'], { env: env() }),
      (e: { code?: number }) => e.code === 3,
    );
    assert.equal(await isReady(), false, 'stopped after a failing run too');
  });

  it('a server that was already running is left running', async () => {
    await run('bash', [path.join(root, '.ci/start-postgres.sh')], { env: env() });
    assert.equal(await isReady(), true);
    await run('bash', [path.join(root, 'scripts/with-test-postgres.sh'), ...probe], { env: env() });
    assert.equal(await isReady(), true, "someone else's server is not stopped");
  });
});
