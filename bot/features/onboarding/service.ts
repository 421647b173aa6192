/**
 * The onboarding use cases: plain functions of (user, input) over the repositories. The tab routes and
 * the bot command are thin adapters over these; every function authorises on the server.
 */
import type { TabLinks } from '../../cards/tab-links.js';
import { AppError } from '../../errors.js';
import { authorize } from '../../auth/authorize.js';
import { can, ROLES, type UserContext } from '../../auth/roles.js';
import type { Lang } from '../../i18n/index.js';
import { helsinkiDate } from '../../i18n/dates.js';
import { maskPersonalIds } from '../../privacy.js';
import type {
  Actor,
  HistoryEntry,
  InstitutionRecord,
  OnboardingChanges,
  OnboardingRepository,
  StatusField,
  StepChange,
} from '../../store/onboarding-repository.js';
import type { UsersRepository } from '../../store/users-repository.js';
import type { ApiOverviewRow, ApiSummary } from '../../tab-api/onboarding.js';

/**
 * A history entry as the tab receives it: who changed it by display name only. Tenant and object ids
 * identify a person across Microsoft services, so they stay on the server (issue 12).
 */
export type HistoryView = Omit<HistoryEntry, 'actor'> & { actor: { displayName: string } };

export function historyView(entry: HistoryEntry): HistoryView {
  return { ...entry, actor: { displayName: entry.actor.displayName } };
}
import {
  canEditStatusField,
  canEditStepField,
  COMPLETED_STEP,
  currentStep,
  INSTITUTION_TYPES,
  isLive,
  progressPercent,
  ROUTES,
  STEP_ARTICLES,
  STEP_NUMBERS,
  VENDORS,
  type EditScope,
  type StepNumber,
} from './model.js';
import { articleTitle, institutionName, routeLabel, statusLabel, stepName, tOnboarding, typeLabel, vendorLabel } from './i18n.js';
import { toCsv } from '../../csv.js';
import type { AdminUserBody, OverviewQuery, PatchBody, SortKey } from './schemas.js';

export interface GuidanceArticle {
  title: string;
  url: string;
}

export interface OnboardingDeps {
  repository: OnboardingRepository;
  users: UsersRepository;
  clock?: () => Date;
  /**
   * Title and URL of a knowledge-base article by id (e.g. from the guidance feature). When absent or
   * unknown, the built-in step titles and the pages.json URLs are used.
   */
  guidanceArticle?: (articleId: string, lang: Lang) => GuidanceArticle | undefined;
  /** Address of the status tab (a Teams deep link or the /tab/ URL) for "open the status view" buttons. */
  tabUrl?: string | undefined;
  /** Links to tab pages; when given, the status card opens that institution's page (bot/cards/tab-links.ts). */
  tabLinks?: TabLinks | undefined;
}

/** The overview's rows and figures are the tab API's own types: the service maps the records to them. */
export type OverviewRow = ApiOverviewRow;
export type Summary = ApiSummary;

export interface StepArticle extends GuidanceArticle {
  step: number;
  key: string;
}

export interface InstitutionDetail extends InstitutionRecord {
  currentStep: number;
  progress: number;
  live: boolean;
  editScope: EditScope;
  articles: StepArticle[];
}

/** Today's date in Finland (go-live dates are Finnish calendar dates). */
export function todayIn(clock: () => Date): string {
  return helsinkiDate(clock());
}

export function editScopeFor(user: UserContext, institutionId: string): EditScope {
  if (can(user, 'edit-any-institution')) return 'all';
  if (can(user, 'edit-own-institution-plan') && user.institutionId !== null && user.institutionId === institutionId) return 'plan';
  return 'none';
}

export function articleFor(deps: Pick<OnboardingDeps, 'guidanceArticle'>, step: StepNumber, lang: Lang): StepArticle {
  const { key, url } = STEP_ARTICLES[step];
  const fromKb = deps.guidanceArticle?.(key, lang);
  return { step, key, title: fromKb?.title || articleTitle(lang, step), url: fromKb?.url || url };
}

function toRow(record: InstitutionRecord, today: string): OverviewRow {
  return {
    id: record.institution.id,
    nameFi: record.institution.nameFi,
    nameSv: record.institution.nameSv,
    nameEn: record.institution.nameEn,
    organisationOid: record.institution.organisationOid,
    type: record.institution.type,
    route: record.route,
    vendor: record.vendor,
    systemName: record.systemName,
    currentStep: currentStep(record.steps),
    progress: progressPercent(record.steps),
    stepStatuses: record.steps.map((s) => s.status),
    goLiveDate: record.goLiveDate,
    live: isLive(record.goLiveDate, today),
    updatedAt: record.updatedAt,
  };
}

