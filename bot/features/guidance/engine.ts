/**
 * The guidance answering engine: a loaded knowledge base, its search index and the band decision,
 * swappable as one unit so a reload (admin command or file watch) is atomic — a broken KB on reload is
 * reported and the previous one keeps answering.
 */
import { watch as watchFiles, type FSWatcher } from 'node:fs';
import type { Lang } from '../../i18n/index.js';
import { buildAnswerText, chooseAnswerText, prepareBody, scorePassagesWeighted, type AnswerText } from './answer-text.js';
import { askedFacts } from './asked-fact.js';
import { closeSecond, DEFAULT_THRESHOLDS, type Band, type Thresholds } from './bands.js';
import {
  decide,
  loadDecisionModel,
  rankerScore,
  type CandidateFeatures,
  type DecisionModel,
  type RankerModel,
  type Signals,
} from './decision.js';
import { articleIn, loadKnowledgeBase, type Article, type KnowledgeBase, type LoadOptions } from './kb-loader.js';
import { cleanQuestion, type CleanQuestion } from './question-input.js';
import { detectLanguage, detectLanguageOfTokens, MessageLanguage } from './language.js';
import { SearchIndex, type ArticleHit } from './search-index.js';
import { bodyLines, NgramIndex, type NgramMatch } from './ngram-similarity.js';
import { ArticleClassifier, CLASSIFIER_FLOOR, classifierLead } from './article-classifier.js';
import type { SourcePage } from './source-pages.js';
import { yieldToEventLoop } from './build-steps.js';

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
  /** Passages of the top article to show (answer and suggest bands; null for unknown). */
  text: AnswerText | null;
  /** Probability that the top article is right, from the decision model (null without one). */
  confidence?: number | null;
  /** The decision's inputs for the top article (null when nothing was found). */
  signals?: Signals | null;
  /** The best few articles in the search's own order with the re-ranker's features (for fitting). */
  candidates?: Array<{ articleId: string; sources: string[]; features: CandidateFeatures }>;
}

export interface AskOptions {
  /** The language the asker wants; skips detection (e.g. an evaluation file's `lang`). */
  lang?: Lang | undefined;
  /** The user's Teams locale language: a tie-breaker for detection. */
  hint?: Lang | undefined;
  /** The router's reading of this message (`readLanguage`): its vocabulary evidence is not worked out again. */
  reading?: MessageLanguage | undefined;
}

export interface ReloadSummary {
  articles: number;
  ids: number;
  warnings: string[];
  durationMs: number;
}

export interface GuidanceEngine {
  ask(text: string, options?: AskOptions): GuidanceAnswer;
  /**
   * One article in one language, for the "show" button: the passages that match `question` first (its
   * lead without one), the whole article behind them; null when unknown.
   */
  show(articleId: string, lang: Lang, question?: string): { article: Article; text: AnswerText } | null;
  pages(): ReadonlyMap<string, SourcePage>;
  articleIds(): string[];
  /** The language `text` is written in (the reply language of any message); `hint` (the Teams locale) breaks ties. */
  language(text: string, hint?: Lang): Lang;
  /** The detector's reading of one message, to ask for its language and to hand to `ask` (one reading per message). */
  readLanguage(text: string): MessageLanguage;
  /** Loads the KB again and swaps it in; throws KnowledgeBaseError and keeps the old KB if invalid. */
  reload(): Promise<ReloadSummary>;
  /** Reloads on file changes after `debounceMs` of quiet; returns a stop function. */
  watch(options?: { debounceMs?: number; onReload?: (result: ReloadSummary | Error) => void }): () => void;
  close(): void;
}

export interface GuidanceEngineOptions extends LoadOptions {
  kbDir: string;
  thresholds?: Partial<Thresholds>;
  /** Overrides kb/decision-model.json (null: the fixed thresholds); for fitting and tests. */
  decisionModel?: DecisionModel | null;
}

interface Loaded {
  kb: KnowledgeBase;
  index: SearchIndex;
  /** Character n-gram similarity to each article's title and example questions (paraphrase, typos). */
  ngrams: NgramIndex;
  /** The same over each line of the article bodies: a question asking about a detail only the body states. */
  bodyNgrams: NgramIndex;
  /** Which article a question is about, learnt from the KB's own titles, keywords, example questions and body lines. */
  classifier: ArticleClassifier;
  model: DecisionModel | null;
}

/** An article's n-gram similarity and its lead over the best other article (negative when another is nearer). */
function ngramOf(match: NgramMatch, articleId: string): { similarity: number; lead: number } {
  const similarity = match.byArticle.get(articleId) ?? 0;
  return { similarity, lead: articleId === match.bestArticle ? match.best - match.second : similarity - match.best };
}

