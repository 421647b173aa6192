/**
 * CSV for spreadsheet users: UTF-8 with a byte-order mark (so Excel detects the encoding and shows
 * ä/ö/å correctly), CRLF line ends and RFC 4180 quoting. A cell that a spreadsheet would read as a
 * formula (starting with = + - @, or a tab / carriage return that some programs skip first) gets a
 * leading apostrophe: exported user text must never run as a formula on OPH's machines.
 */
export const CSV_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let cell = String(value);
  if (typeof value === 'string' && FORMULA_START.test(cell)) cell = `'${cell}`;
  return /[",\r\n;]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
