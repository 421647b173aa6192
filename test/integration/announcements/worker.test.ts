import assert from 'node:assert/strict';
import sinon from 'sinon';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createAnnouncementsRepository } from '../../../bot/store/announcements-repository.js';
import { createAnnouncementsService } from '../../../bot/features/announcements/service.js';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../../../bot/features/announcements/outbox-worker.js';
import { createAnnouncementScheduler, type AnnouncementScheduler } from '../../../bot/features/announcements/scheduler.js';
import { TEAMS_CONVERSATION_LIMITS, minimumDurationMs, type WindowLimit } from '../../../bot/features/announcements/pacer.js';
import { DeliveryError } from '../../../bot/features/types.js';
import { listCard, reportCard } from '../../../bot/features/announcements/cards.js';
import { reportCsv } from '../../../bot/features/announcements/report.js';
import {
  DELIVERED_THEN_HANG,
  ScriptedMessenger,
  draft,
  people,
  seedConversations,
  seedPeople,
  silentLogger,
  waitFor,
  SERVICE_CHANNEL,
} from './helpers.js';

const networkError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

interface Harness {
  store: Store;
  messenger: ScriptedMessenger;
  repo: ReturnType<typeof createAnnouncementsRepository>;
  service: ReturnType<typeof createAnnouncementsService>;
  workers: OutboxWorker[];
  schedulers: AnnouncementScheduler[];
  worker(options?: Partial<OutboxWorkerOptions>): OutboxWorker;
  publish(overrides?: Parameters<typeof draft>[0]): Promise<string>;
  states(id: string, op?: string): Promise<Record<string, number>>;
}

async function harness(
  seed: Parameters<typeof seedConversations>[1] = { channels: 3, teams: 2, groups: 1, personal: 2 },
): Promise<Harness> {
  const store = await openStore({ dataDir: ':memory:' });
  await seedPeople(store);
  await seedConversations(store, seed);
  const messenger = new ScriptedMessenger();
  const conversations = createConversationsRepository(store);
  const service = createAnnouncementsService({
    store,
    conversations,
    serviceChannelId: SERVICE_CHANNEL,
    approval: 'single',
    logger: silentLogger,
  });
  const repo = createAnnouncementsRepository(store);
  const workers: OutboxWorker[] = [];
  const schedulers: AnnouncementScheduler[] = [];
  return {
    store,
    messenger,
    repo,
    service,
    workers,
    schedulers,
    // Each instance runs a worker and, as the app does, the scheduler that publishes into its outbox.
    worker(options = {}) {
      const worker = createOutboxWorker({
        store,
        messenger,
        logger: silentLogger,
        appRps: 1000,
        maxAttempts: 8,
        leaseMs: 600,
        heartbeatMs: 100,
        pollMs: 20,
        marginMs: 0,
        backoff: { baseMs: 20, capMs: 100 },
        ...options,
      });
      workers.push(worker);
      worker.start();
      const scheduler = createAnnouncementScheduler({
        publishDue: () => service.publishDue(),
        everyMs: 100,
        logger: silentLogger,
        onPublished: () => worker.wake(),
      });
      schedulers.push(scheduler);
      scheduler.start();
      return worker;
    },
    async publish(overrides = {}) {
      const created = await service.createDraft(people.admin, draft(overrides, new Date()));
      const outcome = await service.submit(people.admin, created.announcement.id, created.announcement.version);
      return outcome.announcement.id;
    },
    async states(id, op = 'post') {
      const out: Record<string, number> = {};
      for (const row of await repo.rowsFor(id, [op])) out[row.state] = (out[row.state] ?? 0) + 1;
      return out;
    },
  };
}

