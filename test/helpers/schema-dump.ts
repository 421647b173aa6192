/**
 * A normalised dump of what the migrations built, for the schema snapshot test: the applied migration
 * names, and per table its columns in order (type as declared, nullability, default), primary key,
 * unique and foreign-key constraints, and indexes (name, columns, uniqueness, partial predicate).
 * SQLite is read from sqlite_master and its pragmas, PostgreSQL from information_schema and the catalog.
 * Kysely's own bookkeeping tables are left out (only the migration names they record are kept).
 */
import { sql, type Kysely } from 'kysely';
import type { Store } from '../../bot/store/db.js';

export interface ColumnDump {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  /** SQLite: position in the primary key (0 = not part of it). PostgreSQL keeps keys in `constraints`. */
  primaryKeyPosition?: number;
}

export interface IndexDump {
  name: string;
  columns: string[];
  unique: boolean;
  /** SQLite: how the index came to be (c = CREATE INDEX, u = UNIQUE constraint, pk = primary key). */
  origin?: string;
  where?: string;
  /** PostgreSQL: the index definition as the server prints it. */
  definition?: string;
}

export interface TableDump {
  columns: ColumnDump[];
  /** Named and unnamed table constraints as the database keeps them (kind, name when kept, definition). */
  constraints: string[];
  foreignKeys: string[];
  indexes: IndexDump[];
}

export interface SchemaDump {
  migrations: string[];
  tables: Record<string, TableDump>;
}

const KYSELY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

export async function dumpSchema(store: Store): Promise<SchemaDump> {
  const db = store.db as unknown as Kysely<unknown>;
  return store.dialect === 'sqlite' ? dumpSqlite(db) : dumpPostgres(db);
}

async function rows<T>(db: Kysely<unknown>, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

async function migrationNames(db: Kysely<unknown>): Promise<string[]> {
  return (await rows(db, sql<{ name: string }>`select name from kysely_migration order by name`)).map((r) => r.name);
}

async function dumpSqlite(db: Kysely<unknown>): Promise<SchemaDump> {
  const tables = await rows(
    db,
    sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
  );
  const result: SchemaDump = { migrations: await migrationNames(db), tables: {} };
  for (const table of tables.filter((t) => !KYSELY_TABLES.has(t.name))) {
    const columns = await rows(
      db,
      sql<{
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
      }>`select name, type, "notnull", dflt_value, pk from pragma_table_info(${table.name}) order by cid`,
    );
    const foreignKeys = await rows(
      db,
      sql<{
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string;
        on_update: string;
        on_delete: string;
      }>`select id, seq, "table", "from", "to", on_update, on_delete from pragma_foreign_key_list(${table.name}) order by id, seq`,
    );
    const indexList = await rows(
      db,
      sql<{
        name: string;
        unique: number;
        origin: string;
        partial: number;
      }>`select name, "unique", origin, partial from pragma_index_list(${table.name}) order by name`,
    );
    const indexes: IndexDump[] = [];
    for (const index of indexList) {
      const indexColumns = await rows(db, sql<{ name: string }>`select name from pragma_index_info(${index.name}) order by seqno`);
      const entry: IndexDump = {
        name: index.name,
        columns: indexColumns.map((c) => c.name),
        unique: index.unique === 1,
        origin: index.origin,
      };
      if (index.partial === 1) {
        const [created] = await rows(db, sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and name = ${index.name}`);
        entry.where = normaliseSpace(created?.sql.replace(/^.*?\swhere\s/is, '') ?? '');
      }
      indexes.push(entry);
    }
    result.tables[table.name] = {
      columns: columns.map((c) => ({
        name: c.name,
        type: c.type,
        notNull: c.notnull === 1,
        default: c.dflt_value,
        primaryKeyPosition: c.pk,
      })),
      // SQLite keeps constraint names only in the CREATE TABLE text.
      constraints: [...table.sql.matchAll(/constraint\s+"?(\w+)"?\s+(primary key|unique|check)\s*\(([^)]*)\)/gi)].map(
        (m) => `${m[2]!.toLowerCase()} ${m[1]} (${m[3]!.replace(/["\s]/g, '')})`,
      ),
      foreignKeys: groupForeignKeys(foreignKeys),
      indexes,
    };
  }
  return result;
}

function groupForeignKeys(
  parts: { id: number; table: string; from: string; to: string; on_update: string; on_delete: string }[],
): string[] {
  const byId = new Map<number, typeof parts>();
  for (const part of parts) byId.set(part.id, [...(byId.get(part.id) ?? []), part]);
  return [...byId.values()]
    .map(
      (p) =>
        `(${p.map((x) => x.from).join(',')}) references ${p[0]!.table}(${p.map((x) => x.to).join(',')}) on update ${p[0]!.on_update} on delete ${p[0]!.on_delete}`,
    )
    .sort();
}

async function dumpPostgres(db: Kysely<unknown>): Promise<SchemaDump> {
  const [{ schema } = { schema: '' }] = await rows(db, sql<{ schema: string }>`select current_schema() as schema`);
  const unqualify = (text: string) => text.split(`${schema}.`).join('');
  const tables = await rows(
    db,
    sql<{
      name: string;
    }>`select table_name as name from information_schema.tables where table_schema = ${schema} and table_type = 'BASE TABLE' order by table_name`,
  );
  const result: SchemaDump = { migrations: await migrationNames(db), tables: {} };
  for (const { name } of tables.filter((t) => !KYSELY_TABLES.has(t.name))) {
    const columns = await rows(
      db,
      sql<{ name: string; type: string; nullable: string; default: string | null }>`
      select column_name as name, data_type as type, is_nullable as nullable, column_default as "default"
      from information_schema.columns where table_schema = ${schema} and table_name = ${name} order by ordinal_position`,
    );
    const constraints = await rows(
      db,
      sql<{ name: string; kind: string; definition: string }>`
      select c.conname as name, c.contype as kind, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = ${schema} and t.relname = ${name} order by c.conname`,
    );
    const indexes = await rows(
      db,
      sql<{ name: string; definition: string; unique: boolean; columns: string[]; where: string | null }>`
      select i.indexname as name, i.indexdef as definition, x.indisunique as "unique",
        array(select a.attname from unnest(x.indkey) with ordinality k(attnum, position)
              join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum order by k.position)::text[] as columns,
        pg_get_expr(x.indpred, x.indrelid) as "where"
      from pg_indexes i join pg_class ic on ic.relname = i.indexname join pg_namespace n on n.oid = ic.relnamespace and n.nspname = i.schemaname
        join pg_index x on x.indexrelid = ic.oid
      where i.schemaname = ${schema} and i.tablename = ${name} order by i.indexname`,
    );
    result.tables[name] = {
      columns: columns.map((c) => ({ name: c.name, type: c.type, notNull: c.nullable === 'NO', default: c.default })),
      constraints: constraints.filter((c) => c.kind !== 'f').map((c) => `${c.kind} ${c.name} ${unqualify(c.definition)}`),
      foreignKeys: constraints.filter((c) => c.kind === 'f').map((c) => `${c.name} ${unqualify(c.definition)}`),
      indexes: indexes.map((i) => ({
        name: i.name,
        columns: i.columns,
        unique: i.unique,
        ...(i.where ? { where: i.where } : {}),
        definition: unqualify(i.definition),
      })),
    };
  }
  return result;
}

function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
