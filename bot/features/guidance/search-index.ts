/**
 * The retrieval index: minisearch (BM25+) as index and scorer, one index per language, fed with the
 * in-repo analyzer's keys. A question is analysed in each language and each language's keys only score
 * that language's documents; every key is looked up on its own so a word counts with its best key
 * (stem, synonym, compound part or typo correction). Documents in the question's language get the 1.5×
 * boost, and hits are folded to article ids, so the answer can be shown in the asker's language.
 */
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { LANGS, type Lang } from '../../i18n/index.js';
import { Analyzer, type QueryWord } from './analyzer.js';
import type { Article, KnowledgeBase } from './kb-loader.js';
import { detectLanguage } from './language.js';

const FIELDS = ['title', 'keywords', 'questions', 'body', 'parts'] as const;
type Field = (typeof FIELDS)[number];

/** Field boosts: the curated fields say what an article is about; compound parts are weak evidence. */
export const FIELD_BOOST: Record<Field, number> = { title: 2, keywords: 1.5, questions: 1.5, body: 1, parts: 0.5 };
export const SAME_LANGUAGE_BOOST = 1.5;
const FUZZY_WEIGHT: Record<number, number> = { 1: 0.7, 2: 0.5 };
const MAX_FUZZY_CANDIDATES = 3;

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
}

/** Edit-distance limit by key length, per the reference: none under 5, 1 for 5–8, 2 for 9+ (Levenshtein, as minisearch computes it). */
export function fuzzyDistance(key: string): number {
  if (/^\d+$/.test(key)) return 0;
  return key.length >= 9 ? 2 : key.length >= 5 ? 1 : 0;
}

export class SearchIndex {
  readonly analyzer: Analyzer;
  /** Every key indexed for documents of each language (terms and parts). */
  readonly vocabulary: Record<Lang, Set<string>> = { fi: new Set(), sv: new Set(), en: new Set() };
  /** Document frequency of every key per language, for word weights in the coverage figure. */
  private readonly documentFrequency: Record<Lang, Map<string, number>> = { fi: new Map(), sv: new Map(), en: new Map() };
  private readonly languageSize: Record<Lang, number> = { fi: 0, sv: 0, en: 0 };
  private readonly fuzzyMaps: Record<Lang, SearchableMap<true>> = {
    fi: new SearchableMap(),
    sv: new SearchableMap(),
    en: new SearchableMap(),
  };
  private readonly indexes = {} as Record<Lang, MiniSearch<IndexedDocument>>;
  private readonly documents: readonly IndexedDocument[];
  readonly documentCount: number;

  constructor(articles: readonly Article[]) {
    this.analyzer = new Analyzer(articles.map((a) => ({ lang: a.lang, text: articleText(a) })));
    const documents = articles.map((article) => this.toDocument(article));
    // One index per language: a term's IDF then counts documents of its own language only (a Finnish
    // word never occurs in the Swedish and English versions, which would flatten every IDF).
    for (const lang of LANGS) {
      const index = new MiniSearch<IndexedDocument>({
        fields: [...FIELDS],
        // extractField also feeds the id, which is not analysed.
        extractField: (document, fieldName) =>
          (FIELDS as readonly string[]).includes(fieldName) ? document.fields[fieldName as Field] : document.id,
        // The analyzer already produced space-separated keys; minisearch only splits them.
        tokenize: (text) => text.split(' ').filter(Boolean),
        processTerm: (term) => term,
      });
      index.addAll(documents.filter((d) => d.lang === lang));
      this.indexes[lang] = index;
    }
    this.documents = documents;
    this.documentCount = documents.length;
  }

  static fromKnowledgeBase(kb: KnowledgeBase): SearchIndex {
    return new SearchIndex(kb.articles);
  }

