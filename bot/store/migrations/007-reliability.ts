import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The primary key makes "claim this delivery" one atomic insert on both SQLite and PostgreSQL.
  await db.schema
    .createTable('processed_activities')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  // Expiry deletes by age.
  await db.schema.createIndex('processed_activities_received_idx').on('processed_activities').column('received_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('processed_activities').execute();
}
