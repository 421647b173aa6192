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
import { createOnboardingService, type OnboardingDeps, type OnboardingService } from './service.js';

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  // The zod issue list stays out of the response: it could echo the caller's input.
  if (!result.success) throw new AppError('VALIDATION', `invalid input: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return result.data;
}

function param(request: TabRequest, name: string): string {
  return parse(idParamSchema, request.params[name]);
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
    route('get', '/institutions', async ({ user, query }) => ({ status: 200, body: await service.overview(user, parse(overviewQuerySchema, query)) })),
    route('get', '/institutions/:id', async (request) => ({ status: 200, body: await service.institution(request.user, param(request, 'id')) })),
    route('patch', '/institutions/:id', async (request) => {
      const id = param(request, 'id');
      const body = parse(patchBodySchema, request.body ?? {});
      return { status: 200, body: await service.update(request.user, id, body) };
    }),
    route('get', '/institutions/:id/history', async (request) => ({
      status: 200,
      body: { items: await service.history(request.user, param(request, 'id')) },
    })),
    route('get', '/summary', async ({ user }) => ({ status: 200, body: await service.summary(user) })),
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
