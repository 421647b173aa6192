/**
 * Cards of the escalation half: vote thanks and comment, the ask-OPH confirm card, the expert's ticket
 * card, the answer the asker receives, the asker's own questions and the knowledge-gap overview. The
 * layouts are Adaptive Card templates in ./cards/ (with Finnish sample data for the Designer); the
 * functions here build their typed data. Questions, answers, comments and names are user text: they
 * enter a card's text only as UserText (input `value`s and button data excepted, which Teams shows
 * verbatim or never shows, and never renders as Markdown).
 */
import { formatDateTime, formatDay } from '../../../i18n/dates.js';
import { button, type ButtonData } from '../../../cards/template-data.js';
import { userText, type AdaptiveCard, type UserText } from '../../../cards/card.js';
import { defineCardTemplate } from '../../../cards/template.js';
import { withUserText } from '../../../cards/user-sentence.js';
import { AppError } from '../../../errors.js';
import { isLang, type Lang } from '../../../i18n/index.js';
import type { Delivery, GapGroup, GapReport, Ticket, TicketState } from '../../../store/guidance-repository.js';
import { escalationText } from './i18n.js';
import { MAX_ANSWER, MAX_CLOSE_REASON, MAX_COMMENT, MAX_TICKET_QUESTION } from './schemas.js';
import { VERB_TICKET_ANSWER, VERB_TICKET_ASSIGN, VERB_TICKET_CLOSE, VERB_TICKET_CREATE, VERB_VOTE_COMMENT } from './verbs.js';
import answerDeliveryJson from './cards/answer-delivery.json' with { type: 'json' };
import askConfirmJson from './cards/ask-confirm.json' with { type: 'json' };
import closedWithoutAnswerJson from './cards/closed-without-answer.json' with { type: 'json' };
import commentThanksJson from './cards/comment-thanks.json' with { type: 'json' };
import gapsJson from './cards/gaps.json' with { type: 'json' };
import myTicketsJson from './cards/my-tickets.json' with { type: 'json' };
import ticketCreatedJson from './cards/ticket-created.json' with { type: 'json' };
import ticketJson from './cards/ticket.json' with { type: 'json' };
import voteThanksJson from './cards/vote-thanks.json' with { type: 'json' };

/** Dates in the one Finnish/Swedish/English format (bot/i18n/dates.ts): Helsinki time whatever the server's zone. */
export { formatDateTime } from '../../../i18n/dates.js';
export const formatDate = formatDay;

// ---------------------------------------------------------------- template data

/** Data of `cards/vote-thanks.json`; `comment` is the optional comment form after 👎. */
export interface VoteThanksCardData {
  masked?: string;
  thanks: string;
  replaced?: string;
  comment?: { label: string; placeholder: string; maxLength: number; noPersonalData: string; send: ButtonData };
}

/** Data of `cards/comment-thanks.json`. */
export interface CommentThanksCardData {
  masked?: string;
  thanks: string;
}

/** Data of `cards/ask-confirm.json`. The question is an input's value: shown as typed, never as Markdown. */
export interface AskConfirmCardData {
  title: string;
  masked?: string;
  intro: string;
  question: { label: string; value: string; required: string; maxLength: number };
  noPersonalData: string;
  send: ButtonData;
}

/** Data of `cards/ticket-created.json`: `posted` when the experts have it, `notPosted` when it is only stored. */
export interface TicketCreatedCardData {
  title: string;
  masked?: string;
  duplicate?: string;
  notPosted?: string;
  posted?: { answerComes: string; nextSteps: string };
  yourQuestion: UserText;
  followHint: string;
}

/** Data of `cards/ticket.json`, the expert channel's ticket card; the buttons present depend on the state. */
export interface TicketCardData {
  notices: string[];
  title: string;
  state: { name: string; color: string };
  question: UserText[];
  facts: Array<{ title: string; value: string | UserText }>;
  answer?: {
    heading: string;
    by?: { label: string; name: UserText | string; at: string };
    delivery?: { text: string; failed: boolean };
  };
  answerParagraphs: UserText[];
  closed?: { byLabel: string; by: UserText | string; at: string; reasonLabel: string; reason?: UserText };
  answerForm?: { label: string; placeholder: string; required: string; maxLength: number; addToKb: string };
  assign?: ButtonData;
  sendAnswer?: ButtonData;
  closeWithoutAnswer?: { title: string; label: string; placeholder: string; required: string; maxLength: number; confirm: ButtonData };
  close?: ButtonData;
  tab?: { title: string; url: string };
}

