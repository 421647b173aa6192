/**
 * Feedback and development proposals: filters (type, topic, status, only mine), order by votes or
 * recency, a vote button on every open item, paging, and for OPH the CSV export of everything.
 */
import { FEEDBACK_TYPES, STATUSES, TOPICS } from '../../../bot/features/feedback/model.js';
import { feedbackText, statusLabel, topicLabel, typeLabel } from '../../../bot/features/feedback/i18n.js';
import { announce, append, clear, h, uid } from '../dom.js';
import { downloadFile } from '../download.js';
import { formatDate, ui } from '../i18n.js';
import { pagesText } from '../i18n-pages.js';
import type { ViewContext } from '../context.js';
import { errorText, feedbackHref, statusPill, voteControl, type FeedbackItemJson } from './feedback-shared.js';
import { actionButton, checkbox, dropdown, selectedValue, stateBadge } from '../controls.js';
import type { Checkbox, Dropdown } from '@fluentui/web-components';

const PAGE_SIZE = 25;

interface Filters {
  type: string;
  topic: string;
  status: string;
  sort: 'votes' | 'recent';
  mine: boolean;
  offset: number;
}

// Kept between visits so "back to the list" returns to the same view (reset when another user signs in).
const filters: Filters = { type: 'proposal', topic: '', status: 'open', sort: 'votes', mine: false, offset: 0 };
let filtersOwner = '';

export async function renderFeedbackList(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const { lang } = ctx;
  const f = feedbackText[lang];
  const p = pagesText(lang);
  const t = ui(lang);
  if (filtersOwner !== `${ctx.me.tenantId}/${ctx.me.objectId}`) {
    filtersOwner = `${ctx.me.tenantId}/${ctx.me.objectId}`;
    // OPH handles every type; others start from the public development proposals.
    Object.assign(filters, {
      type: ctx.caps.triageFeedback ? '' : 'proposal',
      topic: '',
      status: 'open',
      sort: 'votes',
      mine: false,
      offset: 0,
    });
  }

  const count = h('p', { class: 'muted result-count', role: 'status' });
  const listHost = h('div', { class: 'feedback-results' });
  const pager = h('div', { class: 'pager' });

  const select = (name: 'type' | 'topic' | 'status' | 'sort', label: string, options: Array<[string, string]>) => {
    const id = uid(`fb-filter-${name}`);
    const labelId = `${id}-label`;
    const control: Dropdown = dropdown(
      {
        id,
        name,
        onchange: () => {
          (filters[name] as string) = selectedValue(control);
          filters.offset = 0;
          void refresh();
        },
      },
      options.map(([value, text]) => ({ value, label: text })),
      filters[name] as string,
      { labelledBy: labelId },
    );
    return h('div', { class: 'field' }, h('label', { for: id, id: labelId }, label), control);
  };
  const mineId = uid('fb-filter-mine');
  const filterForm = h(
    'form',
    { class: 'filters feedback-filters', role: 'search', 'aria-label': t.filtersTitle, onsubmit: (e: Event) => e.preventDefault() },
    select('type', f.filterType, [['', f.allTypes], ...FEEDBACK_TYPES.map((v): [string, string] => [v, typeLabel(v, lang)])]),
    select('topic', f.filterTopic, [['', f.allTopics], ...TOPICS.map((v): [string, string] => [v, topicLabel(v, lang)])]),
    select('status', f.filterStatus, [
      ['open', f.statusOpen],
      ['', f.statusAll],
      ...STATUSES.map((v): [string, string] => [v, statusLabel(v, lang)]),
    ]),
    select('sort', f.filterSort, [
      ['votes', f.sortVotes],
      ['recent', f.sortRecent],
    ]),
    h(
      'div',
      { class: 'field field-check' },
      checkbox({
        id: mineId,
        name: 'mine',
        checked: filters.mine,
        onchange: (e: Event) => {
          filters.mine = (e.target as Checkbox).checked;
          filters.offset = 0;
          void refresh();
        },
      }),
      h('label', { for: mineId }, p.onlyMine),
    ),
  );

  const heading = h('h1', { tabindex: '-1' }, f.formTitle);
  clear(main);
  append(main, [
    heading,
    h('p', { class: 'note' }, p.feedbackIntro),
    h(
      'div',
      { class: 'toolbar' },
      ctx.caps.giveFeedback
        ? h('a', { href: '#/feedback/new', class: 'button-link button-primary', 'data-action': 'new-feedback' }, f.newForm)
        : null,
      ctx.caps.triageFeedback && ctx.caps.exportData
        ? actionButton(
            'secondary',
            {
              type: 'button',
              'data-action': 'export',
              onclick: () => void downloadFile(ctx.api, '/feedback/export.csv').catch(() => announce(t.errorGeneric, 'error')),
            },
            t.exportCsv,
          )
        : null,
    ),
    h('section', { class: 'card', 'aria-label': t.filtersTitle }, filterForm, count, listHost, pager),
  ]);

  async function refresh(): Promise<void> {
    try {
      const data = await ctx.api.get<{ items: FeedbackItemJson[]; total: number }>('/feedback', {
        type: filters.type || undefined,
        topic: filters.topic || undefined,
        status: filters.status || undefined,
        sort: filters.sort,
        mine: filters.mine ? '1' : undefined,
        limit: String(PAGE_SIZE),
        offset: filters.offset ? String(filters.offset) : undefined,
      });
      count.textContent = data.items.length ? p.rangeShown(filters.offset + 1, filters.offset + data.items.length, data.total) : '';
      clear(listHost);
      listHost.appendChild(
        data.items.length ? h('ul', { class: 'feedback-list' }, ...data.items.map(row)) : h('p', { class: 'empty' }, f.listEmpty),
      );
      renderPager(data.total);
    } catch (error) {
      announce(errorText(error, lang), 'error');
    }
  }

  function renderPager(total: number): void {
    clear(pager);
    const page = (offset: number, label: string) =>
      actionButton(
        'secondary',
        {
          type: 'button',
          onclick: () => {
            filters.offset = Math.max(0, offset);
            void refresh().then(() => heading.focus());
          },
        },
        label,
      );
    if (filters.offset > 0) pager.appendChild(page(filters.offset - PAGE_SIZE, f.previousPage));
    if (filters.offset + PAGE_SIZE < total) pager.appendChild(page(filters.offset + PAGE_SIZE, f.nextPage));
  }

  function row(item: FeedbackItemJson): HTMLElement {
    const meta = [
      item.ref,
      typeLabel(item.type, lang),
      topicLabel(item.topic, lang),
      item.institution?.name ?? null,
      formatDate(lang, item.createdAt),
      p.commentCount(item.commentCount),
    ].filter((x): x is string => Boolean(x));
    return h(
      'li',
      { class: 'feedback-row', 'data-ref': item.ref },
      voteControl(ctx, item),
      h(
        'div',
        { class: 'feedback-main' },
        h('a', { href: feedbackHref(item.ref), class: 'feedback-title' }, item.title),
        h('p', { class: 'meta' }, meta.join(' · '), item.mine ? stateBadge('active', { class: 'badge mine-badge' }, p.mineBadge) : null),
      ),
      statusPill(item.status, lang),
    );
  }

  await refresh();
  heading.focus({ preventScroll: true });
}
