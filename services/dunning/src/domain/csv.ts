/**
 * CSV (RFC 4180) for the reports' downloads. A cell a spreadsheet would read as a formula (starting
 * with = + - @, a tab or a carriage return) is prefixed with a single quote, so opening an export never
 * runs what a customer or collector id smuggled in (OWASP "CSV injection"). Numbers are written as they
 * are: a negative amount is data, not a formula, once it is a number.
 */
export type CsvCell = string | number | bigint | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A header line and one line per row, CRLF-terminated. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
