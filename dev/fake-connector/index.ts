/**
 * A local fake of Teams' Bot Connector service (the `serviceUrl` a bot posts to), on 127.0.0.1.
 *
 * It implements what proactive announcements use — POST /v3/conversations/{id}/activities[/{replyToId}]
 * (a new message, or a new thread in a channel; a reply when the id names a thread `…;messageid=root`),
 * PUT …/{activityId} (update), DELETE …/{activityId} (delete) — and enforces Teams' limits the way the service does:
 * per conversation (base id, i.e. a channel with all its threads) 7 / 1 s, 8 / 2 s, 60 / 30 s,
 * 1800 / hour, and a per-app requests-per-second limit; over a limit it answers 429 with Retry-After.
 *
 * Faults are scriptable: 429 with and without Retry-After, 500, "accept then 500" (the message is
 * stored, the answer is an error — the case that makes naive retries post twice), slow answers,
 * 403 MessageWritesBlocked / 404 per conversation, refused deletes (403) per conversation, and a full outage (connections refused).
 * A message is stored when the request arrives; a slow answer is slow after that, as with Teams.
 *
 * It records every request and counts delivered posts per (target, announcement marker), so tests
 * and the benchmark can prove "lost = 0, duplicates = 0" from the receiving side.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from '../../bot/seeded-random.js';

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export const TEAMS_LIMITS: readonly WindowLimit[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

export interface FaultPlan {
  /** Probability of a 429 with Retry-After (seconds = retryAfterSeconds). */
  throttleWithRetryAfter?: number;
  retryAfterSeconds?: number;
  /** Probability of a 429 without Retry-After. */
  throttleWithoutRetryAfter?: number;
  /** Probability of a 500 (nothing stored). */
  serverError?: number;
  /** Probability of storing the message and still answering 500. */
  acceptThenServerError?: number;
  /** Probability of a slow answer, and its delay range in ms. */
  slow?: number;
  slowMs?: [number, number];
  /** Every answer's ordinary latency range in ms (Teams answers in tens to hundreds of ms). */
  latencyMs?: [number, number];
}

export type Operation = 'post' | 'reply' | 'update' | 'delete' | 'other';

export interface RequestRecord {
  at: number;
  method: string;
  op: Operation;
  conversationId: string;
  baseConversationId: string;
  status: number;
  /** Why the answer was an error: limit-conversation, limit-app, injected-429, injected-500, blocked, … */
  cause: string | null;
  marker: string | null;
  activityId: string | null;
  authorized: boolean;
}

export interface StoredActivity {
  id: string;
  conversationId: string;
  replyToId: string | null;
  marker: string | null;
  body: Record<string, unknown>;
  updates: number;
  deleted: boolean;
}

export interface FakeConnectorOptions {
  /** Per-app limit in requests per second (sliding 1 s window); 0 disables it. */
  appRps?: number;
  conversationLimits?: readonly WindowLimit[];
  faults?: FaultPlan;
  /** Deterministic randomness for fault injection. */
  seed?: number;
  /** Idempotency marker of an activity; default: the `announcementId` in the card's action data. */
  markerOf?: (activity: Record<string, unknown>) => string | null;
  /** Keep every request record (the benchmark reads them); default true. */
  recordRequests?: boolean;
}

const MARKER = /"announcementId":"([^"]{1,100})"/;

function defaultMarker(activity: Record<string, unknown>): string | null {
  const match = MARKER.exec(JSON.stringify(activity.attachments ?? ''));
  return match ? match[1]! : null;
}

class Windows {
  private readonly times = new Map<string, number[]>();
  constructor(private readonly limits: readonly WindowLimit[]) {}
  private longest(): number {
    return Math.max(...this.limits.map((l) => l.windowMs));
  }
  /** ms until one more request fits, or 0 when it fits now. */
  waitMs(key: string, now: number): number {
    const list = (this.times.get(key) ?? []).filter((t) => t > now - this.longest());
    this.times.set(key, list);
    let wait = 0;
    for (const { limit, windowMs } of this.limits) {
      const inWindow = list.filter((t) => t > now - windowMs);
      if (inWindow.length >= limit) wait = Math.max(wait, inWindow[inWindow.length - limit]! + windowMs - now);
    }
    return wait;
  }
  record(key: string, now: number): void {
    const list = this.times.get(key) ?? [];
    list.push(now);
    this.times.set(key, list);
  }
}

