/** Card action verbs of the onboarding status, declared once (issue 14 item 10: `<feature>.<action>`, English). */
export const ONBOARDING_VERBS = {
  /** Show one institution's status card (the "did you mean" buttons). */
  show: 'onboarding.show',
} as const;

export type OnboardingVerb = (typeof ONBOARDING_VERBS)[keyof typeof ONBOARDING_VERBS];

/** Renamed verbs (old → new) that cards posted before the rename still send. None renamed so far. */
export const LEGACY_VERB_ALIASES: Readonly<Record<string, OnboardingVerb>> = Object.freeze({});

export const SHOW_STATUS_VERB = ONBOARDING_VERBS.show;
