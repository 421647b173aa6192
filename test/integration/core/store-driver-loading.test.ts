/**
 * Issue 16 (round 6, peak RSS and start-up): a deployment on the embedded SQLite file never loads the
 * PostgreSQL driver; `openStore` imports `pg` only when it opens PostgreSQL. Checked in a fresh process
 * (this one may have loaded pg for other suites): pg is CommonJS, so whatever loaded it is in the
 * CommonJS module cache, also when an ES module imported it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { PROJECT_ROOT } from '../../helpers/compile-to-javascript.js';

function pgModulesAfter(openStoreOptions: string): Promise<number> {
  const script = `
    import { createRequire } from 'node:module';
    const { openStore } = await import('./bot/store/db.ts');
    const store = await openStore(${openStoreOptions});
    await store.close();
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes('/node_modules/pg/'));
    console.log(JSON.stringify({ pgModules: loaded.length }));
  `;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: PROJECT_ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        const line = stdout.trim().split('\n').pop() ?? '';
        resolve((JSON.parse(line) as { pgModules: number }).pgModules);
      },
    );
  });
}

describe('issue 16: the store loads only the database driver it uses', () => {
  it('opening the SQLite store loads none of the pg driver', async function () {
    this.timeout(60_000);
    assert.equal(await pgModulesAfter("{ dataDir: ':memory:' }"), 0);
  });

  it('opening PostgreSQL loads it (so the check above can see pg when it is there)', async function () {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) this.skip();
    this.timeout(60_000);
    const schema = `driver_loading_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    try {
      assert.ok((await pgModulesAfter(JSON.stringify({ databaseUrl: url, pgSchema: schema }))) > 0);
    } finally {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});
