import type { LegacyVerbAliases } from '../verb-aliases.js';

/** Card action verbs of self-onboarding, declared once (issue 14 item 10: `<feature>.<action>`, English). */
export const MEMBERSHIP_VERBS = {
  request: 'membership.request',
  approve: 'membership.approve',
  reject: 'membership.reject',
} as const;

/** The scheme's name for the list of a feature's verbs (test/unit/core/verb-aliases.test.ts reads every feature's). */
export const VERBS = MEMBERSHIP_VERBS;

/** Renamed verbs (old → new) that cards posted before the rename still send: none, the verbs already followed the scheme. */
export const LEGACY_VERB_ALIASES: LegacyVerbAliases = {};
