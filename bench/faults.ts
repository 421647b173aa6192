/**
 * npm run bench:faults — the fault scenarios of the test plan (security-requirements.md B4, figures
 * as in B5), on loopback, each bounded in time:
 *
 *  C0 baseline        one announcement to N installations, no faults (the measured no-fault reference)
 *  C1 429 storm       the fake connector answers a large share of calls with 429 for a while, half
 *                     with Retry-After and half without
 *  C2 slow connector  every answer is delayed 300–800 ms
 *  C3 outage          connection refused from the first call for a while (fake stopped, then started
 *                     again on the same port): rows stay pending, then all go out
 *  C4 outage mid-run  the same outage started mid-broadcast, which also cuts calls in flight — the
 *                     ambiguous case: an at-least-once retry may post twice; every such row is flagged
 *                     possible_duplicate, so the check is duplicates ≤ flagged rows
 *  O1–O3 ONR faults   look-ups at 5/s through the lookup feature's handler while the fake ONR answers
 *                     503 / hangs / refuses connections (three fakes and clients side by side), then
 *                     recovery after the fault clears (breaker open → half-open → closed)
 *
 * Everything is the real code: the outbox worker (createOutboxWorker) sends through the Messenger and
 * botbuilder's CloudAdapter (local mode: no credentials, the stored serviceUrl is called directly) to
 * dev/fake-connector, which enforces Teams' limits and counts what it received per target; look-ups go
 * through createLookupFeature + createOnrClient (production defaults: breaker 5 failures / 30 s) to
 * dev/fake-onr. The fakes run in this process: the figures are about fault behaviour, not capacity.
 *
 * lost       = targets with no post at the connector that the outbox does not report (failed, dead,
 *              unconfirmed); for look-ups: no answer card within 10 s.
 * duplicates = posts received more than once by the connector for one target.
 * p50 / p99  = broadcasts: per target, worker start → first accepted post at the connector;
 *              look-ups: submit → answer card from the handler.
 *
 * Options: --targets 300 --rps 30 --seed 42 --only baseline,storm,slow,outage,cut,onr
 *          --json-out /tmp/bench-faults-<time>.json
 */
/* eslint-disable no-console -- a benchmark's job is to print its figures */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CloudAdapter } from 'botbuilder';
import { openStore, type Store } from '../bot/store/db.js';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/log.js';
import { createAdapter } from '../bot/teams/adapter.js';
import { createMessenger } from '../bot/teams/messenger.js';
import { createConversationsRepository } from '../bot/store/conversations-repository.js';
import { createAnnouncementsService } from '../bot/features/announcements/service.js';
import { createOutboxWorker, type WorkerStats } from '../bot/features/announcements/outbox-worker.js';
import { minimumDurationMs } from '../bot/features/announcements/pacer.js';
import { checkDraft, rawFromForm } from '../bot/features/announcements/validation.js';
import { createLookupFeature } from '../bot/features/lookup/feature.js';
import { createOnrClient, type OnrClient } from '../bot/features/lookup/onr-client.js';
import { VERBS } from '../bot/features/lookup/verbs.js';
import { lookupText } from '../bot/features/lookup/i18n.js';
import type { ActionHandler, Messenger } from '../bot/features/types.js';
import type { UserContext } from '../bot/auth/roles.js';
import { BENCH_ADMIN, seedInstallations } from './announcement-targets.js';
import { FakeConnector, type FaultPlan } from '../dev/fake-connector/index.js';
import { startFakeOnr, FAKE_ONR_CREDENTIALS, SEED_ONR_PERSONS, type FakeOnr } from '../dev/fake-onr/index.js';

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1]! : fallback;
}

