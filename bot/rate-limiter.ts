/**
 * Per-user sliding-window limit (A-PRIV-8): at most `limit` calls per `windowMs`. Used for test look-ups
 * and the tab API. In memory on purpose: it stops one user's loop and needs no storage; with several app
 * instances each enforces its own window.
 */
export interface RateDecision {
  allowed: boolean;
  /** Look-ups left in the current window after this one. */
  remaining: number;
  /** When refused: seconds until the oldest look-up leaves the window. */
  retryAfterSeconds: number;
}

export class SlidingWindowRateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Bound on tracked users so memory cannot grow without limit. */
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string): RateDecision {
    const now = this.now();
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      const retryAfterMs = recent[0]! + this.windowMs - now;
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
    recent.push(now);
    this.hits.delete(key); // re-insert so Map order is least-recently-used first
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.evictLeastRecent();
    return { allowed: true, remaining: this.limit - recent.length, retryAfterSeconds: 0 };
  }

  private evictLeastRecent(): void {
    for (const key of this.hits.keys()) {
      if (this.hits.size <= this.maxKeys) break;
      this.hits.delete(key);
    }
  }
}