/** One candidate's similarity minus the best other candidate's (its lead when it is the nearest). */
export function bodyLead(similarities: readonly number[], position: number): number {
  let other = 0;
  for (let i = 0; i < similarities.length; i += 1)
    if (i !== position && (similarities[i] as number) > other) other = similarities[i] as number;
  return (similarities[position] ?? 0) - other;
}

/** How many of the best articles are re-ordered, and how much a passage weighs in the fixed rule. */
const RERANK_DEPTH = 5;
/**
 * How many of the articles nearest by n-grams join the re-ranked head when the word search put them lower
 * (a paraphrase or a misspelling whose words match poorly); chosen on the cross-validation folds.
 */
const NGRAM_JOINERS = 1;

/**
 * The re-ranked head: the search's first RERANK_DEPTH hits, then the NGRAM_JOINERS article(s) nearest by
 * n-grams that the search found but placed lower; the rest keep the search's order after them.
 */
export function headWithNgramJoiners(hits: ArticleHit[], match: NgramMatch): { pool: ArticleHit[]; headSize: number } {
  if (hits.length <= RERANK_DEPTH || match.best <= 0) return { pool: hits, headSize: Math.min(RERANK_DEPTH, hits.length) };
  // The NGRAM_JOINERS most similar articles, found in one pass (no sort over every matching article).
  const nearest: { id: string; similarity: number }[] = [];
  for (const [id, similarity] of match.byArticle) {
    if (similarity <= 0) continue;
    if (nearest.length < NGRAM_JOINERS) nearest.push({ id, similarity });
    else if (similarity > (nearest[nearest.length - 1] as { similarity: number }).similarity)
      nearest[nearest.length - 1] = { id, similarity };
    else continue;
    nearest.sort((a, b) => b.similarity - a.similarity);
  }
  const joiners: number[] = [];
  for (const n of nearest) {
    const at = hits.findIndex((h, i) => i >= RERANK_DEPTH && h.articleId === n.id);
    if (at >= 0) joiners.push(at);
  }
  if (joiners.length === 0) return { pool: hits, headSize: RERANK_DEPTH };
  const pool = hits.slice(0, RERANK_DEPTH);
  for (const at of joiners) pool.push(hits[at] as ArticleHit);
  for (let i = RERANK_DEPTH; i < hits.length; i += 1) if (!joiners.includes(i)) pool.push(hits[i] as ArticleHit);
  return { pool, headSize: RERANK_DEPTH + joiners.length };
}
const PASSAGE_BASE = 0.5;

/**
 * The suggestion list's last place goes to the article classifier's pick when the re-ranked three lack it
 * (`pick`: that article ranked, or null when the search did not find it). The first place — the answer —
 * never changes; the third is the re-ranker's least sure guess, and an independent model's best guess
 * covers more of the questions the ranking gets wrong (cross-validated top-3 0.953 → 0.959,
 * docs/qa-eval-log.md step 24).
 */
export function withSecondOpinion(ranked: RankedArticle[], pick: RankedArticle | null): RankedArticle[] {
  if (!pick || ranked.length === 0 || ranked.some((r) => r.articleId === pick.articleId)) return ranked;
  if (ranked.length >= 3) ranked[2] = pick;
  else ranked.push(pick);
  return ranked;
}

/**
 * Re-orders the best few articles: by the fitted re-ranker when the model has one, else by
 * confidence × (PASSAGE_BASE + the share of the question their best single passage explains) — an
 * article whose one passage answers the question beats one that matches its words scattered over
 * several sections (PASSAGE_BASE chosen on the cross-validation folds).
 */
function rerank(
  hits: ArticleHit[],
  features: CandidateFeatures[],
  ranker: RankerModel | undefined,
): { hits: ArticleHit[]; top: number; margin: number } {
  const head = features.map((f, i) => ({
    hit: hits[i] as ArticleHit,
    key: ranker ? rankerScore(f, ranker) : (hits[i] as ArticleHit).confidence * (PASSAGE_BASE + f.passageShare),
  }));
  head.sort((a, b) => b.key - a.key);
  // The re-ranker's logit of the top article and its lead over the next: decision signals.
  const top = ranker && head[0] ? head[0].key : 0;
  const margin = ranker && head[0] ? head[0].key - (head[1]?.key ?? head[0].key - 5) : 0;
  return { hits: [...head.map((h) => h.hit), ...hits.slice(head.length)], top, margin };
}

/**
 * The search's own language guess (the same call it makes), from the router's reading of the message when
 * that is this text under this KB: the vocabulary is then not looked up again. Undefined otherwise, and the
 * search detects as it always has.
 */
