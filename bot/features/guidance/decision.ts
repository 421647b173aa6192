/**
 * The answer / suggest / unknown decision: a small logistic model over several signals of the
 * search result, fitted offline on the training folds of the question bank (scripts/fit-decision.ts)
 * and stored as data in kb/decision-model.json, validated when the KB loads. Without that file the
 * engine falls back to the fixed score thresholds of bands.ts.
 *
 * The model gives the probability that the top-ranked article answers the question; the answer band
 * needs `answerAbove`, chosen by cross-validation so that confident wrong answers stay rare (a wrong
 * answer costs a member more than a suggestion). Below it the question gets suggestions when the
 * result is still a fair partial match, else "I don't know".
 */
import path from 'node:path';
import { z } from 'zod';
import { classify, type Band, type Thresholds } from './bands.js';
import type { ArticleHit } from './search-index.js';
import { readOptionalKbFile } from './kb-file.js';

/** The signals the model weighs; the order is the model file's order. */
export const SIGNALS = [
  /** log(1 + the top article's confidence score). */
  'confidence',
  /** Share of the question's content words the top article matched. */
  'coverage',
  /** The same, each word weighted by how rare it is in the KB (unknown words weigh most). */
  'weightedCoverage',
  /** (top − second) / top confidence: how clearly the top article wins. */
  'margin',
  /** Weighted share of the words matched in the curated fields (title, keywords, questions). */
  'curated',
  /** Weighted share of the question the best single passage explains. */
  'bestPassage',
  /** log(1 + passages of the top article that match any question word). */
  'passages',
  /** 1 when the top article matched in the question's language. */
  'sameLanguage',
  /** log(1 + content words in the question). */
  'words',
  /** Share of the question's words the KB never uses (an out-of-scope cue). */
  'unknownShare',
  /** The top article's confidence over the sum of the best five: one clear winner or a crowd. */
  'share',
  /** The top article's best-passage share minus the runner-up's. */
  'passageMargin',
  /** 1 when the runner-up cites one of the top article's sources (a close second is then no doubt). */
  'sharedSource',
  /** The top article's character n-gram similarity to its title, nearest example question or keywords (ngram-similarity.ts). */
  'ngramTop',
  /** That similarity minus the best other article's (negative when another article's example is nearer). */
  'ngramLead',
  /** The top article's n-gram similarity to its nearest body line (a paragraph or one bullet). */
  'ngramBody',
  /** The re-ranker's logit for the top article (0 without a re-ranker). */
  'rankerTop',
  /** The re-ranker's lead of the top article over the next (0 without a re-ranker). */
  'rankerMargin',
  /** The article classifier's probability of the top article (article-classifier.ts). */
  'classifierTop',
  /** 1 when the classifier's most probable article is the top article. */
  'classifierAgree',
] as const;
export type SignalName = (typeof SIGNALS)[number];
export type Signals = Record<SignalName, number>;

/** Per-candidate features of the re-ranker (the best few articles of a question). */
export const CANDIDATE_FEATURES = [
  /** log(1 + the article's confidence score). */
  'confidence',
  /** Its confidence over the best article's. */
  'relative',
  'coverage',
  'weightedCoverage',
  /** Weighted share of the question matched in its curated fields. */
  'curated',
  /** Weighted share of the question its best single passage explains. */
  'passageShare',
  /** 1 when it matched in the question's language. */
  'sameLanguage',
  /** Its place in the search's own order (0 = first; RERANK_DEPTH for an article joining by n-grams). */
  'position',
  /** Its character n-gram similarity to the question (title, nearest example question or keywords). */
  'ngram',
  /** That similarity minus the best other article's (its lead when it is the nearest). */
  'ngramLead',
  /**
   * Its n-gram similarity to its nearest body line (a paragraph or one bullet) minus the best other
   * candidate's: the article whose one line says what the question asks, in other words or misspelt.
   */
  'ngramBodyLead',
  /**
   * The article classifier's log probability of the candidate (article-classifier.ts), floored at 1e-6: on
   * the log scale a linear re-ranker adds the classifier's evidence to the others' (the raw probability,
   * squeezed near 0 for most candidates, answered 0.015 fewer questions right on the cross-validation folds).
   */
  'classifier',
  /** Its log-odds lead over the most probable other candidate (negative when another is more probable). */
  'classifierLead',
] as const;
export type CandidateFeatureName = (typeof CANDIDATE_FEATURES)[number];
export type CandidateFeatures = Record<CandidateFeatureName, number>;

