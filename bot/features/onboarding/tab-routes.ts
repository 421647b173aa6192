/**
 * The tab API (mounted by bot/server.ts under /api/tab after the SSO token is verified and the user
 * resolved). Each handler validates its input with zod and calls the service; coded errors become
 * `{ error, message }` with the matching HTTP status, the same shape the server uses.
 */
import type { z } from 'zod';
import type { TabRequest, TabResponse, TabRoute } from '../types.js';
import { AppError } from '../../errors.js';
import { answeringErrors } from '../tab-errors.js';
import { adminUserBodySchema, idParamSchema, overviewQuerySchema, patchBodySchema } from './schemas.js';
import {
  createOnboardingService,
  type HistoryView,
  type InstitutionDetail,
  type OnboardingDeps,
  type OnboardingService,
} from './service.js';
import type { ApiHistoryEntry, ApiInstitutionDetail, ApiInstitutionUpdate, ApiOverview, ApiSummary } from '../../tab-api/onboarding.js';

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  // The zod issue list stays out of the response: it could echo the caller's input.
  if (!result.success) throw new AppError('VALIDATION', `invalid input: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return result.data;
}

function param(request: TabRequest, name: string): string {
  return parse(idParamSchema, request.params[name]);
}

// The service's records mapped to the tab's API types (bot/tab-api/onboarding.ts), field by field.

function institutionJson(d: InstitutionDetail): ApiInstitutionDetail {
  const i = d.institution;
  return {
    institution: { id: i.id, nameFi: i.nameFi, nameSv: i.nameSv, nameEn: i.nameEn, organisationOid: i.organisationOid, type: i.type },
    route: d.route,
    vendor: d.vendor,
    systemName: d.systemName,
    testAccountRequested: d.testAccountRequested,
    testAccountReceived: d.testAccountReceived,
    joiningNotificationSubmitted: d.joiningNotificationSubmitted,
    joiningNotificationProcessed: d.joiningNotificationProcessed,
    goLiveDate: d.goLiveDate,
    version: d.version,
    updatedAt: d.updatedAt,
    steps: d.steps.map((s) => ({
      step: s.step,
      status: s.status,
      date: s.date,
      responsible: s.responsible,
      note: s.note,
      updatedAt: s.updatedAt,
    })),
    currentStep: d.currentStep,
    progress: d.progress,
    live: d.live,
    editScope: d.editScope,
    articles: d.articles.map((a) => ({ step: a.step, key: a.key, title: a.title, url: a.url })),
  };
}

function historyJson(h: HistoryView): ApiHistoryEntry {
  return {
    id: h.id,
    institutionId: h.institutionId,
    changeSet: h.changeSet,
    changedAt: h.changedAt,
    actor: { displayName: h.actor.displayName },
    field: h.field,
    oldValue: h.oldValue,
    newValue: h.newValue,
  };
}

export function onboardingTabRoutesFor(service: OnboardingService): TabRoute[] {
  const route = (method: TabRoute['method'], path: string, work: (request: TabRequest) => Promise<TabResponse>): TabRoute => ({
    method,
    path,
    // Known errors become responses; anything else goes to the server (logged as INTERNAL).
    handler: answeringErrors(work),
  });
  return [
    route('get', '/me', async ({ user }) => ({ status: 200, body: await service.me(user) })),
    // Listed before /institutions/:id so a router that matches in order still finds it.
    route('get', '/institutions/export.csv', async ({ user }) => {
      const { csv, filename } = await service.exportCsv(user);
      return { status: 200, csv, filename };
    }),
    route('get', '/institutions', async ({ user, query }) => {
      const { items, total } = await service.overview(user, parse(overviewQuerySchema, query));
      // The rows are the API's own type already (the service maps the records to ApiOverviewRow).
      const body: ApiOverview = { items, total };
      return { status: 200, body };
    }),
    route('get', '/institutions/:id', async (request) => ({
      status: 200,
      body: institutionJson(await service.institution(request.user, param(request, 'id'))),
    })),
    route('patch', '/institutions/:id', async (request) => {
      const id = param(request, 'id');
      const patch = parse(patchBodySchema, request.body ?? {});
      const result = await service.update(request.user, id, patch);
      const body: ApiInstitutionUpdate = {
        institution: institutionJson(result.institution),
        changes: result.changes.map(historyJson),
        masked: result.masked,
      };
      return { status: 200, body };
    }),
    route('get', '/institutions/:id/history', async (request) => ({
      status: 200,
      body: { items: (await service.history(request.user, param(request, 'id'))).map(historyJson) },
    })),
    route('get', '/summary', async ({ user }) => {
      const body: ApiSummary = await service.summary(user);
      return { status: 200, body };
    }),
    route('get', '/admin/users', async ({ user }) => ({ status: 200, body: await service.listUsers(user) })),
    route('put', '/admin/users/:tenantId/:objectId', async (request) => {
      const tenantId = param(request, 'tenantId');
      const objectId = param(request, 'objectId');
      const body = parse(adminUserBodySchema, request.body ?? {});
      return { status: 200, body: await service.putUser(request.user, tenantId, objectId, body) };
    }),
    route('del', '/admin/users/:tenantId/:objectId', async (request) => {
      await service.deleteUser(request.user, param(request, 'tenantId'), param(request, 'objectId'));
      return { status: 204, body: null };
    }),
  ];
}

/** The tab API routes of the onboarding capability. */
export function onboardingTabRoutes(deps: OnboardingDeps): TabRoute[] {
  return onboardingTabRoutesFor(createOnboardingService(deps));
}
