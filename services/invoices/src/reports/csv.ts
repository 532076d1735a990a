/** A cell as a spreadsheet reads it: null and undefined are empty. */
export type CsvCell = string | number | boolean | null | undefined;

// A cell a spreadsheet would read as a formula (=, +, -, @) or whose leading tab or carriage return
// some spreadsheets drop before doing so.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): text a spreadsheet would run as a formula is prefixed with ' (OWASP's CSV
 * injection advice), then the cell is quoted when it holds a comma, quote or line break.
 * Negative numbers are data, not formulas: they stay as they are.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = FORMULA_START.test(value) && !/^-\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A header line and one line per row, CRLF-terminated as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
