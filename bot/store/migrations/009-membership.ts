import { sql, type Kysely } from 'kysely';

/** Self-onboarding: the people the app knows, their organisation and role requests, and the decisions' audit trail. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('known_people')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    /** user | guest | … from the Teams roster, when known. */
    .addColumn('user_role', 'text')
    /** roster | bot: how the app first learned of the person. */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('last_activity_at', 'text')
    .addColumn('greeted_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_people_pk', ['tenant_id', 'object_id'])
    .execute();

  await db.schema
    .createTable('membership_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('vendor_name', 'text')
    /** main-user | registry-staff | vendor | other */
    .addColumn('requested_role', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    /** pending | approved | rejected */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_role', 'text')
    .addColumn('decided_institution_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('decided_by_tenant_id', 'text')
    .addColumn('decided_by_object_id', 'text')
    .addColumn('decided_at', 'text')
    /** Where the expert channel card was posted, to update it after a decision. */
    .addColumn('expert_conversation_id', 'text')
    .addColumn('expert_activity_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // At most one open request per person, enforced by the database (two quick clicks, two instances).
  await db.schema
    .createIndex('membership_requests_one_pending')
    .on('membership_requests')
    .columns(['tenant_id', 'object_id'])
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema.createIndex('membership_requests_person_idx').on('membership_requests').columns(['tenant_id', 'object_id', 'created_at']).execute();

  // Append-only: every request and decision, with who made it.
  await db.schema
    .createTable('membership_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    /** requested | approved | rejected | role-set */
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_tenant_id', 'text', (c) => c.notNull())
    .addColumn('subject_object_id', 'text', (c) => c.notNull())
    .addColumn('actor_tenant_id', 'text', (c) => c.notNull())
    .addColumn('actor_object_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('institution_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('membership_audit_request_idx').on('membership_audit').column('request_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('membership_audit').execute();
  await db.schema.dropTable('membership_requests').execute();
  await db.schema.dropTable('known_people').execute();
}
