import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('onboarding_status')
    .addColumn('institution_id', 'text', (c) => c.primaryKey().references('institutions.id').onDelete('cascade'))
    .addColumn('route', 'text')
    .addColumn('vendor', 'text')
    .addColumn('system_name', 'text')
    .addColumn('test_account_requested', 'text')
    .addColumn('test_account_received', 'text')
    .addColumn('joining_notification_submitted', 'text')
    .addColumn('joining_notification_processed', 'text')
    .addColumn('go_live_date', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('onboarding_steps')
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('date', 'text')
    .addColumn('responsible', 'text')
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('onboarding_steps_pk', ['institution_id', 'step'])
    .execute();

  // Append-only audit trail; read newest first per institution.
  await db.schema
    .createTable('onboarding_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'text', (c) => c.notNull().references('institutions.id').onDelete('cascade'))
    .addColumn('change_set', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('actor_tenant_id', 'text', (c) => c.notNull())
    .addColumn('actor_object_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .execute();
  await db.schema
    .createIndex('onboarding_history_institution_idx')
    .on('onboarding_history')
    .columns(['institution_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('onboarding_history').execute();
  await db.schema.dropTable('onboarding_steps').execute();
  await db.schema.dropTable('onboarding_status').execute();
}
