import { randomUUID } from 'node:crypto';
import type { Store } from './db.js';

/**
 * The look-up audit trail. Rows carry the actor (tenant, object id), the kind, the outcome and at most
 * a masked identifier; the caller masks before it calls (this module never sees a full identifier).
 */
export type LookupKind = 'hetu' | 'oid';

export interface LookupAuditEntry {
  id: string;
  tenantId: string;
  objectId: string;
  formId: string;
  kind: LookupKind;
  identifierMasked: string | null;
  outcome: string;
  durationMs: number | null;
  createdAt: string;
  completedAt: string | null;
}

export interface LookupActor {
  tenantId: string;
  objectId: string;
}

/** Accepts only the two masked shapes, so a full identifier cannot be stored by mistake. */
const MASKED = /^(\d{6}[-+A-FU-Y]9\*\*\*|1\.2\.246\.562\.\d{1,4}\.\d{3}\*{8})$/;

function assertMasked(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (!MASKED.test(value)) throw new Error('lookup audit accepts masked identifiers only');
  return value;
}

export function createLookupRepository(store: Store) {
  const { db } = store;
  type Row = {
    id: string;
    tenant_id: string;
    object_id: string;
    form_id: string;
    kind: string;
    identifier_masked: string | null;
    outcome: string;
    duration_ms: number | null;
    created_at: string;
    completed_at: string | null;
  };
  const toEntry = (r: Row): LookupAuditEntry => ({
    id: r.id,
    tenantId: r.tenant_id,
    objectId: r.object_id,
    formId: r.form_id,
    kind: r.kind as LookupKind,
    identifierMasked: r.identifier_masked,
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
    async claim(actor: LookupActor, formId: string, kind: LookupKind, nowIso: string): Promise<{ claimed: true; id: string } | { claimed: false }> {
      const id = randomUUID();
      const result = await db
        .insertInto('lookup_audit')
        .values({
          id,
          tenant_id: actor.tenantId,
          object_id: actor.objectId,
          form_id: formId,
          kind,
          identifier_masked: null,
          outcome: 'pending',
          duration_ms: null,
          created_at: nowIso,
          completed_at: null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'object_id', 'form_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1 ? { claimed: true, id } : { claimed: false };
    },

    async complete(id: string, result: { outcome: string; identifierMasked?: string | null; durationMs?: number | null }, nowIso: string): Promise<void> {
      await db
        .updateTable('lookup_audit')
        .set({
          outcome: result.outcome,
          identifier_masked: assertMasked(result.identifierMasked),
          duration_ms: result.durationMs === undefined || result.durationMs === null ? null : Math.round(result.durationMs),
          completed_at: nowIso,
        })
        .where('id', '=', id)
        .execute();
    },

    /** A one-step entry for outcomes decided before any claim (refused, invalid, forbidden). */
    async record(
      actor: LookupActor,
      entry: { formId: string; kind: LookupKind; outcome: string; identifierMasked?: string | null },
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
          identifier_masked: assertMasked(entry.identifierMasked),
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
      const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(Math.min(Math.max(options.limit ?? 100, 1), 1000)).execute();
      return rows.map(toEntry);
    },

    /** Retention: removes entries created before the cut-off; returns how many. */
    async deleteOlderThan(cutoffIso: string): Promise<number> {
      const result = await db.deleteFrom('lookup_audit').where('created_at', '<', cutoffIso).executeTakeFirst();
      return Number(result.numDeletedRows ?? 0n);
    },
  };
}
export type LookupRepository = ReturnType<typeof createLookupRepository>;
