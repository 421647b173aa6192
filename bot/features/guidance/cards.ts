/**
 * Answer cards for the three bands. Article text is trusted KB content (reviewed Markdown); the user's
 * question only ever enters a card through userText(), and only in its masked form.
 * The vote and ask-OPH buttons carry the verbs and data the escalation part (escalation/) handles.
 */
import {
  execute,
  heading,
  makeCard,
  openUrl,
  text,
  userText,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from '../../cards/card.js';
import type { Lang } from '../../i18n/index.js';
import type { AnswerText } from './answer-text.js';
import type { Band } from './bands.js';
import { CUSTOMER_SERVICE_EMAIL, guidanceText } from './i18n.js';
import type { Article } from './kb-loader.js';
import { forCardData } from './question-input.js';
import type { SourcePage } from './source-pages.js';

export const VERB_SHOW = 'guidance.show';
export const VERB_VOTE = 'guidance.vote';
export const VERB_ASK_OPH = 'guidance.ask-oph';

/** Card data of the vote buttons (escalation/ stores the vote). */
export interface VoteData {
  vote: 'up' | 'down';
  articleId: string;
  band: Band;
  question: string;
}
/** Card data of the ask-OPH button (escalation/ opens a ticket). */
export interface AskOphData {
  question: string;
  articleId?: string;
}
/** Card data of a suggestion button; `lang` and `question` keep the follow-up card consistent. */
export interface ShowData {
  articleId: string;
  lang?: Lang;
  question?: string;
}

const actionSet = (actions: CardAction[]): CardElement => ({ type: 'ActionSet', actions });
const subtle = (value: string): CardElement => text(value, { isSubtle: true, size: 'Small', spacing: 'Small' });

function notices(lang: Lang, flags: { masked?: boolean; truncated?: boolean }): CardElement[] {
  const t = guidanceText[lang];
  return [
    ...(flags.masked ? [text(t.maskedNotice, { color: 'Attention', size: 'Small' })] : []),
    ...(flags.truncated ? [subtle(t.truncatedNotice)] : []),
  ];
}

function askOphButton(lang: Lang, question: string, articleId?: string): CardAction {
  const data: AskOphData = { question: forCardData(question), ...(articleId ? { articleId } : {}) };
  return execute(guidanceText[lang].askOph, VERB_ASK_OPH, { ...data });
}

export function sourceLinks(article: Article, pages: ReadonlyMap<string, SourcePage>, lang: Lang): CardAction[] {
  return article.sources
    .map((key) => pages.get(key))
    .filter((page): page is SourcePage => page !== undefined)
    .map((page) => openUrl(guidanceText[lang].readMore(page.title), page.url));
}

export interface AnswerCardInput {
  lang: Lang;
  article: Article;
  text: AnswerText;
  pages: ReadonlyMap<string, SourcePage>;
  /** Masked question, carried in the vote and ask-OPH data. */
  question: string;
  /** 'answer' for a confident answer, 'suggest' when the user picked this article from suggestions. */
  band: Band;
  alternative?: { articleId: string; title: string } | null;
  masked?: boolean;
  truncated?: boolean;
}

export function answerCard(input: AnswerCardInput): AdaptiveCard {
  const t = guidanceText[input.lang];
  const vote = (value: 'up' | 'down'): CardAction => {
    const data: VoteData = { vote: value, articleId: input.article.id, band: input.band, question: forCardData(input.question) };
    return execute(value === 'up' ? t.voteUp : t.voteDown, VERB_VOTE, { ...data });
  };
  const body: CardElement[] = [
    ...notices(input.lang, input),
    heading(input.article.title),
    ...input.text.blocks.map((block) => text(block)),
  ];
  if (input.alternative) {
    const data: ShowData = { articleId: input.alternative.articleId, lang: input.lang, question: forCardData(input.question) };
    body.push(actionSet([execute(t.seeAlso(input.alternative.title), VERB_SHOW, { ...data })]));
  }
  const links = sourceLinks(input.article, input.pages, input.lang);
  if (links.length) body.push(subtle(t.sourcesLabel), actionSet(links));
  body.push(text(t.voteQuestion, { spacing: 'Medium', weight: 'Bolder', size: 'Small' }));
  body.push(actionSet([vote('up'), vote('down'), askOphButton(input.lang, input.question, input.article.id)]));
  return makeCard(body);
}

export interface SuggestCardInput {
  lang: Lang;
  question: string;
  suggestions: Array<{ articleId: string; title: string }>;
  masked?: boolean;
  truncated?: boolean;
}

export function suggestCard(input: SuggestCardInput): AdaptiveCard {
  const t = guidanceText[input.lang];
  const buttons = input.suggestions.slice(0, 3).map((s) => {
    const data: ShowData = { articleId: s.articleId, lang: input.lang, question: forCardData(input.question) };
    return execute(s.title, VERB_SHOW, { ...data });
  });
  return makeCard([
    ...notices(input.lang, input),
    heading(t.suggestTitle),
    subtle(t.youAsked(userText(forCardData(input.question)))),
    text(t.suggestIntro),
    { ...actionSet(buttons), spacing: 'Small' },
    text(t.suggestContact, { spacing: 'Medium' }),
    actionSet([askOphButton(input.lang, input.question)]),
  ]);
}

export interface UnknownCardInput {
  lang: Lang;
  question: string;
  masked?: boolean;
  truncated?: boolean;
}

export function unknownCard(input: UnknownCardInput): AdaptiveCard {
  const t = guidanceText[input.lang];
  return makeCard([
    ...notices(input.lang, input),
    heading(t.unknownTitle),
    subtle(t.youAsked(userText(forCardData(input.question)))),
    text(t.unknownBody),
    actionSet([askOphButton(input.lang, input.question), openUrl(t.emailCustomerService, `mailto:${CUSTOMER_SERVICE_EMAIL}`)]),
  ]);
}

/** A short list of KB problems for the admin who ran the reload (KB content, never user input). */
export function reloadProblemsCard(lang: Lang, problems: string[]): AdaptiveCard {
  const t = guidanceText[lang];
  const shown = problems.slice(0, 25);
  return makeCard([
    heading(t.reloadFailed(problems.length)),
    text(shown.map((p) => `- ${userText(p)}`).join('\n')),
    ...(problems.length > shown.length ? [subtle(t.reloadMoreProblems(problems.length - shown.length))] : []),
  ]);
}
