/**
 * What several repositories need alike: the person key every row is stored under, the unique-index
 * check their idempotency guards rely on, and the per-year reference counter (KE-2026-0001,
 * KY-2026-0001). One copy here instead of one per repository.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/** A person as the app identifies them: Entra tenant + object id, never a name or e-mail. */
export interface PersonKey {
  tenantId: string;
  objectId: string;
}

export function samePerson(a: PersonKey, b: PersonKey): boolean {
  return a.tenantId === b.tenantId && a.objectId === b.objectId;
}

/** A unique or primary-key violation on either database (idempotency and counter guards rely on it). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    (typeof e?.message === 'string' && /UNIQUE constraint failed/.test(e.message))
  );
}

/** Tables holding one `(year, last_seq)` counter row per year. */
export type YearCounterTable = 'feedback_counters' | 'guidance_ticket_counters';

/** Next number of `year` in `table`, inside the caller's transaction so a rollback leaves no gap. */
export async function nextYearSeq(trx: Transaction<Database>, table: YearCounterTable, year: number): Promise<number> {
  // One atomic upsert: PostgreSQL row-locks the counter until commit; SQLite has a single writer.
  const row = await trx
    .insertInto(table)
    .values({ year, last_seq: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_seq: sql<number>`${sql.ref(`${table}.last_seq`)} + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

/** A reference such as `KE-2026-0042`: prefix, year and a four-digit (or longer) sequence number. */
export function formatYearRef(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(4, '0')}`;
}