const TARGETS = Number(option('targets', '300'));
const RPS = Number(option('rps', '30'));
const SEED = Number(option('seed', '42'));
const ONLY = new Set(
  option('only', 'baseline,storm,slow,outage,cut,onr')
    .split(',')
    .map((s) => s.trim()),
);
const JSON_OUT = option('json-out', path.join(os.tmpdir(), `bench-faults-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));

/** Teams answers a post in tens to hundreds of ms; every scenario has this unless it says otherwise. */
const NORMAL_LATENCY: [number, number] = [20, 120];
const STORM_MS = 10_000;
const STORM_SHARE = 0.6; // of calls answered 429 while the storm lasts: half with Retry-After, half without
const STORM_RETRY_AFTER_S = 2;
const SLOW_MS: [number, number] = [300, 800];
const OUTAGE_MS = 8_000;
const CUT_OUTAGE_MS = 6_000;
const BROADCAST_LIMIT_MS = 100_000;
const MAX_ATTEMPTS = 8;

const ONR_RATE_PER_S = 5;
const ONR_FAULT_MS = 8_000;
const ONR_RECOVERY_LIMIT_MS = 45_000;
/** An answer that takes longer than this counts as no answer (lost). */
const ANSWER_GIVE_UP_MS = 10_000;
const INVOKE_BUDGET_MS = 3_000;
const CIRCUIT_OPEN_ANSWER_MS = 500;

const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 1) => (Number.isFinite(value) ? +value.toFixed(digits) : null);

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
function spread(values: number[]) {
  return {
    n: values.length,
    p50: round(percentile(values, 50), 0),
    p99: round(percentile(values, 99), 0),
    max: values.length ? round(Math.max(...values), 0) : null,
  };
}
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) return false;
    await sleep(everyMs);
  }
  return true;
}

/** Event-loop delay of this process during one scenario (the worker, the fakes and the DB share it). */
function loopMonitor() {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return () => {
    histogram.disable();
    return {
      p50Ms: round(histogram.percentile(50) / 1e6),
      p99Ms: round(histogram.percentile(99) / 1e6),
      maxMs: round(histogram.max / 1e6),
    };
  };
}

// ---- broadcasts --------------------------------------------------------------------------------------

function draftOf(label: string) {
  const { draft, problems } = checkDraft(
    rawFromForm({
      titleFi: `Vikatesti: ${label}`,
      bodyFi: 'Rajapinnan virhekoodit muuttuvat. '.repeat(6),
      titleSv: `Feltest: ${label}`,
      bodySv: 'Gränssnittets felkoder ändras. '.repeat(6),
      category: 'breaking',
      interfaces: 'yleistunniste',
      audienceKind: 'all',
    }),
    new Date(),
  );
  if (!draft) throw new Error(`bench draft invalid: ${problems.map((p) => p.code).join(', ')}`);
  return draft;
}

/** The worker's Messenger with a meter around it: exact calls in flight and each call's time. */
function metered(inner: Messenger) {
  const meter = { inFlight: 0, peakInFlight: 0, calls: 0, okMs: [] as number[] };
  function wrap<A extends unknown[], R>(fn: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
    return async (...a: A) => {
      meter.calls++;
      meter.inFlight++;
      meter.peakInFlight = Math.max(meter.peakInFlight, meter.inFlight);
      const started = performance.now();
      try {
        const result = await fn(...a);
        meter.okMs.push(performance.now() - started);
        return result;
      } finally {
        meter.inFlight--;
      }
    };
  }
  const messenger: Messenger = {
    send: wrap(inner.send),
    reply: wrap(inner.reply),
    update: wrap(inner.update),
    delete: wrap(inner.delete),
    sendToUser: inner.sendToUser,
  };
  return { messenger, meter };
}

interface OutboxRowFigure {
  conversation_id: string;
  state: string;
  possible_duplicate: number;
}

async function outboxRows(store: Store, announcementId: string): Promise<OutboxRowFigure[]> {
  const rows = await store.db
    .selectFrom('announcement_outbox')
    .select(['conversation_id', 'state', 'possible_duplicate'])
    .where('announcement_id', '=', announcementId)
    .where('op', '=', 'post')
    .execute();
  return rows.map((r) => ({ conversation_id: r.conversation_id, state: r.state, possible_duplicate: Number(r.possible_duplicate) }));
}
const countStates = (rows: OutboxRowFigure[]) =>
  rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.state]: (acc[r.state] ?? 0) + 1 }), {});
const OPEN_STATES = new Set(['pending', 'leased', 'sending']);

interface BroadcastContext {
  fake: FakeConnector;
  t0: number;
  /** Targets that have received the post so far. */
  delivered(): number;
  /** Records the outbox and connector state at a moment of the fault script. */
  snapshot(label: string): Promise<void>;
}

interface BroadcastPlan {
  id: string;
  title: string;
  faults: string;
  before?: (fake: FakeConnector) => Promise<void>;
  /** Runs beside the worker from its start: injects and clears the fault. */
  script?: (ctx: BroadcastContext) => Promise<void>;
  /** The expectation on duplicates: 0, or at most the rows the outbox flagged as possible duplicates. */
  duplicatePolicy: 'zero' | 'flagged';
}

async function runBroadcast(plan: BroadcastPlan, adapter: CloudAdapter) {
  const fake = new FakeConnector({ appRps: RPS, seed: SEED, faults: { latencyMs: NORMAL_LATENCY } });
  await fake.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-faults-${plan.id}-`));
  const store = await openStore({ dataDir });
  const stopLoop = loopMonitor();
  try {
    const conversations = createConversationsRepository(store);
    const targets = await seedInstallations(conversations, fake.url, TARGETS, { prefix: 'faults', teams: 10, teamName: 'Faults team' });
    const service = createAnnouncementsService({ store, conversations, approval: 'single', logger });
    const created = await service.createDraft(BENCH_ADMIN, draftOf(plan.id));
    const announcementId = (await service.submit(BENCH_ADMIN, created.announcement.id, created.announcement.version)).announcement.id;
    const { messenger, meter } = metered(createMessenger({ adapter, appId: '', conversations, isAllowedServiceUrl: () => true }));
    // Production settings (bot/app.ts passes only these two): lease, heartbeat, poll and backoff are the defaults.
    const worker = createOutboxWorker({
      store,
      messenger,
      logger,
      appRps: RPS,
      maxAttempts: MAX_ATTEMPTS,
      workerId: `bench-faults-${plan.id}`,
    });
    const snapshots: Array<{
      atS: number | null;
      label: string;
      rows: Record<string, number>;
      deliveredTargets: number;
      connectorRequests: number;
    }> = [];

    await plan.before?.(fake);
    const t0 = Date.now();
    const ctx: BroadcastContext = {
      fake,
      t0,
      delivered: () => fake.postsByTarget.size,
      async snapshot(label) {
        snapshots.push({
          atS: round((Date.now() - t0) / 1000),
          label,
          rows: countStates(await outboxRows(store, announcementId)),
          deliveredTargets: fake.postsByTarget.size,
          connectorRequests: fake.counts.requests,
        });
      },
    };
    worker.start();
    let scriptError: unknown = null;
    const script = (plan.script?.(ctx) ?? Promise.resolve()).catch((error: unknown) => void (scriptError = error));
    const finished = await until(
      async () => (await outboxRows(store, announcementId)).every((r) => !OPEN_STATES.has(r.state)),
      BROADCAST_LIMIT_MS,
    );
    const durationMs = Date.now() - t0;
    await script;
    if (scriptError) throw scriptError;
    const workerStats: WorkerStats = worker.stats();
    await worker.stop();
    const loop = stopLoop();

    const rows = await outboxRows(store, announcementId);
    const states = countStates(rows);
    const reported = new Set(rows.filter((r) => ['failed', 'dead', 'unconfirmed'].includes(r.state)).map((r) => r.conversation_id));
    const notReceived = fake.lostTargets(targets, announcementId);
    const lost = notReceived.filter((t) => !reported.has(t));
    const duplicates = fake.duplicates().posts;
    const flagged = rows.filter((r) => r.possible_duplicate).length;

    // Per target: worker start → the first post the connector accepted (stored) for it.
    const firstAccepted = new Map<string, number>();
    for (const r of fake.records) {
      if (r.op !== 'post' || r.marker !== announcementId || !(r.status < 400 || r.cause === 'accepted-then-500')) continue;
      if (!firstAccepted.has(r.baseConversationId)) firstAccepted.set(r.baseConversationId, r.at - t0);
    }
    const causes = fake.byCause();
    // Every injected 429 carried Retry-After: N s; the next call into that conversation must come ≥ N s later.
    const byConversation = new Map<string, number[]>();
    for (const r of fake.records) byConversation.set(r.baseConversationId, [...(byConversation.get(r.baseConversationId) ?? []), r.at]);
    let retryAfterChecked = 0;
    let retryAfterViolations = 0;
    let minGapAfterRetryAfterMs = Infinity;
    for (const r of fake.records) {
      if (r.cause !== 'injected-429') continue;
      const next = byConversation.get(r.baseConversationId)!.find((at) => at > r.at);
      if (next === undefined) continue;
      retryAfterChecked++;
      minGapAfterRetryAfterMs = Math.min(minGapAfterRetryAfterMs, next - r.at);
      if (next - r.at < STORM_RETRY_AFTER_S * 1000) retryAfterViolations++;
    }
    const http429 = Object.entries(causes)
      .filter(([cause]) => cause.includes('429') || cause.startsWith('limit-'))
      .reduce((sum, [, n]) => sum + n, 0);
    const minimumMs = minimumDurationMs(targets, { appRps: RPS });
    const deliveryMs = [...firstAccepted.values()];
    // How long the outbox took to resume after the fault ended: first accepted post after that moment.
    const faultEnd = snapshots.find((x) => x.label.endsWith('ends'));
    const faultEndMs = faultEnd?.atS != null ? faultEnd.atS * 1000 : null;
    const resumed = faultEndMs === null ? [] : deliveryMs.filter((at) => at >= faultEndMs);
    const resumeLagS = faultEndMs === null || !resumed.length ? null : round((Math.min(...resumed) - faultEndMs) / 1000, 2);
    const pass = finished && lost.length === 0 && (plan.duplicatePolicy === 'zero' ? duplicates === 0 : duplicates <= flagged);
    return {
      id: plan.id,
      title: plan.title,
      faults: plan.faults,
      targets: targets.length,
      finished,
      durationS: round(durationMs / 1000),
      noFaultMinimumS: round(minimumMs / 1000),
      ratioToMinimum: round(durationMs / minimumMs, 2),
      connectorRequests: fake.counts.requests,
      workerCalls: workerStats.calls,
      requestsPerTarget: round(fake.counts.requests / targets.length, 2),
      http429,
      causes,
      retries: workerStats.retries,
      throttledByWorker: workerStats.throttled,
      refusedCalls: workerStats.outages,
      delivered: states.sent ?? 0,
      rows: states,
      lost: lost.length,
      lostTargets: lost.slice(0, 10),
      duplicates,
      possibleDuplicateRows: flagged,
      duplicatePolicy: plan.duplicatePolicy,
      deliveryMs: spread(deliveryMs),
      connectorCallMs: spread(meter.okMs),
      peakInFlight: meter.peakInFlight,
      maxAcceptedPer1s: fake.maxInWindow(1000),
      appRpsLimit: RPS,
      retryAfter: {
        checked: retryAfterChecked,
        violations: retryAfterViolations,
        minGapMs: Number.isFinite(minGapAfterRetryAfterMs) ? minGapAfterRetryAfterMs : null,
        retryAfterS: STORM_RETRY_AFTER_S,
      },
      snapshots,
      resumeLagS,
      eventLoop: loop,
      pass,
    };
  } finally {
    stopLoop();
    await store.close();
    await fake.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
type BroadcastResult = Awaited<ReturnType<typeof runBroadcast>>;

const withFaults = (fake: FakeConnector, plan: FaultPlan) => void (fake.faults = plan);

const BROADCASTS: BroadcastPlan[] = [
  { id: 'baseline', title: 'C0 baseline, no faults', faults: `none (latency ${NORMAL_LATENCY.join('–')} ms)`, duplicatePolicy: 'zero' },
  {
    id: 'storm',
    title: 'C1 connector 429 storm',
    faults: `${STORM_SHARE * 100} % of calls → 429 for ${STORM_MS / 1000} s (half Retry-After: ${STORM_RETRY_AFTER_S}, half none)`,
    duplicatePolicy: 'zero',
    async script(ctx) {
      withFaults(ctx.fake, {
        latencyMs: NORMAL_LATENCY,
        throttleWithRetryAfter: STORM_SHARE / 2,
        throttleWithoutRetryAfter: STORM_SHARE / 2,
        retryAfterSeconds: STORM_RETRY_AFTER_S,
      });
      await sleep(STORM_MS);
      await ctx.snapshot('storm ends');
      withFaults(ctx.fake, { latencyMs: NORMAL_LATENCY });
    },
  },
  {
    id: 'slow',
    title: 'C2 slow connector',
    faults: `every answer ${SLOW_MS.join('–')} ms`,
    duplicatePolicy: 'zero',
    async before(fake) {
      withFaults(fake, { slow: 1, slowMs: SLOW_MS });
    },
  },
  {
    id: 'outage',
    title: 'C3 connector outage → recovery',
    faults: `connection refused for the first ${OUTAGE_MS / 1000} s`,
    duplicatePolicy: 'zero',
    async before(fake) {
      await fake.setOutage(true);
    },
    async script(ctx) {
      await sleep(OUTAGE_MS);
      await ctx.snapshot('outage ends');
      await ctx.fake.setOutage(false);
    },
  },
  {
    id: 'cut',
    title: 'C4 outage mid-broadcast',
    faults: `at 1/3 delivered: connections cut, refused for ${CUT_OUTAGE_MS / 1000} s`,
    duplicatePolicy: 'flagged',
    async script(ctx) {
      await until(() => ctx.delivered() >= Math.floor(TARGETS / 3), BROADCAST_LIMIT_MS, 5);
      await ctx.fake.setOutage(true);
      await ctx.snapshot('outage starts');
      await sleep(CUT_OUTAGE_MS);
      await ctx.snapshot('outage ends');
      await ctx.fake.setOutage(false);
    },
  },
];

// ---- look-ups against a failing ONR ------------------------------------------------------------------

const PERSON = SEED_ONR_PERSONS.find((p) => p.scenario === 'identified-master')!;
const CALLER_ID = '1.2.246.562.10.00000000001.oppijanumero-teams-bench';
type AnswerKind = 'ok' | 'unavailable' | 'timeout' | 'circuit_open' | 'other' | 'no-answer';

function classifyAnswer(result: unknown): AnswerKind {
  const json = JSON.stringify(result);
  const t = lookupText.fi;
  if (json.includes(t.circuitOpen)) return 'circuit_open';
  if (json.includes(t.unavailable)) return 'unavailable';
  if (json.includes(t.timeout)) return 'timeout';
  // A result card carries its view (with the person's OID) in its refresh data; the form only has the
  // OID as a placeholder example, so the plain OID string is not enough.
  if (json.includes(`"oid":"${PERSON.oid}"`)) return 'ok';
  return 'other';
}
/** "The test environment is not responding" in one of its three wordings. */
const NOT_RESPONDING: ReadonlySet<AnswerKind> = new Set(['unavailable', 'timeout', 'circuit_open']);

interface Sample {
  at: number;
  ms: number;
  kind: AnswerKind;
  phase: 'warm-up' | 'fault' | 'recovery';
}

interface OnrSide {
  id: 'o503' | 'ohang' | 'odown';
  title: string;
  faults: string;
  fake: FakeOnr;
  port: number;
  client: OnrClient;
  action: ActionHandler;
  samples: Sample[];
  transitions: Array<{ atS: number | null; state: string }>;
  /** Requests the fake(s) received / client attempts before and during the fault. */
  requestsBefore: number;
  attemptsBefore: number;
  rejectedBefore: number;
  requestsDuringFault: number;
  attemptsDuringFault: number;
  rejectedDuringFault: number;
  okStreak: number;
  recoveredAtS: number | null;
  closedAtS: number | null;
}

async function runOnr() {
  const store = await openStore({ dataDir: ':memory:' });
  const stopLoop = loopMonitor();
  const sides: OnrSide[] = [];
  let sampler: NodeJS.Timeout | null = null;
  try {
    const specs: Array<Pick<OnrSide, 'id' | 'title' | 'faults'>> = [
      { id: 'o503', title: 'O1 ONR answers 503', faults: `503 (Retry-After: 5) on every ONR route for ${ONR_FAULT_MS / 1000} s` },
      { id: 'ohang', title: 'O2 ONR hangs', faults: `no answer for 10 s on every route, ${ONR_FAULT_MS / 1000} s` },
      { id: 'odown', title: 'O3 ONR down', faults: `connection refused for ${ONR_FAULT_MS / 1000} s (stopped, restarted on its port)` },
    ];
    for (const spec of specs) {
      const fake = await startFakeOnr({ port: 0 });
      // As bot/app.ts builds it: production defaults for timeouts, retries and the breaker.
      const client = createOnrClient({
        baseUrl: fake.url,
        callerId: CALLER_ID,
        auth: { kind: 'cas', username: FAKE_ONR_CREDENTIALS.username, password: FAKE_ONR_CREDENTIALS.password },
        keepAlive: true,
      });
      const feature = createLookupFeature({
        store,
        logger,
        client,
        config: { LOOKUP_RATE_LIMIT: 1_000_000, LOOKUP_RATE_WINDOW_SECONDS: 60 },
      });
      const action = feature.actions!.find((a) => a.verbs.includes(VERBS.hetu))!;
      sides.push({
        ...spec,
        fake,
        port: fake.port,
        client,
        action,
        samples: [],
        transitions: [],
        requestsBefore: 0,
        attemptsBefore: 0,
        rejectedBefore: 0,
        requestsDuringFault: 0,
        attemptsDuringFault: 0,
        rejectedDuringFault: 0,
        okStreak: 0,
        recoveredAtS: null,
        closedAtS: null,
      });
    }

    let T0 = Date.now();
    const pending = new Set<Promise<void>>();
    const lookUp = (side: OnrSide, phase: Sample['phase']) => {
      const user: UserContext = { tenantId: 'bench-tenant', objectId: `bench-${side.id}`, role: 'Vendor', institutionId: null, lang: 'fi' };
      const started = performance.now();
      const at = Date.now() - T0;
      const run = side.action.run({
        user,
        lang: 'fi',
        text: '',
        conversation: { id: `bench-${side.id}`, kind: 'personal', teamId: null, threadRootId: null },
        activityId: randomUUID(),
        now: new Date(),
        value: {
          verb: VERBS.hetu,
          formId: randomUUID(),
          hetu: PERSON.hetu!,
          etunimet: PERSON.etunimet,
          kutsumanimi: PERSON.kutsumanimi,
          sukunimi: PERSON.sukunimi,
        },
        verb: VERBS.hetu,
      });
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<'no-answer'>((resolve) => (timer = setTimeout(() => resolve('no-answer'), ANSWER_GIVE_UP_MS)));
      const task = Promise.race([run.then(classifyAnswer, () => 'no-answer' as const), giveUp]).then((kind) => {
        clearTimeout(timer);
        side.samples.push({ at, ms: performance.now() - started, kind, phase });
        if (phase === 'recovery') {
          side.okStreak = kind === 'ok' ? side.okStreak + 1 : 0;
          if (kind === 'ok' && side.recoveredAtS === null) side.recoveredAtS = round(performance.now() / 1000 - recoveryStartedAt / 1000);
        }
      });
      pending.add(task);
      void task.finally(() => pending.delete(task));
      return task;
    };

    // Warm-up: log in, fill the pools; every answer must be the result card.
    for (const side of sides) for (let i = 0; i < 5; i++) await lookUp(side, 'warm-up');
    const warmBad = sides.flatMap((s) => s.samples).filter((s) => s.kind !== 'ok');
    if (warmBad.length) throw new Error(`fake ONR warm-up failed: ${warmBad.map((s) => s.kind).join(', ')}`);

    T0 = Date.now();
    let recoveryStartedAt = Infinity;
    sampler = setInterval(() => {
      for (const side of sides) {
        const state = side.client.stats().breaker;
        if (side.transitions.at(-1)?.state !== state) side.transitions.push({ atS: round((Date.now() - T0) / 1000, 2), state });
        if (state === 'closed' && side.recoveredAtS !== null && side.closedAtS === null)
          side.closedAtS = round((Date.now() - T0) / 1000, 2);
      }
    }, 20);
    for (const side of sides) {
      side.requestsBefore = side.fake.stats().requests;
      side.attemptsBefore = side.client.stats().attempts;
      side.rejectedBefore = side.client.stats().rejectedByBreaker;
      side.transitions.push({ atS: 0, state: side.client.stats().breaker });
    }
    // ---- faults on, look-ups at a fixed rate (open loop: a hanging look-up does not slow the next one)
    sides[0]!.fake.control.addFault({ path: '/', status: 503, headers: { 'retry-after': '5' } });
    sides[1]!.fake.control.addFault({ path: '/', delayMs: 10_000 });
    await sides[2]!.fake.stop();
    const faultStarted = performance.now();
    for (let i = 0; performance.now() - faultStarted < ONR_FAULT_MS; i++) {
      for (const side of sides) void lookUp(side, 'fault');
      await sleep(Math.max(0, faultStarted + ((i + 1) * 1000) / ONR_RATE_PER_S - performance.now()));
    }
    await Promise.all([...pending]);
    for (const side of sides) {
      side.requestsDuringFault = side.id === 'odown' ? 0 : side.fake.stats().requests - side.requestsBefore;
      side.attemptsDuringFault = side.client.stats().attempts - side.attemptsBefore;
      side.rejectedDuringFault = side.client.stats().rejectedByBreaker - side.rejectedBefore;
    }

    // ---- faults off: keep looking up until each side has answered three times in a row from ONR
    sides[0]!.fake.control.clearFaults();
    sides[1]!.fake.control.clearFaults();
    sides[2]!.fake = await startFakeOnr({ port: sides[2]!.port });
    recoveryStartedAt = performance.now();
    const recoveryStartS = round((Date.now() - T0) / 1000, 2);
    for (let i = 0; performance.now() - recoveryStartedAt < ONR_RECOVERY_LIMIT_MS; i++) {
      const waiting = sides.filter((s) => s.okStreak < 3);
      if (!waiting.length) break;
      for (const side of waiting) void lookUp(side, 'recovery');
      await sleep(Math.max(0, recoveryStartedAt + ((i + 1) * 1000) / ONR_RATE_PER_S - performance.now()));
    }
    await Promise.all([...pending]);
    clearInterval(sampler);
    sampler = null;
    const loop = stopLoop();

    const results = sides.map((side) => {
      const fault = side.samples.filter((s) => s.phase === 'fault');
      const recovery = side.samples.filter((s) => s.phase === 'recovery');
      const kinds = (list: Sample[]) => list.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.kind]: (acc[s.kind] ?? 0) + 1 }), {});
      const answered = fault.filter((s) => s.kind !== 'no-answer');
      const notResponding = fault.filter((s) => NOT_RESPONDING.has(s.kind)).length;
      const faultMs = fault.map((s) => s.ms);
      const openMs = fault.filter((s) => s.kind === 'circuit_open').map((s) => s.ms);
      const recoveryMs = recovery.map((s) => s.ms);
      const recoveryBad = recovery.filter((s) => s.kind !== 'ok' && !NOT_RESPONDING.has(s.kind)).length;
      const opened = side.transitions.find((t) => t.state === 'open');
      const halfOpen = side.transitions.find((t) => t.state === 'half_open');
      const checks = {
        everyAnswerClear: notResponding === fault.length,
        withinInvokeBudget: faultMs.every((ms) => ms < INVOKE_BUDGET_MS) && recoveryMs.every((ms) => ms < INVOKE_BUDGET_MS),
        circuitOpenAnswersFast: openMs.every((ms) => ms < CIRCUIT_OPEN_ANSWER_MS),
        breakerStoppedMost: side.attemptsDuringFault < fault.length / 2,
        recovered: side.okStreak >= 3 && recoveryBad === 0,
      };
      return {
        id: side.id,
        title: side.title,
        faults: side.faults,
        fault: {
          durationS: ONR_FAULT_MS / 1000,
          lookups: fault.length,
          answered: answered.length,
          unanswered: fault.length - answered.length,
          notRespondingAnswers: notResponding,
          answers: kinds(fault),
          latencyMs: spread(faultMs),
          circuitOpenLatencyMs: spread(openMs),
          requestsReachedOnr: side.requestsDuringFault,
          clientAttempts: side.attemptsDuringFault,
          rejectedByBreaker: side.rejectedDuringFault,
          breakerOpenedAtS: opened?.atS ?? null,
        },
        recovery: {
          startedAtS: recoveryStartS,
          lookups: recovery.length,
          answers: kinds(recovery),
          latencyMs: spread(recoveryMs),
          firstOkAfterS: side.recoveredAtS,
          breakerClosedAtS: side.closedAtS,
          breakerOpenToClosedS: opened && side.closedAtS !== null && opened.atS !== null ? round(side.closedAtS - opened.atS, 2) : null,
          // More than the configured 30 s when failures of calls already in flight arrive after it opened.
          openForS: opened && halfOpen && opened.atS !== null && halfOpen.atS !== null ? round(halfOpen.atS - opened.atS, 2) : null,
        },
        warmUpMs: spread(side.samples.filter((s) => s.phase === 'warm-up').map((s) => s.ms)),
        transitions: side.transitions,
        clientStats: side.client.stats(),
        checks,
        pass: Object.values(checks).every(Boolean),
      };
    });
    return {
      ratePerSide: ONR_RATE_PER_S,
      breaker: { consecutiveFailures: 5, windowSize: 20, failureRate: 0.5, openS: 30 },
      lookupBudgetMs: 2_200,
      sides: results,
      eventLoop: loop,
    };
  } finally {
    if (sampler) clearInterval(sampler);
    stopLoop();
    for (const side of sides) {
      await side.client.close().catch(() => undefined);
      await side.fake.stop().catch(() => undefined);
    }
    await store.close();
  }
}
type OnrResult = Awaited<ReturnType<typeof runOnr>>;

