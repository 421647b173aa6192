/**
 * What of an article goes into an answer: the lead paragraph and the list that follows it, plus any
 * later block that matches the question (an article may carry a second section, e.g. another API),
 * within a length budget that keeps the card small and readable.
 */
import type { Lang } from '../../i18n/index.js';
import type { Analyzer } from './analyzer.js';
import { keyOf } from './analyzer.js';

export interface AnswerText {
  /** Markdown blocks in article order (paragraphs and "- " lists), safe for an Adaptive Card TextBlock. */
  blocks: string[];
  /** The same text without Markdown emphasis or code marks, for transcripts and evaluation. */
  plain: string;
}

const MAX_ANSWER_CHARS = 2_400;
const LIST_LINE = /^\s*(?:[-*+]|\d+[.)])\s+/;

function isList(block: string): boolean {
  const lines = block.split('\n').filter((l) => l.trim());
  // A list, or a one-line label ending in ':' followed by a list ("Yleistunniste:\n- …").
  const body = lines[0] && !LIST_LINE.test(lines[0]) && lines[0].trim().endsWith(':') ? lines.slice(1) : lines;
  return body.length > 0 && body.every((l) => LIST_LINE.test(l) || /^\s{2,}\S/.test(l));
}

/** Adaptive Card TextBlocks render a Markdown subset without code spans: drop the backticks. */
function forCard(block: string): string {
  return block
    .replace(/`([^`]*)`/g, '$1')
    .replace(/^\s*[*+]\s+/gm, '- ')
    .replace(/^#{1,6}\s+(.*)$/gm, '**$1**');
}

export function toPlain(markdown: string): string {
  return markdown
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1$2')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
}

export function splitBlocks(body: string): string[] {
  return body
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
}

/** An over-long block (a pasted wall of text in an article) is cut at a word so the card stays small. */
function capped(block: string): string {
  if (block.length <= MAX_ANSWER_CHARS) return block;
  const cut = block.slice(0, MAX_ANSWER_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_ANSWER_CHARS / 2))}…`;
}

/**
 * What every answer from one article body shares: its card blocks, whether the second is the lead's
 * list, each block's key counts (for picking blocks that match a question) and the texts already
 * built per choice of blocks. Worked out once per body, not on every question.
 */
interface PreparedBody {
  blocks: string[];
  leadList: boolean;
  /** Key → occurrences in each block; made on the first question that needs it. */
  blockKeys: Array<Map<string, number>> | null;
  /** Answer text by the chosen block numbers ("0,1,4"). */
  texts: Map<string, AnswerText>;
}

/** Bodies kept per analyzer and language (the KB's articles plus a margin); cleared when full. */
const PREPARED_LIMIT = 1_000;
const TEXTS_PER_BODY = 32;
const preparedBodies = new WeakMap<Analyzer, Record<Lang, Map<string, PreparedBody>>>();

function prepare(body: string, lang: Lang, analyzer: Analyzer): PreparedBody {
  let byLang = preparedBodies.get(analyzer);
  if (!byLang) {
    byLang = { fi: new Map(), sv: new Map(), en: new Map() };
    preparedBodies.set(analyzer, byLang);
  }
  const cache = byLang[lang];
  const cached = cache.get(body);
  if (cached) return cached;
  const blocks = splitBlocks(body).map(forCard).map(capped);
  const prepared: PreparedBody = { blocks, leadList: blocks[1] !== undefined && isList(blocks[1]), blockKeys: null, texts: new Map() };
  if (cache.size >= PREPARED_LIMIT) cache.clear();
  cache.set(body, prepared);
  return prepared;
}

function keyCounts(block: string, lang: Lang, analyzer: Analyzer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of analyzer.contentTokens(block)) {
    const key = keyOf(token, lang);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * @param queryText the (masked) question, used to pick extra blocks; omitted when an article is shown
 *   from a button, where only the lead is wanted.
 */
export function buildAnswerText(body: string, lang: Lang, analyzer: Analyzer, queryText?: string): AnswerText {
  const prepared = prepare(body, lang, analyzer);
  const { blocks } = prepared;
  const chosen = new Set<number>();
  let length = 0;
  const take = (i: number) => {
    const block = blocks[i];
    if (block === undefined || chosen.has(i)) return;
    if (length > 0 && length + block.length > MAX_ANSWER_CHARS) return;
    chosen.add(i);
    length += block.length;
  };
  take(0);
  if (prepared.leadList) take(1);

  if (queryText && blocks.length > chosen.size) {
    const queryKeys = new Set(analyzer.contentTokens(queryText).map((t) => keyOf(t, lang)));
    prepared.blockKeys ??= blocks.map((block) => keyCounts(block, lang, analyzer));
    // A block's score: how many of its words share a key with the question.
    const scored = prepared.blockKeys
      .map((counts, i) => {
        let score = 0;
        for (const key of queryKeys) score += counts.get(key) ?? 0;
        return { i, score };
      })
      .filter((b) => !chosen.has(b.i) && b.score > 0)
      .sort((a, b) => b.score - a.score || a.i - b.i);
    for (const { i } of scored) take(i);
  }
  const order = [...chosen].sort((a, b) => a - b);
  const choice = order.join(',');
  let text = prepared.texts.get(choice);
  if (!text) {
    const selected = order.map((i) => blocks[i] as string);
    text = { blocks: selected, plain: toPlain(selected.join('\n\n')) };
    if (prepared.texts.size >= TEXTS_PER_BODY) prepared.texts.clear();
    prepared.texts.set(choice, text);
  }
  // A copy: callers own what they get.
  return { blocks: [...text.blocks], plain: text.plain };
}
