/**
 * A-REL-3 transport-level idempotency: a redelivered activity (same channel, conversation and activity
 * id) runs the bot once; the claim is shared through the database between app instances.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningApp } from '../../../bot/app.js';
import { loadConfig } from '../../../bot/config.js';
import { startApp } from '../../../bot/app.js';
import { createLogger } from '../../../bot/log.js';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createReliabilityRepository, type ReliabilityRepository } from '../../../bot/store/reliability-repository.js';
import { createDedupe, dedupeKey } from '../../../bot/teams/dedupe.js';
import {
  primeOutboundToken,
  startFakeBotFrameworkAuth,
  startFakeConnector,
  type FakeBotFrameworkAuth,
  type FakeConnector,
} from '../../helpers/fake-bot-framework-auth.js';
import { describeEachDatabase } from '../../helpers/databases.js';
import { APP_ID, captureLogs, postActivity, startSecureApp, teamsMessage } from './harness.js';

const silent = createLogger({ level: 'silent' });

describe('A-REL-3: duplicate deliveries are processed once', function () {
  let auth: FakeBotFrameworkAuth;
  let connector: FakeConnector;

  before(async () => {
    connector = await startFakeConnector();
    auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: connector.serviceUrl });
    primeOutboundToken(APP_ID);
  });
  after(async () => {
    await auth.close();
    await connector.close();
  });

  describe('through the whole app (production mode)', () => {
    let app: RunningApp;
    const logs = captureLogs('info');
    before(async () => {
      app = await startSecureApp(auth, { logger: logs.logger });
    });
    after(() => app.stop());

    const bearer = async () => `Bearer ${await auth.signActivityToken()}`;

    it('A-REL-3: the same activity posted twice concurrently → both 200, one reply', async () => {
      const activity = teamsMessage(connector.serviceUrl);
      const before = connector.requests.length;
      const results = await Promise.all([postActivity(app.url, activity, await bearer()), postActivity(app.url, activity, await bearer())]);
      assert.deepEqual(
        results.map((r) => r.status),
        [200, 200],
      );
      assert.equal(connector.requests.length - before, 1);
    });

    it("A-REL-3: the same activity again later (Teams' retry) → 200, no second reply", async () => {
      const activity = teamsMessage(connector.serviceUrl);
      const before = connector.requests.length;
      assert.equal((await postActivity(app.url, activity, await bearer())).status, 200);
      await new Promise((r) => setTimeout(r, 50));
      const again = await postActivity(app.url, activity, await bearer());
      assert.equal(again.status, 200);
      assert.equal(again.body, '{}');
      assert.equal(connector.requests.length - before, 1);
      assert.ok(logs.events('duplicate_delivery').length >= 1);
    });

    it('A-REL-3: the same activity id in two different conversations → two replies', async () => {
      const first = teamsMessage(connector.serviceUrl, { id: 'shared-activity-id' });
      const second = teamsMessage(connector.serviceUrl, { id: 'shared-activity-id' });
      assert.notEqual((first.conversation as { id: string }).id, (second.conversation as { id: string }).id);
      const before = connector.requests.length;
      await postActivity(app.url, first, await bearer());
      await postActivity(app.url, second, await bearer());
      assert.equal(connector.requests.length - before, 2);
    });

    it('A-REL-3: an unauthenticated copy cannot claim an id (the genuine delivery still runs)', async () => {
      const activity = teamsMessage(connector.serviceUrl);
      const before = connector.requests.length;
      assert.equal((await postActivity(app.url, activity, 'Bearer abc.def.ghi')).status, 401);
      assert.equal((await postActivity(app.url, activity, await bearer())).status, 200);
      assert.equal(connector.requests.length - before, 1);
    });
  });

  describe('two app instances sharing one SQLite database', () => {
    let dir: string;
    let stores: Store[] = [];
    let apps: RunningApp[] = [];
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dedupe-'));
      // Two connections to one file, as two processes would have.
      stores = [await openStore({ dataDir: dir }), await openStore({ dataDir: dir })];
      apps = [await startSecureApp(auth, { store: stores[0]! }), await startSecureApp(auth, { store: stores[1]! })];
    });
    after(async () => {
      for (const app of apps) await app.stop();
      for (const store of stores) await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('A-REL-3: a redelivery landing on the other instance → 200, no second reply (database claim)', async () => {
      const activity = teamsMessage(connector.serviceUrl);
      const before = connector.requests.length;
      assert.equal((await postActivity(apps[0]!.url, activity, `Bearer ${await auth.signActivityToken()}`)).status, 200);
      assert.equal((await postActivity(apps[1]!.url, activity, `Bearer ${await auth.signActivityToken()}`)).status, 200);
      assert.equal(connector.requests.length - before, 1);
      assert.equal(await createReliabilityRepository(stores[0]!).countProcessedActivities(), 1);
    });

    it('A-REL-3: concurrent copies on both instances → one reply', async () => {
      const activity = teamsMessage(connector.serviceUrl);
      const before = connector.requests.length;
      const token = `Bearer ${await auth.signActivityToken()}`;
      const results = await Promise.all([postActivity(apps[0]!.url, activity, token), postActivity(apps[1]!.url, activity, token)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 200]);
      assert.equal(connector.requests.length - before, 1);
    });
  });

  describe('local mode (no token: the guard only de-duplicates)', () => {
    let app: RunningApp;
    before(async () => {
      app = await startApp(
        loadConfig({ LOCAL_MODE: 'true', PORT: '0', HOST: '127.0.0.1', DATA_DIR: ':memory:', LOCAL_PLAYGROUND: 'false' }),
        { logger: silent },
      );
    });
    after(() => app.stop());

    it('A-REL-3: local mode: a repeated Playground activity is answered once, a new one normally', async () => {
      const activity = teamsMessage(connector.serviceUrl);
      const before = connector.requests.length;
      assert.equal((await postActivity(app.url, activity)).status, 200);
      assert.equal((await postActivity(app.url, activity)).status, 200);
      assert.equal(connector.requests.length - before, 1);
      assert.equal((await postActivity(app.url, teamsMessage(connector.serviceUrl))).status, 200);
      assert.equal(connector.requests.length - before, 2);
    });
  });
});

describe('A-REL-3: de-duplication unit behaviour', () => {
  it('A-REL-3: keys on (channel, conversation, activity id); no key without both ids', () => {
    const base = { id: 'a1', channelId: 'msteams', conversation: { id: 'c1' } };
    assert.match(dedupeKey(base)!, /^[0-9a-f]{64}$/);
    assert.notEqual(dedupeKey(base), dedupeKey({ ...base, conversation: { id: 'c2' } }));
    assert.notEqual(dedupeKey(base), dedupeKey({ ...base, channelId: 'webchat' }));
    assert.equal(dedupeKey({ ...base, id: undefined }), null);
    assert.equal(dedupeKey({ id: 'a1' }), null);
    assert.equal(dedupeKey('not an activity'), null);
  });

  it('A-REL-3: memory only: duplicate inside the window, new again after it', async () => {
    let now = 0;
    const dedupe = createDedupe({ logger: silent, windowMs: 1000, clock: () => now });
    const activity = { id: 'a1', channelId: 'msteams', conversation: { id: 'c1' } };
    assert.equal(await dedupe.claim(activity), 'first');
    assert.equal(await dedupe.claim(activity), 'duplicate');
    now = 999;
    assert.equal(await dedupe.claim(activity), 'duplicate');
    now = 1000;
    assert.equal(await dedupe.claim(activity), 'first');
    assert.equal(await dedupe.claim({ type: 'message' }), 'unkeyed');
    assert.deepEqual(dedupe.stats(), { hits: 2, claimed: 2, cached: 1 });
  });

  it('A-REL-3: a released claim (delivery refused before the bot ran) lets the redelivery through', async () => {
    const dedupe = createDedupe({ logger: silent });
    const activity = { id: 'a1', conversation: { id: 'c1' } };
    assert.equal(await dedupe.claim(activity), 'first');
    await dedupe.release(activity);
    assert.equal(await dedupe.claim(activity), 'first');
    assert.equal(await dedupe.claim(activity), 'duplicate');
  });

  it('A-REL-3: the in-memory LRU stays bounded', async () => {
    const dedupe = createDedupe({ logger: silent, maxEntries: 100 });
    for (let i = 0; i < 1000; i++) await dedupe.claim({ id: `a${i}`, conversation: { id: 'c' } });
    assert.equal(dedupe.stats().cached, 100);
    assert.equal(await dedupe.claim({ id: 'a999', conversation: { id: 'c' } }), 'duplicate');
  });

  it('A-REL-3: a failing database does not drop messages (fails open to the local claim)', async () => {
    const logs = captureLogs('warn');
    const broken: ReliabilityRepository = {
      claimActivity: () => Promise.reject(new Error('db down')),
      releaseActivity: () => Promise.reject(new Error('db down')),
      purgeProcessedActivities: () => Promise.reject(new Error('db down')),
      countProcessedActivities: () => Promise.reject(new Error('db down')),
    };
    const dedupe = createDedupe({ logger: logs.logger, repository: broken });
    const activity = { id: 'a1', conversation: { id: 'c1' } };
    assert.equal(await dedupe.claim(activity), 'first');
    assert.equal(await dedupe.claim(activity), 'duplicate');
    assert.equal(logs.events('dedupe_store_unavailable').length, 1);
  });
});

describeEachDatabase('A-REL-3: processed_activities claims', (getStore) => {
  it('A-REL-3: claim is create-if-absent; a live claim is a duplicate', async () => {
    const repo = createReliabilityRepository(getStore());
    assert.equal(await repo.claimActivity('k1', '2030-01-01T00:00:10.000Z', '2030-01-01T00:00:00.000Z'), true);
    assert.equal(await repo.claimActivity('k1', '2030-01-01T00:00:20.000Z', '2030-01-01T00:00:00.000Z'), false);
    assert.equal(await repo.countProcessedActivities(), 1);
  });

  it('A-REL-3: a released claim can be made again (another instance sees the release)', async () => {
    const store = getStore();
    const first = createDedupe({ logger: silent, repository: createReliabilityRepository(store) });
    const second = createDedupe({ logger: silent, repository: createReliabilityRepository(store) });
    const activity = { id: 'a1', channelId: 'msteams', conversation: { id: 'c1' } };
    assert.equal(await first.claim(activity), 'first');
    assert.equal(await second.claim(activity), 'duplicate');
    await first.release(activity);
    assert.equal(await second.claim(activity), 'first');
  });

  it('A-REL-3: concurrent claims of one key → exactly one wins', async () => {
    const repo = createReliabilityRepository(getStore());
    const results = await Promise.all(
      Array.from({ length: 8 }, () => repo.claimActivity('race', '2030-01-01T00:00:10.000Z', '2030-01-01T00:00:00.000Z')),
    );
    assert.equal(results.filter(Boolean).length, 1);
  });

  it('A-REL-3: an expired claim is taken over; old rows are purged, young kept', async () => {
    const repo = createReliabilityRepository(getStore());
    await repo.claimActivity('old', '2030-01-01T00:00:00.000Z', '2029-12-31T00:00:00.000Z');
    await repo.claimActivity('young', '2030-01-01T02:00:00.000Z', '2029-12-31T00:00:00.000Z');
    // Window start 01:00: "old" (00:00) is outside it and may be claimed again.
    assert.equal(await repo.claimActivity('old', '2030-01-01T02:00:00.000Z', '2030-01-01T01:00:00.000Z'), true);
    assert.equal(await repo.claimActivity('young', '2030-01-01T02:30:00.000Z', '2030-01-01T01:00:00.000Z'), false);
    await repo.claimActivity('ancient', '2029-06-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z');
    assert.equal(await repo.purgeProcessedActivities('2030-01-01T01:00:00.000Z'), 1);
    assert.equal(await repo.countProcessedActivities(), 2);
  });

  it('A-REL-3: the dedupe service purges expired rows lazily while claiming', async () => {
    const store = getStore();
    const repo = createReliabilityRepository(store);
    let now = Date.parse('2030-01-01T00:00:00.000Z');
    const dedupe = createDedupe({ logger: silent, repository: repo, windowMs: 60_000, purgeEveryMs: 60_000, clock: () => now });
    assert.equal(await dedupe.claim({ id: 'a', conversation: { id: 'c' } }), 'first');
    now += 120_000;
    assert.equal(await dedupe.claim({ id: 'b', conversation: { id: 'c' } }), 'first');
    assert.equal(await repo.countProcessedActivities(), 1, 'the claim of "a" expired and was purged');
  });
});
