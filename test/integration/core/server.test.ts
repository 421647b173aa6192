import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { loadConfig } from '../../../bot/config.js';
import { startApp, type RunningApp } from '../../../bot/app.js';
import { createLogger } from '../../../bot/log.js';
import { isLoopback } from '../../../bot/server.js';

const logger = createLogger({ level: 'silent' });

const activity = {
  type: 'message',
  id: 'a1',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  from: { id: '29:u', aadObjectId: 'o' },
  recipient: { id: '28:bot' },
  conversation: { id: 'a:1', conversationType: 'personal', tenantId: 't' },
  text: 'hei',
};

describe('HTTP server', () => {
  describe('local mode', () => {
    let app: RunningApp;
    before(async () => {
      app = await startApp(
        loadConfig({ LOCAL_MODE: 'true', PORT: '0', HOST: '127.0.0.1', DATA_DIR: ':memory:', LOCAL_PLAYGROUND: 'false' }),
        { logger },
      );
    });
    after(() => app.stop());

    it('answers /healthz', async () => {
      const response = await fetch(`${app.url}/healthz`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok', mode: 'local' });
    });

    it('rejects a malformed body without crashing', async () => {
      const response = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{not json',
      });
      assert.ok(response.status >= 400 && response.status < 500, String(response.status));
      const health = await fetch(`${app.url}/healthz`);
      assert.equal(health.status, 200);
    });

    it('a DELETE without a body (as browsers send it: no Content-Length, no Content-Type) reaches the route, not 415', async () => {
      // Node's client, like Chromium's fetch, sends neither header for a DELETE without a body.
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(`${app.url}/api/tab/admin/users/t/o`, { method: 'DELETE' }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
      // The route's own answer to a missing token, not restify's "Unsupported Media Type".
      assert.equal(status, 401);
    });

    it('refuses tab API calls without a token (401)', async () => {
      const response = await fetch(`${app.url}/api/tab/me`);
      assert.ok([401, 404].includes(response.status));
    });
  });

  describe('production mode', () => {
    let app: RunningApp;
    before(async () => {
      const config = loadConfig({
        LOCAL_MODE: 'true',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: ':memory:',
        MICROSOFT_APP_ID: '11111111-1111-1111-1111-111111111111',
        MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
        MICROSOFT_APP_TENANT_ID: '22222222-2222-2222-2222-222222222222',
        MICROSOFT_APP_TYPE: 'SingleTenant',
        TAB_CLIENT_ID: '33333333-3333-3333-3333-333333333333',
        ONR_BASE_URL: 'http://127.0.0.1:9',
        ONR_USERNAME: 'test-service-user',
        ONR_PASSWORD: 'not-a-real-password',
        PUBLIC_BASE_URL: 'https://bot.example.fi',
      });
      app = await startApp(config, { logger });
    });
    after(() => app.stop());

    for (const [name, headers] of [
      ['no Authorization header', {}],
      ['a garbage bearer token', { authorization: 'Bearer abc.def.ghi' }],
      ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ] as const) {
      it(`answers 401 with a generic body to ${name}`, async () => {
        const response = await fetch(`${app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(activity),
        });
        assert.equal(response.status, 401);
        const body = await response.text();
        assert.doesNotMatch(body, /stack|at \w+ \(|botframework|jwt/i);
      });
    }
  });

  it('warns at start-up in production when no expert channel is configured (issue 15 item 14)', async () => {
    const lines: string[] = [];
    const capture = createLogger({ level: 'warn', destination: { write: (line: string) => void lines.push(line) } });
    const app = await startApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: ':memory:',
        MICROSOFT_APP_ID: '11111111-1111-1111-1111-111111111111',
        MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
        MICROSOFT_APP_TENANT_ID: '22222222-2222-2222-2222-222222222222',
        MICROSOFT_APP_TYPE: 'SingleTenant',
        TAB_CLIENT_ID: '33333333-3333-3333-3333-333333333333',
        ONR_BASE_URL: 'http://127.0.0.1:9',
        ONR_USERNAME: 'test-service-user',
        ONR_PASSWORD: 'not-a-real-password',
        PUBLIC_BASE_URL: 'https://bot.example.fi',
      }),
      { logger: capture },
    );
    await app.stop();
    assert.ok(
      lines.some((line) => line.includes('EXPERT_CHANNEL is not set')),
      lines.join('\n'),
    );
  });

  it('recognises loopback addresses only', () => {
    assert.equal(isLoopback('127.0.0.1'), true);
    assert.equal(isLoopback('::1'), true);
    assert.equal(isLoopback('::ffff:127.0.0.1'), true);
    assert.equal(isLoopback('10.0.0.1'), false);
    assert.equal(isLoopback('::ffff:192.168.1.1'), false);
    assert.equal(isLoopback(undefined), false);
  });
});
