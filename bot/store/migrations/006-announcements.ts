/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the typed Database */
import type { Kysely } from 'kysely';

/** Announcements: content + approval state, audit trail, delivery outbox, acknowledgements, idempotency keys. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('announcements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('form_id', 'text', (c) => c.unique())
    .addColumn('duplicated_from', 'text')
    .addColumn('title_fi', 'text', (c) => c.notNull())
    .addColumn('title_sv', 'text')
    .addColumn('title_en', 'text')
    .addColumn('body_fi', 'text', (c) => c.notNull())
    .addColumn('body_sv', 'text')
    .addColumn('body_en', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('effective_date', 'text')
    .addColumn('interfaces', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text')
    .addColumn('revision_kind', 'text')
    .addColumn('revision_note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('last_edited_by', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('revised_at', 'text')
    .addColumn('retracted_at', 'text')
    .execute();
  await db.schema.createIndex('announcements_status_idx').on('announcements').columns(['status', 'scheduled_at']).execute();

  await db.schema
    .createTable('announcement_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('announcement_id', 'text', (c) => c.notNull().references('announcements.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('announcement_audit_ann_idx').on('announcement_audit').columns(['announcement_id', 'at']).execute();

  await db.schema
    .createTable('announcement_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('announcement_id', 'text', (c) => c.notNull().references('announcements.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('team_name', 'text')
    .addColumn('channel_name', 'text')
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('ref_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('activity_id', 'text')
    .addColumn('thread_id', 'text')
    .addColumn('shown_revision', 'integer')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('possible_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  // The claim scans due rows in order; reports and dependency checks go by announcement and target.
  await db.schema.createIndex('announcement_outbox_due_idx').on('announcement_outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('announcement_outbox_ann_idx').on('announcement_outbox').columns(['announcement_id', 'op', 'state']).execute();
  await db.schema.createIndex('announcement_outbox_conv_idx').on('announcement_outbox').columns(['conversation_id', 'state']).execute();
  await db.schema.createIndex('announcement_outbox_ref_idx').on('announcement_outbox').column('ref_id').execute();

  await db.schema
    .createTable('announcement_acks')
    .addColumn('announcement_id', 'text', (c) => c.notNull().references('announcements.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text')
    .addColumn('conversation_id', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('acked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('announcement_acks_pk', ['announcement_id', 'tenant_id', 'object_id'])
    .execute();

  await db.schema
    .createTable('announcement_action_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('announcement_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('announcement_workers')
    .addColumn('worker_id', 'text', (c) => c.primaryKey())
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['announcement_workers', 'announcement_action_keys', 'announcement_acks', 'announcement_outbox', 'announcement_audit', 'announcements']) {
    await db.schema.dropTable(table).execute();
  }
}
