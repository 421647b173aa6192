import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { CloudAdapter } from 'botbuilder';
import { createServer } from '../../../bot/server.js';
import type { BotRouter } from '../../../bot/teams/router.js';
import { createLogger } from '../../../bot/log.js';
import { AppError } from '../../../bot/errors.js';

/** A server whose turns wait for a gate, so in-flight turns can be held open on purpose. */
async function startGatedServer(maxInflightTurns: number) {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let processed = 0;
  const adapter = {
    async process(_req: unknown, res: { status(code: number): void; end(): void }) {
      await gate;
      processed += 1;
      res.status(200);
      res.end();
    },
  } as unknown as CloudAdapter;
  const server = createServer({
    mode: 'local',
    adapter,
    router: {} as BotRouter,
    logger: createLogger({ level: 'silent' }),
    authenticateTab: async () => {
      throw new AppError('UNAUTHENTICATED');
    },
    resolveUser: async () => {
      throw new Error('not used');
    },
    tabRoutes: [{ method: 'post', path: '/things', handler: async () => ({ status: 200, body: {} }) }],
    tabDirectory: '/nonexistent',
    tabHeaders: {},
    maxInflightTurns,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, release: () => open(), processed: () => processed, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const post = (url: string) =>
  fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message"}' });

describe('back-pressure and CORS posture', () => {
  it('A-REL-9: above the in-flight cap the webhook answers 503 at once, and recovers', async () => {
    const server = await startGatedServer(2);
    try {
      const held = [post(server.url), post(server.url)];
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      const refused = await post(server.url);
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.ok(Date.now() - started < 1000, 'refused fast, not queued');
      server.release();
      assert.deepEqual(
        (await Promise.all(held)).map((r) => r.status),
        [200, 200],
      );
      assert.equal((await post(server.url)).status, 200, 'accepts again once turns finish');
      assert.equal(server.processed(), 3);
    } finally {
      server.release();
      await server.close();
    }
  });

  it('A-TAB-7: no CORS for other origins, and a GET on a state-changing route is 405', async () => {
    const server = await startGatedServer(4);
    try {
      const preflight = await fetch(`${server.url}/api/tab/things`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      assert.ok(preflight.status >= 400, String(preflight.status));
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
      const get = await fetch(`${server.url}/api/tab/things`);
      assert.equal(get.status, 405);
      const cross = await fetch(`${server.url}/api/tab/things`, { method: 'POST', headers: { origin: 'https://evil.example' } });
      assert.equal(cross.headers.get('access-control-allow-origin'), null);
    } finally {
      server.release();
      await server.close();
    }
  });
});
