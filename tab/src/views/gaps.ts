/**
 * Knowledge gaps for OPH: questions the bot could not answer confidently and answers voted 👎, grouped by
 * question (count, kind, first and latest time asked), with the CSV export; below them the expert
 * tickets and the knowledge-base drafts saved from answers.
 */
import type { Lang } from '../../../bot/i18n/index.js';
import { escalationText } from '../../../bot/features/guidance/escalation/i18n.js';
import type { ApiGapGroup as GapGroup, ApiKbDraft as KbDraft, ApiTicketState as TicketState } from '../api.js';
import { announce, append, clear, h, uid } from '../dom.js';
import { downloadFile } from '../download.js';
import { formatDateTime, ui } from '../i18n.js';
import { pagesText } from '../i18n-pages.js';
import { ticketAnswerCell } from './ticket-answer.js';
import type { ViewContext } from '../context.js';
import type { Dropdown } from '@fluentui/web-components';
import { actionButton, dropdown, selectedValue, stateBadge, toneOf } from '../controls.js';

interface GapsResponse {
  days: number;
  since: string;
  unanswered: GapGroup[];
  downvoted: GapGroup[];
  /** Article id → title in the reader's language; an id missing here is shown as is. */
  articleTitles?: Record<string, string>;
}

interface TicketJson {
  id: string;
  ref: string;
  state: TicketState;
  lang: string;
  question: string;
  articleId: string | null;
  askerName: string;
  institutionNames: { fi: string; sv: string; en: string } | null;
  assigneeName: string | null;
  answer: string | null;
  answeredByName: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  delivery: string | null;
  createdAt: string;
}

type Kind = 'unanswered' | 'downvoted';
type GapRow = GapGroup & { kind: Kind };
type SortKey = 'count' | 'lastAt';

const DAY_CHOICES = [7, 30, 90, 365];
const TICKET_STATES: TicketState[] = ['open', 'assigned', 'answered', 'closed'];
const state: { days: number; sort: SortKey; dir: 'asc' | 'desc'; ticketState: string } = {
  days: 90,
  sort: 'lastAt',
  dir: 'desc',
  ticketState: '',
};

function ticketStateLabel(value: TicketState, lang: Lang): string {
  const e = escalationText[lang];
  return { open: e.stateOpen, assigned: e.stateAssigned, answered: e.stateAnswered, closed: e.stateClosed }[value];
}

/** Article titles for the reader; an id the KB no longer knows stays visible as code. */
export function articleNames(ids: readonly string[], titles: Readonly<Record<string, string>>): string {
  return ids.map((id) => titles[id] ?? id).join(', ');
}

