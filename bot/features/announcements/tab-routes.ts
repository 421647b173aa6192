/**
 * The tab's Announcements page API (mounted under /api/tab by bot/server.ts, SSO-verified there).
 * Same service as the bot cards; every route checks the role on the server.
 */
import { z } from 'zod';
import { can, type UserContext } from '../../auth/roles.js';
import { isAppError } from '../../errors.js';
import { errorResponse } from '../../i18n/error-response.js';
import type { Lang } from '../../i18n/index.js';
import type { TabRequest, TabResponse, TabRoute } from '../types.js';
import { answeringErrors } from '../tab-errors.js';
import { announcementText } from './i18n.js';
import { announcementCard, readerStateOf } from './cards.js';
import { baseConversationId, type Announcement } from './model.js';
import { reportCsv } from './report.js';
import type { ApiAnnouncement, ApiAnnouncementListItem, ApiAuditEntry, ApiOutcome } from '../../tab-api/announcements.js';
import { AnnouncementProblems, AnnouncementRefusal, createAnnouncementsService, type AnnouncementsDeps, type Outcome } from './service.js';
import {
  cardIdSchema,
  checkDraft,
  checkRevision,
  problemMessage,
  rawFromTab,
  tabDraftSchema,
  tabRevisionSchema,
  type Problem,
} from './validation.js';
import { largestCardBytes } from './cards.js';
import { refusalLabel } from './labels.js';

const versionSchema = z.object({ version: z.coerce.number().int().min(1), requestId: cardIdSchema.optional() });
const requestSchema = z.object({ requestId: cardIdSchema.optional() });
const idSchema = cardIdSchema;

function problemsResponse(problems: Problem[], lang: Lang): TabResponse {
  return errorResponse('VALIDATION', lang, {
    problems: problems.map((p) => ({ field: p.field, code: p.code, message: problemMessage(p, lang) })),
  });
}

/** The announcement rules' own refusals, in their own words; other coded errors get the generic sentence. */
function explainRefusal(error: unknown, request: TabRequest): TabResponse | undefined {
  const lang = request.user.lang;
  const t = announcementText[lang];
  if (error instanceof AnnouncementProblems) return problemsResponse(error.problems, lang);
  if (error instanceof AnnouncementRefusal) {
    return errorResponse(error.code, lang, { reason: error.reason, message: refusalLabel(error.reason, lang) });
  }
  // Malformed ids and bodies are the caller's mistake; the zod issue list stays out (it could echo input).
  if (error instanceof z.ZodError) return errorResponse('VALIDATION', lang);
  if (isAppError(error) && error.code === 'FORBIDDEN') return errorResponse('FORBIDDEN', lang, { message: t.refusal });
  return undefined;
}

/** An announcement as the tab API shows it (bot/tab-api/announcements.ts): no actor keys. */
function announcementJson(a: Announcement, canApprove: boolean): ApiAnnouncement {
  return {
    id: a.id,
    status: a.status,
    version: a.version,
    revision: a.revision,
    title: a.title,
    body: a.body,
    category: a.category,
    effectiveDate: a.effectiveDate,
    interfaces: a.interfaces,
    link: a.link,
    audience: a.audience,
    scheduledAt: a.scheduledAt,
    revisionKind: a.revisionKind,
    revisionNote: a.revisionNote,
    revisions: a.revisions,
    createdByName: a.createdByName,
    duplicatedFrom: a.duplicatedFrom,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    publishedAt: a.publishedAt,
    revisedAt: a.revisedAt,
    retractedAt: a.retractedAt,
    submitted: Boolean(a.submittedBy),
    approved: Boolean(a.approvedBy),
    canApprove,
  };
}

