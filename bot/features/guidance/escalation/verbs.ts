/** The escalation half's card verbs are declared with guidance's own, in ../verbs.ts. */
export {
  VERB_ASK_OPH,
  VERB_TICKET_ANSWER,
  VERB_TICKET_ASSIGN,
  VERB_TICKET_CLOSE,
  VERB_TICKET_CREATE,
  VERB_VOTE,
  VERB_VOTE_COMMENT,
} from '../verbs.js';

/** Bot commands that show the knowledge-gap card (fi, sv, en). */
export const GAPS_COMMANDS = ['aukot', 'luckor', 'gaps', 'knowledge gaps'];

/** The asker's own questions to OPH (fi, sv, en). */
export const MY_QUESTIONS_COMMANDS = ['omat kysymykseni', 'kysymykseni', 'mina frågor', 'my questions'];