/** Data of `cards/answer-delivery.json`. */
export interface AnswerDeliveryCardData {
  title: string;
  yourQuestion: UserText;
  answer: UserText[];
  answeredBy: string;
}

/** Data of `cards/closed-without-answer.json`. */
export interface ClosedWithoutAnswerCardData {
  title: string;
  yourQuestion: UserText;
  reason?: UserText;
  body: string;
}

/** One group of alike questions on `cards/gaps.json`. */
export interface GapLineData {
  times: number;
  question: UserText;
  details: UserText;
  comment?: UserText;
}

/** Data of `cards/gaps.json`. */
export interface GapsCardData {
  title: string;
  none: string;
  unanswered: { label: string; groups: GapLineData[] };
  downvoted: { label: string; groups: GapLineData[] };
  more: string;
  tab?: { title: string; url: string };
}

/** One ticket on `cards/my-tickets.json`: `outcome` (answer or why closed) or `progress` (still open). */
export interface MyTicketData {
  ref: string;
  sent: string;
  state: { name: string; color: string };
  yourQuestion: UserText;
  outcome?: UserText | string;
  progress?: string;
}

/** Data of `cards/my-tickets.json`. */
export interface MyTicketsCardData {
  title: string;
  none?: string;
  tickets: MyTicketData[];
  more?: string;
}

const voteThanksTemplate = defineCardTemplate<VoteThanksCardData>('guidance/escalation/vote-thanks', voteThanksJson);
const commentThanksTemplate = defineCardTemplate<CommentThanksCardData>('guidance/escalation/comment-thanks', commentThanksJson);
const askConfirmTemplate = defineCardTemplate<AskConfirmCardData>('guidance/escalation/ask-confirm', askConfirmJson);
const ticketCreatedTemplate = defineCardTemplate<TicketCreatedCardData>('guidance/escalation/ticket-created', ticketCreatedJson);
const ticketTemplate = defineCardTemplate<TicketCardData>('guidance/escalation/ticket', ticketJson);
const answerDeliveryTemplate = defineCardTemplate<AnswerDeliveryCardData>('guidance/escalation/answer-delivery', answerDeliveryJson);
const closedWithoutAnswerTemplate = defineCardTemplate<ClosedWithoutAnswerCardData>(
  'guidance/escalation/closed-without-answer',
  closedWithoutAnswerJson,
);
const gapsTemplate = defineCardTemplate<GapsCardData>('guidance/escalation/gaps', gapsJson);
const myTicketsTemplate = defineCardTemplate<MyTicketsCardData>('guidance/escalation/my-tickets', myTicketsJson);