export class FakeConnector {
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private counter = 0;
  private random: () => number;
  private readonly conversationWindows: Windows;
  private appWindows: Windows | null;
  private outage = false;
  faults: FaultPlan;
  readonly records: RequestRecord[] = [];
  /** Accepted requests' arrival times (for "max per 1 s window" figures). */
  readonly acceptedTimes: number[] = [];
  readonly activities = new Map<string, StoredActivity>();
  /** Delivered posts per `${baseConversation}|${marker}`. */
  readonly postsByTarget = new Map<string, number>();
  /** Delivered replies per `${baseConversation}|${replyTo}|${bodyHash}`. */
  readonly repliesByKey = new Map<string, number>();
  readonly blocked = new Set<string>();
  /** Conversations whose deletes are refused (403), as when Teams will not let the bot remove its message. */
  readonly deletesRefused = new Set<string>();
  readonly gone = new Set<string>();
  private readonly markerOf: (activity: Record<string, unknown>) => string | null;
  private readonly keepRecords: boolean;
  counts = { requests: 0, accepted: 0, throttled: 0, serverErrors: 0 };

  constructor(options: FakeConnectorOptions = {}) {
    this.random = seededRandom(options.seed ?? 1);
    this.conversationWindows = new Windows(options.conversationLimits ?? TEAMS_LIMITS);
    this.appWindows = options.appRps ? new Windows([{ limit: options.appRps, windowMs: 1_000 }]) : null;
    this.faults = options.faults ?? {};
    this.markerOf = options.markerOf ?? defaultMarker;
    this.keepRecords = options.recordRequests ?? true;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  async start(port = 0): Promise<void> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      if (this.outage) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Outage on: open connections are cut and new ones refused (the port stops listening). */
  async setOutage(on: boolean): Promise<void> {
    if (on === this.outage) return;
    this.outage = on;
    if (on) {
      const port = this.port;
      await this.stop();
      this.port = port;
    } else {
      await this.start(this.port);
    }
  }

  setAppRps(rps: number): void {
    this.appWindows = rps ? new Windows([{ limit: rps, windowMs: 1_000 }]) : null;
  }

  private record(entry: RequestRecord): void {
    if (this.keepRecords) this.records.push(entry);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const now = Date.now();
    this.counts.requests++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(url.pathname);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (!match) {
      send(404, { error: { code: 'NotFound', message: 'route not implemented by the fake' } });
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    const activityId = match[2] ? decodeURIComponent(match[2]) : null;
    const base = conversationId.split(';messageid=')[0]!;
    const method = req.method ?? 'GET';
    // botbuilder posts proactive messages to …/activities/{replyToId} with a made-up replyToId; as in
    // Teams, only a conversation id naming a thread (`;messageid=`) makes a POST a reply in a thread.
    const threadRoot = conversationId.includes(';messageid=') ? (conversationId.split(';messageid=')[1] ?? null) : null;
    const op: Operation =
      method === 'POST' ? (threadRoot ? 'reply' : 'post') : method === 'PUT' ? 'update' : method === 'DELETE' ? 'delete' : 'other';
    let activity: Record<string, unknown>;
    try {
      activity = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      send(400, { error: { code: 'BadSyntax', message: 'body is not JSON' } });
      return;
    }
    const marker = op === 'post' || op === 'update' ? this.markerOf(activity) : null;
    const entry: RequestRecord = {
      at: now,
      method,
      op,
      conversationId,
      baseConversationId: base,
      status: 0,
      cause: null,
      marker,
      activityId,
      authorized: Boolean(req.headers.authorization),
    };
    const fail = (status: number, cause: string, headers: Record<string, string> = {}, code = 'Error') => {
      entry.status = status;
      entry.cause = cause;
      this.record(entry);
      if (status === 429) this.counts.throttled++;
      if (status >= 500) this.counts.serverErrors++;
      send(status, { error: { code, message: cause } }, headers);
    };

    if (this.blocked.has(base) && (op === 'post' || op === 'reply')) return fail(403, 'blocked', {}, 'MessageWritesBlocked');
    if (this.deletesRefused.has(base) && op === 'delete') return fail(403, 'delete-refused', {}, 'Forbidden');
    if (this.gone.has(base)) return fail(404, 'gone', {}, 'ConversationNotFound');

    // Limits, as the service counts them: by arrival, per conversation and per app.
    const conversationWait = this.conversationWindows.waitMs(base, now);
    if (conversationWait > 0)
      return fail(429, 'limit-conversation', { 'retry-after': String(Math.max(1, Math.ceil(conversationWait / 1000))) });
    const appWait = this.appWindows?.waitMs('app', now) ?? 0;
    if (appWait > 0) return fail(429, 'limit-app', { 'retry-after': String(Math.max(1, Math.ceil(appWait / 1000))) });
    this.conversationWindows.record(base, now);
    this.appWindows?.record('app', now);

    const f = this.faults;
    // One roll, split into consecutive bands: [429 with Retry-After | 429 without | 500 | accept-then-500 | ok].
    const roll = this.random();
    const bands = [f.throttleWithRetryAfter ?? 0, f.throttleWithoutRetryAfter ?? 0, f.serverError ?? 0, f.acceptThenServerError ?? 0];
    const edge = (index: number) => bands.slice(0, index + 1).reduce((sum, p) => sum + p, 0);
    if (roll < edge(0)) return fail(429, 'injected-429', { 'retry-after': String(f.retryAfterSeconds ?? 1) });
    if (roll < edge(1)) return fail(429, 'injected-429-no-header');
    if (roll < edge(2)) return fail(500, 'injected-500');
    const acceptThenFail = roll < edge(3);

    // Accepted: stored now, whatever happens to the answer.
    this.counts.accepted++;
    this.acceptedTimes.push(now);
    let status = 200;
    let responseBody: Record<string, unknown> = {};
    if (op === 'post' || op === 'reply') {
      const id = `${now}${String(++this.counter).padStart(6, '0')}`;
      const replyTo = op === 'reply' ? threadRoot : null;
      this.activities.set(`${base}|${id}`, { id, conversationId, replyToId: replyTo, marker, body: activity, updates: 0, deleted: false });
      if (op === 'post') {
        const key = `${base}|${marker ?? hashOf(activity)}`;
        this.postsByTarget.set(key, (this.postsByTarget.get(key) ?? 0) + 1);
      } else {
        const key = `${base}|${replyTo}|${hashOf(activity)}`;
        this.repliesByKey.set(key, (this.repliesByKey.get(key) ?? 0) + 1);
      }
      status = 201;
      responseBody = { id };
      entry.activityId = id;
    } else if (op === 'update' || op === 'delete') {
      const stored = activityId ? this.activities.get(`${base}|${activityId}`) : undefined;
      if (!stored || stored.deleted) return fail(404, 'unknown-activity', {}, 'ActivityNotFound');
      if (op === 'update') {
        stored.body = activity;
        stored.updates++;
        responseBody = { id: stored.id };
      } else {
        stored.deleted = true;
      }
    }
    entry.status = acceptThenFail ? 500 : status;
    entry.cause = acceptThenFail ? 'accepted-then-500' : null;
    this.record(entry);
    let delay = 0;
    if (f.latencyMs) delay += f.latencyMs[0] + this.random() * (f.latencyMs[1] - f.latencyMs[0]);
    if (this.random() < (f.slow ?? 0)) {
      const [min, max] = f.slowMs ?? [500, 1500];
      delay += min + this.random() * (max - min);
    }
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    if (res.destroyed) return;
    if (acceptThenFail) {
      this.counts.serverErrors++;
      send(500, { error: { code: 'InternalServerError', message: 'accepted-then-500' } });
      return;
    }
    send(status, responseBody);
  }

  // ---- figures ------------------------------------------------------------------------------
  /** Targets with no delivered post carrying `marker`. */
  lostTargets(targets: string[], marker: string): string[] {
    return targets.filter((t) => !(this.postsByTarget.get(`${t}|${marker}`) ?? 0));
  }

  /** Posts and replies delivered more than once (count of the extra copies). */
  duplicates(): { posts: number; replies: number; keys: string[] } {
    let posts = 0;
    let replies = 0;
    const keys: string[] = [];
    for (const [key, n] of this.postsByTarget) {
      if (n <= 1) continue;
      posts += n - 1;
      keys.push(key);
    }
    for (const [key, n] of this.repliesByKey) {
      if (n <= 1) continue;
      replies += n - 1;
      keys.push(key);
    }
    return { posts, replies, keys };
  }

  /** Largest number of accepted requests in any window of `windowMs` (app-wide or one conversation). */
  maxInWindow(windowMs: number, conversation?: string): number {
    const times = conversation
      ? this.records
          .filter((r) => r.baseConversationId === conversation && (r.status < 400 || r.cause === 'accepted-then-500'))
          .map((r) => r.at)
      : this.acceptedTimes;
    const sorted = [...times].sort((a, b) => a - b);
    let best = 0;
    let start = 0;
    for (let end = 0; end < sorted.length; end++) {
      while (sorted[end]! - sorted[start]! >= windowMs) start++;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  byCause(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.records) if (r.cause) out[r.cause] = (out[r.cause] ?? 0) + 1;
    return out;
  }

  reset(): void {
    this.records.length = 0;
    this.acceptedTimes.length = 0;
    this.activities.clear();
    this.postsByTarget.clear();
    this.repliesByKey.clear();
    this.counts = { requests: 0, accepted: 0, throttled: 0, serverErrors: 0 };
  }
}

function hashOf(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const connector = new FakeConnector(options);
  await connector.start();
  return connector;
}
