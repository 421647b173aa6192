/**
 * `npm run bench:turn` (tsx bench/turn-cost.ts): the framework's share of one turn, in process — the
 * app's adapter (bot/teams/adapter.ts, production mode against the fake Bot Framework issuer) running
 * `adapter.process` on a channel activity whose handler sends one reply through the connector to a
 * fake connector on loopback, with no features, database or HTTP server in between. It isolates what
 * botbuilder costs per turn (its token check, turn set-up, connector client, serialisation, the
 * connector HTTP call) so a change to that path can be measured before and after without the noise of
 * a full bench:load run on a shared machine.
 *
 * The reply is either an answer card as the app sends it (captured from the real app at start) or a
 * short text like the echo bot's (`--reply text`). Prints CPU µs per turn (process CPU, which includes
 * the fake connector's request handling, the same for every variant), the best of --rounds rounds.
 *
 * Options: --turns <n> (3000) --rounds <n> (5) --concurrency <n> (8) --reply card|text|both (both)
 *          --cpu-prof <dir> (a V8 CPU profile of each reply kind's measured rounds, for `npm run bench:profile`)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../bot/config.js';
import { createAdapter } from '../bot/teams/adapter.js';
import { startApp } from '../bot/app.js';
import { createLogger } from '../bot/log.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { primeOutboundToken, startFakeBotFrameworkAuth } from '../test/helpers/fake-bot-framework-auth.js';
import type { Activity, TurnContext } from 'botbuilder';
import { BENCH_APP_ID, BENCH_TENANT_ID, benchAppEnv } from './bench-app.js';

const APP_ID = BENCH_APP_ID;
const TENANT_ID = BENCH_TENANT_ID;

const option = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1]! : fallback;
};

function config(metadataUrl: string) {
  return loadConfig(benchAppEnv({ metadataUrl, dataDir: ':memory:', logLevel: 'silent' }));
}

function message(serviceUrl: string, n: number): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${n}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    locale: 'fi-FI',
    text: 'Mikä on oppijanumero ja miten se luodaan?',
    from: { id: `29:user-${n % 200}`, name: 'Testi Käyttäjä', aadObjectId: '55555555-5555-4555-8555-555555555555' },
    recipient: { id: `28:${APP_ID}`, name: 'Bot' },
    conversation: { id: `a:conv-${n % 200}`, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/**
 * The cheapest connector that still answers like one: drains the body, answers 200 with an id. It keeps
 * the last body when asked (to capture the app's reply); otherwise it parses nothing, so its own CPU
 * (in this process) stays small and the same for every variant.
 */
interface MinimalConnector {
  serviceUrl: string;
  lastBody: string | null;
  keepBodies: boolean;
  close(): Promise<void>;
}

async function startMinimalConnector(): Promise<MinimalConnector> {
  const connector: MinimalConnector = { serviceUrl: '', lastBody: null, keepBodies: false, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      if (connector.keepBodies) chunks.push(chunk);
    });
    req.on('end', () => {
      if (connector.keepBodies) connector.lastBody = Buffer.concat(chunks).toString('utf8');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"reply"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  connector.serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  connector.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return connector;
}

/** The reply the real app sends to the bench question: an answer card (attachments and all). */
async function captureAnswerReply(metadataUrl: string, connector: MinimalConnector, token: string): Promise<Partial<Activity>> {
  const app = await startApp(config(metadataUrl), { logger: createLogger({ level: 'silent' }) });
  connector.keepBodies = true;
  try {
    const response = await fetch(`${app.url.replace('localhost', '127.0.0.1')}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(message(connector.serviceUrl, 0)),
    });
    if (response.status !== 200) throw new Error(`the app answered ${response.status}`);
    for (let waited = 0; connector.lastBody === null && waited < 5000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    if (connector.lastBody === null) throw new Error('the app sent no reply');
    const sent = JSON.parse(connector.lastBody) as Record<string, unknown>;
    // What the handler passed to sendActivity: the fields botbuilder adds from the conversation are added again.
    const { type, text, attachments, attachmentLayout, locale, textFormat, inputHint, suggestedActions, channelData } = sent as Record<
      string,
      unknown
    >;
    return Object.fromEntries(
      Object.entries({ type, text, attachments, attachmentLayout, locale, textFormat, inputHint, suggestedActions, channelData }).filter(
        ([, v]) => v !== undefined,
      ),
    ) as Partial<Activity>;
  } finally {
    connector.keepBodies = false;
    await app.stop();
  }
}

async function main(): Promise<void> {
  const turns = Number(option('turns', '3000'));
  const rounds = Number(option('rounds', '5'));
  const concurrency = Number(option('concurrency', '8'));
  const which = option('reply', 'both');
  const connector = await startMinimalConnector();
  const auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: connector.serviceUrl });
  primeOutboundToken(APP_ID);
  const token = await auth.signActivityToken({ exp: Math.floor(Date.now() / 1000) + 3600 });
  const card = await captureAnswerReply(auth.metadataUrl, connector, token);
  const replies: Array<[string, (context: TurnContext) => Promise<unknown>]> = [];
  if (which !== 'text') replies.push([`card (${JSON.stringify(card).length} B)`, (context) => context.sendActivity({ ...card })]);
  if (which !== 'card') replies.push(['text', (context) => context.sendActivity(`Echo: ${context.activity.text ?? ''}`)]);

  const adapter = createAdapter(config(auth.metadataUrl), createLogger({ level: 'silent' }));
  const noop = () => undefined;
  const response = () => ({ status: noop, header: noop, send: noop, end: noop });
  const run = async (logic: (context: TurnContext) => Promise<unknown>, count: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const n = next++;
          const req = { method: 'POST', body: message(connector.serviceUrl, n), headers: { authorization: `Bearer ${token}` } };
          await adapter.process(req as never, response() as never, async (context) => {
            await logic(context);
          });
        }
      }),
    );
  };
  for (const [label, logic] of replies) {
    await run(logic, 500); // warm-up: JIT, first connector connections
    const profileDir = process.argv.includes('--cpu-prof') ? option('cpu-prof', '') : '';
    const profiler = profileDir ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.post('Profiler.start');
    }
    const perTurn: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const cpu = process.cpuUsage();
      await run(logic, turns);
      const used = process.cpuUsage(cpu);
      perTurn.push((used.user + used.system) / turns);
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      fs.mkdirSync(profileDir, { recursive: true });
      const file = path.join(profileDir, `turn-${label.split(' ')[0]}-${process.pid}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      profiler.disconnect();
      console.log(`profile of ${rounds * turns} turns: ${file}`);
    }
    perTurn.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(18)} CPU µs per turn: best ${perTurn[0]!.toFixed(0)}, median ${perTurn[Math.floor(perTurn.length / 2)]!.toFixed(0)} (${rounds} × ${turns} turns, concurrency ${concurrency})`,
    );
  }
  await connector.close();
  await auth.close();
}

await main();
