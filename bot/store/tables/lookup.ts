/**
 * Table row types owned by the lookup capability. Only an audit trail is kept: who looked up, when,
 * what kind, the outcome and a keyed hash of the identifier — never names, identifiers or ONR results.
 */
export interface LookupAuditTable {
  id: string;
  tenant_id: string;
  object_id: string;
  /** Idempotency key generated into the form card; one look-up per (user, form). */
  form_id: string;
  /** hetu | oid */
  kind: string;
  /** HMAC-SHA-256 (base64url) of the identifier under the audit key; null when the guard refused the value. */
  identifier_hash: string | null;
  /** pending | ok | refused | invalid | rate_limited | forbidden | not_found | name_mismatch | … */
  outcome: string;
  duration_ms: number | null;
  created_at: string;
  completed_at: string | null;
}

/** The audit trail's HMAC key when LOOKUP_AUDIT_SECRET is not set: generated once, one row. */
export interface LookupAuditKeyTable {
  id: string;
  secret: string;
  created_at: string;
}

export interface LookupTables {
  lookup_audit: LookupAuditTable;
  lookup_audit_key: LookupAuditKeyTable;
}
