import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../helpers/databases.js';
import { createLookupRepository } from '../../../bot/store/lookup-repository.js';

/** The shape of an HMAC-SHA-256 in base64url (43 characters). */
const HASH = 'Qm9ndXMtaGFzaC1mb3ItdGhlLWF1ZGl0LXRyYWlsLXg';

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

  it('completes a claimed look-up with the outcome, identifier hash and duration', async () => {
    const repo = createLookupRepository(getStore());
    const claim = await repo.claim(ALICE, 'form-0003', 'hetu', '2026-11-26T10:00:00.000Z');
    assert.ok(claim.claimed);
    await repo.complete(claim.id, { outcome: 'ok', identifierHash: HASH, durationMs: 12.6 }, '2026-11-26T10:00:00.500Z');
    const entry = await repo.findByForm(ALICE, 'form-0003');
    assert.deepEqual(
      { ...entry, id: 'x' },
      {
        id: 'x',
        tenantId: 'tenant-a',
        objectId: 'alice',
        formId: 'form-0003',
        kind: 'hetu',
        identifierHash: HASH,
        outcome: 'ok',
        durationMs: 13,
        createdAt: '2026-11-26T10:00:00.000Z',
        completedAt: '2026-11-26T10:00:00.500Z',
      },
    );
  });

  it('issue 12 item 6 (A-PRIV-4): accepts identifier hashes only — a hetu, an OID or a masked form cannot be stored', async () => {
    const repo = createLookupRepository(getStore());
    for (const [i, value] of ['290288-944F', '1.2.246.562.98.55500000017', '290288-9***', '1.2.246.562.98.555********'].entries()) {
      await assert.rejects(
        repo.record(ALICE, { formId: `form-000${i}x`, kind: 'hetu', outcome: 'ok', identifierHash: value }, '2026-11-26T10:00:00.000Z'),
        /hashes only/,
      );
    }
    await repo.record(ALICE, { formId: 'form-0006', kind: 'oid', outcome: 'ok', identifierHash: HASH }, '2026-11-26T10:00:00.000Z');
    await repo.record(ALICE, { formId: 'form-0007', kind: 'hetu', outcome: 'refused' }, '2026-11-26T10:00:00.000Z');
    const refused = await repo.findByForm(ALICE, 'form-0007');
    assert.equal(refused?.identifierHash, null);
    assert.equal(refused?.outcome, 'refused');
    assert.equal((await repo.listRecent()).length, 2);
  });

  it('issue 12 item 6: the audit key is generated once and shared; the per-user count still works', async () => {
    const repo = createLookupRepository(getStore());
    const [a, b] = await Promise.all([
      repo.auditKey('2026-11-26T10:00:00.000Z'),
      createLookupRepository(getStore()).auditKey('2026-11-26T10:00:01.000Z'),
    ]);
    assert.equal(a.length, 32);
    assert.ok(a.equals(b), 'one key for every instance');
    assert.ok((await repo.auditKey('2026-11-27T10:00:00.000Z')).equals(a), 'stable');
    await repo.record(ALICE, { formId: 'form-c1', kind: 'hetu', outcome: 'ok', identifierHash: HASH }, '2026-11-26T10:00:00.000Z');
    await repo.record(ALICE, { formId: 'form-c2', kind: 'hetu', outcome: 'refused' }, '2026-11-26T11:00:00.000Z');
    await repo.record(BOB, { formId: 'form-c3', kind: 'hetu', outcome: 'refused' }, '2026-11-26T11:00:00.000Z');
    assert.equal(await repo.countSince(ALICE, '2026-11-26T00:00:00.000Z'), 2);
  });

  it('lists newest first (per user) and deletes entries older than the retention cut-off', async () => {
    const repo = createLookupRepository(getStore());
    await repo.record(ALICE, { formId: 'f-old-0001', kind: 'hetu', outcome: 'ok', identifierHash: HASH }, '2026-01-01T00:00:00.000Z');
    await repo.record(ALICE, { formId: 'f-new-0001', kind: 'oid', outcome: 'not_found' }, '2026-11-01T00:00:00.000Z');
    await repo.record(BOB, { formId: 'f-new-0002', kind: 'hetu', outcome: 'refused' }, '2026-11-02T00:00:00.000Z');
    assert.deepEqual(
      (await repo.listRecent()).map((e) => e.formId),
      ['f-new-0002', 'f-new-0001', 'f-old-0001'],
    );
    assert.deepEqual(
      (await repo.listRecent({ actor: ALICE })).map((e) => e.formId),
      ['f-new-0001', 'f-old-0001'],
    );
    assert.equal(await repo.deleteOlderThan('2026-06-01T00:00:00.000Z'), 1);
    assert.deepEqual(
      (await repo.listRecent()).map((e) => e.formId),
      ['f-new-0002', 'f-new-0001'],
    );
  });
});