export function announcementsTabRoutes(deps: AnnouncementsDeps): TabRoute[] {
  const service = createAnnouncementsService(deps);

  const outcomeJson = (outcome: Outcome, user: UserContext): ApiOutcome => ({
    event: outcome.event,
    count: outcome.count ?? null,
    masked: outcome.masked ?? false,
    announcement: announcementJson(outcome.announcement, service.canApprove(user, outcome.announcement)),
  });

  /** Wraps a handler: polite refusal for non-admins, field problems as 400, explained refusals as 409/403. */
  function guarded(
    handler: (request: TabRequest, lang: Lang) => Promise<TabResponse>,
    action: 'announce' | 'approve-announcement' = 'announce',
  ) {
    const answering = answeringErrors((request) => handler(request, request.user.lang), explainRefusal);
    return async (request: TabRequest): Promise<TabResponse> => {
      if (!can(request.user, action))
        return errorResponse('FORBIDDEN', request.user.lang, { message: announcementText[request.user.lang].refusal });
      return answering(request);
    };
  }

  const idOf = (request: TabRequest) => idSchema.parse(request.params.id);

  /** `POST /announcements/:id/<step>`: a state change that needs only the version the author saw. */
  function versionedStep(
    step: string,
    run: (user: UserContext, id: string, version: number, requestId?: string) => Promise<Outcome>,
    action?: 'approve-announcement',
  ): TabRoute {
    return {
      method: 'post',
      path: `/announcements/:id/${step}`,
      handler: guarded(async (request) => {
        const { version, requestId } = versionSchema.parse(request.body ?? {});
        return { status: 200, body: outcomeJson(await run(request.user, idOf(request), version, requestId), request.user) };
      }, action),
    };
  }

  return [
    {
      method: 'get',
      path: '/announcements',
      handler: guarded(async (request) => {
        const items = await service.list(request.user);
        return {
          status: 200,
          body: {
            approval: service.approval,
            // Admins only reach this route; they are the ones who can get EXPERT_CHANNEL set.
            expertChannelMissing: deps.expertChannel ? !(await deps.expertChannel()) : false,
            items: items.map((i): ApiAnnouncementListItem => ({
              ...announcementJson(i.announcement, service.canApprove(request.user, i.announcement)),
              targets: i.targets,
              delivered: i.delivered,
              acknowledged: i.acknowledged,
              retractionFailed: i.retractionFailed,
            })),
          },
        };
      }),
    },
    {
      method: 'get',
      path: '/announcements/audience',
      handler: guarded(async () => {
        const active = await deps.conversations.listActive();
        const serviceId = deps.serviceChannelId ? baseConversationId(deps.serviceChannelId) : null;
        return {
          status: 200,
          body: {
            serviceChannel: serviceId ? { id: serviceId, installed: active.some((c) => c.id === serviceId) } : null,
            conversations: active.map((c) => ({
              id: c.id,
              kind: c.kind,
              teamId: c.teamId,
              teamName: c.teamName,
              channelName: c.channelName,
            })),
          },
        };
      }),
    },
    {
      method: 'post',
      path: '/announcements/preview',
      handler: guarded(async (request, lang) => {
        const { problems, draft } = checkDraft(rawFromTab(tabDraftSchema.parse(request.body)), new Date(), deps.linkPolicy);
        if (!draft) return problemsResponse(problems, lang);
        const card = announcementCard(
          draft.content,
          { id: '00000000-preview', revision: 0, revisionKind: null, revisedAt: null },
          { mode: 'multi' },
          { preview: true },
        );
        return { status: 200, body: { card, largestBytes: largestCardBytes(draft.content), masked: draft.masked } };
      }),
    },
    {
      method: 'post',
      path: '/announcements',
      handler: guarded(async (request, lang) => {
        const body = tabDraftSchema.extend({ requestId: cardIdSchema.optional() }).parse(request.body);
        const { problems, draft } = checkDraft(rawFromTab(body), new Date(), deps.linkPolicy);
        if (!draft) return problemsResponse(problems, lang);
        const outcome = await service.createDraft(request.user, draft, body.requestId);
        return { status: 201, body: outcomeJson(outcome, request.user) };
      }),
    },
    {
      method: 'get',
      path: '/announcements/:id',
      handler: guarded(async (request) => {
        const a = await service.get(request.user, idOf(request));
        const audit: ApiAuditEntry[] = await service.auditTrail(request.user, a.id);
        const preview = announcementCard(
          a,
          readerStateOf(a),
          { mode: 'multi' },
          { preview: ['draft', 'pending_approval', 'scheduled'].includes(a.status) ? true : 'sent' },
        );
        return { status: 200, body: { announcement: announcementJson(a, service.canApprove(request.user, a)), audit, preview } };
      }),
    },
    {
      method: 'put',
      path: '/announcements/:id',
      handler: guarded(async (request, lang) => {
        const body = tabDraftSchema.extend({ version: z.coerce.number().int().min(1) }).parse(request.body);
        const { problems, draft } = checkDraft(rawFromTab(body), new Date(), deps.linkPolicy);
        if (!draft) return problemsResponse(problems, lang);
        return {
          status: 200,
          body: outcomeJson(await service.updateDraft(request.user, idOf(request), body.version, draft), request.user),
        };
      }),
    },
    {
      method: 'del',
      path: '/announcements/:id',
      handler: guarded(async (request) => {
        const { version } = versionSchema.parse(request.query);
        return { status: 200, body: outcomeJson(await service.remove(request.user, idOf(request), version), request.user) };
      }),
    },
    {
      method: 'post',
      path: '/announcements/:id/duplicate',
      handler: guarded(async (request) => {
        const { requestId } = requestSchema.parse(request.body ?? {});
        return { status: 201, body: outcomeJson(await service.duplicate(request.user, idOf(request), requestId), request.user) };
      }),
    },
    versionedStep('submit', service.submit),
    versionedStep('approve', service.approve, 'approve-announcement'),
    versionedStep('reject', service.reject, 'approve-announcement'),
    versionedStep('unschedule', service.unschedule),
    {
      method: 'post',
      path: '/announcements/:id/revise',
      handler: guarded(async (request, lang) => {
        const body = tabRevisionSchema
          .extend({ version: z.coerce.number().int().min(1), requestId: cardIdSchema.optional() })
          .parse(request.body);
        const { problems, revision } = checkRevision(
          { ...rawFromTab({ ...body, audience: undefined }), kind: body.revisionKind, note: body.note },
          deps.linkPolicy,
        );
        if (!revision) return problemsResponse(problems, lang);
        return {
          status: 200,
          body: outcomeJson(await service.revise(request.user, idOf(request), body.version, revision, body.requestId), request.user),
        };
      }),
    },
    versionedStep('retract', service.retract),
    {
      method: 'post',
      path: '/announcements/:id/resend-failed',
      handler: guarded(async (request) => {
        const { requestId } = requestSchema.parse(request.body ?? {});
        return { status: 200, body: outcomeJson(await service.resendFailed(request.user, idOf(request), requestId), request.user) };
      }),
    },
    {
      method: 'get',
      path: '/announcements/:id/report',
      handler: guarded(async (request) => ({ status: 200, body: await service.report(request.user, idOf(request)) })),
    },
    {
      method: 'get',
      path: '/announcements/:id/report/csv',
      handler: guarded(async (request, lang) => {
        const part = request.query.part === 'people' ? 'people' : 'targets';
        const report = await service.report(request.user, idOf(request));
        const csv = reportCsv(report, part, lang, await service.institutionNames(lang));
        return { status: 200, csv, filename: `tiedote-${report.id.slice(0, 8)}-${part}.csv` };
      }),
    },
  ];
}
