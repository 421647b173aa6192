/**
 * `npm run bench:load` (tsx bench/load.ts): load on POST /api/messages with valid, pre-signed Bot
 * Framework channel tokens, the real app (startApp from bot/app.ts, production mode, NODE_ENV=test only
 * for the fake issuer) side by side with a bare botbuilder echo bot (bench/echo-bot.ts) on the same
 * stack as the baseline. Every message carries a question; each bot replies once through a fake
 * connector on loopback that answers 200 at once and matches replies to requests (end-to-end latency,
 * lost and duplicate replies).
 *
 * Process layout (security-requirements.md B2): each bot runs in its own child process (pinned to CPU 0
 * with taskset when available) so its RSS and CPU are its own; the fakes and autocannon share this
 * process (CPU 1). Tokens are signed before the run, so the load generator does no RSA work.
 *
 * Options: --duration <s> (10) --connections <n> (20) --warmup <s> (2) --rounds <n> (1) --json <file>
 *          --no-pin (no taskset; on a machine busy with other work pinning starves the load generator)
 * With several rounds the sides alternate (echo, app, echo, app, …) and the table shows each side's
 * median round by throughput, so a burst of background load hits both sides alike. The load average is
 * printed: on a shared 2-core machine the figures are for regression comparison, not capacity planning.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

const APP_ID = '11111111-1111-4111-8111-111111111111';
const TENANT_ID = '22222222-2222-4222-8222-222222222222';
const PASSWORD = 'bench-not-a-secret';
const CONVERSATIONS = 200;
const QUESTIONS = [
  'Mikä on oppijanumero ja miten se luodaan?',
  'Miten testiympäristön tunnukset haetaan?',
  'Vad är ett studentnummer?',
  'How do we join the learner number service?',
];

type Side = 'app' | 'echo';

interface ChildStats {
  rss: number;
  maxRss: number;
  heapUsed: number;
  /** Heap still reachable after a full collection (only on a 'gc' request): retained, not garbage. */
  retainedHeap?: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
}

// ---------------------------------------------------------------------------------------------------
// Child: one bot under test

