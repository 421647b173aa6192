/**
 * The retrieval index: minisearch (BM25+) as index and scorer, one index per language, fed with the
 * in-repo analyzer's keys. A question is analysed in each language and each language's keys only score
 * that language's documents; every key is looked up on its own so a word counts with its best key
 * (stem, synonym, compound part or typo correction). Documents in the question's language get the 1.5×
 * boost, and hits are folded to article ids, so the answer can be shown in the asker's language.
 *
 * A key's minisearch score for a document does not depend on the rest of the question, so each
 * vocabulary key is scored once — the first time a question uses it — and kept as a postings list; a
 * question then costs a few map lookups and array walks instead of one minisearch query per key and
 * language. Keys the vocabulary lacks are never queried. (Scoring all ~2,800 keys up front cost
 * 100–200 ms of start-up on a busy machine, while a question meets a few dozen keys.)
 */
import MiniSearch from 'minisearch';
import { LANGS, type Lang } from '../../i18n/index.js';
import { Analyzer, fold, MAX_QUERY_WORDS, tokenize, type QueryWord } from './analyzer.js';
import type { Lexicon } from './lexicon.js';
import type { Article, KnowledgeBase } from './kb-loader.js';
import { FuzzyVocabulary } from './fuzzy.js';
import { detectLanguageOfTokens } from './language.js';
import { runWhole, runYielding, type BuildSteps } from './build-steps.js';

const FIELDS = ['title', 'keywords', 'questions', 'body', 'parts'] as const;
type Field = (typeof FIELDS)[number];

/** Field boosts: the curated fields say what an article is about; compound parts are weak evidence. */
export const FIELD_BOOST: Record<Field, number> = { title: 2, keywords: 1.5, questions: 1.5, body: 1, parts: 0.5 };
export const SAME_LANGUAGE_BOOST = 1.5;
const FUZZY_WEIGHT: Record<number, number> = { 1: 0.7, 2: 0.5 };
const MAX_FUZZY_CANDIDATES = 3;
/**
 * Articles analysed and indexed between two pauses of the sliced build (fromKnowledgeBaseAsync): about
 * 10–15 ms of work on this machine, the real KB's 144 language versions making ten slices.
 */
const SLICE_ARTICLES = 16;

interface IndexedDocument {
  id: string;
  articleId: string;
  lang: Lang;
  fields: Record<Field, string>;
}

export interface ArticleHit {
  articleId: string;
  /** Language of the document version that matched best. */
  matchedLang: Lang;
  score: number;
  /**
   * Score per question word, scaled by the weighted coverage: the band decision's figure. It stays
   * comparable between short and long questions, and drops when the article leaves the question's
   * rare or unknown words unexplained (Wilma, Python, residence permit).
   */
  confidence: number;
  /** Share of the query's content words matched by this article (0..1). */
  coverage: number;
  /** The same share with each word weighted by how rare it is in the KB (unknown words weigh most). */
  weightedCoverage: number;
  matchedWords: string[];
}

export interface SearchOutcome {
  detectedLang: Lang;
  /** Content words of the query in the detected language (0 means nothing searchable was asked). */
  wordCount: number;
  hits: ArticleHit[];
  /** The query's analysed words in each language (for passage scoring and the decision's signals). */
  words: Record<Lang, QueryWord[]>;
  /** `wordWeight` of each of `words[lang]` in `lang` (the search works them out for every language anyway). */
  weights: Record<Lang, number[]>;
  /**
   * The question's content tokens: folded, colloquial forms standardised, stopwords out (in question order,
   * repeats kept) — what the n-gram indexes of the same analyzer take, so the question is tokenised once.
   */
  tokens: readonly string[];
}

/** Edit-distance limit by key length, per the reference: none under 5, 1 for 5–8, 2 for 9+ (Levenshtein, as minisearch computes it). */
export function fuzzyDistance(key: string): number {
  if (/^\d+$/.test(key)) return 0;
  return key.length >= 9 ? 2 : key.length >= 5 ? 1 : 0;
}

/** The documents (indexes into SearchIndex's document list) a key occurs in, with its minisearch score in each. */
interface Postings {
  docs: Uint32Array;
  scores: Float64Array;
}

/** A document as the search keeps it once the analysed fields are indexed. */
interface IndexedVersion {
  id: string;
  articleId: string;
  lang: Lang;
  /** Number of its article (its position in the article list), for folding hits to articles. */
  article: number;
}

