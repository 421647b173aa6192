/**
 * The three answer bands. BM25 scores depend on the corpus, so the thresholds are calibrated on our
 * own KB with the labelled question files (test/fixtures/qa-*.jsonl; see scripts/eval-qa.ts).
 */
import type { ArticleHit } from './search-index.js';

export type Band = 'answer' | 'suggest' | 'unknown';
export const BANDS: readonly Band[] = ['answer', 'suggest', 'unknown'];

export interface Thresholds {
  /** Confident answer: the top article's confidence and the share of question words it matched. */
  answerConfidence: number;
  answerCoverage: number;
  /** "Did you mean": enough of the question matched, or a fair confidence; else "I don't know". */
  suggestCoverage: number;
  suggestConfidence: number;
  /** A runner-up within this ratio of the top confidence is offered next to the answer. */
  closeRatio: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  answerConfidence: 9.5,
  answerCoverage: 0.5,
  suggestCoverage: 0.5,
  suggestConfidence: 2,
  closeRatio: 0.9,
};

export function classify(hits: readonly ArticleHit[], thresholds: Thresholds = DEFAULT_THRESHOLDS): Band {
  const top = hits[0];
  if (!top) return 'unknown';
  if (top.confidence >= thresholds.answerConfidence && top.coverage >= thresholds.answerCoverage) return 'answer';
  // Any of the three titles shown being a fair partial match is reason enough to offer them.
  if (hits.slice(0, 3).some((h) => h.coverage >= thresholds.suggestCoverage || h.confidence >= thresholds.suggestConfidence))
    return 'suggest';
  return 'unknown';
}

/** The runner-up worth showing beside a confident answer (short queries often tie neighbours). */
export function closeSecond(hits: readonly ArticleHit[], thresholds: Thresholds = DEFAULT_THRESHOLDS): ArticleHit | null {
  const [top, second] = hits;
  return top && second && second.confidence >= thresholds.closeRatio * top.confidence ? second : null;
}
