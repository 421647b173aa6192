/** Plain types and constants of the announcements capability, shared by the service, cards, worker and tab API. */
import type { Lang } from '../../i18n/index.js';

export const CATEGORIES = ['breaking', 'maintenance', 'feature', 'guidance'] as const;
export type Category = (typeof CATEGORIES)[number];

export const INTERFACES = ['yleistunniste', 'oppija-controller', 'user-interface', 'other'] as const;
export type AffectedInterface = (typeof INTERFACES)[number];

export const STATUSES = ['draft', 'pending_approval', 'scheduled', 'published', 'retracted', 'deleted'] as const;
export type AnnouncementStatus = (typeof STATUSES)[number];

export const OPS = ['post', 'update', 'reply', 'delete'] as const;
export type OutboxOp = (typeof OPS)[number];
export const OP_PRIORITY: Record<OutboxOp, number> = { post: 0, update: 1, reply: 2, delete: 3 };

export const OUTBOX_STATES = ['pending', 'leased', 'sending', 'sent', 'skipped', 'cancelled', 'failed', 'dead', 'unconfirmed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
/** States in which a row will still be worked on. */
export const OPEN_STATES: readonly OutboxState[] = ['pending', 'leased', 'sending'];

export const REVISION_KINDS = ['update', 'correction'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

export const LIMITS = {
  title: 200,
  /** Raw character bound; the real bound is the rendered card's 28 KB. */
  body: 12_000,
  link: 500,
  note: 1_000,
  subsetTargets: 500,
} as const;

export type LocalizedText = { fi: string } & Partial<Record<Exclude<Lang, 'fi'>, string>>;

export interface AnnouncementContent {
  title: LocalizedText;
  body: LocalizedText;
  category: Category;
  effectiveDate: string | null;
  interfaces: AffectedInterface[];
  link: string | null;
}

export type Audience =
  /** The service's own channel; its id (SERVICE_CHANNEL) is captured when the draft is saved. */
  | { kind: 'service-channel'; conversationId?: string | null }
  | { kind: 'all' }
  | { kind: 'subset'; conversationIds: string[]; teamIds: string[] };

export interface RevisionEntry {
  revision: number;
  kind: RevisionKind;
  note: LocalizedText;
  at: string;
}

/**
 * An announcement without the actor keys of who did what: what the tab API sends
 * (bot/tab-api/announcements.ts adds only whether it was submitted and approved).
 */
export interface AnnouncementView extends AnnouncementContent {
  id: string;
  status: AnnouncementStatus;
  version: number;
  revision: number;
  audience: Audience;
  scheduledAt: string | null;
  revisionKind: RevisionKind | null;
  revisionNote: LocalizedText | null;
  /** Every revision's kind and note, oldest first: a queued notice tells what its own revision changed. */
  revisions: RevisionEntry[];
  createdByName: string;
  duplicatedFrom: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  revisedAt: string | null;
  retractedAt: string | null;
}

export interface Announcement extends AnnouncementView {
  /** Actor keys (`tenant/object`, see actorKey): the two-person rule and the audit trail use them; they stay on the server. */
  createdBy: string;
  lastEditedBy: string;
  submittedBy: string | null;
  approvedBy: string | null;
}

/** Card verbs live in verbs.ts; re-exported here for code that knew them from the model. */
export { VERBS } from './verbs.js';

/** `tenant/object` — the stable actor key the two-person rule and the audit trail use. */
export function actorKey(user: { tenantId: string; objectId: string }): string {
  return `${user.tenantId}/${user.objectId}`;
}

/** Languages a text is available in, Finnish first. */
export function languagesOf(text: LocalizedText): Lang[] {
  return (['fi', 'sv', 'en'] as const).filter((lang) => Boolean(text[lang]?.trim()));
}

/** The base conversation (channel or chat) of a conversation id that may name a thread. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0] ?? conversationId;
}