describe('announcements outbox worker', function () {
  this.timeout(20_000);
  let h: Harness;

  afterEach(async function () {
    for (const scheduler of h.schedulers) await scheduler.stop();
    for (const worker of h.workers) await worker.stop();
    await h.store.close();
  });

  it('delivers one post per target and records activity and thread ids', async function () {
    h = await harness();
    const id = await h.publish();
    h.worker();
    await waitFor(async () => (await h.states(id)).sent === 7, 5000, 'all sent');
    const posts = await h.repo.rowsFor(id, ['post']);
    assert.ok(posts.every((p) => p.activity_id && p.attempts === 1));
    const channel = posts.find((p) => p.conversation_id === SERVICE_CHANNEL)!;
    assert.equal(channel.thread_id, `${SERVICE_CHANNEL};messageid=${channel.activity_id}`, 'a channel post starts a thread');
    assert.deepEqual([...h.messenger.postsTo(id).values()], [1, 1, 1, 1, 1, 1, 1]);
  });

  it('retries 429 (honouring Retry-After), 412 and 5xx, and flags an ambiguous post', async function () {
    h = await harness({ channels: 0, personal: 4 });
    const id = await h.publish();
    const failures = new Map<string, Error[]>([
      ['a:personal-0', [new DeliveryError(429, 1)]],
      ['a:personal-1', [new DeliveryError(429), new DeliveryError(412)]],
      ['a:personal-2', [new DeliveryError(502), new DeliveryError(504)]],
    ]);
    h.messenger.script = (call) => failures.get(call.conversationId)?.shift();
    h.worker();
    await waitFor(async () => (await h.states(id)).sent === 5, 8000, 'all sent');
    const calls = (conversation: string) => h.messenger.calls.filter((c) => c.conversationId === conversation);
    const throttled = calls('a:personal-0');
    assert.equal(throttled.length, 2);
    assert.ok(throttled[1]!.at - throttled[0]!.at >= 1000, `waited for Retry-After (${throttled[1]!.at - throttled[0]!.at} ms)`);
    assert.equal(calls('a:personal-1').length, 3);
    const rows = new Map((await h.repo.rowsFor(id, ['post'])).map((r) => [r.conversation_id, r]));
    assert.equal(rows.get('a:personal-2')!.possible_duplicate, 1, 'after a 5xx the post may already exist');
    assert.equal(rows.get('a:personal-1')!.possible_duplicate, 0, '429 and 412 prove nothing was stored');
    assert.equal(rows.get('a:personal-1')!.attempts, 3);
  });

  it('403/404 fail permanently at once and retire the installation', async function () {
    h = await harness({ channels: 0, personal: 3 });
    const id = await h.publish();
    h.messenger.script = (call) =>
      call.conversationId === 'a:personal-0'
        ? new DeliveryError(403, null, 'MessageWritesBlocked')
        : call.conversationId === 'a:personal-1'
          ? new DeliveryError(404)
          : undefined;
    h.worker();
    await waitFor(async () => (await h.states(id)).sent === 2 && (await h.states(id)).failed === 2, 5000, 'settled');
    assert.equal(h.messenger.calls.filter((c) => c.conversationId === 'a:personal-0').length, 1, 'no retry');
    const conversations = createConversationsRepository(h.store);
    assert.equal((await conversations.get('a:personal-0'))?.active, false);
    assert.equal((await conversations.get('a:personal-1'))?.active, false);
    const report = await h.service.report(people.admin, id);
    assert.deepEqual(report.failureReasons.map((r) => r.reason).sort(), ['http-403:MessageWritesBlocked', 'http-404']);
  });

  it('dead-letters after OUTBOX_MAX_ATTEMPTS', async function () {
    h = await harness({ channels: 0, personal: 1, withServiceChannel: false });
    const id = await h.publish();
    h.messenger.script = () => new DeliveryError(502);
    h.worker({ maxAttempts: 3 });
    await waitFor(async () => (await h.states(id)).dead === 1, 5000, 'dead');
    assert.equal(h.messenger.calls.length, 3);
    assert.equal((await h.repo.rowsFor(id))[0]!.last_error, 'http-502');
  });

  it('a connector outage leaves rows pending, not failed, and they go out when it returns', async function () {
    h = await harness({ channels: 0, personal: 5 });
    const id = await h.publish();
    let down = true;
    h.messenger.script = () => (down ? networkError('ECONNREFUSED') : undefined);
    h.worker({ maxAttempts: 2, outageBackoff: { baseMs: 40, capMs: 120 } });
    await waitFor(() => h.messenger.calls.length >= 4, 5000, 'a few refused calls');
    const during = await h.states(id);
    assert.equal(during.failed ?? 0, 0);
    assert.equal(during.dead ?? 0, 0, 'refused connections do not spend attempts');
    down = false;
    await waitFor(async () => (await h.states(id)).sent === 6, 8000, 'sent after the outage');
    assert.ok((await h.repo.rowsFor(id)).every((r) => r.attempts === 1));
  });

  it('a crash never double-posts: a new worker resends what never left and holds what may have', async function () {
    h = await harness({ channels: 2, teams: 2, groups: 2, personal: 6 });
    const id = await h.publish();
    // The first process: two calls reach "Teams" (counted as delivered) but their answers never come back.
    let index = 0;
    h.messenger.script = () => (++index === 4 || index === 5 ? DELIVERED_THEN_HANG : undefined);
    const first = h.worker({ maxConcurrency: 4, appRps: 20 });
    await waitFor(() => h.messenger.calls.length >= 7, 5000, 'some progress');
    await first.abort(); // as if the process were killed: nothing more is written
    h.messenger.script = () => undefined;
    h.worker({ workerId: 'second' });
    await waitFor(
      async () => {
        const s = await h.states(id);
        return (s.sent ?? 0) + (s.unconfirmed ?? 0) === 11;
      },
      8000,
      'the second worker finished',
    );
    const states = await h.states(id);
    assert.equal(states.unconfirmed, 2, 'the two in-flight posts are reported, not resent');
    const perTarget = [...h.messenger.postsTo(id).values()];
    assert.equal(perTarget.length, 11, 'lost = 0: every target received the post …');
    assert.ok(
      perTarget.every((n) => n === 1),
      '… exactly once: duplicates = 0',
    );
    // The two unconfirmed were in fact delivered: resending them is an explicit choice, flagged in the report.
    const report = await h.service.report(people.admin, id);
    assert.equal(report.summary.unconfirmed, 2);
    assert.equal(report.summary.delivered, 9);
  });

  it('stops gracefully: in-flight calls finish, leased rows go back, a restart completes without repeats', async function () {
    h = await harness({ channels: 0, personal: 20 });
    const id = await h.publish();
    h.messenger.script = () => new Promise<void>((resolve) => setTimeout(resolve, 40));
    const first = h.worker({ appRps: 50, maxConcurrency: 3 });
    await waitFor(() => h.messenger.calls.length >= 5, 5000, 'some sends');
    await first.stop();
    const held = await h.store.db.selectFrom('announcement_outbox').select('state').where('state', 'in', ['leased', 'sending']).execute();
    assert.equal(held.length, 0, 'nothing left leased or in flight');
    const callsAtStop = h.messenger.calls.length;
    assert.equal((await h.states(id)).sent, callsAtStop, 'every call that started was recorded');
    h.worker({ workerId: 'after-restart' });
    await waitFor(async () => (await h.states(id)).sent === 21, 8000, 'all sent');
    assert.ok([...h.messenger.postsTo(id).values()].every((n) => n === 1));
    assert.equal((await h.states(id)).unconfirmed ?? 0, 0);
  });

  it('a revision edits the original card in place and replies in the thread; a retract deletes both', async function () {
    h = await harness({ channels: 1, teams: 1, groups: 0, personal: 1, withServiceChannel: false });
    const id = await h.publish();
    h.worker();
    await waitFor(async () => (await h.states(id)).sent === 2, 5000, 'posted');
    const announcement = await h.service.get(people.admin, id);
    const { revision } = (await import('../../../bot/features/announcements/validation.js')).checkRevision({
      ...(await import('../../../bot/features/announcements/validation.js')).rawFromForm({
        titleFi: 'Uusi otsikko',
        bodyFi: 'Uusi teksti',
        category: 'breaking',
      }),
      kind: 'update',
      note: { fi: 'Otsikko muuttui' },
    });
    await h.service.revise(people.admin, id, announcement.version, revision!);
    await waitFor(async () => (await h.states(id, 'update')).sent === 2 && (await h.states(id, 'reply')).sent === 2, 5000, 'revised');
    const posts = new Map((await h.repo.rowsFor(id, ['post'])).map((p) => [p.conversation_id, p]));
    const channelPost = posts.get('19:team-0@thread.tacv2')!;
    const update = h.messenger.calls.find((c) => c.op === 'update' && c.conversationId.startsWith('19:team-0'))!;
    assert.equal(update.conversationId, channelPost.thread_id);
    assert.equal(update.activityId, channelPost.activity_id);
    assert.match(JSON.stringify(update.reply), /Päivitetty/);
    const reply = h.messenger.calls.find((c) => c.op === 'reply')!;
    assert.equal(reply.threadRootId, channelPost.activity_id, 'the notice goes into the announcement’s thread');
    assert.match(JSON.stringify(reply.reply), /Otsikko muuttui/);
    const chatNotice = h.messenger.calls.filter((c) => c.op === 'send' && c.conversationId === 'a:personal-0');
    assert.equal(chatNotice.length, 2, 'in a chat the notice is a new message');
    assert.equal(posts.get('a:personal-0')!.shown_revision, 1);

    const current = await h.service.get(people.admin, id);
    await h.service.retract(people.admin, id, current.version);
    await waitFor(async () => (await h.states(id, 'delete')).sent === 4, 5000, 'deleted');
    const deleted = h.messenger.calls
      .filter((c) => c.op === 'delete')
      .map((c) => c.activityId)
      .sort();
    const expected = (await h.repo.rowsFor(id, ['post', 'reply'])).map((r) => r.activity_id).sort();
    assert.deepEqual(deleted, expected);
  });

  it('a retraction the connector refuses is reported per target as failed, and its retry removes the card', async function () {
    h = await harness({ channels: 0, personal: 2, withServiceChannel: false });
    const id = await h.publish();
    h.worker({ maxAttempts: 2 });
    await waitFor(async () => (await h.states(id)).sent === 2, 5000, 'posted');
    // The connector refuses the delete in one chat only.
    h.messenger.script = (call) => (call.op === 'delete' && call.conversationId === 'a:personal-0' ? new DeliveryError(502) : undefined);
    const published = await h.service.get(people.admin, id);
    await h.service.retract(people.admin, id, published.version);
    await waitFor(
      async () => {
        const deletes = await h.states(id, 'delete');
        return deletes.sent === 1 && (deletes.dead ?? 0) + (deletes.failed ?? 0) === 1;
      },
      5000,
      'one delete refused',
    );

    const refused = await h.service.report(people.admin, id);
    assert.equal(refused.summary.retracted, 1);
    assert.equal(refused.summary.retractionFailed, 1);
    assert.deepEqual(Object.fromEntries(refused.targets.map((t) => [t.conversationId, t.retraction])), {
      'a:personal-0': 'failed',
      'a:personal-1': 'retracted',
    });
    const card = JSON.stringify(reportCard('fi', refused));
    assert.match(card, /Perumista ei saatu tehtyä 1 kohteessa/);
    assert.match(card, /Poisto epäonnistui/);
    assert.match(card, /Yritä poistoa uudelleen/);
    assert.match(reportCsv(refused, 'targets', 'en', new Map()), /a:personal-0,.*,failed\r?\n/);
    const listed = (await h.service.list(people.admin)).find((i) => i.announcement.id === id)!;
    assert.equal(listed.retractionFailed, 1);
    assert.match(JSON.stringify(listCard('fi', [listed])), /Peruminen kesken/, 'the list does not call it retracted');

    h.messenger.script = () => undefined;
    const retried = await h.service.resendFailed(people.admin, id, 'retry-key-1');
    assert.equal(retried.event, 'retry-retraction');
    assert.equal(retried.count, 1);
    await waitFor(async () => (await h.states(id, 'delete')).sent === 2, 5000, 'retried delete');
    const done = await h.service.report(people.admin, id);
    assert.equal(done.summary.retracted, 2);
    assert.equal(done.summary.retractionFailed, 0);
    assert.doesNotMatch(JSON.stringify(reportCard('fi', done)), /Yritä poistoa uudelleen/);
    const relisted = (await h.service.list(people.admin)).find((i) => i.announcement.id === id)!;
    assert.equal(relisted.retractionFailed, 0);
    assert.match(JSON.stringify(listCard('fi', [relisted])), /Peruttu/);
    await assert.rejects(h.service.resendFailed(people.admin, id, 'retry-key-2'), /nothingToResend|CONFLICT/);
    const audit = await h.store.db.selectFrom('announcement_audit').select('action').where('announcement_id', '=', id).execute();
    assert.ok(
      audit.some((row) => row.action === 'retraction_retried'),
      'the retry is in the event log',
    );
  });

  it('a retract before delivery stops the posts that have not gone out', async function () {
    h = await harness({ channels: 0, personal: 10 });
    const id = await h.publish();
    h.messenger.script = () => new Promise<void>((resolve) => setTimeout(resolve, 30));
    h.worker({ appRps: 20, maxConcurrency: 1 });
    await waitFor(() => h.messenger.calls.length >= 2, 5000, 'started');
    const a = await h.service.get(people.admin, id);
    await h.service.retract(people.admin, id, a.version);
    await waitFor(
      async () => {
        const open = await h.store.db
          .selectFrom('announcement_outbox')
          .select('id')
          .where('state', 'in', ['pending', 'leased', 'sending'])
          .execute();
        return open.length === 0;
      },
      5000,
      'settled',
    );
    const sends = h.messenger.calls.filter((c) => c.op === 'send').length;
    const deletes = h.messenger.calls.filter((c) => c.op === 'delete').length;
    assert.ok(sends < 11, `only the posts already under way went out (${sends})`);
    assert.equal(deletes, sends, 'and each of them was deleted again');
  });

  it('publishes a scheduled announcement when its time comes', async function () {
    h = await harness({ channels: 0, personal: 1, withServiceChannel: false });
    const soon = new Date(Date.now() + 150);
    const created = await h.service.createDraft(people.admin, { ...draft(), scheduledAt: soon.toISOString() });
    await h.service.submit(people.admin, created.announcement.id, created.announcement.version);
    h.worker();
    await waitFor(async () => (await h.states(created.announcement.id)).sent === 1, 5000, 'sent on schedule');
    assert.ok(h.messenger.calls[0]!.at >= soon.getTime());
  });
});

