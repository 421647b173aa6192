import { OnrError } from './onr-errors.js';
import { headerValue, headerValues, type HttpResponse } from './onr-http.js';
import type { OnrEndpoints } from './onr-endpoints.js';

/**
 * The two ways ONR accepts a service account (onr-api.md §2): a CAS session (TGT → ST → JSESSIONID)
 * or an OAuth2 client-credentials bearer token. Both log in lazily, share one login among concurrent
 * callers (single flight), and tell the client whether a refused call is worth exactly one fresh login.
 */

export type RetryPolicy = 'safe' | 'connect-only';

export interface ExchangeRequest {
  route: string;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  retry: RetryPolicy;
}

/** Sends one request through the client's breaker, deadline, retries and common headers. */
export type Exchange = (request: ExchangeRequest) => Promise<HttpResponse>;

export interface AuthGrant {
  /** Changes with every login, so a stale failure does not throw away a newer session. */
  readonly generation: number;
  readonly cookies: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
}

/** ok = use the response; expired = log in again once and retry; denied = the account lacks the role. */
export type AuthVerdict = 'ok' | 'expired' | 'denied';

export interface Authenticator {
  readonly kind: 'cas' | 'oauth2';
  /** Origin the ONR API is called at with this kind of credential. */
  readonly apiOrigin: string;
  grant(exchange: Exchange): Promise<AuthGrant>;
  verdict(response: HttpResponse): AuthVerdict;
  invalidate(grant: AuthGrant): void;
  /** The error for a response that is still refused right after a fresh login. */
  errorAfterRelogin(response: HttpResponse): OnrError;
  readonly logins: number;
  /** Best-effort logout at shutdown. */
  logout(exchange: Exchange): Promise<void>;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * What both kinds share: a lazy login that concurrent callers share (single flight — CAS may reject
 * concurrent validation of one new ticket with 412, so one login serves all), counted in `logins`, and a
 * generation per login so that a stale failure does not throw away a newer session.
 */
abstract class SingleFlightLogin<Credentials, Session> {
  logins = 0;
  protected generation = 0;
  private pending: Promise<Session> | null = null;

  constructor(
    protected readonly endpoints: OnrEndpoints,
    protected readonly credentials: Credentials,
    protected readonly now: () => number,
  ) {}