function actorOf(user: UserContext): Actor {
  return { tenantId: user.tenantId, objectId: user.objectId, displayName: user.displayName ?? '' };
}

/** Refuses the whole save if it names even one field outside the caller's scope (nothing is written). */
function assertPatchAllowed(scope: EditScope, body: PatchBody): void {
  if (scope === 'none') throw new AppError('FORBIDDEN', 'no edit rights for this institution');
  for (const key of Object.keys(body)) {
    if (key === 'steps' || key === 'expectedVersion') continue;
    if (!canEditStatusField(scope, key as StatusField)) throw new AppError('FORBIDDEN', 'official field');
  }
  for (const step of body.steps ?? []) {
    for (const key of Object.keys(step)) {
      if (key === 'step') continue;
      if (!canEditStepField(scope, step.step, key as 'status' | 'date' | 'responsible' | 'note')) {
        throw new AppError('FORBIDDEN', 'official step field');
      }
    }
  }
}

/** Henkilötunnus-shaped text never reaches the database; the caller is told it was masked. */
function maskChanges(body: PatchBody): { changes: OnboardingChanges; masked: boolean } {
  let masked = false;
  const mask = (value: string | null | undefined): string | null | undefined => {
    if (typeof value !== 'string') return value;
    const result = maskPersonalIds(value);
    masked ||= result.masked;
    return result.text;
  };
  const fields: Partial<Record<StatusField, string | null>> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'steps' || key === 'expectedVersion' || value === undefined) continue;
    fields[key as StatusField] = key === 'systemName' ? (mask(value as string | null) ?? null) : (value as string | null);
  }
  const steps: StepChange[] = (body.steps ?? []).map((s) => {
    const change: StepChange = { step: s.step };
    if (s.status !== undefined) change.status = s.status;
    if (s.date !== undefined) change.date = s.date;
    if (s.responsible !== undefined) change.responsible = mask(s.responsible) ?? null;
    if (s.note !== undefined) change.note = mask(s.note) ?? null;
    return change;
  });
  return { changes: { fields: fields as OnboardingChanges['fields'], steps }, masked };
}

const collators: Record<Lang, Intl.Collator> = {
  fi: new Intl.Collator('fi'),
  sv: new Intl.Collator('sv'),
  en: new Intl.Collator('en'),
};

function sortRows(rows: OverviewRow[], sort: SortKey, dir: 'asc' | 'desc', lang: Lang): OverviewRow[] {
  const collator = collators[lang];
  const name = (r: OverviewRow) => institutionName(lang, r);
  const nullsLast = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : collator.compare(a, b));
  const compare: Record<SortKey, (a: OverviewRow, b: OverviewRow) => number> = {
    name: (a, b) => collator.compare(name(a), name(b)),
    type: (a, b) => INSTITUTION_TYPES.indexOf(a.type) - INSTITUTION_TYPES.indexOf(b.type),
    progress: (a, b) => a.progress - b.progress,
    step: (a, b) => a.currentStep - b.currentStep,
    route: (a, b) => nullsLast(a.route, b.route),
    vendor: (a, b) => nullsLast(a.vendor, b.vendor),
    goLive: (a, b) => nullsLast(a.goLiveDate, b.goLiveDate),
  };
  const sign = dir === 'desc' ? -1 : 1;
  // Name breaks ties so the order is stable and predictable.
  return [...rows].sort((a, b) => sign * compare[sort](a, b) || collator.compare(name(a), name(b)));
}

