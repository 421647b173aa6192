/**
 * What the tickets table's "Vastaus" column says: the answer itself first (that is what OPH looks for),
 * then who answered and when; a ticket closed without an answer says so. Pure so it can be unit-tested.
 */
import type { Lang } from '../../../bot/i18n/index.js';
import { escalationText } from '../../../bot/features/guidance/escalation/i18n.js';
import { formatDateTime } from '../i18n.js';

export interface TicketAnswerFields {
  answer: string | null;
  answeredByName: string | null;
  answeredAt: string | null;
  closedAt: string | null;
}

export function ticketAnswerCell(ticket: TicketAnswerFields, lang: Lang): { text: string; meta: string | null } {
  const e = escalationText[lang];
  if (ticket.answeredAt) {
    const meta = [ticket.answeredByName, formatDateTime(lang, ticket.answeredAt)].filter(Boolean).join(' · ');
    return { text: ticket.answer?.trim() || '–', meta };
  }
  if (ticket.closedAt) return { text: e.stateClosed, meta: formatDateTime(lang, ticket.closedAt) };
  return { text: '–', meta: null };
}
