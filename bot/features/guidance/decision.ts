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
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { classify, type Band, type Thresholds } from './bands.js';
import type { ArticleHit } from './search-index.js';

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
] as const;
export type SignalName = (typeof SIGNALS)[number];
export type Signals = Record<SignalName, number>;

export const decisionModelSchema = z
  .object({
    signals: z.array(z.enum(SIGNALS)).min(1),
    mean: z.array(z.number().finite()),
    scale: z.array(z.number().finite().positive()),
    weights: z.array(z.number().finite()),
    bias: z.number().finite(),
    /** Probability at or above which the top article is answered confidently. */
    answerAbove: z.number().min(0).max(1),
    /** Probability at or above which suggestions are offered (the fair-match rule also offers them). */
    suggestAbove: z.number().min(0).max(1),
    /** Where the numbers came from (questions, folds, date): for the reader, not the engine. */
    fittedOn: z.string().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const key of ['mean', 'scale', 'weights'] as const) {
      if (m[key].length !== m.signals.length)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `needs ${m.signals.length} numbers, one per signal` });
    }
    if (m.suggestAbove > m.answerAbove)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['suggestAbove'], message: 'must not exceed answerAbove' });
  });
export type DecisionModel = z.infer<typeof decisionModelSchema>;

export const DECISION_MODEL_FILE = 'decision-model.json';

/** The model in `kbDir`, null when the KB has none; throws listing the problems when it is invalid. */
export async function loadDecisionModel(kbDir: string): Promise<DecisionModel | null> {
  const file = path.join(kbDir, DECISION_MODEL_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
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
  let z = model.bias;
  for (let i = 0; i < model.signals.length; i += 1) {
    const name = model.signals[i] as SignalName;
    z += (model.weights[i] as number) * ((signals[name] - (model.mean[i] as number)) / (model.scale[i] as number));
  }
  return 1 / (1 + Math.exp(-z));
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
