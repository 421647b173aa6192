/**
 * A paraphrase- and typo-tolerant similarity between a question and each article: character n-gram
 * (3–5) TF-IDF cosine against the article's title, its example questions (`questions:` in kb/) and its
 * keywords, in every language, nearest neighbour per article. Words are folded (ä → a, ö → o, å → a), colloquial
 * forms standardised and stopwords dropped first (the analyzer's lists), so "tarviiko", "tarvitaanko"
 * and "tarvitseeko" or "yksilonti" and "yksilöinti" share most of their n-grams where the word index
 * sees different keys or none.
 *
 * The index is built once per KB load; a question costs one pass over its n-grams' postings (a few
 * hundred n-grams, each with a short list of example questions) — well under a millisecond. A word's
 * n-gram ids are worked out once and kept (bounded, like the analyzer's stem cache): questions repeat
 * words far more than whole texts, and packing and looking up every n-gram of every word was ~15% of a
 * question's engine time.
 */
import type { Analyzer } from './analyzer.js';
import type { Article, KnowledgeBase } from './kb-loader.js';
import { SparseCounter } from './sparse-counter.js';
import { runWhole, runYielding, Slices, type BuildSteps } from './build-steps.js';

/** n-gram lengths (characters, word boundaries marked by a space on each side of the word). */
const MIN_N = 3;
const MAX_N = 5;

/** The per-article result of one question. */
export interface NgramMatch {
  /** Best cosine of the question with the article's title, any example question or its keywords (0..1), by article id. */
  readonly byArticle: ReadonlyMap<string, number>;
  /** The article with the highest similarity ('' when nothing shares an n-gram). */
  readonly bestArticle: string;
  readonly best: number;
  /** The highest similarity of any other article than `bestArticle`. */
  readonly second: number;
}

export const NO_NGRAM_MATCH: NgramMatch = { byArticle: new Map(), bestArticle: '', best: 0, second: 0 };

/** Characters get 6-bit codes 1..62 as the index meets them; 63 is every other character. */
const OTHER_CHAR = 63;
const SPACE_CODE = 1;
/** Words whose n-gram ids are kept per index; cleared when full (the stem cache's policy). */
const WORD_GRAMS_LIMIT = 10_000;
/**
 * Documents (a title, example question, keyword line or body line) handled between two pauses of the sliced
 * build (fromKnowledgeBaseAsync), in whichever pass over them: at most about 10–20 ms of work on this machine
 * (body lines are the longest documents).
 */
const SLICE_DOCUMENTS = 100;

/** The title, each example question and the keywords (as one line): documents of their own. */
export function curatedDocuments(article: Article): string[] {
  return [article.title, ...article.questions, article.keywords.join(' ')];
}

/** Each non-empty line of the body (a paragraph or one bullet). */
export function bodyLines(article: Article): string[] {
  return article.body.split('\n').filter((line) => line.trim().length > 0);
}

/**
 * One article's postings: its n-gram ids sorted ascending (`grams`), and for the n-gram at position k
 * the article's documents (numbered 0..docs-1 within the article) at `docs[start[k] .. start[k + 1])`
 * with their weights.
 */
interface ArticlePostings {
  readonly documents: number;
  readonly grams: Int32Array;
  readonly start: Int32Array;
  readonly docs: Int32Array;
  readonly weights: Float64Array;
}