/** Cuts text for display only (the stored text stays whole). */
export function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, Math.max(0, max - 1))}…` : value;
}

/**
 * Builds a card at the largest display budget that fits Teams' size limit. Escaping can double user
 * text, so a maximal question plus a maximal answer may not fit whole; the shown text is then cut
 * (what is stored and delivered stays whole).
 */
function fitCard(build: (budget: number) => AdaptiveCard, budgets: readonly number[]): AdaptiveCard {
  for (const budget of budgets.slice(0, -1)) {
    try {
      return build(budget);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'CARD_TOO_LARGE')) throw error;
    }
  }
  return build(budgets[budgets.length - 1] ?? 0);
}

/** More paragraphs than this share the last block: each block costs bytes, and an answer may have hundreds. */
const MAX_BLOCKS = 12;

/** Paragraphs of user text as separate blocks, so line structure survives without Markdown. */
function paragraphs(value: string): UserText[] {
  const parts = value
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const head = parts.slice(0, MAX_BLOCKS - 1);
  const tail = parts.slice(MAX_BLOCKS - 1);
  if (tail.length) head.push(tail.join('\n\n'));
  return head.map((p) => userText(p));
}

/** "Label: text" where the text is a person's: the label is ours. */
const labelled = (label: string, typed: UserText): UserText => withUserText((value) => `${label}: ${value}`, typed);

// ---------------------------------------------------------------- votes

export function voteThanksCard(
  lang: Lang,
  options: { vote: 'up' | 'down'; voteId: string; replaced: boolean; masked: boolean },
): AdaptiveCard {
  const t = escalationText[lang];
  return voteThanksTemplate.expand({
    ...(options.masked ? { masked: t.maskedNotice } : {}),
    thanks: options.vote === 'up' ? t.voteThanksUp : t.voteThanksDown,
    ...(options.replaced ? { replaced: t.voteReplaced } : {}),
    ...(options.vote === 'down'
      ? {
          comment: {
            label: t.commentLabel,
            placeholder: t.commentPlaceholder,
            maxLength: MAX_COMMENT,
            noPersonalData: t.noPersonalData,
            send: button(t.commentSend, VERB_VOTE_COMMENT, { voteId: options.voteId }),
          },
        }
      : {}),
  });
}

export function commentThanksCard(lang: Lang, options: { stored: boolean; masked: boolean }): AdaptiveCard {
  const t = escalationText[lang];
  return commentThanksTemplate.expand({
    ...(options.masked ? { masked: t.maskedNotice } : {}),
    thanks: options.stored ? t.commentThanks : t.commentEmpty,
  });
}

// ---------------------------------------------------------------- asking OPH

export function askConfirmCard(
  lang: Lang,
  options: { question: string; articleId?: string | undefined; formId: string; masked: boolean },
): AdaptiveCard {
  const t = escalationText[lang];
  return askConfirmTemplate.expand({
    title: t.askTitle,
    ...(options.masked ? { masked: t.maskedNotice } : {}),
    intro: t.askIntro,
    // An input's value is shown as typed (no Markdown), so it needs no userText().
    question: {
      label: t.questionLabel,
      value: options.question.slice(0, MAX_TICKET_QUESTION),
      required: t.questionRequired,
      maxLength: MAX_TICKET_QUESTION,
    },
    noPersonalData: t.noPersonalData,
    send: button(t.askSend, VERB_TICKET_CREATE, { formId: options.formId, ...(options.articleId ? { articleId: options.articleId } : {}) }),
  });
}

export function ticketCreatedCard(lang: Lang, ticket: Ticket, options: { duplicate: boolean; masked: boolean }): AdaptiveCard {
  const t = escalationText[lang];
  const inThread = ticket.conversationKind === 'channel' && ticket.threadRootId !== null;
  return ticketCreatedTemplate.expand({
    title: t.ticketCreatedTitle(ticket.ref),
    ...(options.masked ? { masked: t.maskedNotice } : {}),
    ...(options.duplicate ? { duplicate: t.ticketAlreadySent(ticket.ref) } : {}),
    // Honest about where the question is: stored but not passed on when no expert channel exists.
    ...(ticket.expertPostState === 'none'
      ? { notPosted: t.notPostedYet }
      : { posted: { answerComes: inThread ? t.answerComesToThread : t.answerComesToChat, nextSteps: t.nextSteps } }),
    yourQuestion: withUserText(t.yourQuestion, userText(ticket.question)),
    followHint: t.followHint,
  });
}

// ---------------------------------------------------------------- the expert's ticket card

export function langName(value: string, lang: Lang): string {
  const t = escalationText[lang];
  if (!isLang(value)) return value;
  return { fi: t.langFi, sv: t.langSv, en: t.langEn }[value];
}

export function stateName(state: TicketState, lang: Lang): string {
  const t = escalationText[lang];
  return { open: t.stateOpen, assigned: t.stateAssigned, answered: t.stateAnswered, closed: t.stateClosed }[state];
}

const STATE_COLOR: Record<TicketState, string> = { open: 'Attention', assigned: 'Accent', answered: 'Good', closed: 'Default' };

/** How the answer reached the asker, as the catalog words it. */
const DELIVERY_TEXT = {
  thread: 'deliveryThread',
  chat: 'deliveryChat',
  personal: 'deliveryPersonal',
  failed: 'deliveryFailed',
} as const satisfies Record<Delivery, string>;

export function deliveryText(ticket: Ticket, lang: Lang): string | null {
  // The column is free text: a value this version does not know reads as "not delivered yet".
  const key = ticket.delivery ? DELIVERY_TEXT[ticket.delivery] : undefined;
  return key ? escalationText[lang][key] : null;
}

/**
 * The ticket as the experts see it in their channel; one language for everyone in the channel. The
 * buttons carry the version shown, so an action on an outdated card is refused and answered with the
 * current state.
 */
export function ticketCard(ticket: Ticket, lang: Lang, notices: string[] = [], tabUrl?: string): AdaptiveCard {
  return fitCard(
    (budget) => ticketTemplate.expand(ticketCardData(ticket, lang, notices, budget, tabUrl)),
    [Number.POSITIVE_INFINITY, 1500, 600, 200],
  );
}

/** Longest name shown; display names come from Teams and are not ours to trust in length. */
const MAX_NAME_CHARS = 100;

export function ticketCardData(ticket: Ticket, lang: Lang, notices: string[], budget: number, tabUrl: string | undefined): TicketCardData {
  const t = escalationText[lang];
  const who = (name: string | null | undefined) => (name ? userText(clip(name, MAX_NAME_CHARS)) : t.unknownPerson);
  // The card's language rides along, so an expert's refusals and notices come in the card's language.
  const key = { ticketId: ticket.id, version: ticket.version, lang };
  const rows: TicketCardData['facts'] = [{ title: t.factAsker, value: who(ticket.asker.name) }];
  if (ticket.institutionNames)
    rows.push({ title: t.factInstitution, value: userText(clip(ticket.institutionNames[lang], MAX_NAME_CHARS)) });
  rows.push(
    { title: t.factLang, value: langName(ticket.lang, lang) },
    { title: t.factReceived, value: formatDateTime(ticket.createdAt, lang) },
  );
  if (ticket.articleId) rows.push({ title: t.factArticle, value: userText(ticket.articleId) });
  if (ticket.assignee) rows.push({ title: t.factAssignee, value: who(ticket.assignee.name) });

  const delivered = ticket.answer !== null ? deliveryText(ticket, lang) : null;
  const closeWithoutAnswer = {
    title: t.closeWithoutAnswer,
    label: t.closeReasonLabel,
    placeholder: t.closeReasonPlaceholder,
    required: t.closeReasonRequired,
    maxLength: MAX_CLOSE_REASON,
    confirm: button(t.closeConfirm, VERB_TICKET_CLOSE, key),
  };
  return {
    notices,
    title: t.ticketTitle(ticket.ref),
    state: { name: stateName(ticket.state, lang), color: STATE_COLOR[ticket.state] },
    question: paragraphs(clip(ticket.question, budget)),
    facts: rows,
    ...(ticket.answer !== null
      ? {
          answer: {
            heading: t.answerHeading,
            ...(ticket.answeredBy && ticket.answeredAt
              ? { by: { label: t.factAnsweredBy, name: who(ticket.answeredBy.name), at: formatDateTime(ticket.answeredAt, lang) } }
              : {}),
            ...(delivered ? { delivery: { text: delivered, failed: ticket.delivery === 'failed' } } : {}),
          },
        }
      : {}),
    answerParagraphs: ticket.answer !== null ? paragraphs(clip(ticket.answer, budget)) : [],
    ...(ticket.state === 'closed' && ticket.closedAt
      ? {
          closed: {
            byLabel: t.factClosedBy,
            by: who(ticket.closedByName),
            at: formatDateTime(ticket.closedAt, lang),
            reasonLabel: t.factCloseReason,
            ...(ticket.closeReason ? { reason: userText(clip(ticket.closeReason, budget)) } : {}),
          },
        }
      : {}),
    ...(ticket.state === 'assigned'
      ? {
          answerForm: {
            label: t.answerLabel,
            placeholder: t.answerPlaceholder(langName(ticket.lang, lang)),
            required: t.answerRequired,
            maxLength: MAX_ANSWER,
            addToKb: t.addToKb,
          },
        }
      : {}),
    ...(ticket.state === 'open' ? { assign: button(t.assign, VERB_TICKET_ASSIGN, key) } : {}),
    ...(ticket.state === 'assigned' ? { sendAnswer: button(t.sendAnswer, VERB_TICKET_ANSWER, key) } : {}),
    // Closing a question nobody answered is final for the asker, so it asks first: the button opens a
    // small form in the card that needs a reason, which the asker is told.
    ...(ticket.state === 'open' || ticket.state === 'assigned' ? { closeWithoutAnswer } : {}),
    ...(ticket.state === 'answered' ? { close: button(t.close, VERB_TICKET_CLOSE, key) } : {}),
    // The tab's gaps page lists every ticket beside the knowledge gaps.
    ...(tabUrl ? { tab: { title: t.openTicketsInTab, url: tabUrl } } : {}),
  };
}

// ---------------------------------------------------------------- what the asker receives

/** The asker knows their question: a reminder of its start is enough beside the answer. */
const QUESTION_REMINDER_CHARS = 300;

export function answerDeliveryCard(ticket: Ticket, lang: Lang): AdaptiveCard {
  const t = escalationText[lang];
  return answerDeliveryTemplate.expand({
    title: t.answerCardTitle(ticket.ref),
    yourQuestion: withUserText(t.yourQuestion, userText(clip(ticket.question, QUESTION_REMINDER_CHARS))),
    answer: paragraphs(ticket.answer ?? ''),
    answeredBy: t.answeredByOph,
  });
}

export function closedWithoutAnswerCard(ticket: Ticket, lang: Lang): AdaptiveCard {
  const t = escalationText[lang];
  return closedWithoutAnswerTemplate.expand({
    title: t.closedTitle(ticket.ref),
    yourQuestion: withUserText(t.yourQuestion, userText(clip(ticket.question, QUESTION_REMINDER_CHARS))),
    ...(ticket.closeReason ? { reason: withUserText(t.closedReason, userText(ticket.closeReason)) } : {}),
    body: t.closedBody,
  });
}

// ---------------------------------------------------------------- knowledge gaps

/** Longest question or comment shown per line on the card; the CSV has the full text. */
const GAP_LINE_CHARS = 200;
const GAP_ARTICLE_CHARS = 40;

function gapLines(groups: GapGroup[], lang: Lang, withComments: boolean): GapLineData[] {
  const t = escalationText[lang];
  return groups.map((g) => {
    const details = [
      t.gapsLatest(formatDate(g.lastAt, lang)),
      g.langs.join('/'),
      ...g.articleIds.slice(0, 3).map((a) => userText(clip(a, GAP_ARTICLE_CHARS))),
    ];
    const comment = withComments ? g.comments[0] : undefined;
    return {
      times: g.count,
      question: userText(clip(g.question, GAP_LINE_CHARS)),
      // The date and language codes are ours; the article ids went through userText() above.
      details: details.filter(Boolean).join(' · ') as UserText,
      ...(comment ? { comment: withUserText(t.gapsComment, userText(clip(comment, GAP_LINE_CHARS))) } : {}),
    };
  });
}

/** Shows as many groups per section as fit the size limit (pathological text escapes to twice its length). */
export function gapsCard(report: GapReport, lang: Lang, days: number, tabUrl?: string): AdaptiveCard {
  const t = escalationText[lang];
  const most = Math.max(report.unanswered.length, report.downvoted.length);
  const counts = most ? [most, 8, 6, 4, 2, 1].filter((n, i, all) => n <= most && all.indexOf(n) === i) : [0];
  return fitCard(
    (n) =>
      gapsTemplate.expand({
        title: t.gapsTitle(days),
        none: t.gapsNone,
        unanswered: { label: t.gapsUnanswered, groups: gapLines(report.unanswered.slice(0, n), lang, false) },
        downvoted: { label: t.gapsDownvoted, groups: gapLines(report.downvoted.slice(0, n), lang, true) },
        more: t.gapsMore,
        ...(tabUrl ? { tab: { title: t.openGapsInTab, url: tabUrl } } : {}),
      }),
    counts,
  );
}

// ---------------------------------------------------------------- the asker's own questions

const MY_TICKET_TEXT_CHARS = 400;

function progressText(ticket: Ticket, lang: Lang): string {
  const t = escalationText[lang];
  if (ticket.state === 'open') return t.waitingForExpert;
  if (ticket.state === 'assigned') return t.expertWorking;
  return '';
}

/** One ticket as its asker sees it: reference, state, when it was sent, the question and the answer (or why it was closed). */
function myTicketData(ticket: Ticket, lang: Lang): MyTicketData {
  const t = escalationText[lang];
  const shown = (value: string) => userText(clip(value, MY_TICKET_TEXT_CHARS));
  const outcome =
    ticket.answer !== null
      ? { outcome: labelled(t.answerHeading, shown(ticket.answer)) }
      : ticket.state === 'closed'
        ? { outcome: ticket.closeReason ? withUserText(t.closedReason, shown(ticket.closeReason)) : t.closedBody }
        : { progress: progressText(ticket, lang) };
  return {
    ref: ticket.ref,
    sent: t.ticketSent(formatDate(ticket.createdAt, lang)),
    state: { name: stateName(ticket.state, lang), color: STATE_COLOR[ticket.state] },
    yourQuestion: withUserText(t.yourQuestion, shown(ticket.question)),
    ...outcome,
  };
}

/** "omat kysymykseni": the asker's tickets with state and answer, newest first. */
export function myTicketsCard(lang: Lang, tickets: Ticket[], options: { limited: boolean; title?: string }): AdaptiveCard {
  const t = escalationText[lang];
  return fitCard(
    (n) =>
      myTicketsTemplate.expand({
        title: options.title ?? t.myTicketsTitle,
        ...(tickets.length ? {} : { none: t.myTicketsNone }),
        tickets: tickets.slice(0, n).map((ticket) => myTicketData(ticket, lang)),
        ...(options.limited || n < tickets.length ? { more: t.myTicketsMore(Math.min(n, tickets.length)) } : {}),
      }),
    [tickets.length, 5, 2, 1].filter((n, i, all) => n > 0 && all.indexOf(n) === i).concat(tickets.length ? [] : [0]),
  );
}
