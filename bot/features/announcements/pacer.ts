/**
 * Send pacing within Teams' limits, as sliding windows (not token buckets: a bucket allows a burst
 * above the per-second figure right after an idle spell, which Teams answers with 429).
 *
 * Per conversation ("thread": a channel, group chat or personal chat) Teams allows 7 calls / 1 s,
 * 8 / 2 s, 60 / 30 s and 1800 / hour; per app the operator sets OUTBOX_APP_RPS (default 30 / s).
 * A small margin is added to every window because the service's clock measures arrival times, not
 * our send times. Pure: every method takes `now` in milliseconds, so tests drive it with numbers.
 */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** The app-wide limit as a window: 30 rps → 30 per 1000 ms; 7.5 rps → 7 per 933 ms; 0.5 rps → 1 per 2000 ms. */
export function appWindow(rps: number): WindowLimit {
  const limit = Math.max(1, Math.floor(rps));
  return { limit, windowMs: Math.round((1000 * limit) / rps) };
}

/** Send times of one key, checked against several windows. */
export class SlidingWindows {
  private times: number[] = [];
  private readonly longest: number;

  constructor(
    private limits: readonly WindowLimit[],
    private readonly marginMs: number,
  ) {
    this.longest = Math.max(...limits.map((l) => l.windowMs)) + marginMs;
  }

  setLimits(limits: readonly WindowLimit[]): void {
    this.limits = limits;
  }

  /** Earliest time (≥ now) at which one more call keeps every window within its limit. */
  earliest(now: number): number {
    this.prune(now);
    let at = now;
    const count = this.times.length;
    for (const { limit, windowMs } of this.limits) {
      if (count < limit) continue;
      // The call `limit` places back must have left the window (plus margin) before the next one.
      const blocker = this.times[count - limit]!;
      at = Math.max(at, blocker + windowMs + this.marginMs);
    }
    return at;
  }

  record(at: number): void {
    // Times arrive in order in practice; keep the array sorted if one does not.
    if (this.times.length && at < this.times[this.times.length - 1]!) {
      this.times.push(at);
      this.times.sort((a, b) => a - b);
    } else {
      this.times.push(at);
    }
  }

  size(): number {
    return this.times.length;
  }

  private prune(now: number): void {
    const keepFrom = now - this.longest;
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! <= keepFrom) drop++;
    if (drop) this.times = this.times.slice(drop);
  }
}

export interface PacerOptions {
  appRps: number;
  conversationLimits?: readonly WindowLimit[];
  /** Added to every window (ms). */
  marginMs?: number;
  /** Conversations idle for this long are forgotten, so memory stays bounded. */
  idleForgetMs?: number;
  /**
   * Spread app-wide calls evenly (at least 1/rps apart) instead of letting a whole second's quota go
   * at once: the service counts arrivals, and a burst that leaves together can arrive bunched with the
   * next second's calls. Default true; the "minimum duration" figure uses the bare limits (false).
   */
  smooth?: boolean;
}

export class Pacer {
  private readonly app: SlidingWindows;
  private readonly keys = new Map<string, { windows: SlidingWindows; lastUsed: number; pausedUntil: number }>();
  private readonly conversationLimits: readonly WindowLimit[];
  private readonly marginMs: number;
  private readonly idleForgetMs: number;
  private pausedUntil = 0;
  private appRps: number;
  private readonly smooth: boolean;
  private lastAppCall = -Infinity;

  constructor(options: PacerOptions) {
    this.marginMs = options.marginMs ?? 50;
    this.conversationLimits = options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS;
    this.idleForgetMs = options.idleForgetMs ?? 3_700_000;
    this.appRps = options.appRps;
    this.smooth = options.smooth ?? true;
    this.app = new SlidingWindows([appWindow(options.appRps)], this.marginMs);
  }

