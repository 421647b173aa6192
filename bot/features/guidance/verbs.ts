import type { LegacyVerbAliases } from '../verb-aliases.js';

/**
 * Every card action verb of guidance answers and their escalation half, declared once (issue 14 item 10:
 * `<feature>.<action>`, English, kebab-case actions). The cards put these in their buttons and the
 * handlers register them (with their old names, see LEGACY_VERB_ALIASES).
 */
export const GUIDANCE_VERBS = {
  /** Open an article as an answer card (suggestion and "see also" buttons). */
  show: 'guidance.show',
  vote: 'guidance.vote',
  askOph: 'guidance.ask-oph',
  voteComment: 'guidance.vote-comment',
  ticketCreate: 'guidance.ticket-create',
  ticketAssign: 'guidance.ticket-assign',
  ticketAnswer: 'guidance.ticket-answer',
  ticketClose: 'guidance.ticket-close',
} as const;

/** The scheme's name for the list of a feature's verbs (test/unit/core/verb-aliases.test.ts reads every feature's). */
export const VERBS = GUIDANCE_VERBS;

/**
 * Renamed verbs (old → new): ticket cards already posted in the expert channel, and ask-OPH confirm cards in
 * chats, still send the dotted `guidance.ticket.*` names, so those stay registered as the new ones.
 */
export const LEGACY_VERB_ALIASES: LegacyVerbAliases = {
  'guidance.ticket.create': GUIDANCE_VERBS.ticketCreate,
  'guidance.ticket.assign': GUIDANCE_VERBS.ticketAssign,
  'guidance.ticket.answer': GUIDANCE_VERBS.ticketAnswer,
  'guidance.ticket.close': GUIDANCE_VERBS.ticketClose,
};

export const VERB_SHOW = GUIDANCE_VERBS.show;
export const VERB_VOTE = GUIDANCE_VERBS.vote;
export const VERB_ASK_OPH = GUIDANCE_VERBS.askOph;
export const VERB_VOTE_COMMENT = GUIDANCE_VERBS.voteComment;
export const VERB_TICKET_CREATE = GUIDANCE_VERBS.ticketCreate;
export const VERB_TICKET_ASSIGN = GUIDANCE_VERBS.ticketAssign;
export const VERB_TICKET_ANSWER = GUIDANCE_VERBS.ticketAnswer;
export const VERB_TICKET_CLOSE = GUIDANCE_VERBS.ticketClose;
