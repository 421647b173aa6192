/**
 * Migrations declared as JSON specs (bot/store/migrations/migration-spec.ts): a malformed spec stops
 * start-up with the migration's name instead of running half of it; the DDL a spec stands for is the
 * DDL Kysely writes for the builder calls it replaces (compiled here, without a database).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { migrationFromSpec } from '../../../bot/store/migrations/migration-spec.js';
import { migrationProvider } from '../../../bot/store/migrations/index.js';

const migrationsDir = path.resolve(import.meta.dirname, '../../../bot/store/migrations');

/** A Kysely that records the SQL it is asked to run on an in-memory SQLite database. */
function recordingDb(): { db: Kysely<unknown>; statements: string[] } {
  const statements: string[] = [];
  const db = new Kysely<unknown>({
    dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }),
    log: (event) => {
      if (event.level === 'query') statements.push((event.query as CompiledQuery).sql);
    },
  });
  return { db, statements };
}

describe('migration specs', () => {
  it('every JSON file beside the migrations is a valid spec', () => {
    const specs = fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.json'));
    assert.ok(specs.length >= 10);
    for (const file of specs) migrationFromSpec(file, JSON.parse(fs.readFileSync(path.join(migrationsDir, file), 'utf8')));
  });

  it('every spec is listed under its file name, so none is left out of the run', async () => {
    const names = Object.keys(await migrationProvider.getMigrations());
    const files = fs
      .readdirSync(migrationsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    for (const file of files) assert.ok(names.includes(file), `${file}.json is not listed in migrations/index.ts`);
  });

  it('refuses a malformed spec, naming the migration and the fault', () => {
    const table = { createTable: 'things', columns: [['id', 'text', 'primary key']] };
    const cases: [string, unknown, RegExp][] = [
      ['no comment', { steps: [table] }, /comment/],
      ['an unknown modifier', { comment: 'c', steps: [{ ...table, columns: [['id', 'text', 'primary-key']] }] }, /steps/],
      ['a type outside the portable ones', { comment: 'c', steps: [{ ...table, columns: [['id', 'varchar']] }] }, /steps/],
      ['a quoted or upper-case name', { comment: 'c', steps: [{ ...table, createTable: 'Things' }] }, /steps/],
      [
        'a reference without its column',
        { comment: 'c', steps: [{ ...table, columns: [['x', 'text', { references: 'institutions' }]] }] },
        /steps/,
      ],
      ['an unknown key', { comment: 'c', steps: [{ ...table, ifNotExists: true }] }, /steps/],
      ['a dropped column without its definition', { comment: 'c', steps: [{ alterTable: 'things', dropColumn: 'x' }] }, /steps/],
    ];
    migrationFromSpec('099-fine', { comment: 'c', steps: [table] }); // each case below is this one with one fault
    for (const [fault, spec, message] of cases) {
      assert.throws(
        () => migrationFromSpec('099-broken', spec),
        (e: Error) => e.message.startsWith('migration 099-broken is not a valid spec') && message.test(e.message),
        fault,
      );
    }
  });

  it('runs its steps as the Kysely builder calls they stand for, and undoes them in reverse', async () => {
    const { db, statements } = recordingDb();
    const migration = migrationFromSpec('099-example', {
      comment: 'an example',
      steps: [
        { createTable: 'parents', columns: [['id', 'text', 'primary key']] },
        {
          createTable: 'things',
          columns: [
            ['id', 'text', 'primary key'],
            ['parent_id', 'text', 'not null', { references: 'parents.id', onDelete: 'cascade' }, { comment: 'why' }],
            ['name', 'text', 'not null', { default: '' }],
            ['count', 'integer', { default: 0 }, 'not null'],
          ],
          unique: [{ name: 'things_name_uq', columns: ['parent_id', 'name'] }],
        },
        { createIndex: 'things_open_idx', on: 'things', columns: ['parent_id'], unique: true, where: { column: 'name', equals: 'open' } },
        { alterTable: 'things', addColumn: ['note', 'text'] },
        { alterTable: 'things', dropColumn: ['count', 'integer', 'not null', { default: 0 }] },
      ],
    });
    await migration.up(db);
    const expected = [
      db.schema.createTable('parents').addColumn('id', 'text', (c) => c.primaryKey()),
      db.schema
        .createTable('things')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('parent_id', 'text', (c) => c.notNull().references('parents.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('things_name_uq', ['parent_id', 'name']),
    ].map((q) => q.compile().sql);
    assert.deepEqual(statements.slice(0, 2), expected);
    assert.match(statements[2]!, /^create unique index "things_open_idx" on "things" \("parent_id"\) where "name" = 'open'$/);
    assert.deepEqual(statements.slice(3), ['alter table "things" add column "note" text', 'alter table "things" drop column "count"']);

    statements.length = 0;
    await migration.down!(db);
    assert.deepEqual(statements, [
      'alter table "things" add column "count" integer default 0 not null',
      'alter table "things" drop column "note"',
      'drop index "things_open_idx"',
      'drop table "things"',
      'drop table "parents"',
    ]);
    await db.destroy();
  });
});
