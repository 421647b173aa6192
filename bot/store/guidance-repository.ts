/**
 * Storage for the escalation half of guidance answers: unanswered questions, "was this helpful?"
 * votes, expert tickets and knowledge-base drafts. Callers hand in text that is already masked and
 * normalised; this layer only guarantees the invariants the database can: one vote per person and
 * card, one ticket per confirm form, gap-free ticket numbers and race-free state transitions.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Store } from './db.js';
import type { Database } from './schema.js';
import { formatYearRef, isUniqueViolation, nextYearSeq, type PersonKey } from './repository-helpers.js';
import type { GuidanceTicketsTable } from './tables/guidance.js';

export type TicketState = 'open' | 'assigned' | 'answered' | 'closed';
export type ExpertPostState = 'pending' | 'posted' | 'failed' | 'none';
export type Delivery = 'thread' | 'chat' | 'personal' | 'failed';
export type VoteValue = 'up' | 'down';

export type { PersonKey };
export interface Actor extends PersonKey {
  name: string;
}

export interface Ticket {
  id: string;
  ref: string;
  formId: string;
  asker: Actor;
  askerInstitutionId: string | null;
  /** Institution names when the asker is mapped to one. */
  institutionNames: { fi: string; sv: string; en: string } | null;
  lang: string;
  question: string;
  articleId: string | null;
  conversationId: string;
  conversationKind: string;
  threadRootId: string | null;
  state: TicketState;
  assignee: Actor | null;
  assignedAt: string | null;
  answer: string | null;
  answeredBy: Actor | null;
  answeredAt: string | null;
  closedByName: string | null;
  closedAt: string | null;
  /** Why it was closed without an answer (told to the asker). */
  closeReason: string | null;
  expertPostState: ExpertPostState;
  expertConversationId: string | null;
  expertActivityId: string | null;
  delivery: Delivery | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What an "Ask OPH" confirm stores: the ticket's own fields; reference, state and timestamps come from the database. */
export interface NewTicket extends Pick<
  Ticket,
  'formId' | 'asker' | 'askerInstitutionId' | 'lang' | 'question' | 'articleId' | 'conversationId' | 'conversationKind' | 'threadRootId'
> {
  now: string;
}

export type TransitionResult = { ok: true; ticket: Ticket } | { ok: false; ticket: Ticket | undefined };

export interface RecordedQuestion extends PersonKey {
  question: string;
  questionNorm: string;
  lang: string;
  band: string;
  articleId: string | null;
  now: string;
}

export interface NewVote extends PersonKey {
  voteKey: string;
  vote: VoteValue;
  articleId: string;
  band: string;
  question: string;
  questionNorm: string;
  lang: string;
  now: string;
}

