import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOnrClient, type OnrClient } from '../../../bot/features/lookup/onr-client.js';
import { OnrError } from '../../../bot/features/lookup/onr-errors.js';
import { startFakeOnr, FAKE_NO_ROLE_CREDENTIALS, FAKE_ONR_CREDENTIALS, type FakeOnr } from '../../../dev/fake-onr/index.js';
import { CALLER_ID, MAIJA, MAIJA_DUPLICATE_OID, MAIJA_OID, apiRequests, captureLogger, casAuth, clientFor, oauthAuth } from './support.js';
import { SeededRandom, hetuDisguises, makeHetu } from '../../helpers/fuzz.js';

// Individual number 899 (outside the test range) with a deliberately WRONG check character; assembled at
// run time so no real-range-looking code stands in the repository.
const OUT_OF_RANGE_INVALID_HETU = ['010594Y', '899', 'A'].join('');

async function rejectsWith(promise: Promise<unknown>, kind: string): Promise<OnrError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OnrError, `expected OnrError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected ${kind}, got ${error.kind} (${error.message})`);
    return error;
  }
  assert.fail(`expected rejection with ${kind}`);
}

describe('ONR client against the fake over HTTP', function () {
  let fake: FakeOnr;
  const clients: OnrClient[] = [];
  const track = (client: OnrClient) => {
    clients.push(client);
    return client;
  };

  before(async () => {
    fake = await startFakeOnr({ port: 0 });
  });
  after(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    fake.control.reset();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  describe('configuration', () => {
    it('refuses any host but the ONR test environments and loopback, also in the constructor', () => {
      for (const baseUrl of [
        'https://virkailija.opintopolku.fi',
        'http://virkailija.testiopintopolku.fi',
        'https://virkailija.testiopintopolku.fi.evil.example',
        'https://virkailija.testiopintopolku.fi@evil.example',
        'https://user:pw@virkailija.testiopintopolku.fi',
        'https://169.254.169.254',
        'not a url',
      ]) {
        assert.throws(() => createOnrClient({ baseUrl, callerId: CALLER_ID, auth: casAuth() }), /test environment|credentials/, baseUrl);
      }
      for (const baseUrl of [
        'https://virkailija.testiopintopolku.fi',
        'https://virkailija.untuvaopintopolku.fi',
        'https://virkailija.hahtuvaopintopolku.fi',
      ]) {
        const client = track(createOnrClient({ baseUrl, callerId: CALLER_ID, auth: oauthAuth() }));
        assert.notEqual(client.environment, 'local');
      }
    });
  });

  describe('identifier guard inside the client', () => {
    it('refuses invalid identifiers before any request', async () => {
      const client = track(clientFor(fake));
      // INVALID on purpose (wrong check character); outside the test range as well.
      await rejectsWith(client.findByHetu({ ...MAIJA, hetu: OUT_OF_RANGE_INVALID_HETU }), 'refused');
      await rejectsWith(client.findByHetu({ ...MAIJA, hetu: '290288-944G' }), 'refused');
      await rejectsWith(client.checkOid('1.2.246.562.98.55500000018'), 'refused');
      await rejectsWith(client.checkOid('1.2.246.562.10.70000000011'), 'refused');
      assert.deepEqual(fake.stats(), { requests: 0 });
    });

    it('issue 12 item 1: refuses a henkilötunnus (any disguise) in a name field before any request', async () => {
      const client = track(clientFor(fake));
      const rng = new SeededRandom(0x12_0011);
      for (const [name, disguised] of hetuDisguises(makeHetu(rng, { kind: 'real', sign: '-' }))) {
        for (const field of ['etunimet', 'kutsumanimi', 'sukunimi'] as const) {
          await rejectsWith(
            client.findByHetu({ ...MAIJA, [field]: field === 'kutsumanimi' ? disguised : `Maija ${disguised}` }),
            'refused',
          ).catch((error: unknown) => {
            throw new Error(`${field}, ${name}: ${(error as Error).message}`);
          });
        }
      }
      assert.deepEqual(fake.stats(), { requests: 0 });
    });
  });

  describe('CAS session life cycle', () => {
    it('logs in once (TGT → ST → JSESSIONID) and reuses the session', async () => {
      const client = track(clientFor(fake));
      assert.deepEqual(await client.findByHetu(MAIJA), { oid: MAIJA_OID, oppijanumero: MAIJA_OID });
      const checked = await client.checkOid(MAIJA_DUPLICATE_OID);
      assert.deepEqual(checked, { oid: MAIJA_DUPLICATE_OID, oppijanumero: MAIJA_OID, passivoitu: true, linked: [MAIJA_OID] });
      assert.deepEqual(
        fake.requests().map((r) => `${r.method} ${r.path.replace(/TGT-[^/]+/, 'TGT').replace(/hae\/.*/, 'hae/OID')} ${r.status}`),
        [
          'POST /cas/v1/tickets 201',
          'POST /cas/v1/tickets/TGT 200',
          'GET /oppijanumerorekisteri-service/j_spring_cas_security_check 302',
          'POST /oppijanumerorekisteri-service/yleistunniste/hae 200',
          'GET /oppijanumerorekisteri-service/yleistunniste/hae/OID 200',
        ],
      );
      assert.equal(client.stats().logins, 1);
    });

    it('sends Caller-Id and the CSRF header and cookie on every call (CAS and ONR)', async () => {
      fake.control.configure({ requireCsrf: true });
      const client = track(clientFor(fake));
      await client.findByHetu(MAIJA);
      await client.checkOid(MAIJA_OID);
      const seen = fake.requests();
      assert.ok(seen.length >= 5);
      for (const request of seen) {
        assert.equal(request.callerId, CALLER_ID, request.path);
        assert.equal(request.csrfHeader, 'CSRF', request.path);
        assert.equal(request.csrfCookie, 'CSRF', request.path);
      }
    });

    it('on an expired session redirected to /cas/login: logs in again once and retries', async () => {
      const client = track(clientFor(fake));
      await client.checkOid(MAIJA_OID);
      fake.control.expireSessions();
      fake.control.log = [];
      assert.equal((await client.checkOid(MAIJA_OID)).oid, MAIJA_OID);
      assert.deepEqual(
        fake.requests().map((r) => `${r.method} ${r.path.replace(/TGT-[^/]+/, 'TGT').replace(/hae\/.*/, 'hae/OID')} ${r.status}`),
        [
          'GET /oppijanumerorekisteri-service/yleistunniste/hae/OID 302',
          // The cached TGT is still good: only a new service ticket and session.
          'POST /cas/v1/tickets/TGT 200',
          'GET /oppijanumerorekisteri-service/j_spring_cas_security_check 302',
          'GET /oppijanumerorekisteri-service/yleistunniste/hae/OID 200',
        ],
      );
      assert.equal(client.stats().logins, 2);
    });

    it('on an expired session answered with 401: logs in again once and retries', async () => {
      fake.control.configure({ sessionExpiryMode: 401 });
      const client = track(clientFor(fake));
      await client.findByHetu(MAIJA);
      fake.control.expireSessions();
      assert.equal((await client.findByHetu(MAIJA)).oid, MAIJA_OID);
      assert.deepEqual(
        apiRequests(fake).map((r) => r.status),
        [200, 401, 200],
      );
      assert.equal(client.stats().logins, 2);
    });

    it('notices the idle timeout of the session (fake clock past 30 min)', async () => {
      const client = track(clientFor(fake));
      await client.checkOid(MAIJA_OID);
      fake.control.advanceClock(31 * 60 * 1000);
      await client.checkOid(MAIJA_OID);
      assert.deepEqual(
        apiRequests(fake).map((r) => r.status),
        [200, 302, 200],
      );
    });

    it('gets a new TGT when CAS no longer knows the cached one (ST request → 404)', async () => {
      const client = track(clientFor(fake));
      await client.checkOid(MAIJA_OID);
      fake.control.expireTgts();
      fake.control.expireSessions();
      fake.control.log = [];
      await client.checkOid(MAIJA_OID);
      assert.deepEqual(
        fake.requests().map((r) => `${r.method} ${r.path.replace(/TGT-[^/]+/, 'TGT').replace(/hae\/.*/, 'hae/OID')} ${r.status}`),
        [
          'GET /oppijanumerorekisteri-service/yleistunniste/hae/OID 302',
          'POST /cas/v1/tickets/TGT 404',
          'POST /cas/v1/tickets 201',
          'POST /cas/v1/tickets/TGT 200',
          'GET /oppijanumerorekisteri-service/j_spring_cas_security_check 302',
          'GET /oppijanumerorekisteri-service/yleistunniste/hae/OID 200',
        ],
      );
    });

    it('renews the TGT itself after its 8-hour lifetime without trying the old one', async () => {
      let now = Date.now();
      const client = track(clientFor(fake, { now: () => now }));
      await client.checkOid(MAIJA_OID);
      fake.control.expireSessions();
      now += 8 * 60 * 60 * 1000;
      fake.control.log = [];
      await client.checkOid(MAIJA_OID);
      const paths = fake.requests().map((r) => `${r.method} ${r.path.replace(/TGT-[^/]+/, 'TGT')}`);
      assert.equal(paths[1], 'POST /cas/v1/tickets', 'a fresh TGT first');
      assert.equal(paths.filter((p) => p === 'POST /cas/v1/tickets/TGT').length, 1);
    });

    it('missing role: 401 → one fresh login → 401 again → "unauthorized", never a loop', async () => {
      const client = track(clientFor(fake, { auth: casAuth(FAKE_NO_ROLE_CREDENTIALS) }));
      await rejectsWith(client.findByHetu(MAIJA), 'unauthorized');
      assert.equal(apiRequests(fake).length, 2);
      assert.equal(client.stats().logins, 2);
      await rejectsWith(client.checkOid(MAIJA_OID), 'unauthorized');
      assert.equal(apiRequests(fake).length, 4, 'each call makes at most two attempts');
    });

    it('a session that is redirected to login even right after logging in ends as "auth_failed" (no loop)', async () => {
      fake.control.addFault({
        path: '/oppijanumerorekisteri-service/yleistunniste/hae',
        status: 302,
        headers: { location: `${fake.url}/cas/login?service=x` },
        body: '',
      });
      const client = track(clientFor(fake));
      await rejectsWith(client.checkOid(MAIJA_OID), 'auth_failed');
      assert.equal(apiRequests(fake).length, 2);
      assert.equal(client.stats().logins, 2);
    });

    it('wrong credentials: "auth_failed" after one TGT request', async () => {
      const client = track(clientFor(fake, { auth: casAuth({ username: FAKE_ONR_CREDENTIALS.username, password: 'wrong' }) }));
      await rejectsWith(client.checkOid(MAIJA_OID), 'auth_failed');
      assert.deepEqual(
        fake.requests().map((r) => r.status),
        [401],
      );
    });

    it('a service ticket refused by ONR ends as "auth_failed"', async () => {
      fake.control.addFault({ path: '/oppijanumerorekisteri-service/j_spring_cas_security_check', status: 401 });
      const client = track(clientFor(fake));
      await rejectsWith(client.checkOid(MAIJA_OID), 'auth_failed');
      assert.equal(apiRequests(fake).length, 0);
    });

    it('concurrent calls share one login (single flight)', async () => {
      const client = track(clientFor(fake));
      const results = await Promise.all(Array.from({ length: 6 }, () => client.checkOid(MAIJA_OID)));
      assert.equal(results.length, 6);
      assert.equal(fake.requests().filter((r) => r.path === '/cas/v1/tickets').length, 1);
      assert.equal(fake.requests().filter((r) => r.path.endsWith('j_spring_cas_security_check')).length, 1);
    });

    it('close() destroys the TGT, which also ends its sessions (single sign-out)', async () => {
      const client = clientFor(fake);
      await client.checkOid(MAIJA_OID);
      assert.equal(fake.state.sessions.size, 1);
      await client.close();
      assert.equal(fake.state.tgts.size, 0);
      assert.equal(fake.state.sessions.size, 0);
    });
  });

  describe('OAuth2 client credentials', () => {
    it('fetches one token and calls ONR with the bearer', async () => {
      const client = track(clientFor(fake, { auth: oauthAuth() }));
      await client.findByHetu(MAIJA);
      await client.checkOid(MAIJA_OID);
      assert.equal(fake.requests().filter((r) => r.path.endsWith('/oauth2/token')).length, 1);
      assert.deepEqual(
        apiRequests(fake).map((r) => r.auth),
        ['bearer', 'bearer'],
      );
      assert.equal(client.stats().auth, 'oauth2');
    });

    it('an expired token (401 invalid_token) is replaced once', async () => {
      const client = track(clientFor(fake, { auth: oauthAuth() }));
      await client.checkOid(MAIJA_OID);
      fake.control.expireTokens();
      await client.checkOid(MAIJA_OID);
      assert.deepEqual(
        apiRequests(fake).map((r) => r.status),
        [200, 401, 200],
      );
      assert.equal(client.stats().logins, 2);
    });

    it('a valid token without the role gives "unauthorized" without fetching another token', async () => {
      const client = track(clientFor(fake, { auth: oauthAuth(FAKE_NO_ROLE_CREDENTIALS) }));
      await rejectsWith(client.checkOid(MAIJA_OID), 'unauthorized');
      assert.equal(client.stats().logins, 1);
      assert.equal(apiRequests(fake).length, 1);
    });

    it('a wrong client secret gives "auth_failed"', async () => {
      const client = track(clientFor(fake, { auth: oauthAuth({ clientId: FAKE_ONR_CREDENTIALS.clientId, clientSecret: 'wrong' }) }));
      await rejectsWith(client.checkOid(MAIJA_OID), 'auth_failed');
    });
  });

  describe('error mapping', () => {
    it('404: hetu known neither to ONR nor to VTJ; unknown OID', async () => {
      const client = track(clientFor(fake));
      await rejectsWith(
        client.findByHetu({ hetu: '121285-902E', etunimet: 'Testi', kutsumanimi: 'Testi', sukunimi: 'Testinen' }),
        'not_found',
      );
      await rejectsWith(client.checkOid('1.2.246.562.98.12345678903'), 'not_found');
    });

    it('409: names differ from the register', async () => {
      const client = track(clientFor(fake));
      await rejectsWith(client.findByHetu({ ...MAIJA, sukunimi: 'Virtanen' }), 'name_mismatch');
    });

    it('400 → validation, 403 → forbidden, 429/500/502 → unavailable, 408 → timeout, 418 → unexpected', async () => {
      const client = track(clientFor(fake, { breaker: { consecutiveFailures: 100 } }));
      const cases: Array<[number, string]> = [
        [400, 'validation'],
        [403, 'forbidden'],
        [429, 'unavailable'],
        [500, 'unavailable'],
        [502, 'unavailable'],
        [408, 'timeout'],
        [418, 'unexpected'],
      ];
      for (const [status, kind] of cases) {
        fake.control.clearFaults();
        fake.control.addFault({ method: 'POST', path: '/oppijanumerorekisteri-service/yleistunniste/hae', status });
        const error = await rejectsWith(client.findByHetu(MAIJA), kind);
        assert.equal(error.status, status);
      }
    });

    it('a body that is not the documented shape, or too large, is "unexpected"', async () => {
      const client = track(clientFor(fake, { maxResponseBytes: 4096 }));
      fake.control.addFault({
        path: '/oppijanumerorekisteri-service/yleistunniste/hae/',
        status: 200,
        body: { something: 'else' },
        times: 1,
      });
      await rejectsWith(client.checkOid(MAIJA_OID), 'unexpected');
      fake.control.addFault({ path: '/oppijanumerorekisteri-service/yleistunniste/hae/', status: 200, body: 'x'.repeat(10_000), times: 1 });
      await rejectsWith(client.checkOid(MAIJA_OID), 'unexpected');
    });

    it('does not follow a redirect to another host', async () => {
      const client = track(clientFor(fake));
      fake.control.addFault({
        path: '/oppijanumerorekisteri-service/yleistunniste/hae/',
        status: 302,
        headers: { location: 'http://203.0.113.7/elsewhere' },
        body: '',
      });
      await rejectsWith(client.checkOid(MAIJA_OID), 'unexpected');
      assert.equal(apiRequests(fake).length, 1);
    });
  });

  describe('timeouts and retries', () => {
    it('a response slower than the total budget ends as "timeout" on time', async () => {
      const client = track(clientFor(fake, { totalTimeoutMs: 300 }));
      await client.checkOid(MAIJA_OID); // log in first so only the slow call is timed
      fake.control.addFault({ method: 'POST', path: '/oppijanumerorekisteri-service/yleistunniste/hae', delayMs: 2_000 });
      const started = performance.now();
      await rejectsWith(client.findByHetu(MAIJA), 'timeout');
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= 280 && elapsed < 1_000, `took ${elapsed} ms`);
    });

    it('the default total budget stays inside Teams’ invoke budget (≤ 2.5 s)', async () => {
      const client = track(clientFor(fake));
      fake.control.addFault({ path: '/cas/v1/tickets', delayMs: 5_000 });
      const started = performance.now();
      await rejectsWith(client.checkOid(MAIJA_OID), 'timeout');
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 2_700, `took ${elapsed} ms`);
    });

    it('a GET is retried after 503 and after a reset connection', async () => {
      const client = track(clientFor(fake));
      await client.checkOid(MAIJA_OID);
      fake.control.addFault({ method: 'GET', path: '/oppijanumerorekisteri-service/yleistunniste/hae/', status: 503, times: 1 });
      assert.equal((await client.checkOid(MAIJA_OID)).oid, MAIJA_OID);
      fake.control.addFault({ method: 'GET', path: '/oppijanumerorekisteri-service/yleistunniste/hae/', reset: true, times: 1 });
      assert.equal((await client.checkOid(MAIJA_OID)).oid, MAIJA_OID);
      assert.equal(client.stats().retries, 2);
    });

    it('a GET gives up after 2 retries', async () => {
      const client = track(clientFor(fake));
      await client.checkOid(MAIJA_OID);
      fake.control.addFault({ method: 'GET', path: '/oppijanumerorekisteri-service/yleistunniste/hae/', status: 503 });
      await rejectsWith(client.checkOid(MAIJA_OID), 'unavailable');
      assert.equal(apiRequests(fake).length, 1 + 3);
    });

    it('a POST (it may create a person) is not retried after the request may have been sent', async () => {
      const client = track(clientFor(fake));
      await client.checkOid(MAIJA_OID);
      fake.control.addFault({ method: 'POST', path: '/oppijanumerorekisteri-service/yleistunniste/hae', status: 503 });
      await rejectsWith(client.findByHetu(MAIJA), 'unavailable');
      fake.control.clearFaults();
      fake.control.addFault({ method: 'POST', path: '/oppijanumerorekisteri-service/yleistunniste/hae', reset: true });
      await rejectsWith(client.findByHetu(MAIJA), 'unavailable');
      assert.equal(apiRequests(fake).filter((r) => r.method === 'POST').length, 2);
      assert.equal(client.stats().retries, 0);
    });

    it('a refused connection is retried even for a POST (nothing was sent), then "unavailable"', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const client = track(
        createOnrClient({ baseUrl: `http://127.0.0.1:${port}`, callerId: CALLER_ID, auth: casAuth(), retryBaseDelayMs: 5 }),
      );
      await rejectsWith(client.findByHetu(MAIJA), 'unavailable');
      assert.equal(client.stats().attempts, 3);
      assert.equal(client.stats().retries, 2);
    });
  });

  describe('circuit breaker', () => {
    it('opens after repeated failures, answers at once without calling ONR, and closes after a good probe', async () => {
      let now = Date.now();
      const client = track(clientFor(fake, { now: () => now, maxRetries: 0 }));
      await client.checkOid(MAIJA_OID);
      fake.control.addFault({ path: '/oppijanumerorekisteri-service/yleistunniste/hae', status: 500 });
      for (let i = 0; i < 5; i++) await rejectsWith(client.checkOid(MAIJA_OID), 'unavailable');
      assert.equal(client.stats().breaker, 'open');

      const before = fake.stats().requests;
      const started = performance.now();
      await rejectsWith(client.checkOid(MAIJA_OID), 'circuit_open');
      await rejectsWith(client.findByHetu(MAIJA), 'circuit_open');
      assert.ok(performance.now() - started < 50, 'answered at once');
      assert.equal(fake.stats().requests, before, 'nothing reached the test environment');
      assert.equal(client.stats().rejectedByBreaker, 2);

      fake.control.clearFaults();
      now += 30_000;
      assert.equal(client.stats().breaker, 'half_open');
      assert.equal((await client.checkOid(MAIJA_OID)).oid, MAIJA_OID);
      assert.equal(client.stats().breaker, 'closed');
    });

    it('timeouts count as failures', async () => {
      const client = track(clientFor(fake, { totalTimeoutMs: 100, maxRetries: 0, breaker: { consecutiveFailures: 2 } }));
      fake.control.addFault({ path: '/cas/v1/tickets', delayMs: 1_000 });
      await rejectsWith(client.checkOid(MAIJA_OID), 'timeout');
      await rejectsWith(client.checkOid(MAIJA_OID), 'timeout');
      await rejectsWith(client.checkOid(MAIJA_OID), 'circuit_open');
    });

    it('4xx answers (404, 409, 401) do not trip the breaker', async () => {
      const client = track(clientFor(fake, { breaker: { consecutiveFailures: 2 } }));
      for (let i = 0; i < 4; i++) await rejectsWith(client.checkOid('1.2.246.562.98.12345678903'), 'not_found');
      for (let i = 0; i < 3; i++) await rejectsWith(client.findByHetu({ ...MAIJA, sukunimi: 'Virtanen' }), 'name_mismatch');
      assert.equal(client.stats().breaker, 'closed');
    });
  });

  describe('privacy of logs', () => {
    it('never logs credentials, tickets, tokens, session ids or identifiers', async () => {
      const log = captureLogger();
      const cas = track(clientFor(fake, { logger: log.logger }));
      const oauth = track(clientFor(fake, { logger: log.logger, auth: oauthAuth() }));
      await cas.findByHetu(MAIJA);
      fake.control.expireSessions();
      await cas.findByHetu(MAIJA);
      await rejectsWith(cas.findByHetu({ ...MAIJA, sukunimi: 'Virtanen' }), 'name_mismatch');
      await oauth.findByHetu(MAIJA);
      fake.control.expireTokens();
      await oauth.checkOid(MAIJA_OID);
      const text = log.text();
      assert.ok(log.lines.length >= 8, 'the client did log');
      for (const secret of [
        FAKE_ONR_CREDENTIALS.password,
        FAKE_ONR_CREDENTIALS.clientSecret,
        'TGT-',
        'ST-',
        'JSESSIONID',
        'eyJ',
        MAIJA.hetu,
        '290288',
        MAIJA.etunimet,
        MAIJA.sukunimi,
      ]) {
        assert.ok(!text.includes(secret), `log contains ${secret}`);
      }
    });
  });
});
