/**
 * People's Teams profiles as the bot last saw them: the display name from their activities and the
 * e-mail from the team roster when Teams gives one. Kept so OPH can contact a feedback submitter who
 * allowed it by name and e-mail instead of an object id; identity stays (tenant, object id).
 */
import type { Store } from './db.js';

export interface UserProfile {
  tenantId: string;
  objectId: string;
  displayName: string;
  email: string | null;
}

/** Longest name or address stored; Teams' values are not ours to trust in length. */
const MAX_FIELD = 256;

export function createProfilesRepository(store: Store) {
  const { db } = store;
  return {
    /** Upserts; a missing e-mail never erases one seen before. */
    async remember(profile: UserProfile, now: string): Promise<void> {
      const displayName = profile.displayName.slice(0, MAX_FIELD);
      const email = profile.email ? profile.email.slice(0, MAX_FIELD) : null;
      await db
        .insertInto('user_profiles')
        .values({ tenant_id: profile.tenantId, object_id: profile.objectId, display_name: displayName, email, updated_at: now })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'object_id']).doUpdateSet((eb) => ({
            display_name: displayName,
            email: email ?? eb.ref('user_profiles.email'),
            updated_at: now,
          })),
        )
        .execute();
    },

    async find(tenantId: string, objectId: string): Promise<UserProfile | undefined> {
      const row = await db
        .selectFrom('user_profiles')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('object_id', '=', objectId)
        .executeTakeFirst();
      return row ? { tenantId: row.tenant_id, objectId: row.object_id, displayName: row.display_name, email: row.email } : undefined;
    },
  };
}
export type ProfilesRepository = ReturnType<typeof createProfilesRepository>;
