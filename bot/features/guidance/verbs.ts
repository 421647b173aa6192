/**
 * Every card action verb of guidance answers and their escalation half, declared once (issue 14 item 10:
 * `<feature>.<action>`, English). The cards put these in their buttons and the handlers register them.
 * `guidance.ticket.*` keeps its dotted action: ticket cards already posted in expert channels carry it.
 */
export const GUIDANCE_VERBS = {
  /** Open an article as an answer card (suggestion and "see also" buttons). */
  show: 'guidance.show',
  vote: 'guidance.vote',
  askOph: 'guidance.ask-oph',
  voteComment: 'guidance.vote-comment',
  ticketCreate: 'guidance.ticket.create',
  ticketAssign: 'guidance.ticket.assign',
  ticketAnswer: 'guidance.ticket.answer',
  ticketClose: 'guidance.ticket.close',
} as const;

export type GuidanceVerb = (typeof GUIDANCE_VERBS)[keyof typeof GUIDANCE_VERBS];

/** Renamed verbs (old → new) that cards posted before the rename still send. None renamed so far. */
export const LEGACY_VERB_ALIASES: Readonly<Record<string, GuidanceVerb>> = Object.freeze({});

export const VERB_SHOW = GUIDANCE_VERBS.show;
export const VERB_VOTE = GUIDANCE_VERBS.vote;
export const VERB_ASK_OPH = GUIDANCE_VERBS.askOph;
export const VERB_VOTE_COMMENT = GUIDANCE_VERBS.voteComment;
export const VERB_TICKET_CREATE = GUIDANCE_VERBS.ticketCreate;
export const VERB_TICKET_ASSIGN = GUIDANCE_VERBS.ticketAssign;
export const VERB_TICKET_ANSWER = GUIDANCE_VERBS.ticketAnswer;
export const VERB_TICKET_CLOSE = GUIDANCE_VERBS.ticketClose;
