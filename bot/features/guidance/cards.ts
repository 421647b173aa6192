/**
 * Answer cards for the three bands. The layouts are Adaptive Card templates in ./cards/ (open them in
 * the Designer with the `*.data.json` beside them); the functions here build their typed data. Article
 * text is trusted KB content (reviewed Markdown); the user's question only ever enters a card's text
 * through userText(), and only in its masked form (button data carries it verbatim, never rendered).
 * The vote and ask-OPH buttons carry the verbs and data the escalation part (escalation/) handles.
 */
import { MAX_CARD_BYTES, userText, type AdaptiveCard, type UserText } from '../../cards/card.js';
import { defineCardTemplate } from '../../cards/template.js';
import { userTextList, withUserText } from '../../cards/user-sentence.js';
import { AppError } from '../../errors.js';
import { LruCache } from '../../lru-cache.js';
import type { Lang } from '../../i18n/index.js';
import type { AnswerText } from './answer-text.js';
import type { Band } from './bands.js';
import { CUSTOMER_SERVICE_EMAIL, guidanceText } from './i18n.js';
import type { Article } from './kb-loader.js';
import { forCardData } from './question-input.js';
import type { SourcePage } from './source-pages.js';
import { VERB_ASK_OPH, VERB_SHOW, VERB_VOTE } from './verbs.js';
import answerJson from './cards/answer.json' with { type: 'json' };
import didYouMeanJson from './cards/did-you-mean.json' with { type: 'json' };
import reloadProblemsJson from './cards/reload-problems.json' with { type: 'json' };
import suggestJson from './cards/suggest.json' with { type: 'json' };
import unknownJson from './cards/unknown.json' with { type: 'json' };

export { VERB_ASK_OPH, VERB_SHOW, VERB_VOTE } from './verbs.js';

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

/** An Action.Execute button as the templates take it: the data repeats the verb (the Action.Submit fallback reads it there). */
export interface ExecuteButton<Data extends object> {
  title: string;
  verb: string;
  data: Data & { verb: string };
}

/** The masked / truncated notices above a card; a key is present only when its notice is shown. */
export interface NoticesData {
  masked?: string;
  truncated?: string;
}

/** Data of `cards/answer.json`. */
export interface AnswerCardData {
  notices: NoticesData;
  title: string;
  /** Markdown passages of the article (KB content). */
  blocks: string[];
  wholeGuide?: { title: string; blocks: string[] };
  seeAlso?: ExecuteButton<ShowData>;
  /** One "Lähteet" list: the source pages as Markdown links. */
  sources?: { label: string; list: string };
  vote: { question: string; up: ExecuteButton<VoteData>; down: ExecuteButton<VoteData>; askOph: ExecuteButton<AskOphData> };
}

/** Data of `cards/suggest.json` (no passage to show: the candidates as buttons). */
export interface SuggestCardData {
  notices: NoticesData;
  title: string;
  youAsked: UserText;
  intro: string;
  suggestions: Array<ExecuteButton<ShowData>>;
  contact: string;
  askOph: ExecuteButton<AskOphData>;
}

/** Data of `cards/did-you-mean.json` (the top candidate's passage on the card, the others as buttons). */
export interface DidYouMeanCardData {
  notices: NoticesData;
  title: string;
  youAsked: UserText;
  intro: string;
  top: { title: string; blocks: string[]; open: ExecuteButton<ShowData> };
  others?: { label: string; buttons: Array<ExecuteButton<ShowData>> };
  contact: string;
  askOph: ExecuteButton<AskOphData>;
}

/** Data of `cards/unknown.json`. */
export interface UnknownCardData {
  notices: NoticesData;
  title: string;
  youAsked: UserText;
  body: string;
  askOph: ExecuteButton<AskOphData>;
  email: { title: string; url: string };
}

/** Data of `cards/reload-problems.json`. */
export interface ReloadProblemsCardData {
  title: string;
  problems: UserText;
  more?: string;
}

export const answerTemplate = defineCardTemplate<AnswerCardData>('guidance/answer', answerJson);
export const suggestTemplate = defineCardTemplate<SuggestCardData>('guidance/suggest', suggestJson);
export const didYouMeanTemplate = defineCardTemplate<DidYouMeanCardData>('guidance/did-you-mean', didYouMeanJson);
export const unknownTemplate = defineCardTemplate<UnknownCardData>('guidance/unknown', unknownJson);
export const reloadProblemsTemplate = defineCardTemplate<ReloadProblemsCardData>('guidance/reload-problems', reloadProblemsJson);

