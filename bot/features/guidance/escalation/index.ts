/**
 * The escalation half of guidance answers: answer votes, "Ask OPH" tickets answered by OPH's experts
 * through the bot, and the knowledge-gap report. The search engine (../) renders the buttons and calls
 * `recordQuestion` for every question it could not answer confidently.
 */
import { authorize } from '../../../auth/authorize.js';
import type { Feature } from '../../types.js';
import type { EscalationDeps } from './deps.js';
import { gapsCard } from './cards.js';
import { DEFAULT_GAP_DAYS, daysFromCommand, loadGaps } from './gaps.js';
import { escalationText } from './i18n.js';
import { createQuestionRecorder, type RecordQuestion } from './record-question.js';
import { createTicketHandlers } from './tickets.js';
import { TICKET_REF_PATTERN } from './schemas.js';
import { GAPS_COMMANDS, MY_QUESTIONS_COMMANDS } from './verbs.js';
import { GUIDANCE_VERBS as VERBS, LEGACY_VERB_ALIASES } from '../verbs.js';
import { handleVote, handleVoteComment } from './votes.js';

export type { EscalationDeps } from './deps.js';
export type { QuestionRecord, RecordQuestion } from './record-question.js';
export { createQuestionRecorder } from './record-question.js';
export { escalationTabRoutes, type EscalationTabDeps } from './tab-routes.js';
export * from './verbs.js';

export interface EscalationFeature extends Feature {
  /** For the search engine: stores an unknown/suggest-band question (masked). Never throws. */
  recordQuestion: RecordQuestion;
  /**
   * Posts ticket cards that never reached the expert channel; returns how many were posted. Call it
   * after start-up and when the app is installed in the expert team.
   */
  repostUnpostedTickets(now?: Date): Promise<number>;
}

/** Groups shown per section on the gaps card; the tab API and CSV have the full list. */
const GAPS_ON_CARD = 10;

export function createEscalationFeature(deps: EscalationDeps): EscalationFeature {
  const tickets = createTicketHandlers(deps);
  const gapsDays = deps.gapsDays ?? DEFAULT_GAP_DAYS;
  return {
    name: 'guidance-escalation',
    // Renamed verbs keep answering as their new names, for cards already posted in Teams.
    legacyVerbs: LEGACY_VERB_ALIASES,
    recordQuestion: createQuestionRecorder({
      repository: deps.repository,
      logger: deps.logger,
      clock: deps.clock,
      batching: deps.questionBatching,
    }),
    repostUnpostedTickets: (now) => tickets.repostUnposted(now ?? (deps.clock ?? (() => new Date()))()),
    commands: [
      {
        names: GAPS_COMMANDS,
        async run(input) {
          authorize(input.user, 'view-knowledge-gaps');
          const days = daysFromCommand(input.text, gapsDays);
          const report = await loadGaps(deps.repository, input.now, days, GAPS_ON_CARD);
          return [
            {
              kind: 'card',
              card: gapsCard(report, input.lang, days, deps.tabLinks?.page('gaps')),
              summary: escalationText[input.lang].gapsSummary,
            },
          ];
        },
      },
      { names: MY_QUESTIONS_COMMANDS, run: (input) => tickets.mine(input) },
      // A typed ticket reference, alone or in a sentence ("mikä on KY-2026-0001 tilanne?").
      { names: [], pattern: TICKET_REF_PATTERN, run: (input) => tickets.byRef(input) },
    ],
    actions: [
      { verbs: [VERBS.vote], run: (input) => handleVote(deps, input) },
      { verbs: [VERBS.voteComment], run: (input) => handleVoteComment(deps, input) },
      { verbs: [VERBS.askOph], run: (input) => tickets.askOph(input) },
      { verbs: [VERBS.ticketCreate], run: (input) => tickets.create(input) },
      { verbs: [VERBS.ticketAssign], run: (input) => tickets.assign(input) },
      { verbs: [VERBS.ticketAnswer], run: (input) => tickets.answer(input) },
      { verbs: [VERBS.ticketClose], run: (input) => tickets.close(input) },
    ],
  };
}
