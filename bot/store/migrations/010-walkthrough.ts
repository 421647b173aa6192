import type { Kysely } from 'kysely';

/**
 * What the walk through every role (issue 15) needed from storage: the reason a ticket was closed
 * without an answer (shown to the asker), the asker's own ticket list, the language feedback was
 * written in, and the Teams profile (name, e-mail) of people who talk to the bot, shown to OPH only
 * for feedback whose submitter allowed contact.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('guidance_tickets').addColumn('close_reason', 'text').execute();
  await db.schema
    .createIndex('guidance_tickets_asker_idx')
    .on('guidance_tickets')
    .columns(['asker_tenant_id', 'asker_object_id', 'created_at'])
    .execute();
  await db.schema.alterTable('feedback_items').addColumn('lang', 'text').execute();
  await db.schema
    .createTable('user_profiles')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_profiles_pk', ['tenant_id', 'object_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_profiles').execute();
  await db.schema.alterTable('feedback_items').dropColumn('lang').execute();
  await db.schema.dropIndex('guidance_tickets_asker_idx').execute();
  await db.schema.alterTable('guidance_tickets').dropColumn('close_reason').execute();
}
