/**
 * The app's one date and time formatter (cards, CSV and tab alike), always in Finnish time
 * (Europe/Helsinki) whatever the server's own zone: Finnish and Swedish "23.6.2026", English
 * "23/06/2026"; times "klo 9.05" / "kl. 9.05" / "at 09:05". A bare `YYYY-MM-DD` is a calendar day,
 * not a moment. Intl does the zone arithmetic, so daylight saving is right. Counts in running text go
 * through ./plural.ts.
 */
import type { Lang } from './index.js';

export const HELSINKI = 'Europe/Helsinki';

const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
const FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  fi: new Intl.DateTimeFormat(LOCALES.fi, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: HELSINKI }),
  sv: new Intl.DateTimeFormat(LOCALES.sv, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: HELSINKI }),
  en: new Intl.DateTimeFormat(LOCALES.en, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: HELSINKI }),
};

/** Month labels of charts ("joulu 26", "dec. 26", "Dec 26"); the month is a calendar month, not a moment. */
const MONTHS: Record<Lang, Intl.DateTimeFormat> = {
  fi: new Intl.DateTimeFormat('fi-FI', { month: 'short', year: '2-digit', timeZone: 'UTC' }),
  sv: new Intl.DateTimeFormat('sv-FI', { month: 'short', year: '2-digit', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-FI', { month: 'short', year: '2-digit', timeZone: 'UTC' }),
};

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

const pad = (n: number) => String(n).padStart(2, '0');

/** Helsinki's offset from UTC at an instant, in milliseconds (+2 h or +3 h). */
function offsetMs(utcMs: number): number {
  const p = helsinkiParts(utcMs);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2})[:.](\d{2})$/;

/** `2026-06-23` or an ISO moment → the reader's date; anything unparseable is returned as given. */
export function formatDay(value: string, lang: Lang): string {
  const date = new Date(DATE.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : FORMATS[lang].format(date);
}

/** `2026-12-01` → the reader's date (`1.12.2026`, `01/12/2026`). */
export function formatDate(ymd: string, lang: Lang): string {
  return formatDay(ymd, lang);
}

/** A moment as date and Finnish wall-clock time: "1.12.2026 klo 9.05", "1.12.2026 kl. 9.05", "01/12/2026 at 09:05"; '' when unparseable. */
export function formatDateTime(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const p = helsinkiParts(ms);
  const date = formatDay(iso, lang);
  if (lang === 'sv') return `${date} kl. ${p.hour}.${pad(p.minute)}`;
  if (lang === 'en') return `${date} at ${pad(p.hour)}:${pad(p.minute)}`;
  return `${date} klo ${p.hour}.${pad(p.minute)}`;
}

/** `2026-12` → the reader's short month and year (a chart's axis); anything unparseable is returned as given. */
export function formatMonth(month: string, lang: Lang): string {
  const date = new Date(`${month}-15T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? month : MONTHS[lang].format(date);
}

/** A moment with the zone named, for readers who may be elsewhere: "1.12.2026 klo 9.00 (Suomen aikaa)". */
export function formatHelsinki(iso: string, lang: Lang): string {
  const zone = { fi: 'Suomen aikaa', sv: 'finsk tid', en: 'Finnish time' }[lang];
  return `${formatDateTime(iso, lang)} (${zone})`;
}

/** The Finnish calendar day of a moment as `YYYY-MM-DD` (file names, "today" for go-live dates). */
export function helsinkiDate(moment: Date): string {
  const p = helsinkiParts(moment.getTime());
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The Finnish calendar year of a moment: 00:30 on New Year's Day in Helsinki is already the new year. */
export function helsinkiYear(moment: Date): number {
  return helsinkiParts(moment.getTime()).year;
}

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
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}
