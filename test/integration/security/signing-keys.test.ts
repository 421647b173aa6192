/**
 * A-AUTH-6 (metadata and keys) and A-AUTH-1 (fail closed), at the level of the inbound guard with the
 * fake issuer over loopback HTTP, plus the outage cases end to end through the real app.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../../../bot/config.js';
import {
  BOT_FRAMEWORK_OPENID_METADATA_URL,
  createInboundGuard,
  createOpenIdKeySource,
  type InboundGuard,
  type InboundGuardOptions,
} from '../../../bot/teams/inbound-auth.js';
import { createLogger } from '../../../bot/log.js';
import type { RunningApp } from '../../../bot/app.js';
import {
  primeOutboundToken,
  startFakeBotFrameworkAuth,
  startFakeConnector,
  type FakeBotFrameworkAuth,
  type FakeConnector,
} from '../../helpers/fake-bot-framework-auth.js';
import { APP_ID, HOME_TENANT, captureLogs, postActivity, startSecureApp, teamsMessage } from './harness.js';

const silent = createLogger({ level: 'silent' });
const HOUR = 60 * 60 * 1000;

const productionConfig = (metadataUrl?: string): InboundGuardOptions['config'] => ({
  mode: 'production',
  NODE_ENV: 'test',
  MICROSOFT_APP_ID: APP_ID,
  MICROSOFT_APP_TENANT_ID: HOME_TENANT,
  ALLOWED_TENANTS: [],
  BOT_OPENID_METADATA_URL: metadataUrl,
});

describe('signing keys and fail-closed behaviour (A-AUTH-1, A-AUTH-6)', function () {
  let auth: FakeBotFrameworkAuth;
  let connector: FakeConnector;
  let clockMs = Date.now();

  beforeEach(async () => {
    connector = await startFakeConnector();
    auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: connector.serviceUrl });
    clockMs = Date.now();
  });
  afterEach(async () => {
    await auth.close();
    await connector.close();
  });

  function guard(options: Partial<InboundGuardOptions> = {}): InboundGuard {
    return createInboundGuard({
      config: productionConfig(auth.metadataUrl),
      logger: silent,
      isAllowedServiceUrl: () => true,
      clock: () => clockMs,
      keyCache: { failureBackoffMs: 0, timeoutMs: 500 },
      ...options,
    });
  }
  const request = async (token: string, body = teamsMessage(connector.serviceUrl)) => ({
    headers: { authorization: `Bearer ${token}` },
    body,
  });

  describe('A-AUTH-6: key rotation', () => {
    it('A-AUTH-6: a token with a new kid triggers exactly one metadata refetch and is accepted', async () => {
      const check = guard();
      assert.equal(await check(await request(await auth.signActivityToken())), null);
      assert.equal(auth.counts.metadata, 1);
      auth.rotate({ keepOld: false });
      assert.equal(await check(await request(await auth.signActivityToken())), null);
      assert.equal(auth.counts.metadata, 2);
      // Cached from now on.
      assert.equal(await check(await request(await auth.signActivityToken())), null);
      assert.equal(auth.counts.metadata, 2);
    });

    it('A-AUTH-6: unknown kids cause at most one refetch per interval (forged kids cannot flood the IdP)', async () => {
      const check = guard({ keyCache: { failureBackoffMs: 0, unknownKidRefetchMs: 5 * 60 * 1000 } });
      assert.equal(await check(await request(await auth.signActivityToken())), null);
      for (let i = 0; i < 5; i++) {
        assert.deepEqual(await check(await request(await auth.signActivityToken({}, { kid: `forged-${i}` }))), { status: 401 });
      }
      assert.equal(auth.counts.metadata, 2, 'one initial fetch and one refetch');
      clockMs += 5 * 60 * 1000;
      auth.rotate({ keepOld: false });
      assert.equal(await check(await request(await auth.signActivityToken())), null, 'rotation after the interval is picked up');
      assert.equal(auth.counts.metadata, 3);
    });

    it('A-AUTH-6: keys are refreshed after 24 h', async () => {
      const check = guard();
      assert.equal(await check(await request(await auth.signActivityToken())), null);
      clockMs += 24 * HOUR;
      assert.equal(
        await check(
          await request(
            await auth.signActivityToken({
              iat: Math.floor(clockMs / 1000),
              nbf: Math.floor(clockMs / 1000),
              exp: Math.floor(clockMs / 1000) + 3600,
            }),
          ),
        ),
        null,
      );
      assert.equal(auth.counts.metadata, 2);
    });
  });

  describe('A-AUTH-6: metadata outage', () => {
    it('A-AUTH-6: metadata down with keys cached → still accepted', async () => {
      const check = guard();
      assert.equal(await check(await request(await auth.signActivityToken())), null);
      auth.setOutage('error');
      assert.equal(await check(await request(await auth.signActivityToken())), null);
      // Even when the daily refresh fails, the cached keys keep working.
      clockMs += 25 * HOUR;
      const t = Math.floor(clockMs / 1000);
      assert.equal(await check(await request(await auth.signActivityToken({ iat: t, nbf: t, exp: t + 3600 }))), null);
    });

    it('A-AUTH-6: metadata down from a cold start (500) → 401, and accepted once it is back', async () => {
      const logs = captureLogs();
      const check = guard({ logger: logs.logger });
      auth.setOutage('error');
      assert.deepEqual(await check(await request(await auth.signActivityToken())), { status: 401 });
      assert.deepEqual(
        logs.events('inbound_auth_rejected').map((e) => e.reason),
        ['keys_unavailable'],
      );
      auth.setOutage('none');
      assert.equal(await check(await request(await auth.signActivityToken())), null);
    });

    it('A-AUTH-6: metadata hanging from a cold start → 401 within the fetch timeout, no crash', async () => {
      const check = guard();
      auth.setOutage('hang');
      const started = Date.now();
      assert.deepEqual(await check(await request(await auth.signActivityToken())), { status: 401 });
      assert.ok(Date.now() - started < 3000);
    });

    it('A-AUTH-6: keys older than the stale limit are not used during an outage (fail closed)', async () => {
      const check = guard({ keyCache: { failureBackoffMs: 0, maxStaleMs: 72 * HOUR } });
      assert.equal(await check(await request(await auth.signActivityToken())), null);
      auth.setOutage('error');
      clockMs += 73 * HOUR;
      const t = Math.floor(clockMs / 1000);
      assert.deepEqual(await check(await request(await auth.signActivityToken({ iat: t, nbf: t, exp: t + 3600 }))), { status: 401 });
    });

    it('A-AUTH-6: after a failed fetch, requests inside the back-off do not hit the IdP again', async () => {
      const check = guard({ keyCache: { failureBackoffMs: 10_000, timeoutMs: 500 } });
      auth.setOutage('error');
      for (let i = 0; i < 5; i++) assert.deepEqual(await check(await request(await auth.signActivityToken())), { status: 401 });
      assert.equal(auth.counts.metadata, 1);
    });

    it('A-AUTH-6: a JWKS address that is not https is refused (fail closed)', async () => {
      const fetchStub = async (url: string) =>
        url.endsWith('/openid')
          ? new Response(JSON.stringify({ jwks_uri: 'http://keys.example/jwks' }), { status: 200 })
          : new Response(JSON.stringify({ keys: [] }), { status: 200 });
      const keys = createOpenIdKeySource({ metadataUrl: 'https://issuer.example/openid', fetch: fetchStub, logger: silent });
      assert.deepEqual(await keys.getKey('any'), { missing: 'keys_unavailable' });
      assert.equal(keys.stats().failedFetches, 1);
    });

    it('issue 12 item 10: a loopback (test) issuer whose metadata names keys on another host is refused', async () => {
      const requested: string[] = [];
      const fetchStub = async (url: string) => {
        requested.push(url);
        return url.endsWith('/openid')
          ? new Response(JSON.stringify({ jwks_uri: 'https://keys.example/jwks' }), { status: 200 })
          : new Response(JSON.stringify({ keys: [] }), { status: 200 });
      };
      const keys = createOpenIdKeySource({ metadataUrl: 'http://127.0.0.1:9/openid', fetch: fetchStub, logger: silent });
      assert.deepEqual(await keys.getKey('any'), { missing: 'keys_unavailable' });
      assert.deepEqual(requested, ['http://127.0.0.1:9/openid'], 'the foreign JWKS was never fetched');
    });

    it('A-AUTH-6: a redirecting metadata endpoint is not followed', async () => {
      let hits = 0;
      const target = http.createServer((_req, res) => {
        hits += 1;
        res.end('{}');
      });
      const redirector = http.createServer((_req, res) => {
        res.writeHead(302, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/openid` });
        res.end();
      });
      await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
      await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
      try {
        const keys = createOpenIdKeySource({
          metadataUrl: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/openid`,
          logger: silent,
        });
        assert.deepEqual(await keys.getKey('any'), { missing: 'keys_unavailable' });
        assert.equal(hits, 0);
      } finally {
        target.closeAllConnections();
        redirector.closeAllConnections();
        await new Promise((r) => target.close(r));
        await new Promise((r) => redirector.close(r));
      }
    });
  });

  describe('A-AUTH-6: the metadata override is test-only', () => {
    it('A-AUTH-6: BOT_OPENID_METADATA_URL without NODE_ENV=test → configuration refused', () => {
      for (const NODE_ENV of [undefined, 'production', 'development']) {
        assert.throws(
          () =>
            loadConfig({ LOCAL_MODE: 'true', ...(NODE_ENV ? { NODE_ENV } : {}), BOT_OPENID_METADATA_URL: 'http://127.0.0.1:1/bf/openid' }),
          (error: unknown) => error instanceof ConfigError && /BOT_OPENID_METADATA_URL/.test(error.message),
        );
      }
      assert.equal(
        loadConfig({ LOCAL_MODE: 'true', NODE_ENV: 'test', BOT_OPENID_METADATA_URL: 'http://127.0.0.1:1/bf/openid' })
          .BOT_OPENID_METADATA_URL,
        'http://127.0.0.1:1/bf/openid',
      );
    });

    it('issue 12 item 10: with NODE_ENV=test the metadata override must be loopback', () => {
      for (const url of [
        'https://login.example.com/openid',
        'http://10.0.0.5/openid',
        'https://127.0.0.1.evil.example/openid',
        'http://[::2]/openid',
      ]) {
        assert.throws(
          () => loadConfig({ LOCAL_MODE: 'true', NODE_ENV: 'test', BOT_OPENID_METADATA_URL: url }),
          (error: unknown) => error instanceof ConfigError && /BOT_OPENID_METADATA_URL/.test(error.message),
          url,
        );
      }
      for (const url of ['http://127.0.0.1:1/openid', 'http://127.3.4.5:1/openid', 'http://localhost:1/openid', 'http://[::1]:1/openid']) {
        assert.equal(loadConfig({ LOCAL_MODE: 'true', NODE_ENV: 'test', BOT_OPENID_METADATA_URL: url }).BOT_OPENID_METADATA_URL, url);
      }
    });

    it("A-AUTH-6: by default the guard uses Microsoft's https metadata", async () => {
      const requested: string[] = [];
      const check = createInboundGuard({
        config: productionConfig(undefined),
        logger: silent,
        isAllowedServiceUrl: () => true,
        fetch: async (url) => {
          requested.push(url);
          return new Response('down', { status: 503 });
        },
      });
      assert.deepEqual(await check(await request(await auth.signActivityToken())), { status: 401 });
      assert.deepEqual(requested, [BOT_FRAMEWORK_OPENID_METADATA_URL]);
      assert.match(BOT_FRAMEWORK_OPENID_METADATA_URL, /^https:\/\/login\.botframework\.com\//);
    });
  });

  describe('A-AUTH-1: fail closed', () => {
    it('A-AUTH-1: the guard refuses to exist in production mode without an app id', () => {
      assert.throws(
        () =>
          createInboundGuard({
            config: { ...productionConfig(), MICROSOFT_APP_ID: undefined },
            logger: silent,
            isAllowedServiceUrl: () => true,
          }),
        /MICROSOFT_APP_ID/,
      );
    });

    it('A-AUTH-1: production configuration without tenant or app type is refused', () => {
      assert.throws(
        () => loadConfig({ LOCAL_MODE: 'true', MICROSOFT_APP_ID: APP_ID }),
        /MICROSOFT_APP_TENANT_ID[\s\S]*MICROSOFT_APP_TYPE|MICROSOFT_APP_TYPE[\s\S]*MICROSOFT_APP_TENANT_ID/,
      );
    });
  });

  describe('A-AUTH-6: outage end to end (guard and botbuilder both cache keys)', () => {
    let app: RunningApp;
    afterEach(async () => app?.stop());

    it('A-AUTH-6: metadata down with keys cached → 200 through the whole stack', async () => {
      primeOutboundToken(APP_ID);
      app = await startSecureApp(auth);
      assert.equal(
        (await postActivity(app.url, teamsMessage(connector.serviceUrl), `Bearer ${await auth.signActivityToken()}`)).status,
        200,
      );
      auth.setOutage('error');
      const result = await postActivity(app.url, teamsMessage(connector.serviceUrl), `Bearer ${await auth.signActivityToken()}`);
      assert.equal(result.status, 200);
      assert.equal(connector.requests.length, 2);
    });

    it('A-AUTH-6 (botbuilder layer, documents the SDK): a kid first seen < 1 h after the SDK fetched its keys passes our guard but is refused by botbuilder', async () => {
      // botbuilder's OpenIdMetadata refetches for an unknown kid at most once an hour (24 h otherwise),
      // so with botbuilder as the second layer a rotation is only seamless because Microsoft publishes
      // new keys well before signing with them. This pins that behaviour down for the day it changes.
      const logs = captureLogs();
      primeOutboundToken(APP_ID);
      app = await startSecureApp(auth, { logger: logs.logger });
      assert.equal(
        (await postActivity(app.url, teamsMessage(connector.serviceUrl), `Bearer ${await auth.signActivityToken()}`)).status,
        200,
      );
      auth.rotate({ keepOld: false });
      const originalError = console.error;
      console.error = () => undefined; // botbuilder reports its refusal there
      try {
        const result = await postActivity(app.url, teamsMessage(connector.serviceUrl), `Bearer ${await auth.signActivityToken()}`);
        assert.equal(result.status, 401);
      } finally {
        console.error = originalError;
      }
      assert.equal(logs.events('inbound_auth_rejected').length, 0, 'our guard accepted the rotated key');
      assert.equal(connector.requests.length, 1);
    });

    it('A-AUTH-6: metadata down from a cold start → 401 through the whole stack and the app stays healthy', async () => {
      auth.setOutage('error');
      app = await startSecureApp(auth);
      const result = await postActivity(app.url, teamsMessage(connector.serviceUrl), `Bearer ${await auth.signActivityToken()}`);
      assert.equal(result.status, 401);
      assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
      assert.equal(connector.requests.length, 0);
    });
  });
});
