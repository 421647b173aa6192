/**
 * The guidance answering engine: a loaded knowledge base, its search index and the band decision,
 * swappable as one unit so a reload (admin command or file watch) is atomic — a broken KB on reload is
 * reported and the previous one keeps answering.
 */
import { watch as watchFiles, type FSWatcher } from 'node:fs';
import type { Lang } from '../../i18n/index.js';
import { buildAnswerText, type AnswerText } from './answer-text.js';
import { classify, closeSecond, DEFAULT_THRESHOLDS, type Band, type Thresholds } from './bands.js';
import { articleIn, loadKnowledgeBase, type Article, type KnowledgeBase, type LoadOptions } from './kb-loader.js';
import { cleanQuestion, type CleanQuestion } from './question-input.js';
import { detectLanguage } from './language.js';
import { SearchIndex, type ArticleHit } from './search-index.js';
import type { SourcePage } from './source-pages.js';

export interface RankedArticle extends ArticleHit {
  /** The article in the answer language. */
  article: Article;
}

export interface GuidanceAnswer {
  band: Band;
  /** Language the reply is written in. */
  lang: Lang;
  /** Masked question (≤ 2,000 chars): the only form that may be stored, logged or echoed. */
  question: string;
  masked: boolean;
  truncated: boolean;
  /** Nothing searchable was asked (empty, emoji only, only greetings or filler words). */
  empty: boolean;
  top: RankedArticle | null;
  /** Up to three best articles, the top one first. */
  ranked: RankedArticle[];
  /** A runner-up close to the top answer, offered as "see also". */
  alternative: RankedArticle | null;
  /** Answer text of the top article (answer band only). */
  text: AnswerText | null;
}

export interface AskOptions {
  /** The language the asker wants; skips detection (e.g. an evaluation file's `lang`). */
  lang?: Lang | undefined;
  /** The user's Teams locale language: a tie-breaker for detection. */
  hint?: Lang | undefined;
}

export interface ReloadSummary {
  articles: number;
  ids: number;
  warnings: string[];
  durationMs: number;
}

export interface GuidanceEngine {
  ask(text: string, options?: AskOptions): GuidanceAnswer;
  /** One article in one language with its lead text, for the "show" button; null when unknown. */
  show(articleId: string, lang: Lang): { article: Article; text: AnswerText } | null;
  pages(): ReadonlyMap<string, SourcePage>;
  articleIds(): string[];
  /** The language `text` is written in (the reply language of any message); `hint` (the Teams locale) breaks ties. */
  language(text: string, hint?: Lang): Lang;
  /** Loads the KB again and swaps it in; throws KnowledgeBaseError and keeps the old KB if invalid. */
  reload(): Promise<ReloadSummary>;
  /** Reloads on file changes after `debounceMs` of quiet; returns a stop function. */
  watch(options?: { debounceMs?: number; onReload?: (result: ReloadSummary | Error) => void }): () => void;
  close(): void;
}

export interface GuidanceEngineOptions extends LoadOptions {
  kbDir: string;
  thresholds?: Partial<Thresholds>;
}

interface Loaded {
  kb: KnowledgeBase;
  index: SearchIndex;
}

async function load(options: GuidanceEngineOptions): Promise<Loaded> {
  const kb = await loadKnowledgeBase(options.kbDir, options);
  return { kb, index: SearchIndex.fromKnowledgeBase(kb) };
}

/** Loads and indexes the KB; rejects with KnowledgeBaseError (listing every problem) if it is invalid. */
export async function createGuidanceEngine(options: GuidanceEngineOptions): Promise<GuidanceEngine> {
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  let current = await load(options);
  const watchers = new Set<() => void>();

  const rank = (hit: ArticleHit, lang: Lang): RankedArticle | null => {
    const article = articleIn(current.kb, hit.articleId, lang);
    // Spelled out rather than spread: object spread is a slow path on every question.
    return article
      ? {
          articleId: hit.articleId,
          matchedLang: hit.matchedLang,
          score: hit.score,
          confidence: hit.confidence,
          coverage: hit.coverage,
          weightedCoverage: hit.weightedCoverage,
          matchedWords: hit.matchedWords,
          article,
        }
      : null;
  };
  /** Every answer built by one literal (one object shape; spread was a measurable share of a question). */
  const answer = (
    input: CleanQuestion,
    band: Band,
    lang: Lang,
    empty: boolean,
    ranked: RankedArticle[],
    alternative: RankedArticle | null,
    text: AnswerText | null,
  ): GuidanceAnswer => ({
    question: input.question,
    masked: input.masked,
    truncated: input.truncated,
    band,
    lang,
    empty,
    top: ranked[0] ?? null,
    ranked,
    alternative,
    text,
  });

  const engine: GuidanceEngine = {
    ask(text, askOptions = {}) {
      const input = cleanQuestion(text);
      if (input.empty) return answer(input, 'unknown', askOptions.lang ?? askOptions.hint ?? 'fi', true, [], null, null);
      const { index } = current;
      const outcome = index.search(input.searchText, { lang: askOptions.lang, hint: askOptions.hint });
      const lang = outcome.detectedLang;
      if (outcome.wordCount === 0 && outcome.hits.length === 0) {
        // Only greetings, thanks or filler words ("moi", "kiitos!"): nothing to look up, nothing to record.
        return answer(input, 'unknown', lang, true, [], null, null);
      }
      const band = classify(outcome.hits, thresholds);
      const ranked: RankedArticle[] = [];
      for (const hit of outcome.hits.slice(0, 3)) {
        const r = rank(hit, lang);
        if (r) ranked.push(r);
      }
      const top = ranked[0] ?? null;
      const second = band === 'answer' ? closeSecond(outcome.hits, thresholds) : null;
      const alternative = second ? rank(second, lang) : null;
      // Answer text only for a confident answer, and only of the top article.
      const answerText =
        band === 'answer' && top ? buildAnswerText(top.article.body, top.article.lang, index.analyzer, input.searchText) : null;
      return answer(input, band, lang, false, ranked, alternative, answerText);
    },
    show(articleId, lang) {
      const article = articleIn(current.kb, articleId, lang);
      return article ? { article, text: buildAnswerText(article.body, article.lang, current.index.analyzer) } : null;
    },
    pages: () => current.kb.pages,
    articleIds: () => [...current.kb.byId.keys()].sort(),
    language: (text, hint) => detectLanguage(text, current.index.vocabulary, hint),
    async reload() {
      const started = performance.now();
      const next = await load(options);
      current = next;
      return {
        articles: next.kb.articles.length,
        ids: next.kb.byId.size,
        warnings: next.kb.warnings,
        durationMs: Math.round(performance.now() - started),
      };
    },
    watch(watchOptions = {}) {
      const debounceMs = watchOptions.debounceMs ?? 500;
      let timer: NodeJS.Timeout | null = null;
      let watcher: FSWatcher | null = null;
      const fire = () => {
        timer = null;
        engine.reload().then(
          (summary) => watchOptions.onReload?.(summary),
          (error: unknown) => watchOptions.onReload?.(error instanceof Error ? error : new Error(String(error))),
        );
      };
      watcher = watchFiles(options.kbDir, { recursive: true, persistent: false }, () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(fire, debounceMs);
        timer.unref();
      });
      const stop = () => {
        if (timer) clearTimeout(timer);
        timer = null;
        watcher?.close();
        watcher = null;
        watchers.delete(stop);
      };
      watchers.add(stop);
      return stop;
    },
    close() {
      for (const stop of [...watchers]) stop();
    },
  };
  return engine;
}
