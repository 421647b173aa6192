/** Overview: summary charts, filters, and the sortable table of every institution. */
import type { Lang } from '../../../bot/i18n/index.js';
import type { ApiOverviewRow as OverviewRow, ApiSummary as Summary } from '../api.js';
import {
  institutionName,
  routeLabel,
  statusLabel,
  stepName,
  tOnboarding,
  typeLabel,
  vendorLabel,
} from '../../../bot/features/onboarding/i18n.js';
import { COMPLETED_STEP, INSTITUTION_TYPES, ROUTES, STEP_NUMBERS, VENDORS } from '../../../bot/features/onboarding/model.js';
import { announce, clear, h, uid } from '../dom.js';
import { formatDate, ui } from '../i18n.js';
import { liveChart, stepsChart } from '../charts.js';
import type { ViewContext } from '../context.js';
import type { Dropdown, TextInput } from '@fluentui/web-components';
import { actionButton, dropdown, selectedValue, textInput } from '../controls.js';
import { labelFluentText } from '../forms.js';

type SortKey = 'name' | 'type' | 'progress' | 'step' | 'route' | 'vendor' | 'goLive';
interface Filters {
  step: string;
  route: string;
  vendor: string;
  type: string;
  q: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
}

// Kept between visits so "back to the overview" returns to the same filtered view.
const filters: Filters = { step: '', route: '', vendor: '', type: '', q: '', sort: 'name', dir: 'asc' };

export async function renderOverview(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const { lang } = ctx;
  const t = ui(lang);
  const o = tOnboarding(lang);
  const listQuery = () => ({
    step: filters.step || undefined,
    route: filters.route || undefined,
    vendor: filters.vendor || undefined,
    type: filters.type || undefined,
    q: filters.q.trim() || undefined,
    sort: filters.sort,
    dir: filters.dir,
    lang,
  });
  type ListResponse = { items: OverviewRow[]; total: number };
  // The first list is asked for together with the summary, not after it: one round trip less before the
  // table shows (npm run bench:tab). refresh() takes it; later refreshes ask again.
  let firstList: Promise<ListResponse> | null = ctx.api.get<ListResponse>('/institutions', listQuery());
  firstList.catch(() => undefined);
  const summary = await ctx.api.get<Summary>('/summary');

  const resultRegion = h('div', { class: 'results' });
  const count = h('p', { class: 'muted result-count', role: 'status' });
  const tableHost = h('div', { class: 'table-wrap' });
  resultRegion.append(count, tableHost);

  const heading = h('h1', { tabindex: '-1' }, t.appTitle);
  const stats = h(
    'p',
    { class: 'stats' },
    h('strong', {}, t.statTotal(summary.total)),
    ' · ',
    t.statLive(summary.live),
    ' · ',
    t.statCompleted(summary.completed),
  );

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const select = (name: keyof Filters, label: string, options: Array<[string, string]>) => {
    const id = uid(`filter-${name}`);
    const labelId = `${id}-label`;
    const control: Dropdown = dropdown(
      { id, name, onchange: () => (((filters[name] as string) = selectedValue(control)), void refresh()) },
      [{ value: '', label: t.filterAll }, ...options.map(([value, text]) => ({ value, label: text }))],
      filters[name] as string,
      { labelledBy: labelId },
    );
    return h('div', { class: 'field' }, h('label', { for: id, id: labelId }, label), control);
  };
  const search: TextInput = textInput(
    {
      id: uid('filter-q'),
      type: 'search',
      name: 'q',
      maxlength: 100,
      autocomplete: 'off',
      oninput: () => {
        filters.q = search.value;
        clearTimeout(searchTimer);
        searchTimer = setTimeout(() => void refresh(), 250);
      },
    },
    filters.q,
  );
  labelFluentText(search, t.filterSearch);
  const filterForm = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': t.filtersTitle,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void refresh();
      },
    },
    h('div', { class: 'field field-wide' }, search),
    select('step', t.colStep, [
      ...STEP_NUMBERS.map((s): [string, string] => [String(s), `${s}. ${stepName(lang, s)}`]),
      ['done', o.completed],
    ]),
    select('route', o.field_route, [...ROUTES.map((r): [string, string] => [r, routeLabel(lang, r)]), ['none', t.filterNone]]),
    select('vendor', o.field_vendor, [...VENDORS.map((v): [string, string] => [v, vendorLabel(lang, v)]), ['none', t.filterNone]]),
    select(
      'type',
      o.cardType,
      INSTITUTION_TYPES.map((x): [string, string] => [x, typeLabel(lang, x)]),
    ),
    h(
      'div',
      { class: 'field field-actions' },
      actionButton(
        'secondary',
        {
          type: 'button',
          onclick: () => {
            Object.assign(filters, { step: '', route: '', vendor: '', type: '', q: '' });
            void renderAgain();
          },
        },
        t.clearFilters,
      ),
      ctx.me.permissions.exportData ? actionButton('secondary', { type: 'button', onclick: () => void exportCsv(ctx) }, t.exportCsv) : null,
    ),
  );

  const renderAgain = async () => {
    clear(main);
    await renderOverview(ctx, main);
  };

  clear(main);
  main.append(
    heading,
    stats,
    h(
      'section',
      { class: 'card charts', 'aria-label': t.summaryTitle },
      h('h2', {}, t.summaryTitle),
      h(
        'div',
        { class: 'chart-grid' },
        stepsChart(summary, lang, (step) => {
          filters.step = step;
          void renderAgain();
        }),
        liveChart(summary, lang),
      ),
    ),
    h('section', { class: 'card', 'aria-label': t.filtersTitle }, filterForm, resultRegion),
  );

  async function refresh(): Promise<void> {
    try {
      const pending = firstList;
      firstList = null;
      const data = await (pending ?? ctx.api.get<ListResponse>('/institutions', listQuery()));
      count.textContent = t.showing(data.items.length, data.total);
      clear(tableHost);
      tableHost.appendChild(data.items.length ? table(data.items) : h('p', { class: 'empty' }, t.noResults));
    } catch {
      announce(t.errorGeneric, 'error');
    }
  }

  function table(rows: OverviewRow[]): HTMLElement {
    const columns: Array<{ key: SortKey; label: string }> = [
      { key: 'name', label: t.colName },
      { key: 'type', label: o.cardType },
      { key: 'step', label: t.colStep },
      { key: 'progress', label: t.colProgress },
      { key: 'route', label: o.field_route },
      { key: 'vendor', label: o.field_vendor },
      { key: 'goLive', label: o.field_goLiveDate },
    ];
    const head = h(
      'tr',
      {},
      ...columns.map((c) => {
        const active = filters.sort === c.key;
        return h(
          'th',
          { scope: 'col', 'aria-sort': active ? (filters.dir === 'asc' ? 'ascending' : 'descending') : 'none' },
          h(
            'button',
            {
              type: 'button',
              class: 'sort-button',
              'data-sort': c.key,
              title: t.sortBy(c.label),
              onclick: () => {
                filters.dir = active && filters.dir === 'asc' ? 'desc' : 'asc';
                filters.sort = c.key;
                void refresh().then(() => (tableHost.querySelector(`[data-sort="${c.key}"]`) as HTMLElement | null)?.focus());
              },
            },
            c.label,
            h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (filters.dir === 'asc' ? ' ▲' : ' ▼') : ''),
          ),
        );
      }),
    );
    return h(
      'table',
      { class: 'overview-table' },
      h('caption', { class: 'sr-only' }, t.appTitle),
      h('thead', {}, head),
      h('tbody', {}, ...rows.map((row) => rowElement(row, lang))),
    );
  }

  await refresh();
  heading.focus({ preventScroll: true });
}

