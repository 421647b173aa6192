/**
 * A discriminative article classifier trained on the knowledge base's own text: multinomial logistic
 * regression (softmax) from a question to the article it is about, over sparse features — each content
 * word's stem and the character 4–5-grams of the words (folded, colloquial forms standardised, stopwords
 * dropped: the n-gram index's normalisation). Its training documents are every language version's title,
 * keywords, example questions (`questions:` in kb/) and body lines, labelled with the article id, so a
 * question in any language (or one mixing them) maps onto one set of articles.
 *
 * Unlike the nearest-neighbour n-gram similarity (ngram-similarity.ts), it learns which features tell
 * articles apart: n-grams every neighbour of an article shares ("vaihe", "tiedot") get little weight,
 * the few that separate step 5 from step 6 or "laajat" from "suppeat" get much.
 *
 * Training is deterministic (fixed document order, a fixed-seed shuffle, a fixed number of epochs) and
 * memoised per training text within the process: every engine made for the same KB (tests, fitting,
 * a reload of an unchanged KB) shares one trained model.
 *
 * The engine uses it as two re-ranker features (each candidate's log probability and its log-odds lead
 * over the best other candidate) and two decision signals (the top article's probability, and whether
 * the classifier's most probable article is the top one): docs/qa-eval-log.md, step 19.
 */
import { keyOf, type Analyzer } from './analyzer.js';
import type { Lang } from '../../i18n/index.js';
import type { Article, KnowledgeBase } from './kb-loader.js';
import { bodyLines, curatedDocuments } from './ngram-similarity.js';
import { seededRandom } from '../../seeded-random.js';
import { FNV_OFFSET, FNV_PRIME, fnv1a } from './fnv1a.js';
import { runWhole, runYielding, Slices, type BuildSteps } from './build-steps.js';

/** One labelled training text. */
export interface TrainingDocument {
  text: string;
  lang: Lang;
  label: string;
}

export interface ClassifierOptions {
  /** Passes over the training documents. */
  epochs?: number;
  /** Initial step size; it decays as 1 / (1 + epoch). */
  learningRate?: number;
  /** L2 penalty per document step (a weight decay). */
  l2?: number;
  /** Weight of a word-stem feature relative to one character n-gram. */
  wordWeight?: number;
}

const DEFAULTS: Required<ClassifierOptions> = { epochs: 8, learningRate: 4, l2: 1e-5, wordWeight: 2 };

/**
 * n-gram lengths: 4–5 rather than the similarity index's 3–5 — as good on the cross-validation folds'
 * questions with about a third fewer features to train and score.
 */
const MIN_N = 4;
const MAX_N = 5;
/** A seed that keeps a word stem's hash apart from a character n-gram's with the same letters. */
const WORD_SEED = 0x9e3779b1;

/** The sparse feature vector of a text: feature numbers (hashes or ids) and their values, L2-normalised. */
interface SparseVector {
  keys: number[];
  values: number[];
}

/**
 * An article's training documents: the title, each example question, the keywords (as one line) and each
 * body line (a paragraph or one bullet) — the body states the details a question may ask about in its
 * own words (on the cross-validation folds' questions the classifier alone puts the right article first
 * for 0.87–0.89 of them with the body, 0.84 without).
 */
export function classifierDocuments(article: Article): string[] {
  return [...curatedDocuments(article), ...bodyLines(article)];
}

/** Trained models by their training text (and options), so engines over the same KB share one. */
const MEMO_LIMIT = 4;
const memo = new Map<string, ArticleClassifier>();

function remember(key: string, model: ArticleClassifier): ArticleClassifier {
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(key, model);
  return model;
}

/** A KB's training documents and the memo key of the model trained on them. */
function trainingSetOf(kb: KnowledgeBase, options: ClassifierOptions): { key: string; documents: TrainingDocument[] } {
  const documents: TrainingDocument[] = [];
  for (const article of kb.articles)
    for (const text of classifierDocuments(article)) documents.push({ text, lang: article.lang, label: article.id });
  // The lexicon changes the features (colloquial forms, stopwords), so it is part of the key.
  return { key: JSON.stringify([options, kb.lexicon, documents]), documents };
}

