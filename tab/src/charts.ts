/**
 * The two summary charts, drawn with plain CSS and SVG (no chart library). Each has a text
 * alternative for screen readers and a visible count on every bar.
 */
import type { Lang } from '../../bot/i18n/index.js';
import type { ApiSummary as Summary } from './api.js';
import { stepName, tOnboarding } from '../../bot/features/onboarding/i18n.js';
import { STEP_NUMBERS } from '../../bot/features/onboarding/model.js';
import { h, svg, uid } from './dom.js';
import { formatMonth, ui } from './i18n.js';

/** Horizontal bars: how many institutions are at each step now (plus "every step done"). */
export function stepsChart(summary: Summary, lang: Lang, onPick?: (step: string) => void): HTMLElement {
  const t = ui(lang);
  const rows = [
    ...STEP_NUMBERS.map((step) => ({
      key: String(step),
      label: `${step}. ${stepName(lang, step)}`,
      count: summary.atStep[step - 1] ?? 0,
      done: false,
    })),
    { key: 'done', label: tOnboarding(lang).completed, count: summary.completed, done: true },
  ];
  const max = Math.max(1, ...rows.map((r) => r.count));
  const titleId = uid('chart-title');
  return h(
    'figure',
    { class: 'chart', 'aria-labelledby': titleId },
    h('figcaption', { id: titleId, class: 'chart-title' }, t.chartSteps),
    h(
      'ul',
      { class: 'bar-list', 'aria-label': t.chartStepsSummary(rows.map((r) => `${r.label}: ${r.count}`).join(', ')) },
      ...rows.map((row) => {
        const fill = h('span', { class: `bar-fill${row.done ? ' bar-fill-done' : ''}` });
        fill.style.width = `${(row.count / max) * 100}%`;
        const content = [
          h('span', { class: 'bar-label' }, row.label),
          h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
          h('span', { class: 'bar-count' }, row.count),
        ];
        return h(
          'li',
          { class: 'bar-row' },
          onPick
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'bar-button',
                  'data-step': row.key,
                  title: `${row.label}: ${row.count}`,
                  onclick: () => onPick(row.key),
                },
                ...content,
              )
            : h('span', { class: 'bar-button' }, ...content),
        );
      }),
    ),
  );
}

/** Below this viewport width the go-live chart is laid out for the narrow width (Teams mobile, 400 px). */
export const NARROW_CHART_QUERY = '(max-width: 480px)';
/** The width, in SVG units, the narrow layout is drawn for: about the chart's width in pixels at 400 px. */
export const NARROW_CHART_WIDTH = 340;
/** Room a month label ("tammi 25" at 9 px) needs, in SVG units. */
const MONTH_LABEL_UNITS = 46;

export interface MonthChartLayout {
  barWidth: number;
  gap: number;
  /** Room on both sides so the first and last month labels are not clipped. */
  inset: number;
  /** Every how many months a month label is drawn. */
  labelEvery: number;
  /** viewBox width. */
  width: number;
}

/**
 * Where the bars go. The SVG scales to its box, text included, so a layout drawn for a wide screen and
 * shrunk to 400 px has 5 px labels and a planned bar squeezed against the edge: for a narrow screen
 * (`targetWidth`) the bars are drawn thinner instead, so one SVG unit stays about one pixel.
 */
export function monthChartLayout(months: number, targetWidth: number | null = null): MonthChartLayout {
  const inset = 14;
  let barWidth = 18;
  let gap = 8;
  const natural = months * (barWidth + gap) + gap + 2 * inset;
  if (targetWidth !== null && natural > targetWidth) {
    const slot = (targetWidth - 2 * inset) / (months + 0.3);
    gap = slot * 0.3;
    barWidth = slot - gap;
  }
  const slot = barWidth + gap;
  const byCount = months > 18 ? 3 : months > 9 ? 2 : 1;
  const labelEvery = Math.max(byCount, Math.ceil(MONTH_LABEL_UNITS / slot));
  return { barWidth, gap, inset, labelEvery, width: months * slot + gap + 2 * inset };
}

function narrowScreen(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(NARROW_CHART_QUERY).matches;
}

