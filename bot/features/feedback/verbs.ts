import type { LegacyVerbAliases } from '../verb-aliases.js';

/** Action.Execute verbs of feedback (and the Action.Submit fallback's `verb`), declared once. */
export const VERBS = {
  open: 'feedback.open',
  submit: 'feedback.submit',
  list: 'feedback.list',
  view: 'feedback.view',
  vote: 'feedback.vote',
  unvote: 'feedback.unvote',
  comment: 'feedback.comment',
  status: 'feedback.status',
  merge: 'feedback.merge',
} as const;

/** Feedback's verbs already followed `<feature>.<action>`: nothing was renamed. */
export const LEGACY_VERB_ALIASES: LegacyVerbAliases = {};
