/**
 * The outbox worker only delivers (scheduled announcements are published into the outbox by
 * ./scheduler.ts): it takes due outbox rows under a lease, paces calls within Teams' limits, sends
 * through the Messenger, and records each outcome with a statement fenced by its lease.
 *
 * Duplicates and losses, precisely:
 * - Rows are claimed as `leased` (nothing sent yet). Just before the HTTP call a row becomes
 *   `sending` (committed). After the call it becomes `sent` (activity id stored) or goes back to
 *   `pending` with a backoff, or ends `failed`/`dead`.
 * - A graceful stop() finishes in-flight calls and hands leased rows back, so a deploy or restart
 *   neither loses nor repeats anything.
 * - If the process dies, another worker reclaims its rows after the lease expires: `leased` rows
 *   are simply sent again (they never left); `sending` posts and notices are NOT resent — they
 *   become `unconfirmed` (the request may have reached Teams, and Teams has no way to ask "did my
 *   message arrive?"), shown in the report, and re-sent only by "resend to failed", which marks them
 *   as possible duplicates. Updates and deletes are idempotent and are simply retried.
 * - So a crash never double-posts. The residual risk is the other way round: a post whose request
 *   had not yet left the process (between the `sending` commit and the socket write, a few ms of
 *   reference lookup and SDK work) is reported `unconfirmed` although nothing was delivered — it is
 *   visible, not silent, and bounded by the calls in flight at the crash (the benchmark's SIGKILL
 *   finds 2–3 in flight; now and then one of them had not left). Ambiguous failures while the worker
 *   is alive (5xx, timeouts, resets after sending) are retried and flagged `possible_duplicate`,
 *   which the report counts.
 * - The SDK's own hidden retries are off (bot/teams/adapter.ts), so one call is one request.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/db.js';
import { createAnnouncementsRepository, type OutboxRow } from '../../store/announcements-repository.js';
import { createConversationsRepository } from '../../store/conversations-repository.js';
import { langFromLocale, type Lang } from '../../i18n/index.js';
import type { Messenger, Reply } from '../types.js';
import { Pacer, type WindowLimit } from './pacer.js';
import { classify, retryDelayMs, type BackoffOptions } from './backoff.js';
import { announcementCard, readerStateOf, revisionNoticeCard, type ReaderView } from './cards.js';
import { toAnnouncement } from './records.js';
import type { Announcement, OutboxOp } from './model.js';

export interface OutboxWorkerOptions {
  store: Store;
  messenger: Messenger;
  clock?: () => Date;
  logger: Logger;
  /** OUTBOX_APP_RPS: calls per second for the whole app (shared by the live workers). */
  appRps?: number;
  /** OUTBOX_MAX_ATTEMPTS: counted attempts before a row is dead-lettered. */
  maxAttempts?: number;
  workerId?: string;
  /** Lease length; renewed every heartbeat while the worker lives. */
  leaseMs?: number;
  heartbeatMs?: number;
  /** How often an idle worker looks for new rows. */
  pollMs?: number;
  maxConcurrency?: number;
  conversationLimits?: readonly WindowLimit[];
  marginMs?: number;
  backoff?: BackoffOptions;
  /** Backoff of the app-wide pause while the connector cannot be reached (default 1 s … 30 s). */
  outageBackoff?: BackoffOptions;
  random?: () => number;
  onEvent?: (event: WorkerEvent) => void;
}

export interface WorkerEvent {
  type: 'sent' | 'retry' | 'failed' | 'dead' | 'outage' | 'skipped' | 'deferred' | 'cancelled' | 'lost-lease' | 'reclaimed';
  rowId?: string;
  op?: OutboxOp;
  conversationId?: string;
  status?: number | null;
  reason?: string;
  delayMs?: number;
  count?: number;
}

export interface WorkerStats {
  calls: number;
  sent: number;
  retries: number;
  throttled: number;
  failed: number;
  dead: number;
  outages: number;
  skipped: number;
  deferred: number;
  reclaimedUnconfirmed: number;
  inFlight: number;
  queued: number;
  appRate: number;
}

