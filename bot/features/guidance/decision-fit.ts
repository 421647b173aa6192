/**
 * Fitting the re-ranker and the answer/suggest/unknown decision (decision.ts) on labelled questions —
 * offline only, in eval:qa (cross-validation) and fit:qa (the shipped model). Plain batch gradient
 * descent on an L2-regularised logistic loss over standardised features: a dozen features and a few
 * hundred questions fit in milliseconds, and the result is deterministic.
 *
 * Two stages, because the decision's signals describe the top article after re-ranking:
 * 1. the re-ranker, on every question's best few candidates (label: the candidate is right);
 * 2. the decision, on the questions answered by an engine that uses that re-ranker (label: the top
 *    article is right).
 */
import { CANDIDATE_FEATURES, SIGNALS, type DecisionModel, type RankerModel, type Signals } from './decision.js';
import type { GuidanceAnswer } from './engine.js';
import type { LabelledQuestion } from './evaluation.js';
import { foldInDeal, foldOf } from './question-bank.js';

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

export interface Sample {
  signals: Signals;
  /** 1 when the top-ranked article is right (an in-scope question with an expected page among its sources). */
  right: 0 | 1;
}

interface Linear {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/** L2 penalty of both stages, chosen on the CV folds (0.001 / 0.005 / 0.01 / 0.05 / 0.2 tried; 0.005 answered most). */
const DEFAULT_L2 = 0.005;

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Logistic regression on rows of numbers (standardised inside; the mean and scale are returned). */
export function fitLinear(rows: readonly number[][], labels: readonly number[], options: FitOptions = {}): Linear {
  const l2 = options.l2 ?? DEFAULT_L2;
  const iterations = options.iterations ?? 1_500;
  const rate = options.learningRate ?? 0.5;
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, i) => rows.reduce((sum, r) => sum + (r[i] as number), 0) / Math.max(1, n));
  const scale = Array.from({ length: d }, (_, i) => {
    const variance = rows.reduce((sum, r) => sum + ((r[i] as number) - (mean[i] as number)) ** 2, 0) / Math.max(1, n);
    return Math.sqrt(variance) || 1;
  });
  const X = rows.map((r) => r.map((v, i) => (v - (mean[i] as number)) / (scale[i] as number)));
  const weights = new Array<number>(d).fill(0);
  let bias = 0;
  for (let it = 0; it < iterations; it += 1) {
    const grad = new Array<number>(d).fill(0);
    let gradBias = 0;
    for (let j = 0; j < n; j += 1) {
      const row = X[j] as number[];
      let z = bias;
      for (let i = 0; i < d; i += 1) z += (weights[i] as number) * (row[i] as number);
      const error = 1 / (1 + Math.exp(-z)) - (labels[j] as number);
      for (let i = 0; i < d; i += 1) grad[i] = (grad[i] as number) + error * (row[i] as number);
      gradBias += error;
    }
    for (let i = 0; i < d; i += 1)
      weights[i] = (weights[i] as number) - rate * ((grad[i] as number) / Math.max(1, n) + l2 * (weights[i] as number));
    bias -= rate * (gradBias / Math.max(1, n));
  }
  return { mean: mean.map(round), scale: scale.map(round), weights: weights.map(round), bias: round(bias) };
}

const isRight = (q: LabelledQuestion, sources: readonly string[]) =>
  q.kind === 'in_scope' && sources.some((s) => q.expected_pages.includes(s));

export function sampleOf(q: LabelledQuestion, answer: GuidanceAnswer): Sample | null {
  if (!answer.signals || !answer.top) return null;
  return { signals: answer.signals, right: isRight(q, answer.top.article.sources) ? 1 : 0 };
}

/** The decision's logistic model over the signals of each question's top article. */
export function fitLogistic(samples: readonly Sample[], thresholds: DecisionThresholds, options: FitOptions = {}): DecisionModel {
  const linear = fitLinear(
    samples.map((s) => SIGNALS.map((name) => s.signals[name])),
    samples.map((s) => s.right),
    options,
  );
  return {
    signals: [...SIGNALS],
    ...linear,
    answerAbove: thresholds.answerAbove,
    suggestAbove: Math.min(thresholds.suggestAbove, thresholds.answerAbove),
  };
}

/** The re-ranker: "this candidate is right" over every in-scope question's best few candidates. */
export function fitRanker(questions: readonly LabelledQuestion[], answers: ReadonlyMap<string, GuidanceAnswer>): RankerModel {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (const q of questions) {
    if (q.kind !== 'in_scope') continue;
    for (const c of answers.get(q.id)?.candidates ?? []) {
      rows.push(CANDIDATE_FEATURES.map((f) => c.features[f]));
      labels.push(isRight(q, c.sources) ? 1 : 0);
    }
  }
  return { features: [...CANDIDATE_FEATURES], ...fitLinear(rows, labels) };
}

/** Answers questions with an engine that uses the given model (null: the fixed rules). */
export type AskWith = (model: DecisionModel | null, questions: readonly LabelledQuestion[]) => Promise<Map<string, GuidanceAnswer>>;

