import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from './db.js';
import type { LookupAuditTable } from './tables/lookup.js';

/**
 * The look-up audit trail. Rows carry the actor (tenant, object id), the kind, the outcome and at most
 * a keyed hash of the identifier; the caller hashes before it calls (this module never sees one).
 */
export type LookupKind = 'hetu' | 'oid';

export interface LookupAuditEntry {
  id: string;
  tenantId: string;
  objectId: string;
  formId: string;
  kind: LookupKind;
  identifierHash: string | null;
  outcome: string;
  durationMs: number | null;
  createdAt: string;
  completedAt: string | null;
}

export interface LookupActor {
  tenantId: string;
  objectId: string;
}

/** Accepts only the HMAC-SHA-256 base64url shape, so an identifier cannot be stored by mistake. */
const HASH = /^[A-Za-z0-9_-]{43}$/;

function assertHash(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (!HASH.test(value)) throw new Error('lookup audit accepts identifier hashes only');
  return value;
}

export function createLookupRepository(store: Store) {
  const { db } = store;
  const toEntry = (r: LookupAuditTable): LookupAuditEntry => ({
    id: r.id,
    tenantId: r.tenant_id,
    objectId: r.object_id,
    formId: r.form_id,
    kind: r.kind as LookupKind,
    identifierHash: r.identifier_hash,
    outcome: r.outcome,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    createdAt: r.created_at,
    completedAt: r.completed_at,
  });

  return {
    /**
     * Claims a form for one look-up (outcome 'pending'). False when this user already used the form:
     * the look-up is then not run again.
     */
    async claim(
      actor: LookupActor,
      formId: string,
      kind: LookupKind,
      nowIso: string,
    ): Promise<{ claimed: true; id: string } | { claimed: false }> {
      const id = randomUUID();
      const result = await db
        .insertInto('lookup_audit')
        .values({
          id,
          tenant_id: actor.tenantId,
          object_id: actor.objectId,
          form_id: formId,
          kind,
          identifier_hash: null,
          outcome: 'pending',
          duration_ms: null,
          created_at: nowIso,
          completed_at: null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'object_id', 'form_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1 ? { claimed: true, id } : { claimed: false };
    },

    async complete(
      id: string,
      result: { outcome: string; identifierHash?: string | null; durationMs?: number | null },
      nowIso: string,
    ): Promise<void> {
      await db
        .updateTable('lookup_audit')
        .set({
          outcome: result.outcome,
          identifier_hash: assertHash(result.identifierHash),
          duration_ms: result.durationMs === undefined || result.durationMs === null ? null : Math.round(result.durationMs),
          completed_at: nowIso,
        })
        .where('id', '=', id)
        .execute();
    },

    /** A one-step entry for outcomes decided before any claim (refused, invalid, forbidden). */
    async record(
      actor: LookupActor,
      entry: { formId: string; kind: LookupKind; outcome: string; identifierHash?: string | null },
      nowIso: string,
    ): Promise<void> {
      await db
        .insertInto('lookup_audit')
        .values({
          id: randomUUID(),
          tenant_id: actor.tenantId,
          object_id: actor.objectId,
          form_id: entry.formId,
          kind: entry.kind,
          identifier_hash: assertHash(entry.identifierHash),
          outcome: entry.outcome,
          duration_ms: null,
          created_at: nowIso,
          completed_at: nowIso,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'object_id', 'form_id']).doNothing())
        .execute();
    },

    async findByForm(actor: LookupActor, formId: string): Promise<LookupAuditEntry | undefined> {
      const row = await db
        .selectFrom('lookup_audit')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('object_id', '=', actor.objectId)
        .where('form_id', '=', formId)
        .executeTakeFirst();
      return row ? toEntry(row) : undefined;
    },

    /** Newest first; optionally one user's entries. */
    async listRecent(options: { limit?: number; actor?: LookupActor } = {}): Promise<LookupAuditEntry[]> {
      let query = db.selectFrom('lookup_audit').selectAll();
      if (options.actor) query = query.where('tenant_id', '=', options.actor.tenantId).where('object_id', '=', options.actor.objectId);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000))
        .execute();
      return rows.map(toEntry);
    },

    /**
     * The audit HMAC key when none is configured: generated once and shared by every instance (the
     * first writer wins; everyone reads the stored row).
     */
    async auditKey(nowIso: string): Promise<Buffer> {
      await db
        .insertInto('lookup_audit_key')
        .values({ id: 'default', secret: randomBytes(32).toString('base64url'), created_at: nowIso })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      const row = await db.selectFrom('lookup_audit_key').select('secret').where('id', '=', 'default').executeTakeFirstOrThrow();
      return Buffer.from(row.secret, 'base64url');
    },

    /** How many audit rows one user has since a time (the report's per-user count). */
    async countSince(actor: LookupActor, sinceIso: string): Promise<number> {
      const row = await db
        .selectFrom('lookup_audit')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('tenant_id', '=', actor.tenantId)
        .where('object_id', '=', actor.objectId)
        .where('created_at', '>=', sinceIso)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Retention: removes entries created before the cut-off; returns how many. */
    async deleteOlderThan(cutoffIso: string): Promise<number> {
      const result = await db.deleteFrom('lookup_audit').where('created_at', '<', cutoffIso).executeTakeFirst();
      return Number(result.numDeletedRows ?? 0n);
    },
  };
}
export type LookupRepository = ReturnType<typeof createLookupRepository>;