function languageOfReading(options: AskOptions, searchText: string, index: SearchIndex): Lang | undefined {
  const reading = options.reading;
  if (!reading || reading.text !== searchText || reading.vocabulary !== index.vocabulary) return undefined;
  const folded = index.analyzer.standardise(reading.folded);
  return detectLanguageOfTokens(folded, searchText, index.vocabulary, options.hint, index.analyzer.stopwords, reading);
}

/**
 * Loads and indexes the KB. A reload runs while the bot answers with the current KB, so every index is
 * built in slices with the event loop let through in between (the `fromKnowledgeBaseAsync` builds): the
 * longest pause is one slice (well under 50 ms), not one index (≈ 0.3 s) or the whole load (≈ 2.5 s).
 */
async function load(options: GuidanceEngineOptions): Promise<Loaded> {
  const kb = await loadKnowledgeBase(options.kbDir, options);
  const model = options.decisionModel !== undefined ? options.decisionModel : await loadDecisionModel(options.kbDir);
  await yieldToEventLoop();
  const index = await SearchIndex.fromKnowledgeBaseAsync(kb);
  await yieldToEventLoop();
  const ngrams = await NgramIndex.fromKnowledgeBaseAsync(kb, index.analyzer);
  await yieldToEventLoop();
  // Only the re-ranked head's lines are scored (its five or six candidates, similaritiesOfWords): no postings needed.
  const bodyNgrams = await NgramIndex.fromKnowledgeBaseAsync(kb, index.analyzer, bodyLines, false);
  await yieldToEventLoop();
  const classifier = await ArticleClassifier.fromKnowledgeBaseAsync(kb, index.analyzer);
  return { kb, index, ngrams, bodyNgrams, classifier, model };
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
    confidence: number | null = null,
    signals: Signals | null = null,
    candidates: GuidanceAnswer['candidates'] = [],
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
    confidence,
    signals,
    candidates,
  });

  const engine: GuidanceEngine = {
    ask(text, askOptions = {}) {
      const input = cleanQuestion(text);
      if (input.empty) return answer(input, 'unknown', askOptions.lang ?? askOptions.hint ?? 'fi', true, [], null, null);
      const { index } = current;
      const outcome = index.search(input.searchText, {
        lang: askOptions.lang ?? languageOfReading(askOptions, input.searchText, index),
        hint: askOptions.hint,
      });
      const lang = outcome.detectedLang;
      if (outcome.wordCount === 0 && outcome.hits.length === 0) {
        // Only greetings, thanks or filler words ("moi", "kiitos!"): nothing to look up, nothing to record.
        return answer(input, 'unknown', lang, true, [], null, null);
      }
      // The search's content tokens: the n-gram indexes share its analyzer, so the question is tokenised once.
      const ngramMatch = current.ngrams.matchWords(outcome.tokens);
      // Each word's weight per language, as the search worked them out (passages, curated share, signals).
      const weightsIn = (wordLang: Lang): number[] => outcome.weights[wordLang];
      const passageShare = new Map<string, number>();
      const passageScores = new Map<string, number[]>();
      const { pool, headSize } = headWithNgramJoiners(outcome.hits, ngramMatch);
      const head = pool.slice(0, headSize);
      const candidates: NonNullable<GuidanceAnswer['candidates']> = [];
      const best = head[0]?.confidence ?? 0;
      // Each candidate's nearest body line by n-grams (a detail only the body states, asked in other words).
      const bodySimilarity = current.bodyNgrams.similaritiesOfWords(
        outcome.tokens,
        head.map((h) => h.articleId),
      );
      const classes = current.classifier.probabilitiesOfWords(outcome.tokens, lang);
      const headClasses = head.map((h) => current.classifier.probabilityOf(classes, h.articleId));
      head.forEach((hit, position) => {
        const article = articleIn(current.kb, hit.articleId, lang);
        let share = 0;
        let curated = 0;
        if (article) {
          const words = outcome.words[article.lang];
          const weights = weightsIn(article.lang);
          const prepared = prepareBody(article.body, article.lang, index.analyzer);
          let total = 0;
          for (const weight of weights) total += weight;
          const scores = scorePassagesWeighted(prepared, words, weights);
          share = total > 0 ? Math.max(0, ...scores) / total : 0;
          curated = index.curatedShare(hit.articleId, hit.matchedLang, outcome.words[hit.matchedLang], weightsIn(hit.matchedLang));
          passageScores.set(hit.articleId, scores);
        }
        passageShare.set(hit.articleId, share);
        const ngram = ngramOf(ngramMatch, hit.articleId);
        candidates.push({
          articleId: hit.articleId,
          sources: article?.sources ?? [],
          features: {
            confidence: Math.log1p(hit.confidence),
            relative: best > 0 ? hit.confidence / best : 0,
            coverage: hit.coverage,
            weightedCoverage: hit.weightedCoverage,
            curated,
            passageShare: share,
            sameLanguage: hit.matchedLang === lang ? 1 : 0,
            position: Math.min(position, RERANK_DEPTH),
            ngram: ngram.similarity,
            ngramLead: ngram.lead,
            ngramBodyLead: bodyLead(bodySimilarity, position),
            classifier: Math.log(Math.max(CLASSIFIER_FLOOR, headClasses[position] ?? 0)),
            classifierLead: classifierLead(headClasses, position),
          },
        });
      });
      const reranked = rerank(
        pool,
        candidates.map((c) => c.features),
        current.model?.ranker,
      );
      const hits = reranked.hits;
      const ranked: RankedArticle[] = [];
      for (const hit of hits.slice(0, 3)) {
        const r = rank(hit, lang);
        if (r) ranked.push(r);
      }
      const classifierPick = current.classifier.best(classes);
      if (ranked.length > 0 && !ranked.some((r) => r.articleId === classifierPick)) {
        const hit = pool.find((h) => h.articleId === classifierPick);
        withSecondOpinion(ranked, hit ? rank(hit, lang) : null);
      }
      const top = ranked[0] ?? null;
      let signals: Signals | null = null;
      let passages: { prepared: ReturnType<typeof prepareBody>; scores: number[] } | null = null;
      if (top) {
        const words = outcome.words[top.article.lang];
        const prepared = prepareBody(top.article.body, top.article.lang, index.analyzer);
        const weights = weightsIn(top.article.lang);
        // The top article is one of the head's (the re-ranker orders only those): its scores are known.
        const scores = passageScores.get(top.articleId) ?? scorePassagesWeighted(prepared, words, weights);
        const totalWeight = weights.reduce((a, b) => a + b, 0);
        let bestPassage = 0;
        let matchedPassages = 0;
        for (const score of scores) {
          if (score > bestPassage) bestPassage = score;
          if (score > 0) matchedPassages += 1;
        }
        const second = hits[1];
        const ngram = ngramOf(ngramMatch, top.articleId);
        signals = {
          confidence: Math.log1p(top.confidence),
          coverage: top.coverage,
          weightedCoverage: top.weightedCoverage,
          margin: top.confidence > 0 && second ? (top.confidence - second.confidence) / top.confidence : 1,
          curated: candidates.find((c) => c.articleId === top.articleId)?.features.curated ?? 0,
          bestPassage: totalWeight > 0 ? bestPassage / totalWeight : 0,
          passages: Math.log1p(matchedPassages),
          sameLanguage: top.matchedLang === lang ? 1 : 0,
          words: Math.log1p(outcome.wordCount),
          unknownShare: index.unknownShare(lang, outcome.words[lang]),
          share:
            top.confidence /
            Math.max(
              1e-9,
              hits.slice(0, 5).reduce((sum, h) => sum + h.confidence, 0),
            ),
          passageMargin: (passageShare.get(top.articleId) ?? 0) - (second ? (passageShare.get(second.articleId) ?? 0) : 0),
          ngramTop: ngram.similarity,
          ngramLead: ngram.lead,
          // The top article is always one of the head's (the re-ranker orders only those).
          ngramBody: bodySimilarity[head.findIndex((h) => h.articleId === top.articleId)] ?? 0,
          rankerTop: reranked.top,
          rankerMargin: reranked.margin,
          classifierTop: current.classifier.probabilityOf(classes, top.articleId),
          classifierAgree: classifierPick === top.articleId ? 1 : 0,
          sharedSource:
            second && top.article.sources.some((s) => articleIn(current.kb, second.articleId, lang)?.sources.includes(s)) ? 1 : 0,
        };
        passages = { prepared, scores };
      }
      const decision = decide(signals, hits, current.model, thresholds);
      const band = decision.band;
      const second = band === 'answer' ? closeSecond(hits, thresholds) : null;
      const alternative = second ? rank(second, lang) : null;
      // The best passage(s) of the top article: the answer, or the "did you mean this?" of a suggestion.
      const answerText =
        band !== 'unknown' && passages ? chooseAnswerText(passages.prepared, passages.scores, askedFacts(input.searchText)) : null;
      return answer(input, band, lang, false, ranked, alternative, answerText, decision.confidence, signals, candidates);
    },
    show(articleId, lang, question) {
      const article = articleIn(current.kb, articleId, lang);
      return article ? { article, text: buildAnswerText(article.body, article.lang, current.index.analyzer, question || undefined) } : null;
    },
    pages: () => current.kb.pages,
    articleIds: () => [...current.kb.byId.keys()].sort(),
    language: (text, hint) => detectLanguage(text, current.index.vocabulary, hint),
    readLanguage: (text) => new MessageLanguage(text, current.index.vocabulary),
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
