/**
 * The tab's announcements API (`/api/tab/announcements…`): the database row and the service's actor
 * keys never reach the browser; an announcement is the model's AnnouncementView (declared once, in
 * bot/features/announcements/model.ts) plus what the viewer may do. bot/features/announcements/tab-routes.ts
 * maps to these field by field, and test/integration/core/tab-api-contract.test.ts holds the JSON.
 */
import type { AnnouncementView, Category } from '../features/announcements/model.js';

/** An announcement as the tab sees it: the model's view without actor keys, and only whether it was submitted and approved. */
export interface ApiAnnouncement extends AnnouncementView {
  submitted: boolean;
  approved: boolean;
  /** Whether the viewer may approve it now (the two-person rule included). */
  canApprove: boolean;
}

/** A row of `GET /announcements`, with its delivery figures. */
export interface ApiAnnouncementListItem extends ApiAnnouncement {
  targets: number;
  delivered: number;
  acknowledged: number;
  /** Targets where the connector refused a retraction's delete. */
  retractionFailed: number;
}

/** One entry of an announcement's event log. */
export interface ApiAuditEntry {
  at: string;
  actor: string;
  action: string;
  from: string | null;
  to: string | null;
  version: number;
  /** e.g. a revision's change note ({ note: { fi, sv?, en? } }). */
  detail: unknown;
}

/** The answer to every change: what happened, how many targets it concerned, and the new state. */
export interface ApiOutcome {
  event: string;
  count: number | null;
  masked: boolean;
  announcement: ApiAnnouncement;
}

export interface ApiReportTarget {
  conversationId: string;
  kind: string;
  teamName: string | null;
  channelName: string | null;
  state: string;
  attempts: number;
  lastStatus: number | null;
  reason: string | null;
  sentAt: string | null;
  possibleDuplicate: boolean;
  /** After a retraction: what happened to this target's delete(s); null when nothing was there to delete. */
  retraction: 'retracted' | 'pending' | 'failed' | null;
}

export interface ApiReportInstitution {
  id: string | null;
  name: { fi: string; sv: string; en: string } | null;
  users: number;
  acknowledged: number;
}

export interface ApiReportPerson {
  tenantId: string;
  objectId: string;
  displayName: string;
  institutionId: string | null;
}

/** `GET /announcements/:id/report`: delivery per target and acknowledgements per institution and person. */
export interface ApiAnnouncementReport {
  id: string;
  title: string;
  category: Category;
  status: string;
  revision: number;
  publishedAt: string | null;
  summary: {
    targets: number;
    delivered: number;
    pending: number;
    failed: number;
    unconfirmed: number;
    cancelled: number;
    possibleDuplicates: number;
    acknowledged: number;
    retracted: number;
    retractionPending: number;
    retractionFailed: number;
  };
  failureReasons: Array<{ reason: string; count: number }>;
  targets: ApiReportTarget[];
  institutions: ApiReportInstitution[];
  /** Known users (not OPH admins) who have not acknowledged. */
  notAcknowledged: ApiReportPerson[];
  acknowledgements: Array<ApiReportPerson & { ackedAt: string; revision: number }>;
}
