/**
 * The onboarding vocabulary shared by the server and the tab front end (bundled into dist/tab):
 * no Node imports here, only constants and pure functions.
 */
import type {
  InstitutionType,
  IntegrationRoute,
  StatusField,
  StepField,
  StepStatus,
  VendorSystem,
} from '../../store/onboarding-repository.js';

export type { InstitutionType, IntegrationRoute, StatusField, StepField, StepStatus, VendorSystem };

export const STEP_NUMBERS = [1, 2, 3, 4, 5, 6, 7] as const;
export type StepNumber = (typeof STEP_NUMBERS)[number];
/** "Step" 8 means every step is done or not applicable. */
export const COMPLETED_STEP = 8;

export const STEP_STATUSES = ['not_started', 'in_progress', 'done', 'not_applicable'] as const satisfies readonly StepStatus[];
export const ROUTES = ['yleistunniste', 'oppija_controller', 'ui_only'] as const satisfies readonly IntegrationRoute[];
export const VENDORS = ['peppi', 'sisu', 'visma_primus', 'own', 'other'] as const satisfies readonly VendorSystem[];
export const INSTITUTION_TYPES = ['university', 'uas', 'other'] as const satisfies readonly InstitutionType[];

// Compile-time proof the arrays list every member of the stored unions.
type Missing<Union, List extends readonly unknown[]> = Exclude<Union, List[number]>;
const exhaustive: [
  Missing<StepStatus, typeof STEP_STATUSES>,
  Missing<IntegrationRoute, typeof ROUTES>,
  Missing<VendorSystem, typeof VENDORS>,
  Missing<InstitutionType, typeof INSTITUTION_TYPES>,
] extends [never, never, never, never]
  ? true
  : false = true;
void exhaustive;

/** Guidance page per step: the knowledge-base article id (= pages.json key) and its canonical URL. */
export const STEP_ARTICLES: Readonly<Record<StepNumber, { key: string; url: string }>> = {
  1: { key: 'vaihe-1-kenelle', url: 'https://wiki.eduuni.fi/display/OPHPALV/1.+Kenelle+oppijanumeron+voi+hakea' },
  2: { key: 'vaihe-2-tietosisallot', url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=439551624' },
  3: { key: 'vaihe-3-organisoituminen', url: 'https://wiki.eduuni.fi/display/OPHPALV/3.+Organisoituminen+ja+vastuut' },
  4: { key: 'vaihe-4-integraatio', url: 'https://wiki.eduuni.fi/display/OPHPALV/4.+Integraation+toteutus+ja+testaus' },
  5: { key: 'vaihe-5-kayttoehdot', url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=404882673' },
  6: { key: 'vaihe-6-kayttoonotto', url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=439551658' },
  7: { key: 'vaihe-7-palaute', url: 'https://wiki.eduuni.fi/display/OPHPALV/7.+Palaute+ja+kehitysehdotukset' },
};

export function isStepNumber(value: number): value is StepNumber {
  return Number.isInteger(value) && value >= 1 && value <= 7;
}

export function isStepClosed(status: StepStatus): boolean {
  return status === 'done' || status === 'not_applicable';
}

/** The first step not yet done (or not applicable); COMPLETED_STEP when every step is closed. */
export function currentStep(steps: Readonly<Array<{ step: number; status: StepStatus }>>): number {
  const open = [...steps].sort((a, b) => a.step - b.step).find((s) => !isStepClosed(s.status));
  return open ? open.step : COMPLETED_STEP;
}

/** Share of closed steps, 0–100, rounded. */
export function progressPercent(steps: Readonly<Array<{ status: StepStatus }>>): number {
  if (!steps.length) return 0;
  return Math.round((steps.filter((s) => isStepClosed(s.status)).length / steps.length) * 100);
}

/** Live = a go-live date that is today or earlier (a future date is a plan). */
export function isLive(goLiveDate: string | null, today: string): boolean {
  return Boolean(goLiveDate && goLiveDate <= today);
}

// Who may edit what. The server enforces this; the tab uses the same lists to enable inputs.
export type EditScope = 'all' | 'plan' | 'none';

/** Status fields an institution's own admin may set (its plan). Everything else is OPH's official record. */
export const PLAN_STATUS_FIELDS: readonly StatusField[] = [
  'route',
  'vendor',
  'systemName',
  'testAccountRequested',
  'joiningNotificationSubmitted',
];
export const OFFICIAL_STATUS_FIELDS: readonly StatusField[] = ['testAccountReceived', 'joiningNotificationProcessed', 'goLiveDate'];
/** Steps whose status, date and note belong to the institution's plan; later steps are recorded by OPH. */
export const PLAN_STEPS: readonly number[] = [1, 2, 3, 4];

export function canEditStatusField(scope: EditScope, field: StatusField): boolean {
  return scope === 'all' || (scope === 'plan' && PLAN_STATUS_FIELDS.includes(field));
}

export function canEditStepField(scope: EditScope, step: number, field: StepField): boolean {
  if (scope === 'all') return true;
  if (scope !== 'plan') return false;
  // Naming the responsible person is the institution's own business at every step.
  return field === 'responsible' || PLAN_STEPS.includes(step);
}

export const MAX_LENGTHS = { systemName: 120, responsible: 200, note: 2000, displayName: 200 } as const;
