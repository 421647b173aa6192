import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import { LruCache } from '../lru-cache.js';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations/index.js';

export type Dialect = 'sqlite' | 'postgres';

/** The database handle every repository takes. `dialect` lets the few dialect-specific queries choose. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL schema the store lives in, when not the default. */
  schema?: string | undefined;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL connection string; when absent the embedded SQLite file is used. */
  databaseUrl?: string | undefined;
  /** Folder for the SQLite file; ':memory:' for an in-memory database. */
  dataDir?: string;
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  pgSchema?: string;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? await openPostgres(options.databaseUrl, options.pgSchema) : openSqlite(options.dataDir ?? './data');
  await migrateToLatest(store.db, store.schema);
  return store;
}

function openSqlite(dataDir: string): Store {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    fs.mkdirSync(dataDir, { recursive: true });
    file = path.join(dataDir, 'oppijanumero-teams.sqlite');
  }
  const sqlite = new BetterSqlite3(file);
  // WAL lets the tab's reads run beside the outbox worker's writes; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

const MAX_CACHED_STATEMENTS = 256;

/**
 * Kysely's SQLite driver prepares every query anew; compiling the SQL was a visible share of a message
 * turn. The same SQL text reuses its prepared statement (SQLite re-prepares it by itself after a schema
 * change). A statement still busy with an unfinished iteration (a streamed query) is never handed out
 * twice: that caller gets a fresh one.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, maxStatements = MAX_CACHED_STATEMENTS): SqliteDatabase {
  const statements = new LruCache<string, BetterSqlite3.Statement>(maxStatements);
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const fresh = sqlite.prepare(sql);
      statements.set(sql, fresh);
      return fresh;
    },
  };
}

async function openPostgres(connectionString: string, schema?: string): Promise<Store> {
  // Loaded only here: a deployment on the embedded SQLite file never loads the PostgreSQL driver
  // (its modules stay out of every instance's memory and start-up).
  const { default: pg } = await import('pg');
  if (schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('invalid schema name');
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', schema, close: () => db.destroy() };
}

export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<void> {
  // Kysely looks for its bookkeeping tables across schemas; pin them to ours so test schemas stay apart.
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}`, { cause: error });
  }
}

/** ISO-8601 UTC timestamps as text: portable across both dialects and sortable. */
export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}
