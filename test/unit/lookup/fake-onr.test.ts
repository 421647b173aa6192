import assert from 'node:assert/strict';
import { guardHetu, guardOid } from '../../../bot/features/lookup/identifiers.js';
import { startFakeOnr, FAKE_ONR_CREDENTIALS, NOT_FOUND_HETU, seedPersonViews, type FakeOnr } from '../../../dev/fake-onr/index.js';
import { isValidHetu, namesMatch } from '../../../dev/fake-onr/rules.js';
import { MAIJA, MAIJA_OID } from './support.js';

const ONR = '/oppijanumerorekisteri-service';

describe('fake ONR test environment (contract of onr-api.md §9)', function () {
  let fake: FakeOnr;
  before(async () => {
    fake = await startFakeOnr({ port: 0, tickMs: 20 });
  });
  after(async () => {
    await fake.stop();
  });
  beforeEach(() => fake.control.reset());

  const call = (path: string, init: RequestInit = {}) => fetch(`${fake.url}${path}`, { redirect: 'manual', ...init });
  const form = (body: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });

  async function session(): Promise<string> {
    const tgt = await call('/cas/v1/tickets', form({ username: FAKE_ONR_CREDENTIALS.username, password: FAKE_ONR_CREDENTIALS.password }));
    assert.equal(tgt.status, 201);
    const location = tgt.headers.get('location')!;
    assert.match(location, new RegExp(`^${fake.url}/cas/v1/tickets/TGT-`));
    const st = await call(new URL(location).pathname, form({ service: `${fake.url}${ONR}/j_spring_cas_security_check` }));
    assert.equal(st.status, 200);
    const ticket = await st.text();
    assert.match(ticket, /^ST-/);
    const check = await call(`${ONR}/j_spring_cas_security_check?ticket=${ticket}`);
    assert.equal(check.status, 302);
    assert.equal(check.headers.get('location'), `${ONR}/`);
    const cookie = check.headers.get('set-cookie')!;
    assert.match(cookie, /^JSESSIONID=[^;]+; Path=\/oppijanumerorekisteri-service\/; HttpOnly/);
    // A service ticket is single use.
    assert.equal((await call(`${ONR}/j_spring_cas_security_check?ticket=${ticket}`)).status, 401);
    return cookie.split(';')[0]!;
  }

  const hae = (cookie: string, body: unknown) =>
    call(`${ONR}/yleistunniste/hae`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('GET /__fake/stats → {"requests": n}, counting every ONR/CAS request but not the control API', async () => {
    assert.deepEqual(await (await call('/__fake/stats')).json(), { requests: 0 });
    await call(`${ONR}/yleistunniste/hae/${MAIJA_OID}`);
    await call('/cas/login');
    await call('/nowhere');
    await call('/__fake/persons');
    assert.deepEqual(await (await call('/__fake/stats')).json(), { requests: 3 });
    assert.deepEqual(fake.stats(), { requests: 3 });
  });

  it('GET /__fake/persons → seeded persons with test hetus and valid OIDs', async () => {
    const persons = (await (await call('/__fake/persons')).json()) as Array<Record<string, unknown>>;
    assert.ok(persons.length >= 6);
    for (const person of persons) {
      for (const key of ['hetu', 'etunimet', 'kutsumanimi', 'sukunimi', 'oid', 'oppijanumero']) assert.ok(key in person, key);
      if (person.hetu !== null) {
        assert.equal(guardHetu(person.hetu as string).ok, true, `${person.hetu} must be a test code`);
        assert.ok(Number((person.hetu as string).slice(7, 10)) >= 900);
      }
      assert.equal(guardOid(person.oid as string).ok, true);
      if (person.oppijanumero !== null) assert.equal(guardOid(person.oppijanumero as string).ok, true);
    }
    assert.deepEqual(persons, seedPersonViews());
    const scenarios = new Set(persons.map((p) => p.scenario));
    for (const s of ['identified-master', 'duplicate', 'unidentified', 'passivated']) assert.ok(scenarios.has(s), s);
    const duplicate = persons.find((p) => p.scenario === 'duplicate')!;
    assert.equal(duplicate.passivoitu, true);
    assert.deepEqual(duplicate.linked, [MAIJA_OID]);
    assert.equal(persons.find((p) => p.scenario === 'unidentified')!.oppijanumero, null);
    assert.equal(guardHetu(NOT_FOUND_HETU).ok, true);
  });

  it('CAS REST errors: 400 missing fields, 401 bad credentials, 404 unknown TGT, 400 missing service', async () => {
    assert.equal((await call('/cas/v1/tickets', form({ username: 'x' }))).status, 400);
    assert.equal((await call('/cas/v1/tickets', form({ username: FAKE_ONR_CREDENTIALS.username, password: 'nope' }))).status, 401);
    assert.equal((await call('/cas/v1/tickets/TGT-1-unknown', form({ service: 'x' }))).status, 404);
    const tgt = await call('/cas/v1/tickets', form({ username: FAKE_ONR_CREDENTIALS.username, password: FAKE_ONR_CREDENTIALS.password }));
    assert.equal((await call(new URL(tgt.headers.get('location')!).pathname, form({}))).status, 400);
  });

  it('an ST for another service is refused at the session check', async () => {
    const tgt = await call('/cas/v1/tickets', form({ username: FAKE_ONR_CREDENTIALS.username, password: FAKE_ONR_CREDENTIALS.password }));
    const st = await (
      await call(new URL(tgt.headers.get('location')!).pathname, form({ service: 'https://elsewhere.example/service' }))
    ).text();
    assert.equal((await call(`${ONR}/j_spring_cas_security_check?ticket=${st}`)).status, 401);
  });

  it('no session → 302 to /cas/login with the service URL; expired session → 302 or 401 by mode', async () => {
    const anonymous = await call(`${ONR}/yleistunniste/hae/${MAIJA_OID}`);
    assert.equal(anonymous.status, 302);
    assert.equal(
      anonymous.headers.get('location'),
      `${fake.url}/cas/login?service=${encodeURIComponent(`${fake.url}${ONR}/j_spring_cas_security_check`)}`,
    );
    let cookie = await session();
    fake.control.expireSessions();
    assert.equal((await call(`${ONR}/yleistunniste/hae/${MAIJA_OID}`, { headers: { cookie } })).status, 302);
    fake.control.configure({ sessionExpiryMode: 401 });
    cookie = await session();
    fake.control.expireSessions();
    const expired = await call(`${ONR}/yleistunniste/hae/${MAIJA_OID}`, { headers: { cookie } });
    assert.equal(expired.status, 401);
    assert.deepEqual(Object.keys((await expired.json()) as object).sort(), ['error', 'path', 'status', 'timestamp']);
  });

  it('CasSecurityTicket header authenticates a request and starts a session (A5)', async () => {
    const tgt = await call('/cas/v1/tickets', form({ username: FAKE_ONR_CREDENTIALS.username, password: FAKE_ONR_CREDENTIALS.password }));
    const st = await (
      await call(new URL(tgt.headers.get('location')!).pathname, form({ service: `${fake.url}${ONR}/j_spring_cas_security_check` }))
    ).text();
    const response = await call(`${ONR}/yleistunniste/hae/${MAIJA_OID}`, { headers: { CasSecurityTicket: st } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('set-cookie') ?? '', /^JSESSIONID=/);
  });

  it('O1 /yleistunniste/hae: existing person, 404, 409, 400, and find-or-create from VTJ', async () => {
    const cookie = await session();
    assert.deepEqual(await (await hae(cookie, MAIJA)).json(), { oid: MAIJA_OID, oppijanumero: MAIJA_OID });
    const notFound = await hae(cookie, { hetu: NOT_FOUND_HETU, etunimet: 'Testi', kutsumanimi: 'Testi', sukunimi: 'Testinen' });
    assert.equal(notFound.status, 404);
    const notFoundBody = (await notFound.json()) as { timestamp: number; status: number; error: string; path: string };
    assert.equal(typeof notFoundBody.timestamp, 'number', 'epoch milliseconds');
    assert.deepEqual(
      { ...notFoundBody, timestamp: 0 },
      { timestamp: 0, status: 404, error: 'Not Found', path: `${ONR}/yleistunniste/hae` },
    );
    const conflict = await hae(cookie, { ...MAIJA, sukunimi: 'Virtanen' });
    assert.equal(conflict.status, 409);
    assert.equal(((await conflict.json()) as { error: string }).error, 'Conflict');
    const invalid = await hae(cookie, { ...MAIJA, hetu: '290288-944G', kutsumanimi: 'Liisa' }); // INVALID check character on purpose
    assert.equal(invalid.status, 400);
    const body = (await invalid.json()) as { exception: string; message: string };
    assert.equal(body.exception, 'org.springframework.web.bind.MethodArgumentNotValidException');
    assert.match(body.message, /invalid\.hetu/);
    assert.match(body.message, /Nick name must be one of the first names/);
    assert.equal((await hae(cookie, '[not an object]')).status, 400);

    const eino = { hetu: '241012C927J', etunimet: 'Eino Ilmari', kutsumanimi: 'Eino', sukunimi: 'Testinen' };
    const first = (await (await hae(cookie, eino)).json()) as { oid: string; oppijanumero: string | null };
    assert.equal(guardOid(first.oid).ok, true);
    assert.match(first.oid, /^1\.2\.246\.562\.98\./);
    assert.equal(first.oppijanumero, first.oid, 'the creating response carries the number');
    assert.deepEqual(await (await hae(cookie, eino)).json(), { oid: first.oid, oppijanumero: null }, 'QA does not identify automatically');
  });

  it('O2 /yleistunniste/hae/{oid}: master, duplicate, passivated, unknown', async () => {
    const cookie = await session();
    const get = async (oid: string) => {
      const response = await call(`${ONR}/yleistunniste/hae/${oid}`, { headers: { cookie } });
      return { status: response.status, body: response.status === 200 ? await response.json() : null };
    };
    assert.deepEqual(await get(MAIJA_OID), {
      status: 200,
      body: { oid: MAIJA_OID, oppijanumero: MAIJA_OID, passivoitu: false, linked: ['1.2.246.562.98.55500000025'] },
    });
    assert.deepEqual((await get('1.2.246.562.98.55500000025')).body, {
      oid: '1.2.246.562.98.55500000025',
      oppijanumero: MAIJA_OID,
      passivoitu: true,
      linked: [MAIJA_OID],
    });
    assert.deepEqual((await get('1.2.246.562.98.55500000033')).body, {
      oid: '1.2.246.562.98.55500000033',
      oppijanumero: null,
      passivoitu: false,
      linked: [],
    });
    assert.equal((await get('1.2.246.562.98.12345678903')).status, 404);
  });

  it('a missing role is 401 with the Spring default body, never 403', async () => {
    const tgt = await call('/cas/v1/tickets', form({ username: 'fake-onr-norole', password: 'fake-onr-password' }));
    const st = await (
      await call(new URL(tgt.headers.get('location')!).pathname, form({ service: `${fake.url}${ONR}/j_spring_cas_security_check` }))
    ).text();
    const cookie = (await call(`${ONR}/j_spring_cas_security_check?ticket=${st}`)).headers.get('set-cookie')!.split(';')[0]!;
    const response = await hae(cookie, MAIJA);
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: string }).error, 'Unauthorized');
  });

  it('OAuth2 token endpoint: 200 bearer, 401 invalid_client, 400 unsupported_grant_type; expired token → WWW-Authenticate', async () => {
    const token = await call(
      '/kayttooikeus-service/oauth2/token',
      form({
        grant_type: 'client_credentials',
        client_id: FAKE_ONR_CREDENTIALS.clientId,
        client_secret: FAKE_ONR_CREDENTIALS.clientSecret,
      }),
    );
    const body = (await token.json()) as { access_token: string; token_type: string; expires_in: number };
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 299);
    const payload = JSON.parse(Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString()) as {
      roles: Record<string, string[]>;
    };
    assert.deepEqual(payload.roles, { '1.2.246.562.10.70000000011': ['OPPIJANUMEROREKISTERI_YLEISTUNNISTE_LUONTI'] });
    const ok = await call(`${ONR}/yleistunniste/hae/${MAIJA_OID}`, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(ok.status, 200);
    fake.control.advanceClock(301_000);
    const expired = await call(`${ONR}/yleistunniste/hae/${MAIJA_OID}`, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(expired.status, 401);
    assert.match(expired.headers.get('www-authenticate') ?? '', /invalid_token/);
    assert.equal(
      (await call('/kayttooikeus-service/oauth2/token', form({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' })))
        .status,
      401,
    );
    assert.equal((await call('/kayttooikeus-service/oauth2/token', form({ grant_type: 'password' }))).status, 400);
  });

  it('optional CSRF double-submit check (legacy proxy) refuses a POST without it', async () => {
    fake.control.configure({ requireCsrf: true });
    assert.equal(
      (await call('/cas/v1/tickets', form({ username: FAKE_ONR_CREDENTIALS.username, password: FAKE_ONR_CREDENTIALS.password }))).status,
      403,
    );
    const withCsrf = await call('/cas/v1/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', csrf: 'CSRF', cookie: 'CSRF=CSRF' },
      body: new URLSearchParams({ username: FAKE_ONR_CREDENTIALS.username, password: FAKE_ONR_CREDENTIALS.password }).toString(),
    });
    assert.equal(withCsrf.status, 201);
  });

  it('O3–O6 batch import: asynchronous, polled, 403 while nothing visible, results with conflicts', async () => {
    const cookie = await session();
    fake.control.pauseTicker();
    const put = await call(`${ONR}/yleistunniste`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        sahkoposti: 'oppijanumerot@example.invalid',
        henkilot: [
          { tunniste: 'sis-1001', henkilo: { etunimet: 'Oskari', kutsumanimi: 'Oskari', sukunimi: 'Koe', hetu: '150605B9138' } },
          {
            tunniste: 'sis-1002',
            henkilo: { etunimet: 'Maija Anneli', kutsumanimi: 'Anneli', sukunimi: 'Testinen-Koe', hetu: '290288-944F' },
          },
        ],
      }),
    });
    const created = (await put.json()) as { id: number; kasiteltavia: number; kasiteltyja: number; kasitelty: boolean };
    assert.deepEqual({ ...created, id: 0 }, { id: 0, kasiteltavia: 2, kasiteltyja: 0, kasitelty: false });
    assert.equal((await call(`${ONR}/yleistunniste/tuonti=${created.id}`, { headers: { cookie } })).status, 403);
    fake.control.resumeTicker();
    let progress = { kasitelty: false };
    for (let i = 0; i < 50 && !progress.kasitelty; i++) {
      await new Promise((r) => setTimeout(r, 20));
      progress = (await (
        await call(`${ONR}/yleistunniste/tuonti=${created.id}/perustiedot`, { headers: { cookie } })
      ).json()) as typeof progress;
    }
    assert.equal(progress.kasitelty, true);
    const result = (await (await call(`${ONR}/yleistunniste/tuonti=${created.id}`, { headers: { cookie } })).json()) as {
      henkilot: Array<{ tunniste: string; henkilo: { oid: string; oppijanumero: string | null }; conflict: boolean }>;
    };
    const byId = Object.fromEntries(result.henkilot.map((h) => [h.tunniste, h]));
    assert.equal(byId['sis-1001']!.conflict, false);
    assert.equal(byId['sis-1001']!.henkilo.oppijanumero, null);
    assert.equal(byId['sis-1002']!.henkilo.oid, MAIJA_OID);
    assert.equal(byId['sis-1002']!.conflict, false, 'Testinen-Koe is similar enough to Testinen (Jaro–Winkler ≥ 0.85)');
    assert.equal((await call(`${ONR}/yleistunniste/tuonti=999999`, { headers: { cookie } })).status, 404);
    assert.equal(
      (
        await call(`${ONR}/yleistunniste`, {
          method: 'PUT',
          headers: { cookie, 'content-type': 'application/json' },
          body: '{"henkilot":[]}',
        })
      ).status,
      400,
    );
  });

  it('fault injection: status, delay, connection reset, limited times', async () => {
    fake.control.addFault({ path: `${ONR}/yleistunniste/hae`, status: 503, headers: { 'retry-after': '1' }, times: 1 });
    const first = await call(`${ONR}/yleistunniste/hae/${MAIJA_OID}`);
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '1');
    assert.equal((await call(`${ONR}/yleistunniste/hae/${MAIJA_OID}`)).status, 302, 'the fault was used up');
    fake.control.addFault({ path: '^/cas/login$', delayMs: 150, times: 1 });
    const started = performance.now();
    assert.equal((await call('/cas/login')).status, 200);
    assert.ok(performance.now() - started >= 140);
    fake.control.addFault({ path: '/cas/login', reset: true, times: 1 });
    await assert.rejects(call('/cas/login'));
  });

  it('control API over HTTP: faults, config, roles, reset', async () => {
    const post = (path: string, body: unknown, method = 'POST') =>
      call(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post('/__fake/faults', { path: '/cas/login', status: 500 })).status, 200);
    assert.equal((await call('/cas/login')).status, 500);
    await call('/__fake/faults', { method: 'DELETE' });
    assert.equal((await call('/cas/login')).status, 200);
    assert.equal(
      ((await (await post('/__fake/config', { sessionExpiryMode: 401 }, 'PUT')).json()) as { sessionExpiryMode: number }).sessionExpiryMode,
      401,
    );
    assert.equal((await post('/__fake/users/fake-onr-client/roles', { roles: {} }, 'PUT')).status, 200);
    assert.equal(fake.state.hasYleistunnisteRole('fake-onr-client'), false);
    await post('/__fake/reset', {});
    assert.equal(fake.state.hasYleistunnisteRole('fake-onr-client'), true);
    assert.equal(fake.state.settings.sessionExpiryMode, 302);
    assert.deepEqual(fake.stats(), { requests: 0 });
  });

  it('its own hetu and name rules agree with ONR’s documented behaviour', () => {
    assert.equal(isValidHetu('290288-944F', true), true);
    assert.equal(isValidHetu('290288-944F', false), false, 'production refuses 9xx codes');
    assert.equal(isValidHetu('290288-944f', true), false, 'case-sensitive');
    assert.equal(
      namesMatch(
        { etunimet: 'Maija', kutsumanimi: 'Maija', sukunimi: 'Testinen' },
        { etunimet: 'Maija Anneli', kutsumanimi: 'Maija', sukunimi: 'Testinen' },
        'jaro-winkler',
      ),
      true,
    );
    assert.equal(
      namesMatch(
        { etunimet: 'Maija', kutsumanimi: 'Maija', sukunimi: 'Virtanen' },
        { etunimet: 'Maija Anneli', kutsumanimi: 'Maija', sukunimi: 'Testinen' },
        'jaro-winkler',
      ),
      false,
    );
    assert.equal(
      namesMatch(
        { etunimet: 'Veeti', kutsumanimi: 'Veeti', sukunimi: 'Testila' },
        { etunimet: 'Veeti', kutsumanimi: 'Veeti', sukunimi: 'Testilä' },
        'exact',
      ),
      true,
      'diacritics are folded',
    );
  });
});