export interface StoredVote extends PersonKey {
  id: string;
  vote: VoteValue;
  articleId: string;
  band: string;
  question: string;
  lang: string;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface GapGroup {
  questionNorm: string;
  /** The latest wording of the question in the group. */
  question: string;
  count: number;
  firstAt: string;
  lastAt: string;
  langs: string[];
  articleIds: string[];
  /** 👎 comments, newest first (at most five). */
  comments: string[];
}

export interface GapReport {
  unanswered: GapGroup[];
  downvoted: GapGroup[];
}

export interface KbDraft {
  id: string;
  ticketId: string;
  ticketRef: string;
  lang: string;
  question: string;
  answer: string;
  articleId: string | null;
  createdAt: string;
}

/** One row behind a knowledge-gap group (see gapRows in the repository). */
interface GapRow {
  question_norm: string;
  question: string;
  lang: string;
  article_id: string | null;
  at: string;
  comment: string | null;
}

export function formatTicketRef(year: number, seq: number): string {
  return formatYearRef('KY', year, seq);
}

type Db = Store['db'] | Transaction<Database>;

export function createGuidanceRepository(store: Store) {
  const { db } = store;

  const ticketQuery = (executor: Db) =>
    executor
      .selectFrom('guidance_tickets as t')
      .leftJoin('institutions as inst', 'inst.id', 't.asker_institution_id')
      .selectAll('t')
      .select(['inst.name_fi', 'inst.name_sv', 'inst.name_en']);
  type TicketRow = GuidanceTicketsTable & { name_fi: string | null; name_sv: string | null; name_en: string | null };

  const actor = (tenantId: string | null, objectId: string | null, name: string | null): Actor | null =>
    tenantId && objectId ? { tenantId, objectId, name: name ?? '' } : null;

  const toTicket = (r: TicketRow): Ticket => ({
    id: r.id,
    ref: r.ref,
    formId: r.form_id,
    asker: { tenantId: r.asker_tenant_id, objectId: r.asker_object_id, name: r.asker_name },
    askerInstitutionId: r.asker_institution_id,
    institutionNames: r.name_fi != null ? { fi: r.name_fi, sv: r.name_sv ?? r.name_fi, en: r.name_en ?? r.name_fi } : null,
    lang: r.lang,
    question: r.question,
    articleId: r.article_id,
    conversationId: r.conversation_id,
    conversationKind: r.conversation_kind,
    threadRootId: r.thread_root_id,
    state: r.state as TicketState,
    assignee: actor(r.assignee_tenant_id, r.assignee_object_id, r.assignee_name),
    assignedAt: r.assigned_at,
    answer: r.answer,
    answeredBy: actor(r.answered_by_tenant_id, r.answered_by_object_id, r.answered_by_name),
    answeredAt: r.answered_at,
    closedByName: r.closed_by_name,
    closedAt: r.closed_at,
    closeReason: r.close_reason ?? null,
    expertPostState: r.expert_post_state as ExpertPostState,
    expertConversationId: r.expert_conversation_id,
    expertActivityId: r.expert_activity_id,
    delivery: r.delivery as Delivery | null,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

  async function getTicket(id: string, executor: Db = db): Promise<Ticket | undefined> {
    const row = await ticketQuery(executor).where('t.id', '=', id).executeTakeFirst();
    return row ? toTicket(row) : undefined;
  }

  async function findByForm(asker: PersonKey, formId: string, executor: Db = db): Promise<Ticket | undefined> {
    const row = await ticketQuery(executor)
      .where('t.asker_tenant_id', '=', asker.tenantId)
      .where('t.asker_object_id', '=', asker.objectId)
      .where('t.form_id', '=', formId)
      .executeTakeFirst();
    return row ? toTicket(row) : undefined;
  }

  /**
   * Guarded state change: only from the listed states, only at the version the actor saw, and
   * (optionally) only by the assignee. Exactly one of two concurrent callers gets `ok: true`.
   */
  async function transition(
    id: string,
    guard: { version: number; from: readonly TicketState[]; assignee?: PersonKey },
    to: TicketState,
    set: Partial<Omit<GuidanceTicketsTable, 'id' | 'state' | 'version'>>,
    now: string,
  ): Promise<TransitionResult> {
    if (!guard.from.length) return { ok: false, ticket: await getTicket(id) };
    let query = db
      .updateTable('guidance_tickets')
      .set((eb) => ({ ...set, state: to, version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('version', '=', guard.version)
      .where('state', 'in', [...guard.from]);
    if (guard.assignee) {
      query = query.where('assignee_tenant_id', '=', guard.assignee.tenantId).where('assignee_object_id', '=', guard.assignee.objectId);
    }
    const result = await query.executeTakeFirst();
    const ticket = await getTicket(id);
    return Number(result.numUpdatedRows) === 1 && ticket ? { ok: true, ticket } : { ok: false, ticket };
  }

  /**
   * The rows a gap report groups, with one time column `at`: every question the engine could not answer
   * confidently, or every 👎 vote (a later vote replaces the earlier, so its time is updated_at).
   */
  function gapRows(source: 'questions' | 'downvotes') {
    return source === 'questions'
      ? db
          .selectFrom('guidance_questions')
          .select(['question_norm', 'question', 'lang', 'article_id', 'created_at as at', sql<string | null>`null`.as('comment')])
          .$castTo<GapRow>()
          .as('g')
      : db
          .selectFrom('guidance_votes')
          .select(['question_norm', 'question', 'lang', 'article_id', 'updated_at as at', 'comment'])
          .where('vote', '=', 'down')
          .$castTo<GapRow>()
          .as('g');
  }

  async function groupsOf(source: 'questions' | 'downvotes', since: string, limit: number): Promise<GapGroup[]> {
    // Counting happens in SQL (portable aggregate functions only); details for the chosen groups follow.
    const counted = await db
      .selectFrom(gapRows(source))
      .select((eb) => ['g.question_norm', eb.fn.countAll().as('n'), eb.fn.max('g.at').as('last_at'), eb.fn.min('g.at').as('first_at')])
      .where('g.at', '>=', since)
      .groupBy('g.question_norm')
      .orderBy('last_at', 'desc')
      .orderBy('n', 'desc')
      .limit(limit)
      .execute();
    if (!counted.length) return [];
    const norms = counted.map((c) => c.question_norm);
    const details = await db
      .selectFrom(gapRows(source))
      .selectAll()
      .where('g.question_norm', 'in', norms)
      .where('g.at', '>=', since)
      .orderBy('g.at', 'desc')
      .execute();
    const byNorm = new Map<string, typeof details>();
    for (const d of details) {
      const list = byNorm.get(d.question_norm) ?? [];
      list.push(d);
      byNorm.set(d.question_norm, list);
    }
    return counted.map((c) => {
      const rows = byNorm.get(c.question_norm) ?? [];
      return {
        questionNorm: c.question_norm,
        question: rows[0]?.question ?? c.question_norm,
        // PostgreSQL returns count(*) as a bigint string.
        count: Number(c.n),
        firstAt: String(c.first_at),
        lastAt: String(c.last_at),
        langs: [...new Set(rows.map((r) => r.lang))].sort(),
        articleIds: [...new Set(rows.map((r) => r.article_id).filter((a): a is string => !!a))].sort(),
        comments: rows
          .map((r) => r.comment)
          .filter((x): x is string => !!x)
          .slice(0, 5),
      };
    });
  }

  /** Stores several unanswered questions in one statement (one commit); ids in the same order. */
  async function recordQuestions(qs: RecordedQuestion[]): Promise<string[]> {
    if (qs.length === 0) return [];
    const ids = qs.map(() => randomUUID());
    await db
      .insertInto('guidance_questions')
      .values(
        qs.map((q, i) => ({
          id: ids[i]!,
          tenant_id: q.tenantId,
          object_id: q.objectId,
          question: q.question,
          question_norm: q.questionNorm,
          lang: q.lang,
          band: q.band,
          article_id: q.articleId,
          created_at: q.now,
        })),
      )
      .execute();
    return ids;
  }

  return {
    /** Stores one unanswered (unknown/suggest band) question. */
    async recordQuestion(q: RecordedQuestion): Promise<string> {
      const [id] = await recordQuestions([q]);
      return id!;
    },

    recordQuestions,

    /**
     * Stores a vote; a second vote by the same person on the same key replaces the first (and drops
     * the old comment if the direction changed). Returns the vote id and the previous direction.
     */
    async upsertVote(v: NewVote): Promise<{ id: string; previous: VoteValue | null }> {
      const before = await db
        .selectFrom('guidance_votes')
        .select('vote')
        .where('tenant_id', '=', v.tenantId)
        .where('object_id', '=', v.objectId)
        .where('vote_key', '=', v.voteKey)
        .executeTakeFirst();
      const row = await db
        .insertInto('guidance_votes')
        .values({
          id: randomUUID(),
          tenant_id: v.tenantId,
          object_id: v.objectId,
          vote_key: v.voteKey,
          vote: v.vote,
          article_id: v.articleId,
          band: v.band,
          question: v.question,
          question_norm: v.questionNorm,
          lang: v.lang,
          comment: null,
          created_at: v.now,
          updated_at: v.now,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'object_id', 'vote_key']).doUpdateSet({
            comment: sql<string | null>`case when guidance_votes.vote = ${v.vote} then guidance_votes.comment else null end`,
            vote: v.vote,
            band: v.band,
            question: v.question,
            question_norm: v.questionNorm,
            lang: v.lang,
            updated_at: v.now,
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, previous: (before?.vote as VoteValue | undefined) ?? null };
    },

    async findVote(id: string): Promise<StoredVote | undefined> {
      const r = await db.selectFrom('guidance_votes').selectAll().where('id', '=', id).executeTakeFirst();
      return r
        ? {
            id: r.id,
            tenantId: r.tenant_id,
            objectId: r.object_id,
            vote: r.vote as VoteValue,
            articleId: r.article_id,
            band: r.band,
            question: r.question,
            lang: r.lang,
            comment: r.comment,
            createdAt: r.created_at,
            updatedAt: r.updated_at,
          }
        : undefined;
    },

    /** Sets the comment of the caller's own vote; false when no such vote belongs to them. */
    async setVoteComment(voteId: string, owner: PersonKey, comment: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable('guidance_votes')
        .set({ comment, updated_at: now })
        .where('id', '=', voteId)
        .where('tenant_id', '=', owner.tenantId)
        .where('object_id', '=', owner.objectId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Creates a ticket once per (asker, formId); a repeat returns the existing one with `created: false`. */
    async createTicket(t: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
      const year = Number(t.now.slice(0, 4));
      try {
        return await db.transaction().execute(async (trx) => {
          const existing = await findByForm(t.asker, t.formId, trx);
          if (existing) return { ticket: existing, created: false };
          const seq = await nextYearSeq(trx, 'guidance_ticket_counters', year);
          const id = randomUUID();
          await trx
            .insertInto('guidance_tickets')
            .values({
              id,
              ref: formatTicketRef(year, seq),
              ref_year: year,
              ref_seq: seq,
              form_id: t.formId,
              asker_tenant_id: t.asker.tenantId,
              asker_object_id: t.asker.objectId,
              asker_name: t.asker.name,
              asker_institution_id: t.askerInstitutionId,
              lang: t.lang,
              question: t.question,
              article_id: t.articleId,
              conversation_id: t.conversationId,
              conversation_kind: t.conversationKind,
              thread_root_id: t.threadRootId,
              state: 'open',
              assignee_tenant_id: null,
              assignee_object_id: null,
              assignee_name: null,
              assigned_at: null,
              answer: null,
              answered_by_tenant_id: null,
              answered_by_object_id: null,
              answered_by_name: null,
              answered_at: null,
              closed_by_name: null,
              closed_at: null,
              expert_post_state: 'pending',
              expert_conversation_id: null,
              expert_activity_id: null,
              delivery: null,
              version: 1,
              created_at: t.now,
              updated_at: t.now,
            })
            .execute();
          const ticket = await getTicket(id, trx);
          if (!ticket) throw new Error('ticket vanished inside its own transaction');
          return { ticket, created: true };
        });
      } catch (error) {
        // A concurrent double submit lost the race on the (asker, form) key: the winner's ticket stands.
        if (!isUniqueViolation(error)) throw error;
        const existing = await findByForm(t.asker, t.formId);
        if (!existing) throw error;
        return { ticket: existing, created: false };
      }
    },

    getTicket: (id: string) => getTicket(id),

    async getTicketByRef(ref: string): Promise<Ticket | undefined> {
      const row = await ticketQuery(db).where('t.ref', '=', ref).executeTakeFirst();
      return row ? toTicket(row) : undefined;
    },

    async markExpertPosted(id: string, conversationId: string, activityId: string, now: string): Promise<void> {
      await db
        .updateTable('guidance_tickets')
        .set({ expert_post_state: 'posted', expert_conversation_id: conversationId, expert_activity_id: activityId, updated_at: now })
        .where('id', '=', id)
        .execute();
    },

    async setExpertPostState(id: string, state: 'failed' | 'none', now: string): Promise<void> {
      await db.updateTable('guidance_tickets').set({ expert_post_state: state, updated_at: now }).where('id', '=', id).execute();
    },

    /**
     * Claims a failed or never-posted ticket card for one more posting attempt; true for exactly one
     * caller. With `stalePendingBefore`, a post left 'pending' before that time (a crash between
     * storing and posting) is claimable too.
     */
    async claimExpertRepost(id: string, now: string, stalePendingBefore?: string): Promise<boolean> {
      const result = await db
        .updateTable('guidance_tickets')
        .set({ expert_post_state: 'pending', updated_at: now })
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb('expert_post_state', 'in', ['failed', 'none']),
            ...(stalePendingBefore ? [eb.and([eb('expert_post_state', '=', 'pending'), eb('updated_at', '<', stalePendingBefore)])] : []),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Open tickets whose card never reached the expert channel (for a retry after start-up or install). */
    async listUnposted(stalePendingBefore: string, limit = 100): Promise<Ticket[]> {
      const rows = await ticketQuery(db)
        .where('t.state', '!=', 'closed')
        .where((eb) =>
          eb.or([
            eb('t.expert_post_state', 'in', ['failed', 'none']),
            eb.and([eb('t.expert_post_state', '=', 'pending'), eb('t.updated_at', '<', stalePendingBefore)]),
          ]),
        )
        .orderBy('t.created_at')
        .limit(limit)
        .execute();
      return rows.map(toTicket);
    },

    assign(id: string, version: number, by: Actor, now: string): Promise<TransitionResult> {
      return transition(
        id,
        { version, from: ['open'] },
        'assigned',
        { assignee_tenant_id: by.tenantId, assignee_object_id: by.objectId, assignee_name: by.name, assigned_at: now },
        now,
      );
    },

    answer(id: string, version: number, by: Actor, answer: string, now: string): Promise<TransitionResult> {
      return transition(
        id,
        { version, from: ['assigned'], assignee: by },
        'answered',
        { answer, answered_by_tenant_id: by.tenantId, answered_by_object_id: by.objectId, answered_by_name: by.name, answered_at: now },
        now,
      );
    },

    close(
      id: string,
      version: number,
      from: readonly TicketState[],
      by: Actor,
      now: string,
      reason: string | null = null,
    ): Promise<TransitionResult> {
      return transition(id, { version, from }, 'closed', { closed_by_name: by.name, closed_at: now, close_reason: reason }, now);
    },

    /** The asker's own tickets, newest first ("omat kysymykseni"). */
    async listTicketsOf(asker: PersonKey, limit: number): Promise<Ticket[]> {
      const rows = await ticketQuery(db)
        .where('t.asker_tenant_id', '=', asker.tenantId)
        .where('t.asker_object_id', '=', asker.objectId)
        .orderBy('t.created_at', 'desc')
        .orderBy('t.ref', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toTicket);
    },

    async setDelivery(id: string, delivery: Delivery, now: string): Promise<void> {
      await db.updateTable('guidance_tickets').set({ delivery, updated_at: now }).where('id', '=', id).execute();
    },

    async listTickets(options: { states?: readonly TicketState[]; limit: number }): Promise<Ticket[]> {
      let query = ticketQuery(db);
      if (options.states?.length) query = query.where('t.state', 'in', [...options.states]);
      const rows = await query.orderBy('t.created_at', 'desc').orderBy('t.ref', 'desc').limit(options.limit).execute();
      return rows.map(toTicket);
    },

    /** Records an answer as raw material for a KB article, once per ticket. */
    async addKbDraft(d: Omit<KbDraft, 'id'> & { createdBy: PersonKey }): Promise<boolean> {
      const result = await db
        .insertInto('guidance_kb_drafts')
        .values({
          id: randomUUID(),
          ticket_id: d.ticketId,
          ticket_ref: d.ticketRef,
          lang: d.lang,
          question: d.question,
          answer: d.answer,
          article_id: d.articleId,
          created_by_tenant_id: d.createdBy.tenantId,
          created_by_object_id: d.createdBy.objectId,
          created_at: d.createdAt,
        })
        .onConflict((oc) => oc.column('ticket_id').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async listKbDrafts(limit: number): Promise<KbDraft[]> {
      const rows = await db.selectFrom('guidance_kb_drafts').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: r.id,
        ticketId: r.ticket_id,
        ticketRef: r.ticket_ref,
        lang: r.lang,
        question: r.question,
        answer: r.answer,
        articleId: r.article_id,
        createdAt: r.created_at,
      }));
    },

    /** Unanswered questions and 👎 votes since `since`, grouped by normalised text, newest group first. */
    async gaps(options: { since: string; limit: number }): Promise<GapReport> {
      return {
        unanswered: await groupsOf('questions', options.since, options.limit),
        downvoted: await groupsOf('downvotes', options.since, options.limit),
      };
    },
  };
}

export type GuidanceRepository = ReturnType<typeof createGuidanceRepository>;
