/**
 * Guidance answers: the KB loader and search engine, the three answer bands and their cards, and the
 * Feature the router calls. The escalation half (votes, ask-OPH tickets, knowledge gaps) lives in
 * ./escalation and plugs in through `recordQuestion` and the card verbs exported here.
 */
export {
  createGuidanceEngine,
  type GuidanceAnswer,
  type GuidanceEngine,
  type GuidanceEngineOptions,
  type ReloadSummary,
} from './engine.js';
export {
  createGuidanceFeature,
  renderAnswerCard,
  RELOAD_COMMANDS,
  type AnswerToRender,
  type GuidanceFeature,
  type GuidanceFeatureDeps,
  type QuestionToRecord,
} from './feature.js';
export { KnowledgeBaseError, loadKnowledgeBase, type Article, type KnowledgeBase } from './kb-loader.js';
export { DEFAULT_THRESHOLDS, type Band, type Thresholds } from './bands.js';
export { type AskOphData, type ShowData, type VoteData } from './cards.js';
export { GUIDANCE_VERBS, LEGACY_VERB_ALIASES as GUIDANCE_LEGACY_VERB_ALIASES, VERB_ASK_OPH, VERB_SHOW, VERB_VOTE } from './verbs.js';
export { CUSTOMER_SERVICE_EMAIL } from './i18n.js';
