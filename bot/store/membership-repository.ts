import { randomUUID } from 'node:crypto';
import type { Store } from './db.js';
import { isUniqueViolation, type PersonKey } from './repository-helpers.js';
import type { KnownPeopleTable, MembershipRequestsTable } from './tables/membership.js';

export type RequestedRole = 'main-user' | 'registry-staff' | 'vendor' | 'other';
export type RequestStatus = 'pending' | 'approved' | 'rejected';

export type { PersonKey };

export interface KnownPerson extends PersonKey {
  displayName: string;
  email: string | null;
  userRole: string | null;
  source: 'roster' | 'bot';
  lastActivityAt: string | null;
  greetedAt: string | null;
}

export interface MembershipRequest extends PersonKey {
  id: string;
  displayName: string;
  institutionId: string | null;
  vendorName: string | null;
  requestedRole: RequestedRole;
  lang: string;
  status: RequestStatus;
  decidedRole: string | null;
  decidedInstitutionId: string | null;
  reason: string | null;
  decidedAt: string | null;
  expertConversationId: string | null;
  expertActivityId: string | null;
  createdAt: string;
}

export interface AuditEntry {
  requestId: string;
  action: 'requested' | 'approved' | 'rejected';
  subject: PersonKey;
  actor: PersonKey & { displayName: string };
  role?: string | null;
  institutionId?: string | null;
  reason?: string | null;
  at: string;
}

/** A known_people row (every column but the bookkeeping `updated_at`) as the app sees the person. */
const toKnownPerson = (r: Omit<KnownPeopleTable, 'updated_at'>): KnownPerson => ({
  tenantId: r.tenant_id,
  objectId: r.object_id,
  displayName: r.display_name,
  email: r.email,
  userRole: r.user_role,
  source: r.source as 'roster' | 'bot',
  lastActivityAt: r.last_activity_at,
  greetedAt: r.greeted_at,
});

const toRequest = (r: MembershipRequestsTable): MembershipRequest => ({
  id: r.id,
  tenantId: r.tenant_id,
  objectId: r.object_id,
  displayName: r.display_name,
  institutionId: r.institution_id,
  vendorName: r.vendor_name,
  requestedRole: r.requested_role as RequestedRole,
  lang: r.lang,
  status: r.status as RequestStatus,
  decidedRole: r.decided_role,
  decidedInstitutionId: r.decided_institution_id,
  reason: r.reason,
  decidedAt: r.decided_at,
  expertConversationId: r.expert_conversation_id,
  expertActivityId: r.expert_activity_id,
  createdAt: r.created_at,
});

