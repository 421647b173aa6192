/**
 * Offline evaluation of the engine against labelled question files (jsonl): the answer record the
 * `qa:answer` script writes, and the metrics `eval:qa` and the accuracy test compute from it.
 *
 * Definitions (in-scope questions unless said otherwise; "right" = an expected page is among the
 * article's sources):
 * - hit@1, answered right: band answer AND the top article is right.
 * - first right: the top-ranked article is right, whatever the band.
 * - demoted: band suggest AND a right article is among the suggestions shown.
 * - confidently wrong: band answer AND the top article is not right.
 * - hit@3: band is not unknown AND a right article is among the top three.
 * - out-of-scope rejection: an out-of-scope question did not get band answer.
 * - must_mention coverage: share of must_mention strings found in the text the card shows (not the
 *   collapsed rest of the article), tolerating Finnish and Swedish endings (see `mentions`); for an
 *   out-of-scope question that is the customer-service e-mail in the "don't know" text.
 * - unknown: an in-scope question got "I don't know".
 * - answer precision: answer-band replies whose top article is right, over all answer-band replies
 *   (out-of-scope ones included); answer recall: the same, over in-scope questions whose top-ranked
 *   article is right (what the decision could have answered).
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
  /** The text the reply shows (answer: title and the passages shown first; not the collapsed rest). */
  text: string;
  /** Page keys of the top three ranked articles whatever the band (the "right article first" measure). */
  ranked?: string[][];
  /** The decision model's probability that the top article is right (the reliability table). */
  confidence?: number | null;
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
export function replyText(answer: GuidanceAnswer, band: Band = answer.band): string {
  const t = guidanceText[answer.lang];
  if (band === 'answer' && answer.top && answer.text) return `${answer.top.article.title}\n\n${answer.text.plain}`;
  if (band === 'suggest') {
    // The suggest card shows the top candidate's best passage directly, the others as buttons.
    const passage = answer.text && answer.top ? [`${answer.top.article.title}`, answer.text.plain] : [];
    return [t.suggestTitle, ...passage, ...answer.ranked.slice(1).map((r) => `- ${r.article.title}`), t.suggestContact].join('\n');
  }
  return [t.unknownTitle, t.unknownBody].join('\n');
}

/** @param band the band to record, when an evaluation re-decides it (cross-validation); else the answer's. */
export function answerRecord(id: string, answer: GuidanceAnswer, band: Band = answer.band): AnswerRecord {
  const unknown = band === 'unknown';
  return {
    id,
    band,
    sources: unknown ? [] : (answer.top?.article.sources ?? []),
    suggestions: unknown ? [] : answer.ranked.map((r) => r.article.sources),
    text: replyText(answer, band),
    ranked: answer.ranked.map((r) => r.article.sources),
    confidence: answer.confidence ?? null,
  };
}

export interface Metrics {
  inScope: number;
  outOfScope: number;
  hit1: number;
  hit3: number;
  firstRight: number;
  demoted: number;
  confidentWrong: number;
  /** Answer-band replies (in and out of scope), for precision. */
  answered: number;
  /** In-scope questions whose top-ranked article is right, for recall. */
  answerable: number;
  /** In-scope questions that got "I don't know". */
  unknown: number;
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
  firstRight: 0,
  demoted: 0,
  confidentWrong: 0,
  answered: 0,
  answerable: 0,
  unknown: 0,
  rejected: 0,
  mentionFound: 0,
  mentionTotal: 0,
  misses: [],
  oosAnswered: [],
});

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');
const words = (s: string) =>
  s
    .toLowerCase()
    .match(/[\p{L}\p{N}@._-]+/gu)
    ?.map((w) => w.replace(/^[._-]+|[._-]+$/g, '')) ?? [];

/**
 * Whether a text word is an inflected form of a mention word: the same word, or (Finnish and Swedish)
 * sharing all but the last three letters and at least four — tunnus/tunnuksen, käyttöoikeus/käyttöoikeuden,
 * liittymisilmoitus/liittymisilmoituksen, ansvarig/ansvariga. Digits, e-mail addresses and short words
 * must match exactly.
 */
export function inflectedForm(mention: string, word: string, lang: Lang): boolean {
  if (mention === word) return true;
  if (lang === 'en' || mention.length < 5 || /[\d@]/.test(mention)) return false;
  const need = Math.max(4, mention.length - 3);
  if (word.length < need) return false;
  for (let i = 0; i < need; i += 1) if (mention[i] !== word[i]) return false;
  return true;
}

/**
 * How many must_mention strings the text contains: as a substring, or (fi/sv) as consecutive words each
 * an inflected form of the mention's words.
 */
export function mentions(text: string, mustMention: readonly string[], lang: Lang = 'en'): number {
  const haystack = normalise(text);
  const textWords = words(text);
  return mustMention.filter((m) => {
    if (haystack.includes(normalise(m))) return true;
    if (lang === 'en') return false;
    const wanted = words(m);
    if (wanted.length === 0) return false;
    for (let start = 0; start + wanted.length <= textWords.length; start += 1) {
      if (wanted.every((w, j) => inflectedForm(w, textWords[start + j] as string, lang))) return true;
    }
    return false;
  }).length;
}

