/**
 * Issue 16: a single instance keeps duplicate-delivery claims in memory (no database write per
 * message); with SINGLE_INSTANCE=false (and always with PostgreSQL, see two-instances.test.ts) the
 * claim still goes to the shared database. Either way a redelivery is answered once.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningApp } from '../../../bot/app.js';
import { createReliabilityRepository } from '../../../bot/store/reliability-repository.js';
import { isSingleInstance } from '../../../bot/teams/dedupe.js';
import { primeOutboundToken, startFakeBotFrameworkAuth, startFakeConnector, type FakeBotFrameworkAuth, type FakeConnector } from '../../helpers/fake-bot-framework-auth.js';
import { APP_ID, postActivity, startSecureApp, teamsMessage } from '../security/harness.js';

describe('issue 16: duplicate-delivery claims of a single instance stay in memory', function () {
  let auth: FakeBotFrameworkAuth;
  let connector: FakeConnector;
  let dir: string;

  before(async () => {
    connector = await startFakeConnector();
    auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: connector.serviceUrl });
    primeOutboundToken(APP_ID);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'single-instance-'));
  });
  after(async () => {
    await auth.close();
    await connector.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function redeliverOnce(app: RunningApp): Promise<{ replies: number; claims: number }> {
    const activity = teamsMessage(connector.serviceUrl);
    const before = connector.requests.length;
    const token = `Bearer ${await auth.signActivityToken()}`;
    const concurrent = await Promise.all([postActivity(app.url, activity, token), postActivity(app.url, activity, token)]);
    const later = await postActivity(app.url, activity, token);
    assert.deepEqual([...concurrent, later].map((r) => r.status), [200, 200, 200]);
    return { replies: connector.requests.length - before, claims: await createReliabilityRepository(app.store).countProcessedActivities() };
  }

  it('its own SQLite file (SINGLE_INSTANCE=auto): a redelivery is answered once, and no claim is written', async () => {
    const app = await startSecureApp(auth, { env: { DATA_DIR: path.join(dir, 'auto') } });
    try {
      assert.deepEqual(await redeliverOnce(app), { replies: 1, claims: 0 });
    } finally {
      await app.stop();
    }
  });

  it('SINGLE_INSTANCE=false: the claim is written to the database for the other instances', async () => {
    const app = await startSecureApp(auth, { env: { DATA_DIR: path.join(dir, 'shared'), SINGLE_INSTANCE: 'false' } });
    try {
      assert.deepEqual(await redeliverOnce(app), { replies: 1, claims: 1 });
    } finally {
      await app.stop();
    }
  });

  it('auto means single only for a SQLite file the app opened itself', () => {
    assert.equal(isSingleInstance('auto', { dialect: 'sqlite', injected: false }), true);
    assert.equal(isSingleInstance('auto', { dialect: 'sqlite', injected: true }), false, 'a handed-in store may be shared');
    assert.equal(isSingleInstance('auto', { dialect: 'postgres', injected: false }), false);
    assert.equal(isSingleInstance('true', { dialect: 'postgres', injected: false }), true);
    assert.equal(isSingleInstance('false', { dialect: 'sqlite', injected: false }), false);
  });
});
