/**
 * Cards of the escalation half: vote thanks and comment, the ask-OPH confirm card, the expert's ticket
 * card, the answer the asker receives, and the knowledge-gap overview. Questions, answers, comments
 * and names are user text: they enter a card only through userText() (input `value`s excepted, which
 * Teams shows verbatim and never renders as Markdown).
 */
import {
  execute,
  facts,
  heading,
  makeCard,
  openUrl,
  text,
  userText,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from '../../../cards/card.js';
import { AppError } from '../../../errors.js';
import { isLang, type Lang } from '../../../i18n/index.js';
import type { GapGroup, GapReport, Ticket, TicketState } from '../../../store/guidance-repository.js';
import { escalationText } from './i18n.js';
import { MAX_ANSWER, MAX_CLOSE_REASON, MAX_COMMENT, MAX_TICKET_QUESTION } from './schemas.js';
import { VERB_TICKET_ANSWER, VERB_TICKET_ASSIGN, VERB_TICKET_CLOSE, VERB_TICKET_CREATE, VERB_VOTE_COMMENT } from './verbs.js';

const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** Helsinki wall-clock time: the experts and askers are in Finland whatever the server's zone. */
export function formatDateTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'Europe/Helsinki', dateStyle: 'short', timeStyle: 'short' }).format(date);
}

export function formatDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'Europe/Helsinki', dateStyle: 'short' }).format(date);
}

const subtle = (value: string): CardElement => text(value, { isSubtle: true, size: 'Small', spacing: 'Small' });
const notice = (value: string): CardElement => text(value, { color: 'Attention', size: 'Small' });

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
function paragraphs(value: string): CardElement[] {
  const parts = value
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const head = parts.slice(0, MAX_BLOCKS - 1);
  const tail = parts.slice(MAX_BLOCKS - 1);
  if (tail.length) head.push(tail.join('\n\n'));
  return head.map((p) => text(userText(p)));
}

// ---------------------------------------------------------------- votes

export function voteThanksCard(
  lang: Lang,
  options: { vote: 'up' | 'down'; voteId: string; replaced: boolean; masked: boolean },
): AdaptiveCard {
  const t = escalationText[lang];
  const body: CardElement[] = [];
  if (options.masked) body.push(notice(t.maskedNotice));
  if (options.vote === 'up') {
    body.push(text(t.voteThanksUp));
    if (options.replaced) body.push(subtle(t.voteReplaced));
    return makeCard(body);
  }
  body.push(text(t.voteThanksDown));
  if (options.replaced) body.push(subtle(t.voteReplaced));
  body.push(
    {
      type: 'Input.Text',
      id: 'comment',
      label: t.commentLabel,
      placeholder: t.commentPlaceholder,
      isMultiline: true,
      maxLength: MAX_COMMENT,
    },
    subtle(t.noPersonalData),
  );
  return makeCard(body, [execute(t.commentSend, VERB_VOTE_COMMENT, { voteId: options.voteId })]);
}

export function commentThanksCard(lang: Lang, options: { stored: boolean; masked: boolean }): AdaptiveCard {
  const t = escalationText[lang];
  return makeCard([...(options.masked ? [notice(t.maskedNotice)] : []), text(options.stored ? t.commentThanks : t.commentEmpty)]);
}

// ---------------------------------------------------------------- asking OPH

export function askConfirmCard(
  lang: Lang,
  options: { question: string; articleId?: string | undefined; formId: string; masked: boolean },
): AdaptiveCard {
  const t = escalationText[lang];
  return makeCard(
    [
      heading(t.askTitle),
      ...(options.masked ? [notice(t.maskedNotice)] : []),
      text(t.askIntro),
      {
        type: 'Input.Text',
        id: 'question',
        label: t.questionLabel,
        // An input's value is shown as typed (no Markdown), so it needs no userText().
        value: options.question.slice(0, MAX_TICKET_QUESTION),
        isMultiline: true,
        isRequired: true,
        errorMessage: t.questionRequired,
        maxLength: MAX_TICKET_QUESTION,
      },
      subtle(t.noPersonalData),
    ],
    [execute(t.askSend, VERB_TICKET_CREATE, { formId: options.formId, ...(options.articleId ? { articleId: options.articleId } : {}) })],
  );
}

