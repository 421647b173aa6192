/**
 * Fitting the answer/suggest/unknown decision on labelled questions (offline: eval:qa and fit:qa).
 */
import type { Band } from './bands.js';
import type { GuidanceAnswer } from './engine.js';
import type { LabelledQuestion } from './evaluation.js';

export interface Decided {
  band: Band;
  confidence: number | null;
}

/** Each question's band decided by a model fitted on the other folds (empty until a model exists). */
export function crossValidatedBands(
  _questions: readonly LabelledQuestion[],
  _answers: ReadonlyMap<string, GuidanceAnswer>,
  _folds: number,
): Map<string, Decided> {
  return new Map();
}
