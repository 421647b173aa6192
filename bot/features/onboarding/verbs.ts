import type { LegacyVerbAliases } from '../verb-aliases.js';

/** Card action verbs of the onboarding status, declared once (issue 14 item 10: `<feature>.<action>`, English). */
export const ONBOARDING_VERBS = {
  /** Show one institution's status card (the "did you mean" buttons). */
  show: 'onboarding.show',
} as const;

/** The scheme's name for the list of a feature's verbs (test/unit/core/verb-aliases.test.ts reads every feature's). */
export const VERBS = ONBOARDING_VERBS;

/** Renamed verbs (old → new) that cards posted before the rename still send: none, the verbs already followed the scheme. */
export const LEGACY_VERB_ALIASES: LegacyVerbAliases = {};

export const SHOW_STATUS_VERB = ONBOARDING_VERBS.show;
