/**
 * CSV for spreadsheet users: a UTF-8 byte-order mark so Excel reads ä/ö/å right, CRLF line ends
 * (RFC 4180), and a leading apostrophe on any cell a spreadsheet would otherwise run as a formula.
 */
const FORMULA_START = /^[=+\-@\t\r|%]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
