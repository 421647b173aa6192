/**
 * The feedback capability's vocabulary: item types, topics, statuses, field limits and reference format.
 * Codes are stable (stored, exported, used in API filters); labels live in i18n.ts.
 */
import { createTabLinks, type TabLinks } from '../../cards/tab-links.js';
import { helsinkiYear } from '../../i18n/dates.js';
export const FEEDBACK_TYPES = ['feedback', 'proposal', 'bug'] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];

export const TOPICS = ['yleistunniste', 'oppija_controller', 'user_interface', 'guidance', 'access_rights', 'testing', 'other'] as const;
export type Topic = (typeof TOPICS)[number];

export const STATUSES = ['new', 'under_review', 'planned', 'done', 'rejected', 'duplicate'] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses in which an item is still being worked on: it can be voted on and merged. */
export const OPEN_STATUSES: readonly Status[] = ['new', 'under_review', 'planned'];

/** Development proposals are public to every participant; feedback and error reports only to their submitter and OPH. */
export const PUBLIC_TYPES: readonly FeedbackType[] = ['proposal'];

export const LIMITS = {
  title: 120,
  description: 4000,
  impact: 1000,
  comment: 1000,
  reason: 1000,
} as const;

/** Per-person submission limit (security requirement A-PRIV-8 proposes 10 an hour). */
export const DEFAULT_SUBMIT_LIMIT_PER_HOUR = 10;

export const REF_PATTERN = /^KE-\d{4}-\d{4,9}$/;

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** The reference year follows Finnish time: an item sent at 00:30 on New Year's Day belongs to the new year. */
export function referenceYear(now: Date): number {
  return helsinkiYear(now);
}

/** The follow link of an item: the tab's feedback view, a Teams deep link when the Teams app id is configured. */
export function feedbackTabUrl(links: TabLinks | string): (ref: string) => string {
  const tabLinks = typeof links === 'string' ? createTabLinks({ publicBaseUrl: links }) : links;
  return (ref) => tabLinks.page(`feedback/${encodeURIComponent(ref)}`);
}
