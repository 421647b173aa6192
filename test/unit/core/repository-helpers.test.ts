/** Issue 14 item 8: repository helpers shared by the feedback, guidance and membership repositories. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { formatYearRef, isUniqueViolation, samePerson } from '../../../bot/store/repository-helpers.js';
import { formatRef } from '../../../bot/store/feedback-repository.js';
import { formatTicketRef } from '../../../bot/store/guidance-repository.js';

describe('repository helpers (issue 14 item 8)', () => {
  it('recognises unique and primary-key violations of both databases, and nothing else', () => {
    assert.ok(isUniqueViolation({ code: '23505' }));
    assert.ok(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    assert.ok(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }));
    assert.ok(isUniqueViolation(new Error('UNIQUE constraint failed: membership_requests.tenant_id')));
    assert.ok(!isUniqueViolation({ code: '23503' }), 'a foreign-key violation is not a duplicate');
    assert.ok(!isUniqueViolation({ code: 'SQLITE_BUSY' }));
    assert.ok(!isUniqueViolation(null));
  });

  it('references share one format: prefix, year, four digits', () => {
    assert.equal(formatYearRef('KE', 2026, 42), 'KE-2026-0042');
    assert.equal(formatRef(2026, 7), 'KE-2026-0007');
    assert.equal(formatTicketRef(2026, 12345), 'KY-2026-12345');
  });

  it('one person is the same tenant and object id', () => {
    assert.ok(samePerson({ tenantId: 't', objectId: 'o' }, { tenantId: 't', objectId: 'o' }));
    assert.ok(!samePerson({ tenantId: 't', objectId: 'o' }, { tenantId: 'u', objectId: 'o' }));
  });

  it('no repository keeps its own copy of the helpers', () => {
    const dir = path.resolve('bot/store');
    const copies = fs
      .readdirSync(dir)
      .filter((file) => file.endsWith('.ts') && file !== 'repository-helpers.ts')
      .filter((file) =>
        /function isUniqueViolation|_counters\.last_seq \+ 1|export interface PersonKey/.test(
          fs.readFileSync(path.join(dir, file), 'utf8'),
        ),
      );
    assert.deepEqual(copies, []);
  });
});
