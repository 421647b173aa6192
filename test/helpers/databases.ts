/**
 * Runs a repository suite against every database the app supports: embedded SQLite always, and
 * PostgreSQL when TEST_DATABASE_URL is set (.ci/run starts a server and sets it). Without it the
 * PostgreSQL half is skipped loudly — and under CI=true that is a failure, not a skip.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openStore, type Store } from '../../bot/store/db.js';

export interface DatabaseTarget {
  name: 'sqlite' | 'postgres';
  open(): Promise<Store>;
}

let warned = false;

export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: 'sqlite', open: () => openStore({ dataDir: ':memory:' }) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    targets.push({
      name: 'postgres',
      open: async () => {
        const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
        const store = await openStore({ databaseUrl: url, pgSchema: schema });
        // Each test gets its own schema; drop it afterwards so a long run does not pile them up.
        return {
          ...store,
          async close() {
            await sql
              .raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
              .execute(store.db)
              .catch(() => undefined);
            await store.close();
          },
        };
      },
    });
  } else if (process.env.CI === 'true') {
    targets.push({
      name: 'postgres',
      open: () => Promise.reject(new Error('TEST_DATABASE_URL is not set: CI must run the PostgreSQL suite')),
    });
  } else if (!warned) {
    warned = true;
    console.warn('\n  !!! SKIPPING the PostgreSQL half of the repository suites: TEST_DATABASE_URL is not set !!!\n');
  }
  return targets;
}

/** `describe` once per database; `getStore()` gives a fresh, migrated store for each test. */
export function describeEachDatabase(title: string, body: (getStore: () => Store) => void): void {
  for (const target of databaseTargets()) {
    describe(`${title} [${target.name}]`, function () {
      let store: Store | undefined;
      beforeEach(async function () {
        store = await target.open();
      });
      afterEach(async function () {
        await store?.close();
        store = undefined;
      });
      body(() => {
        if (!store) throw new Error('store not open');
        return store;
      });
    });
  }
}
