// CSV files for spreadsheets: RFC 4180 (comma, CRLF, fields quoted when they hold a comma, a quote or a
// line break, quotes doubled), UTF-8 with a byte order mark so that Excel reads the accents right.
import { stringify } from 'csv-stringify/sync';

export const UTF8_BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

/** Rows as CSV text (CRLF after each, the last one included); the BOM is the caller's (first chunk only). */
export function csvRows(rows: CsvCell[][]): string {
  if (!rows.length) return '';
  return stringify(
    rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : typeof cell === 'boolean' ? (cell ? 'oui' : 'non') : String(cell)))),
    { record_delimiter: 'windows' },
  );
}

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @ first) is quoted as it is: csv-stringify
 * quotes it, and a leading apostrophe keeps Excel from evaluating it (CSV injection).
 */
export function safeCell(value: string | null | undefined): string {
  if (!value) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
