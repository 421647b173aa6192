import type { Kysely } from 'kysely';

/** Guidance escalation: unanswered questions, answer votes, expert tickets and knowledge-base drafts. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('guidance_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('question_norm', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The gap report filters by time and groups by the normalised text.
  await db.schema.createIndex('guidance_questions_created_idx').on('guidance_questions').column('created_at').execute();
  await db.schema.createIndex('guidance_questions_norm_idx').on('guidance_questions').column('question_norm').execute();

  await db.schema
    .createTable('guidance_votes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('vote_key', 'text', (c) => c.notNull())
    .addColumn('vote', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('question_norm', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // One vote per person per card: a second click replaces the first (upsert on this key).
    .addUniqueConstraint('guidance_votes_user_key_uq', ['tenant_id', 'object_id', 'vote_key'])
    .execute();
  await db.schema.createIndex('guidance_votes_vote_idx').on('guidance_votes').columns(['vote', 'updated_at']).execute();

  await db.schema
    .createTable('guidance_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('ref_year', 'integer', (c) => c.notNull())
    .addColumn('ref_seq', 'integer', (c) => c.notNull())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('asker_tenant_id', 'text', (c) => c.notNull())
    .addColumn('asker_object_id', 'text', (c) => c.notNull())
    .addColumn('asker_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('asker_institution_id', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text')
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('conversation_kind', 'text', (c) => c.notNull())
    .addColumn('thread_root_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('assignee_tenant_id', 'text')
    .addColumn('assignee_object_id', 'text')
    .addColumn('assignee_name', 'text')
    .addColumn('assigned_at', 'text')
    .addColumn('answer', 'text')
    .addColumn('answered_by_tenant_id', 'text')
    .addColumn('answered_by_object_id', 'text')
    .addColumn('answered_by_name', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('closed_by_name', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('expert_post_state', 'text', (c) => c.notNull())
    .addColumn('expert_conversation_id', 'text')
    .addColumn('expert_activity_id', 'text')
    .addColumn('delivery', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('guidance_tickets_ref_seq_uq', ['ref_year', 'ref_seq'])
    // A double-submitted confirm card creates one ticket.
    .addUniqueConstraint('guidance_tickets_form_uq', ['asker_tenant_id', 'asker_object_id', 'form_id'])
    .execute();
  await db.schema.createIndex('guidance_tickets_state_idx').on('guidance_tickets').columns(['state', 'created_at']).execute();

  await db.schema
    .createTable('guidance_ticket_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('guidance_kb_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().unique().references('guidance_tickets.id').onDelete('cascade'))
    .addColumn('ticket_ref', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text')
    .addColumn('created_by_tenant_id', 'text', (c) => c.notNull())
    .addColumn('created_by_object_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('guidance_kb_drafts').execute();
  await db.schema.dropTable('guidance_ticket_counters').execute();
  await db.schema.dropTable('guidance_tickets').execute();
  await db.schema.dropTable('guidance_votes').execute();
  await db.schema.dropTable('guidance_questions').execute();
}
