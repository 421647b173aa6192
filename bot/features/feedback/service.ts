import { authorize } from '../../auth/authorize.js';
import { can, type UserContext } from '../../auth/roles.js';
import { AppError, type ErrorCode } from '../../errors.js';
import type { Lang } from '../../i18n/index.js';
import type { Logger } from '../../log.js';
import { maskPersonalIds } from '../../privacy.js';
import type { Store } from '../../store/db.js';
import {
  createFeedbackRepository,
  type FeedbackComment,
  type FeedbackItem,
  type ListSort,
  type PersonKey,
} from '../../store/feedback-repository.js';
import type { Messenger, Reply } from '../types.js';
import { commentNotificationCard, institutionLabel, mergeNotificationCard, newItemForOphCard, statusNotificationCard } from './cards.js';
import { createProfilesRepository } from '../../store/profiles-repository.js';
import { toCsv } from '../../csv.js';
import { feedbackText, statusLabel } from './i18n.js';
import { canSee, canTransition, isSubmitter, reasonRequired, samePerson } from './lifecycle.js';
import { DEFAULT_SUBMIT_LIMIT_PER_HOUR, OPEN_STATUSES, PUBLIC_TYPES, REF_PATTERN, isOpen, referenceYear, type Status } from './model.js';
import type { Submission } from './validation.js';

export interface FeedbackDeps {
  store: Store;
  /** Proactive messages to submitters (status changes, merges, comments). */
  messenger: Messenger;
  /** Link to follow an item, e.g. a Teams deep link or `${PUBLIC_BASE_URL}/tab/#/feedback/<ref>` (see feedbackTabUrl). */
  tabUrl: (ref: string) => string;
  /** Time source for the tab API (bot turns carry their own `now`). */
  clock?: () => Date;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** Submissions per person per hour; default 10. */
  submitLimitPerHour?: number;
  /**
   * Where new feedback and error reports are announced to OPH (FEEDBACK_CHANNEL, else the expert
   * channel); null or absent: nobody is notified.
   */
  ophChannel?: () => Promise<string | null>;
}

/**
 * A refusal with a specific, localized explanation (invalid transition, missing reason, closed item).
 * It is an AppError, so anything that does not know it still maps it by code.
 */
export class FeedbackRefusal extends AppError {
  constructor(
    code: ErrorCode,
    readonly describe: (lang: Lang) => string,
    detail?: string,
  ) {
    super(code, detail);
    this.name = 'FeedbackRefusal';
  }
}

export interface ListRequest {
  types?: readonly string[];
  topics?: readonly string[];
  /** Status codes, or 'open' for every open status. */
  statuses?: readonly string[];
  mine?: boolean;
  sort: ListSort;
  limit: number;
  offset: number;
}

export type ChangeResult = { item: FeedbackItem; repeated: boolean };

const STALE_RETRIES = 3;

