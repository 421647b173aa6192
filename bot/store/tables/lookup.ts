/**
 * Table row types owned by the lookup capability. Only an audit trail is kept: who looked up, when,
 * what kind, the outcome and a masked identifier — never names, full identifiers or ONR results.
 */
export interface LookupAuditTable {
  id: string;
  tenant_id: string;
  object_id: string;
  /** Idempotency key generated into the form card; one look-up per (user, form). */
  form_id: string;
  /** hetu | oid */
  kind: string;
  /** e.g. 010594Y9*** or 1.2.246.562.98.555********; null when the guard refused the value. */
  identifier_masked: string | null;
  /** pending | ok | refused | invalid | rate_limited | forbidden | not_found | name_mismatch | … */
  outcome: string;
  duration_ms: number | null;
  created_at: string;
  completed_at: string | null;
}

export interface LookupTables {
  lookup_audit: LookupAuditTable;
}