export function ticketCreatedCard(lang: Lang, ticket: Ticket, options: { duplicate: boolean; masked: boolean }): AdaptiveCard {
  const t = escalationText[lang];
  const inThread = ticket.conversationKind === 'channel' && ticket.threadRootId !== null;
  return makeCard([
    heading(t.ticketCreatedTitle(ticket.ref)),
    ...(options.masked ? [notice(t.maskedNotice)] : []),
    ...(options.duplicate ? [subtle(t.ticketAlreadySent(ticket.ref))] : []),
    // Honest about where the question is: stored but not passed on when no expert channel exists.
    ...(ticket.expertPostState === 'none' ? [notice(t.notPostedYet)] : [text(inThread ? t.answerComesToThread : t.answerComesToChat), text(t.nextSteps)]),
    subtle(t.yourQuestion(userText(ticket.question))),
    subtle(t.followHint),
  ]);
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

export function deliveryText(ticket: Ticket, lang: Lang): string | null {
  const t = escalationText[lang];
  switch (ticket.delivery) {
    case 'thread':
      return t.deliveryThread;
    case 'chat':
      return t.deliveryChat;
    case 'personal':
      return t.deliveryPersonal;
    case 'failed':
      return t.deliveryFailed;
    default:
      return null;
  }
}

/**
 * The ticket as the experts see it in their channel; one language for everyone in the channel. The
 * buttons carry the version shown, so an action on an outdated card is refused and answered with the
 * current state.
 */
export function ticketCard(ticket: Ticket, lang: Lang, notices: string[] = [], tabUrl?: string): AdaptiveCard {
  return fitCard((budget) => buildTicketCard(ticket, lang, notices, budget, tabUrl), [Number.POSITIVE_INFINITY, 1500, 600, 200]);
}

/** Longest name shown; display names come from Teams and are not ours to trust in length. */
const MAX_NAME_CHARS = 100;

function buildTicketCard(ticket: Ticket, lang: Lang, notices: string[], budget: number, tabUrl: string | undefined): AdaptiveCard {
  const t = escalationText[lang];
  const who = (name: string | null | undefined) => (name ? userText(clip(name, MAX_NAME_CHARS)) : t.unknownPerson);
  // The card's language rides along, so an expert's refusals and notices come in the card's language.
  const key = { ticketId: ticket.id, version: ticket.version, lang };
  const rows: Array<[string, string]> = [[t.factAsker, who(ticket.asker.name)]];
  if (ticket.institutionNames) rows.push([t.factInstitution, userText(clip(ticket.institutionNames[lang], MAX_NAME_CHARS))]);
  rows.push([t.factLang, langName(ticket.lang, lang)], [t.factReceived, formatDateTime(ticket.createdAt, lang)]);
  if (ticket.articleId) rows.push([t.factArticle, userText(ticket.articleId)]);
  if (ticket.assignee) rows.push([t.factAssignee, who(ticket.assignee.name)]);

  const body: CardElement[] = [
    ...notices.map(notice),
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: [heading(t.ticketTitle(ticket.ref))] },
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'Center',
          items: [text(stateName(ticket.state, lang), { weight: 'Bolder', color: STATE_COLOR[ticket.state] })],
        },
      ],
    },
    { type: 'Container', style: 'emphasis', items: paragraphs(clip(ticket.question, budget)) },
    facts(rows),
  ];
  if (ticket.answer !== null) {
    body.push(text(t.answerHeading, { weight: 'Bolder', spacing: 'Medium' }), ...paragraphs(clip(ticket.answer, budget)));
    if (ticket.answeredBy && ticket.answeredAt) {
      body.push(subtle(`${t.factAnsweredBy}: ${who(ticket.answeredBy.name)}, ${formatDateTime(ticket.answeredAt, lang)}`));
    }
    const delivered = deliveryText(ticket, lang);
    if (delivered) body.push(ticket.delivery === 'failed' ? notice(delivered) : subtle(delivered));
  }
  if (ticket.state === 'closed' && ticket.closedAt) {
    body.push(subtle(`${t.factClosedBy}: ${who(ticket.closedByName)}, ${formatDateTime(ticket.closedAt, lang)}`));
    if (ticket.closeReason) body.push(subtle(`${t.factCloseReason}: ${userText(clip(ticket.closeReason, budget))}`));
  }

  const actions: CardAction[] = [];
  if (ticket.state === 'open') {
    actions.push(execute(t.assign, VERB_TICKET_ASSIGN, key), closeWithoutAnswerAction(lang, key));
  } else if (ticket.state === 'assigned') {
    body.push(
      {
        type: 'Input.Text',
        id: 'answer',
        label: t.answerLabel,
        placeholder: t.answerPlaceholder(langName(ticket.lang, lang)),
        isMultiline: true,
        isRequired: true,
        errorMessage: t.answerRequired,
        maxLength: MAX_ANSWER,
      },
      { type: 'Input.Toggle', id: 'addToKb', title: t.addToKb, value: 'false', valueOn: 'true', valueOff: 'false' },
    );
    actions.push(execute(t.sendAnswer, VERB_TICKET_ANSWER, key), closeWithoutAnswerAction(lang, key));
  } else if (ticket.state === 'answered') {
    actions.push(execute(t.close, VERB_TICKET_CLOSE, key));
  }
  // The tab's gaps page lists every ticket beside the knowledge gaps.
  if (tabUrl) actions.push(openUrl(t.openTicketsInTab, tabUrl));
  return makeCard(body, actions);
}

