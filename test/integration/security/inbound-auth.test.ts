/**
 * B3.1 inbound authentication matrix, black-box over HTTP against the real app (startApp) in production
 * mode. The only test-only pieces are the fake issuer's keys (BOT_OPENID_METADATA_URL, NODE_ENV=test),
 * the fake connector on loopback and the primed outbound token. Each refusal must be a 401 with the
 * fixed body, no bot logic (the fake connector receives nothing) and a log line with a reason code.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { RunningApp } from '../../../bot/app.js';
import {
  FAKE_OUTBOUND_TOKEN,
  primeOutboundToken,
  startFakeBotFrameworkAuth,
  startFakeConnector,
  type FakeBotFrameworkAuth,
  type FakeConnector,
} from '../../helpers/fake-bot-framework-auth.js';
import {
  APP_ID,
  FOREIGN_TENANT,
  HOME_TENANT,
  JWT_PATTERN,
  PARTNER_TENANT,
  UNAUTHORIZED_BODY,
  captureLogs,
  postActivity,
  startSecureApp,
  teamsMessage,
  type LogCapture,
} from './harness.js';

const MIN = 60;
const now = () => Math.floor(Date.now() / 1000);

describe('inbound authentication over HTTP (A-AUTH-1…4, 7, 8, 9)', function () {
  let auth: FakeBotFrameworkAuth;
  let connector: FakeConnector;
  let evil: FakeConnector;
  let app: RunningApp;
  let logs: LogCapture;
  let consoleError: sinon.SinonStub;
  let consoleWarn: sinon.SinonStub;
  const statuses: number[] = [];

  before(async () => {
    connector = await startFakeConnector();
    evil = await startFakeConnector();
    auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: connector.serviceUrl });
    primeOutboundToken(APP_ID);
    logs = captureLogs();
    // botbuilder prints its errors (with token details) through console.error: none may appear at all.
    consoleError = sinon.stub(console, 'error');
    consoleWarn = sinon.stub(console, 'warn');
    app = await startSecureApp(auth, { logger: logs.logger });
  });
  after(async () => {
    consoleError.restore();
    consoleWarn.restore();
    await app?.stop();
    await auth?.close();
    await connector?.close();
    await evil?.close();
  });

  /** Posts and checks the refusal contract: status, fixed body, no connector traffic, the logged reason. */
  async function expectRefused(activity: Record<string, unknown>, authorization: string | undefined, reason: string, status = 401) {
    const before = connector.requests.length;
    const beforeReasons = logs.events('inbound_auth_rejected').length;
    const result = await postActivity(app.url, activity, authorization);
    statuses.push(result.status);
    assert.equal(result.status, status);
    // bot/server.ts answers an acknowledged-but-ignored activity with an empty JSON object.
    assert.equal(result.body, status === 401 ? UNAUTHORIZED_BODY : '{}');
    assert.equal(connector.requests.length, before, 'the bot logic must not run (no reply reached the connector)');
    const rejections = logs.events('inbound_auth_rejected').slice(beforeReasons);
    assert.deepEqual(
      rejections.map((r) => r.reason),
      [reason],
    );
  }

  async function expectAccepted(activity: Record<string, unknown>, authorization: string) {
    const before = connector.requests.length;
    const result = await postActivity(app.url, activity, authorization);
    statuses.push(result.status);
    assert.equal(result.status, 200);
    assert.equal(connector.requests.length, before + 1, 'exactly one reply');
    const reply = connector.requests.at(-1)!;
    assert.equal(reply.conversationId, (activity.conversation as { id: string }).id);
    assert.equal(reply.authorization, `Bearer ${FAKE_OUTBOUND_TOKEN}`);
  }

  const message = (overrides: Record<string, unknown> = {}) => teamsMessage(connector.serviceUrl, overrides);

  describe('a valid channel token', () => {
    it('A-AUTH-2: a good token → 200 and the bot replies through the connector with its own token', async () => {
      await expectAccepted(message(), `Bearer ${await auth.signActivityToken()}`);
    });

    it('A-AUTH-4: an allow-listed partner tenant (ALLOWED_TENANTS) → 200 and processed', async () => {
      const activity = message({
        conversation: { id: 'a:partner-conv', conversationType: 'personal', tenantId: PARTNER_TENANT },
        channelData: { tenant: { id: PARTNER_TENANT } },
      });
      await expectAccepted(activity, `Bearer ${await auth.signActivityToken()}`);
    });

    it('A-AUTH-2: expired 4 min ago, inside the 5-min clock skew → 200', async () => {
      await expectAccepted(message(), `Bearer ${await auth.signActivityToken({ exp: now() - 4 * MIN })}`);
    });
  });

  describe('A-AUTH-1: no anonymous path', () => {
    it('A-AUTH-1: anonymous POST (no Authorization) in test mode → 401', async () => {
      await expectRefused(message(), undefined, 'missing_authorization');
    });
  });

  describe('A-AUTH-2: the Authorization header', () => {
    it('A-AUTH-2: Basic scheme → 401', async () => {
      await expectRefused(message(), 'Basic dXNlcjpwYXNz', 'bad_scheme');
    });
    it('A-AUTH-2: lower-case "bearer" scheme → 401 (botbuilder compares it exactly too)', async () => {
      await expectRefused(message(), `bearer ${await auth.signActivityToken()}`, 'bad_scheme');
    });
    it('A-AUTH-2: empty bearer token → 401', async () => {
      // HTTP trims the trailing space, so the header arrives as a bare "Bearer".
      await expectRefused(message(), 'Bearer ', 'bad_scheme');
    });
    it('A-AUTH-2: an extra space before the token → 401', async () => {
      await expectRefused(message(), `Bearer  ${await auth.signActivityToken()}`, 'malformed_token');
    });
    it('A-AUTH-2: garbage token → 401', async () => {
      await expectRefused(message(), 'Bearer abc.def.ghi', 'malformed_token');
    });
  });

  describe('A-AUTH-2: algorithm and key', () => {
    it('A-AUTH-2: alg none → 401', async () => {
      await expectRefused(message(), `Bearer ${auth.unsignedToken()}`, 'unsupported_alg');
    });
    it('A-AUTH-2: HS256 signed with the RSA public key (key confusion) → 401, not 500', async () => {
      await expectRefused(message(), `Bearer ${await auth.publicKeyHmacToken()}`, 'unsupported_alg');
    });
    it('A-AUTH-2: RS256 with an unknown kid → 401 after at most one refetch of the keys', async () => {
      const fetches = auth.counts.jwks;
      await expectRefused(message(), `Bearer ${await auth.signActivityToken({}, { key: 'unpublished' })}`, 'unknown_kid');
      await expectRefused(message(), `Bearer ${await auth.signActivityToken({}, { key: 'unpublished' })}`, 'unknown_kid');
      assert.ok(auth.counts.jwks - fetches <= 1, `JWKS fetched ${auth.counts.jwks - fetches} times`);
    });
    it('A-AUTH-2: signed by another key under a published kid (bad signature) → 401', async () => {
      await expectRefused(
        message(),
        `Bearer ${await auth.signActivityToken({}, { key: 'unpublished', kid: auth.currentKid() })}`,
        'signature',
      );
    });
    it('A-AUTH-2: token without a kid → 401', async () => {
      await expectRefused(message(), `Bearer ${await auth.signActivityToken({}, { header: { kid: undefined } })}`, 'missing_kid');
    });
  });

  describe('A-AUTH-2: issuer', () => {
    for (const [name, iss] of [
      ['wrong issuer', 'https://evil.example'],
      ['issuer with a trailing slash', 'https://api.botframework.com/'],
      ['issuer of an Entra tenant', `https://login.microsoftonline.com/${HOME_TENANT}/v2.0`],
      ['issuer missing', undefined],
    ] as const) {
      it(`A-AUTH-2: ${name} → 401`, async () => {
        await expectRefused(message(), `Bearer ${await auth.signActivityToken({ iss })}`, 'issuer');
      });
    }
  });

  describe('A-AUTH-2: audience', () => {
    it('A-AUTH-2: aud is another app → 401', async () => {
      await expectRefused(message(), `Bearer ${await auth.signActivityToken({ aud: '66666666-6666-4666-8666-666666666666' })}`, 'audience');
    });
    it('A-AUTH-2: aud is an array that also holds ours → 401 (channel tokens carry one audience)', async () => {
      await expectRefused(
        message(),
        `Bearer ${await auth.signActivityToken({ aud: [APP_ID, 'https://api.botframework.com'] })}`,
        'audience',
      );
    });
    it('A-AUTH-2: aud missing → 401', async () => {
      await expectRefused(message(), `Bearer ${await auth.signActivityToken({ aud: undefined })}`, 'audience');
    });
  });

  describe('A-AUTH-2: lifetime', () => {
    it('A-AUTH-2: expired 6 min ago → 401', async () => {
      await expectRefused(message(), `Bearer ${await auth.signActivityToken({ exp: now() - 6 * MIN, nbf: now() - 60 * MIN })}`, 'expired');
    });
    it('A-AUTH-2: nbf 6 min in the future → 401', async () => {
      await expectRefused(message(), `Bearer ${await auth.signActivityToken({ nbf: now() + 6 * MIN })}`, 'not_yet_valid');
    });
    it('A-AUTH-2: no exp claim → 401', async () => {
      await expectRefused(message(), `Bearer ${await auth.signActivityToken({ exp: undefined })}`, 'invalid_token');
    });
  });

  describe('A-AUTH-3: serviceurl binding (exact match, as botbuilder)', () => {
    const variants: Array<[string, (u: string) => string | undefined]> = [
      ['a claim for another host', () => 'https://smba.trafficmanager.net/emea/'],
      ['a claim for an attacker host', () => 'https://evil.example/'],
      ['a missing claim', () => undefined],
      ['a claim differing in case', (u) => u.toUpperCase()],
      ['a claim without the trailing slash', (u) => u.replace(/\/$/, '')],
    ];
    for (const [name, claimOf] of variants) {
      it(`A-AUTH-3: ${name} → 401`, async () => {
        const token = await auth.signActivityToken({ serviceurl: claimOf(connector.serviceUrl) });
        await expectRefused(message(), `Bearer ${token}`, 'service_url_claim');
      });
    }
    it('A-AUTH-3: an activity without serviceUrl → 401', async () => {
      await expectRefused(message({ serviceUrl: undefined }), `Bearer ${await auth.signActivityToken()}`, 'malformed_activity');
    });
  });

  describe('A-AUTH-4: channel and tenant filter', () => {
    it('A-AUTH-4: valid token with channelId webchat → 401 (key endorsed for msteams only)', async () => {
      await expectRefused(message({ channelId: 'webchat' }), `Bearer ${await auth.signActivityToken()}`, 'endorsement');
    });
    it('A-AUTH-4: valid token with a foreign tenant → 200, bot logic not run, one security event', async () => {
      const activity = message({
        conversation: { id: 'a:foreign', conversationType: 'personal', tenantId: FOREIGN_TENANT },
        channelData: { tenant: { id: FOREIGN_TENANT } },
      });
      await expectRefused(activity, `Bearer ${await auth.signActivityToken()}`, 'tenant', 200);
    });
    it('A-AUTH-4: conversation.tenantId ours but channelData.tenant.id foreign → 200, not processed', async () => {
      const activity = message({ channelData: { tenant: { id: FOREIGN_TENANT } } });
      await expectRefused(activity, `Bearer ${await auth.signActivityToken()}`, 'tenant', 200);
    });
    it('A-AUTH-4: no tenant at all → 200, not processed', async () => {
      const activity = message({ conversation: { id: 'a:x', conversationType: 'personal' }, channelData: {} });
      await expectRefused(activity, `Bearer ${await auth.signActivityToken()}`, 'tenant', 200);
    });
  });

  describe('A-AUTH-8: inbound serviceUrl must be on the outbound allow-list', () => {
    it('A-AUTH-8: valid token bound to a non-allow-listed serviceUrl → 401, that host receives nothing', async () => {
      // Same loopback machine, but "localhost" is not in ALLOWED_SERVICE_URL_HOSTS (only 127.0.0.1 is).
      const evilUrl = evil.serviceUrl.replace('127.0.0.1', 'localhost');
      const token = await auth.signActivityToken({ serviceurl: evilUrl });
      await expectRefused(message({ serviceUrl: evilUrl }), `Bearer ${token}`, 'service_url_not_allowed');
      assert.equal(evil.requests.length, 0);
    });
  });

  describe('A-AUTH-9: size and method limits (server)', () => {
    it('A-AUTH-9: a 1 MiB body → 413 before any token work', async () => {
      const before = logs.events('inbound_auth_rejected').length;
      const result = await postActivity(app.url, message({ text: 'x'.repeat(1024 * 1024) }), `Bearer ${await auth.signActivityToken()}`);
      assert.equal(result.status, 413);
      assert.equal(logs.events('inbound_auth_rejected').length, before);
    });
    it('A-AUTH-9: GET /api/messages → 405', async () => {
      const response = await fetch(`${app.url}/api/messages`);
      await response.text();
      assert.equal(response.status, 405);
    });
  });

  describe('A-AUTH-7: no echo, no token in logs', () => {
    it('A-AUTH-7: every refusal above had the fixed body and no 500 was ever answered', () => {
      assert.ok(statuses.length > 20, 'the matrix ran');
      assert.ok(!statuses.some((s) => s >= 500), `statuses: ${statuses.join(',')}`);
    });
    it('A-AUTH-7: the log and console output hold no JWT, no bearer value and no outbound token', () => {
      const console = [...consoleError.getCalls(), ...consoleWarn.getCalls()].map((c) => c.args.map(String).join(' '));
      const everything = [...logs.lines, ...console].join('\n');
      assert.ok(logs.lines.length > 0);
      assert.doesNotMatch(everything, JWT_PATTERN);
      assert.doesNotMatch(everything, /Bearer [A-Za-z0-9]/);
      assert.ok(!everything.includes(FAKE_OUTBOUND_TOKEN));
      assert.equal(consoleError.callCount, 0, 'botbuilder printed an error (it never saw a bad token)');
    });
  });
});
