/**
 * A paraphrase- and typo-tolerant similarity between a question and each article: character n-gram
 * (3–5) TF-IDF cosine against the article's title, its example questions (`questions:` in kb/) and its
 * keywords, in every language, nearest neighbour per article. Words are folded (ä → a, ö → o, å → a), colloquial
 * forms standardised and stopwords dropped first (the analyzer's lists), so "tarviiko", "tarvitaanko"
 * and "tarvitseeko" or "yksilonti" and "yksilöinti" share most of their n-grams where the word index
 * sees different keys or none.
 *
 * The index is built once per KB load; a question costs one pass over its n-grams' postings (a few
 * hundred n-grams, each with a short list of example questions) — well under a millisecond.
 */
import { fold, tokenize, type Analyzer } from './analyzer.js';
import type { Article, KnowledgeBase } from './kb-loader.js';

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

/** Calls `visit` with each n-gram of one folded word, its edges marked by a space. */
function eachWordGram(word: string, visit: (gram: string) => void): void {
  const padded = ` ${word} `;
  for (let n = MIN_N; n <= MAX_N; n += 1) {
    for (let i = 0; i + n <= padded.length; i += 1) visit(padded.slice(i, i + n));
  }
}

/** The title, each example question and the keywords (as one line): documents of their own. */
export function curatedDocuments(article: Article): string[] {
  return [article.title, ...article.questions, article.keywords.join(' ')];
}

/** Each non-empty line of the body (a paragraph or one bullet). */
export function bodyLines(article: Article): string[] {
  return article.body.split('\n').filter((line) => line.trim().length > 0);
}

export class NgramIndex {
  private readonly gramId = new Map<string, number>();
  /** Postings per n-gram id: the documents it occurs in and its TF-IDF weight there (documents L2-normalised). */
  private postingsDocs: Int32Array[] = [];
  private postingsWeights: Float64Array[] = [];
  private readonly idf: number[] = [];
  /** Article number of each document (a title or one example question of one language version). */
  private readonly docArticle: number[] = [];
  private readonly articleIds: string[] = [];
  /** Scratch reused by every query (queries are synchronous, one at a time). */
  private docScore = new Float64Array(0);
  private articleScore = new Float64Array(0);

  private constructor(private readonly analyzer: Analyzer) {}

  /** The words of a text the n-grams are taken from: folded, colloquial forms standardised, stopwords out. */
  private words(text: string): readonly string[] {
    const folded = this.analyzer.standardise(tokenize(text).map(fold));
    return folded.filter((t) => !this.analyzer.stopwords.has(t));
  }

  /**
   * The n-gram counts of a text by n-gram id; with `create`, unseen n-grams get ids (index time), else
   * they are counted in `unseen` (query time: they only lower the question's similarity to everything).
   */
  private grams(text: string, create: boolean, unseen?: Map<string, number>): Map<number, number> {
    const counts = new Map<number, number>();
    const visit = (gram: string) => {
      let id = this.gramId.get(gram);
      if (id === undefined && create) {
        id = this.gramId.size;
        this.gramId.set(gram, id);
      }
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
      else unseen?.set(gram, (unseen.get(gram) ?? 0) + 1);
    };
    for (const word of this.words(text)) eachWordGram(word, visit);
    return counts;
  }

  static fromKnowledgeBase(
    kb: KnowledgeBase,
    analyzer: Analyzer,
    documentsOf: (article: Article) => string[] = curatedDocuments,
  ): NgramIndex {
    const index = new NgramIndex(analyzer);
    const articleNumber = new Map<string, number>();
    const documents: Array<Map<number, number>> = [];
    for (const article of kb.articles) {
      let number = articleNumber.get(article.id);
      if (number === undefined) {
        number = index.articleIds.length;
        articleNumber.set(article.id, number);
        index.articleIds.push(article.id);
      }
      for (const text of documentsOf(article)) {
        const grams = index.grams(text, true);
        if (grams.size === 0) continue;
        documents.push(grams);
        index.docArticle.push(number);
      }
    }
    // Document frequencies, then smoothed IDF (log((N + 1) / (df + 1)) + 1) and sublinear TF.
    const grams = index.gramId.size;
    const df = new Int32Array(grams);
    for (const doc of documents) for (const id of doc.keys()) df[id] = (df[id] as number) + 1;
    const n = documents.length;
    for (let id = 0; id < grams; id += 1) index.idf.push(Math.log((n + 1) / ((df[id] as number) + 1)) + 1);
    index.postingsDocs = Array.from({ length: grams }, (_, id) => new Int32Array(df[id] as number));
    index.postingsWeights = Array.from({ length: grams }, (_, id) => new Float64Array(df[id] as number));
    const filled = new Int32Array(grams);
    documents.forEach((doc, d) => {
      let norm = 0;
      for (const [id, tf] of doc) norm += ((1 + Math.log(tf)) * (index.idf[id] as number)) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (const [id, tf] of doc) {
        const at = filled[id] as number;
        (index.postingsDocs[id] as Int32Array)[at] = d;
        (index.postingsWeights[id] as Float64Array)[at] = ((1 + Math.log(tf)) * (index.idf[id] as number)) / norm;
        filled[id] = at + 1;
      }
    });
    index.docScore = new Float64Array(n);
    index.articleScore = new Float64Array(index.articleIds.length);
    return index;
  }

  /** Per article, the best cosine of `text` with its title or one of its example questions. */
  match(text: string): NgramMatch {
    const unseen = new Map<string, number>();
    const grams = this.grams(text, false, unseen);
    if (grams.size === 0) return NO_NGRAM_MATCH;
    const docScore = this.docScore;
    docScore.fill(0);
    // An n-gram no document has still counts in the question's norm (at the highest IDF): a question
    // mostly about something else is less similar to every article.
    const unseenIdf = Math.log(this.docArticle.length + 1) + 1;
    let norm = 0;
    for (const tf of unseen.values()) norm += ((1 + Math.log(tf)) * unseenIdf) ** 2;
    for (const [id, tf] of grams) norm += ((1 + Math.log(tf)) * (this.idf[id] as number)) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (const [id, tf] of grams) {
      const docs = this.postingsDocs[id] as Int32Array;
      const weights = this.postingsWeights[id] as Float64Array;
      const q = ((1 + Math.log(tf)) * (this.idf[id] as number)) / norm;
      for (let i = 0; i < docs.length; i += 1) {
        const doc = docs[i] as number;
        docScore[doc] = (docScore[doc] as number) + q * (weights[i] as number);
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
