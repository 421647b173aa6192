import assert from 'node:assert/strict';
import { canSee, canTransition, nextStatuses, reasonRequired } from '../../../bot/features/feedback/lifecycle.js';
import { STATUSES, feedbackTabUrl, referenceYear } from '../../../bot/features/feedback/model.js';
import { formatRef } from '../../../bot/store/feedback-repository.js';
import { makeUser } from '../../helpers/fakes.js';

describe('feedback lifecycle', () => {
  it('allows exactly the documented transitions', () => {
    const allowed = STATUSES.flatMap((from) => STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`));
    assert.deepEqual(allowed.sort(), [
      'new>rejected',
      'new>under_review',
      'planned>done',
      'planned>rejected',
      'under_review>planned',
      'under_review>rejected',
    ]);
    assert.deepEqual(nextStatuses('done'), []);
    assert.deepEqual(nextStatuses('duplicate'), []);
    assert.deepEqual(nextStatuses('bogus'), []);
    assert.equal(canTransition('new', 'duplicate'), false, 'duplicates are made by merging only');
  });

  it('requires a reason only for a rejection', () => {
    assert.equal(reasonRequired('rejected'), true);
    assert.equal(reasonRequired('planned'), false);
  });

  it('shows proposals to everyone but feedback and error reports only to the submitter and OPH', () => {
    const submitter = makeUser('InstitutionAdmin', { objectId: 'a' });
    const other = makeUser('InstitutionAdmin', { objectId: 'b', institutionId: 'inst-b' });
    const admin = makeUser('ServiceOwnerAdmin');
    const item = (type: string) => ({ type, submitter: { tenantId: submitter.tenantId, objectId: 'a' } });
    assert.equal(canSee(other, item('proposal')), true);
    assert.equal(canSee(other, item('feedback')), false);
    assert.equal(canSee(other, item('bug')), false);
    assert.equal(canSee(submitter, item('bug')), true);
    assert.equal(canSee(admin, item('bug')), true);
    // Same object id in another tenant is another person.
    assert.equal(canSee(makeUser('Participant', { objectId: 'a', tenantId: 'other-tenant' }), item('bug')), false);
  });
});

describe('feedback references', () => {
  it('formats per-year references with at least four digits', () => {
    assert.equal(formatRef(2026, 42), 'KE-2026-0042');
    assert.equal(formatRef(2026, 12345), 'KE-2026-12345');
  });

  it('takes the year from Finnish time', () => {
    assert.equal(referenceYear(new Date('2026-12-31T22:30:00Z')), 2027, '00:30 in Helsinki on New Year');
    assert.equal(referenceYear(new Date('2026-12-31T21:30:00Z')), 2026);
  });

  it('builds the default tab link', () => {
    assert.equal(feedbackTabUrl('https://bot.example/')('KE-2026-0042'), 'https://bot.example/tab/#/feedback/KE-2026-0042');
  });
});
