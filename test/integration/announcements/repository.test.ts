import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../helpers/databases.js';
import { createAnnouncementsRepository, type NewOutboxRow } from '../../../bot/store/announcements-repository.js';
import type { Store } from '../../../bot/store/db.js';

const T0 = '2026-11-26T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

async function announcement(store: Store, id = 'ann-00000001', status = 'published'): Promise<void> {
  await store.db
    .insertInto('announcements')
    .values({
      id,
      status,
      version: 1,
      revision: 0,
      form_id: null,
      duplicated_from: null,
      title_fi: 'Otsikko',
      title_sv: null,
      title_en: null,
      body_fi: 'Teksti',
      body_sv: null,
      body_en: null,
      category: 'feature',
      effective_date: null,
      interfaces: '[]',
      link: null,
      audience: '{"kind":"all"}',
      scheduled_at: null,
      revision_kind: null,
      revision_note: null,
      created_by: 't/a',
      created_by_name: 'A',
      last_edited_by: 't/a',
      submitted_by: null,
      approved_by: null,
      created_at: T0,
      updated_at: T0,
      published_at: T0,
      revised_at: null,
      retracted_at: null,
    })
    .execute();
}

function row(conversation: string, op: NewOutboxRow['op'] = 'post', extra: Partial<NewOutboxRow> = {}): NewOutboxRow {
  return {
    id: `ann-00000001|${conversation}|${op}`,
    announcement_id: 'ann-00000001',
    conversation_id: conversation,
    target_kind: 'channel',
    team_id: null,
    team_name: null,
    channel_name: null,
    op,
    revision: 0,
    priority: 0,
    ref_id: null,
    next_attempt_at: T0,
    created_at: T0,
    ...extra,
  };
}

