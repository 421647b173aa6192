import assert from 'node:assert/strict';
import {
  describeProblems,
  listFilterSchema,
  mergeSchema,
  statusChangeSchema,
  submissionSchema,
  tabCreateSchema,
  tabListQuerySchema,
} from '../../../bot/features/feedback/validation.js';
import { LIMITS } from '../../../bot/features/feedback/model.js';

const valid = {
  type: 'proposal',
  topic: 'testing',
  title: 'Testiympäristön tunnukset',
  description: 'Tunnusten saaminen kestää.',
  impact: '',
  contactOk: 'false',
};

function problemsFor(raw: Record<string, unknown>, lang: 'fi' | 'sv' | 'en' = 'fi') {
  const parsed = submissionSchema.safeParse(raw);
  assert.equal(parsed.success, false, 'expected the submission to be refused');
  return describeProblems(parsed.error!, raw, lang);
}

describe('feedback validation', () => {
  it('accepts a complete submission and trims text', () => {
    const parsed = submissionSchema.parse({ ...valid, title: '  Otsikko  ', contactOk: 'true' });
    assert.equal(parsed.title, 'Otsikko');
    assert.equal(parsed.contactOk, true);
    assert.equal(submissionSchema.parse({ ...valid, contactOk: false }).contactOk, false);
    assert.equal(submissionSchema.parse({ ...valid, contactOk: undefined }).contactOk, false);
  });

  it('reports every missing required field by name, in the user language', () => {
    const problems = problemsFor({ formId: 'x' });
    assert.deepEqual(problems.map((p) => p.field).sort(), ['description', 'title', 'topic', 'type']);
    assert.ok(problems.some((p) => p.message === 'Otsikko: pakollinen tieto puuttuu.'));
    const sv = problemsFor({ ...valid, title: '   ' }, 'sv');
    assert.deepEqual(sv, [{ field: 'title', message: 'Rubrik: obligatorisk uppgift saknas.' }]);
    const en = problemsFor({ ...valid, description: '' }, 'en');
    assert.deepEqual(en, [{ field: 'description', message: 'Description: this is required.' }]);
  });

  it('refuses too long text and names the limit, never the value', () => {
    const long = 'x'.repeat(LIMITS.title + 1);
    const problems = problemsFor({ ...valid, title: long });
    assert.deepEqual(problems, [{ field: 'title', message: `Otsikko: liian pitkä, enintään ${LIMITS.title} merkkiä.` }]);
    assert.ok(!problems[0]!.message.includes('xxx'));
    assert.equal(problemsFor({ ...valid, description: 'y'.repeat(LIMITS.description + 1) })[0]!.field, 'description');
    assert.equal(problemsFor({ ...valid, impact: 'z'.repeat(LIMITS.impact + 1) })[0]!.field, 'impact');
    // Exactly at the limit is fine.
    assert.equal(submissionSchema.safeParse({ ...valid, title: 'x'.repeat(LIMITS.title) }).success, true);
  });

  it('refuses wrong types and unknown choices', () => {
    assert.deepEqual(problemsFor({ ...valid, type: 'praise' }), [{ field: 'type', message: 'Tyyppi: valitse jokin vaihtoehdoista.' }]);
    assert.equal(problemsFor({ ...valid, topic: 42 })[0]!.message, 'Aihe: virheellinen arvo.');
    assert.equal(problemsFor({ ...valid, title: ['a'] })[0]!.field, 'title');
    assert.equal(problemsFor({ ...valid, description: { text: 'a' } })[0]!.field, 'description');
    assert.equal(problemsFor({ ...valid, contactOk: 'yes' })[0]!.field, 'contactOk');
  });

  it('drops tampered keys: a forged status, submitter or institution never survives parsing', () => {
    // JSON.parse makes "__proto__" an own key, as a raw request body would.
    const tampered = JSON.parse(
      JSON.stringify({
        ...valid,
        status: 'done',
        submitterObjectId: 'someone-else',
        tenantId: 'other-tenant',
        institutionId: 'inst-b',
        role: 'ServiceOwnerAdmin',
        ref: 'KE-2026-0001',
      }).replace(/}$/, ',"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
    ) as Record<string, unknown>;
    assert.ok(Object.hasOwn(tampered, '__proto__'));
    const parsed = submissionSchema.parse(tampered);
    assert.deepEqual(Object.keys(parsed).sort(), ['contactOk', 'description', 'impact', 'title', 'topic', 'type']);
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('validates the tab create body and its optional idempotency key', () => {
    assert.equal(tabCreateSchema.safeParse({ ...valid, contactOk: true, formId: 'not-a-uuid' }).success, false);
    const ok = tabCreateSchema.parse({ ...valid, contactOk: true, formId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' });
    assert.equal(ok.formId, '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b');
  });

  it('validates status changes and merge targets', () => {
    assert.equal(statusChangeSchema.safeParse({ status: 'closed' }).success, false);
    assert.equal(statusChangeSchema.parse({ status: 'rejected', reason: ' no ' }).reason, 'no');
    assert.equal(statusChangeSchema.safeParse({ status: 'rejected', reason: 'r'.repeat(LIMITS.reason + 1) }).success, false);
    assert.equal(mergeSchema.parse({ targetRef: ' ke-2026-0001 ' }).targetRef, 'KE-2026-0001');
    assert.equal(mergeSchema.safeParse({ targetRef: 'KE-2026-1; DROP TABLE' }).success, false);
  });

  it('falls back to defaults for odd list filters from a card', () => {
    assert.deepEqual(listFilterSchema.parse({}), {
      filterType: 'proposal',
      filterTopic: 'all',
      filterStatus: 'open',
      filterSort: 'votes',
      page: 0,
    });
    assert.deepEqual(
      listFilterSchema.parse({ filterType: 'bug', filterTopic: 'testing', filterStatus: 'planned', filterSort: 'recent', page: '2' }),
      {
        filterType: 'bug',
        filterTopic: 'testing',
        filterStatus: 'planned',
        filterSort: 'recent',
        page: 2,
      },
    );
    assert.equal(listFilterSchema.parse({ filterStatus: { $ne: 1 }, page: -5 }).filterStatus, 'open');
  });

  it('parses tab list queries and refuses unknown filter values', () => {
    const q = tabListQuerySchema.parse({ type: 'proposal,bug', status: ['open', 'done'], sort: 'recent', mine: '1', limit: '10' });
    assert.deepEqual(q.type, ['proposal', 'bug']);
    assert.deepEqual(q.status, ['open', 'done']);
    assert.equal(q.mine, true);
    assert.equal(q.limit, 10);
    assert.equal(tabListQuerySchema.safeParse({ status: 'deleted' }).success, false);
    assert.equal(tabListQuerySchema.safeParse({ limit: '5000' }).success, false);
    assert.equal(tabListQuerySchema.safeParse({ sort: 'random' }).success, false);
  });
});