// ---- report ------------------------------------------------------------------------------------------

function environment() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout
  }
  return {
    commit,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    loadAvg: os.loadavg().map((v) => round(v, 2)),
    pinning: 'none (one process: worker, fakes, DB)',
    targets: TARGETS,
    appRps: RPS,
    seed: SEED,
  };
}

const ms = (v: number | null) => (v === null ? '–' : `${v} ms`);
const s = (v: number | null) => (v === null ? '–' : `${v} s`);

function broadcastRow(r: BroadcastResult): string[] {
  const delivered = `${r.delivered}/${r.targets}${r.rows.failed || r.rows.dead || r.rows.unconfirmed ? ` (failed ${r.rows.failed ?? 0}, dead ${r.rows.dead ?? 0}, unconfirmed ${r.rows.unconfirmed ?? 0})` : ''}${r.finished ? '' : ' NOT FINISHED'}`;
  const requests = `${r.connectorRequests} (${r.requestsPerTarget}/target${r.refusedCalls ? `; +${r.refusedCalls} refused` : ''})`;
  const dup = r.duplicatePolicy === 'flagged' ? `${r.duplicates} (flagged ${r.possibleDuplicateRows})` : String(r.duplicates);
  return [
    r.title,
    requests,
    r.faults,
    delivered,
    String(r.lost),
    dup,
    ms(r.deliveryMs.p50),
    ms(r.deliveryMs.p99),
    `${s(r.durationS)} (min ${r.noFaultMinimumS} s)`,
    r.pass ? 'pass' : 'FAIL',
  ];
}

