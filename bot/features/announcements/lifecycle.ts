/**
 * Every state change of an announcement in one table: who may make it, from which states, and where
 * it leads. The service runs each change the same way (authorize → load → decide → once → update →
 * audit); this table is the only place that says which changes exist.
 *
 *   draft ──submit──► pending_approval ──approve──► scheduled ──(scheduler) publish──► published
 *     ▲   └─submit (single approval)──────────────► scheduled / published               │
 *     └── reject / unschedule / edit                                                      ├─ revise, resend
 *   draft, pending_approval ──delete──► deleted                                           └─ retract ──► retracted ── retry-retraction
 */
import type { AnnouncementStatus } from './model.js';

export type AnnouncementAction =
  'edit' | 'delete' | 'submit' | 'approve' | 'reject' | 'unschedule' | 'publish' | 'revise' | 'retract' | 'resend' | 'retry-retraction';

export type Approval = 'single' | 'two-person';

/** Who may make a change: a role action of bot/auth/roles.ts, or the scheduler alone. */
export type Permission = 'announce' | 'approve-announcement' | 'scheduler';

interface Transition {
  permission: Permission;
  from: readonly AnnouncementStatus[];
  /** The state it leads to; released announcements are scheduled when they have a time, else published. */
  to: AnnouncementStatus | 'released' | 'submitted';
  /**
   * A request that finds the announcement already moved on: answered with its current state (a
   * redelivered card, or a stale one overtaken by the same change) instead of a refusal.
   */
  repeatWhen?: 'version-moved' | AnnouncementStatus;
}

export const TRANSITIONS: Readonly<Record<AnnouncementAction, Transition>> = {
  edit: { permission: 'announce', from: ['draft', 'pending_approval', 'scheduled'], to: 'draft' },
  delete: { permission: 'announce', from: ['draft', 'pending_approval'], to: 'deleted' },
  // Two-person approval hands the draft to a second admin; a single approver releases it at once.
  submit: { permission: 'announce', from: ['draft'], to: 'submitted', repeatWhen: 'version-moved' },
  approve: { permission: 'approve-announcement', from: ['pending_approval'], to: 'released', repeatWhen: 'version-moved' },
  reject: { permission: 'approve-announcement', from: ['pending_approval'], to: 'draft', repeatWhen: 'version-moved' },
  unschedule: { permission: 'announce', from: ['scheduled'], to: 'draft', repeatWhen: 'version-moved' },
  publish: { permission: 'scheduler', from: ['scheduled'], to: 'published' },
  revise: { permission: 'announce', from: ['published'], to: 'published' },
  retract: { permission: 'announce', from: ['published'], to: 'retracted', repeatWhen: 'retracted' },
  resend: { permission: 'announce', from: ['published'], to: 'published' },
  'retry-retraction': { permission: 'announce', from: ['retracted'], to: 'retracted' },
};

export const ACTIONS = Object.keys(TRANSITIONS) as AnnouncementAction[];

export type Decision = { kind: 'go'; to: AnnouncementStatus } | { kind: 'repeat' } | { kind: 'refuse' };

/** Where `action` takes an announcement in `status` (with or without a scheduled time). */
export function targetStatus(action: AnnouncementAction, a: { scheduledAt: string | null }, approval: Approval): AnnouncementStatus {
  const to = TRANSITIONS[action].to;
  if (to === 'submitted' && approval === 'two-person') return 'pending_approval';
  if (to === 'submitted' || to === 'released') return a.scheduledAt ? 'scheduled' : 'published';
  return to;
}

/** Whether `action` may run on the announcement as loaded, given the version the actor saw. */
export function decide(
  action: AnnouncementAction,
  a: { status: AnnouncementStatus; version: number; scheduledAt: string | null },
  expectedVersion: number,
  approval: Approval,
): Decision {
  const rule = TRANSITIONS[action];
  if (rule.from.includes(a.status)) return { kind: 'go', to: targetStatus(action, a, approval) };
  if (rule.repeatWhen === 'version-moved' ? a.version !== expectedVersion : rule.repeatWhen === a.status) return { kind: 'repeat' };
  return { kind: 'refuse' };
}

/** The actions an announcer could take on an announcement in `status` (cards and tab show these). */
export function allowedActions(status: AnnouncementStatus): AnnouncementAction[] {
  return ACTIONS.filter((action) => TRANSITIONS[action].from.includes(status));
}
