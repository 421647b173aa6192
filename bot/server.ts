import fs from 'node:fs/promises';
import path from 'node:path';
import restify, { type Request, type Response, type Server } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { BotRouter } from './teams/router.js';
import type { TabRoute } from './features/types.js';
import type { Identity, UserContext } from './auth/roles.js';
import { langFromLocale, type Lang } from './i18n/index.js';
import { errorResponse } from './i18n/error-response.js';
import { AppError, errorCodeOf, type ErrorCode } from './errors.js';
import type { Logger } from './log.js';
import { SlidingWindowRateLimiter } from './rate-limiter.js';

export interface ServerDeps {
  mode: 'local' | 'production';
  adapter: CloudAdapter;
  router: BotRouter;
  logger: Logger;
  /** Verifies the tab's bearer token (Teams SSO, or the local-mode dev token) and returns who it is. */
  authenticateTab(authorizationHeader: string | undefined): Promise<Identity>;
  resolveUser(identity: Identity, lang: Lang): Promise<UserContext>;
  tabRoutes: TabRoute[];
  /** Routes that need no tab token (local-mode dev sign-in); each checks its own preconditions. */
  publicRoutes?: Array<{ method: 'get' | 'post'; path: string; handler(body: unknown): Promise<{ status: number; body: unknown }> }>;
  tabDirectory: string;
  tabHeaders: Record<string, string>;
  /** Called before adapter.process; may reject an activity (e.g. tenant allow-list, duplicate delivery). */
  inboundGuard?: ((req: Request) => Promise<{ status: number } | null>) & {
    /** Forgets the duplicate-delivery claim when the turn was refused after the guard, so Teams may redeliver. */
    release?(req: Request): Promise<void>;
  };
  health?: () => Promise<Record<string, unknown>>;
  /** Most activities processed at once; above it the channel gets a fast 503 and retries later. */
  maxInflightTurns?: number;
  /** Per-user limit on tab API calls (tenant + object id); default 120 a minute. */
  tabRateLimiter?: SlidingWindowRateLimiter;
}

export const DEFAULT_MAX_INFLIGHT_TURNS = 64;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** Largest activity body accepted on /api/messages (A-AUTH-9); checked before the body is read. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;
const MAX_TAB_BODY_BYTES = 512 * 1024;

// A tunnel or reverse proxy on this machine makes every caller a loopback peer; these headers (or a
// Host that is not this machine) give it away.
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via'];
const LOCAL_HOST_HEADER = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/** What is wrong with a webhook's Authorization header at first sight (the token is checked later). */
function bearerProblem(header: string | undefined): 'missing_authorization' | 'bad_scheme' | 'malformed_token' | null {
  if (header === undefined || header === '') return 'missing_authorization';
  if (!header.startsWith('Bearer ')) return 'bad_scheme';
  if (!/^Bearer \S+$/.test(header)) return 'malformed_token';
  return null;
}

/**
 * Whether a request surely comes from this machine itself: a loopback peer, no proxy headers and a
 * Host naming loopback. Local mode's dev routes and webhook answer only such requests.
 */
export function isLocalOnlyRequest(req: {
  socket?: { remoteAddress?: string | undefined } | null;
  headers: Record<string, string | string[] | undefined>;
}): boolean {
  if (!isLoopback(req.socket?.remoteAddress)) return false;
  if (PROXY_HEADERS.some((name) => req.headers[name] !== undefined)) return false;
  const host = req.headers.host;
  return typeof host === 'string' && LOCAL_HOST_HEADER.test(host);
}

/**
 * botbuilder answers a refused request with its own error text; this view of the response keeps the
 * status but replaces any error body with a fixed one, so nothing about the token check leaks.
 */
