/**
 * Offline evaluation of the engine against labelled question files (jsonl): the answer record the
 * `qa:answer` script writes, and the metrics `eval:qa` and the accuracy test compute from it.
 *
 * Definitions:
 * - hit@1: band answer AND one of the question's expected pages is among the top article's sources.
 * - hit@3: band is not unknown AND an expected page is among the sources of the top three articles.
 * - out-of-scope rejection: an out-of-scope question did not get band answer.
 * - must_mention coverage: share of must_mention strings found (case-insensitive) in the reply text;
 *   for an out-of-scope question that is the customer-service e-mail in the "don't know" text.
 */
import { z } from 'zod';
import { LANGS, type Lang } from '../../i18n/index.js';
import type { Band } from './bands.js';
import type { GuidanceAnswer } from './engine.js';
import { guidanceText } from './i18n.js';

export const questionLineSchema = z.object({
  id: z.string().min(1),
  question: z.string(),
  lang: z.enum(LANGS).optional(),
});
export type QuestionLine = z.infer<typeof questionLineSchema>;

export const labelledQuestionSchema = questionLineSchema.extend({
  expected_pages: z.array(z.string()).default([]),
  must_mention: z.array(z.string()).default([]),
  kind: z.enum(['in_scope', 'out_of_scope']),
});
export type LabelledQuestion = z.infer<typeof labelledQuestionSchema>;

export interface AnswerRecord {
  id: string;
  band: Band;
  /** Page keys of the top article. */
  sources: string[];
  /** Page keys of each of the top three articles (empty for band unknown). */
  suggestions: string[][];
  text: string;
}

export function parseJsonl<T>(content: string, schema: z.ZodType<T>, name = 'input'): T[] {
  return content
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, n }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new Error(`${name}:${n}: not valid JSON`);
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success)
        throw new Error(`${name}:${n}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

/** The reply as plain text, in the same words the cards use. */
export function replyText(answer: GuidanceAnswer): string {
  const t = guidanceText[answer.lang];
  if (answer.band === 'answer' && answer.top && answer.text) return `${answer.top.article.title}\n\n${answer.text.plain}`;
  if (answer.band === 'suggest') {
    return [t.suggestTitle, t.suggestIntro, ...answer.ranked.map((r) => `- ${r.article.title}`), t.suggestContact].join('\n');
  }
  return [t.unknownTitle, t.unknownBody].join('\n');
}

export function answerRecord(id: string, answer: GuidanceAnswer): AnswerRecord {
  const unknown = answer.band === 'unknown';
  return {
    id,
    band: answer.band,
    sources: unknown ? [] : (answer.top?.article.sources ?? []),
    suggestions: unknown ? [] : answer.ranked.map((r) => r.article.sources),
    text: replyText(answer),
  };
}

export interface Metrics {
  inScope: number;
  outOfScope: number;
  hit1: number;
  hit3: number;
  /** Out-of-scope questions that did not get band answer. */
  rejected: number;
  mentionFound: number;
  mentionTotal: number;
  /** Ids of in-scope misses at 1 and out-of-scope answers, for tuning. */
  misses: string[];
  oosAnswered: string[];
}

export interface Report {
  overall: Metrics;
  byLang: Partial<Record<Lang, Metrics>>;
}

const emptyMetrics = (): Metrics => ({
  inScope: 0,
  outOfScope: 0,
  hit1: 0,
  hit3: 0,
  rejected: 0,
  mentionFound: 0,
  mentionTotal: 0,
  misses: [],
  oosAnswered: [],
});

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

export function mentions(text: string, mustMention: readonly string[]): number {
  const haystack = normalise(text);
  return mustMention.filter((m) => haystack.includes(normalise(m))).length;
}

export function evaluate(questions: readonly LabelledQuestion[], records: ReadonlyMap<string, AnswerRecord>): Report {
  const overall = emptyMetrics();
  const byLang: Partial<Record<Lang, Metrics>> = {};
  for (const q of questions) {
    const record = records.get(q.id);
    const lang = q.lang ?? 'fi';
    const buckets = [overall, (byLang[lang] ??= emptyMetrics())];
    const found = record ? mentions(record.text, q.must_mention) : 0;
    for (const m of buckets) {
      m.mentionFound += found;
      m.mentionTotal += q.must_mention.length;
    }
    if (q.kind === 'out_of_scope') {
      const rejected = record?.band !== 'answer';
      for (const m of buckets) {
        m.outOfScope += 1;
        if (rejected) m.rejected += 1;
      }
      if (!rejected) overall.oosAnswered.push(q.id);
      continue;
    }
    const expected = new Set(q.expected_pages);
    const hit1 = record?.band === 'answer' && record.sources.some((s) => expected.has(s));
    const hit3 =
      !!record && record.band !== 'unknown' && record.suggestions.slice(0, 3).some((sources) => sources.some((s) => expected.has(s)));
    for (const m of buckets) {
      m.inScope += 1;
      if (hit1) m.hit1 += 1;
      if (hit3) m.hit3 += 1;
    }
    if (!hit1) overall.misses.push(q.id);
  }
  return { overall, byLang };
}

const ratio = (n: number, d: number) => (d === 0 ? '   –  ' : (n / d).toFixed(3).padStart(6));

export function formatReport(report: Report, title: string): string {
  const rows: Array<[string, Metrics]> = [
    ...LANGS.filter((l) => report.byLang[l]).map((l) => [l, report.byLang[l] as Metrics] as [string, Metrics]),
    ['all', report.overall],
  ];
  const lines = [
    title,
    'lang   in  oos   hit@1   hit@3  oos-rej  mention',
    ...rows.map(
      ([name, m]) =>
        `${name.padEnd(4)} ${String(m.inScope).padStart(4)} ${String(m.outOfScope).padStart(4)}  ${ratio(m.hit1, m.inScope)}  ${ratio(m.hit3, m.inScope)}  ${ratio(m.rejected, m.outOfScope)}   ${ratio(m.mentionFound, m.mentionTotal)}`,
    ),
  ];
  if (report.overall.misses.length) lines.push(`in-scope misses at 1: ${report.overall.misses.join(', ')}`);
  if (report.overall.oosAnswered.length) lines.push(`OUT-OF-SCOPE ANSWERED: ${report.overall.oosAnswered.join(', ')}`);
  return lines.join('\n');
}
