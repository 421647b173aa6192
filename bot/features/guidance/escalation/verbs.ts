/** Action.Execute verbs of the escalation half (the answer cards in ../cards.ts use the first two). */
export const VERB_VOTE = 'guidance.vote';
export const VERB_ASK_OPH = 'guidance.ask-oph';
export const VERB_VOTE_COMMENT = 'guidance.vote-comment';
export const VERB_TICKET_CREATE = 'guidance.ticket.create';
export const VERB_TICKET_ASSIGN = 'guidance.ticket.assign';
export const VERB_TICKET_ANSWER = 'guidance.ticket.answer';
export const VERB_TICKET_CLOSE = 'guidance.ticket.close';

/** Bot commands that show the knowledge-gap card (fi, sv, en). */
export const GAPS_COMMANDS = ['aukot', 'luckor', 'gaps', 'knowledge gaps'];

/** The asker's own questions to OPH (fi, sv, en). */
export const MY_QUESTIONS_COMMANDS = ['omat kysymykseni', 'kysymykseni', 'mina frågor', 'my questions'];
