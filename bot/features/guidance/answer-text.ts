/**
 * What of an article goes into an answer. An article is split into passages (a paragraph, a label
 * with its list, a bullet group, a step list); the passage(s) that match the question best are shown
 * first, and the whole article is kept for the card's "show the whole guide" part. Without a question
 * (an article opened from a button) or when nothing matches, the lead passage is shown.
 */
import type { Lang } from '../../i18n/index.js';
import type { Analyzer, QueryWord } from './analyzer.js';
import { askedFacts, factEvidence, type FactKind } from './asked-fact.js';

export interface AnswerText {
  /** The passages shown first, in article order, as Markdown safe for an Adaptive Card TextBlock. */
  blocks: string[];
  /** Every passage of the article in order (the collapsed "whole guide"). */
  full: string[];
  /** The shown passages without Markdown emphasis or code marks, for transcripts and evaluation. */
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
 * The article body as passages: blank-line separated blocks, where a heading or a one-line label
 * ending in ':' is joined with the block after it (a label belongs to its list).
 */
export function splitPassages(body: string): string[] {
  const blocks = splitBlocks(body).map(forCard);
  const passages: string[] = [];
  for (let i = 0; i < blocks.length; i += 1) {
    const block = blocks[i] as string;
    const next = blocks[i + 1];
    const label = !block.includes('\n') && (/^\*\*[^*]+\*\*$/.test(block) || block.trim().endsWith(':'));
    if (label && next !== undefined) {
      passages.push(capped(`${block}\n${next}`));
      i += 1;
    } else passages.push(capped(block));
  }
  return passages;
}

/** An article's passages with their index keys, worked out once per body (not on every question). */
export interface PreparedBody {
  passages: string[];
  /** Keys (stems, phrase keys, compound parts) of each passage, as the index analyses documents. */
  keys: Array<Set<string>>;
  /** Whether the second passage is a list: shown with the lead, which usually introduces it. */
  leadList: boolean;
}

/** Bodies kept per analyzer and language (the KB's articles plus a margin); cleared when full. */
const PREPARED_LIMIT = 1_000;
const preparedBodies = new WeakMap<Analyzer, Record<Lang, Map<string, PreparedBody>>>();

export function prepareBody(body: string, lang: Lang, analyzer: Analyzer): PreparedBody {
  let byLang = preparedBodies.get(analyzer);
  if (!byLang) {
    byLang = { fi: new Map(), sv: new Map(), en: new Map() };
    preparedBodies.set(analyzer, byLang);
  }
  const cache = byLang[lang];
  const cached = cache.get(body);
  if (cached) return cached;
  const passages = splitPassages(body);
  const keys = passages.map((p) => {
    const analysed = analyzer.analyzeDocument(p, lang);
    return new Set([...analysed.terms, ...analysed.parts]);
  });
  const prepared: PreparedBody = {
    passages,
    keys,
    leadList: passages[1] !== undefined && isList(passages[1]),
  };
  if (cache.size >= PREPARED_LIMIT) cache.clear();
  cache.set(body, prepared);
  return prepared;
}

/**
 * Each passage's score for the question: the weight of every question word it contains (its best
 * key's weight — own key, synonym, compound part — times how telling the word is).
 */
export function scorePassages(prepared: PreparedBody, words: readonly QueryWord[], weightOf: (word: QueryWord) => number): number[] {
  return scorePassagesWeighted(prepared, words, words.map(weightOf));
}

/** scorePassages with each word's weight given (`weights[i]` for `words[i]`), for a caller that has them. */
export function scorePassagesWeighted(prepared: PreparedBody, words: readonly QueryWord[], weights: readonly number[]): number[] {
  return prepared.keys.map((keys) => {
    let score = 0;
    for (let w = 0; w < words.length; w += 1) {
      let best = 0;
      for (const k of (words[w] as QueryWord).keys) if (k.weight > best && keys.has(k.key)) best = k.weight;
      score += best * (weights[w] as number);
    }
    return score;
  });
}

/** A runner-up passage is shown too when it scores at least this share of the best one and fits the budget (chosen on the CV folds). */
const SECOND_PASSAGE_RATIO = 0.5;
const SHOWN_CHARS = 1_400;

/**
 * The passages to show first for these scores (all zero or none: the lead, with its list).
 * @param asked the kinds of fact the question asks for (`askedFacts`): see `addAskedFacts`.
 */
export function chooseAnswerText(prepared: PreparedBody, scores: readonly number[] = [], asked: readonly FactKind[] = []): AnswerText {
  const { passages } = prepared;
  const order = passages.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  const best = order[0];
  const chosen: number[] = [];
  if (best === undefined) return { blocks: [], full: [], plain: '' };
  if (!((scores[best] ?? 0) > 0)) {
    chosen.push(0);
    if (prepared.leadList && (passages[0] as string).length + (passages[1] as string).length <= MAX_ANSWER_CHARS) chosen.push(1);
  } else {
    chosen.push(best);
    if (best === 0 && prepared.leadList && (passages[0] as string).length + (passages[1] as string).length <= MAX_ANSWER_CHARS)
      chosen.push(1);
    const second = order.find((i) => !chosen.includes(i));
    if (
      second !== undefined &&
      (scores[second] ?? 0) >= SECOND_PASSAGE_RATIO * (scores[best] ?? 0) &&
      chosen.reduce((n, i) => n + (passages[i] as string).length, 0) + (passages[second] as string).length <= SHOWN_CHARS
    )
      chosen.push(second);
    // A label passage ending in ':' is shown with the list it introduces.
    const last = Math.max(...chosen);
    if ((passages[last] as string).trim().endsWith(':') && passages[last + 1] !== undefined && !chosen.includes(last + 1))
      chosen.push(last + 1);
    addAskedFacts(prepared, scores, asked, chosen);
  }
  chosen.sort((a, b) => a - b);
  const blocks = chosen.map((i) => passages[i] as string);
  return { blocks, full: [...passages], plain: toPlain(blocks.join('\n\n')) };
}

/**
 * A question that asks "when", "who", "how many", "where" or "how" is answered by a date, a role, a number,
 * an address or the steps. When the chosen passages state no fact of an asked kind and another passage of
 * the article does, that passage is shown too (within the budget), as a service person would quote the
 * sentence with the date rather than the paragraph that merely shares the question's words. Evidence is
 * weighed strongest first: a "how" answer without steps gets the passage with the steps even when it
 * names an e-mail address in passing. Only the lead (which introduces the article) or a passage sharing a
 * question word qualifies, so an unrelated paragraph that happens to hold a number is not pulled in.
 */
function addAskedFacts(prepared: PreparedBody, scores: readonly number[], asked: readonly FactKind[], chosen: number[]): void {
  const { passages } = prepared;
  for (const kind of asked) {
    for (const states of factEvidence(kind)) {
      if (chosen.some((i) => states(passages[i] as string))) break;
      const used = chosen.reduce((n, i) => n + (passages[i] as string).length, 0);
      const candidate = passages
        .map((_, i) => i)
        .filter((i) => !chosen.includes(i) && (i === 0 || (scores[i] ?? 0) > 0) && states(passages[i] as string))
        .sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b)[0];
      if (candidate === undefined) continue;
      if (used + (passages[candidate] as string).length <= SHOWN_CHARS) chosen.push(candidate);
      break;
    }
  }
}

/**
 * The answer text of an article body for a question (or, without one, its lead).
 * @param queryText the (masked) question; omitted when an article is shown from a button.
 */
export function buildAnswerText(body: string, lang: Lang, analyzer: Analyzer, queryText?: string): AnswerText {
  const prepared = prepareBody(body, lang, analyzer);
  if (!queryText) return chooseAnswerText(prepared);
  const words = analyzer.analyzeQuery(queryText, lang);
  return chooseAnswerText(
    prepared,
    scorePassages(prepared, words, () => 1),
    askedFacts(queryText),
  );
}
