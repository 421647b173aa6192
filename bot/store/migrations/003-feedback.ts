import type { Kysely } from 'kysely';

/** Feedback and development proposals: items, per-year reference counters, votes, comments, history. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feedback_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('ref_year', 'integer', (c) => c.notNull())
    .addColumn('ref_seq', 'integer', (c) => c.notNull())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('institution_id', 'text', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('contact_ok', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitter_tenant_id', 'text', (c) => c.notNull())
    .addColumn('submitter_object_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('duplicate_of', 'text', (c) => c.references('feedback_items.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('feedback_items_ref_seq_uq', ['ref_year', 'ref_seq'])
    // One item per form per submitter: a re-sent submit (Teams retries, double clicks) is a no-op.
    .addUniqueConstraint('feedback_items_form_uq', ['submitter_tenant_id', 'submitter_object_id', 'form_id'])
    .execute();
  await db.schema.createIndex('feedback_items_status_idx').on('feedback_items').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('feedback_items_duplicate_idx').on('feedback_items').column('duplicate_of').execute();

  await db.schema
    .createTable('feedback_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('feedback_votes')
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_votes_pk', ['item_id', 'tenant_id', 'object_id'])
    .execute();

  await db.schema
    .createTable('feedback_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('author_tenant_id', 'text', (c) => c.notNull())
    .addColumn('author_object_id', 'text', (c) => c.notNull())
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('author_institution_id', 'text', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('feedback_comments_request_uq', ['author_tenant_id', 'author_object_id', 'request_id'])
    .execute();
  await db.schema.createIndex('feedback_comments_item_idx').on('feedback_comments').columns(['item_id', 'created_at']).execute();

  await db.schema
    .createTable('feedback_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('feedback_items.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_version', 'integer', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('related_item_id', 'text')
    .addColumn('actor_tenant_id', 'text', (c) => c.notNull())
    .addColumn('actor_object_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text')
    .addColumn('notified', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // NULL action ids (creation events) never collide: both databases treat NULLs as distinct.
    .addUniqueConstraint('feedback_events_action_uq', ['actor_tenant_id', 'actor_object_id', 'action_id'])
    .execute();
  await db.schema.createIndex('feedback_events_item_idx').on('feedback_events').columns(['item_id', 'item_version']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feedback_events').execute();
  await db.schema.dropTable('feedback_comments').execute();
  await db.schema.dropTable('feedback_votes').execute();
  await db.schema.dropTable('feedback_counters').execute();
  await db.schema.dropTable('feedback_items').execute();
}
