/**
 * Fitting the answer/suggest/unknown decision (decision.ts) on labelled questions — offline only, in
 * eval:qa (cross-validation) and fit:qa (the shipped model). Plain batch gradient descent on an
 * L2-regularised logistic loss over standardised signals: ~10 signals and a few hundred questions fit
 * in milliseconds, and the result is deterministic.
 */
import { decide, SIGNALS, type DecisionModel, type Signals } from './decision.js';
import { DEFAULT_THRESHOLDS, type Band } from './bands.js';
import type { GuidanceAnswer } from './engine.js';
import type { LabelledQuestion } from './evaluation.js';
import { foldOf } from './question-bank.js';

export interface Sample {
  signals: Signals;
  /** 1 when the top-ranked article is right (an in-scope question with an expected page among its sources). */
  right: 0 | 1;
}

export interface FitOptions {
  l2?: number;
  iterations?: number;
  learningRate?: number;
}

/** The decision thresholds the model file carries; chosen by cross-validation (fit-decision.ts). */
export interface DecisionThresholds {
  answerAbove: number;
  suggestAbove: number;
}

export function sampleOf(q: LabelledQuestion, answer: GuidanceAnswer): Sample | null {
  if (!answer.signals || !answer.top) return null;
  const right = q.kind === 'in_scope' && answer.top.article.sources.some((s) => q.expected_pages.includes(s));
  return { signals: answer.signals, right: right ? 1 : 0 };
}

/** Logistic regression; returns the model without thresholds filled in meaningfully (0.5 / 0). */
export function fitLogistic(samples: readonly Sample[], thresholds: DecisionThresholds, options: FitOptions = {}): DecisionModel {
  const l2 = options.l2 ?? 0.05;
  const iterations = options.iterations ?? 1_500;
  const rate = options.learningRate ?? 0.5;
  const d = SIGNALS.length;
  const n = samples.length;
  const mean = SIGNALS.map((s) => samples.reduce((sum, x) => sum + x.signals[s], 0) / Math.max(1, n));
  const scale = SIGNALS.map((s, i) => {
    const variance = samples.reduce((sum, x) => sum + (x.signals[s] - (mean[i] as number)) ** 2, 0) / Math.max(1, n);
    return Math.sqrt(variance) || 1;
  });
  const X = samples.map((x) => SIGNALS.map((s, i) => (x.signals[s] - (mean[i] as number)) / (scale[i] as number)));
  const weights = new Array<number>(d).fill(0);
  let bias = 0;
  for (let it = 0; it < iterations; it += 1) {
    const grad = new Array<number>(d).fill(0);
    let gradBias = 0;
    for (let j = 0; j < n; j += 1) {
      const row = X[j] as number[];
      let z = bias;
      for (let i = 0; i < d; i += 1) z += (weights[i] as number) * (row[i] as number);
      const error = 1 / (1 + Math.exp(-z)) - (samples[j] as Sample).right;
      for (let i = 0; i < d; i += 1) grad[i] = (grad[i] as number) + error * (row[i] as number);
      gradBias += error;
    }
    for (let i = 0; i < d; i += 1) weights[i] = (weights[i] as number) - rate * ((grad[i] as number) / n + l2 * (weights[i] as number));
    bias -= rate * (gradBias / n);
  }
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    signals: [...SIGNALS],
    mean: mean.map(round),
    scale: scale.map(round),
    weights: weights.map(round),
    bias: round(bias),
    answerAbove: thresholds.answerAbove,
    suggestAbove: Math.min(thresholds.suggestAbove, thresholds.answerAbove),
  };
}

export interface Decided {
  band: Band;
  confidence: number | null;
}

/**
 * Each question's band decided by a model fitted on the other cross-validation folds only (questions
 * of the frozen fold must not be passed in).
 */
export function crossValidatedBands(
  questions: readonly LabelledQuestion[],
  answers: ReadonlyMap<string, GuidanceAnswer>,
  folds: number,
  thresholds: DecisionThresholds = { answerAbove: 0.5, suggestAbove: 0.2 },
  options: FitOptions = {},
): Map<string, Decided> {
  const decided = new Map<string, Decided>();
  for (let k = 0; k < folds; k += 1) {
    const training: Sample[] = [];
    for (const q of questions) {
      const fold = foldOf(q.id);
      if (fold === 'frozen') throw new Error(`${q.id} belongs to the frozen fold`);
      if (fold === k) continue;
      const sample = sampleOf(q, answers.get(q.id) as GuidanceAnswer);
      if (sample) training.push(sample);
    }
    const model = fitLogistic(training, thresholds, options);
    for (const q of questions) {
      if (foldOf(q.id) !== k) continue;
      const answer = answers.get(q.id) as GuidanceAnswer;
      const hits = answer.ranked.map((r) => ({ confidence: r.confidence, coverage: r.coverage }));
      decided.set(q.id, decide(answer.signals ?? null, hits, model, DEFAULT_THRESHOLDS));
    }
  }
  return decided;
}