export function evaluate(questions: readonly LabelledQuestion[], records: ReadonlyMap<string, AnswerRecord>): Report {
  const overall = emptyMetrics();
  const byLang: Partial<Record<Lang, Metrics>> = {};
  for (const q of questions) {
    const record = records.get(q.id);
    const lang = q.lang ?? 'fi';
    const buckets = [overall, (byLang[lang] ??= emptyMetrics())];
    const found = record ? mentions(record.text, q.must_mention, lang) : 0;
    for (const m of buckets) {
      m.mentionFound += found;
      m.mentionTotal += q.must_mention.length;
    }
    if (q.kind === 'out_of_scope') {
      const rejected = record?.band !== 'answer';
      for (const m of buckets) {
        m.outOfScope += 1;
        if (rejected) m.rejected += 1;
        else m.answered += 1;
      }
      if (!rejected) overall.oosAnswered.push(q.id);
      continue;
    }
    const expected = new Set(q.expected_pages);
    const right = (sources: readonly string[]) => sources.some((s) => expected.has(s));
    const hit1 = record?.band === 'answer' && right(record.sources);
    const hit3 = !!record && record.band !== 'unknown' && record.suggestions.slice(0, 3).some(right);
    const topRight = !!record && right((record.ranked ?? record.suggestions)[0] ?? record.sources);
    for (const m of buckets) {
      m.inScope += 1;
      if (hit1) m.hit1 += 1;
      if (hit3) m.hit3 += 1;
      if (topRight) m.firstRight += 1;
      if (topRight) m.answerable += 1;
      if (record?.band === 'answer') {
        m.answered += 1;
        if (!hit1) m.confidentWrong += 1;
      }
      if (record?.band === 'suggest' && record.suggestions.slice(0, 3).some(right)) m.demoted += 1;
      if (!record || record.band === 'unknown') m.unknown += 1;
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
    'lang   in  oos   hit@1   hit@3  oos-rej  mention   first  demoted  wrong   precision recall  unknown',
    ...rows.map(
      ([name, m]) =>
        `${name.padEnd(4)} ${String(m.inScope).padStart(4)} ${String(m.outOfScope).padStart(4)}  ${ratio(m.hit1, m.inScope)}  ${ratio(m.hit3, m.inScope)}  ${ratio(m.rejected, m.outOfScope)}   ${ratio(m.mentionFound, m.mentionTotal)}  ${ratio(m.firstRight, m.inScope)}  ${ratio(m.demoted, m.inScope)}  ${ratio(m.confidentWrong, m.inScope)}  ${ratio(m.hit1, m.answered)}  ${ratio(m.hit1, m.answerable)}  ${ratio(m.unknown, m.inScope)}`,
    ),
  ];
  if (report.overall.misses.length) lines.push(`in-scope misses at 1: ${report.overall.misses.join(', ')}`);
  if (report.overall.oosAnswered.length) lines.push(`OUT-OF-SCOPE ANSWERED: ${report.overall.oosAnswered.join(', ')}`);
  return lines.join('\n');
}

export interface ShownLength {
  /** Answer-band replies with a shown text. */
  count: number;
  /** Mean and 95th percentile characters of the passages shown first (title and collapsed rest excluded). */
  mean: number;
  p95: number;
}

/**
 * How much an answer makes a member read: the length of the passages the answer band shows first. A
 * passage-choice change is kept only if it raises must_mention without this growing for nothing.
 */
export function shownLength(answers: Iterable<Pick<GuidanceAnswer, 'band' | 'text'>>): ShownLength {
  const lengths: number[] = [];
  for (const a of answers) if (a.band === 'answer' && a.text) lengths.push(a.text.plain.length);
  lengths.sort((x, y) => x - y);
  if (lengths.length === 0) return { count: 0, mean: 0, p95: 0 };
  const mean = lengths.reduce((sum, n) => sum + n, 0) / lengths.length;
  // Nearest-rank percentile: the smallest length at least 95 % of the answers do not exceed.
  const p95 = lengths[Math.ceil(0.95 * lengths.length) - 1] as number;
  return { count: lengths.length, mean: Math.round(mean), p95 };
}

export function formatShownLength(length: ShownLength): string {
  return `answer text shown: ${length.count} answers, mean ${length.mean} characters, p95 ${length.p95}`;
}

export interface ReliabilityRow {
  /** Lower edge of the bucket (0, 0.1, … 0.9). */
  from: number;
  count: number;
  /** Questions in the bucket whose top article is right (out-of-scope: never right). */
  right: number;
}

/**
 * Predicted confidence bucket → how often the top article was actually right: a calibrated decision
 * has right/count close to the bucket's middle. Questions without a confidence are left out.
 */
export function reliability(questions: readonly LabelledQuestion[], records: ReadonlyMap<string, AnswerRecord>): ReliabilityRow[] {
  const rows: ReliabilityRow[] = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, count: 0, right: 0 }));
  for (const q of questions) {
    const record = records.get(q.id);
    if (typeof record?.confidence !== 'number') continue;
    const row = rows[Math.min(9, Math.floor(record.confidence * 10))] as ReliabilityRow;
    row.count += 1;
    const top = (record.ranked ?? record.suggestions)[0] ?? [];
    if (q.kind === 'in_scope' && top.some((s) => q.expected_pages.includes(s))) row.right += 1;
  }
  return rows;
}

export function formatReliability(rows: readonly ReliabilityRow[]): string {
  const used = rows.filter((r) => r.count > 0);
  if (used.length === 0) return 'reliability: no confidence figures';
  return [
    'confidence   questions  top right',
    ...used.map(
      (r) => `${r.from.toFixed(1)}–${(r.from + 0.1).toFixed(1)}    ${String(r.count).padStart(6)}     ${ratio(r.right, r.count)}`,
    ),
  ].join('\n');
}
