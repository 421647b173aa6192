/**
 * Circuit breaker for the ONR test environment (A-REL-7): opens after N consecutive failures or when
 * the failure rate over the last M calls reaches a threshold, rejects at once while open, and lets a
 * single probe through after the cool-down. It keeps no timers: state changes are decided from the
 * clock when a call asks, so nothing is left running at shutdown.
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  consecutiveFailures?: number;
  /** Size of the sliding window of recent outcomes. */
  windowSize?: number;
  /** Failure ratio over a full window that opens the circuit. */
  failureRate?: number;
  /** How long the circuit stays open before one probe is allowed. */
  openMs?: number;
  now?: () => number;
}

export class CircuitBreaker {
  private readonly consecutiveLimit: number;
  private readonly windowSize: number;
  private readonly failureRate: number;
  private readonly openMs: number;
  private readonly now: () => number;
  private state: BreakerState = 'closed';
  private consecutive = 0;
  private window: boolean[] = [];
  private openedAt = 0;
  private probeInFlight = false;
  /** How many calls were rejected without being attempted (for stats and tests). */
  rejected = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    this.consecutiveLimit = options.consecutiveFailures ?? 5;
    this.windowSize = options.windowSize ?? 20;
    this.failureRate = options.failureRate ?? 0.5;
    this.openMs = options.openMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  get current(): BreakerState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.openMs) return 'half_open';
    return this.state;
  }

  /** Asks to make one call. False means "do not call; answer the user at once". */
  tryAcquire(): boolean {
    const state = this.current;
    if (state === 'closed') return true;
    if (state === 'half_open' && !this.probeInFlight) {
      this.state = 'half_open';
      this.probeInFlight = true;
      return true;
    }
    this.rejected++;
    return false;
  }

  recordSuccess(): void {
    this.probeInFlight = false;
    this.consecutive = 0;
    if (this.state !== 'closed') {
      this.state = 'closed';
      this.window = [];
    }
    this.push(true);
  }

  recordFailure(): void {
    this.probeInFlight = false;
    // A call that started before the breaker opened and fails late must not restart the open period.
    if (this.state === 'open') return;
    if (this.state === 'half_open') {
      this.open();
      return;
    }
    this.consecutive++;
    this.push(false);
    const failures = this.window.filter((ok) => !ok).length;
    const rateTripped = this.window.length >= this.windowSize && failures / this.window.length >= this.failureRate;
    if (this.consecutive >= this.consecutiveLimit || rateTripped) this.open();
  }

  /** A call that was acquired but ended without a verdict (e.g. the caller gave up) frees the probe slot. */
  release(): void {
    this.probeInFlight = false;
  }

  private open(): void {
    this.state = 'open';
    this.openedAt = this.now();
    this.consecutive = 0;
    this.window = [];
  }

  private push(ok: boolean): void {
    this.window.push(ok);
    if (this.window.length > this.windowSize) this.window.shift();
  }
}
