// Table row types owned by the onboarding capability.

/** One row per institution: the integration plan and OPH's official milestones. Dates are YYYY-MM-DD text. */
export interface OnboardingStatusTable {
  institution_id: string;
  /** yleistunniste | oppija_controller | ui_only */
  route: string | null;
  /** peppi | sisu | visma_primus | own | other */
  vendor: string | null;
  system_name: string | null;
  test_account_requested: string | null;
  test_account_received: string | null;
  joining_notification_submitted: string | null;
  joining_notification_processed: string | null;
  go_live_date: string | null;
  /** Bumped on every change: optimistic concurrency for two editors at once. */
  version: number;
  updated_at: string;
}

/** The seven joining steps per institution. */
export interface OnboardingStepsTable {
  institution_id: string;
  step: number;
  /** not_started | in_progress | done | not_applicable */
  status: string;
  date: string | null;
  responsible: string | null;
  note: string | null;
  updated_at: string;
}

/** Every change to a status or step field: who, when, which field, old → new. */
export interface OnboardingHistoryTable {
  id: string;
  institution_id: string;
  /** Groups the field changes of one save. */
  change_set: string;
  /** The institution's status version this save produced: orders saves even within one millisecond. */
  version: number;
  /** Order of the field within its change set. */
  seq: number;
  changed_at: string;
  actor_tenant_id: string;
  actor_object_id: string;
  actor_name: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

export interface OnboardingTables {
  onboarding_status: OnboardingStatusTable;
  onboarding_steps: OnboardingStepsTable;
  onboarding_history: OnboardingHistoryTable;
}
