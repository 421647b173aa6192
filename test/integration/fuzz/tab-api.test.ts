/**
 * Fuzzing every tab API route over real HTTP. The app runs as `startApp` builds it (local mode,
 * in-memory SQLite), seeded with dev/seed; each role signs in with the local dev sign-in. Route sets
 * that exist in the code base but are not (yet) mounted by bot/app.ts are served by a second
 * instance of the real bot/server.ts on the same store, so every route is fuzzed either way.
 *
 * Every answer must be 2xx, or 4xx with JSON {error, message}; never 5xx, never a stack trace, never
 * the payload echoed back in an error; a refused call changes no data; OPH-only routes never answer
 * 2xx to anyone else; no token, no prototype pollution.
 *
 * Reproduce: FUZZ_SEED=<seed> npx mocha test/integration/fuzz/tab-api.test.ts; more: FUZZ_TAB_REQUESTS=<n>.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { loadConfig, type Config } from '../../../bot/config.js';
import { startApp, type RunningApp } from '../../../bot/app.js';
import { createLogger } from '../../../bot/log.js';
import type { TabRoute } from '../../../bot/features/types.js';
import { createServer } from '../../../bot/server.js';
import { createAdapter } from '../../../bot/teams/adapter.js';
import { BotRouter } from '../../../bot/teams/router.js';
import { createHelpFeature } from '../../../bot/features/help/index.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createDevSignIn } from '../../../bot/auth/dev-sign-in.js';
import { createTabAuthenticator } from '../../../bot/auth/tab-token.js';
import { createGuidanceRepository } from '../../../bot/store/guidance-repository.js';
import { createOnboardingRepository } from '../../../bot/store/onboarding-repository.js';
import { escalationTabRoutes } from '../../../bot/features/guidance/escalation/index.js';
import { onboardingTabRoutes, tabSecurityHeaders } from '../../../bot/features/onboarding/index.js';
import { feedbackTabRoutes, feedbackTabUrl } from '../../../bot/features/feedback/index.js';
import { announcementsTabRoutes } from '../../../bot/features/announcements/index.js';
import { seedInstitutions } from '../../../dev/seed/institutions.js';
import { PLAYGROUND_TENANT, PLAYGROUND_USERS, seedPlaygroundUsers } from '../../../dev/seed/users.js';
import { scanText } from '../../../scripts/privacy-scan.js';
import { FakeMessenger } from '../../helpers/fakes.js';
import { Fuzzer, SeededRandom, fuzzSeed, prototypeFingerprint, prototypePollution, redactForReport } from '../../helpers/fuzz.js';
import { DbWatch } from './db-watch.js';

const SEED = fuzzSeed();
const REQUESTS = Number(process.env.FUZZ_TAB_REQUESTS ?? 1600);

/** Routes only OPH's admins (ServiceOwnerAdmin) may use; anyone else must never get a 2xx. */
/**
 * Tables the app's background work writes on its own schedule (the announcements outbox worker's
 * heartbeat, leases and deliveries): a change there at the time of a refused call is not the call's.
 * A refused publish would still show in `announcements`.
 */
const BACKGROUND_TABLES = new Set(['announcement_workers', 'announcement_outbox', 'processed_activities']);

/**
 * Idempotency records: a conflict (409) answer to a request id is remembered on purpose, so that a
 * retry of the same request gets the same answer. Any other refusal must leave even these alone.
 */
const CONFLICT_BOOKKEEPING = new Set(['announcement_action_keys']);

const OPH_ONLY = [
  /^\/admin\//,
  /^\/feedback\/:ref\/(status|merge)$/,
  /\/export\.csv$/,
  /^\/gaps/,
  /^\/tickets$/,
  /^\/kb-drafts$/,
  /^\/announcements/,
];

interface FuzzRoute {
  method: TabRoute['method'];
  path: string;
  /** Where it is served: the app itself, or the side server for routes bot/app.ts does not mount yet. */
  base: 'app' | 'side';
  public?: boolean;
}

