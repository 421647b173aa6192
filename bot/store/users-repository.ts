import type { Store } from './db.js';
import { nowIso } from './db.js';
import type { AppUser, Role } from '../auth/roles.js';
import { LruCache } from '../lru-cache.js';
import type { AppUsersTable } from './tables/core.js';

/** A row of app_users: the AppUser shape that bot/auth defines. */
export type AppUserRow = AppUser;

/** People whose mapping (or the lack of one) is kept in memory per store; an entry is ~200 bytes. */
export const MAX_CACHED_USERS = 10_000;

interface UserRowCache {
  /** Row per person; null = not mapped (a Participant), the most common answer on the message path. */
  rows: LruCache<string, AppUserRow | null>;
  /** Bumped around every write: a read that overlapped a write is not kept (it may hold the old row). */
  generation: number;
}

/**
 * Every message resolves its sender's role with find(). When this process is the only one using its
 * database (SINGLE_INSTANCE: the app's own SQLite file), every change of app_users goes through a
 * repository of this store, so the rows can be kept in memory and dropped on each write: a role change
 * still takes effect on the very next message or tab call (A-TAB-5). The cache belongs to the store,
 * so every repository created on it — the app's, a test's, the seed's — reads and invalidates the same
 * entries. With PostgreSQL or a store shared with other processes it is never switched on.
 */
const caches = new WeakMap<Store, UserRowCache>();

export function cacheUsersInMemory(store: Store, maxEntries = MAX_CACHED_USERS): void {
  if (!caches.has(store)) caches.set(store, { rows: new LruCache(maxEntries), generation: 0 });
}

const cacheKey = (tenantId: string, objectId: string) => `${tenantId}/${objectId}`;

export function createUsersRepository(store: Store) {
  const { db } = store;
  const forget = (tenantId: string, objectId: string) => {
    const cache = caches.get(store);
    if (!cache) return;
    cache.generation += 1;
    cache.rows.delete(cacheKey(tenantId, objectId));
  };
  const toRow = (r: Omit<AppUsersTable, 'updated_at'>): AppUserRow => ({
    tenantId: r.tenant_id,
    objectId: r.object_id,
    displayName: r.display_name,
    role: r.role as Role,
    institutionId: r.institution_id,
    locale: r.locale,
  });
  const read = async (tenantId: string, objectId: string): Promise<AppUserRow | undefined> => {
    const row = await db
      .selectFrom('app_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('object_id', '=', objectId)
      .executeTakeFirst();
    return row ? toRow(row) : undefined;
  };
  return {
    async find(tenantId: string, objectId: string): Promise<AppUserRow | undefined> {
      const cache = caches.get(store);
      if (!cache) return read(tenantId, objectId);
      const key = cacheKey(tenantId, objectId);
      const cached = cache.rows.get(key);
      // A copy: a caller that changes the row it got must not change what the next caller reads.
      if (cached !== undefined) return cached ? { ...cached } : undefined;
      const generation = cache.generation;
      const row = await read(tenantId, objectId);
      if (cache.generation === generation) cache.rows.set(key, row ? { ...row } : null);
      return row;
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
      forget(user.tenantId, user.objectId);
      try {
        await db
          .insertInto('app_users')
          .values(values)
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'object_id']).doUpdateSet({
              display_name: values.display_name,
              role: values.role,
              institution_id: values.institution_id,
              locale: values.locale,
              updated_at: values.updated_at,
            }),
          )
          .execute();
      } finally {
        // Again after the write: a read that started before it and ends after it is not kept either.
        forget(user.tenantId, user.objectId);
      }
    },
    async remove(tenantId: string, objectId: string): Promise<void> {
      forget(tenantId, objectId);
      try {
        await db.deleteFrom('app_users').where('tenant_id', '=', tenantId).where('object_id', '=', objectId).execute();
      } finally {
        forget(tenantId, objectId);
      }
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
