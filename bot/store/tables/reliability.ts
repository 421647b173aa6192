// Table row types owned by the reliability capability (inbound de-duplication).

/**
 * One row per inbound activity already taken on by some app instance. `key` is a hash of
 * (channelId, conversation id, activity id), so the table holds no conversation ids in clear text;
 * rows older than the de-duplication window are deleted (see bot/teams/dedupe.ts).
 */
export interface ProcessedActivitiesTable {
  key: string;
  /** ISO-8601 UTC time the first delivery was claimed. */
  received_at: string;
}

export interface ReliabilityTables {
  processed_activities: ProcessedActivitiesTable;
}