describe('announcements outbox pacing (fake clock)', function () {
  let clock: sinon.SinonFakeTimers;
  let store: Store;

  afterEach(async function () {
    clock?.restore();
    await store?.close();
  });

  function assertWithin(times: number[], limits: readonly WindowLimit[], label: string): void {
    const sorted = [...times].sort((a, b) => a - b);
    for (const { limit, windowMs } of limits) {
      let start = 0;
      for (let end = 0; end < sorted.length; end++) {
        while (sorted[end]! - sorted[start]! >= windowMs) start++;
        assert.ok(end - start + 1 <= limit, `${label}: ${end - start + 1} calls within ${windowMs} ms (limit ${limit})`);
      }
    }
  }

  it('keeps every conversation within 7/1 s, 8/2 s, 60/30 s and the app within OUTBOX_APP_RPS', async function () {
    this.timeout(30_000);
    store = await openStore({ dataDir: ':memory:' });
    await seedPeople(store);
    await seedConversations(store, { channels: 0, personal: 40, withServiceChannel: false });
    clock = sinon.useFakeTimers({ now: Date.parse('2026-11-26T10:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const messenger = new ScriptedMessenger(() => Date.now());
    const service = createAnnouncementsService({
      store,
      conversations: createConversationsRepository(store),
      approval: 'single',
      logger: silentLogger,
    });
    // 70 announcements to two chats (conversation limits bite) and one to all 40 (the app limit bites).
    const twoChats = { audienceKind: 'subset', targets: 'a:personal-0,a:personal-1' };
    for (let i = 0; i < 70; i++) {
      const created = await service.createDraft(people.admin, draft({ ...twoChats, titleFi: `Tiedote ${i}` }, new Date()));
      await service.submit(people.admin, created.announcement.id, created.announcement.version);
    }
    const wide = await service.createDraft(people.admin, draft({}, new Date()));
    await service.submit(people.admin, wide.announcement.id, wide.announcement.version);
    const worker = createOutboxWorker({
      store,
      messenger,
      logger: silentLogger,
      appRps: 10,
      maxAttempts: 8,
      marginMs: 0,
      clock: () => new Date(),
      pollMs: 100,
    });
    worker.start();
    const started = Date.now();
    for (let i = 0; i < 200 && messenger.calls.length < 180; i++) await clock.tickAsync(1_000);
    await worker.stop();
    assert.equal(messenger.calls.length, 180, 'every post went out');
    const byConversation = new Map<string, number[]>();
    for (const call of messenger.calls)
      byConversation.set(call.conversationId, [...(byConversation.get(call.conversationId) ?? []), call.at]);
    for (const [conversation, times] of byConversation) assertWithin(times, TEAMS_CONVERSATION_LIMITS, conversation);
    assertWithin(
      messenger.calls.map((c) => c.at),
      [{ limit: 10, windowMs: 1000 }],
      'app',
    );
    const took = Math.max(...messenger.calls.map((c) => c.at)) - started;
    const minimum = minimumDurationMs(
      messenger.calls.map((c) => c.conversationId),
      { appRps: 10 },
    );
    assert.ok(took <= minimum + 5_000, `close to the minimum the limits allow (${took} ms vs ${minimum} ms)`);
  });
});