/**
 * Both stages on `questions`: the re-ranker, then the decision on answers re-ranked by it.
 *
 * The decision learns from answers re-ranked by a re-ranker that has not seen the question (each of the
 * questions' own folds re-ranked by a re-ranker fitted on the other folds), as the shipped model meets
 * a new question: a re-ranker's answers on its own training questions are surer than on new ones, and a
 * decision fitted on them trusts the re-ranker's logit and lead too much. The shipped re-ranker is then
 * fitted on all of `questions`.
 */
export async function fitModel(
  questions: readonly LabelledQuestion[],
  askWith: AskWith,
  thresholds: DecisionThresholds,
  deal = 0,
): Promise<DecisionModel> {
  const plain = await askWith(null, questions);
  const ranker = fitRanker(questions, plain);
  const foldOfQuestion = (q: LabelledQuestion) => foldInDeal(q.id, deal);
  const folds = [...new Set(questions.map(foldOfQuestion))];
  const reranked = new Map<string, GuidanceAnswer>();
  if (folds.length < 2) {
    // One fold only (a test's handful of questions): no held-out questions to learn the decision from.
    const placeholder: DecisionModel = { ...fitLogistic([], thresholds), ranker };
    for (const [id, answer] of await askWith(placeholder, questions)) reranked.set(id, answer);
  } else {
    for (const fold of folds) {
      const inner = questions.filter((q) => foldOfQuestion(q) !== fold);
      const held = questions.filter((q) => foldOfQuestion(q) === fold);
      // The decision's placeholder thresholds do not change the signals, only the bands.
      const placeholder: DecisionModel = { ...fitLogistic([], thresholds), ranker: fitRanker(inner, plain) };
      for (const [id, answer] of await askWith(placeholder, held)) reranked.set(id, answer);
    }
  }
  const samples = questions.map((q) => sampleOf(q, reranked.get(q.id) as GuidanceAnswer)).filter((s): s is Sample => s !== null);
  return { ...fitLogistic(samples, thresholds), ranker };
}

/**
 * Cross-validation: each fold answered by an engine whose model was fitted on the other folds only
 * (questions of the frozen fold must not be passed in). `deal` picks the deal of questions into
 * folds (question-bank.ts `foldInDeal`); 0 is the one eval:qa reports.
 */
export async function crossValidate(
  questions: readonly LabelledQuestion[],
  askWith: AskWith,
  folds: number,
  thresholds: DecisionThresholds,
  deal = 0,
): Promise<Map<string, GuidanceAnswer>> {
  const answers = new Map<string, GuidanceAnswer>();
  for (const q of questions) if (foldOf(q.id) === 'frozen') throw new Error(`${q.id} belongs to the frozen fold`);
  for (let k = 0; k < folds; k += 1) {
    const training = questions.filter((q) => foldInDeal(q.id, deal) !== k);
    const held = questions.filter((q) => foldInDeal(q.id, deal) === k);
    const model = await fitModel(training, askWith, thresholds, deal);
    for (const [id, answer] of await askWith(model, held)) answers.set(id, answer);
  }
  return answers;
}

/** One question's out-of-fold probability and whether its top article was right. */
export interface ThresholdRow {
  p: number;
  right: 0 | 1;
  inScope: boolean;
}

export interface ThresholdChoice {
  threshold: number;
  /** Shares over in-scope questions (right, wrong) and over out-of-scope ones (oos answered). */
  right: number;
  wrong: number;
  oos: number;
}

/**
 * The answer threshold: the one answering most questions right while confident wrong answers (over
 * in-scope questions, as eval:qa counts them) stay at or under `maxWrong` and answered out-of-scope
 * questions at or under `maxOos` — precision first. Rows may pool several repeats of cross-validation:
 * each question then counts once per deal, and the shares are over all the pooled rows.
 * Candidates run 0.30 … 0.95 in hundredths; none meeting the caps gives 0.99 (answer almost nothing).
 */
export function chooseAnswerThreshold(
  rows: readonly ThresholdRow[],
  caps: { maxWrong: number; maxOos: number },
): { best: ThresholdChoice; curve: ThresholdChoice[] } {
  const inScope = rows.filter((r) => r.inScope).length || 1;
  const outOfScope = rows.filter((r) => !r.inScope).length || 1;
  const curve: ThresholdChoice[] = [];
  let best: ThresholdChoice = { threshold: 0.99, right: 0, wrong: 0, oos: 0 };
  for (let hundredths = 30; hundredths <= 95; hundredths += 1) {
    const threshold = hundredths / 100;
    let right = 0;
    let wrong = 0;
    let oos = 0;
    for (const r of rows) {
      if (r.p < threshold) continue;
      if (!r.inScope) oos += 1;
      else if (r.right === 1) right += 1;
      else wrong += 1;
    }
    const point = { threshold, right: right / inScope, wrong: wrong / inScope, oos: oos / outOfScope };
    curve.push(point);
    if (point.wrong <= caps.maxWrong && point.oos <= caps.maxOos && point.right > best.right) best = point;
  }
  return { best, curve };
}
