import { z } from 'zod';
import type { Logger } from '../../log.js';
import { CircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker.js';
import { guardHetu, guardOid, checkNames, type PersonNames } from './identifiers.js';
import { OnrError, isOnrError } from './onr-errors.js';
import { OnrTransport, TransportError, type HttpResponse } from './onr-http.js';
import { resolveOnrEndpoints, ONR_CONTEXT_PATH, type OnrEnvironment, type OnrEndpoints } from './onr-endpoints.js';
import { CasAuthenticator, OAuth2Authenticator, type Authenticator, type Exchange, type ExchangeRequest } from './onr-auth.js';

/**
 * Client for ONR's yleistunniste interface in a test environment. Every operation:
 *  1. runs the identifier guard again (last line of defence: a refused value is never sent);
 *  2. has one total deadline (default 2.5 s, inside Teams' invoke budget) shared by login and call;
 *  3. goes through the circuit breaker (open → `circuit_open` at once);
 *  4. retries only where safe (GETs on connection errors/502/503/504; anything only when the
 *     connection was never made), with jittered backoff inside the deadline;
 *  5. re-authenticates at most once on 401 / 302-to-CAS-login, never in a loop.
 * Credentials, tickets, tokens and identifiers never reach a log line.
 */

export interface OnrClientOptions {
  /** e.g. https://virkailija.testiopintopolku.fi or the fake's http://127.0.0.1:3980 */
  baseUrl: string;
  auth: ({ kind: 'cas' } & { username: string; password: string }) | ({ kind: 'oauth2' } & { clientId: string; clientSecret: string });
  /** OPH convention `<organisation OID>.<system name>`. */
  callerId: string;
  logger?: Logger;
  keepAlive?: boolean;
  connections?: number;
  connectTimeoutMs?: number;
  /** Per attempt; never more than what is left of the total. */
  attemptTimeoutMs?: number;
  /** Whole operation including login and retries. */
  totalTimeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  maxResponseBytes?: number;
  breaker?: CircuitBreakerOptions;
  /** Logical clock for ticket/token expiry and the breaker (tests move it); timeouts use real time. */
  now?: () => number;
}

export interface HetuLookupInput extends PersonNames {
  hetu: string;
}

/** §4.1: `oppijanumero` is null when the person exists but is not identified yet. */
export interface HetuLookupResult {
  oid: string;
  oppijanumero: string | null;
}

/** §4.2 FilteredStudent. */
export interface OidCheckResult {
  oid: string;
  oppijanumero: string | null;
  passivoitu: boolean;
  linked: string[];
}

export interface CallOptions {
  /** A tighter total budget for this call (never more than the client's totalTimeoutMs). */
  timeoutMs?: number;
}

export interface OnrClientStats {
  environment: OnrEnvironment;
  auth: 'cas' | 'oauth2';
  keepAlive: boolean;
  breaker: BreakerState;
  logins: number;
  attempts: number;
  retries: number;
  rejectedByBreaker: number;
}

export interface OnrClient {
  readonly environment: OnrEnvironment;
  /** POST /yleistunniste/hae — find (or, in the test environment, create) by test hetu and names. */
  findByHetu(input: HetuLookupInput, options?: CallOptions): Promise<HetuLookupResult>;
  /** GET /yleistunniste/hae/{oid} — check a person OID. */
  checkOid(oid: string, options?: CallOptions): Promise<OidCheckResult>;
  stats(): OnrClientStats;
  /** Logs out (best effort) and closes the connection pool. */
  close(): Promise<void>;
}

const OID_TEXT = z.string().regex(/^1\.2\.246\.562\.\d{1,4}\.\d{1,20}$/);
const haeResponse = z.object({ oid: OID_TEXT, oppijanumero: OID_TEXT.nullable().optional() });
const checkResponse = z.object({
  oid: OID_TEXT,
  oppijanumero: OID_TEXT.nullable().optional(),
  passivoitu: z.boolean().optional(),
  linked: z.array(OID_TEXT).max(200).nullable().optional(),
});

const RETRYABLE_STATUS = new Set([502, 503, 504]);
/** Below this much time left, another attempt cannot finish; give up instead. */
const MIN_ATTEMPT_MS = 100;

export function createOnrClient(options: OnrClientOptions): OnrClient {
  // Asserted here as well as in config: a client can be built by code that never saw loadConfig().
  const endpoints: OnrEndpoints = resolveOnrEndpoints(options.baseUrl);
  if (!/^[\x21-\x7E]{1,200}$/.test(options.callerId)) throw new Error('ONR Caller-Id must be printable ASCII');
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const totalTimeoutMs = options.totalTimeoutMs ?? 2_500;
  const maxRetries = options.maxRetries ?? 2;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 50;
  const breaker = new CircuitBreaker({ ...options.breaker, now: options.breaker?.now ?? now });

  const authenticator: Authenticator =
    options.auth.kind === 'cas'
      ? new CasAuthenticator(endpoints, { username: options.auth.username, password: options.auth.password }, now)
      : new OAuth2Authenticator(endpoints, { clientId: options.auth.clientId, clientSecret: options.auth.clientSecret }, now);

  const transport = new OnrTransport({
    keepAlive: options.keepAlive ?? true,
    connections: options.connections ?? 8,
    connectTimeoutMs: options.connectTimeoutMs ?? 1_000,
    attemptTimeoutMs: options.attemptTimeoutMs ?? 2_000,
    maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024,
    allowedOrigins: [endpoints.virkailijaOrigin, endpoints.oauthApiOrigin, new URL(endpoints.tokenUrl).origin],
  });

  let attempts = 0;
  let retries = 0;

  /** Headers every call carries (onr-api.md §2.3): Caller-Id and the CSRF double submit. */
  function commonHeaders(extraCookies: readonly string[] = []): Record<string, string> {
    return {
      'caller-id': options.callerId,
      csrf: 'CSRF',
      cookie: ['CSRF=CSRF', ...extraCookies].join('; '),
      accept: 'application/json, text/plain;q=0.9, */*;q=0.1',
    };
  }

  function isFailureForBreaker(response: HttpResponse): boolean {
    return response.status >= 500 || response.status === 429;
  }

  function backoffMs(retry: number): number {
    // Full jitter keeps several bot instances from retrying in lock-step.
    return Math.random() * retryBaseDelayMs * 2 ** retry;
  }

  /** One request with breaker, deadline and the retry policy; returns any HTTP response. */
  function makeExchange(deadline: number, extraCookies: () => readonly string[]): Exchange {
    return async (request: ExchangeRequest) => {
      for (let retry = 0; ; retry++) {
        if (!breaker.tryAcquire()) throw new OnrError('circuit_open', request.route);
        attempts++;
        const started = performance.now();
        let outcome: HttpResponse | TransportError;
        try {
          const headers = { ...commonHeaders(extraCookies()), ...request.headers };
          outcome = await transport.send({ method: request.method, url: request.url, headers, body: request.body, deadline });
        } catch (error) {
          if (!(error instanceof TransportError)) {
            breaker.release();
            throw error;
          }
          outcome = error;
        }
        const failed = outcome instanceof TransportError || isFailureForBreaker(outcome);
        if (failed) breaker.recordFailure();
        else breaker.recordSuccess();
        logger?.debug(
          {
            event: 'onr.exchange',
            route: request.route,
            status: outcome instanceof TransportError ? undefined : outcome.status,
            failure: outcome instanceof TransportError ? outcome.kind : undefined,
            ms: Math.round(performance.now() - started),
            retry,
          },
          'onr exchange',
        );
        const retryable =
          outcome instanceof TransportError
            ? outcome.kind !== 'unexpected' && (request.retry === 'safe' || outcome.phase === 'connect')
            : request.retry === 'safe' && RETRYABLE_STATUS.has(outcome.status);
        if (retryable && retry < maxRetries) {
          const wait = backoffMs(retry);
          if (deadline - performance.now() - wait >= MIN_ATTEMPT_MS) {
            retries++;
            await new Promise((resolve) => setTimeout(resolve, wait));
            continue;
          }
        }
        if (outcome instanceof TransportError) throw outcome;
        return outcome;
      }
    };
  }

  /** An authenticated ONR call: one fresh login and one retry at most on an expired session/token. */
  async function callOnr(
    route: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    retry: 'safe' | 'connect-only',
    callOptions: CallOptions = {},
  ): Promise<HttpResponse> {
    const budget = Math.min(totalTimeoutMs, callOptions.timeoutMs ?? totalTimeoutMs);
    const deadline = performance.now() + Math.max(0, budget);
    let grantCookies: readonly string[] = [];
    const exchange = makeExchange(deadline, () => grantCookies);
    const loginExchange = makeExchange(deadline, () => []);
    const url = `${authenticator.apiOrigin}${ONR_CONTEXT_PATH}${path}`;
    for (let relogged = false; ; relogged = true) {
      const grant = await authenticator.grant(loginExchange);
      grantCookies = grant.cookies;
      const response = await exchange({
        route,
        method,
        url,
        headers: { ...grant.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        retry,
      });
      const verdict = authenticator.verdict(response);
      if (verdict === 'ok') return response;
      if (verdict === 'denied') throw new OnrError('unauthorized', `${route} refused for the service account`, 401);
      if (relogged) throw authenticator.errorAfterRelogin(response);
      logger?.info(
        { event: 'onr.relogin', route, auth: authenticator.kind, status: response.status },
        'onr session expired; logging in again once',
      );
      authenticator.invalidate(grant);
    }
  }

  function mapStatus(route: string, response: HttpResponse): never {
    const status = response.status;
    if (status === 400) throw new OnrError('validation', route, status);
    if (status === 401) throw new OnrError('unauthorized', route, status);
    if (status === 403) throw new OnrError('forbidden', route, status);
    if (status === 404) throw new OnrError('not_found', route, status);
    if (status === 409) throw new OnrError('name_mismatch', route, status);
    if (status === 408) throw new OnrError('timeout', route, status);
    if (status === 429 || status >= 500) throw new OnrError('unavailable', route, status);
    throw new OnrError('unexpected', route, status);
  }

  function parseJson<T>(route: string, response: HttpResponse, schema: z.ZodType<T>): T {
    let data: unknown;
    try {
      data = JSON.parse(response.text);
    } catch {
      throw new OnrError('unexpected', `${route}: body is not JSON`, response.status);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new OnrError('unexpected', `${route}: unexpected body shape`, response.status);
    return parsed.data;
  }

  async function run<T>(route: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await work();
      logger?.info({ event: 'onr.call', route, outcome: 'ok', ms: Math.round(performance.now() - started) }, 'onr call');
      return result;
    } catch (error) {
      const mapped = isOnrError(error) ? error : new OnrError('unexpected', 'client error');
      logger?.warn(
        {
          event: 'onr.call',
          route,
          outcome: mapped.kind,
          status: mapped.status,
          ms: Math.round(performance.now() - started),
          breaker: breaker.current,
        },
        'onr call failed',
      );
      throw mapped;
    }
  }

  return {
    environment: endpoints.environment,

    findByHetu(input, callOptions) {
      const hetu = guardHetu(input.hetu);
      const names = checkNames(input);
      // Refused before any I/O or log line that could carry the value.
      if (!hetu.ok) return Promise.reject(new OnrError('refused', 'identifier guard'));
      if (!names.ok && names.problem === 'personal_id') return Promise.reject(new OnrError('refused', 'identifier guard'));
      if (!names.ok) return Promise.reject(new OnrError('validation', `names: ${names.problem}`));
      return run('hae', async () => {
        const response = await callOnr(
          'hae',
          'POST',
          '/yleistunniste/hae',
          { ...names.value, hetu: hetu.value },
          'connect-only',
          callOptions,
        );
        if (response.status !== 200) mapStatus('hae', response);
        const body = parseJson('hae', response, haeResponse);
        return { oid: body.oid, oppijanumero: body.oppijanumero ?? null };
      });
    },

    checkOid(raw, callOptions) {
      const oid = guardOid(raw);
      if (!oid.ok) return Promise.reject(new OnrError('refused', 'identifier guard'));
      return run('hae-oid', async () => {
        const response = await callOnr(
          'hae-oid',
          'GET',
          `/yleistunniste/hae/${encodeURIComponent(oid.value)}`,
          undefined,
          'safe',
          callOptions,
        );
        if (response.status !== 200) mapStatus('hae-oid', response);
        const body = parseJson('hae-oid', response, checkResponse);
        return { oid: body.oid, oppijanumero: body.oppijanumero ?? null, passivoitu: body.passivoitu ?? false, linked: body.linked ?? [] };
      });
    },

    stats() {
      return {
        environment: endpoints.environment,
        auth: authenticator.kind,
        keepAlive: transport.keepAlive,
        breaker: breaker.current,
        logins: authenticator.logins,
        attempts,
        retries,
        rejectedByBreaker: breaker.rejected,
      };
    },

    async close() {
      const deadline = performance.now() + 1_000;
      await authenticator.logout(makeExchange(deadline, () => [])).catch(() => undefined);
      await transport.close();
    },
  };
}

/** The ONR_* settings, as the composition root passes them in from config.ts. */
export interface OnrSettings {
  ONR_BASE_URL?: string | undefined;
  ONR_AUTH: 'cas' | 'oauth2';
  ONR_USERNAME?: string | undefined;
  ONR_PASSWORD?: string | undefined;
  ONR_CLIENT_ID?: string | undefined;
  ONR_CLIENT_SECRET?: string | undefined;
  ONR_CALLER_ID: string;
}

/** Builds the client from the ONR_* settings; returns null when ONR is not configured. */
export function createOnrClientFromConfig(
  config: OnrSettings,
  extra: Omit<OnrClientOptions, 'baseUrl' | 'auth' | 'callerId'> = {},
): OnrClient | null {
  if (!config.ONR_BASE_URL) return null;
  const auth: OnrClientOptions['auth'] =
    config.ONR_AUTH === 'oauth2'
      ? { kind: 'oauth2', clientId: config.ONR_CLIENT_ID ?? '', clientSecret: config.ONR_CLIENT_SECRET ?? '' }
      : { kind: 'cas', username: config.ONR_USERNAME ?? '', password: config.ONR_PASSWORD ?? '' };
  if (auth.kind === 'cas' && !(auth.username && auth.password)) throw new Error('ONR_AUTH=cas needs ONR_USERNAME and ONR_PASSWORD');
  if (auth.kind === 'oauth2' && !(auth.clientId && auth.clientSecret))
    throw new Error('ONR_AUTH=oauth2 needs ONR_CLIENT_ID and ONR_CLIENT_SECRET');
  return createOnrClient({ baseUrl: config.ONR_BASE_URL, auth, callerId: config.ONR_CALLER_ID, ...extra });
}
