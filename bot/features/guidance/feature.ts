/**
 * Guidance answers as a Feature: free text (the fallback) goes to the engine and comes back as one of
 * the three answer cards; `guidance.show` opens a suggested article; `päivitä tietopankki` reloads the
 * KB for OPH's admins. Votes and ask-OPH buttons are handled by escalation/.
 */
import { z } from 'zod';
import { authorize } from '../../auth/authorize.js';
import type { UserContext } from '../../auth/roles.js';
import type { AdaptiveCard } from '../../cards/card.js';
import { LANGS, type Lang } from '../../i18n/index.js';
import type { Logger } from '../../log.js';
import { maskPersonalIds } from '../../privacy.js';
import type { ActionResult, Feature, Reply, TurnInput } from '../types.js';
import type { Band } from './bands.js';
import { answerCard, reloadProblemsCard, suggestCard, unknownCard } from './cards.js';
import type { GuidanceAnswer, GuidanceEngine } from './engine.js';
import { guidanceText } from './i18n.js';
import { KnowledgeBaseError } from './kb-loader.js';
import { MessageLanguage } from './language.js';
import { MAX_CARD_DATA_CHARS } from './question-input.js';
import { VERB_SHOW } from './verbs.js';

/** The admin command in every language (the Finnish one is what the help card shows). */
export const RELOAD_COMMANDS = ['päivitä tietopankki', 'paivita tietopankki', 'uppdatera kunskapsbanken', 'reload knowledge base'];

/** What is handed to the knowledge-gap store for suggest/unknown answers; the question is masked. */
export interface QuestionToRecord {
  question: string;
  lang: Lang;
  band: Band;
  articleId: string | null;
  user: UserContext;
}

export interface GuidanceFeatureDeps {
  engine: GuidanceEngine;
  /** Stores a question the bot could not answer confidently (escalation's recorder). Optional. */
  recordQuestion?: ((question: QuestionToRecord) => Promise<unknown>) | undefined;
  logger?: Pick<Logger, 'info' | 'warn'> | undefined;
  /**
   * Runs the recording after the reply instead of before it (bot/background-work.ts: errors logged,
   * drained at shutdown). Without it the recording is awaited in the turn.
   */
  defer?: ((what: string, work: () => Promise<unknown>) => void) | undefined;
}

export interface GuidanceFeature extends Feature {
  /** The reply to one free-text question (also what `fallback` does). */
  answer(input: TurnInput): Promise<Reply[]>;
}

const showData = z.object({
  articleId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9][a-z0-9-]*$/),
  lang: z.enum(LANGS).optional(),
  question: z.string().max(5_000).optional(),
});

/** What a vote needs to show the answer again: rendered from the KB, never from the client's copy of the card. */
export interface AnswerToRender {
  articleId: string;
  lang: Lang;
  /** Masked question, carried in the buttons' data. */
  question: string;
  band: Band;
}

/** The answer card of one article, as the asker saw it (null when the article is gone from the KB). */
export function renderAnswerCard(engine: GuidanceEngine, input: AnswerToRender): AdaptiveCard | null {
  const found = engine.show(input.articleId, input.lang);
  if (!found) return null;
  // The passages shown depend on the question: ask again (the question is stored state, masked) so the
  // card keeps exactly the answer the asker read; the article's lead is the fallback.
  const asked = input.question ? engine.ask(input.question, { lang: input.lang }) : null;
  const text = asked?.top?.articleId === input.articleId && asked.text ? asked.text : found.text;
  return answerCard({ lang: input.lang, article: found.article, text, pages: engine.pages(), question: input.question, band: input.band });
}

