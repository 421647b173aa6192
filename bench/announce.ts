/**
 * npm run bench:announce — one announcement to 1,000 installations, then a conversation-heavy case
 * (100+ thread replies and card updates into four channels), through the real Bot Framework edge
 * (botbuilder CloudAdapter + Messenger) to the fake Teams connector on 127.0.0.1.
 *
 * The fake enforces Teams' limits (per conversation 7/1 s, 8/2 s, 60/30 s, 1800/h; per app
 * OUTBOX_APP_RPS) and answers 429 when they are exceeded; it also injects 429s with and without
 * Retry-After, 500s and slow answers (on top of an ordinary 20–120 ms latency), and blocks a few
 * conversations (403 MessageWritesBlocked).
 * The outbox worker runs in a child process that is killed (SIGKILL) at 40 % of the first case and
 * replaced by a new process on the same SQLite database.
 *
 * Options: --targets 1000 --rps 30 --kill-at 0.4 --revisions 25 --seed 42 --json
 * The same file is the worker child when started with --worker.
 */
/* eslint-disable no-console -- a benchmark's job is to print its figures */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../bot/store/db.js';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/log.js';
import { createAdapter } from '../bot/teams/adapter.js';
import { createMessenger } from '../bot/teams/messenger.js';
import { createConversationsRepository } from '../bot/store/conversations-repository.js';
import { createAnnouncementsService } from '../bot/features/announcements/service.js';
import { createOutboxWorker, type WorkerStats } from '../bot/features/announcements/outbox-worker.js';
import { minimumDurationMs } from '../bot/features/announcements/pacer.js';
import { checkDraft, checkRevision, rawFromForm } from '../bot/features/announcements/validation.js';
import { FakeConnector } from '../dev/fake-connector/index.js';
import { BENCH_ADMIN, seedInstallations } from './announcement-targets.js';

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1]! : fallback;
}
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });

// ---- the worker child -----------------------------------------------------------------------------
async function runWorker(): Promise<void> {
  const store = await openStore({ dataDir: option('data-dir', '') });
  const conversations = createConversationsRepository(store);
  const adapter = createAdapter(loadConfig({ LOCAL_MODE: 'true' }), logger);
  const messenger = createMessenger({ adapter, appId: '', conversations, isAllowedServiceUrl: () => true });
  const worker = createOutboxWorker({
    store,
    messenger,
    logger,
    appRps: Number(option('rps', '30')),
    maxAttempts: 8,
    workerId: option('worker-id', 'bench-worker'),
    leaseMs: 5_000,
    heartbeatMs: 500,
    pollMs: 100,
  });
  let peakRss = process.memoryUsage().rss;
  const report = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    process.send?.({ type: 'stats', stats: worker.stats(), peakRss });
  };
  const timer = setInterval(report, 250);
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'stop') return;
    void (async () => {
      clearInterval(timer);
      await worker.stop();
      report();
      await store.close();
      process.disconnect?.();
      process.exit(0);
    })();
  });
  worker.start();
  process.send?.({ type: 'ready', rss: process.memoryUsage().rss });
}

// ---- the benchmark --------------------------------------------------------------------------------
interface Child {
  process: ChildProcess;
  stats: WorkerStats | null;
  /** RSS when the worker had started (runtime, tsx, botbuilder loaded) and the peak while it ran. */
  startRss: number;
  peakRss: number;
  ready: Promise<void>;
}

function startChild(dataDir: string, workerId: string, rps: number): Child {
  const file = fileURLToPath(import.meta.url);
  const proc = fork(file, ['--worker', '--data-dir', dataDir, '--worker-id', workerId, '--rps', String(rps)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  });
  const child: Child = { process: proc, stats: null, startRss: 0, peakRss: 0, ready: Promise.resolve() };
  child.ready = new Promise((resolve, reject) => {
    proc.on('message', (message: { type: string; stats?: WorkerStats; peakRss?: number; rss?: number }) => {
      if (message.type === 'ready') {
        child.startRss = message.rss ?? 0;
        resolve();
      }
      if (message.type === 'stats') {
        child.stats = message.stats ?? null;
        child.peakRss = Math.max(child.peakRss, message.peakRss ?? 0);
      }
    });
    proc.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`worker exited with ${code ?? signal}`));
    });
  });
  return child;
}

