/**
 * What to do after a failed delivery call. Follows Teams' rate-limit guidance: honour Retry-After;
 * otherwise exponential backoff with random jitter for 429 and for 412/502/504 (and 500/503/408);
 * 403/404 are permanent (the bot was removed or blocked); a connection that cannot even be opened
 * is an outage — the row waits, and the attempt is not counted, so an outage never dead-letters.
 */
import { DeliveryError } from '../types.js';
import { isAppError, networkErrorCode } from '../../errors.js';
import type { OutboxOp } from './model.js';

export type Decision =
  | {
      kind: 'permanent';
      status: number | null;
      reason: string;
      /** The conversation is gone or blocks us: retire the stored reference. */
      deactivate: boolean;
    }
  | {
      kind: 'retry';
      status: number | null;
      reason: string;
      /** Server-given wait (Retry-After) in ms, or null for our own backoff. */
      retryAfterMs: number | null;
      /** The earlier attempt may have been delivered (5xx / timeout / reset after sending). */
      ambiguous: boolean;
      throttled: boolean;
      /** Counted toward OUTBOX_MAX_ATTEMPTS. */
      counts: boolean;
    }
  | { kind: 'outage'; reason: string }
  /** The target is already in the wanted state (deleting a message that is gone). */
  | { kind: 'done'; status: number; reason: string };

const REFUSED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export function classify(error: unknown, op: OutboxOp): Decision {
  if (error instanceof DeliveryError) {
    const status = error.statusCode;
    const sub = error.subCode ? `:${error.subCode}` : '';
    if (status === 429) {
      return {
        kind: 'retry',
        status,
        reason: 'http-429',
        retryAfterMs: error.retryAfterSeconds !== null ? error.retryAfterSeconds * 1000 : null,
        ambiguous: false,
        throttled: true,
        counts: true,
      };
    }
    if (status === 404 && op === 'delete') return { kind: 'done', status, reason: 'already-deleted' };
    if (status === 403 || status === 404) {
      return { kind: 'permanent', status, reason: `http-${status}${sub}`, deactivate: op === 'post' || op === 'reply' };
    }
    if (status === 503) {
      // Service unavailable: nothing was processed; waits like an outage but with the server's pace.
      return {
        kind: 'retry',
        status,
        reason: 'http-503',
        retryAfterMs: error.retryAfterSeconds !== null ? error.retryAfterSeconds * 1000 : null,
        ambiguous: false,
        throttled: false,
        counts: false,
      };
    }
    if (status === 412 || status === 408 || status === 401 || (status >= 500 && status !== 501 && status !== 505)) {
      const ambiguous = status >= 500 || status === 408;
      return { kind: 'retry', status, reason: `http-${status}${sub}`, retryAfterMs: null, ambiguous, throttled: false, counts: true };
    }
    return { kind: 'permanent', status, reason: `http-${status}${sub}`, deactivate: false };
  }
  if (isAppError(error)) {
    if (error.code === 'NOT_FOUND') return { kind: 'permanent', status: null, reason: 'unknown-conversation', deactivate: false };
    if (error.code === 'FORBIDDEN') return { kind: 'permanent', status: null, reason: 'service-url-not-allowed', deactivate: false };
    if (error.code === 'CARD_TOO_LARGE') return { kind: 'permanent', status: null, reason: 'card-too-large', deactivate: false };
  }
  const code = networkErrorCode(error);
  if (code && REFUSED_CODES.has(code)) return { kind: 'outage', reason: `network-${code}` };
  // Reset, timeout, socket hang-up: the request may have reached the service.
  return {
    kind: 'retry',
    status: null,
    reason: code ? `network-${code}` : 'network',
    retryAfterMs: null,
    ambiguous: true,
    throttled: false,
    counts: true,
  };
}

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
}

/**
 * "Equal jitter" exponential backoff: half the exponential step plus a random half, so retries spread
 * out but never collapse to zero. With a Retry-After the wait is at least that, plus a little jitter
 * so many conversations throttled together do not return in the same millisecond.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
  options: BackoffOptions = {},
): number {
  if (retryAfterMs !== null) return retryAfterMs + Math.floor(random() * Math.min(1_000, retryAfterMs * 0.1 + 50));
  const base = options.baseMs ?? 1_000;
  const cap = options.capMs ?? 60_000;
  const step = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(step / 2 + random() * (step / 2));
}

/** Whether a retry decision lets the row try again or sends it to the dead letters. */
export function exhausted(attemptsSoFar: number, maxAttempts: number): boolean {
  return attemptsSoFar >= maxAttempts;
}
