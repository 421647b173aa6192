import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { can, type UserContext } from '../../auth/roles.js';
import { errorResponse } from '../../i18n/error-response.js';
import { helsinkiDate } from '../../i18n/dates.js';
import type { FeedbackComment, FeedbackEvent, FeedbackItem } from '../../store/feedback-repository.js';
import type { TabRequest, TabResponse, TabRoute } from '../types.js';
import { answeringErrors, explainedResponse } from '../tab-errors.js';
import { commentAuthorLabel, institutionLabel } from './cards.js';
import { isSubmitter, nextStatuses } from './lifecycle.js';
import { createFeedbackService, FeedbackRefusal, type FeedbackDeps, type FeedbackService } from './service.js';
import {
  describeProblems,
  refSchema,
  tabCommentSchema,
  tabCreateSchema,
  tabListQuerySchema,
  tabMergeSchema,
  tabStatusSchema,
} from './validation.js';

/** An item as the tab sees it: no person ids except, for OPH, a contact the submitter agreed to. */
export function itemJson(item: FeedbackItem, user: UserContext, profile?: { name: string; email: string | null } | null) {
  const triage = can(user, 'triage-feedback');
  const mine = isSubmitter(user, item);
  return {
    ref: item.ref,
    type: item.type,
    topic: item.topic,
    title: item.title,
    description: item.description,
    impact: item.impact,
    status: item.status,
    statusReason: item.statusReason,
    duplicateOf: item.duplicateOfRef,
    votes: item.votes,
    votedByMe: item.votedByViewer,
    commentCount: item.commentCount,
    institution: item.institutionId ? { id: item.institutionId, name: institutionLabel(item.institutionNames, user.lang) } : null,
    mine,
    ...(triage || mine ? { contactOk: item.contactOk } : {}),
    // Name and e-mail from the submitter's Teams profile, when the bot has seen it; ids stay for the record.
    ...(triage && item.contactOk
      ? {
          contact: {
            tenantId: item.submitter.tenantId,
            objectId: item.submitter.objectId,
            name: profile?.name ?? null,
            email: profile?.email ?? null,
          },
        }
      : {}),
    ...(triage ? { allowedTransitions: nextStatuses(item.status) } : {}),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

function commentJson(comment: FeedbackComment, user: UserContext) {
  return {
    id: comment.id,
    authorKind: comment.authorKind,
    author: commentAuthorLabel(comment, user.lang),
    mine: comment.author.tenantId === user.tenantId && comment.author.objectId === user.objectId,
    body: comment.body,
    createdAt: comment.createdAt,
  };
}

function eventJson(event: FeedbackEvent, user: UserContext) {
  return {
    kind: event.kind,
    from: event.fromStatus,
    to: event.toStatus,
    reason: event.reason,
    related: event.relatedItemRef,
    ...(can(user, 'triage-feedback') ? { notified: event.notified } : {}),
    createdAt: event.createdAt,
  };
}

/** A refusal of the lifecycle or the vote rules, in words of its own. */
const explainRefusal = (error: unknown, request: TabRequest): TabResponse | undefined =>
  error instanceof FeedbackRefusal ? explainedResponse(error, request, error.describe(request.user.lang)) : undefined;

function invalid(error: z.ZodError, raw: unknown, user: UserContext): TabResponse {
  const record = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return errorResponse('VALIDATION', user.lang, { problems: describeProblems(error, record, user.lang) });
}

function refParam(request: TabRequest): string | null {
  const parsed = refSchema.safeParse(request.params.ref);
  return parsed.success ? parsed.data : null;
}

const notFound = (user: UserContext): TabResponse => errorResponse('NOT_FOUND', user.lang);

/** Wraps a handler so coded errors become their HTTP status with a localized message. */
function route(method: TabRoute['method'], path: string, handle: (request: TabRequest) => Promise<TabResponse>): TabRoute {
  return { method, path, handler: answeringErrors(handle, explainRefusal) };
}

/**
 * The tab's feedback API (mounted under /api/tab). The export route comes first so a router that
 * matches in order never reads "export.csv" as a reference.
 */
export function feedbackTabRoutes(deps: FeedbackDeps): TabRoute[] {
  const service: FeedbackService = createFeedbackService(deps);
  const now = () => service.clock();

  return [
    route('get', '/feedback/export.csv', async ({ user }) => {
      const csv = await service.exportCsv(user);
      const day = helsinkiDate(now());
      return { status: 200, csv, filename: `feedback-${day}.csv` };
    }),

    route('get', '/feedback', async (request) => {
      const parsed = tabListQuerySchema.safeParse(request.query);
      if (!parsed.success) return invalid(parsed.error, request.query, request.user);
      const q = parsed.data;
      const { items, total } = await service.list(request.user, {
        types: q.type,
        topics: q.topic,
        statuses: q.status,
        mine: q.mine,
        sort: q.sort,
        limit: q.limit,
        offset: q.offset,
      });
      return { status: 200, body: { items: items.map((i) => itemJson(i, request.user)), total, limit: q.limit, offset: q.offset } };
    }),

    route('post', '/feedback', async (request) => {
      const parsed = tabCreateSchema.safeParse(request.body ?? {});
      if (!parsed.success) return invalid(parsed.error, request.body, request.user);
      const { formId, ...submission } = parsed.data;
      const result = await service.submit(request.user, submission, formId ?? randomUUID(), now());
      return {
        status: result.created ? 201 : 200,
        body: {
          item: itemJson(result.item, request.user),
          created: result.created,
          masked: result.masked,
          url: deps.tabUrl(result.item.ref),
        },
      };
    }),

    route('get', '/feedback/:ref', async (request) => {
      const ref = refParam(request);
      if (!ref) return notFound(request.user);
      const { item, comments, events } = await service.detail(request.user, ref);
      const profile = can(request.user, 'triage-feedback') ? await service.contactOf(item) : null;
      return {
        status: 200,
        body: {
          item: itemJson(item, request.user, profile),
          comments: comments.map((c) => commentJson(c, request.user)),
          history: events.map((e) => eventJson(e, request.user)),
        },
      };
    }),

    route('post', '/feedback/:ref/vote', async (request) => {
      const ref = refParam(request);
      if (!ref) return notFound(request.user);
      const item = await service.vote(request.user, ref, now());
      return { status: 200, body: { votes: item.votes, votedByMe: item.votedByViewer } };
    }),

    route('del', '/feedback/:ref/vote', async (request) => {
      const ref = refParam(request);
      if (!ref) return notFound(request.user);
      const item = await service.unvote(request.user, ref);
      return { status: 200, body: { votes: item.votes, votedByMe: item.votedByViewer } };
    }),

    route('post', '/feedback/:ref/comments', async (request) => {
      const ref = refParam(request);
      if (!ref) return notFound(request.user);
      const parsed = tabCommentSchema.safeParse(request.body ?? {});
      if (!parsed.success) return invalid(parsed.error, request.body, request.user);
      const result = await service.comment(request.user, ref, parsed.data.body, parsed.data.requestId ?? randomUUID(), now());
      return { status: result.created ? 201 : 200, body: { comment: commentJson(result.comment, request.user), masked: result.masked } };
    }),

    route('post', '/feedback/:ref/status', async (request) => {
      // The role check comes before reading the body: a forged status from a non-admin is simply refused.
      service.assertTriage(request.user);
      const ref = refParam(request);
      if (!ref) return notFound(request.user);
      const parsed = tabStatusSchema.safeParse(request.body ?? {});
      if (!parsed.success) return invalid(parsed.error, request.body, request.user);
      const result = await service.changeStatus(
        request.user,
        ref,
        parsed.data.status,
        parsed.data.reason,
        parsed.data.requestId ?? randomUUID(),
        now(),
      );
      return { status: 200, body: { item: itemJson(result.item, request.user), repeated: result.repeated } };
    }),

    route('post', '/feedback/:ref/merge', async (request) => {
      service.assertTriage(request.user);
      const ref = refParam(request);
      if (!ref) return notFound(request.user);
      const parsed = tabMergeSchema.safeParse(request.body ?? {});
      if (!parsed.success) return invalid(parsed.error, request.body, request.user);
      const result = await service.merge(request.user, ref, parsed.data.targetRef, parsed.data.requestId ?? randomUUID(), now());
      return {
        status: 200,
        body: { item: itemJson(result.item, request.user), target: itemJson(result.target, request.user), repeated: result.repeated },
      };
    }),
  ];
}
