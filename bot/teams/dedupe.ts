import { createHash } from 'node:crypto';
import type { Logger } from '../log.js';
import type { ReliabilityRepository } from '../store/reliability-repository.js';

/**
 * Duplicate deliveries. Teams re-sends an activity (same id, same conversation) when the bot answered
 * slowly or not at all, and botbuilder does no de-duplication, so a card submit could create two
 * tickets. Each delivery is claimed once under (channelId, conversation id, activity id) — activity ids
 * are unique only within a conversation — first in an in-process LRU (the single-instance fast path,
 * which also catches two concurrent copies before any await), then in the database, which is what
 * several instances behind a load balancer share.
 *
 * A claim is made before the turn runs. When the delivery is then refused before the bot logic ran
 * (botbuilder's own token check, a crash in the adapter), release() gives the claim up so Teams'
 * redelivery is processed. A turn that ran and failed keeps its claim: onTurnError has answered the
 * user, and — as in the SDK's TeamsSSOTokenExchangeMiddleware — a lost retry is preferred over a doubled
 * side effect.
 */

export type ClaimOutcome = 'first' | 'duplicate' | 'unkeyed';

export interface Dedupe {
  /** Claims the delivery of an (authenticated) activity. */
  claim(activity: unknown): Promise<ClaimOutcome>;
  /** Gives up the claim of a delivery that was not processed after all. */
  release(activity: unknown): Promise<void>;
  /** Counters for metrics and tests: duplicates refused, deliveries claimed. */
  stats(): { hits: number; claimed: number; cached: number };
  /** Deletes database claims older than the window; also done lazily from claim(). */
  purgeExpired(): Promise<number>;
}

export interface DedupeOptions {
  /** Shared claims; without it only this process's memory is used. */
  repository?: ReliabilityRepository;
  logger: Logger;
  /** How long a delivery is remembered. Teams' redeliveries come within about a minute. */
  windowMs?: number;
  /** Bound of the in-memory LRU. */
  maxEntries?: number;
  /** Minimum time between two expiry sweeps of the table. */
  purgeEveryMs?: number;
  clock?: () => number;
}

export const DEDUPE_WINDOW_MS = 60 * 60 * 1000;

/**
 * Whether this process alone uses its database, so the in-process LRU sees every delivery and the
 * database claim (a write on every message) can be left out. `auto` says yes only for a SQLite file
 * the app opened itself; a PostgreSQL database is what several instances share, and a store handed in
 * from outside (tests, tools) may be shared with another app in the same process.
 */
export function isSingleInstance(
  setting: 'auto' | 'true' | 'false',
  store: { dialect: 'sqlite' | 'postgres'; injected: boolean },
): boolean {
  if (setting !== 'auto') return setting === 'true';
  return store.dialect === 'sqlite' && !store.injected;
}
const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_PURGE_EVERY_MS = 10 * 60 * 1000;

interface ActivityLike {
  id?: unknown;
  channelId?: unknown;
  conversation?: { id?: unknown };
}

/** The delivery key: a hash, so neither the LRU nor the table keeps conversation ids in clear text. */
export function dedupeKey(activity: unknown): string | null {
  if (!activity || typeof activity !== 'object') return null;
  const { id, channelId, conversation } = activity as ActivityLike;
  const conversationId = conversation?.id;
  if (typeof id !== 'string' || !id || typeof conversationId !== 'string' || !conversationId) return null;
  const channel = typeof channelId === 'string' ? channelId : '';
  return createHash('sha256').update(`${channel}\n${conversationId}\n${id}`).digest('hex');
}

export function createDedupe(options: DedupeOptions): Dedupe {
  const windowMs = options.windowMs ?? DEDUPE_WINDOW_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const purgeEveryMs = options.purgeEveryMs ?? DEFAULT_PURGE_EVERY_MS;
  const clock = options.clock ?? Date.now;
  const { repository, logger } = options;
  // Insertion order is recency order: a Map re-inserted on every touch is an LRU.
  const recent = new Map<string, number>();
  let hits = 0;
  let claimed = 0;
  let lastPurge = Number.NEGATIVE_INFINITY;

  const remember = (key: string, now: number) => {
    recent.delete(key);
    recent.set(key, now + windowMs);
    while (recent.size > maxEntries) {
      const oldest = recent.keys().next().value as string;
      recent.delete(oldest);
    }
  };

  const purgeExpired = async (): Promise<number> => {
    const now = clock();
    lastPurge = now;
    for (const [key, expires] of recent) {
      if (expires > now) break; // later entries were touched later, so they expire later too
      recent.delete(key);
    }
    if (!repository) return 0;
    return repository.purgeProcessedActivities(new Date(now - windowMs).toISOString());
  };

  return {
    async claim(activity) {
      const key = dedupeKey(activity);
      if (!key) return 'unkeyed';
      const now = clock();
      const expires = recent.get(key);
      if (expires !== undefined && expires > now) {
        hits += 1;
        return 'duplicate';
      }
      // Claimed locally before the first await: a concurrent copy in this process sees it at once.
      remember(key, now);
      if (repository) {
        try {
          const first = await repository.claimActivity(key, new Date(now).toISOString(), new Date(now - windowMs).toISOString());
          if (!first) {
            // Another instance owns it. Not cached here: if that instance releases it, a redelivery landing
            // on this instance must reach the database again.
            recent.delete(key);
            hits += 1;
            return 'duplicate';
          }
        } catch (error) {
          // Fail open: the local claim still protects this instance, and a lost message is worse.
          logger.warn({ event: 'dedupe_store_unavailable', err: error }, 'de-duplication store unavailable');
        }
        if (now - lastPurge >= purgeEveryMs) {
          try {
            await purgeExpired();
          } catch (error) {
            logger.warn({ event: 'dedupe_purge_failed', err: error }, 'could not expire old de-duplication claims');
          }
        }
      }
      claimed += 1;
      return 'first';
    },
    async release(activity) {
      const key = dedupeKey(activity);
      if (!key) return;
      recent.delete(key);
      if (!repository) return;
      try {
        await repository.releaseActivity(key);
      } catch (error) {
        logger.warn({ event: 'dedupe_release_failed', err: error }, 'could not release a de-duplication claim');
      }
    },
    stats: () => ({ hits, claimed, cached: recent.size }),
    purgeExpired,
  };
}
