/**
 * Issue 16: with the unanswered-question store moved after the reply, a burst of questions the bot
 * cannot answer, followed at once by shutdown, still leaves every question stored (stop() drains the
 * pending work before the store closes).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../bot/config.js';
import { startApp } from '../../../bot/app.js';
import { createLogger } from '../../../bot/log.js';
import { openStore } from '../../../bot/store/db.js';
import { startFakeConnector, type FakeConnector } from '../../helpers/fake-bot-framework-auth.js';
import { postActivity, teamsMessage } from '../security/harness.js';

describe('issue 16: unanswered questions are stored after the reply, none lost at shutdown', function () {
  let connector: FakeConnector;
  let dir: string;
  before(async () => {
    connector = await startFakeConnector();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unanswered-'));
  });
  after(async () => {
    await connector.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ten unanswerable questions, then stop(): ten replies and ten stored questions', async () => {
    const app = await startApp(loadConfig({ LOCAL_MODE: 'true', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOCAL_PLAYGROUND: 'false' }), {
      logger: createLogger({ level: 'silent' }),
    });
    const before = connector.requests.length;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        postActivity(app.url, teamsMessage(connector.serviceUrl, { text: `Miksi Wilma ${i} ei toimi tänään kello ${i}?` })),
      ),
    );
    await app.stop();
    assert.deepEqual(
      results.map((r) => r.status),
      Array(10).fill(200),
    );
    assert.equal(connector.requests.length - before, 10, 'one reply per question');
    const store = await openStore({ dataDir: dir });
    try {
      const rows = await store.db.selectFrom('guidance_questions').select(['band', 'question']).execute();
      assert.equal(rows.length, 10);
      assert.ok(rows.every((r) => r.band === 'unknown' || r.band === 'suggest'));
    } finally {
      await store.close();
    }
  });
});
