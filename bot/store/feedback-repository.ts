import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder, type Transaction } from 'kysely';
import type { Store } from './db.js';
import type { Database } from './schema.js';
import { formatYearRef, isUniqueViolation, nextYearSeq, type PersonKey } from './repository-helpers.js';

/**
 * Storage of feedback items, their votes, comments and history. Domain rules (who may do what, which
 * transitions exist) live in bot/features/feedback; this module guarantees the data-level promises:
 * one item per form, gap-free per-year references, one vote per person, one effect per admin action,
 * and no lost update between concurrent status changes (version column).
 */

export type { PersonKey };

export interface InstitutionNames {
  fi: string;
  sv: string;
  en: string;
}

export interface FeedbackItem {
  id: string;
  ref: string;
  formId: string;
  type: string;
  topic: string;
  title: string;
  description: string;
  impact: string;
  institutionId: string | null;
  institutionNames: InstitutionNames | null;
  contactOk: boolean;
  submitter: PersonKey;
  /** Language the submitter wrote in (null for items from before it was recorded). */
  lang: string | null;
  status: string;
  statusReason: string | null;
  duplicateOfId: string | null;
  duplicateOfRef: string | null;
  version: number;
  votes: number;
  /** Whether the viewer passed to the query has voted; false when no viewer was given. */
  votedByViewer: boolean;
  commentCount: number;
  createdAt: string;
  updatedAt: string;
}

/** What a submit stores: the item's own fields; reference, counts and timestamps come from the database. */
export interface NewFeedbackItem extends Pick<
  FeedbackItem,
  'formId' | 'type' | 'topic' | 'title' | 'description' | 'impact' | 'institutionId' | 'contactOk' | 'submitter' | 'status'
> {
  year: number;
  lang?: string | null;
  now: string;
}

export interface FeedbackComment {
  id: string;
  itemId: string;
  author: PersonKey;
  authorKind: string;
  authorInstitutionNames: InstitutionNames | null;
  body: string;
  createdAt: string;
}

export interface FeedbackEvent {
  id: string;
  itemId: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  relatedItemId: string | null;
  relatedItemRef: string | null;
  actor: PersonKey;
  notified: boolean | null;
  createdAt: string;
}

export type ListSort = 'votes' | 'recent';

export interface ListQuery {
  types?: readonly string[] | undefined;
  topics?: readonly string[] | undefined;
  statuses?: readonly string[] | undefined;
  /** Only items this person submitted. */
  submittedBy?: PersonKey | undefined;
  /**
   * Who may see what: `all` for triage staff; otherwise items of the public types plus the viewer's own.
   */
  visibility: { all: true } | { publicTypes: readonly string[]; viewer: PersonKey };
  viewer?: PersonKey | undefined;
  sort: ListSort;
  limit: number;
  offset: number;
}

/** What every admin decision on an item carries: who, which click, and the version and status they saw. */
export interface AdminDecision {
  expectedVersion: number;
  fromStatus: string;
  actor: PersonKey;
  actionId: string;
  now: string;
}

export interface StatusChange extends AdminDecision {
  itemId: string;
  toStatus: string;
  reason: string | null;
}

export interface MergeRequest extends AdminDecision {
  sourceId: string;
  targetId: string;
}

export type ChangeOutcome = { outcome: 'changed'; eventId: string } | { outcome: 'stale' } | { outcome: 'duplicate-action' };
export type MergeOutcome =
  { outcome: 'merged'; eventId: string; votesCarried: number } | { outcome: 'stale' } | { outcome: 'duplicate-action' };

export interface ExportRow {
  item: FeedbackItem;
  events: FeedbackEvent[];
}

class StaleVersion extends Error {}

export function formatRef(year: number, seq: number): string {
  return formatYearRef('KE', year, seq);
}

type Db = Store['db'] | Transaction<Database>;
type ItemsEb = ExpressionBuilder<Database & { i: Database['feedback_items'] }, 'i'>;