export function createMembershipRepository(store: Store) {
  const { db } = store;
  return {
    /**
     * Records that the app knows a person (roster or a message). Names and e-mail follow the latest
     * roster; `lastActivityAt` only moves forward; the first source is kept.
     */
    async notePerson(
      person: PersonKey & {
        displayName: string;
        email?: string | null;
        userRole?: string | null;
        source: 'roster' | 'bot';
        activityAt?: string | null;
      },
      now: string,
    ): Promise<void> {
      await db
        .insertInto('known_people')
        .values({
          tenant_id: person.tenantId,
          object_id: person.objectId,
          display_name: person.displayName,
          email: person.email ?? null,
          user_role: person.userRole ?? null,
          source: person.source,
          last_activity_at: person.activityAt ?? null,
          greeted_at: null,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'object_id']).doUpdateSet((eb) => ({
            display_name: person.displayName ? eb.val(person.displayName) : eb.ref('known_people.display_name'),
            email: person.email ? eb.val(person.email) : eb.ref('known_people.email'),
            user_role: person.userRole ? eb.val(person.userRole) : eb.ref('known_people.user_role'),
            last_activity_at: person.activityAt ? eb.val(person.activityAt) : eb.ref('known_people.last_activity_at'),
            updated_at: eb.val(now),
          })),
        )
        .execute();
    },

    async findPerson(key: PersonKey): Promise<KnownPerson | undefined> {
      const r = await db
        .selectFrom('known_people')
        .selectAll()
        .where('tenant_id', '=', key.tenantId)
        .where('object_id', '=', key.objectId)
        .executeTakeFirst();
      return r ? toKnownPerson(r) : undefined;
    },

    /** Marks the person greeted; true only for the first caller (the greeting is sent once). */
    async claimGreeting(key: PersonKey, now: string): Promise<boolean> {
      const result = await db
        .updateTable('known_people')
        .set({ greeted_at: now })
        .where('tenant_id', '=', key.tenantId)
        .where('object_id', '=', key.objectId)
        .where('greeted_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Everyone known, joined with their app role and institution (null when unmapped). */
    async listPeople(): Promise<Array<KnownPerson & { role: string | null; institutionId: string | null }>> {
      const known = await db
        .selectFrom('known_people as k')
        .leftJoin('app_users as u', (j) => j.onRef('u.tenant_id', '=', 'k.tenant_id').onRef('u.object_id', '=', 'k.object_id'))
        .select([
          'k.tenant_id',
          'k.object_id',
          'k.display_name',
          'k.email',
          'k.user_role',
          'k.source',
          'k.last_activity_at',
          'k.greeted_at',
          'u.role',
          'u.institution_id',
        ])
        .execute();
      // Mapped users the app has not seen yet (seeded or mapped by hand) are people too.
      const mappedOnly = await db
        .selectFrom('app_users as u')
        .leftJoin('known_people as k', (j) => j.onRef('u.tenant_id', '=', 'k.tenant_id').onRef('u.object_id', '=', 'k.object_id'))
        .where('k.object_id', 'is', null)
        .select(['u.tenant_id', 'u.object_id', 'u.display_name', 'u.role', 'u.institution_id'])
        .execute();
      return [
        ...known.map((r) => ({
          ...toKnownPerson(r),
          role: r.role ?? null,
          institutionId: r.institution_id ?? null,
        })),
        ...mappedOnly.map((r) => ({
          tenantId: r.tenant_id,
          objectId: r.object_id,
          displayName: r.display_name,
          email: null,
          userRole: null,
          source: 'bot' as const,
          lastActivityAt: null,
          greetedAt: null,
          role: r.role,
          institutionId: r.institution_id,
        })),
      ];
    },

    /** Creates a pending request; null when the person already has one open (unique index). */
    async createRequest(
      r: PersonKey & {
        displayName: string;
        institutionId: string | null;
        vendorName: string | null;
        requestedRole: RequestedRole;
        lang: string;
      },
      now: string,
    ): Promise<MembershipRequest | null> {
      const row: MembershipRequestsTable = {
        id: randomUUID(),
        tenant_id: r.tenantId,
        object_id: r.objectId,
        display_name: r.displayName,
        institution_id: r.institutionId,
        vendor_name: r.vendorName,
        requested_role: r.requestedRole,
        lang: r.lang,
        status: 'pending',
        decided_role: null,
        decided_institution_id: null,
        reason: null,
        decided_by_tenant_id: null,
        decided_by_object_id: null,
        decided_at: null,
        expert_conversation_id: null,
        expert_activity_id: null,
        created_at: now,
      };
      try {
        await db.insertInto('membership_requests').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
      return toRequest(row);
    },

    async getRequest(id: string): Promise<MembershipRequest | undefined> {
      const row = await db.selectFrom('membership_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRequest(row) : undefined;
    },

    /** The person's newest request, if any. */
    async latestRequest(key: PersonKey): Promise<MembershipRequest | undefined> {
      const row = await db
        .selectFrom('membership_requests')
        .selectAll()
        .where('tenant_id', '=', key.tenantId)
        .where('object_id', '=', key.objectId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toRequest(row) : undefined;
    },

    async listPending(): Promise<MembershipRequest[]> {
      const rows = await db.selectFrom('membership_requests').selectAll().where('status', '=', 'pending').orderBy('created_at').execute();
      return rows.map(toRequest);
    },

    async setExpertCard(id: string, conversationId: string, activityId: string): Promise<void> {
      await db
        .updateTable('membership_requests')
        .set({ expert_conversation_id: conversationId, expert_activity_id: activityId })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Decides a pending request; false when it was already decided (a second admin, a double click):
     * the status check in the WHERE makes the decision happen once.
     */
    async decide(
      id: string,
      decision: {
        status: 'approved' | 'rejected';
        role: string | null;
        institutionId: string | null;
        reason: string | null;
        by: PersonKey;
      },
      now: string,
    ): Promise<boolean> {
      const result = await db
        .updateTable('membership_requests')
        .set({
          status: decision.status,
          decided_role: decision.role,
          decided_institution_id: decision.institutionId,
          reason: decision.reason,
          decided_by_tenant_id: decision.by.tenantId,
          decided_by_object_id: decision.by.objectId,
          decided_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async audit(entry: AuditEntry): Promise<void> {
      await db
        .insertInto('membership_audit')
        .values({
          id: randomUUID(),
          request_id: entry.requestId,
          action: entry.action,
          subject_tenant_id: entry.subject.tenantId,
          subject_object_id: entry.subject.objectId,
          actor_tenant_id: entry.actor.tenantId,
          actor_object_id: entry.actor.objectId,
          actor_name: entry.actor.displayName,
          role: entry.role ?? null,
          institution_id: entry.institutionId ?? null,
          reason: entry.reason ?? null,
          at: entry.at,
        })
        .execute();
    },

    async auditTrail(
      requestId: string,
    ): Promise<Array<{ action: string; actorObjectId: string; role: string | null; reason: string | null; at: string }>> {
      const rows = await db
        .selectFrom('membership_audit')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ action: r.action, actorObjectId: r.actor_object_id, role: r.role, reason: r.reason, at: r.at }));
    },
  };
}
export type MembershipRepository = ReturnType<typeof createMembershipRepository>;