/**
 * Closing a question nobody answered is final for the asker, so it asks first: the button opens a
 * small form in the card that needs a reason, which the asker is told.
 */
function closeWithoutAnswerAction(lang: Lang, key: { ticketId: string; version: number; lang: Lang }): CardAction {
  const t = escalationText[lang];
  return {
    type: 'Action.ShowCard',
    title: t.closeWithoutAnswer,
    card: {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Input.Text',
          id: 'reason',
          label: t.closeReasonLabel,
          placeholder: t.closeReasonPlaceholder,
          isMultiline: true,
          isRequired: true,
          errorMessage: t.closeReasonRequired,
          maxLength: MAX_CLOSE_REASON,
        },
      ],
      actions: [execute(t.closeConfirm, VERB_TICKET_CLOSE, key, { style: 'destructive' })],
    },
  };
}

// ---------------------------------------------------------------- what the asker receives

/** The asker knows their question: a reminder of its start is enough beside the answer. */
const QUESTION_REMINDER_CHARS = 300;

export function answerDeliveryCard(ticket: Ticket, lang: Lang): AdaptiveCard {
  const t = escalationText[lang];
  return makeCard([
    heading(t.answerCardTitle(ticket.ref)),
    subtle(t.yourQuestion(userText(clip(ticket.question, QUESTION_REMINDER_CHARS)))),
    ...paragraphs(ticket.answer ?? ''),
    subtle(t.answeredByOph),
  ]);
}

export function closedWithoutAnswerCard(ticket: Ticket, lang: Lang): AdaptiveCard {
  const t = escalationText[lang];
  return makeCard([
    heading(t.closedTitle(ticket.ref)),
    subtle(t.yourQuestion(userText(clip(ticket.question, QUESTION_REMINDER_CHARS)))),
    ...(ticket.closeReason ? [text(t.closedReason(userText(ticket.closeReason)), { weight: 'Bolder' })] : []),
    text(t.closedBody),
  ]);
}

// ---------------------------------------------------------------- knowledge gaps

/** Longest question or comment shown per line on the card; the CSV has the full text. */
const GAP_LINE_CHARS = 200;
const GAP_ARTICLE_CHARS = 40;