async function stopChild(child: Child): Promise<void> {
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.send({ type: 'stop' });
  await exited;
}

async function stateCounts(store: Store, announcementId: string, ops: string[] = ['post']): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom('announcement_outbox')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('announcement_id', '=', announcementId)
    .where('op', 'in', ops)
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

const open = (counts: Record<string, number>) => (counts.pending ?? 0) + (counts.leased ?? 0) + (counts.sending ?? 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

function draftOf(values: Record<string, string>) {
  const { draft, problems } = checkDraft(
    rawFromForm({
      titleFi: 'Benchmark: yleistunnisteen muutos',
      bodyFi: 'Rajapinnan virhekoodit muuttuvat. '.repeat(8),
      bodySv: 'Gränssnittets felkoder ändras. '.repeat(8),
      titleSv: 'Benchmark',
      category: 'breaking',
      interfaces: 'yleistunniste',
      ...values,
    }),
    new Date(),
  );
  if (!draft) throw new Error(`bench draft invalid: ${problems.map((p) => p.code).join(', ')}`);
  return draft;
}

function windowCount(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

async function runBenchmark(): Promise<void> {
  const targetsWanted = Number(option('targets', '1000'));
  const rps = Number(option('rps', '30'));
  const killAt = Number(option('kill-at', '0.4'));
  const revisions = Number(option('revisions', '25'));
  const seedValue = Number(option('seed', '42'));
  const blockedCount = 5;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-announce-'));
  let parentPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (parentPeak = Math.max(parentPeak, process.memoryUsage().rss)), 250);

  const fake = new FakeConnector({
    appRps: rps,
    seed: seedValue,
    faults: {
      throttleWithRetryAfter: 0.02,
      retryAfterSeconds: 1,
      throttleWithoutRetryAfter: 0.02,
      serverError: 0.02,
      slow: 0.03,
      slowMs: [200, 1200],
      latencyMs: [20, 120],
    },
  });
  await fake.start();
  const store = await openStore({ dataDir });
  const children: Child[] = [];
  try {
    const targets = await seedInstallations(createConversationsRepository(store), fake.url, targetsWanted, {
      prefix: 'bench',
      teams: 25,
      teamName: 'Bench team',
    });
    const blocked = targets.filter((id) => id.startsWith('a:')).slice(0, blockedCount);
    for (const id of blocked) fake.blocked.add(id);
    const service = createAnnouncementsService({ store, conversations: createConversationsRepository(store), approval: 'single', logger });

    // ---- case 1: one announcement to every installation, with a crash midway ----
    const created = await service.createDraft(BENCH_ADMIN, draftOf({ audienceKind: 'all' }));
    const first = (await service.submit(BENCH_ADMIN, created.announcement.id, created.announcement.version)).announcement.id;
    const started = Date.now();
    const worker1 = startChild(dataDir, 'bench-1', rps);
    children.push(worker1);
    await worker1.ready;
    const killThreshold = Math.floor(targets.length * killAt);
    await until(async () => fake.postsByTarget.size >= killThreshold, 120_000, 'progress before the crash');
    worker1.process.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => worker1.process.once('exit', resolve));
    const atCrash = await stateCounts(store, first);
    const worker2 = startChild(dataDir, 'bench-2', rps);
    children.push(worker2);
    await worker2.ready;
    const resumedAt = Date.now();
    await until(async () => open(await stateCounts(store, first)) === 0, 180_000, 'case 1 complete');
    const case1Ms = Date.now() - started;
    const case1Requests = fake.counts.requests;
    const final1 = await stateCounts(store, first);
    const deliverable = targets.filter((t) => !fake.blocked.has(t));
    const notReceived = fake.lostTargets(deliverable, first);
    const unconfirmedTargets = (
      await store.db
        .selectFrom('announcement_outbox')
        .select('conversation_id')
        .where('announcement_id', '=', first)
        .where('state', '=', 'unconfirmed')
        .execute()
    ).map((r) => r.conversation_id);
    // Lost = a target that got nothing and is not reported as such. An "unconfirmed" row is reported
    // (the admin sees it and can resend); whether its request had left the dying process is counted too.
    const lost1 = notReceived.filter((t) => !unconfirmedTargets.includes(t)).length;
    const unconfirmedNotReceived = notReceived.filter((t) => unconfirmedTargets.includes(t)).length;
    const dup1 = fake.duplicates();
    const min1 = minimumDurationMs(targets, { appRps: rps });
    const floor1 = minimumDurationMs(targets, { appRps: rps, marginMs: 50, smooth: true });
    const records1 = [...fake.records];

    // ---- case 2: conversation-heavy — replies and card updates into four channels ----
    fake.reset();
    const heavyTargets = targets.filter((t) => t.startsWith('19:bench-channel-')).slice(0, 4);
    const heavy = await service.createDraft(
      BENCH_ADMIN,
      draftOf({ audienceKind: 'subset', targets: heavyTargets.join(','), titleFi: 'Benchmark: ketjun päivitykset' }),
    );
    const second = (await service.submit(BENCH_ADMIN, heavy.announcement.id, heavy.announcement.version)).announcement.id;
    await until(async () => open(await stateCounts(store, second)) === 0, 60_000, 'case 2 posts');
    const started2 = Date.now();
    for (let r = 1; r <= revisions; r++) {
      const current = await service.get(BENCH_ADMIN, second);
      const { revision } = checkRevision({
        ...rawFromForm({
          titleFi: 'Benchmark: ketjun päivitykset',
          bodyFi: `Versio ${r}. ${'Tarkennus. '.repeat(5)}`,
          category: 'breaking',
        }),
        kind: r % 3 ? 'update' : 'correction',
        note: { fi: `Muutos ${r}` },
      });
      await service.revise(BENCH_ADMIN, second, current.version, revision!);
    }
    await until(async () => open(await stateCounts(store, second, ['post', 'update', 'reply'])) === 0, 120_000, 'case 2 complete');
    const case2Ms = Date.now() - started2;
    const final2 = await stateCounts(store, second, ['update', 'reply']);
    const calls2 = fake.records.filter((r) => r.status < 400 || r.cause === 'accepted-then-500');
    const min2 = minimumDurationMs(
      calls2.map((r) => r.baseConversationId),
      { appRps: rps },
    );
    const dup2 = fake.duplicates();
    const perConversation2 = Math.max(
      ...heavyTargets.map((t) =>
        windowCount(
          fake.records.filter((r) => r.baseConversationId === t && r.status < 400).map((r) => r.at),
          1000,
        ),
      ),
    );

    await stopChild(worker2);
    clearInterval(sampler);

    const causes1: Record<string, number> = {};
    for (const r of records1) if (r.cause) causes1[r.cause] = (causes1[r.cause] ?? 0) + 1;
    const logical1 = targets.length; // one post per target
    const summary = {
      environment: {
        node: process.version,
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        platform: `${os.platform()} ${os.release()}`,
      },
      case1: {
        targets: targets.length,
        appRps: rps,
        durationS: +(case1Ms / 1000).toFixed(1),
        minimumS: +(min1 / 1000).toFixed(1),
        pacerFloorS: +(floor1 / 1000).toFixed(1),
        ratio: +(case1Ms / min1).toFixed(2),
        requests: case1Requests,
        requestsPerS: +(case1Requests / (case1Ms / 1000)).toFixed(1),
        maxAcceptedPer1s: windowCount(
          records1.filter((r) => r.status < 400 || r.cause === 'accepted-then-500').map((r) => r.at),
          1000,
        ),
        delivered: final1.sent ?? 0,
        failedPermanently: (final1.failed ?? 0) + (final1.dead ?? 0),
        blockedInjected: blocked.length,
        unconfirmed: final1.unconfirmed ?? 0,
        unconfirmedReachedConnector: unconfirmedTargets.length - unconfirmedNotReceived,
        unconfirmedNotReceived,
        lost: lost1,
        duplicates: dup1.posts,
        retries: case1Requests - logical1,
        http429:
          (causes1['injected-429'] ?? 0) +
          (causes1['injected-429-no-header'] ?? 0) +
          (causes1['limit-app'] ?? 0) +
          (causes1['limit-conversation'] ?? 0),
        causes: causes1,
        crash: {
          afterS: +((killedAt - started) / 1000).toFixed(1),
          newWorkerReadyAfterS: +((resumedAt - killedAt) / 1000).toFixed(1),
          rowsAtCrash: atCrash,
        },
        workerStatsAfterRestart: worker2.stats,
      },
      case2: {
        conversations: heavyTargets.length,
        revisions,
        durationS: +(case2Ms / 1000).toFixed(1),
        minimumS: +(min2 / 1000).toFixed(1),
        calls: calls2.length,
        requests: fake.counts.requests,
        requestsPerS: +(fake.counts.requests / (case2Ms / 1000)).toFixed(1),
        replies: calls2.filter((r) => r.op === 'reply').length,
        updates: calls2.filter((r) => r.op === 'update').length,
        rows: final2,
        maxPerConversationPer1s: perConversation2,
        duplicates: dup2.posts + dup2.replies,
        causes: fake.byCause(),
      },
      memory: {
        parentPeakMb: Math.round(parentPeak / 1048576),
        workerStartMb: Math.round(Math.max(...children.map((c) => c.startRss)) / 1048576),
        workerPeakMb: Math.round(Math.max(...children.map((c) => c.peakRss)) / 1048576),
      },
    };
    if (args.includes('--json')) {
      console.log(JSON.stringify(summary, null, 2));
    } else {
      const c1 = summary.case1;
      const c2 = summary.case2;
      console.log(
        `\nAnnouncement outbox benchmark — Node ${summary.environment.node}, ${summary.environment.cores} × ${summary.environment.cpu}`,
      );
      console.log(
        `\nCase 1: 1 announcement → ${c1.targets} installations (${Math.round(targets.length * 0.1)} channels, ${Math.round(targets.length * 0.1)} group chats, rest personal), OUTBOX_APP_RPS ${rps}`,
      );
      console.log(
        `  duration            ${c1.durationS} s   (minimum the limits allow: ${c1.minimumS} s; ratio ${c1.ratio}; our pacer's floor with its 50 ms margin, evenly spread: ${c1.pacerFloorS} s)`,
      );
      console.log(`                      includes two worker start-ups (tsx), the crash, retry back-offs and slow answers`);
      console.log(
        `  requests            ${c1.requests}  (${c1.requestsPerS}/s; max accepted in any 1 s: ${c1.maxAcceptedPer1s}, limit ${rps})`,
      );
      console.log(
        `  delivered           ${c1.delivered}; failed permanently ${c1.failedPermanently} (blocked on purpose: ${c1.blockedInjected})`,
      );
      console.log(
        `  unconfirmed         ${c1.unconfirmed} (in flight at the crash, reported, not resent: ${c1.unconfirmedReachedConnector} had reached the connector, ${c1.unconfirmedNotReceived} had not)`,
      );
      console.log(`  lost = ${c1.lost}, duplicates = ${c1.duplicates}   (lost: no post and not reported)`);
      console.log(`  retries             ${c1.retries}  (429s: ${c1.http429}; by cause ${JSON.stringify(c1.causes)})`);
      console.log(`  crash               SIGKILL after ${c1.crash.afterS} s with rows ${JSON.stringify(c1.crash.rowsAtCrash)}`);
      console.log(
        `                      new worker process running ${c1.crash.newWorkerReadyAfterS} s later; 'sending' rows → unconfirmed (not resent), 'leased' rows → sent by the new process`,
      );
      console.log(
        `\nCase 2: ${c2.revisions} revisions of an announcement in ${c2.conversations} channels (thread replies + in-place card updates)`,
      );
      console.log(`  duration            ${c2.durationS} s   (minimum for the ${c2.calls} calls needed: ${c2.minimumS} s)`);
      console.log(
        `  calls               ${c2.replies} replies, ${c2.updates} updates (${JSON.stringify(c2.rows)}); ${c2.requests} requests, ${c2.requestsPerS}/s`,
      );
      console.log(
        `  per conversation    max ${c2.maxPerConversationPer1s} accepted in any 1 s (limit 7); by cause ${JSON.stringify(c2.causes)}`,
      );
      console.log(`  duplicates = ${c2.duplicates}`);
      console.log(
        `\nMemory: worker process ${summary.memory.workerStartMb} MB RSS at start → ${summary.memory.workerPeakMb} MB peak; benchmark process (fake connector + DB) ${summary.memory.parentPeakMb} MB peak\n`,
      );
    }
    if (summary.case1.lost || summary.case1.duplicates || summary.case2.duplicates) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await store.close();
    await fake.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (args.includes('--worker')) await runWorker();
else await runBenchmark();
