import type { Kysely } from 'kysely';

/**
 * A-PRIV-4 (issue 12): the look-up audit keeps a keyed hash of the identifier (HMAC-SHA-256 with a
 * server-side key) instead of a partly masked one (birth date and century sign, an OID prefix). The
 * old masked values cannot be turned into hashes and are dropped with their column. The key lives in
 * LOOKUP_AUDIT_SECRET, or is generated once into lookup_audit_key (shared by every instance).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lookup_audit').addColumn('identifier_hash', 'text').execute();
  await db.schema.alterTable('lookup_audit').dropColumn('identifier_masked').execute();
  await db.schema
    .createTable('lookup_audit_key')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lookup_audit_key').execute();
  await db.schema.alterTable('lookup_audit').addColumn('identifier_masked', 'text').execute();
  await db.schema.alterTable('lookup_audit').dropColumn('identifier_hash').execute();
}
