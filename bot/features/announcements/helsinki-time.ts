/**
 * Announcement times (stored in UTC, shown and entered in Finnish time) are formatted by the app's one
 * date/time module, bot/i18n/dates.ts. This re-export keeps the card modules' imports as they are
 * while their layout moves into templates (issue 14 §1); new code imports bot/i18n/dates.ts.
 */
export { formatDate, formatHelsinki, helsinkiToUtc, isValidDate, utcToHelsinki } from '../../i18n/dates.js';