export function createFeedbackService(deps: FeedbackDeps) {
  const repo = createFeedbackRepository(deps.store);
  const clock = deps.clock ?? (() => new Date());
  const submitLimit = deps.submitLimitPerHour ?? DEFAULT_SUBMIT_LIMIT_PER_HOUR;
  const person = (user: UserContext): PersonKey => ({ tenantId: user.tenantId, objectId: user.objectId });
  const profiles = createProfilesRepository(deps.store);

  /** The submitter's Teams name and e-mail, only when they allowed OPH to contact them. */
  async function contactOf(item: FeedbackItem): Promise<{ name: string; email: string | null } | null> {
    if (!item.contactOk) return null;
    const profile = await profiles.find(item.submitter.tenantId, item.submitter.objectId);
    return profile ? { name: profile.displayName, email: profile.email } : null;
  }

  /** Tells OPH's channel about a new item; a failure is logged and never costs the submitter their receipt. */
  async function announceToOph(item: FeedbackItem): Promise<void> {
    try {
      const channel = deps.ophChannel ? await deps.ophChannel() : null;
      if (!channel) return;
      const card = newItemForOphCard({ lang: 'fi', item, contact: await contactOf(item), openUrl: deps.tabUrl(item.ref) });
      await deps.messenger.send(channel, { kind: 'card', card, summary: feedbackText.fi.ophSummary(item.ref) });
    } catch (error) {
      deps.logger?.warn({ err: error, ref: item.ref }, 'posting new feedback to the OPH channel failed');
    }
  }

  /** Reads an item the user may see; an item they may not see is reported as missing (no enumeration). */
  async function visibleItem(user: UserContext, ref: string): Promise<FeedbackItem> {
    const item = REF_PATTERN.test(ref) ? await repo.findByRef(ref, person(user)) : undefined;
    if (!item || !canSee(user, item)) throw new AppError('NOT_FOUND', 'feedback item not found or not visible');
    return item;
  }

  /** Sends to the submitter unless they caused the change themselves; a failure never undoes the change. */
  async function notifySubmitter(item: FeedbackItem, actor: PersonKey, build: (lang: Lang) => Reply, eventId?: string): Promise<void> {
    if (samePerson(item.submitter, actor)) return;
    let delivered = false;
    try {
      delivered = await deps.messenger.sendToUser(item.submitter, build);
    } catch (error) {
      deps.logger?.warn({ err: error, ref: item.ref }, 'feedback notification failed');
    }
    if (eventId) await repo.setEventNotified(eventId, delivered);
  }

  return {
    repo,
    clock,

    async institutionName(user: UserContext, lang: Lang): Promise<string | null> {
      if (!user.institutionId) return null;
      return institutionLabel(await repo.institutionNames(user.institutionId), lang);
    },

    /**
     * Stores a validated submission once per (submitter, form id). Free text is masked for personal
     * identity codes first; identity and institution come from the authenticated user only.
     */
    async submit(
      user: UserContext,
      submission: Submission,
      formId: string,
      now: Date,
    ): Promise<{ item: FeedbackItem; created: boolean; masked: boolean }> {
      authorize(user, 'give-feedback');
      const me = person(user);
      const existing = await repo.findByForm(me, formId);
      if (existing) return { item: existing, created: false, masked: false };
      const since = new Date(now.getTime() - 3600_000).toISOString();
      if ((await repo.countSubmittedSince(me, since)) >= submitLimit) throw new AppError('RATE_LIMITED', 'feedback submissions per hour');
      const title = maskPersonalIds(submission.title);
      const description = maskPersonalIds(submission.description);
      const impact = maskPersonalIds(submission.impact);
      // The mapping may point at an institution that was removed; store nothing rather than a dangling id.
      const institutionId = user.institutionId && (await repo.institutionNames(user.institutionId)) ? user.institutionId : null;
      const { item, created } = await repo.create({
        formId,
        year: referenceYear(now),
        type: submission.type,
        topic: submission.topic,
        title: title.text,
        description: description.text,
        impact: impact.text,
        institutionId,
        contactOk: submission.contactOk,
        submitter: me,
        lang: user.lang,
        status: 'new',
        now: now.toISOString(),
      });
      if (created) {
        deps.logger?.info({ ref: item.ref, type: item.type }, 'feedback received');
        await announceToOph(item);
      }
      return { item, created, masked: created && (title.masked || description.masked || impact.masked) };
    },

    visibleItem,
    contactOf,

    assertTriage(user: UserContext): void {
      authorize(user, 'triage-feedback');
    },

    async list(user: UserContext, request: ListRequest): Promise<{ items: FeedbackItem[]; total: number }> {
      const statuses = (request.statuses ?? []).flatMap((s) => (s === 'open' ? [...OPEN_STATUSES] : [s]));
      return repo.list({
        types: request.types,
        topics: request.topics,
        statuses: [...new Set(statuses)],
        submittedBy: request.mine ? person(user) : undefined,
        visibility: can(user, 'triage-feedback') ? { all: true } : { publicTypes: PUBLIC_TYPES, viewer: person(user) },
        viewer: person(user),
        sort: request.sort,
        limit: request.limit,
        offset: request.offset,
      });
    },

    async detail(user: UserContext, ref: string) {
      const item = await visibleItem(user, ref);
      const [comments, events] = await Promise.all([repo.comments(item.id), repo.events(item.id)]);
      return { item, comments, events };
    },

    async vote(user: UserContext, ref: string, now: Date): Promise<FeedbackItem> {
      authorize(user, 'vote');
      const item = await visibleItem(user, ref);
      const outcome = await repo.vote(item.id, person(user), now.toISOString(), OPEN_STATUSES);
      if (outcome === 'closed') throw new FeedbackRefusal('CONFLICT', (lang) => feedbackText[lang].voteClosed, 'vote on a closed item');
      return visibleItem(user, ref);
    },

    async unvote(user: UserContext, ref: string): Promise<FeedbackItem> {
      authorize(user, 'vote');
      const item = await visibleItem(user, ref);
      await repo.unvote(item.id, person(user));
      return visibleItem(user, ref);
    },

    /** Adds a comment once per (author, request id); the submitter hears about comments by others. */
    async comment(
      user: UserContext,
      ref: string,
      body: string,
      requestId: string,
      now: Date,
    ): Promise<{ item: FeedbackItem; comment: FeedbackComment; created: boolean; masked: boolean }> {
      authorize(user, 'give-feedback');
      const item = await visibleItem(user, ref);
      const masked = maskPersonalIds(body);
      const authorKind = can(user, 'triage-feedback') ? 'oph' : isSubmitter(user, item) ? 'submitter' : 'participant';
      const { comment, created } = await repo.addComment({
        itemId: item.id,
        author: person(user),
        authorKind,
        authorInstitutionId: authorKind === 'participant' || authorKind === 'submitter' ? await existingInstitution(user) : null,
        body: masked.text,
        requestId,
        now: now.toISOString(),
      });
      if (created) {
        await notifySubmitter(item, person(user), (lang) => ({
          kind: 'card',
          card: commentNotificationCard({ lang, item, comment, followUrl: deps.tabUrl(item.ref) }),
          summary: feedbackText[lang].notifyCommentTitle(item.ref),
        }));
      }
      return { item: await visibleItem(user, ref), comment, created, masked: created && masked.masked };
    },

    /**
     * Moves an item along the lifecycle. Only triage staff may; the transition is checked against the
     * current state (re-read and retried when another change wins the race), and a repeated action id
     * answers with the current state without a second change or notification.
     */
    async changeStatus(user: UserContext, ref: string, to: Status, reasonText: string, actionId: string, now: Date): Promise<ChangeResult> {
      authorize(user, 'triage-feedback');
      const actor = person(user);
      for (let attempt = 0; attempt < STALE_RETRIES; attempt++) {
        if (await repo.findEventByAction(actor, actionId)) return { item: await visibleItem(user, ref), repeated: true };
        const item = await visibleItem(user, ref);
        if (!canTransition(item.status, to)) {
          throw new FeedbackRefusal(
            'CONFLICT',
            (lang) => feedbackText[lang].transitionNotAllowed(statusLabel(item.status, lang), statusLabel(to, lang)),
            `transition ${item.status} -> ${to}`,
          );
        }
        const reason = reasonText.trim() ? maskPersonalIds(reasonText.trim()).text : null;
        if (reasonRequired(to) && !reason)
          throw new FeedbackRefusal('VALIDATION', (lang) => feedbackText[lang].reasonMissing, 'reason missing');
        const result = await repo.changeStatus({
          itemId: item.id,
          expectedVersion: item.version,
          fromStatus: item.status,
          toStatus: to,
          reason,
          actor,
          actionId,
          now: now.toISOString(),
        });
        if (result.outcome === 'stale') continue;
        if (result.outcome === 'duplicate-action') return { item: await visibleItem(user, ref), repeated: true };
        const updated = await visibleItem(user, ref);
        await notifySubmitter(
          updated,
          actor,
          (lang) => ({
            kind: 'card',
            card: statusNotificationCard({ lang, item: updated, from: item.status, to, reason, followUrl: deps.tabUrl(updated.ref) }),
            summary: feedbackText[lang].notifyStatusTitle(updated.ref),
          }),
          result.eventId,
        );
        deps.logger?.info({ ref, from: item.status, to }, 'feedback status changed');
        return { item: updated, repeated: false };
      }
      throw new AppError('CONFLICT', 'feedback item kept changing');
    },

    /** Marks an open item a duplicate of another; votes move over without doubling. */
    async merge(
      user: UserContext,
      ref: string,
      targetRef: string,
      actionId: string,
      now: Date,
    ): Promise<ChangeResult & { target: FeedbackItem }> {
      authorize(user, 'triage-feedback');
      const actor = person(user);
      for (let attempt = 0; attempt < STALE_RETRIES; attempt++) {
        const previous = await repo.findEventByAction(actor, actionId);
        if (previous) {
          const item = await visibleItem(user, ref);
          const target = item.duplicateOfRef ? await visibleItem(user, item.duplicateOfRef) : item;
          return { item, target, repeated: true };
        }
        const source = await visibleItem(user, ref);
        let target = REF_PATTERN.test(targetRef) ? await repo.findByRef(targetRef) : undefined;
        if (!target) throw new FeedbackRefusal('NOT_FOUND', (lang) => feedbackText[lang].mergeTargetMissing, 'merge target missing');
        // Merging into a duplicate means merging into the item it already points at.
        if (target.status === 'duplicate' && target.duplicateOfId) target = (await repo.findById(target.duplicateOfId)) ?? target;
        if (target.id === source.id) {
          const cycle = target.ref !== targetRef;
          throw new FeedbackRefusal(
            'VALIDATION',
            (lang) => (cycle ? feedbackText[lang].mergeCycle : feedbackText[lang].mergeSelf),
            'merge into itself',
          );
        }
        if (!isOpen(source.status))
          throw new FeedbackRefusal('CONFLICT', (lang) => feedbackText[lang].mergeNotOpen, 'merge of a closed item');
        const result = await repo.merge({
          sourceId: source.id,
          expectedVersion: source.version,
          fromStatus: source.status,
          targetId: target.id,
          actor,
          actionId,
          now: now.toISOString(),
        });
        if (result.outcome === 'stale') continue;
        const item = await visibleItem(user, ref);
        const merged = (await repo.findById(target.id)) ?? target;
        if (result.outcome === 'duplicate-action') return { item, target: merged, repeated: true };
        await notifySubmitter(
          item,
          actor,
          (lang) => ({
            kind: 'card',
            card: mergeNotificationCard({ lang, item, target: merged, followUrl: deps.tabUrl(merged.ref) }),
            summary: feedbackText[lang].notifyMergedTitle(item.ref),
          }),
          result.eventId,
        );
        deps.logger?.info({ ref, into: merged.ref, votesCarried: result.votesCarried }, 'feedback merged');
        return { item, target: merged, repeated: false };
      }
      throw new AppError('CONFLICT', 'feedback item kept changing');
    },

    /** Every item with votes and status history, for OPH only. */
    async exportCsv(user: UserContext): Promise<string> {
      authorize(user, 'triage-feedback');
      authorize(user, 'export-data');
      const rows = await repo.exportAll();
      const header = [
        'ref',
        'type',
        'topic',
        'status',
        'status_reason',
        'duplicate_of',
        'title',
        'description',
        'impact',
        'institution_id',
        'institution_name',
        'contact_ok',
        'submitter',
        'votes',
        'comments',
        'created_at',
        'updated_at',
        'status_history',
      ];
      return toCsv([
        header,
        ...rows.map(({ item, events }) => [
          item.ref,
          item.type,
          item.topic,
          item.status,
          item.statusReason,
          item.duplicateOfRef,
          item.title,
          item.description,
          item.impact,
          item.institutionId,
          item.institutionNames?.fi ?? null,
          item.contactOk ? 'yes' : 'no',
          // Who to contact is exported only for those who allowed it.
          item.contactOk ? `${item.submitter.tenantId}/${item.submitter.objectId}` : null,
          item.votes,
          item.commentCount,
          item.createdAt,
          item.updatedAt,
          events.map(historyEntry).join(' | '),
        ]),
      ]);
    },
  };

  async function existingInstitution(user: UserContext): Promise<string | null> {
    return user.institutionId && (await repo.institutionNames(user.institutionId)) ? user.institutionId : null;
  }
}

function historyEntry(event: {
  kind: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  relatedItemRef: string | null;
  createdAt: string;
}): string {
  const move =
    event.kind === 'created'
      ? `created ${event.toStatus}`
      : event.kind === 'merged_in'
        ? `merged_in ${event.relatedItemRef ?? ''}`
        : `${event.fromStatus ?? ''}>${event.toStatus}`;
  const extra = event.kind === 'merged' ? ` into ${event.relatedItemRef ?? ''}` : '';
  const reason = event.reason ? ` (${event.reason})` : '';
  return `${event.createdAt} ${move}${extra}${reason}`;
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
