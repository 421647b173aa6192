/**
 * Cards of the escalation half: vote thanks and comment, the ask-OPH confirm card, the expert's ticket
 * card, the answer the asker receives, and the knowledge-gap overview. Questions, answers, comments
 * and names are user text: they enter a card only through userText() (input `value`s excepted, which
 * Teams shows verbatim and never renders as Markdown).
 */
import { execute, facts, heading, makeCard, text, userText, type AdaptiveCard, type CardAction, type CardElement } from '../../../cards/card.js';
import { isLang, type Lang } from '../../../i18n/index.js';
import type { GapGroup, GapReport, Ticket, TicketState } from '../../../store/guidance-repository.js';
import { escalationText } from './i18n.js';
import { MAX_ANSWER, MAX_COMMENT, MAX_TICKET_QUESTION } from './schemas.js';
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
const actionSet = (actions: CardAction[]): CardElement => ({ type: 'ActionSet', actions });

/** Paragraphs of user text as separate blocks, so line structure survives without Markdown. */
function paragraphs(value: string): CardElement[] {
  return value
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => text(userText(p)));
}

// ---------------------------------------------------------------- votes

export function voteThanksCard(lang: Lang, options: { vote: 'up' | 'down'; voteId: string; replaced: boolean; masked: boolean }): AdaptiveCard {
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

export function askConfirmCard(lang: Lang, options: { question: string; articleId?: string | undefined; formId: string; masked: boolean }): AdaptiveCard {
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
    text(inThread ? t.answerComesToThread : t.answerComesToChat),
    subtle(t.yourQuestion(userText(ticket.question))),
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
export function ticketCard(ticket: Ticket, lang: Lang, notices: string[] = []): AdaptiveCard {
  const t = escalationText[lang];
  const who = (name: string | null | undefined) => (name ? userText(name) : t.unknownPerson);
  const key = { ticketId: ticket.id, version: ticket.version };
  const rows: Array<[string, string]> = [[t.factAsker, who(ticket.asker.name)]];
  if (ticket.institutionNames) rows.push([t.factInstitution, userText(ticket.institutionNames[lang])]);
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
    { type: 'Container', style: 'emphasis', items: paragraphs(ticket.question) },
    facts(rows),
  ];
  if (ticket.answer !== null) {
    body.push(text(t.answerHeading, { weight: 'Bolder', spacing: 'Medium' }), ...paragraphs(ticket.answer));
    if (ticket.answeredBy && ticket.answeredAt) {
      body.push(subtle(`${t.factAnsweredBy}: ${who(ticket.answeredBy.name)}, ${formatDateTime(ticket.answeredAt, lang)}`));
    }
    const delivered = deliveryText(ticket, lang);
    if (delivered) body.push(ticket.delivery === 'failed' ? notice(delivered) : subtle(delivered));
  }
  if (ticket.state === 'closed' && ticket.closedAt) {
    body.push(subtle(`${t.factClosedBy}: ${who(ticket.closedByName)}, ${formatDateTime(ticket.closedAt, lang)}`));
  }

  const actions: CardAction[] = [];
  if (ticket.state === 'open') {
    actions.push(execute(t.assign, VERB_TICKET_ASSIGN, key), execute(t.close, VERB_TICKET_CLOSE, key));
  } else if (ticket.state === 'assigned') {
    body.push(
      {
        type: 'Input.Text',
        id: 'answer',
        label: t.answerLabel,
        placeholder: t.answerPlaceholder,
        isMultiline: true,
        isRequired: true,
        errorMessage: t.answerRequired,
        maxLength: MAX_ANSWER,
      },
      { type: 'Input.Toggle', id: 'addToKb', title: t.addToKb, value: 'false', valueOn: 'true', valueOff: 'false' },
    );
    actions.push(execute(t.sendAnswer, VERB_TICKET_ANSWER, key), execute(t.close, VERB_TICKET_CLOSE, key));
  } else if (ticket.state === 'answered') {
    actions.push(execute(t.close, VERB_TICKET_CLOSE, key));
  }
  return makeCard(body, actions);
}

// ---------------------------------------------------------------- what the asker receives

export function answerDeliveryCard(ticket: Ticket, lang: Lang): AdaptiveCard {
  const t = escalationText[lang];
  return makeCard([
    heading(t.answerCardTitle(ticket.ref)),
    subtle(t.yourQuestion(userText(ticket.question))),
    ...paragraphs(ticket.answer ?? ''),
    subtle(t.answeredByOph),
  ]);
}

export function closedWithoutAnswerCard(ticket: Ticket, lang: Lang): AdaptiveCard {
  const t = escalationText[lang];
  return makeCard([heading(t.closedTitle(ticket.ref)), subtle(t.yourQuestion(userText(ticket.question))), text(t.closedBody)]);
}

// ---------------------------------------------------------------- knowledge gaps

/** Longest question shown per line on the card; the CSV has the full text. */
const GAP_LINE_CHARS = 200;

function gapLines(groups: GapGroup[], lang: Lang, withComments: boolean): CardElement[] {
  const t = escalationText[lang];
  if (!groups.length) return [subtle(t.gapsNone)];
  return groups.map((g) => {
    const question = g.question.length > GAP_LINE_CHARS ? `${g.question.slice(0, GAP_LINE_CHARS - 1)}…` : g.question;
    const items: CardElement[] = [
      text(`**${g.count}×** ${userText(question)}`, { spacing: 'Small' }),
      subtle([t.gapsLatest(formatDate(g.lastAt, lang)), g.langs.join('/'), ...g.articleIds.slice(0, 3)].filter(Boolean).join(' · ')),
    ];
    const comment = withComments ? g.comments[0] : undefined;
    if (comment) items.push(subtle(t.gapsComment(userText(comment.length > GAP_LINE_CHARS ? `${comment.slice(0, GAP_LINE_CHARS - 1)}…` : comment))));
    return { type: 'Container', spacing: 'Small', items };
  });
}

export function gapsCard(report: GapReport, lang: Lang, days: number): AdaptiveCard {
  const t = escalationText[lang];
  return makeCard([
    heading(t.gapsTitle(days)),
    text(t.gapsUnanswered, { weight: 'Bolder', spacing: 'Medium' }),
    ...gapLines(report.unanswered, lang, false),
    text(t.gapsDownvoted, { weight: 'Bolder', spacing: 'Medium' }),
    ...gapLines(report.downvoted, lang, true),
    subtle(t.gapsMore),
  ]);
}
