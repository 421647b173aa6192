/**
 * The expert card's "no institution" choice: an Adaptive Card choice may not have an empty value (the
 * official parser refuses it), so the card sends NO_INSTITUTION_CHOICE, and approving with it maps the
 * person to no institution — as the tab's empty value does.
 */
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createOnboardingRepository } from '../../../bot/store/onboarding-repository.js';
import { createMembershipRepository } from '../../../bot/store/membership-repository.js';
import { createMembershipFeature } from '../../../bot/features/membership/index.js';
import { NO_INSTITUTION_CHOICE } from '../../../bot/features/membership/cards.js';
import { createLogger } from '../../../bot/log.js';
import { FakeMessenger, makeUser } from '../../helpers/fakes.js';
import { INSTITUTION_A } from '../onboarding/helpers.js';

const T = '00000000-0000-0000-0000-0000000000aa';

describe('membership: the "no institution" choice of the expert card', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
  });
  afterEach(() => store.close());

  it('approves a person without an institution when the card sends the "no institution" value', async () => {
    const users = createUsersRepository(store);
    const onboarding = createOnboardingRepository(store);
    await onboarding.createInstitution(INSTITUTION_A);
    const membership = createMembershipFeature({
      repository: createMembershipRepository(store),
      users,
      institutions: () => onboarding.listInstitutions(),
      messenger: new FakeMessenger(),
      expertChannel: async () => null,
      logger: createLogger({ level: 'silent' }),
      clock: () => new Date('2026-11-26T10:00:00Z'),
    });
    const newcomer = makeUser('Participant', { tenantId: T, objectId: 'newcomer-1', displayName: 'Siri Svensson' });
    const admin = makeUser('ServiceOwnerAdmin', { tenantId: T, objectId: 'admin-1', displayName: 'Olli' });
    const { request } = await membership.service.submitRequest(newcomer, 'fi', { institutionId: INSTITUTION_A.id, requestedRole: 'other' });
    assert.ok(request);
    const result = await membership.service.approve(admin, request.id, { role: 'Participant', institutionId: NO_INSTITUTION_CHOICE });
    assert.equal(result.decided, true);
    const mapped = await users.find(T, 'newcomer-1');
    assert.equal(mapped?.role, 'Participant');
    assert.equal(mapped?.institutionId, null);
  });
});
