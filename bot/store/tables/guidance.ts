/**
 * Table row types owned by the guidance capability (escalation half: votes, unanswered questions,
 * expert tickets, knowledge-base drafts). Free text is masked for personal ids before it gets here;
 * people are kept as (tenant id, object id) plus, on tickets, the display name the experts need.
 */

/** A question the engine could not answer confidently (band unknown or suggest). */
export interface GuidanceQuestionsTable {
  id: string;
  tenant_id: string;
  object_id: string;
  /** Masked question as asked (≤ 2,000 chars). */
  question: string;
  /** Lower-case, punctuation-free form: the grouping key of the knowledge-gap report. */
  question_norm: string;
  lang: string;
  /** unknown | suggest */
  band: string;
  /** Best-guess article (the top suggestion), if any. */
  article_id: string | null;
  created_at: string;
}

/** One "was this helpful?" vote per user and (article, question); a later vote replaces the earlier. */
export interface GuidanceVotesTable {
  id: string;
  tenant_id: string;
  object_id: string;
  /** Hash of article id + normalised question: the "same card" key of the replace rule. */
  vote_key: string;
  /** up | down */
  vote: string;
  article_id: string;
  /** answer | suggest | unknown — the band of the card that was voted on. */
  band: string;
  question: string;
  question_norm: string;
  lang: string;
  /** Optional free-text comment on a 👎 (masked, ≤ 500 chars). */
  comment: string | null;
  created_at: string;
  updated_at: string;
}

/** A question escalated to OPH's experts ("Ask OPH"). */
export interface GuidanceTicketsTable {
  id: string;
  /** Public reference, e.g. KY-2026-0007. */
  ref: string;
  ref_year: number;
  ref_seq: number;
  /** Idempotency key generated into the confirm card; unique per asker. */
  form_id: string;
  asker_tenant_id: string;
  asker_object_id: string;
  asker_name: string;
  asker_institution_id: string | null;
  /** The asker's language: the answer card is written in it. */
  lang: string;
  question: string;
  article_id: string | null;
  /** Where the question was asked, so the answer goes back to the same thread or chat. */
  conversation_id: string;
  /** personal | groupChat | channel */
  conversation_kind: string;
  thread_root_id: string | null;
  /** open | assigned | answered | closed */
  state: string;
  assignee_tenant_id: string | null;
  assignee_object_id: string | null;
  assignee_name: string | null;
  assigned_at: string | null;
  answer: string | null;
  answered_by_tenant_id: string | null;
  answered_by_object_id: string | null;
  answered_by_name: string | null;
  answered_at: string | null;
  closed_by_name: string | null;
  closed_at: string | null;
  /** Why the ticket was closed without an answer (required then; shown to the asker). */
  close_reason: string | null;
  /** pending | posted | failed | none (no expert channel configured) */
  expert_post_state: string;
  /** The ticket card in the expert channel (for in-place updates). */
  expert_conversation_id: string | null;
  expert_activity_id: string | null;
  /** How the answer reached the asker: thread | chat | personal | failed; null before answering. */
  delivery: string | null;
  /** Optimistic concurrency: every state change bumps it, cards carry the version they show. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** Per-year ticket number counter (KY-<year>-<seq>). */
export interface GuidanceTicketCountersTable {
  year: number;
  last_seq: number;
}

/** An expert answer marked "add to knowledge base": raw material OPH turns into a kb/ article. */
export interface GuidanceKbDraftsTable {
  id: string;
  ticket_id: string;
  ticket_ref: string;
  lang: string;
  question: string;
  answer: string;
  article_id: string | null;
  created_by_tenant_id: string;
  created_by_object_id: string;
  created_at: string;
}

export interface GuidanceTables {
  guidance_questions: GuidanceQuestionsTable;
  guidance_votes: GuidanceVotesTable;
  guidance_tickets: GuidanceTicketsTable;
  guidance_ticket_counters: GuidanceTicketCountersTable;
  guidance_kb_drafts: GuidanceKbDraftsTable;
}