export async function renderGaps(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const { lang } = ctx;
  const e = escalationText[lang];
  const p = pagesText(lang);
  const t = ui(lang);

  const gaps = await ctx.api.get<GapsResponse>('/gaps', { days: String(state.days), limit: '200' });
  const rows: GapRow[] = [
    ...gaps.unanswered.map((g) => ({ ...g, kind: 'unanswered' as const })),
    ...gaps.downvoted.map((g) => ({ ...g, kind: 'downvoted' as const })),
  ];

  const daysId = uid('gaps-days');
  const heading = h('h1', { tabindex: '-1' }, e.gapsSummary);
  const tableHost = h('div', { class: 'table-wrap' });
  const ticketsHost = h('div', { class: 'table-wrap' });
  const draftsHost = h('div', { class: 'table-wrap' });

  clear(main);
  append(main, [
    heading,
    h('p', { class: 'note' }, p.gapsIntro),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'gaps-title' },
      h('h2', { id: 'gaps-title' }, e.gapsTitle(gaps.days)),
      h(
        'div',
        { class: 'toolbar' },
        h(
          'div',
          { class: 'field field-inline' },
          h('label', { for: daysId, id: `${daysId}-label` }, p.gapsPeriod),
          dropdown(
            {
              id: daysId,
              name: 'days',
              onchange: (ev: Event) => {
                state.days = Number(selectedValue(ev.currentTarget as Dropdown));
                void renderGaps(ctx, main);
              },
            },
            DAY_CHOICES.map((d) => ({ value: String(d), label: p.lastDays(d) })),
            String(state.days),
            { labelledBy: `${daysId}-label` },
          ),
        ),
        actionButton(
          'secondary',
          {
            type: 'button',
            'data-action': 'export',
            onclick: () => void downloadFile(ctx.api, `/gaps/export.csv?days=${state.days}`).catch(() => announce(t.errorGeneric, 'error')),
          },
          t.exportCsv,
        ),
      ),
      h('p', { class: 'muted result-count', role: 'status' }, p.gapsCounts(gaps.unanswered.length, gaps.downvoted.length)),
      tableHost,
    ),
    ctx.caps.answerTickets
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'tickets-title' },
          h('h2', { id: 'tickets-title' }, p.ticketsTitle),
          ticketFilter(),
          ticketsHost,
        )
      : null,
    ctx.caps.answerTickets
      ? h('section', { class: 'card', 'aria-labelledby': 'drafts-title' }, h('h2', { id: 'drafts-title' }, p.draftsTitle), draftsHost)
      : null,
  ]);
  drawGaps();
  if (ctx.caps.answerTickets) await Promise.all([loadTickets(), loadDrafts()]);
  heading.focus({ preventScroll: true });

  function drawGaps(): void {
    clear(tableHost);
    if (!rows.length) {
      tableHost.appendChild(h('p', { class: 'empty' }, e.gapsNone));
      return;
    }
    const sorted = [...rows].sort((a, b) => {
      const diff = state.sort === 'count' ? a.count - b.count : a.lastAt.localeCompare(b.lastAt);
      return (state.dir === 'asc' ? diff : -diff) || b.count - a.count;
    });
    const sortHeader = (key: SortKey, label: string) => {
      const active = state.sort === key;
      return h(
        'th',
        { scope: 'col', 'aria-sort': active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none' },
        h(
          'button',
          {
            type: 'button',
            class: 'sort-button',
            'data-sort': key,
            title: t.sortBy(label),
            onclick: () => {
              state.dir = active && state.dir === 'desc' ? 'asc' : 'desc';
              state.sort = key;
              drawGaps();
              tableHost.querySelector<HTMLElement>(`[data-sort="${key}"]`)?.focus();
            },
          },
          label,
          h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''),
        ),
      );
    };
    tableHost.appendChild(
      h(
        'table',
        { class: 'gaps-table stack-table' },
        h('caption', { class: 'sr-only' }, e.gapsTitle(gaps.days)),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, e.csvQuestion),
            sortHeader('count', e.csvCount),
            h('th', { scope: 'col' }, p.colKind),
            sortHeader('lastAt', p.colLastAsked),
            h('th', { scope: 'col' }, e.csvFirst),
            h('th', { scope: 'col' }, e.csvLangs),
            h('th', { scope: 'col' }, e.csvArticles),
          ),
        ),
        h(
          'tbody',
          {},
          ...sorted.map((g) =>
            h(
              'tr',
              { 'data-kind': g.kind },
              h(
                'th',
                { scope: 'row', 'data-label': e.csvQuestion },
                h('span', { class: 'question' }, g.question),
                ...g.comments.map((c) => h('span', { class: 'gap-comment muted' }, e.gapsComment(c))),
              ),
              h('td', { 'data-label': e.csvCount, class: 'num' }, g.count),
              h(
                'td',
                { 'data-label': p.colKind },
                stateBadge(
                  toneOf(g.kind),
                  { class: `gap-kind gap-${g.kind}` },
                  g.kind === 'unanswered' ? p.kindUnanswered : p.kindDownvoted,
                ),
              ),
              h('td', { 'data-label': p.colLastAsked }, formatDateTime(lang, g.lastAt)),
              h('td', { 'data-label': e.csvFirst }, formatDateTime(lang, g.firstAt)),
              h('td', { 'data-label': e.csvLangs }, g.langs.join(', ') || '–'),
              h('td', { 'data-label': e.csvArticles }, g.articleIds.length ? articleNames(g.articleIds, gaps.articleTitles ?? {}) : '–'),
            ),
          ),
        ),
      ),
    );
  }

  function ticketFilter(): HTMLElement {
    const id = uid('tickets-state');
    return h(
      'div',
      { class: 'toolbar' },
      h(
        'div',
        { class: 'field field-inline' },
        h('label', { for: id, id: `${id}-label` }, e.factState),
        dropdown(
          {
            id,
            name: 'ticketState',
            onchange: (ev: Event) => {
              state.ticketState = selectedValue(ev.currentTarget as Dropdown);
              void loadTickets();
            },
          },
          [{ value: '', label: t.filterAll }, ...TICKET_STATES.map((s) => ({ value: s, label: ticketStateLabel(s, lang) }))],
          state.ticketState,
          { labelledBy: `${id}-label` },
        ),
      ),
    );
  }

  async function loadTickets(): Promise<void> {
    try {
      const { tickets } = await ctx.api.get<{ tickets: TicketJson[] }>('/tickets', { state: state.ticketState || undefined, limit: '200' });
      clear(ticketsHost);
      if (!tickets.length) {
        ticketsHost.appendChild(h('p', { class: 'empty' }, p.ticketsNone));
        return;
      }
      const answerCell = (ticket: TicketJson) => ticketAnswerCell(ticket, lang);
      const institution = (names: TicketJson['institutionNames']) => (names ? names[lang] || names.fi : null);
      ticketsHost.appendChild(
        h(
          'table',
          { class: 'tickets-table stack-table' },
          h('caption', { class: 'sr-only' }, p.ticketsTitle),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[p.colRef, e.factState, e.csvQuestion, e.factAsker, e.factReceived, e.factAssignee, e.answerHeading].map((label) =>
                h('th', { scope: 'col' }, label),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            ...tickets.map((ticket) =>
              h(
                'tr',
                { 'data-ref': ticket.ref },
                h('th', { scope: 'row', 'data-label': p.colRef }, ticket.ref),
                h(
                  'td',
                  { 'data-label': e.factState },
                  stateBadge(toneOf(ticket.state), { class: `ticket-${ticket.state}` }, ticketStateLabel(ticket.state, lang)),
                ),
                h('td', { 'data-label': e.csvQuestion, class: 'prewrap' }, ticket.question),
                h(
                  'td',
                  { 'data-label': e.factAsker },
                  ticket.askerName || e.unknownPerson,
                  institution(ticket.institutionNames) ? h('span', { class: 'muted block' }, institution(ticket.institutionNames)) : null,
                ),
                h('td', { 'data-label': e.factReceived }, formatDateTime(lang, ticket.createdAt)),
                h('td', { 'data-label': e.factAssignee }, ticket.assigneeName ?? '–'),
                h(
                  'td',
                  { 'data-label': e.answerHeading, class: 'prewrap' },
                  answerCell(ticket).text,
                  answerCell(ticket).meta ? h('span', { class: 'muted block' }, answerCell(ticket).meta) : null,
                  ticket.delivery === 'failed' ? h('span', { class: 'warning block' }, e.deliveryFailed) : null,
                ),
              ),
            ),
          ),
        ),
      );
    } catch {
      announce(t.errorGeneric, 'error');
    }
  }

  async function loadDrafts(): Promise<void> {
    try {
      const { drafts } = await ctx.api.get<{ drafts: KbDraft[] }>('/kb-drafts', { limit: '200' });
      clear(draftsHost);
      if (!drafts.length) {
        draftsHost.appendChild(h('p', { class: 'empty' }, p.draftsNone));
        return;
      }
      draftsHost.appendChild(
        h(
          'table',
          { class: 'drafts-table stack-table' },
          h('caption', { class: 'sr-only' }, p.draftsTitle),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[p.colRef, e.csvQuestion, e.answerHeading, e.factLang, p.colSaved].map((label) => h('th', { scope: 'col' }, label)),
            ),
          ),
          h(
            'tbody',
            {},
            ...drafts.map((d) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row', 'data-label': p.colRef }, d.ticketRef),
                h('td', { 'data-label': e.csvQuestion, class: 'prewrap' }, d.question),
                h('td', { 'data-label': e.answerHeading, class: 'prewrap' }, d.answer),
                h('td', { 'data-label': e.factLang }, d.lang),
                h('td', { 'data-label': p.colSaved }, formatDateTime(lang, d.createdAt)),
              ),
            ),
          ),
        ),
      );
    } catch {
      announce(t.errorGeneric, 'error');
    }
  }
}
