/**
 * The announcements business logic, shared by the bot cards and the tab API: drafts, the approval
 * rule, scheduling, publishing into the outbox, revisions, retraction, acknowledgements and reports.
 *
 * Every state change is a conditional UPDATE on the announcement's version inside a transaction that
 * also writes the audit entry and the outbox rows, so a change happens once and completely or not at
 * all. Repeated card submits (Teams redelivers) carry an action key and are answered with the state
 * the first one produced.
 */
import { randomUUID } from 'node:crypto';
import { authorize } from '../../auth/authorize.js';
import { can, type UserContext } from '../../auth/roles.js';
import { AppError, type ErrorCode } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/db.js';
import {
  createAnnouncementsRepository,
  type AnnouncementQueries,
  type AnnouncementsRepository,
  type NewOutboxRow,
  type NewAnnouncementRow,
  type AckRow,
} from '../../store/announcements-repository.js';
import type { ConversationsRepository } from '../../store/conversations-repository.js';
import type { AnnouncementsTable } from '../../store/tables/announcements.js';
import { resolveTargets, type Target } from './audience.js';
import { contentColumns, toAnnouncement } from './records.js';
import { buildReport, type AnnouncementReport } from './report.js';
import type { CheckedDraft, CheckedRevision, LinkPolicy, Problem } from './validation.js';
import { OP_PRIORITY, actorKey, type Announcement, type AnnouncementContent, type AnnouncementStatus, type OutboxOp } from './model.js';
import { decide, TRANSITIONS, type AnnouncementAction } from './lifecycle.js';

/** What a reader who is not an announcer may see of an announcement. */
const READER_STATUSES: ReadonlySet<string> = new Set<AnnouncementStatus>(['published', 'retracted']);

export interface AnnouncementsDeps {
  store: Store;
  conversations: ConversationsRepository;
  /** SERVICE_CHANNEL: the conversation id of the service's own channel. */
  serviceChannelId?: string | undefined;
  /** Finds the service channel when SERVICE_CHANNEL is not configured (local mode: the Playground team's General). */
  resolveServiceChannel?: () => Promise<string | null>;
  /** ANNOUNCEMENT_APPROVAL */
  approval: 'single' | 'two-person';
  /** The experts' channel (EXPERT_CHANNEL or the local fallback): without one the admin's tab says tickets reach no one. */
  expertChannel?: () => Promise<string | null>;
  /** Hosts announcement links may point to (ANNOUNCEMENT_LINK_HOSTS plus the app's own); default DEFAULT_LINK_POLICY. */
  linkPolicy?: LinkPolicy;
  clock?: () => Date;
  logger: Logger;
}

/** The draft did not pass the checks; `problems` name the fields. */
export class AnnouncementProblems extends AppError {
  constructor(readonly problems: Problem[]) {
    super('VALIDATION', `announcement has ${problems.length} problem(s)`);
    this.name = 'AnnouncementProblems';
  }
}

export type RefusalReason = 'needsOtherApprover' | 'notEditable' | 'schedulePast' | 'nothingToResend' | 'noTargets';

/** A refusal with a specific explanation for the author (rather than a generic error sentence). */
export class AnnouncementRefusal extends AppError {
  constructor(
    code: ErrorCode,
    readonly reason: RefusalReason,
  ) {
    super(code, reason);
    this.name = 'AnnouncementRefusal';
  }
}

export interface Outcome {
  announcement: Announcement;
  /** What happened, for the author's message. */
  event:
    | 'saved'
    | 'unchanged'
    | 'submitted'
    | 'scheduled'
    | 'published'
    | 'rejected'
    | 'unscheduled'
    | 'duplicated'
    | 'deleted'
    | 'revised'
    | 'retracted'
    | 'resend'
    | 'retry-retraction'
    | 'repeat';
  count?: number;
  masked?: boolean;
}

export interface Actor {
  key: string;
  name: string;
}
const SYSTEM: Actor = { key: 'system/scheduler', name: 'scheduler' };

/** What a status change writes besides the status itself, how it is audited and what the author is told. */
interface StatusChange {
  patch?: Partial<AnnouncementsTable>;
  audit: string;
  event: Outcome['event'];
  detail?: Record<string, unknown>;
  /** The announcement's fields as the change leaves them (the answer, without a reload). */
  view?: Partial<Announcement>;
}