/**
 * Per-document (and per-article) accumulators reused by every search — one search runs at a time, as
 * it is synchronous — so a question allocates little and leaves little for the garbage collector.
 * A slot counts only when its stamp is the current word's or question's; nothing is cleared between
 * searches.
 */
interface Scratch {
  wordStamp: Uint32Array;
  wordScore: Float64Array;
  wordStrength: Float64Array;
  touched: Uint32Array;
  docStamp: Uint32Array;
  sum: Float64Array;
  strength: Float64Array;
  weighted: Float64Array;
  /** Numbers of the words a document matched: MAX_QUERY_WORDS slots per document. */
  matchedCount: Uint8Array;
  matchedWords: Uint8Array;
  articleStamp: Uint32Array;
  bestDoc: Uint32Array;
  bestScore: Float64Array;
  /** Articles in the order their first matching document comes (the order ties keep). */
  articleOrder: Uint32Array;
}

export class SearchIndex {
  /** Every key indexed for documents of each language (terms and parts). */
  readonly vocabulary: Record<Lang, Set<string>> = { fi: new Set(), sv: new Set(), en: new Set() };
  /** Document frequency of every key per language, for word weights in the coverage figure. */
  private readonly documentFrequency: Record<Lang, Map<string, number>> = { fi: new Map(), sv: new Map(), en: new Map() };
  private readonly languageSize: Record<Lang, number> = { fi: 0, sv: 0, en: 0 };
  private readonly fuzzy: Record<Lang, FuzzyVocabulary> = {
    fi: new FuzzyVocabulary(),
    sv: new FuzzyVocabulary(),
    en: new FuzzyVocabulary(),
  };
  /** One minisearch index per language; queried once per vocabulary key (see `postingsOf`). */
  private readonly indexes = {} as Record<Lang, MiniSearch<IndexedDocument>>;
  /** Vocabulary keys scored so far: key → its minisearch results (documents and scores). */
  private readonly postings: Record<Lang, Map<string, Postings>> = { fi: new Map(), sv: new Map(), en: new Map() };
  /** Document id → position in `documents` (set when the build finishes). */
  private positions: ReadonlyMap<string, number> = new Map();
  private documents: readonly IndexedVersion[] = [];
  private scratch: Scratch = scratchFor(0, 0);
  private stamp = 0;
  /** Keys of each document's curated fields (title, keywords, questions), by document id. */
  private readonly curatedKeys = new Map<string, Set<string>>();

  /** An empty index over the analyzer; `building` fills it. */
  private constructor(readonly analyzer: Analyzer) {}

  get documentCount(): number {
    return this.documents.length;
  }

  static fromKnowledgeBase(kb: KnowledgeBase): SearchIndex {
    return runWhole(SearchIndex.building(kb.articles, kb.lexicon, Infinity));
  }

  /**
   * fromKnowledgeBase(), handing the event loop back after the analyzer and after every `slice` articles:
   * the same index, built while the bot keeps answering (a KB reload).
   */
  static fromKnowledgeBaseAsync(kb: KnowledgeBase, slice = SLICE_ARTICLES): Promise<SearchIndex> {
    return runYielding(SearchIndex.building(kb.articles, kb.lexicon, slice));
  }

  /** The build itself, pausing (yield) after the analyzer and after every `slice` articles; returns the index. */
  private static *building(articles: readonly Article[], lexicon: Lexicon, slice: number): BuildSteps<SearchIndex> {
    const index = new SearchIndex(
      new Analyzer(
        articles.map((a) => ({ lang: a.lang, text: articleText(a) })),
        lexicon,
      ),
    );
    yield;
    // One index per language: a term's IDF then counts documents of its own language only (a Finnish
    // word never occurs in the Swedish and English versions, which would flatten every IDF).
    for (const lang of LANGS) {
      index.indexes[lang] = new MiniSearch<IndexedDocument>({
        fields: [...FIELDS],
        // extractField also feeds the id, which is not analysed.
        extractField: (document, fieldName) =>
          (FIELDS as readonly string[]).includes(fieldName) ? document.fields[fieldName as Field] : document.id,
        // The analyzer already produced space-separated keys; minisearch only splits them.
        tokenize: (text) => text.split(' ').filter(Boolean),
        processTerm: (term) => term,
      });
    }
    // Each language's index gets its documents in article order, as one addAll per language would.
    const documents: IndexedDocument[] = [];
    for (const article of articles) {
      if (documents.length > 0 && documents.length % slice === 0) yield;
      const document = index.toDocument(article);
      index.indexes[document.lang].add(document);
      documents.push(document);
    }
    index.positions = new Map(documents.map((d, i) => [d.id, i]));
    const articleNumbers = new Map<string, number>();
    index.documents = documents.map(({ id, articleId, lang }) => {
      if (!articleNumbers.has(articleId)) articleNumbers.set(articleId, articleNumbers.size);
      return { id, articleId, lang, article: articleNumbers.get(articleId) as number };
    });
    index.scratch = scratchFor(documents.length, articleNumbers.size);
    return index;
  }

