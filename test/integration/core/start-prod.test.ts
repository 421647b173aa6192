/**
 * Issue 16 (round 6): `npm run start:prod` (`node dist/bot/index.js`) runs the app as compiled JavaScript
 * under plain node, no tsx. Everything it loads at run time must be found from there: the JSON modules tsc
 * emits beside the code (card templates, source-pages.json, the migration specs) and, relative to the
 * working directory as in a deployment, kb/. The app is compiled here as `npm run build` compiles it
 * (tsconfig.build.json), into a scratch folder inside the project (Node resolves node_modules and the
 * package type from the file's location), started in production mode from the project root, and must
 * log "ready" and answer /healthz. The tab bundle (dist/tab, `npm run build:tab`) is not built here.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PROJECT_ROOT, compileToJavaScript } from '../../helpers/compile-to-javascript.js';
import { spawnWatched } from '../../helpers/watched-process.js';

describe('issue 16: the compiled production entry (npm run start:prod)', () => {
  const outDir = path.join(PROJECT_ROOT, 'dist', `start-prod-test-${randomUUID().slice(0, 8)}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-prod-'));

  after(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('node dist/bot/index.js starts under plain node, loads the KB and migrations, and answers /healthz', async function () {
    this.timeout(180_000);
    compileToJavaScript('tsconfig.build.json', outDir);
    const entry = path.join(outDir, 'bot', 'index.js');
    assert.ok(
      fs.existsSync(path.join(outDir, 'bot', 'store', 'migrations', '001-core.json')),
      'tsc emits the migration specs beside the code',
    );

    const app = spawnWatched(process.execPath, [entry], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'test', // only so the fake issuer's metadata URL below is accepted
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        MICROSOFT_APP_ID: '11111111-1111-4111-8111-111111111111',
        MICROSOFT_APP_PASSWORD: 'start-prod-not-a-secret',
        MICROSOFT_APP_TENANT_ID: '22222222-2222-4222-8222-222222222222',
        MICROSOFT_APP_TYPE: 'SingleTenant',
        BOT_OPENID_METADATA_URL: 'http://127.0.0.1:9/metadata',
        TAB_CLIENT_ID: '33333333-3333-4333-8333-333333333333',
        ONR_BASE_URL: 'http://127.0.0.1:9',
        ONR_USERNAME: 'test-service-user',
        ONR_PASSWORD: 'not-a-real-password',
        PUBLIC_BASE_URL: 'https://bot.example.fi',
      },
    });
    const { child, exited } = app;
    try {
      await app.waitFor(/"msg":"ready"/, 60_000);
      const output = app.output();
      assert.match(output, /"msg":"ready"/, `the compiled app did not start:\n${output}`);
      assert.doesNotMatch(output, /local mode/, 'production mode, not local');
      const port = /"port":(\d+)[^\n]*"msg":"bot listening"/.exec(output)?.[1];
      assert.ok(port, `no listening port logged:\n${output}`);
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok', mode: 'production' });
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0, `a clean shutdown on SIGTERM:\n${app.output()}`);
    }
  });
});