function genericErrorBodies(res: Response): Response {
  let status = 200;
  return new Proxy(res, {
    get(target, property, receiver) {
      if (property === 'status') {
        return (code: number) => {
          status = code;
          return (target as unknown as { status(code: number): unknown }).status(code);
        };
      }
      if (property === 'send') {
        return (body?: unknown) =>
          status >= 400 ? target.send(status, { error: status === 401 ? 'Unauthorized' : 'Bad Request' }) : target.send(body);
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'oppijanumero-teams', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // A request with neither Content-Length nor chunked transfer has no body (RFC 9112 §6.3), but restify
  // only skips parsing on an explicit "Content-Length: 0" and refuses the rest with 415 — which is how
  // browsers send a DELETE without a body (the tab's withdraw-vote, remove-user and delete-draft calls).
  const noBodyIsEmpty = (req: Request, _res: Response, next: () => void) => {
    if (req.headers['content-length'] === undefined && !req.isChunked()) req.headers['content-length'] = '0';
    next();
  };
  // Bodies are parsed per route, after each route's own cheap checks (the webhook's come first).
  const tabBody = [
    noBodyIsEmpty,
    ...restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_TAB_BODY_BYTES, rejectUnknown: true }),
  ];
  const activityBody = restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_ACTIVITY_BYTES, rejectUnknown: true });

  // restify's own refusals (unknown path, bad JSON, wrong method, too large) would answer in its own
  // format and repeat the URL or body back; give them the app's fixed, localized shape instead.
  server.on(
    'restifyError',
    (req: Request, _res: Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
      const status = err.statusCode ?? 500;
      const code: ErrorCode =
        status === 404 || status === 405 ? 'NOT_FOUND' : status === 401 ? 'UNAUTHENTICATED' : status < 500 ? 'VALIDATION' : 'INTERNAL';
      const lang = langFromLocale(req.header?.('accept-language'));
      err.toJSON = () => errorResponse(code, lang).body;
      return callback();
    },
  );

  const sendError = (res: Response, code: ErrorCode, lang: Lang) => {
    const { status, body } = errorResponse(code, lang);
    res.send(status, body);
  };

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok', mode: deps.mode, ...(deps.health ? await deps.health() : {}) });
  });

  let inflightTurns = 0;
  const maxInflightTurns = deps.maxInflightTurns ?? DEFAULT_MAX_INFLIGHT_TURNS;
  /**
   * Everything the webhook can decide from the request line and headers, before a byte of the body is
   * read or parsed (A-AUTH-9): local mode answers only this machine; production needs a Bearer
   * credential; a declared body over the limit is 413; a full house is 503 (back-pressure).
   */
  const activityGate = (req: Request, res: Response, next: (proceed?: false) => void) => {
    if (deps.mode === 'local' && !isLocalOnlyRequest(req)) {
      res.send(403, { error: 'FORBIDDEN' });
      return next(false);
    }
    const credential = deps.mode === 'production' ? bearerProblem(req.header('authorization')) : null;
    if (credential) {
      // Same event and reasons as the inbound guard (bot/teams/inbound-auth.ts), which checks the token itself.
      deps.logger.warn({ event: 'inbound_auth_rejected', reason: credential, status: 401 }, 'inbound activity rejected');
      res.send(401, { error: 'Unauthorized' });
      return next(false);
    }
    const declared = Number(req.header('content-length') ?? 0);
    if (!Number.isFinite(declared) || declared > MAX_ACTIVITY_BYTES) {
      res.send(413, { error: 'Payload Too Large' });
      return next(false);
    }
    // Back-pressure: refuse fast rather than queue turns past the channel's time budget.
    if (inflightTurns >= maxInflightTurns) {
      res.header('Retry-After', '1');
      res.send(503, { error: 'Busy' });
      return next(false);
    }
    return next();
  };
  server.post('/api/messages', activityGate, ...activityBody, async (req: Request, res: Response) => {
    if (inflightTurns >= maxInflightTurns) {
      res.header('Retry-After', '1');
      res.send(503, { error: 'Busy' });
      return;
    }
    inflightTurns += 1;
    try {
      await processActivity(req, res);
    } finally {
      inflightTurns -= 1;
    }
  });

  const processActivity = async (req: Request, res: Response) => {
    const refused = deps.inboundGuard ? await deps.inboundGuard(req) : null;
    if (refused) {
      res.send(refused.status, refused.status === 200 ? {} : { error: 'Unauthorized' });
      return;
    }
    try {
      await deps.adapter.process(req, genericErrorBodies(res), (context) => deps.router.run(context));
    } catch (error) {
      deps.logger.warn({ err: error }, 'activity rejected');
      if (!res.headersSent) res.send(401, { error: 'Unauthorized' });
    }
    if (res.statusCode >= 400) await deps.inboundGuard?.release?.(req);
  };

  // Public routes are local mode's dev sign-in: only this machine itself, never through a tunnel or proxy.
  const localOnly = (req: Request, res: Response, next: (proceed?: false) => void) => {
    if (deps.mode === 'local' && isLocalOnlyRequest(req)) return next();
    sendError(res, 'FORBIDDEN', 'fi');
    return next(false);
  };
  for (const route of deps.publicRoutes ?? []) {
    server[route.method](`/api/tab${route.path}`, localOnly, ...tabBody, async (req: Request, res: Response) => {
      try {
        const result = await route.handler(req.body);
        res.send(result.status, result.body);
      } catch (error) {
        sendError(res, errorCodeOf(error), 'fi');
      }
    });
  }

  const tabRateLimiter = deps.tabRateLimiter ?? new SlidingWindowRateLimiter(120, 60_000);
  for (const route of deps.tabRoutes) {
    server[route.method](`/api/tab${route.path}`, ...tabBody, async (req: Request, res: Response) => {
      const lang = langFromLocale(typeof req.query?.lang === 'string' ? req.query.lang : req.header('accept-language'));
      res.header('Cache-Control', 'no-store');
      try {
        const identity = await deps.authenticateTab(req.header('authorization'));
        const rate = tabRateLimiter.take(`${identity.tenantId}/${identity.objectId}`);
        if (!rate.allowed) {
          res.header('Retry-After', String(rate.retryAfterSeconds));
          throw new AppError('RATE_LIMITED');
        }
        const user = await deps.resolveUser(identity, lang);
        const result = await route.handler({
          user,
          params: (req.params ?? {}) as Record<string, string>,
          query: (req.query ?? {}) as Record<string, string | string[] | undefined>,
          body: req.body,
        });
        if ('csv' in result) {
          res.setHeader('Content-Type', 'text/csv; charset=utf-8');
          res.setHeader('Content-Disposition', `attachment; filename="${result.filename.replace(/[^\w.-]/g, '_')}"`);
          res.sendRaw(200, result.csv);
        } else {
          res.send(result.status, result.body);
        }
      } catch (error) {
        const code = errorCodeOf(error);
        if (code === 'INTERNAL') deps.logger.error({ err: error, route: route.path }, 'tab API failed');
        sendError(res, code, lang);
      }
    });
  }

  const serveTab = async (req: Request, res: Response) => {
    const relative = decodeURIComponent((req.path() ?? '').replace(/^\/tab\/?/, '')) || 'index.html';
    const root = path.resolve(deps.tabDirectory);
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep)) throw new AppError('NOT_FOUND');
    // Source maps show the tab's source to anyone: local development only.
    if (deps.mode === 'production' && path.extname(file) === '.map') throw new AppError('NOT_FOUND');
    for (const [name, value] of Object.entries(deps.tabHeaders)) res.header(name, value);
    try {
      const content = await fs.readFile(file);
      res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
      res.sendRaw(200, content);
    } catch {
      res.send(404, { error: 'NOT_FOUND' });
    }
  };
  server.get('/tab', async (_req: Request, res: Response) => {
    res.header('Location', '/tab/');
    res.send(301);
  });
  server.get('/tab/*', async (req: Request, res: Response) => {
    try {
      await serveTab(req, res);
    } catch {
      res.send(404, { error: 'NOT_FOUND' });
    }
  });
  return server;
}
