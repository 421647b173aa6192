/**
 * The real Bot Framework edge (botbuilder CloudAdapter + our Messenger) against the fake connector
 * over HTTP on 127.0.0.1: error mapping, no hidden SDK retries, and the worker end to end.
 */
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../bot/store/db.js';
import { loadConfig } from '../../../bot/config.js';
import { createAdapter } from '../../../bot/teams/adapter.js';
import { createMessenger } from '../../../bot/teams/messenger.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createAnnouncementsService } from '../../../bot/features/announcements/service.js';
import { createOutboxWorker } from '../../../bot/features/announcements/outbox-worker.js';
import { classify } from '../../../bot/features/announcements/backoff.js';
import { DeliveryError, type Messenger } from '../../../bot/features/types.js';
import { FakeConnector } from '../../../dev/fake-connector/index.js';
import { draft, people, seedConversations, seedPeople, silentLogger, waitFor } from './helpers.js';

const CHANNEL = '19:team-0@thread.tacv2';
const CHAT = 'a:personal-0';
const text = (t: string) => ({ kind: 'text' as const, text: t });

describe('announcements edge: botbuilder → fake connector', function () {
  this.timeout(30_000);
  let fake: FakeConnector;
  let store: Store;
  let messenger: Messenger;

  before(async function () {
    fake = new FakeConnector({ appRps: 30, seed: 7 });
    await fake.start();
  });
  after(async function () {
    await fake.stop();
  });
  beforeEach(async function () {
    fake.reset();
    fake.faults = {};
    fake.blocked.clear();
    store = await openStore({ dataDir: ':memory:' });
    await seedPeople(store);
    await seedConversations(store, { serviceUrl: fake.url, channels: 2, teams: 2, groups: 2, personal: 40, withServiceChannel: false });
    const conversations = createConversationsRepository(store);
    messenger = createMessenger({
      adapter: createAdapter(loadConfig({ LOCAL_MODE: 'true' }), silentLogger),
      appId: '',
      conversations,
      isAllowedServiceUrl: () => true,
    });
  });
  afterEach(async function () {
    await store.close();
  });

  it('posts a thread, replies in it, edits and deletes the root', async function () {
    const posted = await messenger.send(CHANNEL, text('tiedote'));
    assert.equal(posted.conversationId, `${CHANNEL};messageid=${posted.activityId}`);
    const replied = await messenger.reply(CHANNEL, posted.activityId, text('päivitys'));
    assert.ok(replied.activityId);
    await messenger.update(posted.conversationId, posted.activityId, text('päivitetty'));
    await messenger.delete(posted.conversationId, posted.activityId);
    assert.deepEqual(
      fake.records.map((r) => [r.op, r.status]),
      [
        ['post', 201],
        ['reply', 201],
        ['update', 200],
        ['delete', 200],
      ],
    );
    assert.equal(fake.activities.get(`${CHANNEL}|${posted.activityId}`)?.deleted, true);
  });

  it('the SDK makes exactly one request per call: its hidden retries are off', async function () {
    for (const [faults, status] of [
      [{ serverError: 1 }, 500],
      [{ throttleWithRetryAfter: 1, retryAfterSeconds: 1 }, 429],
      [{ throttleWithoutRetryAfter: 1 }, 429],
    ] as const) {
      fake.reset();
      fake.faults = faults;
      const started = Date.now();
      const error = await messenger.send(CHAT, text('x')).catch((e: unknown) => e);
      assert.ok(error instanceof DeliveryError, 'a DeliveryError');
      assert.equal(error.statusCode, status);
      assert.equal(fake.records.length, 1, `one request for ${status} (botbuilder alone would make 4)`);
      assert.ok(Date.now() - started < 900, 'no waiting inside the SDK');
    }
    fake.reset();
    fake.faults = { throttleWithRetryAfter: 1, retryAfterSeconds: 7 };
    const throttled = (await messenger.send(CHAT, text('x')).catch((e: unknown) => e)) as DeliveryError;
    assert.equal(throttled.retryAfterSeconds, 7, 'Retry-After reaches the outbox');
  });

  it('maps 403 MessageWritesBlocked and an outage the way the outbox expects', async function () {
    fake.blocked.add(CHAT);
    const blocked = await messenger.send(CHAT, text('x')).catch((e: unknown) => e);
    assert.ok(blocked instanceof DeliveryError);
    assert.equal(blocked.subCode, 'MessageWritesBlocked');
    assert.deepEqual(classify(blocked, 'post'), {
      kind: 'permanent',
      status: 403,
      reason: 'http-403:MessageWritesBlocked',
      deactivate: true,
    });
    fake.blocked.clear();
    await fake.setOutage(true);
    try {
      // The first call may meet a socket the outage cut; the next is refused outright.
      await messenger.send(CHAT, text('x')).catch(() => undefined);
      const down = await messenger.send(CHAT, text('x')).catch((e: unknown) => e);
      assert.ok(!(down instanceof DeliveryError), 'no HTTP status: a network-level failure');
      assert.equal(classify(down, 'post').kind, 'outage');
    } finally {
      await fake.setOutage(false);
    }
  });

  it('the worker delivers through the real edge within the fake’s limits, faults and all', async function () {
    fake.faults = {
      throttleWithRetryAfter: 0.03,
      retryAfterSeconds: 1,
      throttleWithoutRetryAfter: 0.03,
      serverError: 0.03,
      slow: 0.05,
      slowMs: [100, 300],
    };
    const service = createAnnouncementsService({
      store,
      conversations: createConversationsRepository(store),
      approval: 'single',
      logger: silentLogger,
    });
    const created = await service.createDraft(people.admin, draft({}, new Date()));
    const id = (await service.submit(people.admin, created.announcement.id, created.announcement.version)).announcement.id;
    const worker = createOutboxWorker({
      store,
      messenger,
      logger: silentLogger,
      appRps: 30,
      heartbeatMs: 200,
      pollMs: 25,
      backoff: { baseMs: 100, capMs: 800 },
    });
    worker.start();
    try {
      await waitFor(
        async () => (await store.db.selectFrom('announcement_outbox').select('state').where('state', '=', 'sent').execute()).length === 44,
        20_000,
        'all delivered',
      );
    } finally {
      await worker.stop();
    }
    const targets = (await createConversationsRepository(store).listActive()).map((c) => c.id);
    assert.deepEqual(fake.lostTargets(targets, id), [], 'lost = 0');
    assert.equal(fake.duplicates().posts, 0, 'duplicates = 0');
    // Timing on a shared 2-core machine can bunch arrivals past the pacer's 50 ms margin now and then;
    // those 429s are honoured like any other. Unpaced, about every other request would be refused.
    const causes = fake.byCause();
    const refusedByLimits = (causes['limit-app'] ?? 0) + (causes['limit-conversation'] ?? 0);
    assert.ok(
      refusedByLimits <= fake.counts.requests * 0.1,
      `the pacer keeps within the limits (${refusedByLimits} of ${fake.counts.requests} refused)`,
    );
  });
});
