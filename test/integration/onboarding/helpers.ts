/** Shared set-up for the onboarding suites: two institutions, one user per role, wired deps. */
import type { Store } from '../../../bot/store/db.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import { createOnboardingRepository, type InstitutionInfo } from '../../../bot/store/onboarding-repository.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import type { OnboardingDeps } from '../../../bot/features/onboarding/service.js';
import { makeUser } from '../../helpers/fakes.js';

export const INSTITUTION_A: InstitutionInfo = {
  id: 'inst-a',
  nameFi: 'Testivaaran yliopisto',
  nameSv: 'Testvaara universitet',
  nameEn: 'University of Testivaara',
  organisationOid: '1.2.246.562.10.70000009014',
  type: 'university',
};
export const INSTITUTION_B: InstitutionInfo = {
  id: 'inst-b',
  nameFi: 'Koejoen ammattikorkeakoulu',
  nameSv: 'Koejoki yrkeshögskola',
  nameEn: 'Koejoki University of Applied Sciences',
  organisationOid: '1.2.246.562.10.70000009022',
  type: 'uas',
};

export const people = {
  admin: makeUser('ServiceOwnerAdmin', { objectId: 'oph-admin-1', displayName: 'Olli Ylläpitäjä' }),
  ownAdmin: makeUser('InstitutionAdmin', { objectId: 'a-admin-1', institutionId: INSTITUTION_A.id, displayName: 'Aino Pääkäyttäjä' }),
  otherAdmin: makeUser('InstitutionAdmin', { objectId: 'b-admin-1', institutionId: INSTITUTION_B.id, lang: 'sv' }),
  vendor: makeUser('Vendor', { objectId: 'vendor-1', institutionId: INSTITUTION_A.id, lang: 'en' }),
  participant: makeUser('Participant', { objectId: 'participant-1', institutionId: INSTITUTION_A.id }),
} satisfies Record<string, UserContext>;

export const FIXED_NOW = new Date('2026-11-26T10:00:00Z');

export async function setUp(store: Store, clock: () => Date = () => FIXED_NOW) {
  const repository = createOnboardingRepository(store, { clock });
  const users = createUsersRepository(store);
  await repository.createInstitution(INSTITUTION_A);
  await repository.createInstitution(INSTITUTION_B);
  for (const user of Object.values(people)) {
    await users.upsert({
      tenantId: user.tenantId,
      objectId: user.objectId,
      displayName: user.displayName ?? '',
      role: user.role,
      institutionId: user.institutionId,
      locale: null,
    });
  }
  const deps: OnboardingDeps = { repository, users, clock, tabUrl: 'https://example.test/tab/' };
  return { repository, users, deps };
}
