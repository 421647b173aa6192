// Table row types owned by the membership capability (self-onboarding: people, requests, audit).

export interface KnownPeopleTable {
  tenant_id: string;
  object_id: string;
  display_name: string;
  email: string | null;
  user_role: string | null;
  source: string;
  last_activity_at: string | null;
  greeted_at: string | null;
  updated_at: string;
}

export interface MembershipRequestsTable {
  id: string;
  tenant_id: string;
  object_id: string;
  display_name: string;
  institution_id: string | null;
  vendor_name: string | null;
  requested_role: string;
  lang: string;
  status: string;
  decided_role: string | null;
  decided_institution_id: string | null;
  reason: string | null;
  decided_by_tenant_id: string | null;
  decided_by_object_id: string | null;
  decided_at: string | null;
  expert_conversation_id: string | null;
  expert_activity_id: string | null;
  created_at: string;
}

export interface MembershipAuditTable {
  id: string;
  request_id: string;
  action: string;
  subject_tenant_id: string;
  subject_object_id: string;
  actor_tenant_id: string;
  actor_object_id: string;
  actor_name: string;
  role: string | null;
  institution_id: string | null;
  reason: string | null;
  at: string;
}

export interface MembershipTables {
  known_people: KnownPeopleTable;
  membership_requests: MembershipRequestsTable;
  membership_audit: MembershipAuditTable;
}