function gapLines(groups: GapGroup[], lang: Lang, withComments: boolean): CardElement[] {
  const t = escalationText[lang];
  if (!groups.length) return [subtle(t.gapsNone)];
  return groups.map((g) => {
    const details = [
      t.gapsLatest(formatDate(g.lastAt, lang)),
      g.langs.join('/'),
      ...g.articleIds.slice(0, 3).map((a) => userText(clip(a, GAP_ARTICLE_CHARS))),
    ];
    const items: CardElement[] = [
      text(`**${g.count}×** ${userText(clip(g.question, GAP_LINE_CHARS))}`, { spacing: 'Small' }),
      subtle(details.filter(Boolean).join(' · ')),
    ];
    const comment = withComments ? g.comments[0] : undefined;
    if (comment) items.push(subtle(t.gapsComment(userText(clip(comment, GAP_LINE_CHARS)))));
    return { type: 'Container', spacing: 'Small', items };
  });
}

/** Shows as many groups per section as fit the size limit (pathological text escapes to twice its length). */
export function gapsCard(report: GapReport, lang: Lang, days: number, tabUrl?: string): AdaptiveCard {
  const t = escalationText[lang];
  const most = Math.max(report.unanswered.length, report.downvoted.length);
  const counts = most ? [most, 8, 6, 4, 2, 1].filter((n, i, all) => n <= most && all.indexOf(n) === i) : [0];
  return fitCard(
    (n) =>
      makeCard([
        heading(t.gapsTitle(days)),
        text(t.gapsUnanswered, { weight: 'Bolder', spacing: 'Medium' }),
        ...gapLines(report.unanswered.slice(0, n), lang, false),
        text(t.gapsDownvoted, { weight: 'Bolder', spacing: 'Medium' }),
        ...gapLines(report.downvoted.slice(0, n), lang, true),
        subtle(t.gapsMore),
      ], tabUrl ? [openUrl(t.openGapsInTab, tabUrl)] : []),
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
function myTicketItems(ticket: Ticket, lang: Lang): CardElement[] {
  const t = escalationText[lang];
  const items: CardElement[] = [
    {
      type: 'ColumnSet',
      spacing: 'Medium',
      separator: true,
      columns: [
        { type: 'Column', width: 'stretch', items: [text(`**${ticket.ref}** · ${t.ticketSent(formatDate(ticket.createdAt, lang))}`)] },
        { type: 'Column', width: 'auto', items: [text(stateName(ticket.state, lang), { weight: 'Bolder', color: STATE_COLOR[ticket.state] })] },
      ],
    },
    subtle(t.yourQuestion(userText(clip(ticket.question, MY_TICKET_TEXT_CHARS)))),
  ];
  if (ticket.answer !== null) {
    items.push(text(`${t.answerHeading}: ${userText(clip(ticket.answer, MY_TICKET_TEXT_CHARS))}`, { spacing: 'Small' }));
  } else if (ticket.state === 'closed') {
    items.push(text(ticket.closeReason ? t.closedReason(userText(clip(ticket.closeReason, MY_TICKET_TEXT_CHARS))) : t.closedBody, { spacing: 'Small' }));
  } else {
    items.push(text(progressText(ticket, lang), { spacing: 'Small', isSubtle: true }));
  }
  return items;
}

/** "omat kysymykseni": the asker's tickets with state and answer, newest first. */
export function myTicketsCard(lang: Lang, tickets: Ticket[], options: { limited: boolean; title?: string }): AdaptiveCard {
  const t = escalationText[lang];
  return fitCard(
    (n) =>
      makeCard([
        heading(options.title ?? t.myTicketsTitle),
        ...(tickets.length ? tickets.slice(0, n).flatMap((ticket) => myTicketItems(ticket, lang)) : [text(t.myTicketsNone)]),
        ...(options.limited || n < tickets.length ? [subtle(t.myTicketsMore(Math.min(n, tickets.length)))] : []),
      ]),
    [tickets.length, 5, 2, 1].filter((n, i, all) => n > 0 && all.indexOf(n) === i).concat(tickets.length ? [] : [0]),
  );
}
