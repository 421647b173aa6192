/**
 * Issue 16: every message resolves its sender's role. When the app alone uses its database (its own
 * SQLite file, SINGLE_INSTANCE=auto) the app_users rows are kept in memory per store and dropped on
 * every write through any users repository of that store, so a role change still takes effect at once
 * (A-TAB-5; the end-to-end check is security/role-revocation.test.ts). Off for a store that may be
 * shared (SINGLE_INSTANCE=false, PostgreSQL, a handed-in store): every find reads the database.
 *
 * A write that bypasses the repositories (raw SQL below) is how these tests see whether a find was
 * answered from memory; the app itself never writes app_users that way.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Role } from '../../../bot/auth/roles.js';
import { openStore, type Store } from '../../../bot/store/db.js';
import { cacheUsersInMemory, createUsersRepository, MAX_CACHED_USERS, type AppUserRow } from '../../../bot/store/users-repository.js';
import { startSecureApp } from '../security/harness.js';
import { secureFixture } from './secure-fixture.js';
import { describeEachDatabase } from '../../helpers/databases.js';

const TENANT = '44444444-4444-4444-8444-444444444444';

const person = (objectId: string, role: Role = 'InstitutionAdmin'): AppUserRow => ({
  tenantId: TENANT,
  objectId,
  displayName: `Person ${objectId}`,
  role,
  institutionId: null,
  locale: null,
});

/** Changes a role behind the repositories' back (only the tests do this). */
async function setRoleDirectly(store: Store, objectId: string, role: Role): Promise<void> {
  await store.db.updateTable('app_users').set({ role }).where('tenant_id', '=', TENANT).where('object_id', '=', objectId).execute();
}

async function insertDirectly(store: Store, row: AppUserRow): Promise<void> {
  await store.db
    .insertInto('app_users')
    .values({
      tenant_id: row.tenantId,
      object_id: row.objectId,
      display_name: row.displayName,
      role: row.role,
      institution_id: row.institutionId,
      locale: row.locale,
      updated_at: new Date().toISOString(),
    })
    .execute();
}

/** Holds the result of every SELECT until released (the query itself has run): a read that ends late. */
function heldSelects() {
  const selects = new WeakSet<object>();
  let held: { release: Promise<void>; arrived: () => void } | null = null;
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (args.node.kind === 'SelectQueryNode') selects.add(args.queryId);
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const hold = held;
      if (hold && selects.has(args.queryId)) {
        hold.arrived();
        await hold.release;
      }
      return args.result;
    },
  };
  return {
    plugin,
    /** Holds the next reads; resolves `arrived` once one has its row, `release()` lets them finish. */
    hold() {
      let release!: () => void;
      let arrived!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      held = { release: new Promise<void>((resolve) => (release = resolve)), arrived };
      return {
        arrival,
        release: () => {
          held = null;
          release();
        },
      };
    },
  };
}

