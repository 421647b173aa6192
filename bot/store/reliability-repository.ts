import type { Store } from './db.js';

/**
 * Storage side of inbound de-duplication: an atomic create-if-absent claim per delivery key, shared by
 * every app instance that uses the same database.
 */
export interface ReliabilityRepository {
  /**
   * Claims a delivery key. True when this call owns it: the key was new, or its earlier claim was made
   * before `expiredBefore` (outside the de-duplication window) and is taken over. False for a duplicate.
   */
  claimActivity(key: string, receivedAt: string, expiredBefore: string): Promise<boolean>;
  /** Gives a claim up (the delivery was not processed after all, so a redelivery must run). */
  releaseActivity(key: string): Promise<void>;
  /** Deletes claims received before `cutoff` (ISO-8601); returns how many were deleted. */
  purgeProcessedActivities(cutoff: string): Promise<number>;
  countProcessedActivities(): Promise<number>;
}

export function createReliabilityRepository(store: Store): ReliabilityRepository {
  const { db } = store;
  return {
    async claimActivity(key, receivedAt, expiredBefore) {
      // One statement on both dialects: insert, or take over an expired claim; a live claim changes nothing.
      const result = await db
        .insertInto('processed_activities')
        .values({ key, received_at: receivedAt })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ received_at: receivedAt }).where('processed_activities.received_at', '<', expiredBefore),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async releaseActivity(key) {
      await db.deleteFrom('processed_activities').where('key', '=', key).execute();
    },
    async purgeProcessedActivities(cutoff) {
      const result = await db.deleteFrom('processed_activities').where('received_at', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async countProcessedActivities() {
      const row = await db
        .selectFrom('processed_activities')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
