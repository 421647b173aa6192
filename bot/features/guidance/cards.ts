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

const WHOLE_GUIDE_CHARS = 7_000;
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

/**
 * "Show the whole guide": the full article behind a ShowCard, when the passages shown first are not
 * all of it. Teams renders ShowCard inline below the card, so the answer stays one message.
 */
function wholeGuide(lang: Lang, answer: AnswerText): CardElement[] {
  if (answer.full.length <= answer.blocks.length) return [];
  // A budget keeps the card under 28 KB with the longest question in the vote data; the articles are
  // far shorter (≈ 2.6 KB at most), and the source links carry the rest of an over-long one.
  const shown: string[] = [];
  let length = 0;
  for (const block of answer.full) {
    if (length + block.length > WHOLE_GUIDE_CHARS) {
      shown.push('…');
      break;
    }
    shown.push(block);
    length += block.length;
  }
  const card = { type: 'AdaptiveCard', body: shown.map((block) => text(block)) };
  return [actionSet([{ type: 'Action.ShowCard', title: guidanceText[lang].showWholeGuide, card }])];
}

/**
 * The answer itself — title, the passages that answer the question, the whole guide collapsed, the
 * "see also" runner-up and the source links — without the vote row, so a card that changes only its
 * vote state (after 👍/👎) can rebuild the same body.
 */
export function answerBody(input: AnswerCardInput): CardElement[] {
  const t = guidanceText[input.lang];
  const body: CardElement[] = [
    ...notices(input.lang, input),
    heading(input.article.title),
    ...input.text.blocks.map((block) => text(block)),
    ...wholeGuide(input.lang, input.text),
  ];
  if (input.alternative) {
    const data: ShowData = { articleId: input.alternative.articleId, lang: input.lang, question: forCardData(input.question) };
    body.push(actionSet([execute(t.seeAlso(input.alternative.title), VERB_SHOW, { ...data })]));
  }
  const links = sourceLinks(input.article, input.pages, input.lang);
  if (links.length) body.push(subtle(t.sourcesLabel), actionSet(links));
  return body;
}

export function answerCard(input: AnswerCardInput): AdaptiveCard {
  const t = guidanceText[input.lang];
  const vote = (value: 'up' | 'down'): CardAction => {
    const data: VoteData = { vote: value, articleId: input.article.id, band: input.band, question: forCardData(input.question) };
    return execute(value === 'up' ? t.voteUp : t.voteDown, VERB_VOTE, { ...data });
  };
  const body = answerBody(input);
  body.push(text(t.voteQuestion, { spacing: 'Medium', weight: 'Bolder', size: 'Small' }));
  body.push(actionSet([vote('up'), vote('down'), askOphButton(input.lang, input.question, input.article.id)]));
  return makeCard(body);
}

export interface SuggestCardInput {
  lang: Lang;
  question: string;
  suggestions: Array<{ articleId: string; title: string }>;
  /** The top candidate's best passage, shown directly ("did you mean this?"); the rest are buttons. */
  passage?: AnswerText | null;
  masked?: boolean;
  truncated?: boolean;
}

export function suggestCard(input: SuggestCardInput): AdaptiveCard {
  const t = guidanceText[input.lang];
  const button = (s: { articleId: string; title: string }, title = s.title) => {
    const data: ShowData = { articleId: s.articleId, lang: input.lang, question: forCardData(input.question) };
    return execute(title, VERB_SHOW, { ...data });
  };
  const [first, ...others] = input.suggestions.slice(0, 3);
  if (!first || !input.passage || input.passage.blocks.length === 0) {
    return makeCard([
      ...notices(input.lang, input),
      heading(t.suggestTitle),
      subtle(t.youAsked(userText(forCardData(input.question)))),
      text(t.suggestIntro),
      { ...actionSet(input.suggestions.slice(0, 3).map((s) => button(s))), spacing: 'Small' },
      text(t.suggestContact, { spacing: 'Medium' }),
      actionSet([askOphButton(input.lang, input.question)]),
    ]);
  }
  return makeCard([
    ...notices(input.lang, input),
    heading(t.didYouMean),
    subtle(t.youAsked(userText(forCardData(input.question)))),
    text(t.didYouMeanIntro, { spacing: 'Small' }),
    text(first.title, { weight: 'Bolder', spacing: 'Medium' }),
    ...input.passage.blocks.map((block) => text(block)),
    // Opens the top candidate as an answer card (whole guide, sources, votes).
    { ...actionSet([button(first, t.showWholeGuide)]), spacing: 'Small' },
    ...(others.length
      ? [text(t.otherSuggestions, { spacing: 'Medium' }), { ...actionSet(others.map((s) => button(s))), spacing: 'Small' }]
      : []),
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