  private toDocument(article: Article): IndexedDocument {
    const parts: string[] = [];
    const analyse = (text: string) => {
      const result = this.analyzer.analyzeDocument(text, article.lang);
      parts.push(...result.parts);
      for (const key of [...result.terms, ...result.parts]) {
        if (!this.vocabulary[article.lang].has(key)) {
          this.vocabulary[article.lang].add(key);
          this.fuzzyMaps[article.lang].set(key, true);
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
      const candidates = [...this.fuzzyMaps[lang].fuzzyGet(exact.key, distance)]
        .map(([key, [, d]]) => ({ key, d }))
        .filter((c) => c.d > 0)
        .sort((a, b) => a.d - b.d || a.key.localeCompare(b.key));
      const closest = candidates.filter((c) => c.d === candidates[0]?.d).slice(0, MAX_FUZZY_CANDIDATES);
      return {
        ...word,
        keys: [...word.keys, ...closest.map((c) => ({ key: c.key, weight: FUZZY_WEIGHT[c.d] ?? 0.5, kind: 'fuzzy' as const }))],
      };
    });
  }

  /**
   * How telling a word is in `lang`: the BM25 IDF of its own key (else of its rarest synonym or typo
   * correction), or the IDF of an unseen term when the KB never uses it — a question about something
   * the KB does not know is mostly made of such words (Wilma, lunch menu, residence permit).
   */
  private wordWeight(word: QueryWord, lang: Lang): number {
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

  search(text: string, options: { lang?: Lang | undefined; hint?: Lang | undefined } = {}): SearchOutcome {
    const detectedLang = options.lang ?? detectLanguage(text, this.vocabulary, options.hint);
    const perLang = {} as Record<Lang, QueryWord[]>;
    for (const lang of LANGS) {
      const words = this.analyzer.analyzeQuery(text, lang);
      // Typo correction only in the question's own language: in the other two most words are unknown
      // by nature, and fuzzy-matching them costs time and finds nonsense.
      perLang[lang] = lang === detectedLang ? this.withFuzzy(words, lang) : words;
    }
    const wordCount = perLang[detectedLang].length;
    if (LANGS.every((l) => perLang[l].length === 0)) return { detectedLang, wordCount: 0, hits: [] };

    // One minisearch query per key gives each key's BM25 score per document; a word then counts with
    // its best key only, so a compound with several matching parts is not rewarded several times.
    const keyScores = new Map<string, Map<string, number>>();
    for (const lang of LANGS) {
      for (const key of new Set(perLang[lang].flatMap((w) => w.keys.map((k) => k.key)))) {
        const scores = new Map<string, number>();
        for (const result of this.indexes[lang].search(key, { boost: FIELD_BOOST })) scores.set(result.id as string, result.score);
        if (scores.size) keyScores.set(`${lang}:${key}`, scores);
      }
    }

    const weights = {} as Record<Lang, number[]>;
    for (const lang of LANGS) weights[lang] = perLang[lang].map((w) => this.wordWeight(w, lang));

    const best = new Map<string, ArticleHit>();
    for (const document of this.documents) {
      const words = perLang[document.lang];
      if (words.length === 0) continue;
      let sum = 0;
      let strength = 0;
      let weighted = 0;
      let totalWeight = 0;
      const matchedWords: string[] = [];
      for (const word of words) {
        let wordScore = 0;
        let wordStrength = 0;
        for (const k of word.keys) {
          const score = keyScores.get(`${document.lang}:${k.key}`)?.get(document.id);
          if (score === undefined) continue;
          wordScore = Math.max(wordScore, k.weight * score);
          wordStrength = Math.max(wordStrength, k.weight);
        }
        const weight = weights[document.lang][words.indexOf(word)] ?? 0;
        totalWeight += weight;
        if (wordScore > 0) {
          sum += wordScore;
          strength += wordStrength;
          weighted += weight * wordStrength;
          matchedWords.push(word.surface);
        }
      }
      if (matchedWords.length === 0) continue;
      const languageBoost = document.lang === detectedLang ? SAME_LANGUAGE_BOOST : 1;
      const weightedCoverage = totalWeight > 0 ? weighted / totalWeight : 0;
      // Coordination like minisearch's (score × matched terms), but counted in word strength (a word
      // matched only through a compound part counts half) and damped by how many of the question's
      // telling words the article explains.
      const score = sum * strength * Math.sqrt(weightedCoverage) * languageBoost;
      const hit: ArticleHit = {
        articleId: document.articleId,
        matchedLang: document.lang,
        score,
        confidence: (score * weightedCoverage) / words.length,
        coverage: strength / words.length,
        weightedCoverage,
        matchedWords,
      };
      const previous = best.get(hit.articleId);
      if (!previous || previous.score < hit.score) best.set(hit.articleId, hit);
    }
    // Ranked by confidence, not raw score: an article that explains the question's rare words beats one
    // that merely repeats its common words often (measured: better top-1 and must-mention coverage).
    const hits = [...best.values()].sort(
      (a, b) => b.confidence - a.confidence || b.score - a.score || a.articleId.localeCompare(b.articleId),
    );
    return { detectedLang, wordCount, hits };
  }
}

/** All the words of an article, for the compound lexicon. */
export function articleText(article: Article): string {
  return [article.title, article.keywords.join(' '), article.questions.join(' '), article.body].join('\n');
}
