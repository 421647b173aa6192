/**
 * The inbound guard called directly (no HTTP): raw header shapes an HTTP client would normalise away,
 * the channel check when keys carry no endorsements, and local mode.
 */
import assert from 'node:assert/strict';
import { createInboundGuard, type InboundGuardOptions } from '../../../bot/teams/inbound-auth.js';
import { createDedupe } from '../../../bot/teams/dedupe.js';
import { createServiceUrlPolicy } from '../../../bot/teams/service-url.js';
import { startFakeBotFrameworkAuth, type FakeBotFrameworkAuth } from '../../helpers/fake-bot-framework-auth.js';
import { APP_ID, HOME_TENANT, captureLogs, teamsMessage, type LogCapture } from './harness.js';

const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

describe('inbound guard (direct calls)', () => {
  let auth: FakeBotFrameworkAuth;
  let logs: LogCapture;
  let guard: ReturnType<typeof createInboundGuard>;

  const config = (metadataUrl: string): InboundGuardOptions['config'] => ({
    mode: 'production',
    NODE_ENV: 'test',
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_TENANT_ID: HOME_TENANT,
    ALLOWED_TENANTS: [],
    BOT_OPENID_METADATA_URL: metadataUrl,
  });

  before(async () => {
    // Keys without endorsements: the channel check itself must then refuse non-Teams channels.
    auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: SERVICE_URL, endorsements: [] });
    logs = captureLogs();
    guard = createInboundGuard({
      config: config(auth.metadataUrl),
      logger: logs.logger,
      isAllowedServiceUrl: createServiceUrlPolicy({ mode: 'production', extraHosts: [] }),
    });
  });
  after(() => auth.close());

  const lastReason = () => logs.events('inbound_auth_rejected').at(-1)?.reason;

  it('A-AUTH-2: a valid token for the Teams connector passes (production service-URL policy)', async () => {
    const result = await guard({ headers: { authorization: `Bearer ${await auth.signActivityToken()}` }, body: teamsMessage(SERVICE_URL) });
    assert.equal(result, null);
  });

  for (const [name, header, reason] of [
    ['"Bearer " with nothing after it', 'Bearer ', 'malformed_token'],
    ['a token with four segments', 'Bearer a.b.c.d', 'malformed_token'],
    ['a token of 17 KiB', `Bearer ${'a'.repeat(17 * 1024)}.b.c`, 'malformed_token'],
    ['an empty header', '', 'missing_authorization'],
  ] as const) {
    it(`A-AUTH-2: raw header with ${name} → 401`, async () => {
      assert.deepEqual(await guard({ headers: { authorization: header }, body: teamsMessage(SERVICE_URL) }), { status: 401 });
      assert.equal(lastReason(), reason);
    });
  }

  it('A-AUTH-2: a body that is not an activity → 401', async () => {
    const token = await auth.signActivityToken();
    for (const body of [undefined, 'text', [teamsMessage(SERVICE_URL)]]) {
      assert.deepEqual(await guard({ headers: { authorization: `Bearer ${token}` }, body }), { status: 401 });
      assert.equal(lastReason(), 'malformed_activity');
    }
  });

  it('A-AUTH-4: channelId other than msteams → 401 even when the key has no endorsements', async () => {
    const result = await guard({
      headers: { authorization: `Bearer ${await auth.signActivityToken()}` },
      body: teamsMessage(SERVICE_URL, { channelId: 'webchat' }),
    });
    assert.deepEqual(result, { status: 401 });
    assert.equal(lastReason(), 'channel');
  });

  it('A-AUTH-8: an http:// Teams serviceUrl is refused (the token would travel in clear text)', async () => {
    const httpUrl = 'http://smba.trafficmanager.net/emea/';
    const result = await guard({
      headers: { authorization: `Bearer ${await auth.signActivityToken({ serviceurl: httpUrl })}` },
      body: teamsMessage(httpUrl),
    });
    assert.deepEqual(result, { status: 401 });
    assert.equal(lastReason(), 'service_url_not_allowed');
  });

  it('A-AUTH-8: the loopback test exception needs NODE_ENV=test and the fake issuer together', async () => {
    const loopback = 'http://127.0.0.1:9/';
    const token = await auth.signActivityToken({ serviceurl: loopback });
    const isAllowedServiceUrl = createServiceUrlPolicy({ mode: 'production', extraHosts: ['127.0.0.1'] });
    const withHarness = createInboundGuard({ config: config(auth.metadataUrl), logger: logs.logger, isAllowedServiceUrl });
    assert.equal(await withHarness({ headers: { authorization: `Bearer ${token}` }, body: teamsMessage(loopback) }), null);
    const productionLike = createInboundGuard({
      config: { ...config(auth.metadataUrl), NODE_ENV: 'production' },
      logger: logs.logger,
      isAllowedServiceUrl,
    });
    assert.deepEqual(await productionLike({ headers: { authorization: `Bearer ${token}` }, body: teamsMessage(loopback) }), {
      status: 401,
    });
    assert.equal(lastReason(), 'service_url_not_allowed');
  });

  it('A-AUTH-7: the rejection log line carries a reason code and nothing of the token', async () => {
    const token = await auth.signActivityToken({ aud: '<script>alert(1)</script>' });
    await guard({ headers: { authorization: `Bearer ${token}` }, body: teamsMessage(SERVICE_URL) });
    const line = logs.lines.at(-1)!;
    assert.equal(JSON.parse(line).reason, 'audience');
    assert.ok(!line.includes(token.split('.')[1]!));
    assert.ok(!line.includes('script'));
  });

  it('A-REL-3: local mode ignores tokens and only de-duplicates', async () => {
    const local = createInboundGuard({
      config: {
        mode: 'local',
        NODE_ENV: undefined,
        MICROSOFT_APP_ID: undefined,
        MICROSOFT_APP_TENANT_ID: undefined,
        ALLOWED_TENANTS: [],
        BOT_OPENID_METADATA_URL: undefined,
      },
      logger: logs.logger,
      isAllowedServiceUrl: () => false,
      dedupe: createDedupe({ logger: logs.logger }),
    });
    const activity = teamsMessage('http://localhost:56150/');
    assert.equal(await local({ headers: {}, body: activity }), null);
    assert.deepEqual(await local({ headers: {}, body: activity }), { status: 200 });
  });

  it('A-REL-3: guard.release() after a downstream refusal lets the redelivery through', async () => {
    const dedupe = createDedupe({ logger: logs.logger });
    const withDedupe = createInboundGuard({
      config: config(auth.metadataUrl),
      logger: logs.logger,
      isAllowedServiceUrl: createServiceUrlPolicy({ mode: 'production', extraHosts: [] }),
      dedupe,
    });
    const req = { headers: { authorization: `Bearer ${await auth.signActivityToken()}` }, body: teamsMessage(SERVICE_URL) };
    assert.equal(await withDedupe(req), null);
    assert.deepEqual(await withDedupe(req), { status: 200 });
    await withDedupe.release(req);
    assert.equal(await withDedupe(req), null);
  });
});