describeEachDatabase('announcements repository', (getStore) => {
  it('enqueues once per idempotency key', async function () {
    const store = getStore();
    await announcement(store);
    const repo = createAnnouncementsRepository(store);
    assert.equal(await repo.enqueue([row('c1'), row('c2')], T0), 2);
    assert.equal(await repo.enqueue([row('c1'), row('c3')], T0), 1, 'the repeated key is left alone');
    assert.equal((await repo.rowsFor('ann-00000001')).length, 3);
  });

  it('claims due rows under a lease; two workers get disjoint rows', async function () {
    const store = getStore();
    await announcement(store);
    const repo = createAnnouncementsRepository(store);
    await repo.enqueue(
      Array.from({ length: 10 }, (_, i) => row(`c${i}`)),
      T0,
    );
    await repo.enqueue([row('later', 'post', { next_attempt_at: at(60) })], T0);
    const [a, b] = await Promise.all([repo.claim('w1', at(1), at(31), 6), repo.claim('w2', at(1), at(31), 6)]);
    const ids = [...a, ...b].map((r) => r.id);
    assert.equal(ids.length, 10, 'the row due later is not claimed');
    assert.equal(new Set(ids).size, 10, 'no row is claimed twice');
    assert.ok(a.length <= 6 && b.length <= 6, 'the limit bounds each claim');
    assert.ok(a.every((r) => r.lease_owner === 'w1' && r.state === 'leased'));
    assert.equal((await repo.claim('w3', at(1), at(31), 10)).length, 0);
  });

  it('keeps a conversation with the worker that holds a live lease in it', async function () {
    const store = getStore();
    await announcement(store);
    const repo = createAnnouncementsRepository(store);
    await repo.enqueue([row('c1'), row('c1', 'reply', { id: 'x|c1|reply|1', priority: 2, revision: 1 })], T0);
    const first = await repo.claim('w1', at(1), at(31), 1);
    assert.equal(first.length, 1);
    assert.equal(first[0]?.op, 'post');
    assert.equal((await repo.claim('w2', at(1), at(31), 5)).length, 0, 'w2 must not take the reply while w1 holds c1');
    assert.equal((await repo.claim('w1', at(1), at(31), 5)).length, 1, 'w1 may');
  });

  it('fences every outcome by the lease', async function () {
    const store = getStore();
    await announcement(store);
    const repo = createAnnouncementsRepository(store);
    await repo.enqueue([row('c1')], T0);
    const [claimed] = await repo.claim('w1', at(1), at(31), 1);
    assert.equal(await repo.markSending(claimed!.id, 'intruder', at(2), at(32), true), false);
    assert.equal(await repo.markSending(claimed!.id, 'w1', at(2), at(32), true), true);
    assert.equal(await repo.finish(claimed!.id, 'intruder', at(3), { state: 'failed' }), false);
    assert.equal(
      await repo.markSent(claimed!.id, 'w1', at(3), {
        activityId: 'a1',
        threadId: 'c1;messageid=a1',
        shownRevision: 0,
        status: 201,
        deliveredRevision: 0,
      }),
      true,
    );
    const stored = await repo.getRow(claimed!.id);
    assert.equal(stored?.state, 'sent');
    assert.equal(stored?.attempts, 1);
    assert.equal(stored?.activity_id, 'a1');
    assert.equal(stored?.lease_owner, null);
  });

  it('does not mark a row sending once its announcement is retracted', async function () {
    const store = getStore();
    await announcement(store, 'ann-00000001', 'retracted');
    const repo = createAnnouncementsRepository(store);
    await repo.enqueue([row('c1')], T0);
    const [claimed] = await repo.claim('w1', at(1), at(31), 1);
    assert.equal(await repo.markSending(claimed!.id, 'w1', at(2), at(32), true), false);
    assert.equal(await repo.markSending(claimed!.id, 'w1', at(2), at(32), false), true, 'deletes still go out');
  });

  it('reclaims a dead worker’s rows: leased → pending; sending post → unconfirmed; sending update → pending', async function () {
    const store = getStore();
    await announcement(store);
    const repo = createAnnouncementsRepository(store);
    await repo.enqueue([row('c1'), row('c2'), row('c3', 'update', { id: 'u|c3', priority: 1 })], T0);
    const claimed = await repo.claim('dead', at(1), at(31), 3);
    const c2 = claimed.find((r) => r.conversation_id === 'c2')!;
    const c3 = claimed.find((r) => r.conversation_id === 'c3')!;
    await repo.markSending(c2.id, 'dead', at(2), at(32), true);
    await repo.markSending(c3.id, 'dead', at(2), at(32), true);
    assert.deepEqual(await repo.reclaimExpired(at(20)), { requeued: 0, unconfirmed: 0 }, 'leases still live');
    assert.deepEqual(await repo.reclaimExpired(at(40)), { requeued: 2, unconfirmed: 1 });
    const states = Object.fromEntries((await repo.rowsFor('ann-00000001')).map((r) => [r.conversation_id, r.state]));
    assert.deepEqual(states, { c1: 'pending', c2: 'unconfirmed', c3: 'pending' });
    // "Resend to failed" includes the unconfirmed post and marks it as a possible duplicate.
    assert.equal(await repo.resetFailedPosts('ann-00000001', at(50)), 1);
    const c2After = await repo.getRow(c2.id);
    assert.equal(c2After?.state, 'pending');
    assert.equal(c2After?.possible_duplicate, 1);
  });

  it('a late success still records over an unconfirmed mark', async function () {
    const store = getStore();
    await announcement(store);
    const repo = createAnnouncementsRepository(store);
    await repo.enqueue([row('c1')], T0);
    const [claimed] = await repo.claim('slow', at(1), at(2), 1);
    await repo.markSending(claimed!.id, 'slow', at(1), at(2), true);
    await repo.reclaimExpired(at(5));
    assert.equal(
      await repo.markSent(claimed!.id, 'slow', at(6), { activityId: 'a1', threadId: null, shownRevision: 0, status: 201 }),
      true,
    );
    assert.equal((await repo.getRow(claimed!.id))?.state, 'sent');
  });

  it('releases leases on a graceful stop and refunds an attempt that never reached the service', async function () {
    const store = getStore();
    await announcement(store);
    const repo = createAnnouncementsRepository(store);
    await repo.enqueue([row('c1'), row('c2')], T0);
    const claimed = await repo.claim('w1', at(1), at(31), 2);
    await repo.markSending(claimed[0]!.id, 'w1', at(2), at(32), true);
    await repo.finish(claimed[0]!.id, 'w1', at(3), {
      state: 'pending',
      nextAttemptAt: at(10),
      lastError: 'network-ECONNREFUSED',
      refundAttempt: true,
    });
    assert.equal(await repo.releaseLeases('w1', at(4)), 1);
    const rows = await repo.rowsFor('ann-00000001');
    assert.ok(rows.every((r) => r.state === 'pending' && r.lease_owner === null));
    assert.equal(rows.find((r) => r.id === claimed[0]!.id)?.attempts, 0);
  });

  it('records an acknowledgement once per person', async function () {
    const store = getStore();
    await announcement(store);
    const repo = createAnnouncementsRepository(store);
    const entry = {
      announcementId: 'ann-00000001',
      tenantId: 't',
      objectId: 'u1',
      displayName: 'U',
      institutionId: null,
      revision: 0,
      ackedAt: at(1),
      conversationId: null,
    };
    assert.deepEqual(await repo.ack(entry), { first: true, ackedAt: at(1) });
    assert.deepEqual(await repo.ack({ ...entry, ackedAt: at(9) }), { first: false, ackedAt: at(1) });
    assert.equal((await repo.acks('ann-00000001')).length, 1);
  });

  it('counts live workers by heartbeat', async function () {
    const repo = createAnnouncementsRepository(getStore());
    await repo.heartbeat('w1', at(0));
    await repo.heartbeat('w2', at(10));
    assert.equal(await repo.liveWorkerCount(at(5)), 1);
    await repo.removeWorker('w2');
    assert.equal(await repo.liveWorkerCount(at(5)), 0);
  });

  it('processes an action key once', async function () {
    const repo = createAnnouncementsRepository(getStore());
    assert.equal(await repo.claimActionKey('approve:k1', 'a', 'approve', T0), true);
    assert.equal(await repo.claimActionKey('approve:k1', 'a', 'approve', T0), false);
  });
});