  /** Changes the app-wide rate (a worker's share when several workers run). */
  setAppRate(rps: number): void {
    if (rps === this.appRps) return;
    this.appRps = rps;
    this.app.setLimits([appWindow(rps)]);
  }

  private appEarliest(now: number): number {
    const spaced = this.smooth ? this.lastAppCall + 1000 / this.appRps : now;
    return Math.max(this.app.earliest(now), spaced, this.pausedUntil);
  }

  get rate(): number {
    return this.appRps;
  }

  private entry(key: string, now: number) {
    let entry = this.keys.get(key);
    if (!entry) {
      entry = { windows: new SlidingWindows(this.conversationLimits, this.marginMs), lastUsed: now, pausedUntil: 0 };
      this.keys.set(key, entry);
    }
    return entry;
  }

  /** Earliest time a call into conversation `key` may start. */
  readyAt(key: string, now: number): number {
    const entry = this.keys.get(key);
    const conversation = entry ? Math.max(entry.windows.earliest(now), entry.pausedUntil) : now;
    // Whole milliseconds: fractional spacing must not let rounding put one call too many in a window.
    return Math.ceil(Math.max(conversation, this.appEarliest(now), now));
  }

  /** Whether the app-wide limit (and global pause) allows a call now, ignoring conversations. */
  appReadyAt(now: number): number {
    return Math.ceil(Math.max(this.appEarliest(now), now));
  }

  record(key: string, at: number): void {
    const entry = this.entry(key, at);
    entry.windows.record(at);
    entry.lastUsed = at;
    this.app.record(at);
    this.lastAppCall = Math.max(this.lastAppCall, at);
  }

  /** Calls another process made recently into `key` (a restarted worker must not burst past them). */
  seed(key: string, times: number[], now: number): void {
    const entry = this.entry(key, now);
    for (const t of times) entry.windows.record(t);
  }

  /** Retry-After for one conversation. */
  pauseKey(key: string, until: number, now: number): void {
    const entry = this.entry(key, now);
    entry.pausedUntil = Math.max(entry.pausedUntil, until);
  }

  /** App-wide pause: Teams throttles the whole app, or the connector is down. */
  pauseAll(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  get globalPauseUntil(): number {
    return this.pausedUntil;
  }

  knows(key: string): boolean {
    return this.keys.has(key);
  }

  /** Drops conversations idle longer than every window. */
  forgetIdle(now: number): void {
    for (const [key, entry] of this.keys) {
      if (now - entry.lastUsed > this.idleForgetMs && entry.pausedUntil < now) this.keys.delete(key);
    }
  }

  get trackedConversations(): number {
    return this.keys.size;
  }
}

/**
 * The shortest time the limits allow for a sequence of calls (one entry per call, naming its
 * conversation), by a greedy schedule: every call starts as soon as every window allows. Used by the
 * benchmark to report "duration against the minimum" (bare limits), and the floor of our own pacing
 * (with its margin and even spreading).
 */
export function minimumDurationMs(
  keys: string[],
  options: { appRps: number; conversationLimits?: readonly WindowLimit[]; marginMs?: number; smooth?: boolean },
): number {
  const pacer = new Pacer({
    appRps: options.appRps,
    conversationLimits: options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS,
    marginMs: options.marginMs ?? 0,
    smooth: options.smooth ?? false,
  });
  const queues = new Map<string, number>();
  for (const key of keys) queues.set(key, (queues.get(key) ?? 0) + 1);
  let now = 0;
  let last = 0;
  let remaining = keys.length;
  while (remaining > 0) {
    let bestKey: string | null = null;
    let bestAt = Infinity;
    for (const [key, count] of queues) {
      if (!count) continue;
      const at = pacer.readyAt(key, now);
      if (at < bestAt) {
        bestAt = at;
        bestKey = key;
      }
    }
    now = bestAt;
    pacer.record(bestKey!, now);
    queues.set(bestKey!, queues.get(bestKey!)! - 1);
    last = now;
    remaining--;
  }
  return last;
}
