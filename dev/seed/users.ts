import type { Store } from '../../bot/store/db.js';
import { createUsersRepository } from '../../bot/store/users-repository.js';
import type { Role } from '../../bot/auth/roles.js';

/** The Agents Playground's tenant and its five mock users (ids fixed by the Playground). */
export const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';
export const PLAYGROUND_USERS: Array<{ objectId: string; name: string; role: Role; institutionIndex: number | null }> = [
  { objectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber', role: 'ServiceOwnerAdmin', institutionIndex: 0 },
  { objectId: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen', role: 'InstitutionAdmin', institutionIndex: 1 },
  { objectId: '00000000-0000-0000-0000-0000000000022', name: 'Adele Vance', role: 'Vendor', institutionIndex: null },
  { objectId: '00000000-0000-0000-0000-0000000000023', name: 'Isaiah Langer', role: 'Participant', institutionIndex: 2 },
  { objectId: '00000000-0000-0000-0000-0000000000024', name: 'Patti Fernandez', role: 'InstitutionAdmin', institutionIndex: 2 },
];

/**
 * Local-mode role mapping: the Playground's default user is ServiceOwnerAdmin (and main user of the
 * first seeded institution), the others get the other roles, so every feature can be tried.
 * Only inserts users that are not mapped yet, so edits made in the tab survive a restart.
 */
export async function seedPlaygroundUsers(store: Store): Promise<void> {
  const users = createUsersRepository(store);
  const institutions = await store.db.selectFrom('institutions').select('id').orderBy('id').execute();
  for (const user of PLAYGROUND_USERS) {
    if (await users.find(PLAYGROUND_TENANT, user.objectId)) continue;
    const institution = user.institutionIndex === null ? undefined : institutions[user.institutionIndex];
    await users.upsert({
      tenantId: PLAYGROUND_TENANT,
      objectId: user.objectId,
      displayName: user.name,
      role: user.role,
      institutionId: institution?.id ?? null,
      locale: null,
    });
  }
}
