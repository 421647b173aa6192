import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../helpers/databases.js';
import { createLookupRepository } from '../../../bot/store/lookup-repository.js';

const ALICE = { tenantId: 'tenant-a', objectId: 'alice' };
const BOB = { tenantId: 'tenant-a', objectId: 'bob' };

describeEachDatabase('lookup audit repository', (getStore) => {
  it('claims a form once per user; a second claim of the same form is refused', async () => {
    const repo = createLookupRepository(getStore());
    const first = await repo.claim(ALICE, 'form-0001', 'hetu', '2026-11-26T10:00:00.000Z');
    assert.equal(first.claimed, true);
    assert.deepEqual(await repo.claim(ALICE, 'form-0001', 'hetu', '2026-11-26T10:00:01.000Z'), { claimed: false });
    assert.equal((await repo.claim(BOB, 'form-0001', 'hetu', '2026-11-26T10:00:02.000Z')).claimed, true, 'per user');
    const concurrent = await Promise.all([1, 2, 3, 4].map(() => repo.claim(ALICE, 'form-0002', 'oid', '2026-11-26T10:00:03.000Z')));
    assert.equal(concurrent.filter((c) => c.claimed).length, 1);
  });

  it('completes a claimed look-up with the outcome, masked identifier and duration', async () => {
    const repo = createLookupRepository(getStore());
    const claim = await repo.claim(ALICE, 'form-0003', 'hetu', '2026-11-26T10:00:00.000Z');
    assert.ok(claim.claimed);
    await repo.complete(claim.id, { outcome: 'ok', identifierMasked: '290288-9***', durationMs: 12.6 }, '2026-11-26T10:00:00.500Z');
    const entry = await repo.findByForm(ALICE, 'form-0003');
    assert.deepEqual(
      { ...entry, id: 'x' },
      {
        id: 'x',
        tenantId: 'tenant-a',
        objectId: 'alice',
        formId: 'form-0003',
        kind: 'hetu',
        identifierMasked: '290288-9***',
        outcome: 'ok',
        durationMs: 13,
        createdAt: '2026-11-26T10:00:00.000Z',
        completedAt: '2026-11-26T10:00:00.500Z',
      },
    );
  });

  it('accepts masked identifiers only — a full hetu or OID cannot be stored', async () => {
    const repo = createLookupRepository(getStore());
    await assert.rejects(repo.record(ALICE, { formId: 'form-0004', kind: 'hetu', outcome: 'ok', identifierMasked: '290288-944F' }, '2026-11-26T10:00:00.000Z'), /masked/);
    await assert.rejects(repo.record(ALICE, { formId: 'form-0005', kind: 'oid', outcome: 'ok', identifierMasked: '1.2.246.562.98.55500000017' }, '2026-11-26T10:00:00.000Z'), /masked/);
    await repo.record(ALICE, { formId: 'form-0006', kind: 'oid', outcome: 'ok', identifierMasked: '1.2.246.562.98.555********' }, '2026-11-26T10:00:00.000Z');
    await repo.record(ALICE, { formId: 'form-0007', kind: 'hetu', outcome: 'refused' }, '2026-11-26T10:00:00.000Z');
    const refused = await repo.findByForm(ALICE, 'form-0007');
    assert.equal(refused?.identifierMasked, null);
    assert.equal(refused?.outcome, 'refused');
    assert.equal((await repo.listRecent()).length, 2);
  });

  it('lists newest first (per user) and deletes entries older than the retention cut-off', async () => {
    const repo = createLookupRepository(getStore());
    await repo.record(ALICE, { formId: 'f-old-0001', kind: 'hetu', outcome: 'ok', identifierMasked: '290288-9***' }, '2026-01-01T00:00:00.000Z');
    await repo.record(ALICE, { formId: 'f-new-0001', kind: 'oid', outcome: 'not_found' }, '2026-11-01T00:00:00.000Z');
    await repo.record(BOB, { formId: 'f-new-0002', kind: 'hetu', outcome: 'refused' }, '2026-11-02T00:00:00.000Z');
    assert.deepEqual((await repo.listRecent()).map((e) => e.formId), ['f-new-0002', 'f-new-0001', 'f-old-0001']);
    assert.deepEqual((await repo.listRecent({ actor: ALICE })).map((e) => e.formId), ['f-new-0001', 'f-old-0001']);
    assert.equal(await repo.deleteOlderThan('2026-06-01T00:00:00.000Z'), 1);
    assert.deepEqual((await repo.listRecent()).map((e) => e.formId), ['f-new-0002', 'f-new-0001']);
  });
});
