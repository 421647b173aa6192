/**
 * HTTP face of the fake ONR test environment (onr-api.md §9): CAS REST (A1–A6), the OAuth2 token
 * endpoint (A7), the yleistunniste endpoints (O1–O6), ONR's auth rules (302 to CAS login, 401 for an
 * expired session or a missing role, bearer tokens), fault injection and a loopback-only control API
 * under /__fake. Every request outside /__fake is counted, so tests can prove that a refused
 * identifier caused no request at all.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidHetu, nameFieldErrors, type NameFields } from './rules.js';
import { FakeOnrState, type FakeOnrSettings, type ImportRow, type Session } from './state.js';
import type { ServiceUser, VtjPerson } from './seed.js';

const CONTEXT = '/oppijanumerorekisteri-service';
const SERVICE_PATH = `${CONTEXT}/j_spring_cas_security_check`;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface FakeFault {
  /** Method to match (any when absent). */
  method?: string;
  /** Path prefix to match, or a regular expression source when it starts with '^'. */
  path: string;
  /** Answer with this status instead of the real handler (after any delay). */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Delay before answering; with no status the real handler answers after the delay (slow response). */
  delayMs?: number;
  /** Destroy the connection without answering (connection reset). */
  reset?: boolean;
  /** Apply to this many matching requests, then disappear (unlimited when absent). */
  times?: number;
}

interface ActiveFault extends FakeFault {
  id: number;
  hits: number;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  callerId: string | null;
  csrfHeader: string | null;
  csrfCookie: string | null;
  auth: 'bearer' | 'session' | 'ticket' | 'none';
  status: number | null;
  /** Request body as received (credentials replaced), capped at 2 KB — lets tests scan what was sent. */
  body: string;
}

export interface StartFakeOnrOptions extends Partial<FakeOnrSettings> {
  /** 0 = any free port (tests); local mode uses FAKE_ONR_PORT (default 3980). */
  port?: number;
  host?: string;
}

export interface FakeOnrStats {
  requests: number;
}

export interface FakeOnr {
  url: string;
  port: number;
  stop(): Promise<void>;
  stats(): FakeOnrStats;
  requests(): RequestLogEntry[];
  control: FakeOnrControl;
  state: FakeOnrState;
}

/** The fake-only control surface; the HTTP API under /__fake calls the same methods. */
export class FakeOnrControl {
  faults: ActiveFault[] = [];
  log: RequestLogEntry[] = [];
  requestCount = 0;
  tickerPaused = false;
  private nextFaultId = 1;

  constructor(
    readonly state: FakeOnrState,
    private readonly onImportsChanged: () => void,
  ) {}

  /** Seed state, start-up settings, no faults, counters at zero. */
  reset(): void {
    this.state.reset();
    this.state.settings = { ...this.state.initialSettings };
    this.state.clockOffsetMs = 0;
    this.faults = [];
    this.log = [];
    this.requestCount = 0;
    this.tickerPaused = false;
  }
  addFault(fault: FakeFault): number {
    const id = this.nextFaultId++;
    this.faults.push({ ...fault, id, hits: 0 });
    return id;
  }
  clearFaults(): void {
    this.faults = [];
  }
  expireSessions(): number {
    return this.state.expireSessions();
  }
  expireTgts(): number {
    return this.state.expireTgts();
  }
  expireTokens(): number {
    return this.state.expireTokens();
  }
  configure(settings: Partial<FakeOnrSettings>): FakeOnrSettings {
    this.state.settings = { ...this.state.settings, ...settings };
    return this.state.settings;
  }
  setRoles(username: string, roles: ServiceUser['roles']): boolean {
    const user = this.state.users.get(username);
    if (!user) return false;
    user.roles = roles;
    return true;
  }
  advanceClock(ms: number): number {
    this.state.clockOffsetMs += ms;
    return this.state.now();
  }
  addVtjPerson(person: VtjPerson): void {
    this.state.vtj.set(person.hetu, { ...person });
  }
  pauseTicker(): void {
    this.tickerPaused = true;
  }
  resumeTicker(): void {
    this.tickerPaused = false;
    this.onImportsChanged();
  }
  stepTicker(): void {
    this.state.processImports();
  }