  protected login(exchange: Exchange): Promise<Session> {
    if (!this.pending) {
      this.logins++;
      this.pending = this.freshLogin(exchange).finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  /** One real login (or token request); its result carries the next generation. */
  protected abstract freshLogin(exchange: Exchange): Promise<Session>;
}

// ---------------------------------------------------------------------------------------------------

export interface CasCredentials {
  username: string;
  password: string;
}

interface CasSession {
  generation: number;
  jsessionId: string;
}

/** TGT lifetime in CAS is 8 h; renew a little earlier so a long-lived process never uses a dead one. */
const TGT_TTL_MS = 8 * 60 * 60 * 1000 - 5 * 60 * 1000;

export class CasAuthenticator extends SingleFlightLogin<CasCredentials, CasSession> implements Authenticator {
  readonly kind = 'cas' as const;
  private tgt: { id: string; expiresAt: number } | null = null;
  private session: CasSession | null = null;

  get apiOrigin(): string {
    return this.endpoints.virkailijaOrigin;
  }

  async grant(exchange: Exchange): Promise<AuthGrant> {
    const session = this.session ?? (await this.login(exchange));
    return { generation: session.generation, cookies: [`JSESSIONID=${session.jsessionId}`], headers: {} };
  }

  verdict(response: HttpResponse): AuthVerdict {
    if (response.status === 401) return 'expired';
    if (response.status === 302 && isCasLoginRedirect(response)) return 'expired';
    return 'ok';
  }

  invalidate(grant: AuthGrant): void {
    if (this.session?.generation === grant.generation) this.session = null;
  }

  errorAfterRelogin(response: HttpResponse): OnrError {
    // A fresh session that still gets 401 means the role is missing (ONR maps access-denied to 401);
    // a fresh session that is still redirected to login means the session could not be established.
    return response.status === 401
      ? new OnrError('unauthorized', 'still 401 after a fresh CAS login', 401)
      : new OnrError('auth_failed', 'still redirected to CAS login after a fresh login', response.status);
  }

  async logout(exchange: Exchange): Promise<void> {
    const tgt = this.tgt;
    this.tgt = null;
    this.session = null;
    if (!tgt) return;
    await exchange({ route: 'cas-logout', method: 'DELETE', url: this.ticketsUrl(tgt.id), retry: 'connect-only' }).catch(() => undefined);
  }

  protected async freshLogin(exchange: Exchange): Promise<CasSession> {
    let serviceTicket = await this.serviceTicket(exchange);
    if (serviceTicket === null) {
      // The cached TGT was unknown or expired at CAS: get a new one, once.
      this.tgt = null;
      serviceTicket = await this.serviceTicket(exchange);
      if (serviceTicket === null) throw new OnrError('auth_failed', 'fresh TGT refused for a service ticket', 404);
    }
    const response = await exchange({
      route: 'cas-session',
      method: 'GET',
      url: `${this.endpoints.casServiceUrl}?ticket=${encodeURIComponent(serviceTicket)}`,
      // A service ticket is single use: a repeated GET could only fail, so retry connect errors only.
      retry: 'connect-only',
    });
    const jsessionId = findCookie(headerValues(response.headers, 'set-cookie'), 'JSESSIONID');
    if (response.status >= 500) throw new OnrError('unavailable', 'session check', response.status);
    if (response.status === 401 || response.status === 403 || !jsessionId) {
      throw new OnrError('auth_failed', 'service ticket not accepted', response.status);
    }
    this.session = { generation: ++this.generation, jsessionId };
    return this.session;
  }

  /** Returns null when CAS no longer knows our TGT (404), so the caller can get a new one. */
  private async serviceTicket(exchange: Exchange): Promise<string | null> {
    const tgt = await this.ticketGrantingTicket(exchange);
    const response = await exchange({
      route: 'cas-st',
      method: 'POST',
      url: this.ticketsUrl(tgt),
      headers: FORM,
      body: new URLSearchParams({ service: this.endpoints.casServiceUrl }).toString(),
      retry: 'connect-only',
    });
    if (response.status === 404) return null;
    if (response.status >= 500) throw new OnrError('unavailable', 'service ticket', response.status);
    const ticket = response.text.trim();
    if (response.status !== 200 || !/^ST-[A-Za-z0-9._-]{1,256}$/.test(ticket)) {
      throw new OnrError('auth_failed', 'no service ticket', response.status);
    }
    return ticket;
  }

  private async ticketGrantingTicket(exchange: Exchange): Promise<string> {
    if (this.tgt && this.tgt.expiresAt > this.now()) return this.tgt.id;
    const response = await exchange({
      route: 'cas-tgt',
      method: 'POST',
      url: `${this.endpoints.virkailijaOrigin}/cas/v1/tickets`,
      headers: FORM,
      body: new URLSearchParams({ username: this.credentials.username, password: this.credentials.password }).toString(),
      retry: 'connect-only',
    });
    if (response.status >= 500) throw new OnrError('unavailable', 'ticket granting ticket', response.status);
    if (response.status !== 201) throw new OnrError('auth_failed', 'credentials refused by CAS', response.status);
    // Only the id is taken from Location; the host is always our own configured one (no SSRF via CAS).
    const location = headerValue(response.headers, 'location') ?? '';
    const id = location.split('?')[0]!.split('/').pop() ?? '';
    if (!/^TGT-[A-Za-z0-9._-]{1,256}$/.test(id)) throw new OnrError('auth_failed', 'no ticket granting ticket', response.status);
    this.tgt = { id, expiresAt: this.now() + TGT_TTL_MS };
    return id;
  }

  private ticketsUrl(tgt: string): string {
    return `${this.endpoints.virkailijaOrigin}/cas/v1/tickets/${encodeURIComponent(tgt)}`;
  }
}

export function isCasLoginRedirect(response: HttpResponse): boolean {
  const location = headerValue(response.headers, 'location') ?? '';
  return /\/cas\/login(\?|$)/.test(location);
}

export function findCookie(setCookies: readonly string[], name: string): string | undefined {
  for (const header of setCookies) {
    const [pair] = header.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0 && pair.slice(0, eq).trim() === name) {
      const value = pair.slice(eq + 1).trim();
      if (/^[A-Za-z0-9._~+/=-]{1,512}$/.test(value)) return value;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------

export interface OAuth2Credentials {
  clientId: string;
  clientSecret: string;
}

interface BearerToken {
  generation: number;
  accessToken: string;
  expiresAt: number;
}

/** ONR itself caches tokens for 250 s of their 300 s; stay inside that and renew 30 s early. */
const MAX_TOKEN_CACHE_MS = 250_000;
const TOKEN_RENEW_MARGIN_MS = 30_000;

export class OAuth2Authenticator extends SingleFlightLogin<OAuth2Credentials, BearerToken> implements Authenticator {
  readonly kind = 'oauth2' as const;
  private token: BearerToken | null = null;

  get apiOrigin(): string {
    return this.endpoints.oauthApiOrigin;
  }

  async grant(exchange: Exchange): Promise<AuthGrant> {
    const current = this.token && this.token.expiresAt > this.now() ? this.token : await this.login(exchange);
    return { generation: current.generation, cookies: [], headers: { authorization: `Bearer ${current.accessToken}` } };
  }

  verdict(response: HttpResponse): AuthVerdict {
    if (response.status !== 401) return 'ok';
    // Only an invalid/expired token is worth a new one; a valid token without the role stays refused.
    return /invalid_token/i.test(headerValue(response.headers, 'www-authenticate') ?? '') ? 'expired' : 'denied';
  }

  invalidate(grant: AuthGrant): void {
    if (this.token?.generation === grant.generation) this.token = null;
  }

  errorAfterRelogin(response: HttpResponse): OnrError {
    return this.verdict(response) === 'denied'
      ? new OnrError('unauthorized', 'token lacks the role', 401)
      : new OnrError('auth_failed', 'fresh token refused', response.status);
  }

  async logout(): Promise<void> {
    this.token = null;
  }

  protected async freshLogin(exchange: Exchange): Promise<BearerToken> {
    const response = await exchange({
      route: 'oauth2-token',
      method: 'POST',
      url: this.endpoints.tokenUrl,
      headers: FORM,
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
      }).toString(),
      retry: 'connect-only',
    });
    if (response.status >= 500) throw new OnrError('unavailable', 'token endpoint', response.status);
    if (response.status !== 200) throw new OnrError('auth_failed', 'client credentials refused', response.status);
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(response.text) as typeof parsed;
    } catch {
      throw new OnrError('unexpected', 'token response is not JSON', 200);
    }
    if (typeof parsed.access_token !== 'string' || parsed.access_token.length === 0 || parsed.access_token.length > 8192) {
      throw new OnrError('unexpected', 'token response has no access_token', 200);
    }
    const lifetimeMs = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in * 1000 : 60_000;
    const cacheMs = Math.max(1_000, Math.min(lifetimeMs, MAX_TOKEN_CACHE_MS) - TOKEN_RENEW_MARGIN_MS);
    this.token = { generation: ++this.generation, accessToken: parsed.access_token, expiresAt: this.now() + cacheMs };
    return this.token;
  }
}
