/**
 * Issue 12 items 3 and 5: what the HTTP edge decides before reading a request body.
 *  - A-AUTH-9: /api/messages refuses a missing or non-Bearer credential (production), a declared or
 *    streamed body over 256 KiB and a full house (back-pressure) without waiting for the body.
 *  - Local mode's dev sign-in and webhook answer only this machine: a loopback peer, no proxy headers,
 *    a loopback Host (a tunnel or reverse proxy on the same host makes every caller loopback).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudAdapter } from 'botbuilder';
import { createServer, isLocalOnlyRequest, MAX_ACTIVITY_BYTES } from '../../../bot/server.js';
import type { BotRouter } from '../../../bot/teams/router.js';
import { createLogger } from '../../../bot/log.js';
import { AppError } from '../../../bot/errors.js';

async function startServer(mode: 'local' | 'production', maxInflightTurns = 8) {
  let open: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  let processed = 0;
  let signIns = 0;
  const adapter = {
    async process(_req: unknown, res: { status(code: number): void; end(): void }) {
      await gate;
      processed += 1;
      res.status(200);
      res.end();
    },
  } as unknown as CloudAdapter;
  const server = createServer({
    mode,
    adapter,
    router: {} as BotRouter,
    logger: createLogger({ level: 'silent' }),
    authenticateTab: async () => {
      throw new AppError('UNAUTHENTICATED');
    },
    resolveUser: async () => {
      throw new Error('not used');
    },
    tabRoutes: [],
    publicRoutes: [{ method: 'post', path: '/dev/sign-in', handler: async () => ({ status: 200, body: { token: `dev.${++signIns}` } }) }],
    tabDirectory: '/nonexistent',
    tabHeaders: {},
    maxInflightTurns,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    hold() {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release: () => open(),
    processed: () => processed,
    signIns: () => signIns,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * Sends headers and only the first bytes of a body, then waits for an answer: a server that reads the
 * body first never answers (the rest never comes), so a status here proves the body was not awaited.
 */
function partialPost(port: number, headers: Record<string, string>, declaredLength: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': 'application/json', 'content-length': String(declaredLength), ...headers },
      agent: false,
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error('no answer before the body was complete: the body was awaited'));
    }, 3000);
    request.on('response', (response) => {
      clearTimeout(timer);
      response.resume();
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on('error', (error) => {
      if (!timer.hasRef()) return;
      clearTimeout(timer);
      reject(error);
    });
    request.write('{"type":"message","text":"');
  });
}

/** Streams a chunked body (no Content-Length) of the given size. */
function chunkedPost(port: number, headers: Record<string, string>, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': 'application/json', ...headers },
      agent: false,
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', (error) =>
      (error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET'
        ? undefined
        : reject(error),
    );
    const text = 'x'.repeat(bytes);
    request.write(`{"type":"message","text":"`);
    for (let at = 0; at < text.length; at += 16_384) request.write(text.slice(at, at + 16_384));
    request.end('"}');
  });
}

describe('issue 12: request gate before the body (A-AUTH-9) and local-only dev routes', () => {
  describe('production mode: /api/messages', () => {
    let server: Awaited<ReturnType<typeof startServer>>;
    beforeEach(async () => {
      server = await startServer('production', 1);
    });
    afterEach(async () => {
      server.release();
      await server.close();
    });

    it('A-AUTH-9 refuses a missing or non-Bearer Authorization header before reading the body (401)', async () => {
      assert.equal(await partialPost(server.port, {}, 100_000), 401);
      assert.equal(await partialPost(server.port, { authorization: 'Basic dXNlcjpwYXNz' }, 100_000), 401);
      assert.equal(await partialPost(server.port, { authorization: 'Bearer' }, 100_000), 401);
      assert.equal(server.processed(), 0);
    });

    it('A-AUTH-9 refuses a declared body over 256 KiB before reading it (413)', async () => {
      assert.equal(MAX_ACTIVITY_BYTES, 256 * 1024);
      assert.equal(await partialPost(server.port, { authorization: 'Bearer abc.def.ghi' }, MAX_ACTIVITY_BYTES + 1), 413);
      assert.equal(server.processed(), 0);
    });

    it('A-AUTH-9 refuses a chunked body that streams past 256 KiB (413), and takes one under it', async () => {
      assert.equal(await chunkedPost(server.port, { authorization: 'Bearer abc.def.ghi' }, 300 * 1024), 413);
      assert.equal(server.processed(), 0);
      assert.equal(await chunkedPost(server.port, { authorization: 'Bearer abc.def.ghi' }, 1024), 200);
      assert.equal(server.processed(), 1);
    });

    it('A-REL-9 back-pressure answers 503 before reading the body', async () => {
      server.hold();
      const held = chunkedPost(server.port, { authorization: 'Bearer abc.def.ghi' }, 10);
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(await partialPost(server.port, { authorization: 'Bearer abc.def.ghi' }, 100_000), 503);
      server.release();
      assert.equal(await held, 200);
    });
  });

  describe('local mode: only this machine itself', () => {
    let server: Awaited<ReturnType<typeof startServer>>;
    before(async () => {
      server = await startServer('local');
    });
    after(() => server.close());

    /** node:http, not fetch: fetch does not let a caller set Host. */
    const post = (path: string, headers: Record<string, string>, body: string) =>
      new Promise<{ status: number }>((resolve, reject) => {
        const request = http.request(
          {
            host: '127.0.0.1',
            port: server.port,
            method: 'POST',
            path,
            headers: { 'content-type': 'application/json', ...headers },
            agent: false,
          },
          (response) => {
            response.resume();
            resolve({ status: response.statusCode ?? 0 });
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    const signIn = (headers: Record<string, string> = {}) => post('/api/tab/dev/sign-in', headers, '{}');

    it('the dev sign-in answers a direct loopback request', async () => {
      const response = await signIn();
      assert.equal(response.status, 200);
    });

    for (const [name, headers] of [
      ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.7' }],
      ['Forwarded', { forwarded: 'for=203.0.113.7;proto=https' }],
      ['X-Forwarded-Host', { 'x-forwarded-host': 'abc.devtunnels.ms' }],
      ['a tunnel Host header', { host: 'abc-3978.euw.devtunnels.ms' }],
    ] as const) {
      it(`the dev sign-in and the webhook refuse a request carrying ${name} (403)`, async () => {
        const before = server.signIns();
        const response = await signIn(headers);
        assert.equal(response.status, 403);
        assert.equal(server.signIns(), before, 'the handler did not run');
        const webhook = await post('/api/messages', headers, '{"type":"message"}');
        assert.equal(webhook.status, 403);
      });
    }

    it('a non-loopback peer is refused whatever its headers say', () => {
      assert.equal(isLocalOnlyRequest({ socket: { remoteAddress: '10.0.0.5' }, headers: { host: 'localhost:3978' } }), false);
      assert.equal(isLocalOnlyRequest({ socket: { remoteAddress: '::ffff:192.168.1.4' }, headers: { host: '127.0.0.1:3978' } }), false);
      assert.equal(isLocalOnlyRequest({ socket: { remoteAddress: '127.0.0.1' }, headers: { host: 'localhost:3978' } }), true);
      assert.equal(isLocalOnlyRequest({ socket: { remoteAddress: '::1' }, headers: { host: '[::1]:3978' } }), true);
      assert.equal(isLocalOnlyRequest({ socket: { remoteAddress: '127.0.0.1' }, headers: {} }), false);
    });
  });
});