/**
 * Documents made into features, or document steps, between two pauses of trainAsync(): about 15–20 ms of
 * work on this machine, so training delays a question by no more than that (the KB's ~2,600 documents make
 * ~10 slices of features, and × 8 epochs ~85 slices of training).
 */
const SLICE_DOCUMENTS = 250;

export class ArticleClassifier {
  /** The classes: article ids, in first-seen order. */
  readonly labels: readonly string[];
  private readonly labelIndex: ReadonlyMap<string, number>;
  /** Feature hash → row of the weight matrix (only features seen in training have a row). */
  private readonly featureRow: ReadonlyMap<number, number>;
  /**
   * Row-major: the weights of feature row r for every class at [r × classes, (r + 1) × classes). No
   * per-class bias: how many example questions an article has says nothing about how often it is asked
   * (and stochastic steps left the biases of a small KB far apart).
   */
  private readonly weights: Float64Array;
  /** Each word's n-gram hashes, as met in training and in questions. */
  private readonly grams: Map<string, Uint32Array>;

  private constructor(
    private readonly analyzer: Analyzer,
    private readonly wordWeight: number,
    labels: string[],
    featureRow: Map<number, number>,
    weights: Float64Array,
    grams: Map<string, Uint32Array>,
  ) {
    this.grams = grams;
    this.labels = labels;
    this.labelIndex = new Map(labels.map((l, i) => [l, i]));
    this.featureRow = featureRow;
    this.weights = weights;
  }

  /**
   * The model of a KB's articles, memoised per training text within the process. It trains in slices
   * (trainAsync) so the event loop runs in between: a KB edit reloads the engine while the bot keeps
   * answering with the old one.
   */
  static async fromKnowledgeBaseAsync(kb: KnowledgeBase, analyzer: Analyzer, options: ClassifierOptions = {}): Promise<ArticleClassifier> {
    const { key, documents } = trainingSetOf(kb, options);
    return memo.get(key) ?? remember(key, await ArticleClassifier.trainAsync(documents, analyzer, options));
  }

  /** Trains a model on labelled documents (deterministic: the same documents give the same weights). */
  static train(documents: readonly TrainingDocument[], analyzer: Analyzer, options: ClassifierOptions = {}): ArticleClassifier {
    return runWhole(ArticleClassifier.training(documents, analyzer, options, Infinity));
  }

  /** train(), handing the event loop back after every `slice` document steps: the same model. */
  static trainAsync(
    documents: readonly TrainingDocument[],
    analyzer: Analyzer,
    options: ClassifierOptions = {},
    slice = SLICE_DOCUMENTS,
  ): Promise<ArticleClassifier> {
    return runYielding(ArticleClassifier.training(documents, analyzer, options, slice));
  }

