import type { Lang } from '../i18n/index.js';

export const ROLES = ['ServiceOwnerAdmin', 'InstitutionAdmin', 'Vendor', 'Participant'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: always from the authenticated activity or token, never from a name or e-mail. */
export interface Identity {
  tenantId: string;
  objectId: string;
  displayName?: string | undefined;
}

/** An identity resolved against the app's own user table (most users are guests in OPH's tenant). */
export interface UserContext extends Identity {
  role: Role;
  institutionId: string | null;
  lang: Lang;
}

/**
 * A person in the app's own role and institution mapping. Defined here, beside Role, and stored by
 * bot/store/users-repository.ts: store depends on auth for the shape, auth never imports store.
 */
export interface AppUser {
  tenantId: string;
  objectId: string;
  displayName: string;
  role: Role;
  institutionId: string | null;
  locale: string | null;
}

/** The part of the user mapping that authentication reads; the users repository implements it. */
export interface UserDirectory {
  find(tenantId: string, objectId: string): Promise<AppUser | undefined>;
  list(): Promise<AppUser[]>;
}

export type Action =
  | 'ask'
  | 'give-feedback'
  | 'vote'
  | 'run-test-lookup'
  | 'view-onboarding'
  | 'edit-own-institution-plan'
  | 'edit-any-institution'
  | 'manage-users'
  | 'announce'
  | 'approve-announcement'
  | 'triage-feedback'
  | 'answer-tickets'
  | 'view-knowledge-gaps'
  | 'reload-knowledge-base'
  | 'export-data';

const PERMISSIONS: Record<Role, ReadonlySet<Action>> = {
  ServiceOwnerAdmin: new Set<Action>([
    'ask',
    'give-feedback',
    'vote',
    'run-test-lookup',
    'view-onboarding',
    'edit-own-institution-plan',
    'edit-any-institution',
    'manage-users',
    'announce',
    'approve-announcement',
    'triage-feedback',
    'answer-tickets',
    'view-knowledge-gaps',
    'reload-knowledge-base',
    'export-data',
  ]),
  InstitutionAdmin: new Set<Action>(['ask', 'give-feedback', 'vote', 'run-test-lookup', 'view-onboarding', 'edit-own-institution-plan']),
  Vendor: new Set<Action>(['ask', 'give-feedback', 'vote', 'run-test-lookup', 'view-onboarding']),
  Participant: new Set<Action>(['ask', 'give-feedback', 'vote', 'view-onboarding']),
};

export function can(user: Pick<UserContext, 'role'>, action: Action): boolean {
  return PERMISSIONS[user.role].has(action);
}
