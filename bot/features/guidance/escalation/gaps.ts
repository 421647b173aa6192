/**
 * Knowledge gaps for OPH: questions the bot could not answer confidently and answers voted 👎,
 * grouped by normalised question text, newest first — the list the KB editors work from.
 */
import type { Lang } from '../../../i18n/index.js';
import type { GapReport, GuidanceRepository } from '../../../store/guidance-repository.js';
import { toCsv } from '../../../csv.js';
import { escalationText } from './i18n.js';

export const DEFAULT_GAP_DAYS = 90;
export const MAX_GAP_DAYS = 3650;
const DAY_MS = 86_400_000;

export function sinceIso(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

export async function loadGaps(
  repository: GuidanceRepository,
  now: Date,
  days: number,
  limit: number,
): Promise<GapReport & { since: string }> {
  const since = sinceIso(now, days);
  return { since, ...(await repository.gaps({ since, limit })) };
}

/** `aukot 30` → 30 days; anything else → the default window. */
export function daysFromCommand(text: string, fallback: number): number {
  const match = /\s(\d{1,4})\s*$/.exec(text);
  const days = match ? Number(match[1]) : fallback;
  return days >= 1 && days <= MAX_GAP_DAYS ? days : fallback;
}

export function gapsCsv(report: GapReport, lang: Lang): string {
  const t = escalationText[lang];
  const rows: Array<Array<string | number>> = [
    [t.csvKind, t.csvQuestion, t.csvCount, t.csvFirst, t.csvLast, t.csvLangs, t.csvArticles, t.csvComments],
  ];
  const add = (kind: string, groups: GapReport['unanswered']) => {
    for (const g of groups) {
      rows.push([kind, g.question, g.count, g.firstAt, g.lastAt, g.langs.join(' '), g.articleIds.join(' '), g.comments.join(' | ')]);
    }
  };
  add(t.kindUnanswered, report.unanswered);
  add(t.kindDownvoted, report.downvoted);
  return toCsv(rows);
}