  /**
   * The training itself, pausing (yield) after every `slice` documents turned into features and every
   * `slice` document steps; returns the model.
   */
  private static *training(
    documents: readonly TrainingDocument[],
    analyzer: Analyzer,
    options: ClassifierOptions,
    slice: number,
  ): BuildSteps<ArticleClassifier> {
    const { epochs, learningRate, l2, wordWeight } = { ...DEFAULTS, ...options };
    const labels: string[] = [];
    const labelIndex = new Map<string, number>();
    const featureRow = new Map<number, number>();
    const grams = new Map<string, Uint32Array>();
    const rows: Array<{ label: number; rows: Int32Array; values: Float64Array }> = [];
    const slices = new Slices(slice);
    for (const doc of documents) {
      if (slices.full()) yield;
      const vector = featuresOf(grams, analyzer.questionTokens(doc.text), doc.lang, wordWeight);
      if (vector.keys.length === 0) continue;
      let label = labelIndex.get(doc.label);
      if (label === undefined) {
        label = labels.length;
        labels.push(doc.label);
        labelIndex.set(doc.label, label);
      }
      const docRows = new Int32Array(vector.keys.length);
      vector.keys.forEach((hash, i) => {
        let row = featureRow.get(hash);
        if (row === undefined) {
          row = featureRow.size;
          featureRow.set(hash, row);
        }
        docRows[i] = row;
      });
      rows.push({ label, rows: docRows, values: Float64Array.from(vector.values) });
    }
    const classes = labels.length;
    const weights = new Float64Array(featureRow.size * classes);
    // Weights are stored divided by `scale`, so the L2 decay of every weight is one multiplication.
    let scale = 1;
    const logits = new Float64Array(classes);
    const activeClass = new Int32Array(classes);
    const activeStep = new Float64Array(classes);
    const order = rows.map((_, i) => i);
    const random = seededRandom(20261205);
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      for (let i = order.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      const rate = learningRate / (1 + epoch);
      for (const at of order) {
        if (slices.full()) yield;
        const doc = rows[at] as (typeof rows)[number];
        scoreRows(weights, scale, classes, doc.rows, doc.values, logits);
        softmaxInPlace(logits);
        scale *= 1 - rate * l2;
        const step = rate / scale;
        // The classes whose gradient matters: after the first epoch most are nowhere near.
        let active = 0;
        for (let c = 0; c < classes; c += 1) {
          const gradient = (logits[c] as number) - (c === doc.label ? 1 : 0);
          if (gradient > -1e-4 && gradient < 1e-4) continue;
          activeClass[active] = c;
          activeStep[active] = step * gradient;
          active += 1;
        }
        // Feature rows outer, classes inner: one feature's weights lie side by side.
        for (let k = 0; k < doc.rows.length; k += 1) {
          const base = (doc.rows[k] as number) * classes;
          const value = doc.values[k] as number;
          for (let a = 0; a < active; a += 1) {
            const w = base + (activeClass[a] as number);
            weights[w] = (weights[w] as number) - (activeStep[a] as number) * value;
          }
        }
        if (scale < 1e-3) {
          for (let w = 0; w < weights.length; w += 1) weights[w] = (weights[w] as number) * scale;
          scale = 1;
        }
      }
    }
    if (scale !== 1) for (let w = 0; w < weights.length; w += 1) weights[w] = (weights[w] as number) * scale;
    return new ArticleClassifier(analyzer, wordWeight, labels, featureRow, weights, grams);
  }

  /**
   * The probability of each class (article) for a text in `lang` (the language its words are stemmed
   * in), in the order of `labels`; they sum to 1. A text with no known feature gets equal probabilities.
   */
  probabilities(text: string, lang: Lang): Float64Array {
    return this.probabilitiesOfWords(this.analyzer.questionTokens(text), lang);
  }

  /** probabilities() on the text's content tokens (`Analyzer.questionTokens`, or the search's `tokens`). */
  probabilitiesOfWords(words: readonly string[], lang: Lang): Float64Array {
    const classes = this.labels.length;
    const vector = featuresOf(this.grams, words, lang, this.wordWeight);
    const rows: number[] = [];
    const values: number[] = [];
    vector.keys.forEach((hash, i) => {
      const row = this.featureRow.get(hash);
      if (row === undefined) return;
      rows.push(row);
      values.push(vector.values[i] as number);
    });
    const out = new Float64Array(classes);
    scoreRows(this.weights, 1, classes, rows, values, out);
    return softmaxInPlace(out);
  }

  /** The class number of an article id (-1 when the model has no such class). */
  classOf(articleId: string): number {
    return this.labelIndex.get(articleId) ?? -1;
  }

  /** An article's probability in a result of probabilities() (0 for an article the model does not know). */
  probabilityOf(probabilities: Float64Array, articleId: string): number {
    const c = this.labelIndex.get(articleId);
    return c === undefined ? 0 : (probabilities[c] as number);
  }