const WHOLE_GUIDE_CHARS = 7_000;

function button<Data extends object>(title: string, verb: string, data: Data): ExecuteButton<Data> {
  return { title, verb, data: { verb, ...data } };
}

function noticesData(lang: Lang, flags: { masked?: boolean | undefined; truncated?: boolean | undefined }): NoticesData {
  const t = guidanceText[lang];
  return { ...(flags.masked ? { masked: t.maskedNotice } : {}), ...(flags.truncated ? { truncated: t.truncatedNotice } : {}) };
}

function askOphButton(lang: Lang, question: string, articleId?: string): ExecuteButton<AskOphData> {
  return button<AskOphData>(guidanceText[lang].askOph, VERB_ASK_OPH, {
    question: forCardData(question),
    ...(articleId ? { articleId } : {}),
  });
}

function showButton(
  lang: Lang,
  question: string,
  suggestion: { articleId: string; title: string },
  title = suggestion.title,
): ExecuteButton<ShowData> {
  return button<ShowData>(title, VERB_SHOW, { articleId: suggestion.articleId, lang, question: forCardData(question) });
}

const youAsked = (lang: Lang, question: string): UserText => withUserText(guidanceText[lang].youAsked, userText(forCardData(question)));

/**
 * Link text and target safe inside Markdown `[text](url)`. Parentheses in a title ("(suppeat tiedot)") are
 * fine in link text and stay unescaped: a needless backslash shows in some Teams clients.
 */
const linkLabel = (title: string) => title.replace(/[[\]\\]/g, (c) => `\\${c}`);
const linkTarget = (url: string) => url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, '%20');

/**
 * The "Lähteet" list of an article in one language. It is the same for every asker, and the answer card
 * is built on every question, so it is built once per article version (a KB reload makes new Article
 * objects, which the WeakMap lets go) and per page catalogue.
 */
const sourcesCache = new WeakMap<
  Article,
  { pages: ReadonlyMap<string, SourcePage>; byLang: Map<Lang, AnswerCardData['sources'] | null> }
>();

