/**
 * The one CSV writer of every export (feedback, onboarding status, knowledge gaps, announcement
 * reports). Each feature keeps its own columns; this module only encodes them for spreadsheet users:
 *
 * - a UTF-8 byte-order mark, so Excel detects the encoding and shows ä/ö/å right;
 * - CRLF line ends and RFC 4180 quoting (a cell with a quote, comma, semicolon — Excel's separator in
 *   the Finnish locale — line break or edge whitespace is quoted, inner quotes doubled);
 * - formula injection defused: exported text comes from users and must never run as a formula on
 *   OPH's machines, so a text cell that a spreadsheet could read as one gets a leading apostrophe.
 */
export const CSV_BOM = '\uFEFF';

/**
 * What makes a spreadsheet treat a cell as a formula or a command: = + - @ (OWASP's list), a tab or
 * carriage return that some programs skip before looking, | and % (DDE and LibreOffice's `%` macros),
 * and the full-width ＝ ＋ － ＠ that Excel in East Asian locales normalises to their ASCII forms.
 */
const FORMULA_START = /^[=+\-@\t\r|%\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Quoting is needed for separators, quotes, line breaks and leading/trailing whitespace. */
const NEEDS_QUOTES = /[",;\r\n]|^\s|\s$/;

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One cell. Only strings are defused: numbers and booleans are the app's own data (a negative number
 * stays a number).
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: the header row first, then the data rows, each ending with CRLF. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvValue>>): string {
  return `${CSV_BOM}${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
