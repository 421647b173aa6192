import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../helpers/databases.js';
import { createOnboardingRepository } from '../../../bot/store/onboarding-repository.js';
import { AppError } from '../../../bot/errors.js';
import { INSTITUTION_A, INSTITUTION_B } from './helpers.js';

const actor = { tenantId: 'tenant-1', objectId: 'user-1', displayName: 'Aino' };

describeEachDatabase('onboarding repository', (getStore) => {
  let now = new Date('2026-03-01T08:00:00Z');
  const repo = () => createOnboardingRepository(getStore(), { clock: () => now });

  beforeEach(async () => {
    now = new Date('2026-03-01T08:00:00Z');
    await repo().createInstitution(INSTITUTION_A);
    await repo().createInstitution(INSTITUTION_B);
  });

  it('creates an institution once, with seven not-started steps', async () => {
    assert.equal(await repo().createInstitution(INSTITUTION_A), false, 'second insert is a no-op');
    const record = await repo().getRecord(INSTITUTION_A.id);
    assert.ok(record);
    assert.deepEqual(record.institution, INSTITUTION_A);
    assert.equal(record.steps.length, 7);
    assert.deepEqual(
      record.steps.map((s) => s.step),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.ok(record.steps.every((s) => s.status === 'not_started' && s.date === null));
    assert.equal(record.version, 0);
    assert.equal(record.route, null);
  });

  it('fills defaults for an institution created elsewhere (no onboarding rows yet)', async () => {
    await getStore()
      .db.insertInto('institutions')
      .values({
        id: 'inst-c',
        name_fi: 'C',
        name_sv: 'C',
        name_en: 'C',
        organisation_oid: '1.2.246.562.10.70000009030',
        type: 'other',
        created_at: now.toISOString(),
      })
      .execute();
    const record = await repo().getRecord('inst-c');
    assert.ok(record);
    assert.equal(record.steps.length, 7);
    const all = await repo().listRecords();
    assert.equal(all.length, 3);
    const { changes } = await repo().applyChanges('inst-c', { steps: [{ step: 1, status: 'in_progress' }] }, actor);
    assert.equal(changes.length, 1);
  });

  it('applies changes, bumps the version and records every changed field (who, when, old → new)', async () => {
    const { record, changes } = await repo().applyChanges(
      INSTITUTION_A.id,
      {
        fields: { route: 'yleistunniste', vendor: 'sisu', goLiveDate: '2026-05-04' },
        steps: [{ step: 2, status: 'done', date: '2026-02-20', note: 'Tietosisällöt sovittu' }],
      },
      actor,
    );
    assert.equal(record.version, 1);
    assert.equal(record.route, 'yleistunniste');
    assert.equal(record.goLiveDate, '2026-05-04');
    assert.equal(record.steps[1]!.status, 'done');
    assert.equal(record.steps[1]!.note, 'Tietosisällöt sovittu');
    assert.deepEqual(
      changes.map((c) => [c.field, c.oldValue, c.newValue]),
      [
        ['route', null, 'yleistunniste'],
        ['vendor', null, 'sisu'],
        ['goLiveDate', null, '2026-05-04'],
        ['step2.status', 'not_started', 'done'],
        ['step2.date', null, '2026-02-20'],
        ['step2.note', null, 'Tietosisällöt sovittu'],
      ],
    );
    assert.ok(
      changes.every((c) => c.actor.objectId === 'user-1' && c.actor.displayName === 'Aino' && c.changedAt === '2026-03-01T08:00:00.000Z'),
    );
    assert.equal(new Set(changes.map((c) => c.changeSet)).size, 1, 'one save is one change set');

    const history = await repo().history(INSTITUTION_A.id);
    assert.equal(history.length, 6);
    assert.deepEqual(await repo().history(INSTITUTION_B.id), []);
  });

  it('treats a repeated save as no change: nothing written, no history, same version', async () => {
    const patch = { fields: { route: 'oppija_controller' as const }, steps: [{ step: 1, status: 'done' as const }] };
    await repo().applyChanges(INSTITUTION_A.id, patch, actor);
    const again = await repo().applyChanges(INSTITUTION_A.id, patch, actor);
    assert.equal(again.changes.length, 0);
    assert.equal(again.record.version, 1);
    assert.equal((await repo().history(INSTITUTION_A.id)).length, 2);
  });

  it('clears values with null and records the clearing', async () => {
    await repo().applyChanges(INSTITUTION_A.id, { fields: { systemName: 'Oma rekisteri' } }, actor);
    const { record, changes } = await repo().applyChanges(INSTITUTION_A.id, { fields: { systemName: null } }, actor);
    assert.equal(record.systemName, null);
    assert.deepEqual(
      changes.map((c) => [c.field, c.oldValue, c.newValue]),
      [['systemName', 'Oma rekisteri', null]],
    );
  });

  it('refuses a save made against an old version (CONFLICT) and writes nothing', async () => {
    await repo().applyChanges(INSTITUTION_A.id, { fields: { route: 'ui_only' } }, actor);
    await assert.rejects(
      repo().applyChanges(INSTITUTION_A.id, { fields: { route: 'yleistunniste' } }, actor, { expectedVersion: 0 }),
      (error: unknown) => error instanceof AppError && error.code === 'CONFLICT',
    );
    const record = await repo().getRecord(INSTITUTION_A.id);
    assert.equal(record?.route, 'ui_only');
    assert.equal((await repo().history(INSTITUTION_A.id)).length, 1);
    const ok = await repo().applyChanges(INSTITUTION_A.id, { fields: { route: 'yleistunniste' } }, actor, { expectedVersion: 1 });
    assert.equal(ok.record.version, 2);
  });

  it('lets exactly one of two concurrent saves from the same version win', async () => {
    const results = await Promise.allSettled([
      repo().applyChanges(INSTITUTION_A.id, { fields: { vendor: 'peppi' } }, actor, { expectedVersion: 0 }),
      repo().applyChanges(INSTITUTION_A.id, { fields: { vendor: 'sisu' } }, actor, { expectedVersion: 0 }),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((failed.reason as AppError).code, 'CONFLICT');
    assert.equal((await repo().history(INSTITUTION_A.id)).length, 1);
  });

  it('returns NOT_FOUND for an unknown institution', async () => {
    await assert.rejects(
      repo().applyChanges('missing', { fields: { route: 'ui_only' } }, actor),
      (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND',
    );
    assert.equal(await repo().getRecord('missing'), undefined);
    assert.equal(await repo().institutionExists('missing'), false);
    assert.equal(await repo().institutionExists(INSTITUTION_A.id), true);
  });

  it('lists history newest first, fields of one save in save order', async () => {
    await repo().applyChanges(INSTITUTION_A.id, { steps: [{ step: 1, status: 'in_progress' }] }, actor);
    now = new Date('2026-03-02T08:00:00Z');
    await repo().applyChanges(
      INSTITUTION_A.id,
      { steps: [{ step: 1, status: 'done', date: '2026-03-02' }] },
      { ...actor, displayName: 'Bertta' },
    );
    const history = await repo().history(INSTITUTION_A.id);
    assert.deepEqual(
      history.map((h) => [h.changedAt.slice(0, 10), h.field, h.actor.displayName]),
      [
        ['2026-03-02', 'step1.status', 'Bertta'],
        ['2026-03-02', 'step1.date', 'Bertta'],
        ['2026-03-01', 'step1.status', 'Aino'],
      ],
    );
    assert.equal((await repo().history(INSTITUTION_A.id, { limit: 1 })).length, 1);
  });

  it('lists every institution with its steps', async () => {
    await repo().applyChanges(INSTITUTION_B.id, { steps: [{ step: 3, status: 'done' }] }, actor);
    const records = await repo().listRecords();
    assert.deepEqual(records.map((r) => r.institution.id).sort(), [INSTITUTION_A.id, INSTITUTION_B.id]);
    const b = records.find((r) => r.institution.id === INSTITUTION_B.id)!;
    assert.equal(b.steps[2]!.status, 'done');
    assert.equal(b.steps.length, 7);
    assert.equal((await repo().listInstitutions()).length, 2);
  });
});
