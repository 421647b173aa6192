/**
 * The three answer bands. BM25 scores depend on the corpus, so the thresholds are calibrated on our
 * own KB with the labelled question files (test/fixtures/qa-*.jsonl; see scripts/eval-qa.ts).
 */
import type { ArticleHit } from './search-index.js';

export type Band = 'answer' | 'suggest' | 'unknown';
export const BANDS: readonly Band[] = ['answer', 'suggest', 'unknown'];

export interface Thresholds {
  /** Confident answer: top score and share of the question's words the article matched. */
  answerScore: number;
  answerCoverage: number;
  /** Below either of these the bot says it does not know instead of guessing titles. */
  suggestScore: number;
  suggestCoverage: number;
  /** A runner-up within this ratio of the top score is offered next to the answer. */
  closeRatio: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  answerScore: 12,
  answerCoverage: 0.5,
  suggestScore: 4,
  suggestCoverage: 0.25,
  closeRatio: 0.9,
};

export function classify(hits: readonly ArticleHit[], thresholds: Thresholds = DEFAULT_THRESHOLDS): Band {
  const top = hits[0];
  if (!top) return 'unknown';
  if (top.score >= thresholds.answerScore && top.coverage >= thresholds.answerCoverage) return 'answer';
  if (top.score >= thresholds.suggestScore && top.coverage >= thresholds.suggestCoverage) return 'suggest';
  return 'unknown';
}

/** The runner-up worth showing beside a confident answer (short queries often tie neighbours). */
export function closeSecond(hits: readonly ArticleHit[], thresholds: Thresholds = DEFAULT_THRESHOLDS): ArticleHit | null {
  const [top, second] = hits;
  return top && second && second.score >= thresholds.closeRatio * top.score ? second : null;
}
