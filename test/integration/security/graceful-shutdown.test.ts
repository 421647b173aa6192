import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnWatched } from '../../helpers/watched-process.js';

describe('process life cycle', function () {
  this.timeout(60_000);

  it('A-REL-8: npm start (local mode) serves, and SIGTERM stops everything with exit code 0', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shutdown-'));
    const app = spawnWatched(process.execPath, ['--import', 'tsx', 'bot/index.ts', '--local'], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        FAKE_ONR_PORT: '0',
        LOCAL_PLAYGROUND: 'false',
        LOG_LEVEL: 'warn',
        CI: '',
      },
    });
    const { child, exited } = app;
    try {
      const url = (await app.waitFor(/Bot endpoint:\s+(http:\/\/\S+)\/api\/messages/, 45_000))?.[1];
      assert.ok(url, `no start-up banner:\n${app.output()}`);
      assert.match(app.output(), /Fake ONR \(test\):\s+http:\/\/127\.0\.0\.1:\d+/);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      assert.equal((await fetch(`${url}/tab/`)).status, 200);

      const stopAt = Date.now();
      child.kill('SIGTERM');
      assert.equal(await exited, 0, app.output());
      assert.ok(Date.now() - stopAt < 10_000, 'stops within the host grace period');
      await assert.rejects(fetch(`${url}/healthz`), 'the port is closed');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
