import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Insertable } from 'kysely';
import type { Database } from './schema.js';
import type { Store } from './db.js';
import type { AnnouncementsTable, AnnouncementOutboxTable, AnnouncementAuditTable } from './tables/announcements.js';

export type AnnouncementRow = Selectable<AnnouncementsTable>;
export type NewAnnouncementRow = Insertable<AnnouncementsTable>;
export type OutboxRow = Selectable<AnnouncementOutboxTable>;
export type NewOutboxRow = Omit<Insertable<AnnouncementOutboxTable>, 'state' | 'attempts' | 'possible_duplicate' | 'updated_at'>;
export type AuditRow = Selectable<AnnouncementAuditTable>;
export interface AckRow {
  announcementId: string;
  tenantId: string;
  objectId: string;
  displayName: string;
  institutionId: string | null;
  revision: number;
  ackedAt: string;
}

type Db = Kysely<Database>;
const INSERT_CHUNK = 200;

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Storage of the announcements capability. Every outbox state change is a single conditional
 * statement keyed by the worker's lease, so several app instances (PostgreSQL) or a restarted
 * process (either database) can never both act on one row.
 */
export function createAnnouncementsRepository(store: Pick<Store, 'db' | 'dialect'>) {
  const base = createQueries(store.db, store.dialect);
  return {
    ...base,
    /**
     * Runs `work` in one transaction. Callers write first (a conditional UPDATE) so SQLite takes its
     * write lock at once; a busy database (another process mid-write) is retried a few times.
     */
    async transaction<T>(work: (tx: AnnouncementQueries) => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await store.db.transaction().execute((trx) => work(createQueries(trx, store.dialect)));
        } catch (error) {
          if (!isSqliteBusy(error) || attempt >= 5) throw error;
          await pause(20 * 2 ** attempt);
        }
      }
    },
  };
}

