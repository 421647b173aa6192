/**
 * The Agents Playground stamps every activity with locale en-US; a Finnish user's Teams sends fi-FI.
 * This proxy sits between the Playground and the bot and sets the locale, so e2e tests can check the
 * texts a Finnish user reads.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json } from './playground.js';

export interface LocaleProxy {
  url: string;
  /** Activities whose locale was rewritten. */
  readonly rewritten: number;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Forwards the Playground's requests to the bot with `locale` (and the clientInfo entity's locale) set
 * to `locale`; everything else, including the invoke responses, passes through unchanged. One
 * connection per request (agent: false), so nothing stays open after close().
 */
export async function startLocaleProxy(target: string, locale: string): Promise<LocaleProxy> {
  const targetUrl = new URL(target);
  let rewritten = 0;
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      let body = await readBody(incoming);
      if (body.length && String(incoming.headers['content-type'] ?? '').includes('json')) {
        const activity = JSON.parse(body.toString('utf8')) as Json;
        if (activity && typeof activity === 'object' && typeof activity.type === 'string') {
          activity.locale = locale;
          for (const entity of Array.isArray(activity.entities) ? activity.entities : []) {
            if (entity?.type === 'clientInfo') entity.locale = locale;
          }
          rewritten++;
          body = Buffer.from(JSON.stringify(activity));
        }
      }
      const headers = { ...incoming.headers, host: targetUrl.host, 'content-length': String(body.length) };
      delete headers.connection;
      const forward = httpRequest(
        { host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path: incoming.url, headers, agent: false },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.setTimeout(20_000, () => forward.destroy(new Error('bot did not answer within 20 s')));
      forward.on('error', (error) => {
        if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(`locale proxy: ${error.message}`);
      });
      forward.end(body);
    })().catch((error: Error) => {
      if (!outgoing.headersSent) outgoing.writeHead(400, { 'content-type': 'text/plain' });
      outgoing.end(`locale proxy: ${error.message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get rewritten() {
      return rewritten;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
