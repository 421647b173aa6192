/**
 * Issue 16 round 7, item 4: the connector client's total timeout per call. It was an
 * `AbortSignal.timeout` per call, whose 15 s timer stays armed after the call returns (thousands at a
 * few hundred replies a second, ~12 µs per call measured); it is now one timer per call, cleared when
 * the call ends. The promise is unchanged: the whole call — answer and body — within the timeout, a
 * TimeoutError otherwise, and the caller's own abort signal still aborts.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectorHttpClient } from '../../../bot/teams/adapter.js';

const headers = { toJson: () => ({ 'content-type': 'application/json' }) };

/** A connector whose behaviour per path is: answer at once, never answer, or answer the head and stall the body. */
async function startConnector(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/ok') {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{"id":"1"}');
      } else if (req.url === '/stall-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":');
      }
      // '/never': no answer at all.
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the connector call’s total timeout (issue 16 round 7, item 4)', function () {
  this.timeout(20_000);
  let connector: Awaited<ReturnType<typeof startConnector>>;
  before(async () => {
    connector = await startConnector();
  });
  after(() => connector.close());

  const call = (client: ReturnType<typeof connectorHttpClient>, path: string, abortSignal?: AbortSignal) =>
    client.sendRequest({
      url: `${connector.url}${path}`,
      method: 'post',
      headers,
      body: { type: 'message' },
      ...(abortSignal ? { abortSignal } : {}),
    });

  it('a connector that never answers fails with a TimeoutError after the timeout', async () => {
    const client = connectorHttpClient(200);
    const started = performance.now();
    await assert.rejects(call(client, '/never'), (error: Error) => error.name === 'TimeoutError');
    const took = performance.now() - started;
    assert.ok(took >= 190 && took < 5_000, `took ${took} ms`);
    await client.dispatcher.close().catch(() => undefined);
  });

  it('the timeout covers the body too: an answer whose body stalls fails the same way', async () => {
    const client = connectorHttpClient(200);
    await assert.rejects(call(client, '/stall-body'), (error: Error) => error.name === 'TimeoutError');
    await client.dispatcher.close().catch(() => undefined);
  });

  it("the caller's own abort signal still aborts the call", async () => {
    const client = connectorHttpClient(10_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await assert.rejects(call(client, '/never', controller.signal), (error: Error) => error.name === 'AbortError');
    assert.ok(performance.now() - started < 5_000);
    await client.dispatcher.close().catch(() => undefined);
  });

  it('a finished call leaves no timer armed: each call arms one and clears it when it ends', async () => {
    const TIMEOUT_MS = 12_345;
    const client = connectorHttpClient(TIMEOUT_MS);
    const armed = new Set<unknown>();
    let armedEver = 0;
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    globalThis.setTimeout = ((handler: () => void, delay?: number, ...rest: unknown[]) => {
      const timer = realSetTimeout(handler, delay, ...rest);
      if (delay === TIMEOUT_MS) {
        armed.add(timer);
        armedEver += 1;
      }
      return timer;
    }) as typeof setTimeout;
    globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
      armed.delete(timer);
      realClearTimeout(timer);
    }) as typeof clearTimeout;
    try {
      for (let i = 0; i < 5; i += 1) {
        const response = await call(client, '/ok');
        assert.equal(response.status, 201);
        assert.equal(response.bodyAsText, '{"id":"1"}');
      }
      // A failed call clears its timer too.
      await assert.rejects(call(client, '/never', AbortSignal.abort()), (error: Error) => error.name === 'AbortError');
    } finally {
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    }
    assert.equal(armedEver, 6, 'one timer per call');
    assert.equal(armed.size, 0, `${armed.size} call timers still armed`);
    await client.dispatcher.close();
  });
});
