/**
 * Tab API of the escalation half, for OPH: knowledge gaps (JSON and CSV), tickets and KB drafts.
 * Every route authorises on the server; query strings are validated like card data.
 */
import { z } from 'zod';
import { authorize } from '../../../auth/authorize.js';
import { AppError } from '../../../errors.js';
import type { GapGroup, GapReport, GuidanceRepository, KbDraft, Ticket, TicketState } from '../../../store/guidance-repository.js';
import type { ApiGapGroup, ApiGaps, ApiKbDraft, ApiKbDrafts, ApiTicket, ApiTickets } from '../../../tab-api/escalation.js';
import type { Lang } from '../../../i18n/index.js';
import { helsinkiDate } from '../../../i18n/dates.js';
import type { TabRequest, TabRoute } from '../../types.js';
import { DEFAULT_GAP_DAYS, gapsCsv, loadGaps, MAX_GAP_DAYS } from './gaps.js';

export interface EscalationTabDeps {
  repository: GuidanceRepository;
  clock?: () => Date;
  /** An article's title in the reader's language (null when the KB no longer has it), so the gaps page shows titles, not ids. */
  articleTitle?: (articleId: string, lang: Lang) => string | null;
}

/** Titles of every article the gap groups mention, in `lang`; ids the KB no longer knows are left out. */
function articleTitles(report: GapReport, lang: Lang, titleOf: EscalationTabDeps['articleTitle']): Record<string, string> {
  const titles: Record<string, string> = {};
  if (!titleOf) return titles;
  for (const group of [...report.unanswered, ...report.downvoted]) {
    for (const id of group.articleIds) {
      if (id in titles) continue;
      const title = titleOf(id, lang);
      if (title) titles[id] = title;
    }
  }
  return titles;
}

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const gapsQuery = z.object({
  days: int(1, MAX_GAP_DAYS).optional(),
  limit: int(1, 500).optional(),
});
const ticketsQuery = z.object({
  state: z.enum(['open', 'assigned', 'answered', 'closed']).optional(),
  limit: int(1, 500).optional(),
});
const draftsQuery = z.object({ limit: int(1, 1000).optional() });

function parseQuery<S extends z.ZodType>(schema: S, query: TabRequest['query']): z.output<S> {
  const result = schema.safeParse(query);
  if (!result.success) throw new AppError('VALIDATION', 'invalid query');
  return result.data;
}

/** What an admin list shows of a ticket: no conversation or activity ids, no object ids. */
function publicTicket(t: Ticket): ApiTicket {
  return {
    id: t.id,
    ref: t.ref,
    state: t.state,
    lang: t.lang,
    question: t.question,
    articleId: t.articleId,
    askerName: t.asker.name,
    institutionId: t.askerInstitutionId,
    institutionNames: t.institutionNames,
    conversationKind: t.conversationKind,
    assigneeName: t.assignee?.name ?? null,
    assignedAt: t.assignedAt,
    answer: t.answer,
    answeredByName: t.answeredBy?.name ?? null,
    answeredAt: t.answeredAt,
    closedAt: t.closedAt,
    expertPostState: t.expertPostState,
    delivery: t.delivery,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

function gapGroupJson(g: GapGroup): ApiGapGroup {
  return {
    questionNorm: g.questionNorm,
    question: g.question,
    count: g.count,
    firstAt: g.firstAt,
    lastAt: g.lastAt,
    langs: g.langs,
    articleIds: g.articleIds,
    comments: g.comments,
  };
}

function kbDraftJson(d: KbDraft): ApiKbDraft {
  return {
    id: d.id,
    ticketId: d.ticketId,
    ticketRef: d.ticketRef,
    lang: d.lang,
    question: d.question,
    answer: d.answer,
    articleId: d.articleId,
    createdAt: d.createdAt,
  };
}

/** Exported CSV file name: the export date (a Finnish calendar day) keeps several downloads apart. */
const csvName = (now: Date) => `tietopankin-aukot-${helsinkiDate(now)}.csv`;

export function escalationTabRoutes(deps: EscalationTabDeps): TabRoute[] {
  const clock = deps.clock ?? (() => new Date());
  return [
    {
      method: 'get',
      path: '/gaps',
      async handler(request) {
        authorize(request.user, 'view-knowledge-gaps');
        const q = parseQuery(gapsQuery, request.query);
        const days = q.days ?? DEFAULT_GAP_DAYS;
        const report = await loadGaps(deps.repository, clock(), days, q.limit ?? 50);
        const body: ApiGaps = {
          days,
          since: report.since,
          unanswered: report.unanswered.map(gapGroupJson),
          downvoted: report.downvoted.map(gapGroupJson),
          articleTitles: articleTitles(report, request.user.lang, deps.articleTitle),
        };
        return { status: 200, body };
      },
    },
    {
      method: 'get',
      path: '/gaps/export.csv',
      async handler(request) {
        authorize(request.user, 'view-knowledge-gaps');
        const q = parseQuery(gapsQuery, request.query);
        const now = clock();
        const report = await loadGaps(deps.repository, now, q.days ?? DEFAULT_GAP_DAYS, q.limit ?? 500);
        return { status: 200, csv: gapsCsv(report, request.user.lang), filename: csvName(now) };
      },
    },
    {
      method: 'get',
      path: '/tickets',
      async handler(request) {
        authorize(request.user, 'answer-tickets');
        const q = parseQuery(ticketsQuery, request.query);
        const states: TicketState[] | undefined = q.state ? [q.state] : undefined;
        const tickets = await deps.repository.listTickets({ ...(states ? { states } : {}), limit: q.limit ?? 100 });
        return { status: 200, body: { tickets: tickets.map(publicTicket) } satisfies ApiTickets };
      },
    },
    {
      method: 'get',
      path: '/kb-drafts',
      async handler(request) {
        authorize(request.user, 'answer-tickets');
        const q = parseQuery(draftsQuery, request.query);
        return {
          status: 200,
          body: { drafts: (await deps.repository.listKbDrafts(q.limit ?? 200)).map(kbDraftJson) } satisfies ApiKbDrafts,
        };
      },
    },
  ];
}