describeEachDatabase('issue 16: user mappings of a single instance in memory', (getStore) => {
  let store: Store;

  beforeEach(() => {
    store = getStore();
  });

  it('without the cache switched on, every find reads the database', async () => {
    const users = createUsersRepository(store);
    await users.upsert(person('a'));
    assert.equal((await users.find(TENANT, 'a'))?.role, 'InstitutionAdmin');
    await setRoleDirectly(store, 'a', 'Vendor');
    assert.equal((await users.find(TENANT, 'a'))?.role, 'Vendor');
  });

  it('answers a known person from memory, and a write through any repository of the store is seen at once', async () => {
    cacheUsersInMemory(store);
    const app = createUsersRepository(store);
    const admin = createUsersRepository(store);
    await admin.upsert(person('a'));
    assert.equal((await app.find(TENANT, 'a'))?.role, 'InstitutionAdmin');
    await setRoleDirectly(store, 'a', 'Vendor');
    assert.equal((await app.find(TENANT, 'a'))?.role, 'InstitutionAdmin', 'answered from memory');

    await admin.upsert(person('a', 'Participant'));
    assert.equal((await app.find(TENANT, 'a'))?.role, 'Participant', 'a role change through another repository is seen at once');
    await admin.remove(TENANT, 'a');
    assert.equal(await app.find(TENANT, 'a'), undefined, 'a removed mapping is seen at once');
  });

  it('remembers that a person is not mapped, until a mapping is written', async () => {
    cacheUsersInMemory(store);
    const users = createUsersRepository(store);
    assert.equal(await users.find(TENANT, 'newcomer'), undefined);
    await insertDirectly(store, person('newcomer'));
    assert.equal(await users.find(TENANT, 'newcomer'), undefined, 'answered from memory');
    await users.upsert(person('newcomer', 'Vendor'));
    assert.equal((await users.find(TENANT, 'newcomer'))?.role, 'Vendor');
  });

  it('never keeps a row read before a write that finished first (several connections: PostgreSQL)', async function () {
    // SQLite has one connection, so a read always ends before the next write starts; a pool lets a
    // write commit while an earlier read is still on its way back with the old row.
    if (store.dialect !== 'postgres') this.skip();
    const held = heldSelects();
    const slow: Store = { ...store, db: store.db.withPlugin(held.plugin) };
    cacheUsersInMemory(slow);
    const users = createUsersRepository(slow);
    await users.upsert(person('a'));
    const hold = held.hold();
    const reading = users.find(TENANT, 'a');
    await hold.arrival;
    await users.upsert(person('a', 'Vendor'));
    hold.release();
    assert.equal((await reading)?.role, 'InstitutionAdmin', 'the late read has the old row');
    assert.equal((await users.find(TENANT, 'a'))?.role, 'Vendor', 'and it was not kept');
  });

  it('a caller changing the row it got does not change what the next caller reads', async () => {
    cacheUsersInMemory(store);
    const users = createUsersRepository(store);
    await users.upsert(person('a'));
    const first = await users.find(TENANT, 'a');
    assert.ok(first);
    first.role = 'ServiceOwnerAdmin';
    assert.equal((await users.find(TENANT, 'a'))?.role, 'InstitutionAdmin');
  });

  it('keeps a bounded number of people', async () => {
    cacheUsersInMemory(store, 2);
    const users = createUsersRepository(store);
    for (const id of ['a', 'b', 'c']) await users.upsert(person(id));
    for (const id of ['a', 'b', 'c']) await users.find(TENANT, id);
    for (const id of ['a', 'b', 'c']) await setRoleDirectly(store, id, 'Vendor');
    assert.equal((await users.find(TENANT, 'a'))?.role, 'Vendor', 'the least recent was forgotten');
    assert.equal((await users.find(TENANT, 'c'))?.role, 'InstitutionAdmin', 'a recent one is still in memory');
    assert.ok(MAX_CACHED_USERS >= 1_000);
  });
});

describe('issue 16: the app switches the user cache on only for a database it alone uses', function () {
  this.timeout(20_000);
  const fixture = secureFixture('user-cache-');

  async function answeredFromMemory(env: Record<string, string>, store?: Store): Promise<boolean> {
    const app = await startSecureApp(fixture.auth, { env, ...(store ? { store } : {}) });
    try {
      const users = createUsersRepository(app.store);
      await users.upsert(person('probe'));
      await users.find(TENANT, 'probe');
      await setRoleDirectly(app.store, 'probe', 'Vendor');
      return (await users.find(TENANT, 'probe'))?.role === 'InstitutionAdmin';
    } finally {
      await app.stop();
    }
  }

  it('its own SQLite file (SINGLE_INSTANCE=auto): on', async () => {
    assert.equal(await answeredFromMemory({ DATA_DIR: path.join(fixture.dir, 'auto') }), true);
  });

  it('SINGLE_INSTANCE=false: off', async () => {
    assert.equal(await answeredFromMemory({ DATA_DIR: path.join(fixture.dir, 'shared'), SINGLE_INSTANCE: 'false' }), false);
  });

  it('a store handed in from outside (which other apps may share): off', async () => {
    const shared = await openStore({ dataDir: path.join(fixture.dir, 'handed-in') });
    try {
      assert.equal(await answeredFromMemory({}, shared), false);
    } finally {
      await shared.close();
    }
  });
});