function onrRows(o: OnrResult): string[][] {
  const rows: string[][] = [];
  for (const side of o.sides) {
    const f = side.fault;
    const answers = Object.entries(f.answers)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    rows.push([
      side.title,
      `${f.requestsReachedOnr} reached ONR; ${f.clientAttempts} attempts, ${f.rejectedByBreaker} stopped by breaker`,
      side.faults,
      `${f.answered}/${f.lookups} answered (${answers})`,
      String(f.unanswered),
      '–',
      ms(f.latencyMs.p50),
      ms(f.latencyMs.p99),
      s(f.durationS),
      side.pass ? 'pass' : 'FAIL',
    ]);
    const r = side.recovery;
    const answersR = Object.entries(r.answers)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    rows.push([
      `  ↳ recovery`,
      `${r.lookups} look-ups`,
      'fault cleared',
      `first ok after ${s(r.firstOkAfterS)}; breaker open→closed ${s(r.breakerOpenToClosedS)} (${answersR})`,
      String(r.answers['no-answer'] ?? 0),
      '–',
      ms(r.latencyMs.p50),
      ms(r.latencyMs.p99),
      s(r.firstOkAfterS),
      side.checks.recovered ? 'pass' : 'FAIL',
    ]);
  }
  return rows;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '/')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const env = environment();
  const started = Date.now();
  console.log(`Fault scenarios — commit ${env.commit}, Node ${env.node}, ${env.cores} × ${env.cpu}, load ${env.loadAvg.join(' ')}`);
  console.log(
    `Broadcasts: ${TARGETS} targets, OUTBOX_APP_RPS ${RPS}, max attempts ${MAX_ATTEMPTS}; fake connector limits 7/1 s, 8/2 s, 60/30 s per conversation and ${RPS}/s per app`,
  );
  const adapter = createAdapter(loadConfig({ LOCAL_MODE: 'true' }), logger);
  const broadcasts: BroadcastResult[] = [];
  for (const plan of BROADCASTS) {
    if (!ONLY.has(plan.id)) continue;
    process.stdout.write(`  running ${plan.title} …`);
    const result = await runBroadcast(plan, adapter);
    broadcasts.push(result);
    console.log(` ${result.durationS} s, lost ${result.lost}, duplicates ${result.duplicates}`);
  }
  let onr: OnrResult | null = null;
  if (ONLY.has('onr')) {
    process.stdout.write(`  running O1–O3 ONR faults (3 fakes side by side, ${ONR_RATE_PER_S} look-ups/s each) …`);
    onr = await runOnr();
    console.log(` done`);
  }

  const header = [
    'scenario',
    'requests',
    'faults injected',
    'delivered / answered',
    'lost',
    'duplicates',
    'p50',
    'p99',
    'duration',
    'result',
  ];
  const rows = [...broadcasts.map(broadcastRow), ...(onr ? onrRows(onr) : [])];
  console.log(`\n${table(header, rows)}\n`);
  console.log('p50/p99: broadcasts — worker start → first post the connector accepted, per target; look-ups — submit → answer card.');
  console.log('lost: broadcasts — no post at the connector and not reported failed/dead/unconfirmed; look-ups — no answer within 10 s.');
  const baseline = broadcasts.find((r) => r.id === 'baseline');
  for (const r of broadcasts) {
    const extra = [
      baseline && r !== baseline && r.durationS !== null && baseline.durationS !== null
        ? `+${round(r.durationS - baseline.durationS)} s over the measured baseline`
        : null,
      r.resumeLagS !== null ? `first post ${r.resumeLagS} s after the fault ended` : null,
      `peak in flight ${r.peakInFlight}`,
      `connector call p50/p99 ${r.connectorCallMs.p50}/${r.connectorCallMs.p99} ms`,
      `max accepted in 1 s ${r.maxAcceptedPer1s} (limit ${r.appRpsLimit})`,
      `429s ${r.http429}`,
      `retries ${r.retries}`,
      r.retryAfter.checked
        ? `Retry-After honoured ${r.retryAfter.checked - r.retryAfter.violations}/${r.retryAfter.checked} (min gap ${r.retryAfter.minGapMs} ms)`
        : null,
      `causes ${JSON.stringify(r.causes)}`,
      r.snapshots.length ? `rows ${r.snapshots.map((x) => `@${x.atS}s ${x.label}: ${JSON.stringify(x.rows)}`).join('; ')}` : null,
    ].filter(Boolean);
    console.log(`- ${r.title}: ${extra.join('; ')}`);
  }
  if (onr) {
    for (const side of onr.sides) {
      const failed = Object.entries(side.checks)
        .filter(([, ok]) => !ok)
        .map(([name]) => name);
      console.log(
        `- ${side.title}: breaker ${side.transitions.map((t) => `${t.state}@${t.atS}s`).join(' → ')} (open for ${side.recovery.openForS ?? '–'} s); circuit-open answers p99 ${side.fault.circuitOpenLatencyMs.p99 ?? '–'} ms; max ${side.fault.latencyMs.max} ms; warm p50 ${side.warmUpMs.p50} ms${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`,
      );
    }
  }
  const report = { environment: env, totalS: round((Date.now() - started) / 1000), broadcasts, onr };
  fs.writeFileSync(JSON_OUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nTotal ${report.totalS} s. Raw JSON: ${JSON_OUT}`);
  const allPass = broadcasts.every((r) => r.pass) && (onr?.sides.every((x) => x.pass) ?? true);
  if (!allPass) process.exitCode = 1;
}

await main();