function createQueries(db: Db, dialect: Store['dialect']) {
  const repository = {
    dialect,

    // ---- announcements ----------------------------------------------------------------------
    async insert(row: NewAnnouncementRow): Promise<void> {
      await db.insertInto('announcements').values(row).execute();
    },
    async get(id: string): Promise<AnnouncementRow | undefined> {
      return db.selectFrom('announcements').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async getByFormId(formId: string): Promise<AnnouncementRow | undefined> {
      return db.selectFrom('announcements').selectAll().where('form_id', '=', formId).executeTakeFirst();
    },
    async list(options: { statuses?: string[]; limit?: number } = {}): Promise<AnnouncementRow[]> {
      let query = db.selectFrom('announcements').selectAll();
      if (options.statuses?.length) query = query.where('status', 'in', options.statuses);
      return query
        .orderBy('updated_at', 'desc')
        .limit(options.limit ?? 200)
        .execute();
    },
    /** Applies `patch` only if the row still has `expectedVersion`; bumps the version. */
    async updateIfVersion(
      id: string,
      expectedVersion: number,
      patch: Partial<Omit<AnnouncementsTable, 'id' | 'version'>>,
    ): Promise<boolean> {
      const result = await db
        .updateTable('announcements')
        .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async dueScheduled(nowIso: string): Promise<Array<{ id: string; version: number }>> {
      return db
        .selectFrom('announcements')
        .select(['id', 'version'])
        .where('status', '=', 'scheduled')
        .where('scheduled_at', '<=', nowIso)
        .orderBy('scheduled_at')
        .limit(20)
        .execute();
    },

    // ---- audit and idempotency keys ---------------------------------------------------------
    async audit(entry: Omit<AnnouncementAuditTable, 'id'>): Promise<void> {
      await db
        .insertInto('announcement_audit')
        .values({ id: randomUUID(), ...entry })
        .execute();
    },
    async auditTrail(announcementId: string): Promise<AuditRow[]> {
      return db
        .selectFrom('announcement_audit')
        .selectAll()
        .where('announcement_id', '=', announcementId)
        .orderBy('at')
        .orderBy('version')
        .execute();
    },
    /** True the first time a key is seen; false for a repeat (the action was already processed). */
    async claimActionKey(key: string, announcementId: string, action: string, nowIso: string): Promise<boolean> {
      const result = await db
        .insertInto('announcement_action_keys')
        .values({ key, announcement_id: announcementId, action, created_at: nowIso })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    // ---- outbox: enqueue and administration -------------------------------------------------
    /** Inserts rows; a row whose idempotency key exists is left as it is. Returns how many were new. */
    async enqueue(rows: NewOutboxRow[], nowIso: string): Promise<number> {
      let inserted = 0;
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const chunk = rows
          .slice(i, i + INSERT_CHUNK)
          .map((row) => ({ ...row, state: 'pending', attempts: 0, possible_duplicate: 0, updated_at: nowIso }));
        const result = await db
          .insertInto('announcement_outbox')
          .values(chunk)
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      return inserted;
    },
    async getRow(id: string): Promise<OutboxRow | undefined> {
      return db.selectFrom('announcement_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async rowsFor(announcementId: string, ops?: string[]): Promise<OutboxRow[]> {
      let query = db.selectFrom('announcement_outbox').selectAll().where('announcement_id', '=', announcementId);
      if (ops?.length) query = query.where('op', 'in', ops);
      return query.orderBy('created_at').orderBy('id').execute();
    },
    /** Cancels rows not yet handed to a worker (retract before delivery). */
    async cancelPending(announcementId: string, ops: string[], nowIso: string): Promise<number> {
      const result = await db
        .updateTable('announcement_outbox')
        .set({ state: 'cancelled', updated_at: nowIso, lease_owner: null, lease_until: null })
        .where('announcement_id', '=', announcementId)
        .where('op', 'in', ops)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    /** Retry a retraction: deletes the connector refused go back to the queue (deletes are idempotent). */
    async resetFailedDeletes(announcementId: string, nowIso: string): Promise<number> {
      const result = await db
        .updateTable('announcement_outbox')
        .set({ state: 'pending', attempts: 0, next_attempt_at: nowIso, updated_at: nowIso })
        .where('announcement_id', '=', announcementId)
        .where('op', '=', 'delete')
        .where('state', 'in', ['failed', 'dead', 'unconfirmed'])
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    /** "Resend to failed only": failed, dead and unconfirmed posts go back to the queue. */
    async resetFailedPosts(announcementId: string, nowIso: string): Promise<number> {
      const result = await db
        .updateTable('announcement_outbox')
        .set((eb) => ({
          state: 'pending',
          attempts: 0,
          next_attempt_at: nowIso,
          updated_at: nowIso,
          // Re-sending an unconfirmed post may show it twice; the report counts that honestly.
          possible_duplicate: eb.case().when('state', '=', 'unconfirmed').then(1).else(eb.ref('possible_duplicate')).end(),
        }))
        .where('announcement_id', '=', announcementId)
        .where('op', '=', 'post')
        .where('state', 'in', ['failed', 'dead', 'unconfirmed'])
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    // ---- outbox: worker side ----------------------------------------------------------------
    /**
     * Leases up to `limit` due rows for `workerId`. PostgreSQL: `FOR UPDATE SKIP LOCKED`, so
     * concurrent workers take disjoint rows; SQLite: one conditional UPDATE (SQLite serialises
     * writers). A conversation another worker holds a live lease in is skipped, so one conversation's
     * operations stay with one worker (its pacing and ordering are per process).
     */
    async claim(workerId: string, nowIso: string, leaseUntilIso: string, limit: number): Promise<OutboxRow[]> {
      let due = db
        .selectFrom('announcement_outbox as o')
        .select('o.id')
        .where('o.state', '=', 'pending')
        .where('o.next_attempt_at', '<=', nowIso)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('announcement_outbox as b')
                .select('b.id')
                .whereRef('b.conversation_id', '=', 'o.conversation_id')
                .where('b.state', 'in', ['leased', 'sending'])
                .where('b.lease_owner', '<>', workerId)
                .where('b.lease_until', '>', nowIso),
            ),
          ),
        )
        .orderBy('o.next_attempt_at')
        .orderBy('o.priority')
        .orderBy('o.created_at')
        .orderBy('o.id')
        .limit(limit);
      if (dialect === 'postgres') {
        // A materialised CTE: PostgreSQL would otherwise run a locking IN-subquery once per outer
        // row, and LIMIT would not bound the claim.
        due = due.forUpdate('o').skipLocked();
        const result = await sql<OutboxRow>`
          WITH due AS MATERIALIZED (${due})
          UPDATE announcement_outbox AS t
          SET state = 'leased', lease_owner = ${workerId}, lease_until = ${leaseUntilIso}, updated_at = ${nowIso}
          FROM due WHERE t.id = due.id AND t.state = 'pending'
          RETURNING t.*`.execute(db);
        return result.rows;
      }
      return db
        .updateTable('announcement_outbox')
        .set({ state: 'leased', lease_owner: workerId, lease_until: leaseUntilIso, updated_at: nowIso })
        .where('id', 'in', due)
        .where('state', '=', 'pending')
        .returningAll()
        .execute();
    },
    /** Extends the leases of rows this worker still holds. */
    async renewLeases(workerId: string, ids: string[], leaseUntilIso: string): Promise<void> {
      for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
        await db
          .updateTable('announcement_outbox')
          .set({ lease_until: leaseUntilIso })
          .where('id', 'in', ids.slice(i, i + INSERT_CHUNK))
          .where('lease_owner', '=', workerId)
          .where('state', 'in', ['leased', 'sending'])
          .execute();
      }
    },
    /**
     * Records "the request is about to leave": after this, a crash leaves the row `sending`, and the
     * reclaim treats it as possibly delivered. Counts the attempt.
     */
    async markSending(id: string, workerId: string, nowIso: string, leaseUntilIso: string, requirePublished: boolean): Promise<boolean> {
      let query = db
        .updateTable('announcement_outbox')
        .set((eb) => ({ state: 'sending', lease_until: leaseUntilIso, updated_at: nowIso, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('lease_owner', '=', workerId)
        .where('state', '=', 'leased');
      // Posts, updates and notices of a retracted announcement must not go out, even if leased before the retract.
      if (requirePublished) {
        query = query.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('announcements')
              .select('announcements.id')
              .whereRef('announcements.id', '=', 'announcement_outbox.announcement_id')
              .where('announcements.status', '=', 'published'),
          ),
        );
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** The target now shows `revision` (an update was delivered); never moves backwards. */
    async raiseShownRevision(postId: string, revision: number): Promise<void> {
      await db
        .updateTable('announcement_outbox')
        .set({ shown_revision: revision })
        .where('id', '=', postId)
        .where((eb) => eb.or([eb('shown_revision', 'is', null), eb('shown_revision', '<', revision)]))
        .execute();
    },
    /** Success. Also accepted when a reclaim had meanwhile marked the row unconfirmed: we know better now. */
    async markSent(
      id: string,
      workerId: string,
      nowIso: string,
      result: {
        activityId: string | null;
        threadId: string | null;
        shownRevision: number | null;
        status: number;
        deliveredRevision?: number;
      },
    ): Promise<boolean> {
      const update = await db
        .updateTable('announcement_outbox')
        .set({
          ...(result.deliveredRevision !== undefined ? { revision: result.deliveredRevision } : {}),
          state: 'sent',
          activity_id: result.activityId,
          thread_id: result.threadId,
          shown_revision: result.shownRevision,
          last_status: result.status,
          last_error: null,
          sent_at: nowIso,
          updated_at: nowIso,
          lease_owner: null,
          lease_until: null,
        })
        .where('id', '=', id)
        .where((eb) => eb.or([eb.and([eb('lease_owner', '=', workerId), eb('state', '=', 'sending')]), eb('state', '=', 'unconfirmed')]))
        .executeTakeFirst();
      return Number(update.numUpdatedRows) === 1;
    },
    /** Ends a row this worker holds (`sending` or `leased`) in a final or waiting state. */
    async finish(
      id: string,
      workerId: string,
      nowIso: string,
      outcome: {
        state: 'pending' | 'failed' | 'dead' | 'skipped' | 'cancelled';
        nextAttemptAt?: string;
        lastStatus?: number | null;
        lastError?: string | null;
        /** Hand back a counted attempt (the request never reached the service). */
        refundAttempt?: boolean;
        possibleDuplicate?: boolean;
      },
    ): Promise<boolean> {
      const result = await db
        .updateTable('announcement_outbox')
        .set((eb) => ({
          state: outcome.state,
          next_attempt_at: outcome.nextAttemptAt ?? nowIso,
          updated_at: nowIso,
          lease_owner: null,
          lease_until: null,
          ...(outcome.lastStatus !== undefined ? { last_status: outcome.lastStatus } : {}),
          ...(outcome.lastError !== undefined ? { last_error: outcome.lastError } : {}),
          ...(outcome.refundAttempt ? { attempts: eb('attempts', '-', 1) } : {}),
          ...(outcome.possibleDuplicate ? { possible_duplicate: 1 } : {}),
        }))
        .where('id', '=', id)
        .where('lease_owner', '=', workerId)
        .where('state', 'in', ['leased', 'sending'])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** On a graceful stop: rows leased but not yet sent go back to the queue at once. */
    async releaseLeases(workerId: string, nowIso: string): Promise<number> {
      const result = await db
        .updateTable('announcement_outbox')
        .set({ state: 'pending', lease_owner: null, lease_until: null, updated_at: nowIso })
        .where('lease_owner', '=', workerId)
        .where('state', '=', 'leased')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    /**
     * Rows whose worker died. `leased` rows never left the process: back to pending. `sending` rows
     * may have been delivered: posts and replies (not idempotent) become `unconfirmed` — not resent
     * automatically, so a crash never double-posts — while updates and deletes (idempotent) retry.
     */
    async reclaimExpired(nowIso: string): Promise<{ requeued: number; unconfirmed: number }> {
      const requeue = await db
        .updateTable('announcement_outbox')
        .set({ state: 'pending', lease_owner: null, lease_until: null, updated_at: nowIso })
        .where('lease_until', '<=', nowIso)
        .where((eb) => eb.or([eb('state', '=', 'leased'), eb.and([eb('state', '=', 'sending'), eb('op', 'in', ['update', 'delete'])])]))
        .executeTakeFirst();
      const unconfirm = await db
        .updateTable('announcement_outbox')
        .set({ state: 'unconfirmed', lease_owner: null, lease_until: null, updated_at: nowIso, last_error: 'interrupted' })
        .where('lease_until', '<=', nowIso)
        .where('state', '=', 'sending')
        .where('op', 'in', ['post', 'reply'])
        .executeTakeFirst();
      return { requeued: Number(requeue.numUpdatedRows), unconfirmed: Number(unconfirm.numUpdatedRows) };
    },
    /** Send times per conversation since `sinceIso`, so a new worker starts with the conversation windows already used. */
    async recentSends(conversationIds: string[], sinceIso: string): Promise<Array<{ conversation_id: string; sent_at: string }>> {
      if (!conversationIds.length) return [];
      const out: Array<{ conversation_id: string; sent_at: string }> = [];
      for (let i = 0; i < conversationIds.length; i += INSERT_CHUNK) {
        const rows = await db
          .selectFrom('announcement_outbox')
          .select(['conversation_id', 'sent_at'])
          .where('conversation_id', 'in', conversationIds.slice(i, i + INSERT_CHUNK))
          .where('sent_at', '>', sinceIso)
          .execute();
        for (const row of rows) if (row.sent_at) out.push({ conversation_id: row.conversation_id, sent_at: row.sent_at });
      }
      return out;
    },
    async openRowCount(): Promise<number> {
      const row = await db
        .selectFrom('announcement_outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', 'in', ['pending', 'leased', 'sending'])
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    /** Earliest due time of a pending row, so an idle worker knows how long it may sleep. */
    async nextDueAt(): Promise<string | null> {
      const row = await db
        .selectFrom('announcement_outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('next'))
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return (row?.next as string | null | undefined) ?? null;
    },

    // ---- acknowledgements -------------------------------------------------------------------
    async ack(entry: AckRow & { conversationId: string | null }): Promise<{ first: boolean; ackedAt: string }> {
      const result = await db
        .insertInto('announcement_acks')
        .values({
          announcement_id: entry.announcementId,
          tenant_id: entry.tenantId,
          object_id: entry.objectId,
          display_name: entry.displayName,
          institution_id: entry.institutionId,
          conversation_id: entry.conversationId,
          revision: entry.revision,
          acked_at: entry.ackedAt,
        })
        .onConflict((oc) => oc.columns(['announcement_id', 'tenant_id', 'object_id']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return { first: true, ackedAt: entry.ackedAt };
      const existing = await repository.getAck(entry.announcementId, entry.tenantId, entry.objectId);
      return { first: false, ackedAt: existing?.ackedAt ?? entry.ackedAt };
    },
    async getAck(announcementId: string, tenantId: string, objectId: string): Promise<AckRow | undefined> {
      const row = await db
        .selectFrom('announcement_acks')
        .selectAll()
        .where('announcement_id', '=', announcementId)
        .where('tenant_id', '=', tenantId)
        .where('object_id', '=', objectId)
        .executeTakeFirst();
      return row ? toAck(row) : undefined;
    },
    async acks(announcementId: string): Promise<AckRow[]> {
      const rows = await db
        .selectFrom('announcement_acks')
        .selectAll()
        .where('announcement_id', '=', announcementId)
        .orderBy('acked_at')
        .execute();
      return rows.map(toAck);
    },
    async ackCounts(ids: string[]): Promise<Map<string, number>> {
      if (!ids.length) return new Map();
      const rows = await db
        .selectFrom('announcement_acks')
        .select(['announcement_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('announcement_id', 'in', ids)
        .groupBy('announcement_id')
        .execute();
      return new Map(rows.map((r) => [r.announcement_id, Number(r.n)]));
    },
    async postStateCounts(
      ids: string[],
      op: 'post' | 'delete' = 'post',
    ): Promise<Array<{ announcement_id: string; state: string; n: number }>> {
      if (!ids.length) return [];
      const rows = await db
        .selectFrom('announcement_outbox')
        .select(['announcement_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
        .where('announcement_id', 'in', ids)
        .where('op', '=', op)
        .groupBy(['announcement_id', 'state'])
        .execute();
      return rows.map((r) => ({ announcement_id: r.announcement_id, state: r.state, n: Number(r.n) }));
    },

    // ---- worker registry (app-wide pacing is shared by the live workers) --------------------
    async heartbeat(workerId: string, nowIso: string): Promise<void> {
      await db
        .insertInto('announcement_workers')
        .values({ worker_id: workerId, heartbeat_at: nowIso, started_at: nowIso })
        .onConflict((oc) => oc.column('worker_id').doUpdateSet({ heartbeat_at: nowIso }))
        .execute();
    },
    async liveWorkerCount(sinceIso: string): Promise<number> {
      const row = await db
        .selectFrom('announcement_workers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('heartbeat_at', '>', sinceIso)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    /** Registry rows of workers that died without a graceful stop. */
    async pruneWorkers(beforeIso: string): Promise<void> {
      await db.deleteFrom('announcement_workers').where('heartbeat_at', '<', beforeIso).execute();
    },
    async removeWorker(workerId: string): Promise<void> {
      await db.deleteFrom('announcement_workers').where('worker_id', '=', workerId).execute();
    },
  };
  return repository;
}

function toAck(row: {
  announcement_id: string;
  tenant_id: string;
  object_id: string;
  display_name: string;
  institution_id: string | null;
  revision: number;
  acked_at: string;
}): AckRow {
  return {
    announcementId: row.announcement_id,
    tenantId: row.tenant_id,
    objectId: row.object_id,
    displayName: row.display_name,
    institutionId: row.institution_id,
    revision: Number(row.revision),
    ackedAt: row.acked_at,
  };
}

export type AnnouncementQueries = ReturnType<typeof createQueries>;
export type AnnouncementsRepository = ReturnType<typeof createAnnouncementsRepository>;