async function serve(side: Side, metadataUrl: string): Promise<void> {
  const { primeOutboundToken } = await import('../test/helpers/fake-bot-framework-auth.js');
  primeOutboundToken(APP_ID);
  let url: string;
  let stop: () => Promise<void>;
  let dataDir: string | undefined;
  if (side === 'app') {
    const { loadConfig } = await import('../bot/config.js');
    const { startApp } = await import('../bot/app.js');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-app-'));
    const app = await startApp(
      loadConfig({
        LOCAL_MODE: 'true',
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: PASSWORD,
        MICROSOFT_APP_TENANT_ID: TENANT_ID,
        MICROSOFT_APP_TYPE: 'SingleTenant',
        ALLOWED_SERVICE_URL_HOSTS: '127.0.0.1',
        BOT_OPENID_METADATA_URL: metadataUrl,
        TAB_CLIENT_ID: '33333333-3333-4333-8333-333333333333',
        ONR_BASE_URL: 'http://127.0.0.1:9',
        ONR_USERNAME: 'test-service-user',
        ONR_PASSWORD: 'not-a-real-password',
        PUBLIC_BASE_URL: 'https://bot.example.fi',
      }),
    );
    url = app.url.replace('localhost', '127.0.0.1');
    stop = app.stop;
  } else {
    const { startBenchEchoBot } = await import('./echo-bot.js');
    const bot = await startBenchEchoBot({ appId: APP_ID, tenantId: TENANT_ID, password: PASSWORD, metadataUrl });
    url = bot.url;
    stop = bot.stop;
  }
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let cpu = process.cpuUsage();
  const stats = (): ChildStats => {
    const used = process.cpuUsage(cpu);
    const memory = process.memoryUsage();
    return {
      rss: memory.rss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      heapUsed: memory.heapUsed,
      cpuUserMs: used.user / 1000,
      cpuSystemMs: used.system / 1000,
      eventLoopP99Ms: loop.percentile(99) / 1e6,
      eventLoopMaxMs: loop.max / 1e6,
    };
  };
  process.on('message', async (message: { type: string; id?: number }) => {
    const reply = (value: ChildStats) => process.send?.({ type: 'stats', id: message.id, stats: value });
    if (message.type === 'reset') {
      // Start of the measured run: CPU and event-loop figures cover it alone.
      cpu = process.cpuUsage();
      loop.reset();
      loop.enable();
      reply(stats());
    } else if (message.type === 'stats') {
      reply(stats());
    } else if (message.type === 'gc') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      reply({ ...stats(), retainedHeap: process.memoryUsage().heapUsed });
    } else if (message.type === 'stop') {
      loop.disable();
      await stop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send?.({ type: 'ready', url, stats: stats() });
}

// ---------------------------------------------------------------------------------------------------
// Parent: fakes, load, report

interface SideResult {
  side: Side;
  requestsPerSecond: number;
  totalRequests: number;
  latencyMs: { p50: number; p90: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  replies: number;
  lost: number;
  duplicates: number;
  endToEndMs: { p50: number; p99: number };
  memory: { rssStartMb: number; rssEndMb: number; peakRssMb: number; heapEndMb: number; retainedHeapStartMb: number; retainedHeapEndMb: number };
  cpuPercentOfOneCore: number;
  /** Bot CPU time per request: the figure least disturbed by other work on a shared machine. */
  cpuMsPerRequest: number;
  eventLoopDelayMs: { p99: number; max: number };
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

interface Child {
  process: ChildProcess;
  url: string;
  request(type: 'reset' | 'stats' | 'gc'): Promise<ChildStats>;
  stop(): Promise<void>;
}

async function startChild(side: Side, metadataUrl: string, pin: boolean): Promise<Child> {
  const self = fileURLToPath(import.meta.url);
  const nodeArgs = ['--no-deprecation', '--expose-gc', '--import', 'tsx', self, '--serve', side, '--metadata', metadataUrl];
  const command = pin ? 'taskset' : process.execPath;
  const args = pin ? ['-c', '0', process.execPath, ...nodeArgs] : nodeArgs;
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, NODE_ENV: 'test' } });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${side} bot exited with ${code}`)));
    child.on('message', (message: { type: string; url?: string }) => {
      if (message.type === 'ready' && message.url) resolve(message.url);
    });
  });
  let nextId = 0;
  const request = (type: 'reset' | 'stats' | 'gc') =>
    new Promise<ChildStats>((resolve) => {
      const id = nextId++;
      const onMessage = (message: { type: string; id?: number; stats?: ChildStats }) => {
        if (message.type !== 'stats' || message.id !== id || !message.stats) return;
        child.off('message', onMessage);
        resolve(message.stats);
      };
      child.on('message', onMessage);
      child.send({ type, id });
    });
  return {
    process: child,
    url,
    request,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

async function runSide(side: Side, options: { duration: number; connections: number; warmup: number; pin: boolean }): Promise<SideResult> {
  const { startFakeBotFrameworkAuth, startFakeConnector } = await import('../test/helpers/fake-bot-framework-auth.js');
  const connector = await startFakeConnector();
  connector.record = false;
  const auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: connector.serviceUrl });
  const token = await auth.signActivityToken();
  const child = await startChild(side, auth.metadataUrl, options.pin);

  const sentAt = new Map<string, number>();
  const repliedTo = new Set<string>();
  const endToEnd: number[] = [];
  let replies = 0;
  let duplicates = 0;
  let measuring = false;
  connector.onRequest = (request) => {
    const replyTo = decodeURIComponent(request.path.split('/activities/')[1] ?? '');
    const started = sentAt.get(replyTo);
    if (started === undefined) return; // a warm-up request's reply
    replies += 1;
    if (repliedTo.has(replyTo)) duplicates += 1;
    else endToEnd.push(request.receivedAt - started);
    repliedTo.add(replyTo);
  };
  const conversations = Array.from({ length: CONVERSATIONS }, (_, i) => ({
    conversation: { id: `a:bench-${side}-${i}`, conversationType: 'personal', tenantId: TENANT_ID },
    from: { id: `29:bench-user-${i}`, name: `Bench User ${i}`, aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
  }));
  let sequence = 0;
  const activity = () => {
    const n = sequence++;
    const id = `bench-${randomUUID()}`;
    const who = conversations[n % CONVERSATIONS]!;
    if (measuring) sentAt.set(id, Date.now());
    return JSON.stringify({
      type: 'message',
      id,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      locale: 'fi-FI',
      text: QUESTIONS[n % QUESTIONS.length],
      from: who.from,
      recipient: { id: `28:${APP_ID}`, name: 'Bot' },
      conversation: who.conversation,
      channelData: { tenant: { id: TENANT_ID } },
    });
  };
  const load = (duration: number) =>
    autocannon({
      url: `${child.url}/api/messages`,
      method: 'POST',
      connections: options.connections,
      duration,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({ ...request, body: activity() }),
        },
      ],
    });

  try {
    if (options.warmup > 0) await load(options.warmup);
    const retainedBefore = (await child.request('gc')).retainedHeap ?? NaN;
    const before = await child.request('reset');
    measuring = true;
    const peak = { maxRss: before.maxRss };
    const sampler = setInterval(() => void child.request('stats').then((s) => (peak.maxRss = Math.max(peak.maxRss, s.maxRss))), 1000);
    const result = await load(options.duration);
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 300)); // last replies in flight
    measuring = false;
    const after = await child.request('stats');
    const retainedAfter = (await child.request('gc')).retainedHeap ?? NaN;
    const ok = result['2xx'];
    endToEnd.sort((a, b) => a - b);
    const statusCodes: Record<string, number> = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
    const cpuMs = after.cpuUserMs + after.cpuSystemMs;
    return {
      side,
      requestsPerSecond: Math.round(result.requests.average * 10) / 10,
      totalRequests: result.requests.total,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
      non2xx: result.non2xx,
      statusCodes,
      errors: result.errors,
      timeouts: result.timeouts,
      replies,
      lost: Math.max(0, ok - repliedTo.size),
      duplicates,
      endToEndMs: { p50: percentile(endToEnd, 50), p99: percentile(endToEnd, 99) },
      memory: { rssStartMb: mb(before.rss), rssEndMb: mb(after.rss), peakRssMb: mb(Math.max(peak.maxRss, after.maxRss)), heapEndMb: mb(after.heapUsed), retainedHeapStartMb: mb(retainedBefore), retainedHeapEndMb: mb(retainedAfter) },
      cpuPercentOfOneCore: Math.round((cpuMs / (result.duration * 1000)) * 1000) / 10,
      cpuMsPerRequest: result.requests.total ? Math.round((cpuMs / result.requests.total) * 100) / 100 : NaN,
      eventLoopDelayMs: { p99: Math.round(after.eventLoopP99Ms * 10) / 10, max: Math.round(after.eventLoopMaxMs * 10) / 10 },
    };
  } finally {
    await child.stop();
    await auth.close();
    await connector.close();
  }
}

function table(results: SideResult[]): string {
  const [echo, app] = [results.find((r) => r.side === 'echo')!, results.find((r) => r.side === 'app')!];
  const ratio = (a: number, b: number) => (b ? `${(a / b).toFixed(2)}×` : '–');
  const rows: Array<[string, string | number, string | number, string]> = [
    ['throughput (req/s)', app.requestsPerSecond, echo.requestsPerSecond, ratio(app.requestsPerSecond, echo.requestsPerSecond)],
    ['requests (total)', app.totalRequests, echo.totalRequests, ''],
    ['ack latency p50 (ms)', app.latencyMs.p50, echo.latencyMs.p50, ratio(app.latencyMs.p50, echo.latencyMs.p50)],
    ['ack latency p90 (ms)', app.latencyMs.p90, echo.latencyMs.p90, ratio(app.latencyMs.p90, echo.latencyMs.p90)],
    ['ack latency p99 (ms)', app.latencyMs.p99, echo.latencyMs.p99, ratio(app.latencyMs.p99, echo.latencyMs.p99)],
    ['ack latency max (ms)', app.latencyMs.max, echo.latencyMs.max, ''],
    ['end-to-end p50 (ms)', app.endToEndMs.p50, echo.endToEndMs.p50, ratio(app.endToEndMs.p50, echo.endToEndMs.p50)],
    ['end-to-end p99 (ms)', app.endToEndMs.p99, echo.endToEndMs.p99, ratio(app.endToEndMs.p99, echo.endToEndMs.p99)],
    ['non-2xx', app.non2xx, echo.non2xx, ''],
    ['errors / timeouts', `${app.errors} / ${app.timeouts}`, `${echo.errors} / ${echo.timeouts}`, ''],
    ['replies lost / duplicated', `${app.lost} / ${app.duplicates}`, `${echo.lost} / ${echo.duplicates}`, ''],
    ['peak RSS (MB)', app.memory.peakRssMb, echo.memory.peakRssMb, ratio(app.memory.peakRssMb, echo.memory.peakRssMb)],
    ['RSS start → end (MB)', `${app.memory.rssStartMb} → ${app.memory.rssEndMb}`, `${echo.memory.rssStartMb} → ${echo.memory.rssEndMb}`, ''],
    ['heap after GC start → end (MB)', `${app.memory.retainedHeapStartMb} → ${app.memory.retainedHeapEndMb}`, `${echo.memory.retainedHeapStartMb} → ${echo.memory.retainedHeapEndMb}`, ''],
    ['CPU (% of one core)', app.cpuPercentOfOneCore, echo.cpuPercentOfOneCore, ''],
    ['CPU per request (ms)', app.cpuMsPerRequest, echo.cpuMsPerRequest, ratio(app.cpuMsPerRequest, echo.cpuMsPerRequest)],
    ['event-loop delay p99 / max (ms)', `${app.eventLoopDelayMs.p99} / ${app.eventLoopDelayMs.max}`, `${echo.eventLoopDelayMs.p99} / ${echo.eventLoopDelayMs.max}`, ''],
  ];
  const widths = [32, 18, 18, 8];
  const line = (cells: Array<string | number>) => cells.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ');
  return [line(['', 'app (startApp)', 'echo (botbuilder)', 'app/echo']), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const serveIndex = process.argv.indexOf('--serve');
  if (serveIndex > 0) {
    await serve(process.argv[serveIndex + 1] as Side, process.argv[process.argv.indexOf('--metadata') + 1]!);
    return;
  }
  const options = {
    duration: argument('duration', 10),
    connections: argument('connections', 20),
    warmup: argument('warmup', 2),
    rounds: Math.max(1, argument('rounds', 1)),
    pin: !process.argv.includes('--no-pin') && hasTaskset(),
  };
  if (options.pin) execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
  const environment = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    pinning: options.pin ? 'bot child on CPU 0; fakes + autocannon on CPU 1 (taskset)' : 'none',
    autocannon: (JSON.parse(fs.readFileSync(new URL('../node_modules/autocannon/package.json', import.meta.url), 'utf8')) as { version: string }).version,
    durationSeconds: options.duration,
    warmupSeconds: options.warmup,
    connections: options.connections,
    rounds: options.rounds,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    loadAverageAtEnd: [] as number[],
  };
  console.log(`bench:load — ${environment.node}, ${environment.cpu} ×${environment.cores}, ${environment.pinning}`);
  console.log(`${options.connections} connections, ${options.warmup} s warm-up + ${options.duration} s per side, ${options.rounds} round(s), loopback only`);
  console.log(`load average at start (1/5/15 min): ${environment.loadAverageAtStart.join(' / ')}\n`);
  const rounds: SideResult[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const side of ['echo', 'app'] as const) {
      process.stdout.write(`round ${round}: ${side}… `);
      const result = await runSide(side, options);
      rounds.push(result);
      console.log(`${result.requestsPerSecond} req/s, p99 ${result.latencyMs.p99} ms, ${result.cpuMsPerRequest} ms CPU/request`);
    }
  }
  const median = (side: Side) => {
    const runs = rounds.filter((r) => r.side === side).sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
    return runs[Math.floor((runs.length - 1) / 2)]!;
  };
  const results = [median('app'), median('echo')];
  environment.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  console.log(`\n${table(results)}\n`);
  console.log(`load average at end (1/5/15 min): ${environment.loadAverageAtEnd.join(' / ')}\n`);
  const report = { environment, results, rounds };
  const jsonIndex = process.argv.indexOf('--json');
  if (jsonIndex > 0) fs.writeFileSync(process.argv[jsonIndex + 1]!, `${JSON.stringify(report, null, 2)}\n`);
  else console.log(JSON.stringify(report));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