  matchFault(method: string, path: string): ActiveFault | undefined {
    const fault = this.faults.find((f) => {
      if (f.method && f.method.toUpperCase() !== method) return false;
      return f.path.startsWith('^') ? new RegExp(f.path).test(path) : path.startsWith(f.path);
    });
    if (!fault) return undefined;
    fault.hits++;
    if (fault.times !== undefined && fault.hits >= fault.times) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}

// ---------------------------------------------------------------------------------------------------
// helpers

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string | string[]>; text?: string };

function json(status: number, body: unknown, headers: Record<string, string | string[]> = {}): Reply {
  return { status, body, headers };
}

export function createFakeOnrServer(settings: Partial<FakeOnrSettings> = {}) {
  const state = new FakeOnrState(settings);
  let ticker: NodeJS.Timeout | null = null;
  const delays = new Set<NodeJS.Timeout>();

  const ensureTicker = () => {
    if (ticker || control.tickerPaused || !state.hasPendingImports()) return;
    ticker = setInterval(() => {
      if (control.tickerPaused) return;
      state.processImports();
      if (!state.hasPendingImports() && ticker) {
        clearInterval(ticker);
        ticker = null;
      }
    }, state.settings.tickMs);
    ticker.unref();
  };
  const control = new FakeOnrControl(state, ensureTicker);

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      delays.add(timer);
    });

  // Error bodies: ONR-built (400/403/500) and Spring Boot default (401/404/409), onr-api.md §3.
  const springError = (status: number, error: string, path: string): Reply => json(status, { timestamp: state.now(), status, error, path });
  const onrError = (
    status: number,
    error: string,
    exception: string,
    message: string,
    path: string,
    extra: Record<string, unknown> = {},
  ): Reply => json(status, { timestamp: state.now(), status, error, exception, message, path, ...extra });

  function baseUrl(req: http.IncomingMessage): string {
    return `http://${req.headers.host ?? '127.0.0.1'}`;
  }

  // ------------------------------------------------------------------------------------------------
  // CAS + OAuth2

  function handleCas(req: http.IncomingMessage, method: string, path: string, body: string): Reply {
    const form = new URLSearchParams(body);
    if (method === 'POST' && path === '/cas/v1/tickets') {
      const username = form.get('username');
      const password = form.get('password');
      if (!username || !password) return { status: 400, text: 'Missing username or password' };
      const tgt = state.createTgt(username, password);
      if (!tgt) return { status: 401, text: 'Authentication failed' };
      return {
        status: 201,
        headers: { location: `${baseUrl(req)}/cas/v1/tickets/${tgt}`, 'content-type': 'text/html;charset=UTF-8' },
        text: `<!DOCTYPE html><html><body><h1>TGT Created</h1><form action="${baseUrl(req)}/cas/v1/tickets/${tgt}" method="POST"></form></body></html>`,
      };
    }
    const ticketMatch = /^\/cas\/v1\/tickets\/([^/]+)$/.exec(path);
    if (ticketMatch && method === 'POST') {
      const service = form.get('service');
      if (!service) return { status: 400, text: 'Missing service' };
      const st = state.createServiceTicket(decodeURIComponent(ticketMatch[1]!), service);
      if (!st) return { status: 404, text: 'TGT not found' };
      return { status: 200, headers: { 'content-type': 'text/plain;charset=UTF-8' }, text: st };
    }
    if (ticketMatch && method === 'DELETE') {
      state.destroyTgt(decodeURIComponent(ticketMatch[1]!));
      return { status: 200, text: '' };
    }
    if (method === 'GET' && path === '/cas/login') {
      return {
        status: 200,
        headers: { 'content-type': 'text/html;charset=UTF-8' },
        text: '<!DOCTYPE html><html><body>Fake CAS login</body></html>',
      };
    }
    return { status: 404, text: 'Not found' };
  }

  function handleToken(req: http.IncomingMessage, body: string): Reply {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    const issued = state.issueToken(form.get('client_id') ?? '', form.get('client_secret') ?? '', `${baseUrl(req)}/kayttooikeus-service`);
    if (!issued) return json(401, { error: 'invalid_client' });
    return json(200, { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: 'oauth2' });
  }

  // ------------------------------------------------------------------------------------------------
  // ONR authentication: returns the caller or the reply that ends the request.

  function casLoginRedirect(req: http.IncomingMessage): Reply {
    const service = encodeURIComponent(`${baseUrl(req)}${SERVICE_PATH}`);
    return { status: 302, headers: { location: `${baseUrl(req)}/cas/login?service=${service}` }, text: '' };
  }

  function authenticate(
    req: http.IncomingMessage,
    url: URL,
    path: string,
    entry: RequestLogEntry,
  ): { username: string; setCookie?: string } | Reply {
    const authorization = req.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      entry.auth = 'bearer';
      const verified = state.verifyToken(authorization.slice(7).trim());
      if (!verified) {
        return {
          status: 401,
          headers: {
            'www-authenticate':
              'Bearer error="invalid_token", error_description="Jwt expired", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"',
          },
          text: '',
        };
      }
      return { username: verified.username };
    }
    // A5: a ticket in the CasSecurityTicket header (any method) or ?ticket= (GET only) authenticates
    // this request and starts a session.
    const ticket =
      (req.headers['cassecurityticket'] as string | undefined) ?? (req.method === 'GET' ? url.searchParams.get('ticket') : null);
    if (ticket) {
      entry.auth = 'ticket';
      const session = state.validateServiceTicket(ticket, `${baseUrl(req)}${SERVICE_PATH}`);
      if (!session) return springError(401, 'Unauthorized', path);
      return { username: session.username, setCookie: sessionCookie(session) };
    }
    const cookies = parseCookies(req.headers.cookie);
    const used = state.useSession(cookies.JSESSIONID);
    if (cookies.JSESSIONID) entry.auth = 'session';
    if (used === 'unknown') return casLoginRedirect(req);
    if (used === 'expired')
      return state.settings.sessionExpiryMode === 401 ? springError(401, 'Unauthorized', path) : casLoginRedirect(req);
    return { username: used.username };
  }

  function sessionCookie(session: Session): string {
    return `JSESSIONID=${session.id}; Path=${CONTEXT}/; HttpOnly`;
  }

  // ------------------------------------------------------------------------------------------------
  // ONR endpoints

  function haeValidation(body: Record<string, unknown>, path: string): Reply | null {
    const errors = nameFieldErrors(body as Partial<Record<keyof NameFields, unknown>>);
    const hetu = body.hetu;
    if (typeof hetu !== 'string' || !hetu) errors.push("field 'hetu': Cannot be empty");
    else if (!isValidHetu(hetu, state.settings.allowFakeSsn)) errors.push("field 'hetu': invalid.hetu");
    if (!errors.length) return null;
    return onrError(
      400,
      'Bad Request',
      'org.springframework.web.bind.MethodArgumentNotValidException',
      `Validation failed: ${errors.map((e) => `[Field error on ${e}]`).join(' ')}`,
      path,
    );
  }

  function parseJsonObject(text: string): Record<string, unknown> | null {
    try {
      const value = JSON.parse(text) as unknown;
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  function unreadable(path: string): Reply {
    return onrError(400, 'Bad Request', 'org.springframework.http.converter.HttpMessageNotReadableException', 'JSON parse error', path);
  }

  function handleOnr(method: string, path: string, text: string, username: string): Reply {
    const local = path.slice(CONTEXT.length).replace(/\/+$/, '') || '/';
    if (!state.hasYleistunnisteRole(username) && local.startsWith('/yleistunniste')) {
      // ONR maps access-denied to 401 (GlobalExceptionHandler), not 403.
      return springError(401, 'Unauthorized', path);
    }
    if (method === 'POST' && local === '/yleistunniste/hae') {
      const body = parseJsonObject(text);
      if (!body) return unreadable(path);
      const invalid = haeValidation(body, path);
      if (invalid) return invalid;
      const outcome = state.hae(
        {
          hetu: body.hetu as string,
          etunimet: body.etunimet as string,
          kutsumanimi: body.kutsumanimi as string,
          sukunimi: body.sukunimi as string,
        },
        state.organisations(username),
      );
      if (outcome.status === 404) return springError(404, 'Not Found', path);
      if (outcome.status === 409) return springError(409, 'Conflict', path);
      return json(200, outcome.body);
    }
    const oidMatch = /^\/yleistunniste\/hae\/([^/]+)$/.exec(local);
    if (method === 'GET' && oidMatch) {
      const found = state.checkOid(decodeURIComponent(oidMatch[1]!));
      return found ? json(200, found) : springError(404, 'Not Found', path);
    }
    if (method === 'PUT' && local === '/yleistunniste') {
      const body = parseJsonObject(text);
      if (!body) return unreadable(path);
      const henkilot = body.henkilot;
      if (!Array.isArray(henkilot) || henkilot.length === 0) {
        return onrError(
          400,
          'Bad Request',
          'org.springframework.web.bind.MethodArgumentNotValidException',
          "Validation failed: [Field error on field 'henkilot': must not be empty]",
          path,
        );
      }
      const sahkoposti = body.sahkoposti;
      if (sahkoposti !== undefined && sahkoposti !== null && (typeof sahkoposti !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(sahkoposti))) {
        return onrError(
          400,
          'Bad Request',
          'org.springframework.web.bind.MethodArgumentNotValidException',
          "Validation failed: [Field error on field 'sahkoposti': must be a well-formed email address]",
          path,
        );
      }
      const rows: ImportRow[] = [];
      for (const [i, raw] of henkilot.entries()) {
        const row = raw as { tunniste?: unknown; henkilo?: Record<string, unknown> } | null;
        if (!row || typeof row.tunniste !== 'string' || !row.tunniste.trim() || !row.henkilo || typeof row.henkilo !== 'object') {
          return onrError(
            400,
            'Bad Request',
            'org.springframework.web.bind.MethodArgumentNotValidException',
            `Validation failed: [Field error on field 'henkilot[${i}]']`,
            path,
          );
        }
        const invalid = haeValidation(row.henkilo, path);
        if (invalid) return invalid;
        const h = row.henkilo;
        rows.push({
          tunniste: row.tunniste,
          henkilo: {
            hetu: h.hetu as string,
            etunimet: h.etunimet as string,
            kutsumanimi: h.kutsumanimi as string,
            sukunimi: h.sukunimi as string,
          },
        });
      }
      if (!state.organisations(username).length) {
        const oid = state.users.get(username)?.oid ?? '';
        return onrError(
          400,
          'Bad Request',
          'fi.vm.sade.oppijanumerorekisteri.exceptions.ValidationException',
          `Käyttäjällä ${oid} ei ole yhtään organisaatiota joihin oppijat liitetään`,
          path,
        );
      }
      const tuonti = state.createImport(rows, typeof sahkoposti === 'string' ? sahkoposti : null, username);
      ensureTicker();
      return json(200, state.importSummary(tuonti));
    }
    const tuontiMatch = /^\/yleistunniste\/tuonti=(\d+)(\/perustiedot)?$/.exec(local);
    if (tuontiMatch) {
      const tuonti = state.imports.get(Number(tuontiMatch[1]));
      if (!tuonti) return springError(404, 'Not Found', path);
      if (method === 'GET' && tuontiMatch[2]) return json(200, state.importSummary(tuonti));
      if (method === 'POST' && !tuontiMatch[2]) {
        ensureTicker();
        return json(200, state.importSummary(tuonti));
      }
      if (method === 'GET') {
        const result = state.importResult(tuonti, username);
        return result
          ? json(200, result)
          : onrError(
              403,
              'Forbidden',
              'fi.vm.sade.oppijanumerorekisteri.exceptions.ForbiddenException',
              'Oppijoiden tuonnin tietoihin ei oikeuksia',
              path,
            );
      }
    }
    return springError(404, 'Not Found', path);
  }

  // ------------------------------------------------------------------------------------------------
  // Control API (/__fake), loopback only and never counted.

  async function handleControl(method: string, path: string, text: string, req: http.IncomingMessage): Promise<Reply> {
    if (!isLoopback(req.socket.remoteAddress)) return json(403, { error: 'control API is loopback only' });
    const body = (text ? parseJsonObject(text) : {}) ?? {};
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /__fake/stats':
        return json(200, { requests: control.requestCount });
      case 'GET /__fake/persons':
        return json(200, state.seededPersons());
      case 'GET /__fake/requests':
        return json(200, control.log);
      case 'GET /__fake/config':
        return json(200, state.settings);
      case 'POST /__fake/reset':
        control.reset();
        return json(200, { ok: true });
      case 'POST /__fake/faults':
        if (typeof body.path !== 'string') return json(400, { error: 'path required' });
        return json(200, { id: control.addFault(body as unknown as FakeFault) });
      case 'DELETE /__fake/faults':
        control.clearFaults();
        return json(200, { ok: true });
      case 'POST /__fake/sessions/expire':
        return json(200, { expired: control.expireSessions() });
      case 'POST /__fake/tgts/expire':
        return json(200, { expired: control.expireTgts() });
      case 'POST /__fake/tokens/expire':
        return json(200, { expired: control.expireTokens() });
      case 'PUT /__fake/config':
        return json(200, control.configure(body as Partial<FakeOnrSettings>));
      case 'POST /__fake/clock/advance':
        return json(200, { now: control.advanceClock(Number(body.ms) || 0) });
      case 'POST /__fake/vtj':
        control.addVtjPerson(body as unknown as VtjPerson);
        return json(200, { ok: true });
      case 'POST /__fake/ticker/pause':
        control.pauseTicker();
        return json(200, { ok: true });
      case 'POST /__fake/ticker/resume':
        control.resumeTicker();
        return json(200, { ok: true });
      case 'POST /__fake/ticker/step':
        control.stepTicker();
        return json(200, { ok: true });
    }
    const roles = /^PUT \/__fake\/users\/([^/]+)\/roles$/.exec(route);
    if (roles)
      return control.setRoles(decodeURIComponent(roles[1]!), body.roles as ServiceUser['roles'])
        ? json(200, { ok: true })
        : json(404, { error: 'no such user' });
    const person = /^POST \/__fake\/persons\/([^/]+)\/(identify|passivate|link)$/.exec(route);
    if (person) {
      const oid = decodeURIComponent(person[1]!);
      const ok =
        person[2] === 'identify'
          ? state.identify(oid)
          : person[2] === 'passivate'
            ? state.passivate(oid, body.passivoitu !== false)
            : state.link(oid, String(body.slave ?? ''));
      return ok ? json(200, { ok: true }) : json(404, { error: 'no such person' });
    }
    return json(404, { error: 'unknown control route' });
  }

  // ------------------------------------------------------------------------------------------------

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const path = url.pathname;
    const text = await readBody(req);
    if (text === null) return write(res, { status: 413, text: 'Payload too large' });

    if (path.startsWith('/__fake')) return write(res, await handleControl(method, path, text, req));

    control.requestCount++;
    const cookies = parseCookies(req.headers.cookie);
    const credentialsRoute = path === '/cas/v1/tickets' || path.startsWith('/kayttooikeus-service/oauth2/token');
    const entry: RequestLogEntry = {
      at: state.now(),
      method,
      path,
      callerId: (req.headers['caller-id'] as string | undefined) ?? null,
      csrfHeader: (req.headers.csrf as string | undefined) ?? null,
      csrfCookie: cookies.CSRF ?? null,
      auth: 'none',
      status: null,
      body: credentialsRoute ? '[credentials]' : text.slice(0, 2048),
    };
    control.log.push(entry);
    if (control.log.length > 10_000) control.log.shift();

    const fault = control.matchFault(method, path);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (res.destroyed || req.socket.destroyed) return;
    if (fault?.reset) {
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      entry.status = fault.status;
      const body =
        fault.body === undefined
          ? { timestamp: state.now(), status: fault.status, error: http.STATUS_CODES[fault.status] ?? 'Error', path }
          : fault.body;
      return write(
        res,
        typeof body === 'string'
          ? { status: fault.status, text: body, headers: fault.headers ?? {} }
          : json(fault.status, body, fault.headers ?? {}),
      );
    }

    let reply: Reply;
    if (
      state.settings.requireCsrf &&
      ['POST', 'PUT', 'DELETE'].includes(method) &&
      (!entry.csrfHeader || entry.csrfHeader !== entry.csrfCookie)
    ) {
      reply = { status: 403, text: 'CSRF check failed' };
    } else if (path.startsWith('/cas/')) {
      reply = handleCas(req, method, path, text);
    } else if (path === '/kayttooikeus-service/oauth2/token' && method === 'POST') {
      reply = handleToken(req, text);
    } else if (path === SERVICE_PATH && method === 'GET') {
      const session = state.validateServiceTicket(url.searchParams.get('ticket') ?? '', `${baseUrl(req)}${SERVICE_PATH}`);
      reply = session
        ? { status: 302, headers: { location: `${CONTEXT}/`, 'set-cookie': sessionCookie(session) }, text: '' }
        : springError(401, 'Unauthorized', path);
    } else if (path === `${CONTEXT}/swagger-ui/` || path === `${CONTEXT}/swagger-ui/index.html`) {
      reply = { status: 200, headers: { 'content-type': 'text/html' }, text: '<!DOCTYPE html><html><body>Fake ONR swagger</body></html>' };
    } else if (path === `${CONTEXT}/v3/api-docs`) {
      reply = json(200, {
        openapi: '3.0.1',
        info: { title: 'fake oppijanumerorekisteri-service', version: 'fake' },
        paths: { '/yleistunniste/hae': {}, '/yleistunniste/hae/{oid}': {}, '/yleistunniste': {} },
      });
    } else if (path.startsWith(`${CONTEXT}/`)) {
      const auth = authenticate(req, url, path, entry);
      if ('status' in auth) reply = auth;
      else {
        reply = handleOnr(method, path, text, auth.username);
        if (auth.setCookie) reply.headers = { ...(reply.headers ?? {}), 'set-cookie': auth.setCookie };
      }
    } else {
      reply = { status: 404, text: 'Not found' };
    }
    entry.status = reply.status;
    write(res, reply);
  }

  function write(res: http.ServerResponse, reply: Reply): void {
    if (res.destroyed) return;
    const headers: Record<string, string | string[]> = { ...(reply.headers ?? {}) };
    const payload = reply.body !== undefined ? JSON.stringify(reply.body) : (reply.text ?? '');
    if (reply.body !== undefined) headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) write(res, { status: 500, text: 'fake error' });
    });
  });

  function stopBackground(): void {
    if (ticker) clearInterval(ticker);
    ticker = null;
    for (const timer of delays) clearTimeout(timer);
    delays.clear();
  }

  return { server, state, control, stopBackground };
}

/**
 * Starts the fake on 127.0.0.1 (port 0 picks a free port). `stop()` closes the server, every socket
 * and every timer, so mocha exits cleanly without --exit.
 */
export async function startFakeOnr(options: StartFakeOnrOptions = {}): Promise<FakeOnr> {
  const { port = 3980, host = '127.0.0.1', ...settings } = options;
  const { server, state, control, stopBackground } = createFakeOnrServer(settings);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  let stopped: Promise<void> | null = null;
  return {
    url,
    port: address.port,
    state,
    control,
    stats: () => ({ requests: control.requestCount }),
    requests: () => [...control.log],
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        stopBackground();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
