import assert from 'node:assert/strict';
import { createFeedbackRepository, type NewFeedbackItem, type PersonKey } from '../../../bot/store/feedback-repository.js';
import { describeEachDatabase } from '../../helpers/databases.js';
import { INSTITUTION_A, seedInstitutions } from './helpers.js';

const T = '00000000-0000-0000-0000-0000000000aa';
const alice: PersonKey = { tenantId: T, objectId: 'alice' };
const bob: PersonKey = { tenantId: T, objectId: 'bob' };
const carol: PersonKey = { tenantId: T, objectId: 'carol' };
const admin: PersonKey = { tenantId: T, objectId: 'admin' };
const OPEN = ['new', 'under_review', 'planned'];

let formCounter = 0;
function newItem(overrides: Partial<NewFeedbackItem> = {}): NewFeedbackItem {
  return {
    formId: `form-${++formCounter}`,
    year: 2026,
    type: 'proposal',
    topic: 'testing',
    title: 'Otsikko',
    description: 'Kuvaus',
    impact: '',
    institutionId: null,
    contactOk: false,
    submitter: alice,
    status: 'new',
    now: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

describeEachDatabase('feedback repository', (getStore) => {
  const repo = () => createFeedbackRepository(getStore());

  it('numbers items per year and keeps the counter in the database', async () => {
    const r = repo();
    assert.equal((await r.create(newItem())).item.ref, 'KE-2026-0001');
    assert.equal((await r.create(newItem())).item.ref, 'KE-2026-0002');
    assert.equal((await r.create(newItem({ year: 2027 }))).item.ref, 'KE-2027-0001');
    // A second repository over the same database continues the sequence.
    assert.equal((await createFeedbackRepository(getStore()).create(newItem())).item.ref, 'KE-2026-0003');
  });

  it('creates one item per (submitter, form id)', async () => {
    const r = repo();
    const first = await r.create(newItem({ formId: 'same-form' }));
    const again = await r.create(newItem({ formId: 'same-form', title: 'changed' }));
    assert.equal(first.created, true);
    assert.equal(again.created, false);
    assert.equal(again.item.ref, first.item.ref);
    assert.equal(again.item.title, 'Otsikko');
    // The same card filled by someone else (a form posted in a channel) is their own item.
    const other = await r.create(newItem({ formId: 'same-form', submitter: bob }));
    assert.equal(other.created, true);
    assert.notEqual(other.item.ref, first.item.ref);
  });

  it('hands out gap-free unique references under concurrent submits, duplicates included', async () => {
    const r = repo();
    const submits = Array.from({ length: 24 }, (_, i) => r.create(newItem({ formId: `race-${i % 16}`, submitter: alice })));
    const results = await Promise.all(submits);
    const created = results.filter((x) => x.created);
    assert.equal(created.length, 16);
    const seqs = created.map((x) => Number(x.item.ref.slice(-4))).sort((a, b) => a - b);
    assert.deepEqual(
      seqs,
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    for (const result of results) {
      const twin = created.find((c) => c.item.formId === result.item.formId);
      assert.equal(result.item.ref, twin?.item.ref, 'a repeated form answers with the first item');
    }
    const count = await getStore()
      .db.selectFrom('feedback_items')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 16);
  });

  it('counts one vote per person, lets them withdraw it, and refuses votes on closed items', async () => {
    const r = repo();
    const { item } = await r.create(newItem());
    assert.equal(await r.vote(item.id, bob, item.createdAt, OPEN), 'added');
    assert.equal(await r.vote(item.id, bob, item.createdAt, OPEN), 'already');
    assert.equal(await r.vote(item.id, carol, item.createdAt, OPEN), 'added');
    assert.equal((await r.findById(item.id, bob))?.votes, 2);
    assert.equal((await r.findById(item.id, bob))?.votedByViewer, true);
    assert.equal((await r.findById(item.id, alice))?.votedByViewer, false);
    assert.equal(await r.unvote(item.id, bob), true);
    assert.equal(await r.unvote(item.id, bob), false);
    assert.equal((await r.findById(item.id))?.votes, 1);
    const changed = await r.changeStatus({
      itemId: item.id,
      expectedVersion: 1,
      fromStatus: 'new',
      toStatus: 'rejected',
      reason: 'ei',
      actor: admin,
      actionId: 'a1',
      now: item.createdAt,
    });
    assert.equal(changed.outcome, 'changed');
    assert.equal(await r.vote(item.id, bob, item.createdAt, OPEN), 'closed');
  });

  it('lists with visibility, filters, sorting and paging', async () => {
    const r = repo();
    const p1 = (await r.create(newItem({ title: 'p1', topic: 'testing', now: '2026-01-01T00:00:00.000Z' }))).item;
    const p2 = (await r.create(newItem({ title: 'p2', topic: 'guidance', submitter: bob, now: '2026-02-01T00:00:00.000Z' }))).item;
    const bug = (await r.create(newItem({ title: 'bug', type: 'bug', submitter: bob, now: '2026-03-01T00:00:00.000Z' }))).item;
    await r.vote(p1.id, bob, p1.createdAt, OPEN);
    await r.vote(p1.id, carol, p1.createdAt, OPEN);
    await r.vote(p2.id, carol, p1.createdAt, OPEN);

    const asAlice = { visibility: { publicTypes: ['proposal'], viewer: alice }, viewer: alice, limit: 10, offset: 0 } as const;
    const byVotes = await r.list({ ...asAlice, sort: 'votes' });
    assert.deepEqual(
      byVotes.items.map((i) => i.title),
      ['p1', 'p2'],
      "alice does not see bob's error report",
    );
    assert.equal(byVotes.total, 2);
    assert.deepEqual(
      byVotes.items.map((i) => i.votes),
      [2, 1],
    );
    const recent = await r.list({ ...asAlice, sort: 'recent' });
    assert.deepEqual(
      recent.items.map((i) => i.title),
      ['p2', 'p1'],
    );

    const asBob = await r.list({
      visibility: { publicTypes: ['proposal'], viewer: bob },
      viewer: bob,
      sort: 'recent',
      limit: 10,
      offset: 0,
    });
    assert.deepEqual(
      asBob.items.map((i) => i.title),
      ['bug', 'p2', 'p1'],
    );
    assert.equal(asBob.items.find((i) => i.title === 'p1')?.votedByViewer, true);

    const all = await r.list({ visibility: { all: true }, sort: 'recent', limit: 2, offset: 0 });
    assert.equal(all.total, 3);
    assert.equal(all.items.length, 2);
    const page2 = await r.list({ visibility: { all: true }, sort: 'recent', limit: 2, offset: 2 });
    assert.deepEqual(
      page2.items.map((i) => i.title),
      ['p1'],
    );

    assert.deepEqual(
      (await r.list({ visibility: { all: true }, topics: ['guidance'], sort: 'votes', limit: 10, offset: 0 })).items.map((i) => i.title),
      ['p2'],
    );
    assert.deepEqual(
      (await r.list({ visibility: { all: true }, types: ['bug'], sort: 'votes', limit: 10, offset: 0 })).items.map((i) => i.title),
      ['bug'],
    );
    assert.deepEqual(
      (await r.list({ visibility: { all: true }, submittedBy: bob, sort: 'recent', limit: 10, offset: 0 })).items.map((i) => i.title),
      ['bug', 'p2'],
    );
    await r.changeStatus({
      itemId: bug.id,
      expectedVersion: 1,
      fromStatus: 'new',
      toStatus: 'under_review',
      reason: null,
      actor: admin,
      actionId: 'x',
      now: bug.createdAt,
    });
    assert.deepEqual(
      (await r.list({ visibility: { all: true }, statuses: ['under_review'], sort: 'votes', limit: 10, offset: 0 })).items.map(
        (i) => i.title,
      ),
      ['bug'],
    );
  });

  it('joins the institution names and stores comments once per request id', async () => {
    await seedInstitutions(getStore());
    const r = repo();
    const { item } = await r.create(newItem({ institutionId: INSTITUTION_A }));
    assert.equal(item.institutionNames?.sv, 'Testhögskolan A');
    assert.deepEqual(await r.institutionNames(INSTITUTION_A), { fi: 'Testikorkeakoulu A', sv: 'Testhögskolan A', en: 'Test University A' });
    assert.equal(await r.institutionNames('missing'), undefined);
    const base = {
      itemId: item.id,
      author: bob,
      authorKind: 'participant',
      authorInstitutionId: INSTITUTION_A,
      body: 'Hyvä idea',
      now: '2026-11-26T11:00:00.000Z',
    };
    const first = await r.addComment({ ...base, requestId: 'req-1' });
    const again = await r.addComment({ ...base, requestId: 'req-1', body: 'toinen' });
    const second = await r.addComment({ ...base, requestId: 'req-2', body: 'Toinen kommentti', now: '2026-11-26T12:00:00.000Z' });
    assert.equal(first.created, true);
    assert.equal(again.created, false);
    assert.equal(again.comment.id, first.comment.id);
    assert.equal(second.created, true);
    const comments = await r.comments(item.id);
    assert.deepEqual(
      comments.map((c) => c.body),
      ['Hyvä idea', 'Toinen kommentti'],
    );
    assert.equal(comments[0]?.authorInstitutionNames?.fi, 'Testikorkeakoulu A');
    assert.equal((await r.findById(item.id))?.commentCount, 2);
  });

  it('changes status once per action and refuses a change decided on a stale read', async () => {
    const r = repo();
    const { item } = await r.create(newItem());
    const change = {
      itemId: item.id,
      expectedVersion: 1,
      fromStatus: 'new',
      toStatus: 'under_review',
      reason: null,
      actor: admin,
      actionId: 'act-1',
      now: '2026-11-27T00:00:00.000Z',
    };
    const done = await r.changeStatus(change);
    assert.equal(done.outcome, 'changed');
    assert.deepEqual(await r.changeStatus(change), { outcome: 'duplicate-action' });
    assert.deepEqual(await r.changeStatus({ ...change, actionId: 'act-2' }), { outcome: 'stale' });
    const after = await r.findById(item.id);
    assert.equal(after?.status, 'under_review');
    assert.equal(after?.version, 2);
    const events = await r.events(item.id);
    assert.deepEqual(
      events.map((e) => `${e.kind}:${e.fromStatus}>${e.toStatus}`),
      ['created:null>new', 'status:new>under_review'],
    );
    assert.equal((await r.findEventByAction(admin, 'act-1'))?.toStatus, 'under_review');
    assert.equal(await r.findEventByAction(bob, 'act-1'), undefined, 'action ids are per actor');
    if (done.outcome === 'changed') {
      await r.setEventNotified(done.eventId, true);
      assert.equal((await r.events(item.id)).at(-1)?.notified, true);
    }
  });

  it('lets exactly one of two concurrent status changes win', async () => {
    const r = repo();
    const { item } = await r.create(newItem());
    const base = { itemId: item.id, expectedVersion: 1, fromStatus: 'new', reason: null, now: '2026-11-27T00:00:00.000Z' };
    const outcomes = await Promise.all([
      r.changeStatus({ ...base, toStatus: 'under_review', actor: admin, actionId: 'c-1' }),
      r.changeStatus({ ...base, toStatus: 'rejected', actor: bob, actionId: 'c-2' }),
    ]);
    assert.deepEqual(outcomes.map((o) => o.outcome).sort(), ['changed', 'stale']);
    assert.equal((await r.events(item.id)).length, 2, 'the losing change left no event behind');
  });

  it('merges a duplicate: votes move without doubling, earlier duplicates follow, both histories record it', async () => {
    const r = repo();
    const target = (await r.create(newItem({ title: 'target' }))).item;
    const source = (await r.create(newItem({ title: 'source', submitter: bob }))).item;
    const older = (await r.create(newItem({ title: 'older duplicate', submitter: carol }))).item;
    await r.vote(target.id, carol, target.createdAt, OPEN);
    await r.vote(source.id, carol, target.createdAt, OPEN); // carol voted for both: one vote after the merge
    await r.vote(source.id, alice, target.createdAt, OPEN);
    await r.vote(source.id, admin, target.createdAt, OPEN);
    const first = await r.merge({
      sourceId: older.id,
      expectedVersion: 1,
      fromStatus: 'new',
      targetId: source.id,
      actor: admin,
      actionId: 'm-0',
      now: '2026-11-27T00:00:00.000Z',
    });
    assert.equal(first.outcome, 'merged');

    // Receiving a duplicate changed the source too: its version moved on.
    assert.equal((await r.findById(source.id))?.version, 2);
    const merge = {
      sourceId: source.id,
      expectedVersion: 2,
      fromStatus: 'new',
      targetId: target.id,
      actor: admin,
      actionId: 'm-1',
      now: '2026-11-28T00:00:00.000Z',
    };
    const result = await r.merge(merge);
    assert.equal(result.outcome, 'merged');
    if (result.outcome === 'merged') assert.equal(result.votesCarried, 2);
    assert.deepEqual(await r.merge(merge), { outcome: 'duplicate-action' });
    assert.deepEqual(await r.merge({ ...merge, actionId: 'm-2' }), { outcome: 'stale' });

    const t = await r.findById(target.id);
    const s = await r.findById(source.id);
    assert.equal(t?.votes, 3);
    assert.deepEqual((await r.voters(target.id)).map((v) => v.objectId).sort(), ['admin', 'alice', 'carol']);
    assert.equal(s?.votes, 0);
    assert.equal(s?.status, 'duplicate');
    assert.equal(s?.duplicateOfRef, target.ref);
    assert.equal((await r.findById(older.id))?.duplicateOfId, target.id, 'an earlier duplicate now points at the surviving item');
    const sourceEvents = await r.events(source.id);
    assert.equal(sourceEvents.at(-1)?.kind, 'merged');
    assert.equal(sourceEvents.at(-1)?.relatedItemRef, target.ref);
    const targetEvents = await r.events(target.id);
    assert.equal(targetEvents.at(-1)?.kind, 'merged_in');
    assert.equal(targetEvents.at(-1)?.relatedItemRef, source.ref);
  });

  it('never loses a vote cast while the item is being merged', async () => {
    const r = repo();
    for (let round = 0; round < 5; round++) {
      const target = (await r.create(newItem())).item;
      const source = (await r.create(newItem())).item;
      const [, voted] = await Promise.all([
        r.merge({
          sourceId: source.id,
          expectedVersion: 1,
          fromStatus: 'new',
          targetId: target.id,
          actor: admin,
          actionId: `race-${round}`,
          now: source.createdAt,
        }),
        r.vote(source.id, bob, source.createdAt, OPEN),
      ]);
      const onTarget = (await r.voters(target.id)).some((v) => v.objectId === 'bob');
      assert.equal(onTarget, voted === 'added', `round ${round}: vote ${voted}, on target ${onTarget}`);
      assert.equal((await r.findById(source.id))?.votes, 0);
    }
  });

  it('counts recent submissions and exports items with their history', async () => {
    const r = repo();
    await r.create(newItem({ now: '2026-11-26T08:00:00.000Z' }));
    const { item } = await r.create(newItem({ now: '2026-11-26T09:30:00.000Z' }));
    await r.create(newItem({ submitter: bob, now: '2026-11-26T09:45:00.000Z' }));
    assert.equal(await r.countSubmittedSince(alice, '2026-11-26T09:00:00.000Z'), 1);
    await r.changeStatus({
      itemId: item.id,
      expectedVersion: 1,
      fromStatus: 'new',
      toStatus: 'under_review',
      reason: null,
      actor: admin,
      actionId: 'e1',
      now: '2026-11-27T00:00:00.000Z',
    });
    const rows = await r.exportAll();
    assert.deepEqual(
      rows.map((row) => row.item.ref),
      ['KE-2026-0001', 'KE-2026-0002', 'KE-2026-0003'],
    );
    assert.deepEqual(
      rows[1]?.events.map((e) => e.kind),
      ['created', 'status'],
    );
  });
});
