import type { Logger } from '../../../log.js';
import type { Lang } from '../../../i18n/index.js';
import type { GuidanceRepository } from '../../../store/guidance-repository.js';
import type { Messenger } from '../../types.js';
import type { AdaptiveCard } from '../../../cards/card.js';
import type { Band } from '../bands.js';
import type { TabLinks } from '../../../cards/tab-links.js';
import type { QuestionBatching } from './record-question.js';

/** What the lead passes in (bot/app.ts). */
export interface EscalationDeps {
  repository: GuidanceRepository;
  messenger: Messenger;
  /** Conversation id of the experts' channel (EXPERT_CHANNEL, or the Playground team's General in local mode). */
  expertChannel(): Promise<string | null>;
  /** Language of the ticket cards in the expert channel (one card, shared by every expert). Default fi. */
  expertLang?: Lang;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Idempotency keys for rendered forms; injectable for tests. */
  newFormId?: () => string;
  /** Clock for recordQuestion (turn-driven handlers use TurnInput.now). */
  clock?: () => Date;
  /** Unanswered questions stored several per insert (record-question.ts); off unless set. */
  questionBatching?: QuestionBatching;
  /** Links into the tab (bot/cards/tab-links.ts): ticket and gaps cards open the tab's gaps page. Without it, no link. */
  tabLinks?: TabLinks;
  /** Window of the gaps command in days. Default 90. */
  gapsDays?: number;
  /**
   * The answer card of a KB article (guidance's renderAnswerCard): a vote keeps the answer on screen and
   * shows the vote in place. Without it (or for a removed article) a vote answers with a thank-you card.
   */
  renderAnswer?: (input: { articleId: string; lang: Lang; question: string; band: Band }) => AdaptiveCard | null;
}