  private toDocument(article: Article): IndexedDocument {
    const parts: string[] = [];
    const analyse = (text: string) => {
      const result = this.analyzer.analyzeDocument(text, article.lang);
      parts.push(...result.parts);
      for (const key of [...result.terms, ...result.parts]) {
        if (!this.vocabulary[article.lang].has(key)) {
          this.vocabulary[article.lang].add(key);
          this.fuzzy[article.lang].add(key);
        }
      }
      return result.terms.join(' ');
    };
    const fields: Record<Field, string> = {
      title: analyse(article.title),
      keywords: analyse(article.keywords.join(' \n ')),
      questions: analyse(article.questions.join(' \n ')),
      body: analyse(article.body),
      parts: '',
    };
    fields.parts = parts.join(' ');
    this.curatedKeys.set(
      `${article.id}:${article.lang}`,
      new Set(`${fields.title} ${fields.keywords} ${fields.questions}`.split(' ').filter(Boolean)),
    );
    const frequency = this.documentFrequency[article.lang];
    for (const key of new Set(Object.values(fields).join(' ').split(' ').filter(Boolean)))
      frequency.set(key, (frequency.get(key) ?? 0) + 1);
    this.languageSize[article.lang] += 1;
    return { id: `${article.id}:${article.lang}`, articleId: article.id, lang: article.lang, fields };
  }

  /** Adds fuzzy keys to words none of whose own keys is known in `lang` (typos, unseen inflections). */
  private withFuzzy(words: QueryWord[], lang: Lang): QueryWord[] {
    return words.map((word) => {
      if (word.keys.some((k) => k.kind !== 'part' && this.vocabulary[lang].has(k.key))) return word;
      const exact = word.keys.find((k) => k.kind === 'exact');
      const distance = exact ? fuzzyDistance(exact.key) : 0;
      if (!exact || distance === 0) return word;
      const candidates = this.fuzzy[lang].near(exact.key, distance);
      if (candidates.length === 0) return word;
      let nearest = distance;
      for (const c of candidates) if (c.distance < nearest) nearest = c.distance;
      const closest = candidates
        .filter((c) => c.distance === nearest)
        .sort((a, b) => a.key.localeCompare(b.key))
        .slice(0, MAX_FUZZY_CANDIDATES);
      return {
        surface: word.surface,
        keys: [...word.keys, ...closest.map((c) => ({ key: c.key, weight: FUZZY_WEIGHT[c.distance] ?? 0.5, kind: 'fuzzy' as const }))],
      };
    });
  }

