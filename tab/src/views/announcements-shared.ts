/** Shapes of the announcements API and the outcome messages the list, detail and editor pages share. */
import type { Lang } from '../../../bot/i18n/index.js';
import { announcementText } from '../../../bot/features/announcements/i18n.js';
import { formatHelsinki } from '../../../bot/i18n/dates.js';
import { statusLabel } from '../../../bot/features/announcements/labels.js';
import type { AnnouncementStatus } from '../../../bot/features/announcements/model.js';
import type { ApiAnnouncement, ApiAuditEntry, ApiOutcome } from '../api.js';
import type { ToastKind } from '../dom.js';
import { pagesText } from '../i18n-pages.js';
import { stateBadge, toneOf } from '../controls.js';

/** An announcement as the tab API returns it (bot/tab-api/announcements.ts): no actor keys. */
export type AnnouncementJson = ApiAnnouncement;
export type OutcomeJson = ApiOutcome;

export type AuditEntry = ApiAuditEntry;

export const announcementHref = (id: string, part = '') => `#/announcements/${encodeURIComponent(id)}${part}`;

export function announcementStatusPill(status: AnnouncementStatus, lang: Lang): HTMLElement {
  return stateBadge(toneOf(status), { class: `an-status an-status-${status}`, 'data-status': status }, statusLabel(status, lang));
}

/** The sentence an author sees after an action, in the words the bot's cards use. */
/** Outcomes that removed or undid something get the red toast; everything else that worked is green. */
const DESTRUCTIVE_EVENTS = new Set(['deleted', 'retracted', 'rejected', 'unscheduled']);

export function outcomeToastKind(outcome: Pick<OutcomeJson, 'event'>): ToastKind {
  return DESTRUCTIVE_EVENTS.has(outcome.event) ? 'destructive' : 'success';
}

export function outcomeMessage(outcome: OutcomeJson, lang: Lang): string {
  const a = announcementText[lang];
  const p = pagesText(lang);
  const count = outcome.count ?? 0;
  const when = outcome.announcement.scheduledAt ? formatHelsinki(outcome.announcement.scheduledAt, lang) : '';
  const messages: Record<string, string> = {
    saved: a.saved,
    unchanged: p.unchanged,
    submitted: a.submitted,
    scheduled: a.approvedScheduled(when),
    published: a.publishing(count),
    rejected: a.rejected,
    unscheduled: a.unscheduled,
    duplicated: a.duplicated,
    deleted: a.deleted,
    revised: a.revised(count),
    retracted: a.retracted(count),
    resend: a.resendQueued(count),
    'retry-retraction': a.retractionRetryQueued(count),
    repeat: p.repeated,
  };
  const message = messages[outcome.event] ?? p.done;
  return outcome.masked ? `${message} ${a.masked}` : message;
}
