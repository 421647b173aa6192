/**
 * Tables of the announcements capability: the announcements themselves, their audit trail, the
 * delivery outbox (one row per announcement × target × operation), acknowledgements, processed
 * action keys (card/tab idempotency) and the outbox workers' heartbeats (shared app-wide pacing).
 */
export interface AnnouncementsTable {
  id: string;
  /** draft | pending_approval | scheduled | published | retracted | deleted */
  status: string;
  /** Optimistic-concurrency counter: every change bumps it; a stale card or tab view gets CONFLICT. */
  version: number;
  /** Content revision after publishing: 0 = as first sent, +1 per update/correction. */
  revision: number;
  /** The bot form that created this draft: a re-sent form submit finds the draft instead of duplicating it. */
  form_id: string | null;
  duplicated_from: string | null;
  title_fi: string;
  title_sv: string | null;
  title_en: string | null;
  body_fi: string;
  body_sv: string | null;
  body_en: string | null;
  /** breaking | maintenance | feature | guidance */
  category: string;
  /** YYYY-MM-DD (the date a change takes effect), or null. */
  effective_date: string | null;
  /** JSON array of yleistunniste | oppija-controller | user-interface | other */
  interfaces: string;
  link: string | null;
  /** JSON of the audience: {kind:'service-channel'} | {kind:'all'} | {kind:'subset', conversationIds, teamIds} */
  audience: string;
  /** UTC ISO time of a scheduled send, or null for "now". */
  scheduled_at: string | null;
  /** update | correction — the kind of the latest revision. */
  revision_kind: string | null;
  /** JSON array [{revision, kind, note: {fi, sv?, en?}, at}]: what each revision changed. */
  revision_note: string | null;
  created_by: string;
  created_by_name: string;
  /** Actor keys `tenant/object`: the two-person rule compares them. */
  last_edited_by: string;
  submitted_by: string | null;
  approved_by: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  revised_at: string | null;
  retracted_at: string | null;
}

export interface AnnouncementAuditTable {
  id: string;
  announcement_id: string;
  at: string;
  actor: string;
  actor_name: string;
  /** created | edited | duplicated | deleted | submitted | approved | rejected | scheduled | unscheduled | published | revised | retracted | resend_failed */
  action: string;
  from_status: string | null;
  to_status: string | null;
  version: number;
  /** JSON with non-personal detail (e.g. target count, revision kind). */
  detail: string | null;
}

export interface AnnouncementOutboxTable {
  /** The idempotency key: announcement | target | operation | revision (or referenced row). */
  id: string;
  announcement_id: string;
  /** Target conversation (a channel, group chat or personal chat id, without ;messageid=). */
  conversation_id: string;
  /** Snapshot of the target at enqueue time, for reports even after an uninstall. */
  target_kind: string;
  team_id: string | null;
  team_name: string | null;
  channel_name: string | null;
  /** post | update | reply | delete */
  op: string;
  revision: number;
  /** Ordering among a conversation's operations: post 0, update 1, reply 2, delete 3. */
  priority: number;
  /** For update/reply: the target's post row; for delete: the row whose message is deleted. */
  ref_id: string | null;
  /** pending | leased | sending | sent | skipped | cancelled | failed | dead | unconfirmed */
  state: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  /** Activity id Teams returned (post and reply rows). */
  activity_id: string | null;
  /** Conversation id of the thread (channel;messageid=root) a post started. */
  thread_id: string | null;
  /** Post rows: the content revision the target currently shows. */
  shown_revision: number | null;
  last_status: number | null;
  /** Reason code of the last failure (http-429, http-403:MessageWritesBlocked, network, …). */
  last_error: string | null;
  /** 1 when a retry followed an outcome that does not prove the earlier attempt failed. */
  possible_duplicate: number;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface AnnouncementAcksTable {
  announcement_id: string;
  tenant_id: string;
  object_id: string;
  display_name: string;
  institution_id: string | null;
  conversation_id: string | null;
  revision: number;
  acked_at: string;
}

export interface AnnouncementActionKeysTable {
  key: string;
  announcement_id: string;
  action: string;
  created_at: string;
}

export interface AnnouncementWorkersTable {
  worker_id: string;
  heartbeat_at: string;
  started_at: string;
}

export interface AnnouncementsTables {
  announcements: AnnouncementsTable;
  announcement_audit: AnnouncementAuditTable;
  announcement_outbox: AnnouncementOutboxTable;
  announcement_acks: AnnouncementAcksTable;
  announcement_action_keys: AnnouncementActionKeysTable;
  announcement_workers: AnnouncementWorkersTable;
}
