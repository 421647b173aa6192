/**
 * Table row types owned by the feedback capability. Only the submitter's identity (tenant, object id)
 * and institution are kept about a person; free text is masked for personal ids before it gets here.
 */
export interface FeedbackItemsTable {
  id: string;
  /** Public reference, e.g. KE-2026-0042. */
  ref: string;
  ref_year: number;
  ref_seq: number;
  /** Idempotency key generated into the form card; unique per submitter. */
  form_id: string;
  /** feedback | proposal | bug */
  type: string;
  topic: string;
  title: string;
  description: string;
  impact: string;
  institution_id: string | null;
  /** Language the submitter wrote in (fi | sv | en); null for items from before it was recorded. */
  lang: string | null;
  /** 1 when the submitter allows OPH to contact them. */
  contact_ok: number;
  submitter_tenant_id: string;
  submitter_object_id: string;
  /** new | under_review | planned | done | rejected | duplicate */
  status: string;
  /** Reason given with the latest status change (required for rejected). */
  status_reason: string | null;
  /** Item id this one was merged into as a duplicate. */
  duplicate_of: string | null;
  /** Optimistic concurrency: every state change bumps it. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** Per-year reference counter (KE-<year>-<seq>). */
export interface FeedbackCountersTable {
  year: number;
  last_seq: number;
}

export interface FeedbackVotesTable {
  item_id: string;
  tenant_id: string;
  object_id: string;
  created_at: string;
}

export interface FeedbackCommentsTable {
  id: string;
  item_id: string;
  author_tenant_id: string;
  author_object_id: string;
  /** oph | submitter | participant — how the author is shown to others (no names are stored). */
  author_kind: string;
  author_institution_id: string | null;
  body: string;
  /** Idempotency key of the comment form; unique per author. */
  request_id: string;
  created_at: string;
}

/** The item's history: creation, status changes and merges. */
export interface FeedbackEventsTable {
  id: string;
  item_id: string;
  /** created | status | merged (this item became a duplicate) | merged_in (a duplicate was merged into this) */
  kind: string;
  /** The item's version after this event: orders the history even within one millisecond. */
  item_version: number;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  related_item_id: string | null;
  actor_tenant_id: string;
  actor_object_id: string;
  /** Idempotency key of the admin action; unique per actor. */
  action_id: string | null;
  /** 1 = submitter notified, 0 = could not be reached, null = no notification needed. */
  notified: number | null;
  created_at: string;
}

export interface FeedbackTables {
  feedback_items: FeedbackItemsTable;
  feedback_counters: FeedbackCountersTable;
  feedback_votes: FeedbackVotesTable;
  feedback_comments: FeedbackCommentsTable;
  feedback_events: FeedbackEventsTable;
}
