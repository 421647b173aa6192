/**
 * The tab API (mounted by bot/server.ts under /api/tab after the SSO token is verified and the user
 * resolved). Each handler validates its input with zod and calls the service; coded errors become
 * `{ error, message }` with the matching HTTP status, the same shape the server uses.
 */
import type { z } from 'zod';
import type { TabRequest, TabResponse, TabRoute } from '../types.js';
import { AppError, isAppError, type ErrorCode } from '../../errors.js';
import { errorMessage } from '../../i18n/core.js';
import { adminUserBodySchema, idParamSchema, overviewQuerySchema, patchBodySchema } from './schemas.js';
import { createOnboardingService, type OnboardingDeps, type OnboardingService } from './service.js';

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  // The zod issue list stays out of the response: it could echo the caller's input.
  if (!result.success) throw new AppError('VALIDATION', `invalid input: ${result.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return result.data;
}

function param(request: TabRequest, name: string): string {
  return parse(idParamSchema, request.params[name]);
}

/** Runs a handler; known errors become responses, anything else propagates to the server (logged as INTERNAL). */
function handle(work: (request: TabRequest) => Promise<TabResponse>) {
  return async (request: TabRequest): Promise<TabResponse> => {
    try {
      return await work(request);
    } catch (error) {
      if (isAppError(error) && STATUS_BY_CODE[error.code]) {
        return { status: STATUS_BY_CODE[error.code]!, body: { error: error.code, message: errorMessage(error.code, request.user.lang) } };
      }
      throw error;
    }
  };
}

export function onboardingTabRoutesFor(service: OnboardingService): TabRoute[] {
  const route = (method: TabRoute['method'], path: string, work: (request: TabRequest) => Promise<TabResponse>): TabRoute => ({
    method,
    path,
    handler: handle(work),
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
