// Table row types owned by the onboarding capability (filled by it).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OnboardingTables {}