function rowElement(row: OverviewRow, lang: Lang): HTMLElement {
  const t = ui(lang);
  const o = tOnboarding(lang);
  const stepText = row.currentStep === COMPLETED_STEP ? o.completed : `${row.currentStep}. ${stepName(lang, row.currentStep)}`;
  return h(
    'tr',
    { 'data-id': row.id },
    h(
      'th',
      { scope: 'row', 'data-label': t.colName },
      h('a', { href: `#/institution/${encodeURIComponent(row.id)}` }, institutionName(lang, row)),
    ),
    h('td', { 'data-label': o.cardType }, typeLabel(lang, row.type)),
    h('td', { 'data-label': t.colStep }, stepText),
    h('td', { 'data-label': t.colProgress }, progressBar(row, lang)),
    h('td', { 'data-label': o.field_route }, row.route ? routeLabel(lang, row.route) : '–'),
    h('td', { 'data-label': o.field_vendor }, row.vendor ? vendorLabel(lang, row.vendor) : '–'),
    h(
      'td',
      { 'data-label': o.field_goLiveDate },
      row.goLiveDate ? h('span', { class: row.live ? 'live' : 'planned' }, formatDate(lang, row.goLiveDate)) : '–',
    ),
  );
}

/** Seven segments, one per step, coloured by status; the percentage is the accessible value. */
export function progressBar(row: { progress: number; stepStatuses: string[] }, lang: Lang): HTMLElement {
  const t = ui(lang);
  return h(
    'div',
    {
      class: 'progress',
      role: 'progressbar',
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': row.progress,
      'aria-label': t.progressLabel(row.progress),
    },
    h(
      'span',
      { class: 'segments', 'aria-hidden': 'true' },
      ...row.stepStatuses.map((status, i) =>
        h('span', {
          class: `segment segment-${status}`,
          title: `${i + 1}. ${stepName(lang, i + 1)}: ${statusLabel(lang, status as 'done')}`,
        }),
      ),
    ),
    h('span', { class: 'progress-text' }, `${row.progress} %`),
  );
}

async function exportCsv(ctx: ViewContext): Promise<void> {
  try {
    const { blob, filename } = await ctx.api.download('/institutions/export.csv');
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: filename, class: 'sr-only' });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch {
    announce(ui(ctx.lang).errorGeneric, 'error');
  }
}
