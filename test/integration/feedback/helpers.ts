/** Shared set-up for the feedback suites: institutions, users and a feature wired to a FakeMessenger. */
import type { Store } from '../../../bot/store/db.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import { makeUser } from '../../helpers/fakes.js';

export const INSTITUTION_A = 'inst-a';
export const INSTITUTION_B = 'inst-b';

export async function seedInstitutions(store: Store): Promise<void> {
  await store.db
    .insertInto('institutions')
    .values([
      {
        id: INSTITUTION_A,
        name_fi: 'Testikorkeakoulu A',
        name_sv: 'Testhögskolan A',
        name_en: 'Test University A',
        organisation_oid: '1.2.246.562.10.00000000901',
        type: 'university',
        created_at: '2026-01-01T00:00:00.000Z',
      },
      {
        id: INSTITUTION_B,
        name_fi: 'Testiammattikorkeakoulu B',
        name_sv: 'Testyrkeshögskolan B',
        name_en: 'Test UAS B',
        organisation_oid: '1.2.246.562.10.00000000902',
        type: 'uas',
        created_at: '2026-01-01T00:00:00.000Z',
      },
    ])
    .execute();
}

export const people = {
  admin: makeUser('ServiceOwnerAdmin', { objectId: 'oph-admin-1' }),
  admin2: makeUser('ServiceOwnerAdmin', { objectId: 'oph-admin-2' }),
  submitter: makeUser('InstitutionAdmin', { objectId: 'inst-a-admin', institutionId: INSTITUTION_A }),
  vendor: makeUser('Vendor', { objectId: 'vendor-1', institutionId: INSTITUTION_B, lang: 'sv' }),
  participant: makeUser('Participant', { objectId: 'participant-1', lang: 'en' }),
  participant2: makeUser('Participant', { objectId: 'participant-2' }),
} satisfies Record<string, UserContext>;

export const validForm = {
  type: 'proposal',
  topic: 'yleistunniste',
  title: 'Eräajon tila rajapintaan',
  description: 'Yleistunniste-rajapinnan eräajon tila olisi hyvä saada kyselyllä.',
  impact: 'Kaikki korkeakoulut, päivittäin',
  contactOk: 'true',
};