export function createFeedbackRepository(store: Store) {
  const { db } = store;

  function itemQuery(executor: Db, viewer?: PersonKey) {
    return executor
      .selectFrom('feedback_items as i')
      .leftJoin('institutions as inst', 'inst.id', 'i.institution_id')
      .leftJoin('feedback_items as dup', 'dup.id', 'i.duplicate_of')
      .selectAll('i')
      .select(['inst.name_fi', 'inst.name_sv', 'inst.name_en', 'dup.ref as duplicate_of_ref'])
      .select((eb: ItemsEb) => [
        eb.selectFrom('feedback_votes as v').select(eb.fn.countAll().as('n')).whereRef('v.item_id', '=', 'i.id').as('votes'),
        eb.selectFrom('feedback_comments as c').select(eb.fn.countAll().as('n')).whereRef('c.item_id', '=', 'i.id').as('comment_count'),
        eb
          .selectFrom('feedback_votes as mv')
          .select(eb.fn.countAll().as('n'))
          .whereRef('mv.item_id', '=', 'i.id')
          .where('mv.tenant_id', '=', viewer?.tenantId ?? '')
          .where('mv.object_id', '=', viewer?.objectId ?? '')
          .as('viewer_votes'),
      ]);
  }
  type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>['executeTakeFirstOrThrow']>>;

  const toItem = (r: ItemRow): FeedbackItem => ({
    id: r.id,
    ref: r.ref,
    formId: r.form_id,
    type: r.type,
    topic: r.topic,
    title: r.title,
    description: r.description,
    impact: r.impact,
    institutionId: r.institution_id,
    institutionNames: r.name_fi != null ? { fi: r.name_fi, sv: r.name_sv ?? r.name_fi, en: r.name_en ?? r.name_fi } : null,
    contactOk: r.contact_ok === 1,
    lang: r.lang ?? null,
    submitter: { tenantId: r.submitter_tenant_id, objectId: r.submitter_object_id },
    status: r.status,
    statusReason: r.status_reason,
    duplicateOfId: r.duplicate_of,
    duplicateOfRef: r.duplicate_of_ref ?? null,
    version: Number(r.version),
    // PostgreSQL returns count(*) as a bigint string.
    votes: Number(r.votes ?? 0),
    votedByViewer: Number(r.viewer_votes ?? 0) > 0,
    commentCount: Number(r.comment_count ?? 0),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

  async function findBy(column: 'i.id' | 'i.ref', value: string, viewer?: PersonKey, executor: Db = db): Promise<FeedbackItem | undefined> {
    const row = await itemQuery(executor, viewer).where(column, '=', value).executeTakeFirst();
    return row ? toItem(row) : undefined;
  }

  async function findByForm(submitter: PersonKey, formId: string, executor: Db = db): Promise<FeedbackItem | undefined> {
    const row = await itemQuery(executor, submitter)
      .where('i.submitter_tenant_id', '=', submitter.tenantId)
      .where('i.submitter_object_id', '=', submitter.objectId)
      .where('i.form_id', '=', formId)
      .executeTakeFirst();
    return row ? toItem(row) : undefined;
  }

  function applyFilters<Q extends { where: (...args: never[]) => Q }>(query: Q, q: ListQuery): Q {
    // Typed loosely here because the same filters apply to the list and the count query.
    let out = query as unknown as ReturnType<typeof itemQuery>;
    if (q.types?.length) out = out.where('i.type', 'in', [...q.types]);
    if (q.topics?.length) out = out.where('i.topic', 'in', [...q.topics]);
    if (q.statuses?.length) out = out.where('i.status', 'in', [...q.statuses]);
    if (q.submittedBy) {
      out = out.where('i.submitter_tenant_id', '=', q.submittedBy.tenantId).where('i.submitter_object_id', '=', q.submittedBy.objectId);
    }
    if (!('all' in q.visibility)) {
      const { publicTypes, viewer } = q.visibility;
      out = out.where((eb) =>
        eb.or([
          ...(publicTypes.length ? [eb('i.type', 'in', [...publicTypes])] : []),
          eb.and([eb('i.submitter_tenant_id', '=', viewer.tenantId), eb('i.submitter_object_id', '=', viewer.objectId)]),
        ]),
      );
    }
    return out as unknown as Q;
  }

  async function eventsOf(itemIds: string[], executor: Db = db): Promise<FeedbackEvent[]> {
    if (!itemIds.length) return [];
    const rows = await executor
      .selectFrom('feedback_events as e')
      .leftJoin('feedback_items as r', 'r.id', 'e.related_item_id')
      .selectAll('e')
      .select('r.ref as related_ref')
      .where('e.item_id', 'in', itemIds)
      .orderBy('e.item_id')
      .orderBy('e.item_version')
      .orderBy('e.created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      itemId: r.item_id,
      kind: r.kind,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      reason: r.reason,
      relatedItemId: r.related_item_id,
      relatedItemRef: r.related_ref ?? null,
      actor: { tenantId: r.actor_tenant_id, objectId: r.actor_object_id },
      notified: r.notified == null ? null : Number(r.notified) === 1,
      createdAt: r.created_at,
    }));
  }

  return {
    findById: (id: string, viewer?: PersonKey) => findBy('i.id', id, viewer),
    findByRef: (ref: string, viewer?: PersonKey) => findBy('i.ref', ref, viewer),
    findByForm: (submitter: PersonKey, formId: string) => findByForm(submitter, formId),

    /**
     * Creates the item with the next reference of its year, or returns the item the same submitter
     * already created from the same form (`created: false`).
     */
    async create(input: NewFeedbackItem): Promise<{ item: FeedbackItem; created: boolean }> {
      const existing = await findByForm(input.submitter, input.formId);
      if (existing) return { item: existing, created: false };
      const id = randomUUID();
      try {
        await db.transaction().execute(async (trx) => {
          const seq = await nextYearSeq(trx, 'feedback_counters', input.year);
          await trx
            .insertInto('feedback_items')
            .values({
              id,
              ref: formatRef(input.year, seq),
              ref_year: input.year,
              ref_seq: seq,
              form_id: input.formId,
              type: input.type,
              topic: input.topic,
              title: input.title,
              description: input.description,
              impact: input.impact,
              institution_id: input.institutionId,
              contact_ok: input.contactOk ? 1 : 0,
              lang: input.lang ?? null,
              submitter_tenant_id: input.submitter.tenantId,
              submitter_object_id: input.submitter.objectId,
              status: input.status,
              status_reason: null,
              duplicate_of: null,
              version: 1,
              created_at: input.now,
              updated_at: input.now,
            })
            .execute();
          await trx
            .insertInto('feedback_events')
            .values({
              id: randomUUID(),
              item_id: id,
              kind: 'created',
              item_version: 1,
              from_status: null,
              to_status: input.status,
              reason: null,
              related_item_id: null,
              actor_tenant_id: input.submitter.tenantId,
              actor_object_id: input.submitter.objectId,
              action_id: null,
              notified: null,
              created_at: input.now,
            })
            .execute();
        });
      } catch (error) {
        // A concurrent submit of the same form won the race: answer with its item.
        if (!isUniqueViolation(error)) throw error;
        const winner = await findByForm(input.submitter, input.formId);
        if (!winner) throw error;
        return { item: winner, created: false };
      }
      const item = await findBy('i.id', id, input.submitter);
      if (!item) throw new Error('created feedback item vanished');
      return { item, created: true };
    },

    async list(q: ListQuery): Promise<{ items: FeedbackItem[]; total: number }> {
      let query = applyFilters(itemQuery(db, q.viewer), q);
      query = q.sort === 'votes' ? query.orderBy('votes', 'desc') : query;
      const rows = await query
        .orderBy('i.created_at', 'desc')
        .orderBy('i.ref_year', 'desc')
        .orderBy('i.ref_seq', 'desc')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      const countQuery = applyFilters(
        db.selectFrom('feedback_items as i').select((eb) => eb.fn.countAll().as('n')),
        q,
      );
      const count = await countQuery.executeTakeFirstOrThrow();
      return { items: rows.map(toItem), total: Number(count.n) };
    },

    /**
     * Adds a vote if the item is in one of `openStatuses`. The no-op UPDATE takes the item's row lock, so
     * a vote cannot slip in between a merge copying the votes away and closing the item.
     */
    async vote(itemId: string, voter: PersonKey, now: string, openStatuses: readonly string[]): Promise<'added' | 'already' | 'closed'> {
      return db.transaction().execute(async (trx) => {
        const locked = await trx
          .updateTable('feedback_items')
          .set((eb) => ({ version: eb.ref('version') }))
          .where('id', '=', itemId)
          .where('status', 'in', [...openStatuses])
          .executeTakeFirst();
        if (Number(locked.numUpdatedRows) === 0) return 'closed';
        const inserted = await trx
          .insertInto('feedback_votes')
          .values({ item_id: itemId, tenant_id: voter.tenantId, object_id: voter.objectId, created_at: now })
          .onConflict((oc) => oc.columns(['item_id', 'tenant_id', 'object_id']).doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? 'added' : 'already';
      });
    },

    async unvote(itemId: string, voter: PersonKey): Promise<boolean> {
      const result = await db
        .deleteFrom('feedback_votes')
        .where('item_id', '=', itemId)
        .where('tenant_id', '=', voter.tenantId)
        .where('object_id', '=', voter.objectId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async voters(itemId: string): Promise<PersonKey[]> {
      const rows = await db
        .selectFrom('feedback_votes')
        .select(['tenant_id', 'object_id'])
        .where('item_id', '=', itemId)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({ tenantId: r.tenant_id, objectId: r.object_id }));
    },

    /** Adds a comment once per (author, request id); a repeat returns the first comment. */
    async addComment(input: {
      itemId: string;
      author: PersonKey;
      authorKind: string;
      authorInstitutionId: string | null;
      body: string;
      requestId: string;
      now: string;
    }): Promise<{ comment: FeedbackComment; created: boolean }> {
      const find = async () => {
        const row = await db
          .selectFrom('feedback_comments')
          .select('id')
          .where('author_tenant_id', '=', input.author.tenantId)
          .where('author_object_id', '=', input.author.objectId)
          .where('request_id', '=', input.requestId)
          .executeTakeFirst();
        return row?.id;
      };
      let id = await find();
      let created = false;
      if (!id) {
        id = randomUUID();
        try {
          await db
            .insertInto('feedback_comments')
            .values({
              id,
              item_id: input.itemId,
              author_tenant_id: input.author.tenantId,
              author_object_id: input.author.objectId,
              author_kind: input.authorKind,
              author_institution_id: input.authorInstitutionId,
              body: input.body,
              request_id: input.requestId,
              created_at: input.now,
            })
            .execute();
          created = true;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          id = await find();
          if (!id) throw error;
        }
      }
      const comments = await this.comments(input.itemId);
      const comment = comments.find((c) => c.id === id);
      if (!comment) throw new Error('comment not found after insert');
      return { comment, created };
    },

    /** Comments oldest first. */
    async comments(itemId: string): Promise<FeedbackComment[]> {
      const rows = await db
        .selectFrom('feedback_comments as c')
        .leftJoin('institutions as inst', 'inst.id', 'c.author_institution_id')
        .selectAll('c')
        .select(['inst.name_fi', 'inst.name_sv', 'inst.name_en'])
        .where('c.item_id', '=', itemId)
        .orderBy('c.created_at')
        .orderBy('c.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        itemId: r.item_id,
        author: { tenantId: r.author_tenant_id, objectId: r.author_object_id },
        authorKind: r.author_kind,
        authorInstitutionNames: r.name_fi != null ? { fi: r.name_fi, sv: r.name_sv ?? r.name_fi, en: r.name_en ?? r.name_fi } : null,
        body: r.body,
        createdAt: r.created_at,
      }));
    },

    events: (itemId: string) => eventsOf([itemId]),

    /** The event an admin action already produced, so a repeated click answers without a second effect. */
    async findEventByAction(actor: PersonKey, actionId: string): Promise<FeedbackEvent | undefined> {
      const row = await db
        .selectFrom('feedback_events')
        .select(['id', 'item_id'])
        .where('actor_tenant_id', '=', actor.tenantId)
        .where('actor_object_id', '=', actor.objectId)
        .where('action_id', '=', actionId)
        .executeTakeFirst();
      if (!row) return undefined;
      return (await eventsOf([row.item_id])).find((e) => e.id === row.id);
    },

    /**
     * Applies one status change, once: the event row's unique (actor, action id) makes a repeated admin
     * action a no-op, and the version check refuses a change decided on a stale read.
     */
    async changeStatus(change: StatusChange): Promise<ChangeOutcome> {
      const eventId = randomUUID();
      return adminAction(async (trx) => {
        await decide(trx, eventId, change, {
          itemId: change.itemId,
          kind: 'status',
          to: change.toStatus,
          reason: change.reason,
          relatedItemId: null,
        });
        return { outcome: 'changed', eventId } as const;
      });
    },

    /**
     * Marks `source` a duplicate of `target`: the votes move to the target (a person who voted for both
     * keeps one vote), items already merged into the source follow it, and both histories record it.
     */
    async merge(request: MergeRequest): Promise<MergeOutcome> {
      const eventId = randomUUID();
      return adminAction(async (trx) => {
        // Deciding on the source first takes its row lock: concurrent votes wait and then see it closed.
        await decide(trx, eventId, request, {
          itemId: request.sourceId,
          kind: 'merged',
          to: 'duplicate',
          reason: null,
          relatedItemId: request.targetId,
          duplicateOf: request.targetId,
        });
        const before = await countVotes(trx, request.targetId);
        await sql`
          INSERT INTO feedback_votes (item_id, tenant_id, object_id, created_at)
          SELECT ${request.targetId}, tenant_id, object_id, created_at FROM feedback_votes WHERE item_id = ${request.sourceId}
          ON CONFLICT (item_id, tenant_id, object_id) DO NOTHING`.execute(trx);
        const votesCarried = (await countVotes(trx, request.targetId)) - before;
        await trx.deleteFrom('feedback_votes').where('item_id', '=', request.sourceId).execute();
        await trx
          .updateTable('feedback_items')
          .set({ duplicate_of: request.targetId, updated_at: request.now })
          .where('duplicate_of', '=', request.sourceId)
          .execute();
        // The target changed too (votes, history): a triage decision read before the merge is now stale.
        const target = await trx
          .updateTable('feedback_items')
          .set((eb) => ({ version: eb('version', '+', 1), updated_at: request.now }))
          .where('id', '=', request.targetId)
          .returning('version')
          .executeTakeFirst();
        if (!target) throw new StaleVersion();
        await insertEvent(trx, {
          id: randomUUID(),
          itemId: request.targetId,
          kind: 'merged_in',
          itemVersion: Number(target.version),
          from: null,
          to: 'duplicate',
          reason: null,
          relatedItemId: request.sourceId,
          actor: request.actor,
          actionId: null,
          now: request.now,
        });
        return { outcome: 'merged', eventId, votesCarried } as const;
      });
    },

    async setEventNotified(eventId: string, notified: boolean): Promise<void> {
      await db
        .updateTable('feedback_events')
        .set({ notified: notified ? 1 : 0 })
        .where('id', '=', eventId)
        .execute();
    },

    async countSubmittedSince(submitter: PersonKey, sinceIso: string): Promise<number> {
      const row = await db
        .selectFrom('feedback_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('submitter_tenant_id', '=', submitter.tenantId)
        .where('submitter_object_id', '=', submitter.objectId)
        .where('created_at', '>=', sinceIso)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async institutionNames(institutionId: string): Promise<InstitutionNames | undefined> {
      const row = await db
        .selectFrom('institutions')
        .select(['name_fi', 'name_sv', 'name_en'])
        .where('id', '=', institutionId)
        .executeTakeFirst();
      return row ? { fi: row.name_fi, sv: row.name_sv, en: row.name_en } : undefined;
    },

    /** Every item with its history, oldest first, for the CSV export. */
    async exportAll(): Promise<ExportRow[]> {
      const rows = await itemQuery(db).orderBy('i.ref_year').orderBy('i.ref_seq').execute();
      const items = rows.map(toItem);
      const events: FeedbackEvent[] = [];
      // Chunked so the IN list stays well within both databases' parameter limits.
      for (let i = 0; i < items.length; i += 500) events.push(...(await eventsOf(items.slice(i, i + 500).map((it) => it.id))));
      const byItem = new Map<string, FeedbackEvent[]>();
      for (const event of events) byItem.set(event.itemId, [...(byItem.get(event.itemId) ?? []), event]);
      return items.map((item) => ({ item, events: byItem.get(item.id) ?? [] }));
    },
  };

  async function countVotes(executor: Db, itemId: string): Promise<number> {
    const row = await executor
      .selectFrom('feedback_votes')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Runs one admin action in a transaction. Its event row's unique (actor, action id) turns a repeated
   * click into 'duplicate-action'; a decision taken on a stale read (StaleVersion) into 'stale'.
   */
  async function adminAction<T>(
    work: (trx: Transaction<Database>) => Promise<T>,
  ): Promise<T | { outcome: 'stale' } | { outcome: 'duplicate-action' }> {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (error instanceof StaleVersion) return { outcome: 'stale' };
      if (isUniqueViolation(error)) return { outcome: 'duplicate-action' };
      throw error;
    }
  }

  /**
   * Records an admin's decision on an item and moves the item to `to`, only from the version and status
   * the admin saw (else StaleVersion, and the transaction undoes the event too).
   */
  async function decide(
    trx: Transaction<Database>,
    eventId: string,
    seen: AdminDecision,
    d: {
      itemId: string;
      kind: string;
      to: string;
      reason: string | null;
      relatedItemId: string | null;
      /** Set when the decision marks the item a duplicate of another. */
      duplicateOf?: string;
    },
  ): Promise<void> {
    const { expectedVersion, fromStatus, actor, actionId, now } = seen;
    await insertEvent(trx, {
      id: eventId,
      itemId: d.itemId,
      kind: d.kind,
      itemVersion: expectedVersion + 1,
      from: fromStatus,
      to: d.to,
      reason: d.reason,
      relatedItemId: d.relatedItemId,
      actor,
      actionId,
      now,
    });
    const result = await trx
      .updateTable('feedback_items')
      .set((eb) => ({
        status: d.to,
        status_reason: d.reason,
        ...(d.duplicateOf === undefined ? {} : { duplicate_of: d.duplicateOf }),
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', d.itemId)
      .where('version', '=', expectedVersion)
      .where('status', '=', fromStatus)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new StaleVersion();
  }

  async function insertEvent(
    executor: Db,
    e: {
      id: string;
      itemId: string;
      kind: string;
      itemVersion: number;
      from: string | null;
      to: string;
      reason: string | null;
      relatedItemId: string | null;
      actor: PersonKey;
      actionId: string | null;
      now: string;
    },
  ): Promise<void> {
    await executor
      .insertInto('feedback_events')
      .values({
        id: e.id,
        item_id: e.itemId,
        kind: e.kind,
        item_version: e.itemVersion,
        from_status: e.from,
        to_status: e.to,
        reason: e.reason,
        related_item_id: e.relatedItemId,
        actor_tenant_id: e.actor.tenantId,
        actor_object_id: e.actor.objectId,
        action_id: e.actionId,
        notified: null,
        created_at: e.now,
      })
      .execute();
  }
}

export type FeedbackRepository = ReturnType<typeof createFeedbackRepository>;
