import assert from 'node:assert/strict';
import { adminUserBodySchema, overviewQuerySchema, patchBodySchema } from '../../../bot/features/onboarding/schemas.js';

describe('onboarding input validation', () => {
  it('accepts a full valid patch and normalises text', () => {
    const parsed = patchBodySchema.parse({
      expectedVersion: 3,
      route: 'oppija_controller',
      vendor: null,
      systemName: '  Oma\u0007 järjestelmä  ',
      goLiveDate: '2026-02-28',
      steps: [{ step: 4, status: 'in_progress', note: '', responsible: 'Tietohallinto' }],
    });
    assert.equal(parsed.systemName, 'Oma järjestelmä');
    assert.equal(parsed.steps![0]!.note, null, 'empty text clears the value');
    assert.equal(parsed.vendor, null);
  });

  it('rejects unknown keys, pollution keys, bad dates and over-long text', () => {
    const bad: unknown[] = [
      { institution_id: 'x' },
      JSON.parse('{"__proto__": {"x": 1}}'),
      JSON.parse('{"constructor": {"prototype": {"x": 1}}}'),
      { goLiveDate: '2026-13-01' },
      { goLiveDate: '1999-12-31' },
      { goLiveDate: '2026-02-29' },
      { systemName: 'x'.repeat(121) },
      { steps: [{ step: 1, responsible: 'x'.repeat(201) }] },
      { steps: [{ step: 0 }] },
      { steps: [{ step: 1.5 }] },
      { steps: Array.from({ length: 8 }, (_, i) => ({ step: (i % 7) + 1 })) },
      { expectedVersion: -1 },
    ];
    for (const body of bad) assert.equal(patchBodySchema.safeParse(body).success, false, JSON.stringify(body));
  });

  it('validates overview filters and ignores unknown query parameters', () => {
    assert.deepEqual(overviewQuerySchema.parse({ step: 'done', vendor: 'none', utm: 'x' }), { step: 'done', vendor: 'none' });
    assert.equal(overviewQuerySchema.safeParse({ route: 'ftp' }).success, false);
    assert.equal(overviewQuerySchema.safeParse({ q: 'x'.repeat(101) }).success, false);
  });

  it('validates a user mapping', () => {
    assert.deepEqual(adminUserBodySchema.parse({ displayName: ' Aino ', role: 'Vendor', institutionId: null }), {
      displayName: 'Aino',
      role: 'Vendor',
      institutionId: null,
    });
    assert.equal(adminUserBodySchema.safeParse({ displayName: 'A', role: 'Vendor', institutionId: null, objectId: 'x' }).success, false);
    assert.equal(adminUserBodySchema.safeParse({ displayName: 'A', role: 'Admin', institutionId: null }).success, false);
  });
});
