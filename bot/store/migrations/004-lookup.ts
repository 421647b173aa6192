import type { Kysely } from 'kysely';

/** The look-up audit trail (no look-up inputs or results are stored, A-PRIV-4). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lookup_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('identifier_masked', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  // One look-up per form and user: a redelivered invoke (Teams retries slow ones) is not run twice.
  await db.schema.createIndex('lookup_audit_form_uq').on('lookup_audit').columns(['tenant_id', 'object_id', 'form_id']).unique().execute();
  await db.schema.createIndex('lookup_audit_user_idx').on('lookup_audit').columns(['tenant_id', 'object_id', 'created_at']).execute();
  await db.schema.createIndex('lookup_audit_created_idx').on('lookup_audit').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lookup_audit').execute();
}
