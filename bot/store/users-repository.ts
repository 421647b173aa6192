import type { Store } from './db.js';
import { nowIso } from './db.js';
import type { AppUser, Role } from '../auth/roles.js';

/** A row of app_users: the AppUser shape that bot/auth defines. */
export type AppUserRow = AppUser;

export function createUsersRepository(store: Store) {
  const { db } = store;
  const toRow = (r: { tenant_id: string; object_id: string; display_name: string; role: string; institution_id: string | null; locale: string | null }): AppUserRow => ({
    tenantId: r.tenant_id,
    objectId: r.object_id,
    displayName: r.display_name,
    role: r.role as Role,
    institutionId: r.institution_id,
    locale: r.locale,
  });
  return {
    async find(tenantId: string, objectId: string): Promise<AppUserRow | undefined> {
      const row = await db.selectFrom('app_users').selectAll().where('tenant_id', '=', tenantId).where('object_id', '=', objectId).executeTakeFirst();
      return row ? toRow(row) : undefined;
    },
    async list(): Promise<AppUserRow[]> {
      const rows = await db.selectFrom('app_users').selectAll().orderBy('display_name').execute();
      return rows.map(toRow);
    },
    async upsert(user: AppUserRow): Promise<void> {
      const values = {
        tenant_id: user.tenantId,
        object_id: user.objectId,
        display_name: user.displayName,
        role: user.role,
        institution_id: user.institutionId,
        locale: user.locale,
        updated_at: nowIso(),
      };
      await db
        .insertInto('app_users')
        .values(values)
        .onConflict((oc) => oc.columns(['tenant_id', 'object_id']).doUpdateSet({
          display_name: values.display_name,
          role: values.role,
          institution_id: values.institution_id,
          locale: values.locale,
          updated_at: values.updated_at,
        }))
        .execute();
    },
    async remove(tenantId: string, objectId: string): Promise<void> {
      await db.deleteFrom('app_users').where('tenant_id', '=', tenantId).where('object_id', '=', objectId).execute();
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