/** A change that may run: the announcement as loaded, who acts, and the state the table leads to. */
/** What "resend to failed" resets, and how it is audited, in each state it is offered in. */
const REQUEUE = {
  resend: { reset: 'resetFailedPosts', audited: 'resend_failed', status: 'published', counted: 'targets' },
  'retry-retraction': { reset: 'resetFailedDeletes', audited: 'retraction_retried', status: 'retracted', counted: 'messages' },
} as const;

interface Step {
  a: Announcement;
  actor: Actor;
  to: AnnouncementStatus;
  expectedVersion: number;
  actionKey: string | undefined;
  action: AnnouncementAction;
}

function actorOf(user: UserContext): Actor {
  return { key: actorKey(user), name: user.displayName ?? '' };
}

/** A fresh draft row: the one shape both "new draft" and "duplicate" insert. */
function newDraftRow(
  draft: {
    id: string;
    formId: string | null;
    duplicatedFrom: string | null;
    content: ReturnType<typeof contentColumns>;
    audience: unknown;
    scheduledAt: string | null;
  },
  actor: Actor,
  now: string,
): NewAnnouncementRow {
  return {
    id: draft.id,
    status: 'draft',
    version: 1,
    revision: 0,
    form_id: draft.formId,
    duplicated_from: draft.duplicatedFrom,
    ...draft.content,
    audience: JSON.stringify(draft.audience),
    scheduled_at: draft.scheduledAt,
    revision_kind: null,
    revision_note: null,
    created_by: actor.key,
    created_by_name: actor.name,
    last_edited_by: actor.key,
    submitted_by: null,
    approved_by: null,
    created_at: now,
    updated_at: now,
    published_at: null,
    revised_at: null,
    retracted_at: null,
  };
}

function postKey(announcementId: string, conversationId: string): string {
  return `${announcementId}|${conversationId}|post`;
}

function sameContent(a: Announcement, content: AnnouncementContent): boolean {
  return (
    JSON.stringify([a.title, a.body, a.category, a.effectiveDate, a.interfaces, a.link]) ===
    JSON.stringify([content.title, content.body, content.category, content.effectiveDate, content.interfaces, content.link])
  );
}

