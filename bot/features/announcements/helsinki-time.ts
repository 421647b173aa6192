/**
 * Announcement times are stored in UTC and shown and entered in Finnish time (Europe/Helsinki),
 * whatever the server's own time zone. Intl does the zone arithmetic, so daylight saving is right.
 */
import type { Lang } from '../../i18n/index.js';
import { formatDay } from '../../i18n/dates.js';

export const HELSINKI = 'Europe/Helsinki';

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: HELSINKI,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function helsinkiParts(utcMs: number): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Helsinki's offset from UTC at an instant, in milliseconds (+2 h or +3 h). */
function offsetMs(utcMs: number): number {
  const p = helsinkiParts(utcMs);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2})[:.](\d{2})$/;

export function isValidDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `2026-12-01` + `09:00` in Finnish time → UTC ISO string; null when either part is invalid. */
export function helsinkiToUtc(date: string, time: string): string | null {
  if (!isValidDate(date)) return null;
  const t = TIME.exec(time.trim());
  if (!t) return null;
  const [hour, minute] = [Number(t[1]), Number(t[2])];
  if (hour > 23 || minute > 59) return null;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const localAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Two rounds settle the offset even next to a daylight-saving switch.
  let guess = localAsUtc - offsetMs(localAsUtc);
  guess = localAsUtc - offsetMs(guess);
  return new Date(guess).toISOString();
}

/** UTC ISO → the Finnish date and time a form shows (`2026-12-01`, `09:00`). */
export function utcToHelsinki(iso: string): { date: string; time: string } {
  const p = helsinkiParts(Date.parse(iso));
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** A moment as a Finnish reader expects it, with the zone named: "1.12.2026 klo 9.00 (Suomen aikaa)". */
export function formatHelsinki(iso: string, lang: Lang): string {
  const p = helsinkiParts(Date.parse(iso));
  const pad = (n: number) => String(n).padStart(2, '0');
  // The date in the app's one per-language format (bot/i18n/dates.ts), the same as the tab shows.
  const date = formatDay(iso, lang);
  if (lang === 'sv') return `${date} kl. ${p.hour}.${pad(p.minute)} (finsk tid)`;
  if (lang === 'en') return `${date} at ${pad(p.hour)}:${pad(p.minute)} (Finnish time)`;
  return `${date} klo ${p.hour}.${pad(p.minute)} (Suomen aikaa)`;
}

/** `2026-12-01` → the reader's date (`1.12.2026`, `01/12/2026`): the one per-language formatter. */
export function formatDate(ymd: string, lang: Lang): string {
  return formatDay(ymd, lang);
}