export function sourcesOf(article: Article, pages: ReadonlyMap<string, SourcePage>, lang: Lang): AnswerCardData['sources'] | undefined {
  let cached = sourcesCache.get(article);
  if (!cached || cached.pages !== pages) {
    cached = { pages, byLang: new Map() };
    sourcesCache.set(article, cached);
  }
  let sources = cached.byLang.get(lang);
  if (sources === undefined) {
    const found = article.sources.map((key) => pages.get(key)).filter((page): page is SourcePage => page !== undefined);
    sources = found.length
      ? {
          label: guidanceText[lang].sourcesLabel,
          list: found.map((page) => `- [${linkLabel(page.title)}](${linkTarget(page.url)})`).join('\n'),
        }
      : null;
    cached.byLang.set(lang, sources);
  }
  return sources ?? undefined;
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
function wholeGuide(lang: Lang, answer: AnswerText): AnswerCardData['wholeGuide'] {
  if (answer.full.length <= answer.blocks.length) return undefined;
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
  return { title: guidanceText[lang].showWholeGuide, blocks: shown };
}

/** The answer card's data: title, passages, the whole guide collapsed, "see also", the sources and the vote row. */
export function answerCardData(input: AnswerCardInput): AnswerCardData {
  const t = guidanceText[input.lang];
  const question = forCardData(input.question);
  const vote = (value: 'up' | 'down') =>
    button<VoteData>(value === 'up' ? t.voteUp : t.voteDown, VERB_VOTE, {
      vote: value,
      articleId: input.article.id,
      band: input.band,
      question,
    });
  const whole = wholeGuide(input.lang, input.text);
  const sources = sourcesOf(input.article, input.pages, input.lang);
  return {
    notices: noticesData(input.lang, input),
    title: input.article.title,
    blocks: input.text.blocks,
    ...(whole ? { wholeGuide: whole } : {}),
    ...(input.alternative
      ? { seeAlso: showButton(input.lang, input.question, input.alternative, t.seeAlso(input.alternative.title)) }
      : {}),
    ...(sources ? { sources } : {}),
    vote: {
      question: t.voteQuestion,
      up: vote('up'),
      down: vote('down'),
      askOph: askOphButton(input.lang, input.question, input.article.id),
    },
  };
}

/**
 * The answer card is built on every question (the question turn's hot path), and template expansion costs
 * ~0.1–0.2 ms. Everything on it but the asker's question (carried in the buttons' data, never shown) is the
 * same for every asker who gets the same passages of the same article, so that card is expanded once, kept
 * as JSON with a marker where the question goes, and each asker's card is that JSON with the question put
 * in: one JSON.parse, and the size known from the string itself (UTF-16: two bytes per code unit).
 */
const QUESTION_MARK = '\uE000asker-question\uE000';
/** Cards kept per article version; more distinct passage combinations than this start the list afresh. */
const ANSWER_CARDS_PER_ARTICLE = 64;
const answerCache = new WeakMap<Article, { pages: ReadonlyMap<string, SourcePage>; cards: Map<string, string[]> }>();

function answerCacheKey(input: AnswerCardInput): string {
  const alternative = input.alternative ? `${input.alternative.articleId}\u0001${input.alternative.title}` : '';
  return [
    input.lang,
    input.band,
    input.masked ? 'm' : '',
    input.truncated ? 't' : '',
    alternative,
    input.text.full.length,
    ...input.text.blocks,
  ].join('\u0002');
}

export function answerCard(input: AnswerCardInput): AdaptiveCard {
  let entry = answerCache.get(input.article);
  if (!entry || entry.pages !== input.pages) {
    entry = { pages: input.pages, cards: new Map() };
    answerCache.set(input.article, entry);
  }
  const key = answerCacheKey(input);
  let parts = entry.cards.get(key);
  if (!parts) {
    // Expanded (and checked) once with the marker as the question; split where the question goes.
    parts = JSON.stringify(answerTemplate.expand(answerCardData({ ...input, question: QUESTION_MARK }))).split(QUESTION_MARK);
    if (entry.cards.size >= ANSWER_CARDS_PER_ARTICLE) entry.cards.clear();
    entry.cards.set(key, parts);
  }
  const json = parts.join(JSON.stringify(forCardData(input.question)).slice(1, -1));
  if (json.length * 2 > MAX_CARD_BYTES) throw new AppError('CARD_TOO_LARGE', `card is ${json.length * 2} bytes`);
  return JSON.parse(json) as AdaptiveCard;
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

/** The suggest or did-you-mean card, with the asker's question as shown in "you asked" and as carried in button data. */
function expandSuggestCard(input: SuggestCardInput, asked: UserText, question: string): AdaptiveCard {
  const t = guidanceText[input.lang];
  const [first, ...others] = input.suggestions.slice(0, 3);
  const common = {
    notices: noticesData(input.lang, input),
    youAsked: asked,
    contact: t.suggestContact,
    askOph: askOphButton(input.lang, question),
  };
  if (!first || !input.passage || input.passage.blocks.length === 0) {
    return suggestTemplate.expand({
      ...common,
      title: t.suggestTitle,
      intro: t.suggestIntro,
      suggestions: input.suggestions.slice(0, 3).map((s) => showButton(input.lang, question, s)),
    });
  }
  return didYouMeanTemplate.expand({
    ...common,
    title: t.didYouMean,
    intro: t.didYouMeanIntro,
    // "Show the whole guide" opens the top candidate as an answer card (whole guide, sources, votes).
    top: { title: first.title, blocks: input.passage.blocks, open: showButton(input.lang, question, first, t.showWholeGuide) },
    ...(others.length ? { others: { label: t.otherSuggestions, buttons: others.map((s) => showButton(input.lang, question, s)) } } : {}),
  });
}

export function suggestCard(input: SuggestCardInput): AdaptiveCard {
  const key = JSON.stringify([
    'suggest',
    input.lang,
    Boolean(input.masked),
    Boolean(input.truncated),
    input.suggestions.slice(0, 3).map((s) => [s.articleId, s.title]),
    input.passage?.blocks ?? null,
  ]);
  return withAskerQuestion(key, input.lang, input.question, (asked, question) => expandSuggestCard(input, asked, question));
}

export interface UnknownCardInput {
  lang: Lang;
  question: string;
  masked?: boolean;
  truncated?: boolean;
}

function expandUnknownCard(input: UnknownCardInput, asked: UserText, question: string): AdaptiveCard {
  const t = guidanceText[input.lang];
  return unknownTemplate.expand({
    notices: noticesData(input.lang, input),
    title: t.unknownTitle,
    youAsked: asked,
    body: t.unknownBody,
    askOph: askOphButton(input.lang, question),
    email: { title: t.emailCustomerService, url: `mailto:${CUSTOMER_SERVICE_EMAIL}` },
  });
}

export function unknownCard(input: UnknownCardInput): AdaptiveCard {
  const key = JSON.stringify(['unknown', input.lang, Boolean(input.masked), Boolean(input.truncated)]);
  return withAskerQuestion(key, input.lang, input.question, (asked, question) => expandUnknownCard(input, asked, question));
}

/**
 * The suggest, did-you-mean and unknown cards are built on every question that gets no answer card, and
 * like the answer card (above) they are the same for every asker but for the asker's question — which
 * they carry twice: as shown in "you asked" (through userText) and verbatim in the buttons' data. Each is
 * expanded once per language, flags, suggestions and passage with a marker in each of the two places,
 * kept as JSON, and each asker's card is that JSON with the two forms of the question put in (one
 * JSON.parse, the size from the string). What the template would have made of the question is exactly
 * that: its text is only ever inserted. A question holding `${` is expanded in full as before, so the
 * template's check for unexpanded expressions sees it; so is any card the markers could not be expanded
 * into (e.g. too large with the marker), which then succeeds or fails exactly as it did.
 */
const SHOWN_QUESTION_MARK = '\uE000asker-question-shown\uE000' as UserText;
const DATA_QUESTION_MARK = '\uE000asker-question-data\uE000';
const QUESTION_MARKS = /\uE000asker-question-(shown|data)\uE000/;
/** Distinct suggestion lists and passages kept; each entry is one card's JSON (a few KB). */
const QUESTION_CARDS_KEPT = 128;
const questionCards = new LruCache<string, string[]>(QUESTION_CARDS_KEPT);

/** The cards expanded in full for this asker, as suggestCard and unknownCard did before (tests compare them). */
export const expandedInFull = {
  suggest: (input: SuggestCardInput) => expandSuggestCard(input, youAsked(input.lang, input.question), input.question),
  unknown: (input: UnknownCardInput) => expandUnknownCard(input, youAsked(input.lang, input.question), input.question),
};

function withAskerQuestion(
  key: string,
  lang: Lang,
  question: string,
  expand: (asked: UserText, question: string) => AdaptiveCard,
): AdaptiveCard {
  const carried = forCardData(question);
  const full = () => expand(youAsked(lang, question), question);
  if (carried.includes('${')) return full();
  let parts = questionCards.get(key);
  if (!parts) {
    try {
      // split() with a capturing group: text, mark name, text, mark name, …, text.
      parts = JSON.stringify(expand(withUserText(guidanceText[lang].youAsked, SHOWN_QUESTION_MARK), DATA_QUESTION_MARK)).split(
        QUESTION_MARKS,
      );
    } catch {
      return full();
    }
    questionCards.set(key, parts);
  }
  const shown = JSON.stringify(userText(carried)).slice(1, -1);
  const data = JSON.stringify(carried).slice(1, -1);
  let json = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) json += (parts[i] === 'shown' ? shown : data) + parts[i + 1]!;
  if (json.length * 2 > MAX_CARD_BYTES) throw new AppError('CARD_TOO_LARGE', `card is ${json.length * 2} bytes`);
  return JSON.parse(json) as AdaptiveCard;
}

/** Problems shown on the card; the rest are counted. */
const PROBLEMS_SHOWN = 25;
/** A problem line is a file name and what is wrong with it; a longer one is cut so 25 always fit. */
const PROBLEM_CHARS = 150;

/** A short list of KB problems for the admin who ran the reload (KB content, escaped all the same). */
export function reloadProblemsCard(lang: Lang, problems: string[]): AdaptiveCard {
  const t = guidanceText[lang];
  const shown = problems.slice(0, PROBLEMS_SHOWN);
  return reloadProblemsTemplate.expand({
    title: t.reloadFailed(problems.length),
    problems: userTextList(shown.map((p) => userText(p.length > PROBLEM_CHARS ? `${p.slice(0, PROBLEM_CHARS - 1)}…` : p))),
    ...(problems.length > shown.length ? { more: t.reloadMoreProblems(problems.length - shown.length) } : {}),
  });
}