export function createAnnouncementsService(deps: AnnouncementsDeps) {
  const repo: AnnouncementsRepository = createAnnouncementsRepository(deps.store);
  const clock = deps.clock ?? (() => new Date());
  const nowIso = () => clock().toISOString();

  async function load(id: string): Promise<Announcement> {
    const row = await repo.get(id);
    if (!row || row.status === 'deleted') throw new AppError('NOT_FOUND', 'announcement not found');
    return toAnnouncement(row);
  }

  async function audit(
    tx: AnnouncementQueries,
    a: { id: string },
    actor: Actor,
    action: string,
    from: string | null,
    to: string | null,
    version: number,
    detail?: Record<string, unknown>,
  ) {
    await tx.audit({
      announcement_id: a.id,
      at: nowIso(),
      actor: actor.key,
      actor_name: actor.name,
      action,
      from_status: from,
      to_status: to,
      version,
      detail: detail ? JSON.stringify(detail) : null,
    });
  }

  /** Runs `work` once per action key: a repeat returns the announcement as the first run left it. */
  async function once(
    key: string | undefined,
    announcementId: string,
    action: string,
    work: (tx: AnnouncementQueries) => Promise<Outcome>,
  ): Promise<Outcome> {
    const result = await repo.transaction(async (tx) => {
      if (key && !(await tx.claimActionKey(`${action}:${key}`, announcementId, action, nowIso()))) return null;
      return work(tx);
    });
    if (result) return result;
    return { announcement: await load(announcementId), event: 'repeat' };
  }

  function conflict(): never {
    throw new AppError('CONFLICT', 'announcement changed meanwhile');
  }

  function authorizeFor(user: UserContext, action: AnnouncementAction): void {
    const permission = TRANSITIONS[action].permission;
    if (permission === 'scheduler') throw new AppError('FORBIDDEN', `only the scheduler may ${action}`);
    authorize(user, permission);
  }

  /**
   * Every state change runs the same way: authorize by the table's permission, load, let the table
   * decide (go, answer a repeat with the current state, or refuse), then `run` the change once per
   * action key. `pick` chooses the action from the loaded announcement when the status decides it.
   */
  async function change(
    user: UserContext,
    id: string,
    expectedVersion: number,
    actionKey: string | undefined,
    pick: AnnouncementAction | ((a: Announcement) => AnnouncementAction),
    run: (step: Step) => Promise<Outcome>,
  ): Promise<Outcome> {
    // Authorised before the load, so an unknown id tells a non-announcer nothing; a picked action again once known.
    authorizeFor(user, typeof pick === 'string' ? pick : 'resend');
    const a = await load(id);
    const action = typeof pick === 'string' ? pick : pick(a);
    authorizeFor(user, action);
    const decision = decide(action, a, expectedVersion, deps.approval);
    if (decision.kind === 'repeat') return { announcement: a, event: 'repeat' };
    if (decision.kind === 'refuse') throw new AnnouncementRefusal('CONFLICT', 'notEditable');
    return run({ a, actor: actorOf(user), to: decision.to, expectedVersion, actionKey, action });
  }

  /** A change of status (and of who did it): one conditional update and its audit entry, once. */
  function moveTo(step: Step, how: StatusChange): Promise<Outcome> {
    const { a, actor, to, expectedVersion } = step;
    return once(step.actionKey, a.id, step.action, async (tx) => {
      if (!(await tx.updateIfVersion(a.id, expectedVersion, { status: to, ...how.patch, updated_at: nowIso() }))) conflict();
      await audit(tx, a, actor, how.audit, a.status, to, expectedVersion + 1, how.detail);
      return { announcement: { ...a, ...how.view, status: to, version: expectedVersion + 1 }, event: how.event };
    });
  }

  function outboxRow(
    a: Announcement,
    target: Target,
    op: OutboxOp,
    revision: number,
    refId: string | null,
    id: string,
    now: string,
  ): NewOutboxRow {
    return {
      id,
      announcement_id: a.id,
      conversation_id: target.conversationId,
      target_kind: target.kind,
      team_id: target.teamId,
      team_name: target.teamName,
      channel_name: target.channelName,
      op,
      revision,
      priority: OP_PRIORITY[op],
      ref_id: refId,
      next_attempt_at: now,
      created_at: now,
    };
  }

  /**
   * Queues again only what went wrong — after publishing, the posts that failed, died or stayed
   * unconfirmed; after a retraction, the deletes the connector refused — and refuses a click with
   * nothing to queue.
   */
  async function requeue({ a, actor, actionKey }: Step, event: keyof typeof REQUEUE): Promise<Outcome> {
    const { reset, audited, status, counted } = REQUEUE[event];
    const outcome = await once(actionKey, a.id, event, async (tx) => {
      // Write first (SQLite lock order), then audit with the count.
      const count = await tx[reset](a.id, nowIso());
      if (count) await audit(tx, a, actor, audited, status, status, a.version, { [counted]: count });
      return { announcement: a, event, count };
    });
    if (outcome.event === event && !outcome.count) throw new AnnouncementRefusal('CONFLICT', 'nothingToResend');
    return outcome;
  }

  /** Approved (by the author under single approval, or by a second admin): schedule it, or publish it now. */
  async function release(step: Step): Promise<Outcome> {
    const { a, actor } = step;
    const who = { approved_by: actor.key, submitted_by: a.submittedBy ?? actor.key };
    if (step.to === 'scheduled') {
      return moveTo(step, {
        patch: who,
        audit: 'scheduled',
        event: 'scheduled',
        detail: { scheduledAt: a.scheduledAt, approval: deps.approval },
        view: { approvedBy: actor.key },
      });
    }
    const targets = await targetsOf(a);
    return once(step.actionKey, a.id, step.action, (tx) => publishIn(tx, a, step.expectedVersion, actor, targets, who));
  }

  /** Publishes inside `tx`: status, audit and one post row per target — all or nothing. */
  async function publishIn(
    tx: AnnouncementQueries,
    a: Announcement,
    expectedVersion: number,
    actor: Actor,
    targets: Target[],
    patch: Partial<AnnouncementsTable>,
  ): Promise<Outcome> {
    const now = nowIso();
    if (!(await tx.updateIfVersion(a.id, expectedVersion, { status: 'published', published_at: now, updated_at: now, ...patch })))
      conflict();
    const rows = targets.map((target) => outboxRow(a, target, 'post', 0, null, postKey(a.id, target.conversationId), now));
    const inserted = await tx.enqueue(rows, now);
    await audit(tx, a, actor, 'published', a.status, 'published', expectedVersion + 1, { targets: targets.length });
    return {
      announcement: { ...a, status: 'published', version: expectedVersion + 1, publishedAt: now },
      event: 'published',
      count: inserted,
    };
  }

  async function targetsOf(a: Announcement, options: { allowEmpty?: boolean } = {}): Promise<Target[]> {
    let audience = a.audience;
    if (audience.kind === 'service-channel' && !audience.conversationId && deps.resolveServiceChannel) {
      audience = { ...audience, conversationId: await deps.resolveServiceChannel() };
    }
    const targets = resolveTargets(audience, await deps.conversations.listActive());
    // Publishing to nobody would look like success; refuse it so the author picks an audience.
    if (targets.length === 0 && !options.allowEmpty) throw new AnnouncementRefusal('VALIDATION', 'noTargets');
    return targets;
  }

  function withServiceChannel(draft: CheckedDraft): CheckedDraft['audience'] {
    return draft.audience.kind === 'service-channel'
      ? { kind: 'service-channel', conversationId: deps.serviceChannelId ?? null }
      : draft.audience;
  }

  function assertFuture(scheduledAt: string | null): void {
    if (scheduledAt && Date.parse(scheduledAt) <= clock().getTime()) throw new AnnouncementRefusal('VALIDATION', 'schedulePast');
  }

  const service = {
    repo,
    approval: deps.approval,

    async get(user: UserContext, id: string): Promise<Announcement> {
      authorize(user, 'announce');
      return load(id);
    },

    async list(user: UserContext, options: { statuses?: AnnouncementStatus[]; limit?: number } = {}) {
      authorize(user, 'announce');
      const rows = await repo.list({
        statuses: options.statuses ?? ['draft', 'pending_approval', 'scheduled', 'published', 'retracted'],
        limit: options.limit ?? 50,
      });
      const ids = rows.map((r) => r.id);
      const retractedIds = rows.filter((r) => r.status === 'retracted').map((r) => r.id);
      const [counts, acks, deletes] = await Promise.all([
        repo.postStateCounts(ids),
        repo.ackCounts(ids),
        repo.postStateCounts(retractedIds, 'delete'),
      ]);
      return rows.map((row) => {
        const mine = counts.filter((c) => c.announcement_id === row.id);
        // A retraction the connector refused somewhere is not "retracted": the list says so.
        const retractionFailed = deletes
          .filter((c) => c.announcement_id === row.id && ['failed', 'dead', 'unconfirmed'].includes(c.state))
          .reduce((sum, c) => sum + c.n, 0);
        return {
          announcement: toAnnouncement(row),
          targets: mine.reduce((sum, c) => sum + c.n, 0),
          delivered: mine.filter((c) => c.state === 'sent').reduce((sum, c) => sum + c.n, 0),
          acknowledged: acks.get(row.id) ?? 0,
          retractionFailed,
        };
      });
    },

    async auditTrail(user: UserContext, id: string) {
      authorize(user, 'announce');
      await load(id);
      const rows = await repo.auditTrail(id);
      return rows.map((r) => ({
        at: r.at,
        actor: r.actor_name || r.actor,
        action: r.action,
        from: r.from_status,
        to: r.to_status,
        version: r.version,
        detail: r.detail ? (JSON.parse(r.detail) as unknown) : null,
      }));
    },

    /** May `user` approve `a` under the two-person rule? */
    /** How many conversations the announcement would reach if sent now (for the confirmation). */
    async audienceSize(a: Announcement): Promise<number> {
      return (await targetsOf(a, { allowEmpty: true })).length;
    },

    canApprove(user: UserContext, a: Announcement): boolean {
      if (!can(user, 'approve-announcement') || a.status !== 'pending_approval') return false;
      if (deps.approval === 'single') return true;
      const me = actorKey(user);
      return a.submittedBy !== me && a.lastEditedBy !== me;
    },

    async createDraft(user: UserContext, draft: CheckedDraft, formId?: string): Promise<Outcome> {
      authorize(user, 'announce');
      if (formId) {
        const existing = await repo.getByFormId(formId);
        if (existing) return { announcement: toAnnouncement(existing), event: 'unchanged', masked: draft.masked };
      }
      const actor = actorOf(user);
      const now = nowIso();
      const id = randomUUID();
      try {
        await repo.transaction(async (tx) => {
          await tx.insert(
            newDraftRow(
              {
                id,
                formId: formId ?? null,
                duplicatedFrom: null,
                content: contentColumns(draft.content),
                audience: withServiceChannel(draft),
                scheduledAt: draft.scheduledAt,
              },
              actor,
              now,
            ),
          );
          await audit(tx, { id }, actor, 'created', null, 'draft', 1);
        });
      } catch (error) {
        // Two deliveries of one form raced: the other one created the draft.
        const existing = formId ? await repo.getByFormId(formId) : undefined;
        if (existing) return { announcement: toAnnouncement(existing), event: 'unchanged', masked: draft.masked };
        throw error;
      }
      return { announcement: await load(id), event: 'saved', masked: draft.masked };
    },

    async updateDraft(user: UserContext, id: string, expectedVersion: number, draft: CheckedDraft): Promise<Outcome> {
      authorizeFor(user, 'edit');
      const a = await load(id);
      if (decide('edit', a, expectedVersion, deps.approval).kind !== 'go') throw new AnnouncementRefusal('CONFLICT', 'notEditable');
      const audience = withServiceChannel(draft);
      if (a.version !== expectedVersion) {
        // A redelivered save of the same form: the first one already stored exactly this.
        if (
          sameContent(a, draft.content) &&
          a.scheduledAt === draft.scheduledAt &&
          JSON.stringify(a.audience) === JSON.stringify(audience)
        ) {
          return { announcement: a, event: 'unchanged', masked: draft.masked };
        }
        conflict();
      }
      const actor = actorOf(user);
      const now = nowIso();
      await repo.transaction(async (tx) => {
        const ok = await tx.updateIfVersion(id, expectedVersion, {
          status: 'draft',
          ...contentColumns(draft.content),
          audience: JSON.stringify(audience),
          scheduled_at: draft.scheduledAt,
          last_edited_by: actor.key,
          submitted_by: null,
          approved_by: null,
          updated_at: now,
        });
        if (!ok) conflict();
        await audit(tx, a, actor, 'edited', a.status, 'draft', expectedVersion + 1);
      });
      return { announcement: await load(id), event: 'saved', masked: draft.masked };
    },

    async duplicate(user: UserContext, id: string, actionKey?: string): Promise<Outcome> {
      authorize(user, 'announce');
      const source = await load(id);
      const actor = actorOf(user);
      const newId = randomUUID();
      const now = nowIso();
      const created = await repo.transaction(async (tx) => {
        if (actionKey && !(await tx.claimActionKey(`duplicate:${actionKey}`, newId, 'duplicate', now))) return false;
        await tx.insert(
          newDraftRow(
            {
              id: newId,
              formId: null,
              duplicatedFrom: source.id,
              content: contentColumns(source),
              audience: source.audience,
              scheduledAt: null,
            },
            actor,
            now,
          ),
        );
        await audit(tx, { id: newId }, actor, 'duplicated', null, 'draft', 1, { from: source.id });
        return true;
      });
      if (!created) {
        const key = await deps.store.db
          .selectFrom('announcement_action_keys')
          .select('announcement_id')
          .where('key', '=', `duplicate:${actionKey}`)
          .executeTakeFirst();
        return { announcement: await load(key?.announcement_id ?? id), event: 'repeat' };
      }
      return { announcement: await load(newId), event: 'duplicated' };
    },

    async remove(user: UserContext, id: string, expectedVersion: number, actionKey?: string): Promise<Outcome> {
      return change(user, id, expectedVersion, actionKey, 'delete', (step) => moveTo(step, { audit: 'deleted', event: 'deleted' }));
    },

    /** "Send": publish now or schedule (single approval), or hand to a second admin (two-person). */
    async submit(user: UserContext, id: string, expectedVersion: number, actionKey?: string): Promise<Outcome> {
      return change(user, id, expectedVersion, actionKey, 'submit', async (step) => {
        assertFuture(step.a.scheduledAt);
        if (step.to !== 'pending_approval') return release(step);
        return moveTo(step, {
          patch: { submitted_by: step.actor.key },
          audit: 'submitted',
          event: 'submitted',
          view: { submittedBy: step.actor.key },
        });
      });
    },

    async approve(user: UserContext, id: string, expectedVersion: number, actionKey?: string): Promise<Outcome> {
      return change(user, id, expectedVersion, actionKey, 'approve', async (step) => {
        if (!service.canApprove(user, step.a)) throw new AnnouncementRefusal('FORBIDDEN', 'needsOtherApprover');
        assertFuture(step.a.scheduledAt);
        return release(step);
      });
    },

    async reject(user: UserContext, id: string, expectedVersion: number, actionKey?: string): Promise<Outcome> {
      return change(user, id, expectedVersion, actionKey, 'reject', (step) =>
        moveTo(step, { patch: { submitted_by: null }, audit: 'rejected', event: 'rejected' }),
      );
    },

    async unschedule(user: UserContext, id: string, expectedVersion: number, actionKey?: string): Promise<Outcome> {
      return change(user, id, expectedVersion, actionKey, 'unschedule', (step) =>
        moveTo(step, { patch: { approved_by: null, submitted_by: null }, audit: 'unscheduled', event: 'unscheduled' }),
      );
    },

    /** The scheduler: publishes every scheduled announcement whose time has come (once, whichever instance gets there first). */
    async publishDue(): Promise<number> {
      let published = 0;
      for (const due of await repo.dueScheduled(nowIso())) {
        const a = await load(due.id);
        if (decide('publish', a, due.version, deps.approval).kind !== 'go') continue;
        // Nobody is at the keyboard for a scheduled send: an empty audience is published (and reported as 0 targets).
        const targets = await targetsOf(a, { allowEmpty: true });
        try {
          await repo.transaction((tx) => publishIn(tx, a, due.version, SYSTEM, targets, {}));
          published++;
        } catch (error) {
          if ((error as AppError).code !== 'CONFLICT') throw error;
          // Another instance published it, or an author unscheduled it just now.
        }
      }
      return published;
    },

    /**
     * An update or correction of a sent announcement: new content revision, the original cards are
     * edited in place ("päivitetty") and a notice goes into each thread (each chat), paced like sends.
     */
    async revise(user: UserContext, id: string, expectedVersion: number, revision: CheckedRevision, actionKey?: string): Promise<Outcome> {
      const outcome = await change(user, id, expectedVersion, actionKey, 'revise', ({ a, actor }) =>
        once(actionKey, id, 'revise', async (tx) => {
          const now = nowIso();
          const next = a.revision + 1;
          const ok = await tx.updateIfVersion(id, expectedVersion, {
            ...contentColumns(revision.content),
            revision: next,
            revision_kind: revision.kind,
            revision_note: JSON.stringify([...a.revisions, { revision: next, kind: revision.kind, note: revision.note, at: now }]),
            revised_at: now,
            last_edited_by: actor.key,
            updated_at: now,
          });
          if (!ok) conflict();
          const posts = (await tx.rowsFor(id, ['post'])).filter((row) => row.state !== 'cancelled');
          const rows: NewOutboxRow[] = [];
          for (const post of posts) {
            const target: Target = {
              conversationId: post.conversation_id,
              kind: post.target_kind,
              teamId: post.team_id,
              teamName: post.team_name,
              channelName: post.channel_name,
            };
            rows.push(outboxRow(a, target, 'update', next, post.id, `${id}|${post.conversation_id}|update|${next}`, now));
            rows.push(outboxRow(a, target, 'reply', next, post.id, `${id}|${post.conversation_id}|reply|${next}`, now));
          }
          await tx.enqueue(rows, now);
          await audit(tx, a, actor, 'revised', 'published', 'published', expectedVersion + 1, {
            revision: next,
            kind: revision.kind,
            note: revision.note,
            targets: posts.length,
          });
          return { announcement: a, event: 'revised', count: posts.length, masked: revision.masked };
        }),
      );
      return outcome.event === 'repeat' ? outcome : { ...outcome, announcement: await load(id) };
    },

    /** Retract: pending deliveries are cancelled, every delivered message (and notice) is deleted. */
    async retract(user: UserContext, id: string, expectedVersion: number, actionKey?: string): Promise<Outcome> {
      const outcome = await change(user, id, expectedVersion, actionKey, 'retract', ({ a, actor }) =>
        once(actionKey, id, 'retract', async (tx) => {
          const now = nowIso();
          if (!(await tx.updateIfVersion(id, expectedVersion, { status: 'retracted', retracted_at: now, updated_at: now }))) conflict();
          await tx.cancelPending(id, ['post', 'update', 'reply'], now);
          const rows = await tx.rowsFor(id, ['post', 'reply']);
          const deletes: NewOutboxRow[] = rows
            .filter((row) => !['cancelled', 'failed', 'dead', 'skipped'].includes(row.state))
            .map((row) =>
              outboxRow(
                a,
                {
                  conversationId: row.conversation_id,
                  kind: row.target_kind,
                  teamId: row.team_id,
                  teamName: row.team_name,
                  channelName: row.channel_name,
                },
                'delete',
                a.revision,
                row.id,
                `${id}|${row.conversation_id}|delete|${row.id}`,
                now,
              ),
            );
          await tx.enqueue(deletes, now);
          const targets = new Set(deletes.map((d) => d.conversation_id)).size;
          await audit(tx, a, actor, 'retracted', 'published', 'retracted', expectedVersion + 1, { targets });
          return { announcement: a, event: 'retracted', count: targets };
        }),
      );
      return outcome.event === 'repeat' ? outcome : { ...outcome, announcement: await load(id) };
    },

    async resendFailed(user: UserContext, id: string, actionKey?: string): Promise<Outcome> {
      // Resending needs no version: it only re-queues what failed. A retracted announcement retries its deletes.
      const pick = (a: Announcement): AnnouncementAction => (a.status === 'retracted' ? 'retry-retraction' : 'resend');
      return change(user, id, Number.NaN, actionKey, pick, (step) =>
        requeue(step, step.action === 'retry-retraction' ? 'retry-retraction' : 'resend'),
      );
    },

    /** "Kuittaa luetuksi": any reader, once per person; identity only from the authenticated turn. */
    async acknowledge(
      user: UserContext,
      id: string,
      conversationId: string | null,
    ): Promise<{ state: 'ok'; ackedAt: string; first: boolean; announcement: Announcement } | { state: 'not-published' | 'retracted' }> {
      const row = await repo.get(id);
      if (!row || row.status === 'deleted') throw new AppError('NOT_FOUND', 'announcement not found');
      const a = toAnnouncement(row);
      if (a.status === 'retracted') return { state: 'retracted' };
      if (a.status !== 'published') return { state: 'not-published' };
      const entry: AckRow & { conversationId: string | null } = {
        announcementId: id,
        tenantId: user.tenantId,
        objectId: user.objectId,
        displayName: user.displayName ?? '',
        institutionId: user.institutionId,
        revision: a.revision,
        ackedAt: nowIso(),
        conversationId,
      };
      const result = await repo.ack(entry);
      return { state: 'ok', ackedAt: result.ackedAt, first: result.first, announcement: a };
    },

    async ackOf(user: UserContext, id: string): Promise<{ announcement: Announcement; ackedAt: string | null }> {
      const row = await repo.get(id);
      if (!row || row.status === 'deleted' || row.status === 'draft') throw new AppError('NOT_FOUND', 'announcement not found');
      // Embargoed content (pending approval, scheduled) is for the announcers only: anyone else sees
      // only what went out (published, also when updated, or retracted), whatever id they hold.
      if (!READER_STATUSES.has(row.status) && !can(user, 'announce')) throw new AppError('NOT_FOUND', 'announcement not found');
      const ack = await repo.getAck(id, user.tenantId, user.objectId);
      return { announcement: toAnnouncement(row), ackedAt: ack?.ackedAt ?? null };
    },

    async report(user: UserContext, id: string): Promise<AnnouncementReport> {
      authorize(user, 'announce');
      return buildReport(deps.store, repo, await load(id));
    },

    async institutionNames(lang: 'fi' | 'sv' | 'en'): Promise<Map<string, string>> {
      const rows = await deps.store.db.selectFrom('institutions').select(['id', 'name_fi', 'name_sv', 'name_en']).execute();
      return new Map(rows.map((r) => [r.id, (lang === 'sv' ? r.name_sv : lang === 'en' ? r.name_en : r.name_fi) || r.name_fi]));
    },
  };
  return service;
}

export type AnnouncementsService = ReturnType<typeof createAnnouncementsService>;