/** Position of `id` in the ascending `sorted`, or -1. */
function findSorted(sorted: Int32Array, id: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = sorted[mid] as number;
    if (value === id) return mid;
    if (value < id) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

export class NgramIndex {
  /**
   * N-gram id by its key: the n-gram's 6-bit character codes packed into one small integer (5 × 6 bits),
   * so a question's n-grams are looked up without building a string for each.
   */
  private readonly gramId = new Map<number, number>();
  private readonly charCode = new Map<number, number>([[32, SPACE_CODE]]);
  /** Reused buffer of one word's character codes with its edge marks. */
  private codes = new Int32Array(64);
  /** Query scratch: the current question's known n-grams, each id listed once, with its count. */
  private readonly queryGrams = new SparseCounter();
  /** The current question's known n-gram ids and their normalised weights (first `queryLength` slots). */
  private queryIds = new Int32Array(0);
  private queryWeights = new Float64Array(256);
  private queryLength = 0;
  /**
   * Postings of every n-gram, flat (compressed sparse rows): the documents n-gram `id` occurs in are
   * `postingDocs[postingStart[id] .. postingStart[id + 1])`, in document order, with their TF-IDF weights
   * (documents L2-normalised) beside them. Flat typed arrays instead of an array or object per n-gram:
   * the two indexes of today's KB hold about 440,000 postings (counting the per-article copies), and
   * per-n-gram and per-posting objects made the engine retain ~97 MB of heap instead of ~10 MB.
   */
  private postingStart = new Int32Array(1);
  private postingDocs = new Int32Array(0);
  private postingWeights = new Float64Array(0);
  private idf = new Float64Array(0);
  /** Article number of each document (a title or one example question of one language version). */
  private readonly docArticle: number[] = [];
  private readonly articleIds: string[] = [];
  /** Scratch reused by every query (queries are synchronous, one at a time). */
  private docScore = new Float64Array(0);
  /** Each article's own postings, flat in the same way, for scoring a few articles alone; by article number. */
  private articlePostings: Array<ArticlePostings | undefined> = [];
  private readonly articleNumber = new Map<string, number>();
  /**
   * The articles whose own postings hold n-gram `id`, and where: `gramArticles[gramArticleStart[id] ..
   * gramArticleStart[id + 1])` are article numbers, `gramArticleAt` beside them the n-gram's position in
   * that article's `grams`. A question's n-grams then reach their candidates' postings directly instead of
   * a binary search per n-gram and candidate.
   */
  private gramArticleStart = new Int32Array(1);
  private gramArticles = new Int32Array(0);
  private gramArticleAt = new Int32Array(0);
  /** similaritiesTo scratch: each article's slot among the asked ones (-1: not asked), and their scores. */
  private articleSlot = new Int32Array(0);
  private localScore = new Float64Array(0);
  private articleScore = new Float64Array(0);
  /**
   * A word's n-grams in the order forEachGram visits them, each as its id, or for an n-gram no document
   * has, -(key + 1): what a question needs of the word, looked up once instead of per question.
   */
  private readonly wordGrams = new Map<string, Int32Array>();

  private constructor(private readonly analyzer: Analyzer) {}

  /**
   * The words of a text the n-grams are taken from: folded, colloquial forms standardised, stopwords out —
   * the content tokens the search index makes of a question with the same analyzer (`SearchOutcome.tokens`).
   */
  words(text: string): readonly string[] {
    return this.analyzer.questionTokens(text);
  }

  /**
   * Calls `visit` with the key of each n-gram of the text's words, shortest n first, each word with a
   * space on either side: the n-gram's character codes (from `codeOf`) packed 6 bits each. Index and
   * query time walk the words the same way; only how a character gets its code differs.
   */
  private forEachGram(text: string, codeOf: (char: number) => number, visit: (key: number) => void): void {
    for (const word of this.words(text)) this.forEachGramOfWord(word, codeOf, visit);
  }

  private forEachGramOfWord(word: string, codeOf: (char: number) => number, visit: (key: number) => void): void {
    const length = word.length + 2;
    if (this.codes.length < length) this.codes = new Int32Array(length * 2);
    const codes = this.codes;
    codes[0] = SPACE_CODE;
    codes[length - 1] = SPACE_CODE;
    for (let i = 0; i < word.length; i += 1) codes[i + 1] = codeOf(word.charCodeAt(i));
    for (let n = MIN_N; n <= MAX_N; n += 1) {
      for (let i = 0; i + n <= length; i += 1) {
        let key = 0;
        for (let j = 0; j < n; j += 1) key = key * 64 + (codes[i + j] as number);
        visit(key);
      }
    }
  }

  /** A word's n-grams at query time (see `wordGrams`). */
  private gramsOfWord(word: string): Int32Array {
    const known = this.wordGrams.get(word);
    if (known) return known;
    const grams: number[] = [];
    this.forEachGramOfWord(word, this.knownCode, (key) => grams.push(this.gramId.get(key) ?? -(key + 1)));
    const packed = Int32Array.from(grams);
    if (this.wordGrams.size >= WORD_GRAMS_LIMIT) this.wordGrams.clear();
    this.wordGrams.set(word, packed);
    return packed;
  }

  /** A character's code at index time: a new character gets the next free code while there is one. */
  private readonly newOrKnownCode = (char: number): number => {
    let code = this.charCode.get(char);
    if (code === undefined) {
      code = this.charCode.size < OTHER_CHAR ? this.charCode.size + 1 : OTHER_CHAR;
      if (code !== OTHER_CHAR) this.charCode.set(char, code);
    }
    return code;
  };

  /** A character's code at query time: one the index never met is OTHER_CHAR. */
  private readonly knownCode = (char: number): number => this.charCode.get(char) ?? OTHER_CHAR;

  /** The n-gram counts of a document by n-gram id (index time: new characters and n-grams get ids). */
  private documentGrams(text: string): Map<number, number> {
    const counts = new Map<number, number>();
    this.forEachGram(text, this.newOrKnownCode, (key) => {
      let id = this.gramId.get(key);
      if (id === undefined) {
        id = this.gramId.size;
        this.gramId.set(key, id);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    });
    return counts;
  }

  static fromKnowledgeBase(
    kb: KnowledgeBase,
    analyzer: Analyzer,
    documentsOf: (article: Article) => string[] = curatedDocuments,
    /** false: only similarityTo() is used (no postings built; match() finds nothing). */
    withPostings = true,
  ): NgramIndex {
    return runWhole(NgramIndex.building(kb, analyzer, documentsOf, withPostings, Infinity));
  }

  /**
   * fromKnowledgeBase(), handing the event loop back after every `slice` documents handled (counted over all
   * its passes over them): the same index, built while the bot keeps answering (a KB reload).
   */
  static fromKnowledgeBaseAsync(
    kb: KnowledgeBase,
    analyzer: Analyzer,
    documentsOf: (article: Article) => string[] = curatedDocuments,
    withPostings = true,
    slice = SLICE_DOCUMENTS,
  ): Promise<NgramIndex> {
    return runYielding(NgramIndex.building(kb, analyzer, documentsOf, withPostings, slice));
  }

  /** The build itself, pausing (yield) after every `slice` documents handled, in any of its passes; returns the index. */
  private static *building(
    kb: KnowledgeBase,
    analyzer: Analyzer,
    documentsOf: (article: Article) => string[],
    withPostings: boolean,
    slice: number,
  ): BuildSteps<NgramIndex> {
    const index = new NgramIndex(analyzer);
    const articleNumber = index.articleNumber;
    const documents: Array<Map<number, number>> = [];
    const slices = new Slices(slice);
    for (const article of kb.articles) {
      let number = articleNumber.get(article.id);
      if (number === undefined) {
        number = index.articleIds.length;
        articleNumber.set(article.id, number);
        index.articleIds.push(article.id);
      }
      for (const text of documentsOf(article)) {
        if (slices.full()) yield;
        const grams = index.documentGrams(text);
        if (grams.size === 0) continue;
        documents.push(grams);
        index.docArticle.push(number);
      }
    }
    // Document frequencies, then smoothed IDF (log((N + 1) / (df + 1)) + 1) and sublinear TF.
    const grams = index.gramId.size;
    const df = new Int32Array(grams);
    for (const doc of documents) {
      if (slices.full()) yield;
      for (const id of doc.keys()) df[id] = (df[id] as number) + 1;
    }
    const n = documents.length;
    index.idf = new Float64Array(grams);
    for (let id = 0; id < grams; id += 1) index.idf[id] = Math.log((n + 1) / ((df[id] as number) + 1)) + 1;
    const weightsOf: Array<(id: number, tf: number) => number> = [];
    for (const doc of documents) {
      if (slices.full()) yield;
      let norm = 0;
      for (const [id, tf] of doc) norm += ((1 + Math.log(tf)) * (index.idf[id] as number)) ** 2;
      norm = Math.sqrt(norm) || 1;
      weightsOf.push((id: number, tf: number) => ((1 + Math.log(tf)) * (index.idf[id] as number)) / norm);
    }
    if (withPostings) yield* index.fillPostings(documents, df, weightsOf, slices);
    yield* index.fillArticlePostings(documents, weightsOf, slices);
    index.docScore = new Float64Array(n);
    index.articleScore = new Float64Array(index.articleIds.length);
    index.articleSlot = new Int32Array(index.articleIds.length).fill(-1);
    return index;
  }

  /** The flat postings of every n-gram, each list in document order (pausing when `slices` is full). */
  private *fillPostings(
    documents: ReadonlyArray<Map<number, number>>,
    df: Int32Array,
    weightsOf: ReadonlyArray<(id: number, tf: number) => number>,
    slices: Slices,
  ): BuildSteps<void> {
    const grams = df.length;
    const start = new Int32Array(grams + 1);
    for (let id = 0; id < grams; id += 1) start[id + 1] = (start[id] as number) + (df[id] as number);
    const total = start[grams] as number;
    const docs = new Int32Array(total);
    const weights = new Float64Array(total);
    const filled = start.slice(0, grams);
    for (let d = 0; d < documents.length; d += 1) {
      if (slices.full()) yield;
      const weight = weightsOf[d] as (id: number, tf: number) => number;
      for (const [id, tf] of documents[d] as Map<number, number>) {
        const at = filled[id] as number;
        docs[at] = d;
        weights[at] = weight(id, tf);
        filled[id] = at + 1;
      }
    }
    this.postingStart = start;
    this.postingDocs = docs;
    this.postingWeights = weights;
  }

  /**
   * Each article's flat postings over its own documents (numbered in the order they were indexed), pausing
   * when `slices` is full.
   */
  private *fillArticlePostings(
    documents: ReadonlyArray<Map<number, number>>,
    weightsOf: ReadonlyArray<(id: number, tf: number) => number>,
    slices: Slices,
  ): BuildSteps<void> {
    const documentsOfArticle = new Map<number, number[]>();
    this.docArticle.forEach((article, d) => {
      const list = documentsOfArticle.get(article);
      if (list) list.push(d);
      else documentsOfArticle.set(article, [d]);
    });
    for (const [article, docNumbers] of documentsOfArticle) {
      if (slices.full(docNumbers.length)) yield;
      const count = new Map<number, number>();
      for (const d of docNumbers) for (const id of (documents[d] as Map<number, number>).keys()) count.set(id, (count.get(id) ?? 0) + 1);
      const grams = Int32Array.from(count.keys()).sort();
      const start = new Int32Array(grams.length + 1);
      grams.forEach((id, k) => (start[k + 1] = (start[k] as number) + (count.get(id) as number)));
      const docs = new Int32Array(start[grams.length] as number);
      const weights = new Float64Array(docs.length);
      const filled = start.slice(0, grams.length);
      docNumbers.forEach((d, local) => {
        const weight = weightsOf[d] as (id: number, tf: number) => number;
        for (const [id, tf] of documents[d] as Map<number, number>) {
          const k = findSorted(grams, id);
          const at = filled[k] as number;
          docs[at] = local;
          weights[at] = weight(id, tf);
          filled[k] = at + 1;
        }
      });
      this.articlePostings[article] = { documents: docNumbers.length, grams, start, docs, weights };
    }
    // The same, turned around: per n-gram, the articles holding it and its position in each.
    const perGram = new Int32Array(this.idf.length);
    for (const own of this.articlePostings) {
      if (!own) continue;
      if (slices.full(own.documents)) yield;
      for (const id of own.grams) perGram[id] = (perGram[id] as number) + 1;
    }
    const start = new Int32Array(perGram.length + 1);
    for (let id = 0; id < perGram.length; id += 1) start[id + 1] = (start[id] as number) + (perGram[id] as number);
    const articles = new Int32Array(start[perGram.length] as number);
    const at = new Int32Array(articles.length);
    const filled = start.slice(0, perGram.length);
    for (let article = 0; article < this.articlePostings.length; article += 1) {
      const own = this.articlePostings[article];
      if (!own) continue;
      if (slices.full(own.documents)) yield;
      own.grams.forEach((id, k) => {
        const slot = filled[id] as number;
        articles[slot] = article;
        at[slot] = k;
        filled[id] = slot + 1;
      });
    }
    this.gramArticleStart = start;
    this.gramArticles = articles;
    this.gramArticleAt = at;
  }

  /**
   * Fills queryIds/queryWeights with the question's known n-grams and their L2-normalised TF-IDF weights;
   * returns false when the question has none. An n-gram no document has still counts in the norm (at
   * the highest IDF): a question mostly about something else is less similar to every article.
   */
  private queryVector(words: readonly string[]): boolean {
    const counted = this.queryGrams;
    counted.begin(this.idf.length);
    // Unseen n-grams by their negative code (see `wordGrams`), counted in the order they are met.
    let unseen: Map<number, number> | null = null;
    for (const word of words) {
      const grams = this.gramsOfWord(word);
      for (let i = 0; i < grams.length; i += 1) {
        const gram = grams[i] as number;
        if (gram >= 0) counted.add(gram);
        else {
          unseen ??= new Map<number, number>();
          unseen.set(gram, (unseen.get(gram) ?? 0) + 1);
        }
      }
    }
    const length = counted.size;
    this.queryIds = counted.ids;
    this.queryLength = length;
    if (this.queryWeights.length < length) this.queryWeights = new Float64Array(counted.ids.length);
    if (length === 0) return false;
    const unseenIdf = Math.log(this.docArticle.length + 1) + 1;
    let norm = 0;
    if (unseen) for (const tf of unseen.values()) norm += ((1 + Math.log(tf)) * unseenIdf) ** 2;
    for (let k = 0; k < length; k += 1) {
      const id = this.queryIds[k] as number;
      const w = (1 + Math.log(counted.count(id))) * (this.idf[id] as number);
      this.queryWeights[k] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < length; k += 1) this.queryWeights[k] = (this.queryWeights[k] as number) / norm;
    return true;
  }

  /**
   * The best cosine of `text` with one article's documents only — a few dozen short vectors instead of
   * every posting, for a signal needed only for a few articles (e.g. their body lines).
   */
  similarityTo(text: string, articleId: string): number {
    return this.similaritiesTo(text, [articleId])[0] as number;
  }

  /** similarityTo() for several articles, the question's n-grams counted once. */
  similaritiesTo(text: string, articleIds: readonly string[]): number[] {
    return this.similaritiesOfWords(this.words(text), articleIds);
  }

  /**
   * similaritiesTo() on the question's content tokens (`words()`, or the search's `tokens`). Each asked
   * article gets a slot of document scores; every question n-gram adds to the slots of the asked articles
   * holding it, in the question's n-gram order — per document the very sums (and order of additions) of
   * scoring each article alone.
   */
  similaritiesOfWords(words: readonly string[], articleIds: readonly string[]): number[] {
    const result = new Array<number>(articleIds.length).fill(0);
    if (!this.queryVector(words)) return result;
    const slotOf = this.articleSlot;
    const slotArticle: number[] = [];
    const slotBase: number[] = [];
    let documents = 0;
    for (const articleId of articleIds) {
      const article = this.articleNumber.get(articleId);
      if (article === undefined || slotOf[article] !== -1) continue;
      const own = this.articlePostings[article];
      if (!own) continue;
      slotOf[article] = slotArticle.length;
      slotArticle.push(article);
      slotBase.push(documents);
      documents += own.documents;
    }
    if (this.localScore.length < documents) this.localScore = new Float64Array(documents * 2);
    const score = this.localScore;
    score.fill(0, 0, documents);
    try {
      for (let k = 0; k < this.queryLength; k += 1) {
        const id = this.queryIds[k] as number;
        const q = this.queryWeights[k] as number;
        for (let e = this.gramArticleStart[id] as number; e < (this.gramArticleStart[id + 1] as number); e += 1) {
          const slot = slotOf[this.gramArticles[e] as number] as number;
          if (slot < 0) continue;
          const own = this.articlePostings[slotArticle[slot] as number] as ArticlePostings;
          const base = slotBase[slot] as number;
          const at = this.gramArticleAt[e] as number;
          for (let i = own.start[at] as number; i < (own.start[at + 1] as number); i += 1) {
            const doc = base + (own.docs[i] as number);
            score[doc] = (score[doc] as number) + q * (own.weights[i] as number);
          }
        }
      }
    } finally {
      for (const article of slotArticle) slotOf[article] = -1;
    }
    const bestOfSlot = slotArticle.map((article, slot) => {
      const base = slotBase[slot] as number;
      const end = base + (this.articlePostings[article] as ArticlePostings).documents;
      let best = 0;
      for (let doc = base; doc < end; doc += 1) if ((score[doc] as number) > best) best = score[doc] as number;
      return best;
    });
    articleIds.forEach((articleId, n) => {
      const article = this.articleNumber.get(articleId);
      const slot = article === undefined || !this.articlePostings[article] ? -1 : slotArticle.indexOf(article);
      if (slot >= 0) result[n] = bestOfSlot[slot] as number;
    });
    return result;
  }

  /** Per article, the best cosine of `text` with its title or one of its example questions. */
  match(text: string): NgramMatch {
    return this.matchWords(this.words(text));
  }

  /** match() on the question's content tokens (`words()`, or the search's `tokens`). */
  matchWords(words: readonly string[]): NgramMatch {
    if (!this.queryVector(words)) return NO_NGRAM_MATCH;
    const docScore = this.docScore;
    docScore.fill(0);
    for (let k = 0; k < this.queryLength; k += 1) {
      const id = this.queryIds[k] as number;
      const q = this.queryWeights[k] as number;
      for (let i = this.postingStart[id] as number; i < (this.postingStart[id + 1] as number); i += 1) {
        const doc = this.postingDocs[i] as number;
        docScore[doc] = (docScore[doc] as number) + q * (this.postingWeights[i] as number);
      }
    }
    const articleScore = this.articleScore;
    articleScore.fill(0);
    for (let doc = 0; doc < docScore.length; doc += 1) {
      const article = this.docArticle[doc] as number;
      if ((docScore[doc] as number) > (articleScore[article] as number)) articleScore[article] = docScore[doc] as number;
    }
    const byArticle = new Map<string, number>();
    let best = 0;
    let second = 0;
    let bestArticle = '';
    for (let a = 0; a < articleScore.length; a += 1) {
      const score = articleScore[a] as number;
      if (score <= 0) continue;
      const id = this.articleIds[a] as string;
      byArticle.set(id, score);
      if (score > best) {
        second = best;
        best = score;
        bestArticle = id;
      } else if (score > second) second = score;
    }
    return { byArticle, bestArticle, best, second };
  }

  /** The articles by similarity, best first (for widening the re-ranked candidates). */
  static ranked(match: NgramMatch, limit: number): string[] {
    return [...match.byArticle.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([id]) => id);
  }
}
