/**
 * Issue 14 item 9: scheduling is its own small loop. It publishes through the app's own service (its
 * approval mode and service channel), tells the outbox worker, survives a failed round, and stops.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createAnnouncementsRepository } from '../../../bot/store/announcements-repository.js';
import { createAnnouncementsService } from '../../../bot/features/announcements/service.js';
import { createAnnouncementScheduler } from '../../../bot/features/announcements/scheduler.js';
import { createLogger } from '../../../bot/log.js';
import { draft, people, seedConversations, seedPeople, silentLogger, SERVICE_CHANNEL } from './helpers.js';

describe('announcement scheduler loop (issue 14 item 9)', function () {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => clock?.restore());

  it('looks at once and then every interval, tells the worker only when it published, and stops', async function () {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const results = [0, 2, 0];
    let calls = 0;
    const woken: number[] = [];
    const scheduler = createAnnouncementScheduler({
      publishDue: async () => results[calls++] ?? 0,
      everyMs: 1_000,
      logger: silentLogger,
      onPublished: (n) => woken.push(n),
    });
    scheduler.start();
    await clock.tickAsync(0);
    assert.equal(calls, 1, 'the first round runs at start');
    await clock.tickAsync(999);
    assert.equal(calls, 1);
    await clock.tickAsync(1);
    assert.equal(calls, 2);
    await clock.tickAsync(1_000);
    assert.equal(calls, 3);
    assert.deepEqual(woken, [2], 'the worker is woken after the round that published');
    await scheduler.stop();
    await clock.tickAsync(5_000);
    assert.equal(calls, 3, 'no round after stop');
  });

  it('a failed round is logged and the next one runs', async function () {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const logged: string[] = [];
    const logger = createLogger({ level: 'error' });
    sinon.stub(logger, 'error').callsFake(((_obj: unknown, message: string) => logged.push(message)) as never);
    let calls = 0;
    const scheduler = createAnnouncementScheduler({
      publishDue: async () => {
        calls++;
        if (calls === 1) throw new Error('database is locked');
        return 0;
      },
      everyMs: 100,
      logger,
    });
    scheduler.start();
    await clock.tickAsync(150);
    await scheduler.stop();
    assert.equal(calls, 2);
    assert.deepEqual(logged, ['publishing scheduled announcements failed']);
  });

  describe("with the app's service", function () {
    let store: Store;
    beforeEach(async function () {
      store = await openStore({ dataDir: ':memory:' });
      await seedPeople(store);
      await seedConversations(store, { channels: 1, teams: 0, groups: 0, personal: 1 });
    });
    afterEach(() => store.close());

    it('publishes a due announcement once under two-person approval, as the scheduler, and wakes the worker', async function () {
      let now = new Date('2026-11-26T10:00:00Z');
      const service = createAnnouncementsService({
        store,
        conversations: createConversationsRepository(store),
        serviceChannelId: SERVICE_CHANNEL,
        approval: 'two-person',
        logger: silentLogger,
        clock: () => now,
      });
      const created = await service.createDraft(people.admin, { ...draft(), scheduledAt: '2026-12-01T07:00:00.000Z' });
      const submitted = await service.submit(people.admin, created.announcement.id, created.announcement.version);
      assert.equal(submitted.announcement.status, 'pending_approval');
      const approved = await service.approve(people.admin2, created.announcement.id, submitted.announcement.version);
      assert.equal(approved.announcement.status, 'scheduled');

      let wakes = 0;
      const schedulers = [1, 2].map(() =>
        createAnnouncementScheduler({ publishDue: () => service.publishDue(), logger: silentLogger, onPublished: () => wakes++ }),
      );
      assert.deepEqual(await Promise.all(schedulers.map((s) => s.tick())), [0, 0], 'nothing is due yet');
      now = new Date('2026-12-01T07:00:00Z');
      const published = await Promise.all(schedulers.map((s) => s.tick()));
      assert.equal(published[0]! + published[1]!, 1, 'two instances publish it once');
      assert.equal(wakes, 1);
      const a = await service.get(people.admin, created.announcement.id);
      assert.equal(a.status, 'published');
      const rows = await createAnnouncementsRepository(store).rowsFor(a.id, ['post']);
      assert.ok(rows.length > 0, 'delivery is queued for the worker');
      const trail = await service.auditTrail(people.admin, a.id);
      assert.deepEqual(trail.at(-1) && { actor: trail.at(-1)!.actor, action: trail.at(-1)!.action }, {
        actor: 'scheduler',
        action: 'published',
      });
    });
  });
});
