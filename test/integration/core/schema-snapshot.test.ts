/**
 * The migrations are a record: once run somewhere, what they build must not change. A fresh SQLite
 * database and a fresh PostgreSQL schema are migrated and their normalised schema (test/helpers/
 * schema-dump.ts) must equal the committed snapshot of each dialect in test/fixtures/schema/, which
 * was generated from the migrations before they were re-expressed as table specs (issue 14).
 *
 * A new migration changes the schema on purpose: regenerate the snapshots with
 *   SCHEMA_SNAPSHOT_WRITE=1 TEST_DATABASE_URL=… npx mocha test/integration/core/schema-snapshot.test.ts
 * (the writing run is reported as pending, not passed) and review the fixture diff with the migration.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Migrator, NO_MIGRATIONS, sql, type Kysely } from 'kysely';
import { databaseTargets } from '../../helpers/databases.js';
import { dumpSchema, type SchemaDump } from '../../helpers/schema-dump.js';
import { migrateToLatest, type Store } from '../../../bot/store/db.js';
import { migrationProvider } from '../../../bot/store/migrations/index.js';

const fixtureDir = path.resolve(import.meta.dirname, '../../fixtures/schema');
const writing = process.env.SCHEMA_SNAPSHOT_WRITE === '1';

/** Each probe differs from the base table in one attribute the snapshot must notice. */
const PROBE_BASE = {
  columns: `id text primary key, a text not null default '', b integer, parent text references probe(id) on delete cascade`,
  uniques: `constraint probe_ab_uq unique (a, b)`,
  index: `create index probe_a_idx on probe (a, b)`,
};
const PROBE_VARIANTS: Record<string, typeof PROBE_BASE> = {
  'a column becomes nullable': { ...PROBE_BASE, columns: PROBE_BASE.columns.replace('a text not null', 'a text') },
  'a default changes': { ...PROBE_BASE, columns: PROBE_BASE.columns.replace(`default ''`, `default 'x'`) },
  'a type changes': { ...PROBE_BASE, columns: PROBE_BASE.columns.replace('b integer', 'b text') },
  'columns change order': {
    ...PROBE_BASE,
    columns: `id text primary key, b integer, a text not null default '', parent text references probe(id) on delete cascade`,
  },
  'a foreign key action changes': { ...PROBE_BASE, columns: PROBE_BASE.columns.replace('on delete cascade', 'on delete set null') },
  'a unique constraint changes columns': { ...PROBE_BASE, uniques: `constraint probe_ab_uq unique (b, a)` },
  'a unique constraint is renamed': { ...PROBE_BASE, uniques: `constraint probe_ba_uq unique (a, b)` },
  'an index changes column order': { ...PROBE_BASE, index: `create index probe_a_idx on probe (b, a)` },
  'an index becomes unique': { ...PROBE_BASE, index: `create unique index probe_a_idx on probe (a, b)` },
  'an index becomes partial': { ...PROBE_BASE, index: `create index probe_a_idx on probe (a, b) where b = 1` },
  'the primary key moves': {
    ...PROBE_BASE,
    columns: `id text not null, a text not null default '' primary key, b integer, parent text references probe(a) on delete cascade`,
  },
};

async function probeDump(store: Store, probe: typeof PROBE_BASE): Promise<SchemaDump['tables'][string] | undefined> {
  const db = store.db as unknown as Kysely<unknown>;
  await sql.raw('drop table if exists probe').execute(db);
  await sql.raw(`create table probe (${probe.columns}, ${probe.uniques})`).execute(db);
  await sql.raw(probe.index).execute(db);
  const table = (await dumpSchema(store)).tables.probe;
  await sql.raw('drop table probe').execute(db);
  return table;
}

for (const target of databaseTargets()) {
  describe(`schema snapshot: the migrations build exactly the recorded schema [${target.name}]`, function () {
    let store: Store | undefined;
    beforeEach(async () => {
      store = await target.open();
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it(`a fresh database migrates to test/fixtures/schema/${target.name}.json`, async function () {
      const dump = await dumpSchema(store!);
      const fixture = path.join(fixtureDir, `${target.name}.json`);
      if (writing) {
        fs.mkdirSync(fixtureDir, { recursive: true });
        fs.writeFileSync(fixture, `${JSON.stringify(dump, null, 2)}\n`);
        this.skip();
      }
      const expected = JSON.parse(fs.readFileSync(fixture, 'utf8')) as SchemaDump;
      assert.deepEqual(dump.migrations, expected.migrations, 'migration names are recorded by Kysely and must never change');
      assert.deepEqual(Object.keys(dump.tables), Object.keys(expected.tables), 'the same tables');
      for (const table of Object.keys(expected.tables)) {
        assert.deepEqual(dump.tables[table], expected.tables[table], `table ${table}`);
      }
    });

    it('undoing every migration leaves no table, and migrating again rebuilds the recorded schema', async () => {
      const s = store!;
      const migrator = new Migrator({ db: s.db, provider: migrationProvider, ...(s.schema ? { migrationTableSchema: s.schema } : {}) });
      const { error, results } = await migrator.migrateTo(NO_MIGRATIONS);
      assert.equal(error, undefined);
      const all = Object.keys(await migrationProvider.getMigrations());
      assert.deepEqual(
        results?.filter((r) => r.direction === 'Down' && r.status === 'Success').map((r) => r.migrationName),
        all.reverse(),
        'every migration went down',
      );
      assert.deepEqual((await dumpSchema(s)).tables, {}, 'no table is left behind');
      await migrateToLatest(s.db, s.schema);
      const expected = JSON.parse(fs.readFileSync(path.join(fixtureDir, `${target.name}.json`), 'utf8')) as SchemaDump;
      assert.deepEqual(await dumpSchema(s), expected);
    });

    it('the dump notices a change in any column, key, constraint or index attribute', async () => {
      const base = await probeDump(store!, PROBE_BASE);
      assert.ok(base && base.columns.length === 4 && base.indexes.length > 0, 'the probe table is dumped');
      assert.deepEqual(await probeDump(store!, PROBE_BASE), base, 'the same DDL dumps the same');
      for (const [change, probe] of Object.entries(PROBE_VARIANTS)) {
        assert.notDeepEqual(await probeDump(store!, probe), base, `the dump misses that ${change}`);
      }
    });
  });
}