interface Problem {
  what: string;
  route: string;
  role: string;
  iteration: number;
  detail: string;
  /** Grouping key of the failure list; by default what | route | role. */
  key?: string;
}

/** encodeURIComponent that accepts lone surrogates (they become U+FFFD, as a browser would send them). */
const enc = (value: string) => encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));

/** An effective date the announcement checks accept whenever the suite runs. */
const inTwoMonths = () => new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);

const STACK_TRACE =
  /\bat [\w$.<>\s[\]]*\(?(?:file:\/\/)?[^\s()]*\.(?:ts|js|mjs|cjs):\d+:\d+|ZodError|"code":"invalid_type"|TypeError:|ReferenceError:|SyntaxError:/;

describe('fuzz: every tab API route over HTTP', function () {
  this.timeout(180_000);
  const rng = new SeededRandom(SEED ^ 0x7ab);
  const protoBefore = prototypeFingerprint();
  const problems: Problem[] = [];
  const logLines: string[] = [];
  const figures = {
    requests: 0,
    byStatus: new Map<number, number>(),
    refusedUnchanged: 0,
    writes: 0,
    roleResets: 0,
    ms: 0,
    sideRoutes: [] as string[],
  };
  let app: RunningApp;
  let side: Server | null = null;
  let sideUrl = '';
  let watch: DbWatch;
  let fuzzer: Fuzzer;
  const routes: FuzzRoute[] = [];
  const tokens = new Map<string, { app: string; side: string }>();
  const ids = { institutions: [] as string[], feedback: [] as string[], announcements: [] as string[], users: [] as string[] };

  const appUrl = () => `http://127.0.0.1:${app.port}/api/tab`;
  const urlOf = (route: FuzzRoute) => (route.base === 'app' ? appUrl() : sideUrl);
  const roles = [
    ...PLAYGROUND_USERS.map((u) => ({ key: `${u.role}:${u.name.split(' ')[0]}`, objectId: u.objectId as string | null, role: u.role })),
    { key: 'anonymous', objectId: null, role: null },
    { key: 'forged token', objectId: null, role: null },
  ];

  async function call(
    base: string,
    method: string,
    url: string,
    init: { token?: string | null; body?: string; contentType?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['Content-Type'] = init.contentType ?? 'application/json';
    const response = await fetch(`${base}${url}`, {
      method: method === 'del' ? 'DELETE' : method.toUpperCase(),
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await response.text();
    return { status: response.status, text, contentType: response.headers.get('content-type') ?? '' };
  }

  async function signIn(base: string, objectId: string): Promise<string> {
    const result = await call(base, 'post', '/dev/sign-in', { body: JSON.stringify({ objectId, tenantId: PLAYGROUND_TENANT }) });
    assert.equal(result.status, 200, result.text);
    return (JSON.parse(result.text) as { token: string }).token;
  }

  /** A valid-shaped body per route, for the fuzzer to mutate. */
  function bodyTemplate(route: FuzzRoute): Record<string, unknown> | undefined {
    const draft = {
      title: { fi: 'Yleistunniste muuttuu', sv: 'Allmän identifierare ändras', en: 'General identifier changes' },
      body: { fi: 'Uudet virhekoodit.', sv: 'Nya felkoder.', en: 'New error codes.' },
      category: 'breaking',
      effectiveDate: inTwoMonths(),
      interfaces: ['yleistunniste'],
      link: null,
      audience: { kind: 'all' },
    };
    const version = { version: 1, requestId: randomUUID() };
    const table: Array<[string, string, Record<string, unknown>]> = [
      [
        'patch',
        '/institutions/:id',
        { expectedVersion: 0, systemName: 'Peppi', route: 'yleistunniste', steps: [{ step: 1, status: 'done', note: 'ok' }] },
      ],
      ['put', '/admin/users/:tenantId/:objectId', { displayName: 'Uusi Käyttäjä', role: 'Vendor', institutionId: null, locale: 'fi' }],
      [
        'post',
        '/feedback',
        { type: 'proposal', topic: 'yleistunniste', title: 'Otsikko', description: 'Kuvaus', impact: 'Kaikki', contactOk: true },
      ],
      ['post', '/feedback/:ref/comments', { body: 'Kommentti', requestId: randomUUID() }],
      ['post', '/feedback/:ref/status', { status: 'under_review', reason: 'Tutkitaan', requestId: randomUUID() }],
      ['post', '/feedback/:ref/merge', { targetRef: ids.feedback[0] ?? 'KE-2026-0001', requestId: randomUUID() }],
      ['post', '/announcements', { ...draft, requestId: randomUUID() }],
      ['post', '/announcements/preview', draft],
      ['put', '/announcements/:id', { ...draft, version: 1 }],
      [
        'post',
        '/announcements/:id/revise',
        {
          title: draft.title,
          body: draft.body,
          category: 'breaking',
          revisionKind: 'correction',
          note: { fi: 'Korjaus', sv: 'Rättelse', en: 'Fix' },
          ...version,
        },
      ],
      ['post', '/dev/sign-in', { objectId: PLAYGROUND_USERS[0]!.objectId }],
    ];
    const match = table.find(([method, p]) => method === route.method && p === route.path);
    if (match) return match[2];
    if (route.method !== 'get') return version;
    return undefined;
  }

  function paramValue(routePath: string, name: string, nearValid = false): string {
    const known: Record<string, string[]> = {
      id: routePath.startsWith('/announcements') ? ids.announcements : ids.institutions,
      ref: ids.feedback,
      tenantId: [PLAYGROUND_TENANT],
      objectId: ids.users,
    };
    const choice = nearValid ? 0 : rng.int(0, 9);
    if (choice < 5 && known[name]?.length) return enc(rng.pick(known[name]!));
    if (choice < 7) return enc(fuzzer.string().slice(0, 3000));
    return rng.pick([
      '..%2f..%2fetc%2fpasswd',
      '%00',
      '%',
      '%E0%A4%A',
      'a%2Fb',
      enc('x'.repeat(5000)),
      '__proto__',
      'constructor',
      '.',
      enc(fuzzer.hetu()),
    ]);
  }

  function queryString(): string {
    if (rng.chance(0.5)) return '';
    const parts: string[] = [];
    const n = rng.int(1, 4);
    for (let i = 0; i < n; i++) {
      const key = rng.pick([
        'q',
        'lang',
        'days',
        'limit',
        'state',
        'type',
        'topic',
        'status',
        'sort',
        'mine',
        'offset',
        'version',
        'step',
        '__proto__[fuzzPolluted]',
        'constructor[prototype][fuzzPolluted]',
        'a[b][c]',
        fuzzer.key(),
      ]);
      const value = rng.chance(0.3)
        ? rng.pick(['1', '0', '-1', '99999999', 'all', 'fi', 'open', 'true', ''])
        : fuzzer.string().slice(0, 2000);
      parts.push(`${enc(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${enc(value)}`);
      if (rng.chance(0.1)) parts.push(`${enc(key)}=${enc(value)}`);
    }
    return `?${parts.join('&')}`;
  }

  function body(route: FuzzRoute, nearValid = false): { body?: string; contentType?: string } {
    // fetch refuses a body on GET; the GET routes get their payloads through the query string.
    if (route.method === 'get') return {};
    if (nearValid) {
      const template = bodyTemplate(route) ?? {};
      return { body: JSON.stringify(rng.chance(0.5) ? template : fuzzer.mutate(template)) };
    }
    switch (rng.int(0, 11)) {
      case 0:
        return { body: JSON.stringify(fuzzer.value()) };
      case 1:
        return { body: `{"broken": ${fuzzer.marker()}`, contentType: 'application/json' };
      case 2:
        return {
          body: `${fuzzer.marker()}=1&__proto__[fuzzPolluted]=yes&role=ServiceOwnerAdmin`,
          contentType: 'application/x-www-form-urlencoded',
        };
      case 3:
        return {
          body: `plain ${fuzzer.marker()}`,
          contentType: rng.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x']),
        };
      case 4:
        return { body: '', contentType: 'application/json' };
      default:
        return { body: JSON.stringify(fuzzer.payload(bodyTemplate(route))) };
    }
  }

  before(async function () {
    const started = performance.now();
    const config: Config = loadConfig({
      LOCAL_MODE: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: ':memory:',
      LOCAL_PLAYGROUND: 'false',
      LOG_LEVEL: 'silent',
      // The fuzzer sends hundreds of calls a minute per identity; the per-user limit would refuse most of them.
      TAB_RATE_LIMIT_PER_MINUTE: '100000',
    });
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
    app = await startApp(config, { logger });
    await seedInstitutions(app.store);
    await seedPlaygroundUsers(app.store);
    const users = createUsersRepository(app.store);
    const conversations = createConversationsRepository(app.store);

    // Every tab route set of the code base, built on the app's store (the same objects bot/app.ts builds).
    const onboardingDeps = { repository: createOnboardingRepository(app.store), users, tabUrl: 'http://localhost/tab/' };
    const feedbackDeps = { store: app.store, messenger: new FakeMessenger(), logger, tabUrl: feedbackTabUrl('http://localhost') };
    const all: TabRoute[] = [
      ...escalationTabRoutes({ repository: createGuidanceRepository(app.store) }),
      ...onboardingTabRoutes(onboardingDeps),
      ...feedbackTabRoutes(feedbackDeps),
      ...announcementsTabRoutes({ store: app.store, conversations, approval: 'single', logger }),
    ];
    const adminToken = await signIn(appUrl(), PLAYGROUND_USERS[0]!.objectId);
    // Is it mounted by the app? restify answers {code: ResourceNotFound|MethodNotAllowed} for a route it does not know.
    const unmounted: TabRoute[] = [];
    for (const route of all) {
      const probe = await call(appUrl(), route.method, route.path.replace(/:\w+/g, 'probe'), {
        token: adminToken,
        ...(route.method === 'get' ? {} : { body: '{}' }),
      });
      const code = (() => {
        try {
          return (JSON.parse(probe.text) as { code?: string }).code;
        } catch {
          return undefined;
        }
      })();
      if (code === 'ResourceNotFound' || code === 'MethodNotAllowed') unmounted.push(route);
      routes.push({
        method: route.method,
        path: route.path,
        base: code === 'ResourceNotFound' || code === 'MethodNotAllowed' ? 'side' : 'app',
      });
    }
    routes.push(
      { method: 'post', path: '/dev/sign-in', base: 'app', public: true },
      { method: 'get', path: '/dev/users', base: 'app', public: true },
    );
    figures.sideRoutes = unmounted.map((r) => `${r.method.toUpperCase()} ${r.path}`);

    if (unmounted.length) {
      const devSignIn = createDevSignIn({ mode: 'local', users });
      const resolveUser = createUserResolver(users);
      side = createServer({
        mode: 'local',
        adapter: createAdapter(config, logger),
        router: new BotRouter({
          features: [],
          help: createHelpFeature({}),
          resolveUser,
          installations: createInstallationTracker(conversations, logger),
          logger,
        }),
        logger,
        resolveUser,
        tabRoutes: unmounted,
        authenticateTab: createTabAuthenticator({ mode: 'local', allowedTenants: [], devSigner: devSignIn.signer }),
        publicRoutes: devSignIn.routes,
        tabDirectory: path.resolve('dist/tab'),
        tabHeaders: tabSecurityHeaders(),
      });
      await new Promise<void>((resolve) => side!.listen(0, '127.0.0.1', resolve));
      sideUrl = `http://127.0.0.1:${(side.address() as AddressInfo).port}/api/tab`;
    }
    for (const user of PLAYGROUND_USERS) {
      tokens.set(user.objectId, { app: await signIn(appUrl(), user.objectId), side: side ? await signIn(sideUrl, user.objectId) : '' });
    }

    // Real ids for the path parameters: institutions, users, a few feedback items and announcements.
    ids.institutions = (await app.store.db.selectFrom('institutions').select('id').execute()).map((r) => r.id);
    ids.users = PLAYGROUND_USERS.map((u) => u.objectId);
    const baseOf = (p: string) => routes.find((r) => r.path === p && r.method === 'post')!;
    const tokenFor = (objectId: string, base: 'app' | 'side') => tokens.get(objectId)![base];
    fuzzer = new Fuzzer(rng, { foreignIds: ids.institutions.slice(0, 3) });
    for (const user of PLAYGROUND_USERS.slice(1, 4)) {
      const route = baseOf('/feedback');
      const result = await call(urlOf(route), 'post', '/feedback', {
        token: tokenFor(user.objectId, route.base),
        body: JSON.stringify(bodyTemplate(route)),
      });
      if (result.status < 300) ids.feedback.push((JSON.parse(result.text) as { item: { ref: string } }).item.ref);
    }
    for (let i = 0; i < 2; i++) {
      const route = baseOf('/announcements');
      const result = await call(urlOf(route), 'post', '/announcements', {
        token: tokenFor(PLAYGROUND_USERS[0]!.objectId, route.base),
        body: JSON.stringify(bodyTemplate(route)),
      });
      if (result.status < 300) ids.announcements.push((JSON.parse(result.text) as { announcement: { id: string } }).announcement.id);
    }
    const original = await users.list();
    /** The role a user has now (an admin's fuzzed PUT may have changed it); restored after every change. */
    const currentRole = async (objectId: string | null) =>
      objectId ? ((await users.find(PLAYGROUND_TENANT, objectId))?.role ?? 'Participant') : null;
    const ownInstitution = new Map(original.map((u) => [u.objectId, u.institutionId]));
    watch = await DbWatch.create(app.store);

    for (let i = 0; i < REQUESTS; i++) {
      const route = rng.pick(routes);
      const who = rng.chance(0.08) ? rng.pick(roles.slice(-2)) : rng.pick(roles.slice(0, -2));
      const token =
        who.key === 'forged token'
          ? `${tokens.get(PLAYGROUND_USERS[0]!.objectId)!.app.slice(0, -6)}${fuzzer.rng.chars(6, 'ABCDEFabcdef')}`
          : who.objectId
            ? tokenFor(who.objectId, route.base)
            : null;
      // A quarter of the calls are nearly valid (real ids, the valid body or one mutation of it) to reach the deeper code.
      const nearValid = rng.chance(0.25);
      const url =
        route.path.replace(/:(\w+)/g, (_m, name: string) => paramValue(route.path, name, nearValid)) + (nearValid ? '' : queryString());
      const payload = body(route, nearValid);
      const headers: Record<string, string> = rng.chance(0.15)
        ? {
            'Accept-Language':
              fuzzer
                .string()
                .replace(/[^\x20-\x7e]/g, '')
                .slice(0, 200) || 'xx',
          }
        : {};
      const markers = fuzzer.markers();
      const label = `${route.method.toUpperCase()} ${route.path}`;
      const role = await currentRole(who.objectId);
      const problem = (what: string, detail = '', key?: string) =>
        problems.push({ what, route: label, role: who.key, iteration: i, detail, ...(key ? { key } : {}) });
      let result: Awaited<ReturnType<typeof call>>;
      try {
        result = await call(urlOf(route), route.method, url, { token: route.public ? null : token, ...payload, headers });
      } catch (error) {
        problem('request failed (connection dropped?)', (error as Error).message);
        continue;
      }
      figures.requests++;
      figures.byStatus.set(result.status, (figures.byStatus.get(result.status) ?? 0) + 1);
      if (result.status >= 500)
        problem(`HTTP ${result.status}`, result.text.slice(0, 160).replace(/\d{6}[-+A-FU-Y]\d{3}/g, '[hetu-shaped]'));
      if (STACK_TRACE.test(result.text)) problem('stack trace or validator internals in the answer');
      if (result.status >= 400) {
        let parsed: { error?: unknown; message?: unknown } | null;
        try {
          parsed = JSON.parse(result.text) as { error?: unknown; message?: unknown };
        } catch {
          parsed = null;
        }
        // Node itself answers 431 (headers or URL over 16 KB) before any application code runs.
        const shapeOk = parsed && typeof parsed.error === 'string' && typeof parsed.message === 'string';
        const origin =
          parsed && typeof (parsed as { code?: unknown }).code === 'string'
            ? `restify ${(parsed as { code: string }).code}`
            : parsed
              ? `keys ${Object.keys(parsed).join(',')}`
              : 'no JSON body';
        if (!shapeOk && result.status !== 431) {
          problem(
            '4xx without JSON {error, message}',
            `${label}: ${result.text.slice(0, 110).replace(/QZX\w+FZ/g, '<marker>')}`,
            `4xx without JSON {error, message} | HTTP ${result.status} ${origin}${route.public ? ` | ${label}` : ''}`,
          );
        }
        if (markers.some((m) => result.text.includes(m)))
          problem('error answer echoes the payload', `${label}`, `error answer echoes the payload | HTTP ${result.status} ${origin}`);
      }
      // Without a valid token no route handler may run: only 401, or a refusal the framework gives before routing (bad JSON, unknown path, media type, size).
      if (
        !route.public &&
        (who.key === 'anonymous' || who.key === 'forged token') &&
        (result.status < 400 || [403, 409, 422, 429].includes(result.status))
      )
        problem(`no valid token but HTTP ${result.status}`);
      if (role && role !== 'ServiceOwnerAdmin' && OPH_ONLY.some((p) => p.test(route.path)) && result.status < 300)
        problem(`${role} got HTTP ${result.status} from an OPH-only route`);
      // IDOR: an institution admin edits their own institution's plan only; others edit none.
      if (route.method === 'patch' && route.path === '/institutions/:id' && result.status < 300 && role !== 'ServiceOwnerAdmin') {
        const target = decodeURIComponent(url.split('?')[0]!.split('/')[2] ?? '');
        if (role !== 'InstitutionAdmin' || target !== ownInstitution.get(who.objectId!))
          problem(
            `${role} patched institution ${target === ownInstitution.get(who.objectId!) ? 'own' : 'another'} (HTTP ${result.status})`,
            '',
            `IDOR: ${role} changed an institution that is not theirs`,
          );
      }
      const changed = (await watch.changedTables()).filter((t) => !BACKGROUND_TABLES.has(t));
      const refusedChanges = changed.filter((t) => !(result.status === 409 && CONFLICT_BOOKKEEPING.has(t)));
      if (refusedChanges.length && result.status >= 400)
        problem('a refused call changed data', `HTTP ${result.status}: ${refusedChanges.join(',')}`);
      else if (result.status >= 400) figures.refusedUnchanged++;
      if (changed.includes('institutions')) problem('a tab call changed the institution register', `HTTP ${result.status}`);
      if (changed.includes('app_users') && !route.path.startsWith('/admin/users'))
        problem('role mapping changed outside /admin/users (mass assignment)', `HTTP ${result.status}`);
      if (changed.length) figures.writes++;
      if (changed.includes('app_users')) {
        // Put the fuzz identities back as they were, so the role checks keep testing every role.
        for (const row of await users.list())
          if (!original.some((o) => o.objectId === row.objectId && o.tenantId === row.tenantId))
            await users.remove(row.tenantId, row.objectId);
        for (const row of original) await users.upsert(row);
        figures.roleResets++;
        await watch.reset();
      }
    }
    figures.ms = Math.round(performance.now() - started);
    const statuses = [...figures.byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    // Figures for the report (B5): request count, status mix, run time.
    process.stdout.write(
      `      fuzz (tab API): seed ${SEED}, ${figures.requests} requests over ${routes.length} routes × ${roles.length} identities in ${figures.ms} ms; ${statuses}; ${figures.writes} writes (${figures.roleResets} role-mapping changes undone), ${figures.refusedUnchanged} refusals unchanged${figures.sideRoutes.length ? `; not mounted by bot/app.ts (fuzzed on a side server): ${figures.sideRoutes.length} routes` : ''}\n`,
    );
  });

  after(async () => {
    if (side) await new Promise<void>((resolve) => side!.close(() => resolve()));
    await app?.stop();
  });

  const list = (items: Problem[]) => {
    const grouped = new Map<string, { first: Problem; count: number }>();
    for (const p of items) {
      const key = p.key ?? `${p.what} | ${p.route} | ${p.role}`;
      const entry = grouped.get(key);
      if (entry) entry.count++;
      else grouped.set(key, { first: p, count: 1 });
    }
    return [...grouped.entries()]
      .map(
        ([key, { first, count }]) =>
          `  ${redactForReport(key)} ×${count} (first at #${first.iteration}${first.detail ? `: ${redactForReport(first.detail)}` : ''})`,
      )
      .join('\n');
  };
  const failures = (filter: (p: Problem) => boolean) => problems.filter(filter);

  it('collects every tab route of the code base (escalation, onboarding, feedback, announcements, dev sign-in)', () => {
    for (const prefix of ['/gaps', '/institutions', '/admin/users', '/feedback', '/announcements', '/dev/sign-in']) {
      assert.ok(
        routes.some((r) => r.path.startsWith(prefix)),
        `${prefix} routes`,
      );
    }
    assert.ok(routes.length >= 35, `routes: ${routes.length}`);
  });

  it(`A-PRIV-6 fuzz: ${REQUESTS} requests — never 5xx, never a stack trace`, () => {
    assert.equal(figures.requests, REQUESTS);
    const found = failures((p) => p.what.startsWith('HTTP 5') || p.what.startsWith('stack') || p.what.startsWith('request failed'));
    assert.equal(found.length, 0, `seed ${SEED}:\n${list(found)}`);
  });

  it('A-PRIV-6 fuzz: every refusal is a 4xx JSON {error, message} that does not echo the payload', () => {
    const found = failures((p) => p.what.startsWith('4xx') || p.what.includes('echoes'));
    assert.equal(found.length, 0, `seed ${SEED}:\n${list(found)}`);
  });

  it('A-TAB-1 fuzz: without a valid token every route answers 401', () => {
    const found = failures((p) => p.what.startsWith('no valid token'));
    assert.equal(found.length, 0, `seed ${SEED}:\n${list(found)}`);
  });

  it('A-TAB-4 fuzz: OPH-only routes never answer 2xx to another role, no IDOR on institutions, refused calls change no data, no role change outside /admin/users', () => {
    const found = failures((p) => p.what.includes('OPH-only') || p.what.includes('changed') || p.what.includes('patched'));
    assert.equal(found.length, 0, `seed ${SEED}:\n${list(found)}`);
    assert.ok(figures.refusedUnchanged > REQUESTS / 3, `refusals checked: ${figures.refusedUnchanged}`);
  });

  it('fuzz: no prototype pollution from bodies or query strings', () => {
    assert.deepEqual(prototypePollution(protoBefore), []);
  });

  it('A-PRIV-3 fuzz: the logs hold no token, real-range henkilötunnus or secret', () => {
    const hits = scanText(logLines.join(''), 'tab fuzz logs').filter((f) => f.kind !== 'hetu-test');
    assert.deepEqual(
      hits.map((f) => `${f.kind} at line ${f.line}`),
      [],
    );
  });
});
