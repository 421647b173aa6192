import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../helpers/databases.js';
import { createOnboardingRepository } from '../../../bot/store/onboarding-repository.js';
import { currentStep } from '../../../bot/features/onboarding/model.js';
import { SEED_INSTITUTIONS, seedInstitutions } from '../../../dev/seed/institutions.js';
import { luhnCheckDigit } from '../../../bot/features/lookup/identifiers.js';

describe('seed institutions (static data)', () => {
  it('are 40 fictional institutions with unique ids, names and invented, well-formed organisation OIDs', () => {
    assert.equal(SEED_INSTITUTIONS.length, 40);
    assert.equal(new Set(SEED_INSTITUTIONS.map((i) => i.id)).size, 40);
    assert.equal(new Set(SEED_INSTITUTIONS.map((i) => i.nameFi)).size, 40);
    assert.equal(new Set(SEED_INSTITUTIONS.map((i) => i.organisationOid)).size, 40);
    for (const i of SEED_INSTITUTIONS) {
      const match = /^1\.2\.246\.562\.10\.(70000001\d{2})(\d)$/.exec(i.organisationOid);
      assert.ok(match, i.organisationOid);
      assert.equal(Number(match[2]), luhnCheckDigit(match[1]!), 'Luhn check digit');
      assert.ok(i.nameSv && i.nameEn);
    }
    assert.deepEqual([...new Set(SEED_INSTITUTIONS.map((i) => i.type))].sort(), ['other', 'uas', 'university']);
  });
});

describeEachDatabase('seed institutions (database)', (getStore) => {
  it('inserts steps, milestones and history with variety, and a second run changes nothing', async () => {
    const first = await seedInstitutions(getStore());
    assert.deepEqual(first, { inserted: 40, skipped: 0 });
    const repo = createOnboardingRepository(getStore());
    const records = await repo.listRecords();
    assert.equal(records.length, 40);

    const steps = new Set(records.map((r) => currentStep(r.steps)));
    for (const step of [1, 2, 3, 4, 5, 6, 7, 8]) assert.ok(steps.has(step), `someone at step ${step}`);
    assert.deepEqual([...new Set(records.map((r) => r.route))].sort(), ['oppija_controller', 'ui_only', 'yleistunniste']);
    assert.deepEqual([...new Set(records.map((r) => r.vendor).filter(Boolean))].sort(), ['other', 'own', 'peppi', 'sisu', 'visma_primus']);
    const months = records.map((r) => r.goLiveDate?.slice(0, 7)).filter((m): m is string => Boolean(m));
    assert.ok(months.some((m) => m.startsWith('2025')) && months.some((m) => m.startsWith('2026')));
    assert.ok(months.every((m) => m >= '2025-01' && m <= '2026-12'));
    assert.ok(new Set(months).size >= 10, 'go-lives spread over many months');
    assert.ok(records.some((r) => r.testAccountRequested && r.joiningNotificationProcessed));

    const history = await repo.history(records[0]!.institution.id);
    assert.ok(history.length >= 3);
    assert.ok(history.every((h) => h.actor.objectId === 'seed'));

    const historyCount = async () =>
      (
        await getStore()
          .db.selectFrom('onboarding_history')
          .select(({ fn }) => fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = Number(await historyCount());
    assert.deepEqual(await seedInstitutions(getStore()), { inserted: 0, skipped: 40 });
    assert.equal(Number(await historyCount()), before);
  });
});
