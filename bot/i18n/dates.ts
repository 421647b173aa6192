/**
 * One date format per language everywhere (cards and tab): Finnish and Swedish "23.6.2026", English
 * "23/06/2026", always the Helsinki calendar day. A bare `YYYY-MM-DD` is a calendar day, not a moment.
 */
import type { Lang } from './index.js';

const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
const FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  fi: new Intl.DateTimeFormat(LOCALES.fi, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'Europe/Helsinki' }),
  sv: new Intl.DateTimeFormat(LOCALES.sv, { year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'Europe/Helsinki' }),
  en: new Intl.DateTimeFormat(LOCALES.en, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/Helsinki' }),
};

/** `2026-06-23` or an ISO moment → the reader's date; anything unparseable is returned as given. */
export function formatDay(value: string, lang: Lang): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : FORMATS[lang].format(date);
}