/**
 * Both models are standardised logistic regressions: per input a mean, a scale and a weight, and a bias.
 * Each file names its inputs, so a model fitted on other inputs is refused rather than misread.
 */
const linearModel = {
  mean: z.array(z.number().finite()),
  scale: z.array(z.number().finite().positive()),
  weights: z.array(z.number().finite()),
  bias: z.number().finite(),
};
type LinearModel = { mean: number[]; scale: number[]; weights: number[]; bias: number };

/** Refuses a model whose mean, scale or weights do not hold one number per input. */
function oneNumberPerInput(m: LinearModel, inputs: readonly string[], input: string, ctx: z.RefinementCtx): void {
  for (const key of ['mean', 'scale', 'weights'] as const) {
    if (m[key].length !== inputs.length)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `needs ${inputs.length} numbers, one per ${input}` });
  }
}

/** The model's logit for the named inputs' values. */
function logit(model: LinearModel, inputs: readonly string[], values: Readonly<Record<string, number>>): number {
  let z = model.bias;
  for (let i = 0; i < inputs.length; i += 1) {
    const value = values[inputs[i] as string] as number;
    z += (model.weights[i] as number) * ((value - (model.mean[i] as number)) / (model.scale[i] as number));
  }
  return z;
}

const rankerSchema = z
  .object({ features: z.array(z.enum(CANDIDATE_FEATURES)).min(1), ...linearModel })
  .strict()
  .superRefine((m, ctx) => oneNumberPerInput(m, m.features, 'feature', ctx));
export type RankerModel = z.infer<typeof rankerSchema>;

/** The re-ranker's score of one candidate (higher first; a logit, so comparable between candidates). */
export function rankerScore(features: CandidateFeatures, ranker: RankerModel): number {
  return logit(ranker, ranker.features, features);
}

export const decisionModelSchema = z
  .object({
    signals: z.array(z.enum(SIGNALS)).min(1),
    ...linearModel,
    /** Probability at or above which the top article is answered confidently. */
    answerAbove: z.number().min(0).max(1),
    /** Probability at or above which suggestions are offered (the fair-match rule also offers them). */
    suggestAbove: z.number().min(0).max(1),
    /** Re-orders the best few articles by a model of "this article is right"; absent: a fixed rule. */
    ranker: rankerSchema.optional(),
    /** Where the numbers came from (questions, folds, date): for the reader, not the engine. */
    fittedOn: z.string().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    oneNumberPerInput(m, m.signals, 'signal', ctx);
    if (m.suggestAbove > m.answerAbove)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['suggestAbove'], message: 'must not exceed answerAbove' });
  });
export type DecisionModel = z.infer<typeof decisionModelSchema>;

export const DECISION_MODEL_FILE = 'decision-model.json';

/** The model in `kbDir`, null when the KB has none; throws listing the problems when it is invalid. */
export async function loadDecisionModel(kbDir: string): Promise<DecisionModel | null> {
  const file = path.join(kbDir, DECISION_MODEL_FILE);
  const raw = await readOptionalKbFile(file);
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${file}: not valid JSON`);
  }
  const parsed = decisionModelSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function probability(signals: Signals, model: DecisionModel): number {
  return 1 / (1 + Math.exp(-logit(model, model.signals, signals)));
}

export interface Decision {
  band: Band;
  /** The model's probability that the top article is right; null without a model. */
  confidence: number | null;
}

/**
 * The band for a search result. `hits` are the ranked articles (top first); the fair-match rule for
 * suggestions is bands.ts's, so an uncertain but plausible result is still one glance away.
 */
export function decide(
  signals: Signals | null,
  hits: readonly Pick<ArticleHit, 'confidence' | 'coverage'>[],
  model: DecisionModel | null,
  thresholds: Thresholds,
): Decision {
  if (!model || !signals) return { band: classify(hits as ArticleHit[], thresholds), confidence: null };
  const p = probability(signals, model);
  if (p >= model.answerAbove) return { band: 'answer', confidence: p };
  const fair = classify(hits as ArticleHit[], { ...thresholds, answerConfidence: Infinity });
  return { band: p >= model.suggestAbove || fair === 'suggest' ? 'suggest' : 'unknown', confidence: p };
}