  /**
   * How telling a word is in `lang`: the BM25 IDF of its own key (else of its rarest synonym or typo
   * correction), or the IDF of an unseen term when the KB never uses it — a question about something
   * the KB does not know is mostly made of such words (Wilma, lunch menu, residence permit).
   */
  wordWeight(word: QueryWord, lang: Lang): number {
    const n = this.languageSize[lang];
    const frequency = this.documentFrequency[lang];
    const exact = word.keys.find((k) => k.kind === 'exact');
    // The word's own key decides; a synonym or typo correction only when the word itself is unseen.
    let df = exact ? (frequency.get(exact.key) ?? 0) : 0;
    if (df === 0) {
      for (const k of word.keys) {
        if (k.kind === 'part') continue;
        const f = frequency.get(k.key) ?? 0;
        if (f > 0 && (df === 0 || f < df)) df = f;
      }
    }
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The documents of `lang` a key occurs in, with the key's minisearch score in each; null when none. */
  private postingsOf(key: string, lang: Lang): Postings | null {
    const known = this.postings[lang].get(key);
    if (known) return known;
    if (!this.vocabulary[lang].has(key)) return null;
    const results = this.indexes[lang].search(key, { boost: FIELD_BOOST });
    const docs = new Uint32Array(results.length);
    const scores = new Float64Array(results.length);
    results.forEach((result, i) => {
      docs[i] = this.positions.get(result.id as string) as number;
      scores[i] = result.score;
    });
    const postings = { docs, scores };
    this.postings[lang].set(key, postings);
    return postings;
  }

  /** A fresh stamp for the scratch slots (see `scratch`); the slots are cleared when the counter wraps. */
  private nextStamp(): number {
    if (this.stamp >= 0xffff_fff0) {
      this.stamp = 0;
      this.scratch.wordStamp.fill(0);
      this.scratch.docStamp.fill(0);
      this.scratch.articleStamp.fill(0);
    }
    this.stamp += 1;
    return this.stamp;
  }

  search(text: string, options: { lang?: Lang | undefined; hint?: Lang | undefined } = {}): SearchOutcome {
    // Tokenised and folded once for the language guess and for the analysis in all three languages.
    const folded = this.analyzer.standardise(tokenize(text).map(fold));
    const detectedLang = options.lang ?? detectLanguageOfTokens(folded, text, this.vocabulary, options.hint, this.analyzer.stopwords);
    const stopwords = this.analyzer.stopwords;
    const content = folded.filter((t) => !stopwords.has(t));
    const perLang: Record<Lang, QueryWord[]> = { fi: NO_WORDS, sv: NO_WORDS, en: NO_WORDS };
    for (const lang of LANGS) {
      const words = this.analyzer.analyzeTokens(content, lang, MAX_QUERY_WORDS);
      // Typo correction only in the question's own language: in the other two most words are unknown
      // by nature, and fuzzy-matching them costs time and finds nonsense.
      perLang[lang] = lang === detectedLang ? this.withFuzzy(words, lang) : words;
    }
    const wordCount = perLang[detectedLang].length;
    const weights: Record<Lang, number[]> = { fi: [], sv: [], en: [] };
    if (LANGS.every((l) => perLang[l].length === 0))
      return { detectedLang, wordCount: 0, hits: [], words: perLang, weights, tokens: content };

    const s = this.scratch;
    const question = this.nextStamp();
    const totalWeight: Record<Lang, number> = { fi: 0, sv: 0, en: 0 };
    for (const lang of LANGS) totalWeight[lang] = this.scoreWords(perLang[lang], lang, question, weights[lang]);

    // Fold documents to articles, keeping each article's best-scoring language version.
    let articles = 0;
    for (let d = 0; d < this.documents.length; d += 1) {
      if (s.docStamp[d] !== question) continue;
      const document = this.documents[d] as IndexedVersion;
      const total = totalWeight[document.lang];
      const weightedCoverage = total > 0 ? (s.weighted[d] as number) / total : 0;
      const languageBoost = document.lang === detectedLang ? SAME_LANGUAGE_BOOST : 1;
      // Coordination like minisearch's (score × matched terms), but counted in word strength (a word
      // matched only through a compound part counts half) and damped by how many of the question's
      // telling words the article explains.
      const score = (s.sum[d] as number) * (s.strength[d] as number) * Math.sqrt(weightedCoverage) * languageBoost;
      const a = document.article;
      if (s.articleStamp[a] !== question) {
        s.articleStamp[a] = question;
        s.articleOrder[articles] = a;
        articles += 1;
      } else if ((s.bestScore[a] as number) >= score) continue;
      s.bestDoc[a] = d;
      s.bestScore[a] = score;
    }
    const hits: ArticleHit[] = [];
    for (let i = 0; i < articles; i += 1) {
      const d = s.bestDoc[s.articleOrder[i] as number] as number;
      const document = this.documents[d] as IndexedVersion;
      const words = perLang[document.lang];
      const total = totalWeight[document.lang];
      const weightedCoverage = total > 0 ? (s.weighted[d] as number) / total : 0;
      const score = s.bestScore[document.article] as number;
      const matchedWords: string[] = [];
      for (let m = 0; m < (s.matchedCount[d] as number); m += 1) {
        matchedWords.push((words[s.matchedWords[d * MAX_QUERY_WORDS + m] as number] as QueryWord).surface);
      }
      hits.push({
        articleId: document.articleId,
        matchedLang: document.lang,
        score,
        confidence: (score * weightedCoverage) / words.length,
        coverage: (s.strength[d] as number) / words.length,
        weightedCoverage,
        matchedWords,
      });
    }
    // Ranked by confidence, not raw score: an article that explains the question's rare words beats one
    // that merely repeats its common words often (measured: better top-1 and must-mention coverage).
    hits.sort((a, b) => b.confidence - a.confidence || b.score - a.score || a.articleId.localeCompare(b.articleId));
    return { detectedLang, wordCount, hits, words: perLang, weights, tokens: content };
  }

  /**
   * Share of the words (by weight) that an article's curated fields — title, keywords, questions —
   * match with a word's own key or a synonym: the editor said the article is about them.
   */
  curatedShare(
    articleId: string,
    lang: Lang,
    words: readonly QueryWord[],
    /** The words' wordWeight in `lang`, when the caller has them already. */
    weights?: readonly number[],
  ): number {
    const keys = this.curatedKeys.get(`${articleId}:${lang}`);
    if (!keys || words.length === 0) return 0;
    let matched = 0;
    let total = 0;
    for (let w = 0; w < words.length; w += 1) {
      const word = words[w] as QueryWord;
      const weight = weights ? (weights[w] as number) : this.wordWeight(word, lang);
      total += weight;
      if (word.keys.some((k) => k.kind !== 'part' && keys.has(k.key))) matched += weight;
    }
    return total > 0 ? matched / total : 0;
  }

  /** Share of the words that no document of the language knows at all (a sign of an out-of-scope topic). */
  unknownShare(lang: Lang, words: readonly QueryWord[]): number {
    if (words.length === 0) return 0;
    let unknown = 0;
    for (const word of words) if (!word.keys.some((k) => this.vocabulary[lang].has(k.key))) unknown += 1;
    return unknown / words.length;
  }

  /**
   * Adds one language's question words to the accumulators of that language's documents: a word counts
   * with its best key only (key weight × the key's BM25 score), so a compound with several matching
   * parts is not rewarded several times. Returns the words' total weight (the coverage denominator) and
   * puts each word's weight into `weights`.
   */
  private scoreWords(words: readonly QueryWord[], lang: Lang, question: number, weights: number[]): number {
    const s = this.scratch;
    let total = 0;
    for (let w = 0; w < words.length; w += 1) {
      const word = words[w] as QueryWord;
      const weight = this.wordWeight(word, lang);
      weights.push(weight);
      total += weight;
      const current = this.nextStamp();
      let touchedCount = 0;
      for (const k of word.keys) {
        const list = this.postingsOf(k.key, lang);
        if (!list) continue;
        const { docs, scores } = list;
        for (let i = 0; i < docs.length; i += 1) {
          const d = docs[i] as number;
          if (s.wordStamp[d] !== current) {
            s.wordStamp[d] = current;
            s.wordScore[d] = 0;
            s.wordStrength[d] = 0;
            s.touched[touchedCount] = d;
            touchedCount += 1;
          }
          s.wordScore[d] = Math.max(s.wordScore[d] as number, k.weight * (scores[i] as number));
          s.wordStrength[d] = Math.max(s.wordStrength[d] as number, k.weight);
        }
      }
      for (let t = 0; t < touchedCount; t += 1) {
        const d = s.touched[t] as number;
        const score = s.wordScore[d] as number;
        if (!(score > 0)) continue;
        if (s.docStamp[d] !== question) {
          s.docStamp[d] = question;
          s.sum[d] = 0;
          s.strength[d] = 0;
          s.weighted[d] = 0;
          s.matchedCount[d] = 0;
        }
        const strength = s.wordStrength[d] as number;
        s.sum[d] = (s.sum[d] as number) + score;
        s.strength[d] = (s.strength[d] as number) + strength;
        s.weighted[d] = (s.weighted[d] as number) + weight * strength;
        s.matchedWords[d * MAX_QUERY_WORDS + (s.matchedCount[d] as number)] = w;
        s.matchedCount[d] = (s.matchedCount[d] as number) + 1;
      }
    }
    return total;
  }
}

const NO_WORDS: QueryWord[] = [];

/** Scratch for `documents` documents of `articles` articles (see `Scratch`). */
function scratchFor(documents: number, articles: number): Scratch {
  return {
    wordStamp: new Uint32Array(documents),
    wordScore: new Float64Array(documents),
    wordStrength: new Float64Array(documents),
    touched: new Uint32Array(documents),
    docStamp: new Uint32Array(documents),
    sum: new Float64Array(documents),
    strength: new Float64Array(documents),
    weighted: new Float64Array(documents),
    matchedCount: new Uint8Array(documents),
    matchedWords: new Uint8Array(documents * MAX_QUERY_WORDS),
    articleStamp: new Uint32Array(articles),
    bestDoc: new Uint32Array(articles),
    bestScore: new Float64Array(articles),
    articleOrder: new Uint32Array(articles),
  };
}

/** All the words of an article, for the compound lexicon. */
export function articleText(article: Article): string {
  return [article.title, article.keywords.join(' '), article.questions.join(' '), article.body].join('\n');
}