export interface OutboxWorker {
  readonly workerId: string;
  start(): void;
  /** Graceful: stops taking rows, waits for in-flight calls, hands leased rows back. */
  stop(): Promise<void>;
  /**
   * Abrupt: stops at once and writes nothing more, exactly as if the process had died (tests and the
   * benchmark use it to prove crash safety). Rows it held are reclaimed by others after the lease.
   */
  abort(): Promise<void>;
  stats(): WorkerStats;
  /** New rows were queued (e.g. the scheduler published): look for them now instead of at the next poll. */
  wake(): void;
}

const OPEN = ['pending', 'leased', 'sending'];

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, messenger, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const nowMs = () => clock().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const random = options.random ?? Math.random;
  const appRps = options.appRps ?? 30;
  const maxAttempts = options.maxAttempts ?? 8;
  const workerId = options.workerId ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? Math.min(1_000, Math.floor(leaseMs / 3));
  const pollMs = options.pollMs ?? 500;
  const maxConcurrency = options.maxConcurrency ?? 16;

  const repo = createAnnouncementsRepository(store);
  const conversations = createConversationsRepository(store);
  const pacer = new Pacer({
    appRps,
    ...(options.conversationLimits ? { conversationLimits: options.conversationLimits } : {}),
    marginMs: options.marginMs ?? 50,
  });

  const queue = new Map<string, OutboxRow>();
  const inFlight = new Map<string, Promise<void>>();
  const busy = new Set<string>();
  const announcements = new Map<string, Announcement>();
  const locales = new Map<string, Lang>();
  const recent429: Array<{ at: number; key: string }> = [];
  const recentCalls: number[] = [];
  const stats: WorkerStats = {
    calls: 0,
    sent: 0,
    retries: 0,
    throttled: 0,
    failed: 0,
    dead: 0,
    outages: 0,
    skipped: 0,
    deferred: 0,
    reclaimedUnconfirmed: 0,
    inFlight: 0,
    queued: 0,
    appRate: appRps,
  };

  let running = false;
  let stopping = false;
  let aborted = false;
  let loopDone: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let nextHeartbeatAt = 0;
  let nextClaimAt = 0;
  let outageStreak = 0;
  let lastPrune = 0;

  const emit = (event: WorkerEvent) => options.onEvent?.(event);

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (wake === done) wake = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      wake = done;
    });
  }
  const poke = () => wake?.();

  function batchSize(): number {
    return Math.max(4, Math.min(200, Math.ceil(pacer.rate * 2)));
  }

  async function heartbeat(now: number): Promise<void> {
    nextHeartbeatAt = now + heartbeatMs;
    await repo.heartbeat(workerId, iso(now));
    const live = await repo.liveWorkerCount(iso(now - 3 * heartbeatMs));
    pacer.setAppRate(appRps / Math.max(1, live));
    stats.appRate = pacer.rate;
    const held = [...queue.keys(), ...inFlight.keys()];
    if (held.length) await repo.renewLeases(workerId, held, iso(now + leaseMs));
    const reclaimed = await repo.reclaimExpired(iso(now));
    if (reclaimed.requeued || reclaimed.unconfirmed) {
      stats.reclaimedUnconfirmed += reclaimed.unconfirmed;
      logger.warn({ requeued: reclaimed.requeued, unconfirmed: reclaimed.unconfirmed }, 'outbox rows of a stopped worker reclaimed');
      emit({ type: 'reclaimed', count: reclaimed.requeued + reclaimed.unconfirmed });
    }
    pacer.forgetIdle(now);
    if (now - lastPrune > 60_000) {
      lastPrune = now;
      await repo.pruneWorkers(iso(now - 3_600_000));
    }
  }

  async function refreshAnnouncements(ids: string[]): Promise<void> {
    for (const id of ids) {
      const row = await repo.get(id);
      if (row) announcements.set(id, toAnnouncement(row));
    }
  }

  async function claim(now: number): Promise<void> {
    const rows = await repo.claim(workerId, iso(now), iso(now + leaseMs), batchSize());
    if (!rows.length) {
      nextClaimAt = now + pollMs;
      return;
    }
    nextClaimAt = now;
    for (const row of rows) queue.set(row.id, row);
    await refreshAnnouncements([...new Set(rows.map((r) => r.announcement_id))]);
    const personal = [
      ...new Set(rows.filter((r) => r.target_kind === 'personal' && !locales.has(r.conversation_id)).map((r) => r.conversation_id)),
    ];
    if (personal.length) {
      const found = await store.db
        .selectFrom('user_conversations')
        .select(['conversation_id', 'locale'])
        .where('conversation_id', 'in', personal)
        .execute();
      for (const id of personal) locales.set(id, 'fi');
      for (const f of found) locales.set(f.conversation_id, langFromLocale(f.locale));
    }
    // Conversations this worker has not used yet may have been used by another worker (or by the
    // process before a restart): start their windows from the recorded send times.
    const unknown = [...new Set(rows.map((r) => r.conversation_id))].filter((id) => !pacer.knows(id));
    if (unknown.length) {
      const sends = await repo.recentSends(unknown, iso(now - 3_600_000));
      for (const id of unknown) pacer.seed(id, [], now);
      for (const s of sends) pacer.seed(s.conversation_id, [Date.parse(s.sent_at)], now);
    }
  }

  /** The next row to send: per conversation only its first operation, at the time its windows allow. */
  function pickNext(now: number): { row: OutboxRow; at: number } | null {
    const heads = new Map<string, OutboxRow>();
    for (const row of queue.values()) {
      if (busy.has(row.conversation_id)) continue;
      const head = heads.get(row.conversation_id);
      if (!head || order(row, head) < 0) heads.set(row.conversation_id, row);
    }
    let best: { row: OutboxRow; at: number } | null = null;
    for (const row of heads.values()) {
      const at = Math.max(pacer.readyAt(row.conversation_id, now), Date.parse(row.next_attempt_at));
      if (!best || at < best.at || (at === best.at && order(row, best.row) < 0)) best = { row, at };
    }
    return best;
  }

  function order(a: OutboxRow, b: OutboxRow): number {
    return a.revision - b.revision || a.priority - b.priority || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
  }

  function viewFor(row: OutboxRow): ReaderView {
    return row.target_kind === 'personal' ? { mode: 'single', lang: locales.get(row.conversation_id) ?? 'fi' } : { mode: 'multi' };
  }

  async function freshAnnouncement(row: OutboxRow): Promise<Announcement | undefined> {
    const cached = announcements.get(row.announcement_id);
    if (cached && cached.revision >= row.revision) return cached;
    await refreshAnnouncements([row.announcement_id]);
    return announcements.get(row.announcement_id);
  }

  type Prepared = {
    call: () => Promise<{ activityId: string | null; threadId: string | null }>;
    rendered: number | null;
    ref: OutboxRow | null;
  };

  /** Dependency checks and rendering; null when the row was settled without a call. */
  async function prepare(row: OutboxRow, now: number): Promise<Prepared | null> {
    const a = await freshAnnouncement(row);
    if (!a) {
      await settle(row, now, { state: 'failed', lastError: 'announcement-missing' }, 'failed');
      return null;
    }
    let ref: OutboxRow | null = null;
    if (row.op !== 'post') {
      ref = row.ref_id ? ((await repo.getRow(row.ref_id)) ?? null) : null;
      if (ref && OPEN.includes(ref.state)) {
        // The message this operation acts on is not out yet: wait for it without spending an attempt.
        const waitUntil = Math.max(now + 1_000, Date.parse(ref.next_attempt_at));
        await settle(row, now, { state: 'pending', nextAttemptAt: iso(waitUntil) }, 'deferred');
        return null;
      }
      const skip =
        !ref || ref.state !== 'sent' || !ref.activity_id
          ? 'target-not-delivered'
          : row.op === 'update' && (ref.shown_revision ?? 0) >= row.revision
            ? 'already-current'
            : row.op === 'reply' && Number(ref.revision) >= row.revision
              ? 'delivered-after-change'
              : null;
      if (skip) {
        await settle(row, now, { state: 'skipped', lastError: skip }, 'skipped');
        return null;
      }
    }
    const view = viewFor(row);
    const isChannel = row.target_kind === 'channel';
    const state = readerStateOf(a);
    let call: Prepared['call'];
    let rendered: number | null = null;
    switch (row.op as OutboxOp) {
      case 'post': {
        const reply: Reply = { kind: 'card', card: announcementCard(a, state, view), summary: a.title.fi };
        rendered = a.revision;
        call = async () => {
          const result = await messenger.send(row.conversation_id, reply);
          return { activityId: result.activityId, threadId: isChannel ? result.conversationId : row.conversation_id };
        };
        break;
      }
      case 'update': {
        const reply: Reply = { kind: 'card', card: announcementCard(a, state, view), summary: a.title.fi };
        rendered = a.revision;
        const target = ref!;
        call = async () => {
          await messenger.update(
            isChannel ? (target.thread_id ?? target.conversation_id) : target.conversation_id,
            target.activity_id!,
            reply,
          );
          return { activityId: null, threadId: null };
        };
        break;
      }
      case 'reply': {
        const reply: Reply = { kind: 'card', card: revisionNoticeCard(a, row.revision, view, isChannel), summary: a.title.fi };
        const root = ref!;
        call = async () => {
          if (isChannel) {
            const result = await messenger.reply(row.conversation_id, root.activity_id!, reply);
            return { activityId: result.activityId, threadId: `${row.conversation_id};messageid=${root.activity_id}` };
          }
          const result = await messenger.send(row.conversation_id, reply);
          return { activityId: result.activityId, threadId: row.conversation_id };
        };
        break;
      }
      case 'delete': {
        const target = ref!;
        call = async () => {
          await messenger.delete(isChannel ? (target.thread_id ?? target.conversation_id) : target.conversation_id, target.activity_id!);
          return { activityId: null, threadId: null };
        };
        break;
      }
      default:
        await settle(row, now, { state: 'failed', lastError: 'unknown-op' }, 'failed');
        return null;
    }
    return { call, rendered, ref };
  }

  /** Ends a row held in the local queue (leased, not sending). */
  async function settle(
    row: OutboxRow,
    now: number,
    outcome: Parameters<typeof repo.finish>[3],
    event: WorkerEvent['type'],
  ): Promise<void> {
    queue.delete(row.id);
    const ok = await repo.finish(row.id, workerId, iso(now), outcome);
    if (event === 'skipped') stats.skipped++;
    if (event === 'deferred') stats.deferred++;
    if (event === 'failed') stats.failed++;
    emit({
      type: ok ? event : 'lost-lease',
      rowId: row.id,
      op: row.op as OutboxOp,
      conversationId: row.conversation_id,
      ...(outcome.lastError ? { reason: outcome.lastError } : {}),
    });
  }

  async function dispatch(row: OutboxRow): Promise<void> {
    const now = nowMs();
    const prepared = await prepare(row, now);
    if (!prepared || aborted) return;
    const markedAt = nowMs();
    const marked = await repo.markSending(row.id, workerId, iso(markedAt), iso(markedAt + leaseMs), row.op !== 'delete');
    queue.delete(row.id);
    if (aborted) return;
    // The pacer counts from the moment the request leaves, as close as we can get to it.
    const started = nowMs();
    if (!marked) {
      const fresh = await repo.getRow(row.id);
      const ann = await repo.get(row.announcement_id);
      if (fresh?.lease_owner === workerId && fresh.state === 'leased' && ann?.status === 'retracted') {
        await repo.finish(row.id, workerId, iso(markedAt), { state: 'cancelled', lastError: 'retracted' });
        emit({ type: 'cancelled', rowId: row.id, op: row.op as OutboxOp, conversationId: row.conversation_id });
      } else {
        emit({ type: 'lost-lease', rowId: row.id, op: row.op as OutboxOp, conversationId: row.conversation_id });
      }
      return;
    }
    pacer.record(row.conversation_id, started);
    recentCalls.push(started);
    stats.calls++;
    busy.add(row.conversation_id);
    const attemptsNow = Number(row.attempts) + 1;
    const task = (async () => {
      try {
        const result = await prepared.call();
        if (aborted) return;
        await onSuccess(row, prepared, result);
      } catch (error) {
        if (aborted) return;
        await onFailure(row, attemptsNow, error);
      }
    })()
      .catch((error: unknown) => logger.error({ err: error, rowId: row.id }, 'outbox result could not be recorded'))
      .finally(() => {
        busy.delete(row.conversation_id);
        inFlight.delete(row.id);
        poke();
      });
    inFlight.set(row.id, task);
  }

  async function onSuccess(
    row: OutboxRow,
    prepared: Prepared,
    result: { activityId: string | null; threadId: string | null },
  ): Promise<void> {
    const now = nowMs();
    outageStreak = 0;
    const isPost = row.op === 'post';
    const ok = await repo.markSent(row.id, workerId, iso(now), {
      activityId: result.activityId,
      threadId: result.threadId,
      shownRevision: isPost ? prepared.rendered : null,
      status: 200,
      ...(isPost && prepared.rendered !== null ? { deliveredRevision: prepared.rendered } : {}),
    });
    if (row.op === 'update' && prepared.ref && prepared.rendered !== null)
      await repo.raiseShownRevision(prepared.ref.id, prepared.rendered);
    stats.sent++;
    emit({ type: ok ? 'sent' : 'lost-lease', rowId: row.id, op: row.op as OutboxOp, conversationId: row.conversation_id, status: 200 });
  }

  async function onFailure(row: OutboxRow, attempts: number, error: unknown): Promise<void> {
    const now = nowMs();
    const op = row.op as OutboxOp;
    const decision = classify(error, op);
    const base = { rowId: row.id, op, conversationId: row.conversation_id };
    switch (decision.kind) {
      case 'done': {
        await repo.markSent(row.id, workerId, iso(now), { activityId: null, threadId: null, shownRevision: null, status: decision.status });
        stats.sent++;
        emit({ type: 'sent', ...base, status: decision.status, reason: decision.reason });
        return;
      }
      case 'permanent': {
        await repo.finish(row.id, workerId, iso(now), { state: 'failed', lastStatus: decision.status, lastError: decision.reason });
        if (decision.deactivate) await conversations.deactivate(row.conversation_id);
        stats.failed++;
        logger.info({ rowId: row.id, status: decision.status, reason: decision.reason }, 'announcement delivery failed permanently');
        emit({ type: 'failed', ...base, status: decision.status, reason: decision.reason });
        return;
      }
      case 'outage': {
        outageStreak++;
        const delay = retryDelayMs(outageStreak, null, random, options.outageBackoff ?? { baseMs: 1_000, capMs: 30_000 });
        pacer.pauseAll(now + delay);
        await repo.finish(row.id, workerId, iso(now), {
          state: 'pending',
          nextAttemptAt: iso(now + delay),
          lastStatus: null,
          lastError: decision.reason,
          refundAttempt: true,
        });
        stats.outages++;
        logger.warn({ reason: decision.reason, delayMs: delay }, 'connector unreachable; outbox paused');
        emit({ type: 'outage', ...base, reason: decision.reason, delayMs: delay });
        return;
      }
      case 'retry': {
        if (decision.counts && attempts >= maxAttempts) {
          await repo.finish(row.id, workerId, iso(now), { state: 'dead', lastStatus: decision.status, lastError: decision.reason });
          stats.dead++;
          logger.warn({ rowId: row.id, attempts, reason: decision.reason }, 'announcement delivery dead-lettered');
          emit({ type: 'dead', ...base, status: decision.status, reason: decision.reason });
          return;
        }
        const delay = retryDelayMs(attempts, decision.retryAfterMs, random, options.backoff);
        if (decision.throttled) {
          stats.throttled++;
          pacer.pauseKey(row.conversation_id, now + delay, now);
          noteThrottle(now, row.conversation_id, decision.retryAfterMs ?? delay);
        }
        if (decision.status === 503) pacer.pauseAll(now + delay);
        await repo.finish(row.id, workerId, iso(now), {
          state: 'pending',
          nextAttemptAt: iso(now + delay),
          lastStatus: decision.status,
          lastError: decision.reason,
          refundAttempt: !decision.counts,
          possibleDuplicate: decision.ambiguous && (op === 'post' || op === 'reply'),
        });
        stats.retries++;
        emit({ type: 'retry', ...base, status: decision.status, reason: decision.reason, delayMs: delay });
        return;
      }
    }
  }

  /** 429s from many conversations at once mean the app as a whole is throttled: pause everything (Company Communicator's pattern). */
  function noteThrottle(now: number, key: string, waitMs: number): void {
    recent429.push({ at: now, key });
    while (recent429.length && recent429[0]!.at < now - 1_000) recent429.shift();
    while (recentCalls.length && recentCalls[0]! < now - 1_000) recentCalls.shift();
    const distinct = new Set(recent429.map((r) => r.key)).size;
    if (distinct >= 3 && recent429.length >= 0.2 * Math.max(1, recentCalls.length)) {
      pacer.pauseAll(now + waitMs);
      logger.warn({ throttledConversations: distinct, waitMs }, 'app-wide throttling; outbox paused');
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      try {
        let now = nowMs();
        if (now >= nextHeartbeatAt) await heartbeat(now);
        if (stopping) break;
        now = nowMs();
        if (queue.size < batchSize() / 2 && now >= nextClaimAt) await claim(now);
        if (stopping) break;
        now = nowMs();
        const next = pickNext(now);
        if (next && next.at <= now && inFlight.size < maxConcurrency) {
          await dispatch(next.row);
          continue;
        }
        const claimAt = queue.size < batchSize() / 2 ? nextClaimAt : Infinity;
        const wakeAt = Math.min(next && inFlight.size < maxConcurrency ? next.at : Infinity, nextHeartbeatAt, claimAt);
        await sleep(Math.max(1, Math.min(wakeAt - nowMs(), pollMs)));
      } catch (error) {
        if (aborted) break;
        logger.error({ err: error }, 'outbox worker loop error');
        await sleep(1_000);
      } finally {
        stats.inFlight = inFlight.size;
        stats.queued = queue.size;
      }
    }
  }

  return {
    workerId,
    start() {
      if (running) return;
      running = true;
      stopping = false;
      aborted = false;
      logger.info({ workerId, appRps, maxAttempts }, 'outbox worker started');
      loopDone = loop();
    },
    async stop() {
      if (!running) return;
      stopping = true;
      poke();
      await loopDone;
      await Promise.allSettled([...inFlight.values()]);
      await repo.releaseLeases(workerId, iso(nowMs()));
      queue.clear();
      await repo.removeWorker(workerId);
      running = false;
      logger.info({ workerId }, 'outbox worker stopped');
    },
    async abort() {
      if (!running) return;
      aborted = true;
      stopping = true;
      poke();
      await loopDone;
      queue.clear();
      running = false;
    },
    stats: () => ({ ...stats, inFlight: inFlight.size, queued: queue.size, appRate: pacer.rate }),
    wake() {
      nextClaimAt = 0;
      poke();
    },
  };
}
