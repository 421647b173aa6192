/**
 * The tab's onboarding API (`/api/tab/institutions…`, `/summary`): what the browser receives, written
 * out on its own so a change to a database row or a service type cannot silently change the contract.
 * bot/features/onboarding/tab-routes.ts maps the service's records to these.
 */
import type { EditScope, InstitutionType, IntegrationRoute, StepStatus, VendorSystem } from '../features/onboarding/model.js';

export interface ApiInstitutionInfo {
  id: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  organisationOid: string;
  type: InstitutionType;
}

export interface ApiStep {
  step: number;
  status: StepStatus;
  /** YYYY-MM-DD */
  date: string | null;
  responsible: string | null;
  note: string | null;
  updatedAt: string | null;
}

export interface ApiStepArticle {
  step: number;
  key: string;
  title: string;
  url: string;
}

/** An institution's plan and OPH's official milestones (dates YYYY-MM-DD). */
export interface ApiStatusFields {
  route: IntegrationRoute | null;
  vendor: VendorSystem | null;
  systemName: string | null;
  testAccountRequested: string | null;
  testAccountReceived: string | null;
  joiningNotificationSubmitted: string | null;
  joiningNotificationProcessed: string | null;
  goLiveDate: string | null;
}

/** `GET /institutions/:id`: one institution's plan, official milestones, steps and what the viewer may edit. */
export interface ApiInstitutionDetail extends ApiStatusFields {
  institution: ApiInstitutionInfo;
  version: number;
  updatedAt: string | null;
  /** Always seven entries, step 1 first. */
  steps: ApiStep[];
  currentStep: number;
  progress: number;
  live: boolean;
  editScope: EditScope;
  articles: ApiStepArticle[];
}

/** One change in an institution's history: who by display name only (ids stay on the server). */
export interface ApiHistoryEntry {
  id: string;
  institutionId: string;
  changeSet: string;
  changedAt: string;
  actor: { displayName: string };
  /** A status field name (e.g. `goLiveDate`) or `step<N>.<field>` (e.g. `step3.status`). */
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

/** `PATCH /institutions/:id` */
export interface ApiInstitutionUpdate {
  institution: ApiInstitutionDetail;
  changes: ApiHistoryEntry[];
  masked: boolean;
}

/** A row of `GET /institutions` (the overview table), built by the onboarding service from the records. */
export interface ApiOverviewRow extends ApiInstitutionInfo {
  route: IntegrationRoute | null;
  vendor: VendorSystem | null;
  systemName: string | null;
  currentStep: number;
  progress: number;
  stepStatuses: StepStatus[];
  goLiveDate: string | null;
  live: boolean;
  updatedAt: string | null;
}

export interface ApiOverview {
  items: ApiOverviewRow[];
  total: number;
}

/** `GET /summary`: the overview's chart figures, computed by the onboarding service. */
export interface ApiSummary {
  total: number;
  /** How many institutions are at each step now (index 0 = step 1). */
  atStep: number[];
  completed: number;
  live: number;
  byRoute: Record<IntegrationRoute | 'none', number>;
  byVendor: Record<VendorSystem | 'none', number>;
  /** Go-lives per calendar month (YYYY-MM), every month between the first and the last date. */
  liveByMonth: Array<{ month: string; live: number; planned: number }>;
  /** Today in Finland, YYYY-MM-DD. */
  today: string;
}
