/**
 * A small restify server for the onboarding tab tests: public dev sign-in routes, the tab API behind
 * token verification + user resolution, and the static tab files with the tab security headers.
 * It mirrors what bot/server.ts does for /api/tab and /tab/; swap `mount` for the real server when
 * the tests should cover it instead.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import restify, { type Request, type Response, type Server } from 'restify';
import type { TabRoute } from '../../../bot/features/types.js';
import type { PublicTabRoute } from '../../../bot/auth/dev-sign-in.js';
import type { TabAuthenticator } from '../../../bot/auth/tab-token.js';
import type { UsersRepository } from '../../../bot/store/users-repository.js';
import { langFromLocale } from '../../../bot/i18n/index.js';
import { errorCodeOf, type ErrorCode } from '../../../bot/errors.js';

export interface TabTestServerOptions {
  tabRoutes: TabRoute[];
  publicRoutes: PublicTabRoute[];
  authenticate: TabAuthenticator;
  users: UsersRepository;
  tabDirectory: string;
  tabHeaders: Record<string, string>;
}

const STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, VALIDATION: 400, CONFLICT: 409 };
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

export function mount(server: Server, options: TabTestServerOptions): void {
  for (const route of options.publicRoutes) {
    server[route.method](`/api/tab${route.path}`, async (req: Request, res: Response) => {
      const result = await route.handler(req.body);
      res.send(result.status, result.body);
    });
  }
  for (const route of options.tabRoutes) {
    server[route.method](`/api/tab${route.path}`, async (req: Request, res: Response) => {
      res.header('Cache-Control', 'no-store');
      const lang = langFromLocale(typeof req.query?.lang === 'string' ? req.query.lang : req.header('accept-language'));
      try {
        const identity = await options.authenticate(req.header('authorization'));
        const row = await options.users.find(identity.tenantId, identity.objectId);
        const user = {
          ...identity,
          displayName: identity.displayName ?? row?.displayName,
          role: row?.role ?? 'Participant',
          institutionId: row?.institutionId ?? null,
          lang,
        } as const;
        const result = await route.handler({
          user,
          params: (req.params ?? {}) as Record<string, string>,
          query: (req.query ?? {}) as Record<string, string>,
          body: req.body,
        });
        if ('csv' in result) {
          res.setHeader('Content-Type', 'text/csv; charset=utf-8');
          res.setHeader('Content-Disposition', `attachment; filename="${result.filename}"`);
          res.sendRaw(200, result.csv);
        } else {
          res.send(result.status, result.body);
        }
      } catch (error) {
        const code = errorCodeOf(error);
        res.send(STATUS[code] ?? 500, { error: code });
      }
    });
  }
  server.get('/tab/*', async (req: Request, res: Response) => {
    const root = path.resolve(options.tabDirectory);
    const file = path.resolve(root, decodeURIComponent((req.path() ?? '').replace(/^\/tab\/?/, '')) || 'index.html');
    for (const [name, value] of Object.entries(options.tabHeaders)) res.header(name, value);
    try {
      if (!file.startsWith(root + path.sep)) throw new Error('outside');
      const content = await fs.readFile(file);
      res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
      res.sendRaw(200, content);
    } catch {
      res.send(404, { error: 'NOT_FOUND' });
    }
  });
}

export async function startTabTestServer(options: TabTestServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const server = restify.createServer({ name: 'onboarding-tab-test', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 64 * 1024, rejectUnknown: true }));
  mount(server, options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