  /** The most probable article of a result of probabilities() ('' when there is no class). */
  best(probabilities: Float64Array): string {
    let best = -1;
    let max = -Infinity;
    for (let c = 0; c < probabilities.length; c += 1) {
      if ((probabilities[c] as number) > max) {
        max = probabilities[c] as number;
        best = c;
      }
    }
    return best < 0 ? '' : (this.labels[best] as string);
  }
}

/** Probabilities this small count as this small: a log probability or log-odds lead stays finite. */
export const CLASSIFIER_FLOOR = 1e-6;

/** One candidate's log probability minus the best other candidate's (its lead when it is the most probable). */
export function classifierLead(probabilities: readonly number[], position: number): number {
  let other = 0;
  for (let i = 0; i < probabilities.length; i += 1)
    if (i !== position && (probabilities[i] as number) > other) other = probabilities[i] as number;
  return Math.log(Math.max(CLASSIFIER_FLOOR, probabilities[position] ?? 0)) - Math.log(Math.max(CLASSIFIER_FLOOR, other));
}

/** The classes' logits for one sparse vector (weights stored divided by `scale`). */
function scoreRows(
  weights: Float64Array,
  scale: number,
  classes: number,
  rows: ArrayLike<number>,
  values: ArrayLike<number>,
  out: Float64Array,
): void {
  out.fill(0);
  for (let k = 0; k < rows.length; k += 1) {
    const base = (rows[k] as number) * classes;
    const value = values[k] as number;
    for (let c = 0; c < classes; c += 1) out[c] = (out[c] as number) + (weights[base + c] as number) * value;
  }
  for (let c = 0; c < classes; c += 1) out[c] = (out[c] as number) * scale;
}

function softmaxInPlace(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const z of logits) if (z > max) max = z;
  let sum = 0;
  for (let c = 0; c < logits.length; c += 1) {
    const e = Math.exp((logits[c] as number) - max);
    logits[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c += 1) logits[c] = (logits[c] as number) / sum;
  return logits;
}

/**
 * A text's features from its content tokens (`Analyzer.questionTokens`): each word's stem in `lang`
 * (weight `wordWeight`) and the character 4–5-grams of the word with a space on either side (weight 1
 * each), each feature counted once; the vector is L2-normalised so a long message and a short one take
 * steps of the same size. Each word's n-gram hashes are worked out once (`grams`): words repeat across
 * documents and questions.
 */
function featuresOf(grams: Map<string, Uint32Array>, words: readonly string[], lang: Lang, wordWeight: number): SparseVector {
  const seen = new Map<number, number>();
  for (const word of words) {
    seen.set(fnv1a(keyOf(word, lang), WORD_SEED), wordWeight);
    let hashes = grams.get(word);
    if (!hashes) {
      hashes = gramHashes(word);
      if (grams.size >= GRAM_CACHE_LIMIT) grams.clear();
      grams.set(word, hashes);
    }
    for (const h of hashes) if (!seen.has(h)) seen.set(h, 1);
  }
  let norm = 0;
  for (const v of seen.values()) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  const keys: number[] = [];
  const values: number[] = [];
  for (const [k, v] of seen) {
    keys.push(k);
    values.push(v / norm);
  }
  return { keys, values };
}

/** Words whose n-gram hashes are kept; cleared when full (users keep typing new words). */
const GRAM_CACHE_LIMIT = 20_000;

/** The hashes of a word's character 4–5-grams, the word marked by a space on either side. */
function gramHashes(word: string): Uint32Array {
  const padded = ` ${word} `;
  const out: number[] = [];
  for (let i = 0; i + MIN_N <= padded.length; i += 1) {
    let h = FNV_OFFSET;
    for (let j = 0; j < MAX_N && i + j < padded.length; j += 1) {
      h = Math.imul(h ^ padded.charCodeAt(i + j), FNV_PRIME) >>> 0;
      if (j + 1 >= MIN_N) out.push(h);
    }
  }
  return Uint32Array.from(out);
}