/** Vertical bars per month: go-lives that happened (solid) and planned ones (outlined). */
export function liveChart(summary: Summary, lang: Lang): HTMLElement {
  const t = ui(lang);
  const titleId = uid('chart-title');
  const months = summary.liveByMonth;
  const figure = h(
    'figure',
    { class: 'chart', 'aria-labelledby': titleId },
    h('figcaption', { id: titleId, class: 'chart-title' }, t.chartLive),
  );
  if (!months.length) {
    figure.appendChild(h('p', { class: 'muted' }, t.chartEmpty));
    return figure;
  }
  const wrap = h('div', { class: 'month-chart-wrap' }, monthChart(summary, lang, narrowScreen()));
  // Turning a phone or resizing the panel across the breakpoint redraws the bars for the new width.
  if (typeof window !== 'undefined' && typeof window.matchMedia === 'function') {
    const query = window.matchMedia(NARROW_CHART_QUERY);
    const redraw = (event: MediaQueryListEvent) => {
      if (!wrap.isConnected) query.removeEventListener('change', redraw);
      else wrap.replaceChildren(monthChart(summary, lang, event.matches));
    };
    query.addEventListener('change', redraw);
  }
  figure.appendChild(wrap);
  figure.appendChild(
    h(
      'p',
      { class: 'legend', 'aria-hidden': 'true' },
      h('span', { class: 'legend-swatch legend-live' }),
      t.legendLive,
      ' ',
      h('span', { class: 'legend-swatch legend-planned' }),
      t.legendPlanned,
    ),
  );
  return figure;
}

function monthChart(summary: Summary, lang: Lang, narrow: boolean): SVGElement {
  const t = ui(lang);
  const months = summary.liveByMonth;
  const { barWidth, gap, inset, labelEvery, width } = monthChartLayout(months.length, narrow ? NARROW_CHART_WIDTH : null);
  const plotHeight = 110;
  const top = 16;
  const labelSpace = 34;
  const height = top + plotHeight + labelSpace;
  const max = Math.max(1, ...months.map((m) => m.live + m.planned));
  const description = t.chartLiveSummary(
    months
      .filter((m) => m.live || m.planned)
      .map((m) => `${formatMonth(lang, m.month)} ${m.live}${m.planned ? ` + ${m.planned} ${t.legendPlanned.toLowerCase()}` : ''}`)
      .join(', '),
  );

  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'month-chart',
    role: 'img',
    'aria-label': description,
    preserveAspectRatio: 'xMinYMid meet',
    'data-layout': narrow ? 'narrow' : 'wide',
  });
  chart.appendChild(svg('line', { x1: 0, x2: width, y1: top + plotHeight + 0.5, y2: top + plotHeight + 0.5, class: 'axis' }));
  months.forEach((m, i) => {
    const x = inset + gap + i * (barWidth + gap);
    const liveHeight = (m.live / max) * plotHeight;
    const plannedHeight = (m.planned / max) * plotHeight;
    const baseline = top + plotHeight;
    const group = svg(
      'g',
      {},
      svg('title', {}, `${formatMonth(lang, m.month)}: ${t.legendLive} ${m.live}, ${t.legendPlanned} ${m.planned}`),
    );
    if (m.live)
      group.appendChild(svg('rect', { x, y: baseline - liveHeight, width: barWidth, height: liveHeight, class: 'bar-live', rx: 2 }));
    if (m.planned)
      group.appendChild(
        svg('rect', {
          x: x + 1,
          y: baseline - liveHeight - plannedHeight + 1,
          width: barWidth - 2,
          height: Math.max(plannedHeight - 2, 1),
          class: 'bar-planned',
          rx: 2,
        }),
      );
    const total = m.live + m.planned;
    if (total)
      group.appendChild(
        svg(
          'text',
          { x: x + barWidth / 2, y: baseline - liveHeight - plannedHeight - 4, class: 'bar-value', 'text-anchor': 'middle' },
          total,
        ),
      );
    if (i % labelEvery === 0) {
      group.appendChild(
        svg('text', { x: x + barWidth / 2, y: baseline + 14, class: 'month-label', 'text-anchor': 'middle' }, formatMonth(lang, m.month)),
      );
    }
    chart.appendChild(group);
  });
  return chart;
}
