/** Card action verbs of self-onboarding, declared once (issue 14 item 10: `<feature>.<action>`, English). */
export const MEMBERSHIP_VERBS = {
  request: 'membership.request',
  approve: 'membership.approve',
  reject: 'membership.reject',
} as const;

export type MembershipVerb = (typeof MEMBERSHIP_VERBS)[keyof typeof MEMBERSHIP_VERBS];

/** Renamed verbs (old → new) that cards posted before the rename still send. None renamed so far. */
export const LEGACY_VERB_ALIASES: Readonly<Record<string, MembershipVerb>> = Object.freeze({});