export function createGuidanceFeature(deps: GuidanceFeatureDeps): GuidanceFeature {
  const { engine } = deps;

  const record = async (answer: GuidanceAnswer, user: UserContext) => {
    if (!deps.recordQuestion || (answer.band !== 'suggest' && answer.band !== 'unknown')) return;
    try {
      await deps.recordQuestion({
        question: answer.question,
        lang: answer.lang,
        band: answer.band,
        articleId: answer.top?.articleId ?? null,
        user,
      });
    } catch (error) {
      // Keeping a gap statistic must never cost the user their answer.
      deps.logger?.warn({ err: error }, 'recording an unanswered question failed');
    }
  };

  const reply = (answer: GuidanceAnswer): Reply => {
    const t = guidanceText[answer.lang];
    const flags = { masked: answer.masked, truncated: answer.truncated };
    if (answer.band === 'answer' && answer.top && answer.text) {
      const alternative = answer.alternative ? { articleId: answer.alternative.articleId, title: answer.alternative.article.title } : null;
      const card = answerCard({
        lang: answer.lang,
        article: answer.top.article,
        text: answer.text,
        pages: engine.pages(),
        question: answer.question,
        band: 'answer',
        alternative,
        ...flags,
      });
      return { kind: 'card', card, summary: t.answerSummary(answer.top.article.title) };
    }
    if (answer.band === 'suggest') {
      const suggestions = answer.ranked.map((r) => ({ articleId: r.articleId, title: r.article.title }));
      return {
        kind: 'card',
        card: suggestCard({ lang: answer.lang, question: answer.question, suggestions, passage: answer.text, ...flags }),
        summary: t.suggestTitle,
      };
    }
    return { kind: 'card', card: unknownCard({ lang: answer.lang, question: answer.question, ...flags }), summary: t.unknownTitle };
  };

  async function answer(input: TurnInput): Promise<Reply[]> {
    authorize(input.user, 'ask');
    // The router's reading of the text (its reply language) is reused by the search's own language guess.
    const reading = input.languageReading instanceof MessageLanguage ? input.languageReading : undefined;
    const result = engine.ask(input.text, { hint: input.lang, reading });
    if (result.empty) {
      const t = guidanceText[result.lang];
      return [{ kind: 'text', text: result.masked ? `${t.maskedNotice}\n\n${t.emptyQuestion}` : t.emptyQuestion }];
    }
    deps.logger?.info(
      {
        band: result.band,
        lang: result.lang,
        articleId: result.top?.articleId ?? null,
        confidence: result.top ? Number(result.top.confidence.toFixed(2)) : null,
        masked: result.masked,
      },
      'guidance question answered',
    );
    if (deps.recordQuestion && (result.band === 'suggest' || result.band === 'unknown')) {
      if (deps.defer) deps.defer('record unanswered question', () => record(result, input.user));
      else await record(result, input.user);
    }
    return [reply(result)];
  }

  async function show(input: TurnInput & { value: Record<string, unknown> }): Promise<ActionResult> {
    authorize(input.user, 'ask');
    const parsed = showData.safeParse(input.value);
    const lang = parsed.success && parsed.data.lang ? parsed.data.lang : input.lang;
    // The question rides along into the vote/ask-OPH data and picks the passages; card data is untrusted, so mask again.
    const question = parsed.success ? maskPersonalIds(parsed.data.question ?? '').text.slice(0, MAX_CARD_DATA_CHARS) : '';
    const found = parsed.success ? engine.show(parsed.data.articleId, lang, question) : null;
    if (!parsed.success || !found) return { kind: 'message', text: guidanceText[lang].articleNotFound };
    const card = answerCard({ lang, article: found.article, text: found.text, pages: engine.pages(), question, band: 'suggest' });
    return { kind: 'card', card };
  }

  async function reload(input: TurnInput): Promise<Reply[]> {
    authorize(input.user, 'reload-knowledge-base');
    const t = guidanceText[input.lang];
    try {
      const summary = await engine.reload();
      deps.logger?.info({ articles: summary.articles, ids: summary.ids, durationMs: summary.durationMs }, 'knowledge base reloaded');
      const warnings = summary.warnings.length ? `\n\n${t.reloadWarnings(summary.warnings.length)}` : '';
      return [{ kind: 'text', text: `${t.reloadDone(summary.ids, summary.articles, summary.durationMs)}${warnings}` }];
    } catch (error) {
      if (!(error instanceof KnowledgeBaseError)) throw error;
      deps.logger?.warn({ problems: error.problems.length }, 'knowledge base reload refused');
      return [{ kind: 'card', card: reloadProblemsCard(input.lang, error.problems), summary: t.reloadFailed(error.problems.length) }];
    }
  }

  return {
    name: 'guidance',
    answer,
    fallback: answer,
    commands: [{ names: RELOAD_COMMANDS, run: reload }],
    actions: [{ verbs: [VERB_SHOW], run: show }],
  };
}