export function createOnboardingService(deps: OnboardingDeps) {
  const clock = deps.clock ?? (() => new Date());
  const { repository, users } = deps;

  async function requireRecord(institutionId: string): Promise<InstitutionRecord> {
    const record = await repository.getRecord(institutionId);
    if (!record) throw new AppError('NOT_FOUND', 'institution not found');
    return record;
  }

  function detail(user: UserContext, record: InstitutionRecord): InstitutionDetail {
    return {
      ...record,
      currentStep: currentStep(record.steps),
      progress: progressPercent(record.steps),
      live: isLive(record.goLiveDate, todayIn(clock)),
      editScope: editScopeFor(user, record.institution.id),
      articles: STEP_NUMBERS.map((step) => articleFor(deps, step, user.lang)),
    };
  }

  const service = {
    async me(user: UserContext) {
      const institution = user.institutionId ? await repository.getRecord(user.institutionId) : undefined;
      return {
        tenantId: user.tenantId,
        objectId: user.objectId,
        displayName: user.displayName ?? '',
        role: user.role,
        lang: user.lang,
        institution: institution
          ? {
              id: institution.institution.id,
              nameFi: institution.institution.nameFi,
              nameSv: institution.institution.nameSv,
              nameEn: institution.institution.nameEn,
            }
          : null,
        permissions: {
          view: can(user, 'view-onboarding'),
          editAny: can(user, 'edit-any-institution'),
          editOwnPlan: can(user, 'edit-own-institution-plan') && Boolean(institution),
          manageUsers: can(user, 'manage-users'),
          exportData: can(user, 'export-data'),
          giveFeedback: can(user, 'give-feedback'),
          vote: can(user, 'vote'),
          triageFeedback: can(user, 'triage-feedback'),
          viewKnowledgeGaps: can(user, 'view-knowledge-gaps'),
          answerTickets: can(user, 'answer-tickets'),
          announce: can(user, 'announce'),
          approveAnnouncements: can(user, 'approve-announcement'),
        },
      };
    },

    async overview(user: UserContext, query: OverviewQuery): Promise<{ items: OverviewRow[]; total: number }> {
      authorize(user, 'view-onboarding');
      const today = todayIn(clock);
      const records = await repository.listRecords();
      const all = records.map((r) => toRow(r, today));
      const needle = query.q ? query.q.normalize('NFC').toLocaleLowerCase('fi').trim() : '';
      const rows = all.filter((row) => {
        if (query.step === 'done' && row.currentStep !== COMPLETED_STEP) return false;
        if (query.step && query.step !== 'done' && row.currentStep !== Number(query.step)) return false;
        if (query.route && (row.route ?? 'none') !== query.route) return false;
        if (query.vendor && (row.vendor ?? 'none') !== query.vendor) return false;
        if (query.type && row.type !== query.type) return false;
        if (needle && ![row.nameFi, row.nameSv, row.nameEn, row.organisationOid].some((n) => n.toLocaleLowerCase('fi').includes(needle)))
          return false;
        return true;
      });
      return { items: sortRows(rows, query.sort ?? 'name', query.dir ?? 'asc', query.lang ?? user.lang), total: all.length };
    },

    async institution(user: UserContext, institutionId: string): Promise<InstitutionDetail> {
      authorize(user, 'view-onboarding');
      return detail(user, await requireRecord(institutionId));
    },

    async update(
      user: UserContext,
      institutionId: string,
      body: PatchBody,
    ): Promise<{ institution: InstitutionDetail; changes: HistoryView[]; masked: boolean }> {
      authorize(user, 'view-onboarding');
      // Existence first (every institution is visible to every viewer, so this reveals nothing), then scope.
      if (!(await repository.institutionExists(institutionId))) throw new AppError('NOT_FOUND', 'institution not found');
      assertPatchAllowed(editScopeFor(user, institutionId), body);
      const { changes, masked } = maskChanges(body);
      const result = await repository.applyChanges(institutionId, changes, actorOf(user), { expectedVersion: body.expectedVersion });
      return { institution: detail(user, result.record), changes: result.changes.map(historyView), masked };
    },

    async history(user: UserContext, institutionId: string): Promise<HistoryView[]> {
      authorize(user, 'view-onboarding');
      await requireRecord(institutionId);
      return (await repository.history(institutionId, { limit: 500 })).map(historyView);
    },

    async summary(user: UserContext): Promise<Summary> {
      authorize(user, 'view-onboarding');
      const today = todayIn(clock);
      const rows = (await repository.listRecords()).map((r) => toRow(r, today));
      const atStep = STEP_NUMBERS.map((step) => rows.filter((r) => r.currentStep === step).length);
      const byRoute = Object.fromEntries([...ROUTES, 'none'].map((k) => [k, 0])) as Summary['byRoute'];
      const byVendor = Object.fromEntries([...VENDORS, 'none'].map((k) => [k, 0])) as Summary['byVendor'];
      for (const row of rows) {
        byRoute[row.route ?? 'none'] += 1;
        byVendor[row.vendor ?? 'none'] += 1;
      }
      const months = new Map<string, { live: number; planned: number }>();
      const dated = rows.filter((r) => r.goLiveDate).map((r) => ({ month: r.goLiveDate!.slice(0, 7), live: r.live }));
      if (dated.length) {
        const sorted = dated.map((d) => d.month).sort();
        for (let month = sorted[0]!; month <= sorted[sorted.length - 1]!; month = nextMonth(month))
          months.set(month, { live: 0, planned: 0 });
        for (const d of dated) months.get(d.month)![d.live ? 'live' : 'planned'] += 1;
      }
      return {
        total: rows.length,
        atStep,
        completed: rows.filter((r) => r.currentStep === COMPLETED_STEP).length,
        live: rows.filter((r) => r.live).length,
        byRoute,
        byVendor,
        liveByMonth: [...months].map(([month, counts]) => ({ month, ...counts })),
        today,
      };
    },

    async exportCsv(user: UserContext): Promise<{ csv: string; filename: string }> {
      authorize(user, 'export-data');
      const lang = user.lang;
      const t = tOnboarding(lang);
      const records = await repository.listRecords();
      const header = [
        t.csvName,
        t.csvNameSv,
        t.csvNameEn,
        t.csvOid,
        t.csvType,
        t.field_route,
        t.field_vendor,
        t.field_systemName,
        t.csvCurrentStep,
        t.csvProgress,
        ...STEP_NUMBERS.flatMap((s) => [t.csvStepStatus(s), t.csvStepDate(s)]),
        t.field_testAccountRequested,
        t.field_testAccountReceived,
        t.field_joiningNotificationSubmitted,
        t.field_joiningNotificationProcessed,
        t.field_goLiveDate,
      ];
      const rows = records.map((r) => {
        const step = currentStep(r.steps);
        return [
          r.institution.nameFi,
          r.institution.nameSv,
          r.institution.nameEn,
          r.institution.organisationOid,
          typeLabel(lang, r.institution.type),
          r.route ? routeLabel(lang, r.route) : '',
          r.vendor ? vendorLabel(lang, r.vendor) : '',
          r.systemName,
          step === COMPLETED_STEP ? t.completed : `${step}. ${stepName(lang, step)}`,
          progressPercent(r.steps),
          ...r.steps.flatMap((s) => [statusLabel(lang, s.status), s.date]),
          r.testAccountRequested,
          r.testAccountReceived,
          r.joiningNotificationSubmitted,
          r.joiningNotificationProcessed,
          r.goLiveDate,
        ];
      });
      return { csv: toCsv([header, ...rows]), filename: `onboarding-status-${todayIn(clock)}.csv` };
    },

    async listUsers(user: UserContext) {
      authorize(user, 'manage-users');
      const [all, institutions] = await Promise.all([users.list(), repository.listInstitutions()]);
      return {
        users: all,
        institutions: institutions.map((i) => ({ id: i.id, nameFi: i.nameFi, nameSv: i.nameSv, nameEn: i.nameEn })),
        roles: ROLES,
      };
    },

    async putUser(user: UserContext, tenantId: string, objectId: string, body: AdminUserBody) {
      authorize(user, 'manage-users');
      if (body.role === 'InstitutionAdmin' && !body.institutionId)
        throw new AppError('VALIDATION', 'institution admin needs an institution');
      if (body.institutionId && !(await repository.institutionExists(body.institutionId)))
        throw new AppError('VALIDATION', 'unknown institution');
      // An admin cannot take away their own admin role: the service must never be left without one by accident.
      if (tenantId === user.tenantId && objectId === user.objectId && body.role !== 'ServiceOwnerAdmin') {
        throw new AppError('CONFLICT', 'cannot demote yourself');
      }
      const existing = await users.find(tenantId, objectId);
      await users.upsert({
        tenantId,
        objectId,
        displayName: body.displayName,
        role: body.role,
        institutionId: body.institutionId,
        locale: body.locale === undefined ? (existing?.locale ?? null) : body.locale,
      });
      return (await users.find(tenantId, objectId))!;
    },

    async deleteUser(user: UserContext, tenantId: string, objectId: string): Promise<void> {
      authorize(user, 'manage-users');
      if (tenantId === user.tenantId && objectId === user.objectId) throw new AppError('CONFLICT', 'cannot remove yourself');
      if (!(await users.find(tenantId, objectId))) throw new AppError('NOT_FOUND', 'user not found');
      await users.remove(tenantId, objectId);
    },

    /** For the bot: the record plus what the status card needs. */
    async statusOf(institutionId: string): Promise<InstitutionRecord | undefined> {
      return repository.getRecord(institutionId);
    },

    async institutionsForMatching() {
      return repository.listInstitutions();
    },
  };
  return service;
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

export type OnboardingService = ReturnType<typeof createOnboardingService>;
