/**
 * Issue 16: a single instance keeps duplicate-delivery claims in memory (no database write per
 * message); with SINGLE_INSTANCE=false (and always with PostgreSQL, see two-instances.test.ts) the
 * claim still goes to the shared database. Either way a redelivery is answered once.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { RunningApp } from '../../../bot/app.js';
import { createReliabilityRepository } from '../../../bot/store/reliability-repository.js';
import { isSingleInstance } from '../../../bot/teams/dedupe.js';
import { postActivity, startSecureApp, teamsMessage } from '../security/harness.js';
import { secureFixture } from './secure-fixture.js';

describe('issue 16: duplicate-delivery claims of a single instance stay in memory', function () {
  const fixture = secureFixture('single-instance-');

  async function redeliverOnce(app: RunningApp): Promise<{ replies: number; claims: number }> {
    const activity = teamsMessage(fixture.connector.serviceUrl);
    const before = fixture.connector.requests.length;
    const token = `Bearer ${await fixture.auth.signActivityToken()}`;
    const concurrent = await Promise.all([postActivity(app.url, activity, token), postActivity(app.url, activity, token)]);
    const later = await postActivity(app.url, activity, token);
    assert.deepEqual(
      [...concurrent, later].map((r) => r.status),
      [200, 200, 200],
    );
    return {
      replies: fixture.connector.requests.length - before,
      claims: await createReliabilityRepository(app.store).countProcessedActivities(),
    };
  }

  it('its own SQLite file (SINGLE_INSTANCE=auto): a redelivery is answered once, and no claim is written', async () => {
    const app = await startSecureApp(fixture.auth, { env: { DATA_DIR: path.join(fixture.dir, 'auto') } });
    try {
      assert.deepEqual(await redeliverOnce(app), { replies: 1, claims: 0 });
    } finally {
      await app.stop();
    }
  });

  it('SINGLE_INSTANCE=false: the claim is written to the database for the other instances', async () => {
    const app = await startSecureApp(fixture.auth, { env: { DATA_DIR: path.join(fixture.dir, 'shared'), SINGLE_INSTANCE: 'false' } });
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
