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
 * How the bots run: as production runs the app (`npm run start:prod`: compiled JavaScript under plain
 * `node`). At the start of the run tsc compiles bench/tsconfig.load.json — the app (bot/), the echo bot and
 * this file's child entry — into dist/bench-load (removed after the run), and each child is `node
 * dist/bench-load/bench/load.js --serve <side>`; both sides alike, so the comparison stays fair. `--tsx` runs the children through tsx
 * instead (`node --import tsx bench/load.ts --serve <side>`, how this bench ran before round 6): tsx
 * compiles every module in process at start-up, which adds to the peak RSS of both, more for the app
 * with its larger module graph.
 *
 * Options: --duration <s> (10) --connections <n> (20) --warmup <s> (2) --rounds <n> (1) --json <file>
 *          --tsx (the children under tsx instead of compiled; see above)
 *          --no-pin (no taskset; on a machine busy with other work pinning starves the load generator)
 *          --pg (two instances per side, the connections spread round-robin over them; the app's two share a
 *               fresh PostgreSQL database created on TEST_DATABASE_URL's server and dropped afterwards, so
 *               duplicate-delivery claims go through the database as in a scaled-out deployment)
 *          --cpu-prof <dir> (a V8 CPU profile of each bot child's measured run; summarise the files with
 *               `npm run bench:profile -- <dir>/app-*.cpuprofile --requests <n>`)
 *          --rate <req/s> (none: as fast as the bot answers): a fixed overall request rate (autocannon's overallRate) for
 *               warm-up and measured run, so the two sides' memory can be compared at the same request rate — at full
 *               speed a faster bot also makes garbage faster, and its old generation grows further between major
 *               collections. Each round prints the peak RSS before the measured run (start-up and warm-up), the
 *               peak heap total and young generation seen during it, and the heap left after a forced GC
 *          --questions four|bank (four): `four` rotates the four QUESTIONS below; `bank` cycles every distinct
 *               question of test/fixtures/qa/*.jsonl (~600: in scope and out of scope, Finnish, Swedish and
 *               English, each sent with its language's Teams locale by a user who always writes in that
 *               language), so per-question work — search, re-rank,
 *               cards, language detection, the unanswered-question store — is measured on varied text rather
 *               than on four texts whose per-text caches stay warm
 * Without --pg the app runs as one instance on its own SQLite file (SINGLE_INSTANCE=auto: claims in memory).
 * The run ends with issue 16's goal checked on the median rounds (≥ 0.8× the echo bot's throughput with
 * 0 errors, ack p99 ≤ 1.5× and peak RSS ≤ 1.3× the echo bot's).
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
import v8 from 'node:v8';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { BENCH_APP_ID, BENCH_PASSWORD, BENCH_TENANT_ID, benchAppEnv } from './bench-app.js';
import { PROJECT_ROOT, compileToJavaScript } from '../test/helpers/compile-to-javascript.js';

const APP_ID = BENCH_APP_ID;
const TENANT_ID = BENCH_TENANT_ID;
const PASSWORD = BENCH_PASSWORD;
const CONVERSATIONS = 200;
const QUESTIONS = [
  'Mikä on oppijanumero ja miten se luodaan?',
  'Miten testiympäristön tunnukset haetaan?',
  'Vad är ett studentnummer?',
  'How do we join the learner number service?',
];

interface BenchQuestion {
  text: string;
  locale: string;
}

const LOCALES: Record<string, string> = { fi: 'fi-FI', sv: 'sv-SE', en: 'en-US' };

/**
 * The questions the load sends, in order. `bank`: every distinct question of the QA fixtures, in file order
 * (the files alternate languages and kinds), each with its own language's locale; `four`: the four above,
 * all from a Finnish client as before.
 */
export function benchQuestions(set: string): BenchQuestion[] {
  if (set === 'four') return QUESTIONS.map((text) => ({ text, locale: 'fi-FI' }));
  if (set !== 'bank') throw new Error(`--questions must be four or bank, not ${set}`);
  const dir = fileURLToPath(new URL('../test/fixtures/qa/', import.meta.url));
  const seen = new Set<string>();
  const out: BenchQuestion[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { question, lang } = JSON.parse(line) as { question: string; lang: string };
      if (seen.has(question)) continue;
      seen.add(question);
      out.push({ text: question, locale: LOCALES[lang] ?? 'fi-FI' });
    }
  }
  return out;
}

type Side = 'app' | 'echo';

interface ChildStats {
  rss: number;
  maxRss: number;
  heapUsed: number;
  heapTotal: number;
  /** V8's young generation (new space: the semi-spaces), which it grows under allocation pressure. */
  newSpace: number;
  /** Heap still reachable after a full collection (only on a 'gc' request): retained, not garbage. */
  retainedHeap?: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
}

// ---------------------------------------------------------------------------------------------------
// Child: one bot under test

async function serve(side: Side, metadataUrl: string, databaseUrl: string | undefined): Promise<void> {
  const { primeOutboundToken } = await import('../test/helpers/fake-bot-framework-auth.js');
  primeOutboundToken(APP_ID);
  let url: string;
  let stop: () => Promise<void>;
  let dataDir: string | undefined;
  if (side === 'app') {
    const { loadConfig } = await import('../bot/config.js');
    const { startApp } = await import('../bot/app.js');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-app-'));
    const app = await startApp(loadConfig(benchAppEnv({ metadataUrl, dataDir, logLevel: 'info', databaseUrl })));
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
      heapTotal: memory.heapTotal,
      newSpace: v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0,
      cpuUserMs: used.user / 1000,
      cpuSystemMs: used.system / 1000,
      eventLoopP99Ms: loop.percentile(99) / 1e6,
      eventLoopMaxMs: loop.max / 1e6,
    };
  };
  const profileDir = process.argv.includes('--cpu-prof') ? process.argv[process.argv.indexOf('--cpu-prof') + 1] : undefined;
  const profiler = profileDir ? new (await import('node:inspector/promises')).Session() : undefined;
  process.on('message', async (message: { type: string; id?: number }) => {
    const reply = (value: ChildStats) => process.send?.({ type: 'stats', id: message.id, stats: value });
    if (message.type === 'reset') {
      // Start of the measured run: CPU and event-loop figures cover it alone, and so does the profile.
      if (profiler) {
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
        await profiler.post('Profiler.start');
      }
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
    } else if (message.type === 'profile') {
      // End of the measured run: the CPU profile of it alone (without the forced GCs that follow).
      if (profiler && profileDir) {
        const { profile } = await profiler.post('Profiler.stop');
        fs.mkdirSync(profileDir, { recursive: true });
        fs.writeFileSync(path.join(profileDir, `${side}-${process.pid}.cpuprofile`), JSON.stringify(profile));
        profiler.disconnect();
      }
      reply(stats());
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
  memory: {
    rssStartMb: number;
    rssEndMb: number;
    peakRssMb: number;
    /** The process's peak RSS when the measured run began (start-up and warm-up): above peakRssMb's run part when start-up peaked. */
    peakRssBeforeRunMb: number;
    heapEndMb: number;
    retainedHeapStartMb: number;
    retainedHeapEndMb: number;
    /** Largest heap total and young generation seen by the once-a-second sampler during the measured run. */
    peakHeapTotalMb: number;
    peakNewSpaceMb: number;
  };
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
  request(type: 'reset' | 'stats' | 'gc' | 'profile'): Promise<ChildStats>;
  stop(): Promise<void>;
}

/**
 * How a child is started: `entry` is this file compiled (dist/bench-load/bench/load.js, plain node) or,
 * with `--tsx`, this file itself under `--import tsx`.
 */
interface ChildLaunch {
  entry: string;
  tsx: boolean;
}

/** Where the run's compiled JavaScript goes: inside the project, so node_modules and "type": "module" resolve. */
const COMPILED_DIR = path.join(PROJECT_ROOT, 'dist', 'bench-load');

/** Compiles both bots (bench/tsconfig.load.json) for a run under plain node; the compiled child entry. */
function compileBots(): { launch: ChildLaunch; compileMs: number } {
  fs.rmSync(COMPILED_DIR, { recursive: true, force: true });
  const compileMs = compileToJavaScript('bench/tsconfig.load.json', COMPILED_DIR);
  return { launch: { entry: path.join(COMPILED_DIR, 'bench', 'load.js'), tsx: false }, compileMs };
}

async function startChild(
  side: Side,
  metadataUrl: string,
  pin: boolean,
  launch: ChildLaunch,
  profileDir?: string,
  databaseUrl?: string,
): Promise<Child> {
  const nodeArgs = [
    '--no-deprecation',
    '--expose-gc',
    ...(launch.tsx ? ['--import', 'tsx'] : []),
    launch.entry,
    '--serve',
    side,
    '--metadata',
    metadataUrl,
    ...(profileDir ? ['--cpu-prof', profileDir] : []),
    ...(databaseUrl && side === 'app' ? ['--database-url', databaseUrl] : []),
  ];
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
  const request = (type: 'reset' | 'stats' | 'gc' | 'profile') =>
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

interface RunOptions {
  duration: number;
  connections: number;
  warmup: number;
  pin: boolean;
  profileDir?: string | undefined;
  /** PostgreSQL database both app instances share (--pg); unset: one instance on its own SQLite file. */
  databaseUrl?: string | undefined;
  /** Bot processes per side, the load spread over them round-robin by connection. */
  instances: number;
  questionSet: string;
  questions: BenchQuestion[];
  /** How the bot children are started (compiled JavaScript, or tsx with --tsx). */
  launch: ChildLaunch;
  /** Fixed overall request rate (req/s) instead of as fast as the bot answers. */
  rate?: number | undefined;
}

async function runSide(side: Side, options: RunOptions): Promise<SideResult> {
  const { startFakeBotFrameworkAuth, startFakeConnector } = await import('../test/helpers/fake-bot-framework-auth.js');
  const connector = await startFakeConnector();
  connector.record = false;
  const auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: connector.serviceUrl });
  const token = await auth.signActivityToken();
  // One after the other: the first app instance runs the migrations, the next finds them done.
  const children: Child[] = [];
  for (let i = 0; i < options.instances; i++)
    children.push(await startChild(side, auth.metadataUrl, options.pin, options.launch, options.profileDir, options.databaseUrl));
  const all = <T>(work: (child: Child) => Promise<T>) => Promise.all(children.map(work));

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
  // With the bank, each user writes in one language (a third of the users per locale), as people do: a
  // user switching language on every message would rewrite their stored chat language every turn.
  const byLocale = new Map<string, { users: typeof conversations; next: number }>();
  if (options.questionSet === 'bank') {
    const locales = [...new Set(options.questions.map((q) => q.locale))];
    locales.forEach((locale, k) => byLocale.set(locale, { users: conversations.filter((_, i) => i % locales.length === k), next: 0 }));
  }
  let sequence = 0;
  const activity = () => {
    const n = sequence++;
    const id = `bench-${randomUUID()}`;
    const question = options.questions[n % options.questions.length]!;
    const pool = byLocale.get(question.locale);
    const who = pool ? pool.users[pool.next++ % pool.users.length]! : conversations[n % CONVERSATIONS]!;
    if (measuring) sentAt.set(id, Date.now());
    return JSON.stringify({
      type: 'message',
      id,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      locale: question.locale,
      text: question.text,
      from: who.from,
      recipient: { id: `28:${APP_ID}`, name: 'Bot' },
      conversation: who.conversation,
      channelData: { tenant: { id: TENANT_ID } },
    });
  };
  const load = (duration: number) =>
    autocannon({
      // Several instances: autocannon gives connection i to url i mod n (one load balancer, round-robin).
      url: children.map((child) => `${child.url}/api/messages`) as unknown as string,
      method: 'POST',
      connections: options.connections,
      duration,
      ...(options.rate ? { overallRate: options.rate } : {}),
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
    // With several instances, memory figures are the largest instance's (what each must be sized for),
    // CPU time is their sum (what the requests cost in all).
    const largest = (stats: ChildStats[], pick: (s: ChildStats) => number) => Math.max(...stats.map(pick));
    const retainedBefore = largest(await all((child) => child.request('gc')), (s) => s.retainedHeap ?? NaN);
    const befores = await all((child) => child.request('reset'));
    measuring = true;
    const peaks = befores.map((b) => b.maxRss);
    let peakHeapTotal = largest(befores, (s) => s.heapTotal);
    let peakNewSpace = largest(befores, (s) => s.newSpace);
    const sampler = setInterval(
      () =>
        children.forEach(
          (child, i) =>
            void child.request('stats').then((s) => {
              peaks[i] = Math.max(peaks[i]!, s.maxRss);
              peakHeapTotal = Math.max(peakHeapTotal, s.heapTotal);
              peakNewSpace = Math.max(peakNewSpace, s.newSpace);
            }),
        ),
      1000,
    );
    const result = await load(options.duration);
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 300)); // last replies in flight
    measuring = false;
    if (options.profileDir) await all((child) => child.request('profile'));
    const afters = await all((child) => child.request('stats'));
    const retainedAfter = largest(await all((child) => child.request('gc')), (s) => s.retainedHeap ?? NaN);
    const before = { rss: largest(befores, (s) => s.rss) };
    const after = {
      rss: largest(afters, (s) => s.rss),
      heapUsed: largest(afters, (s) => s.heapUsed),
      cpuUserMs: afters.reduce((sum, s) => sum + s.cpuUserMs, 0),
      cpuSystemMs: afters.reduce((sum, s) => sum + s.cpuSystemMs, 0),
      eventLoopP99Ms: largest(afters, (s) => s.eventLoopP99Ms),
      eventLoopMaxMs: largest(afters, (s) => s.eventLoopMaxMs),
      maxRss: Math.max(...afters.map((s, i) => Math.max(s.maxRss, peaks[i]!))),
    };
    const ok = result['2xx'];
    endToEnd.sort((a, b) => a - b);
    const statusCodes: Record<string, number> = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
    const cpuMs = after.cpuUserMs + after.cpuSystemMs;
    return {
      side,
      requestsPerSecond: Math.round(result.requests.average * 10) / 10,
      totalRequests: result.requests.total,
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p97_5: result.latency.p97_5,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      non2xx: result.non2xx,
      statusCodes,
      errors: result.errors,
      timeouts: result.timeouts,
      replies,
      lost: Math.max(0, ok - repliedTo.size),
      duplicates,
      endToEndMs: { p50: percentile(endToEnd, 50), p99: percentile(endToEnd, 99) },
      memory: {
        rssStartMb: mb(before.rss),
        rssEndMb: mb(after.rss),
        peakRssMb: mb(after.maxRss),
        peakRssBeforeRunMb: mb(largest(befores, (s) => s.maxRss)),
        heapEndMb: mb(after.heapUsed),
        retainedHeapStartMb: mb(retainedBefore),
        retainedHeapEndMb: mb(retainedAfter),
        peakHeapTotalMb: mb(
          Math.max(
            peakHeapTotal,
            largest(afters, (s) => s.heapTotal),
          ),
        ),
        peakNewSpaceMb: mb(
          Math.max(
            peakNewSpace,
            largest(afters, (s) => s.newSpace),
          ),
        ),
      },
      cpuPercentOfOneCore: Math.round((cpuMs / (result.duration * 1000)) * 1000) / 10,
      cpuMsPerRequest: result.requests.total ? Math.round((cpuMs / result.requests.total) * 100) / 100 : NaN,
      eventLoopDelayMs: { p99: Math.round(after.eventLoopP99Ms * 10) / 10, max: Math.round(after.eventLoopMaxMs * 10) / 10 },
    };
  } finally {
    await all((child) => child.stop());
    await auth.close();
    await connector.close();
  }
}

/** Issue 16's goal, checked on the median rounds: the app close to the framework's own floor. */
function goals(results: SideResult[]): string {
  const [echo, app] = [results.find((r) => r.side === 'echo')!, results.find((r) => r.side === 'app')!];
  const checks: Array<[string, boolean]> = [
    [
      `throughput ≥ 0.8× echo (${(app.requestsPerSecond / echo.requestsPerSecond).toFixed(2)}×)`,
      app.requestsPerSecond >= 0.8 * echo.requestsPerSecond,
    ],
    [
      `0 errors (non-2xx ${app.non2xx}, errors ${app.errors}, timeouts ${app.timeouts}, lost ${app.lost}, duplicated ${app.duplicates})`,
      app.non2xx + app.errors + app.timeouts + app.lost + app.duplicates === 0,
    ],
    [`ack p99 ≤ 1.5× echo (${(app.latencyMs.p99 / echo.latencyMs.p99).toFixed(2)}×)`, app.latencyMs.p99 <= 1.5 * echo.latencyMs.p99],
    [
      `peak RSS ≤ 1.3× echo (${(app.memory.peakRssMb / echo.memory.peakRssMb).toFixed(2)}×)`,
      app.memory.peakRssMb <= 1.3 * echo.memory.peakRssMb,
    ],
  ];
  return ['goal (issue 16):', ...checks.map(([what, met]) => `  ${met ? 'met    ' : 'MISSED '} ${what}`)].join('\n');
}

function table(results: SideResult[], instances = 1): string {
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
    [
      'RSS start → end (MB)',
      `${app.memory.rssStartMb} → ${app.memory.rssEndMb}`,
      `${echo.memory.rssStartMb} → ${echo.memory.rssEndMb}`,
      '',
    ],
    [
      'peak heap total / young gen. (MB)',
      `${app.memory.peakHeapTotalMb} / ${app.memory.peakNewSpaceMb}`,
      `${echo.memory.peakHeapTotalMb} / ${echo.memory.peakNewSpaceMb}`,
      '',
    ],
    [
      'heap after GC start → end (MB)',
      `${app.memory.retainedHeapStartMb} → ${app.memory.retainedHeapEndMb}`,
      `${echo.memory.retainedHeapStartMb} → ${echo.memory.retainedHeapEndMb}`,
      '',
    ],
    ['CPU (% of one core)', app.cpuPercentOfOneCore, echo.cpuPercentOfOneCore, ''],
    ['CPU per request (ms)', app.cpuMsPerRequest, echo.cpuMsPerRequest, ratio(app.cpuMsPerRequest, echo.cpuMsPerRequest)],
    [
      'event-loop delay p99 / max (ms)',
      `${app.eventLoopDelayMs.p99} / ${app.eventLoopDelayMs.max}`,
      `${echo.eventLoopDelayMs.p99} / ${echo.eventLoopDelayMs.max}`,
      '',
    ],
  ];
  const widths = [32, 18, 18, 8];
  const line = (cells: Array<string | number>) => cells.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ');
  const [appLabel, echoLabel] =
    instances > 1 ? [`app ×${instances} (PostgreSQL)`, `echo ×${instances}`] : ['app (startApp)', 'echo (botbuilder)'];
  return [line(['', appLabel, echoLabel, 'app/echo']), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const serveIndex = process.argv.indexOf('--serve');
  if (serveIndex > 0) {
    const databaseIndex = process.argv.indexOf('--database-url');
    await serve(
      process.argv[serveIndex + 1] as Side,
      process.argv[process.argv.indexOf('--metadata') + 1]!,
      databaseIndex > 0 ? process.argv[databaseIndex + 1] : undefined,
    );
    return;
  }
  const pgMode = process.argv.includes('--pg');
  const serverUrl = pgMode ? process.env.TEST_DATABASE_URL : undefined;
  if (pgMode && !serverUrl)
    throw new Error('--pg needs TEST_DATABASE_URL (a PostgreSQL server; a throw-away database is created on it and dropped)');
  const database = pgMode ? await createBenchDatabase(serverUrl!) : undefined;
  try {
    await measure(database?.url);
  } finally {
    await database?.drop();
    fs.rmSync(COMPILED_DIR, { recursive: true, force: true });
  }
}

/** A fresh database on the server for one run, so the figures never depend on earlier data. */
async function createBenchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `bench_load_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function measure(databaseUrl: string | undefined): Promise<void> {
  const options = {
    duration: argument('duration', 10),
    connections: argument('connections', 20),
    warmup: argument('warmup', 2),
    rounds: Math.max(1, argument('rounds', 1)),
    pin: !process.argv.includes('--no-pin') && hasTaskset(),
    profileDir: process.argv.includes('--cpu-prof')
      ? path.resolve(process.argv[process.argv.indexOf('--cpu-prof') + 1] ?? 'profiles')
      : undefined,
    databaseUrl,
    instances: databaseUrl ? 2 : 1,
    questionSet: process.argv.includes('--questions') ? process.argv[process.argv.indexOf('--questions') + 1]! : 'four',
    questions: [] as BenchQuestion[],
    rate: process.argv.includes('--rate') ? argument('rate', 0) || undefined : undefined,
    launch: { entry: fileURLToPath(import.meta.url), tsx: true } as ChildLaunch,
  };
  options.questions = benchQuestions(options.questionSet);
  let compileMs: number | undefined;
  if (!process.argv.includes('--tsx')) ({ launch: options.launch, compileMs } = compileBots());
  if (options.pin) execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
  const environment = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    pinning: options.pin ? 'bot children on CPU 0; fakes + autocannon on CPU 1 (taskset)' : 'none',
    bots: options.launch.tsx
      ? 'TypeScript under tsx (--tsx: compiled in process at start-up)'
      : `compiled JavaScript under plain node (${path.relative(PROJECT_ROOT, options.launch.entry)}; tsc took ${Math.round((compileMs ?? 0) / 100) / 10} s)`,
    setup: databaseUrl
      ? 'two instances per side, connections spread round-robin; app: PostgreSQL shared by both (database claims kept)'
      : 'one instance per side; app: its own SQLite file (single instance: claims in memory)',
    questions: `${options.questionSet} (${options.questions.length} distinct)`,
    autocannon: (
      JSON.parse(fs.readFileSync(new URL('../node_modules/autocannon/package.json', import.meta.url), 'utf8')) as { version: string }
    ).version,
    durationSeconds: options.duration,
    warmupSeconds: options.warmup,
    connections: options.connections,
    rounds: options.rounds,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    loadAverageAtEnd: [] as number[],
  };
  console.log(`bench:load — ${environment.node}, ${environment.cpu} ×${environment.cores}, ${environment.pinning}`);
  console.log(
    `${options.connections} connections, ${options.warmup} s warm-up + ${options.duration} s per side, ${options.rounds} round(s), loopback only`,
  );
  console.log(`bots: ${environment.bots}`);
  console.log(environment.setup);
  console.log(`questions: ${environment.questions}`);
  if (options.rate) console.log(`fixed rate: ${options.rate} req/s overall`);
  console.log(`load average at start (1/5/15 min): ${environment.loadAverageAtStart.join(' / ')}\n`);
  const rounds: SideResult[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const side of ['echo', 'app'] as const) {
      process.stdout.write(`round ${round}: ${side}… `);
      const result = await runSide(side, options);
      rounds.push(result);
      console.log(
        `${result.requestsPerSecond} req/s, p99 ${result.latencyMs.p99} ms, ${result.cpuMsPerRequest} ms CPU/request, ` +
          `peak RSS ${result.memory.peakRssMb} MB (before the run ${result.memory.peakRssBeforeRunMb}, heap total ${result.memory.peakHeapTotalMb}, young gen. ${result.memory.peakNewSpaceMb}, after GC ${result.memory.retainedHeapEndMb})`,
      );
    }
  }
  const median = (side: Side) => {
    const runs = rounds.filter((r) => r.side === side).sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
    return runs[Math.floor((runs.length - 1) / 2)]!;
  };
  const results = [median('app'), median('echo')];
  environment.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  console.log(`\n${table(results, options.instances)}\n`);
  console.log(`${goals(results)}\n`);
  console.log(`load average at end (1/5/15 min): ${environment.loadAverageAtEnd.join(' / ')}\n`);
  const report = { environment, results, rounds };
  const jsonIndex = process.argv.indexOf('--json');
  if (jsonIndex > 0) fs.writeFileSync(process.argv[jsonIndex + 1]!, `${JSON.stringify(report, null, 2)}\n`);
  else console.log(JSON.stringify(report));
}

// Run only as a script, so benchQuestions can be imported (e.g. by a one-off probe) without starting a run.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
