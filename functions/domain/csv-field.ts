/**
 * One CSV field as every CSV the product writes quotes it (the departments' export.csv and the published
 * progress.csv alike): one rule, so the two never differ on what a spreadsheet would run.
 */

/**
 * Characters that make Excel or LibreOffice read a cell as a formula (CSV injection, OWASP "CSV Injection"):
 * =, +, -, @ and a leading tab or carriage return.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell's value: text, a number, or empty. */
export type CsvCell = string | number | null;

/**
 * One field (RFC 4180 quoting: a comma, quote or line break quotes it, quotes doubled). Text a spreadsheet
 * would run as a formula gets a leading `'`, so it shows as the text written; numbers stay numbers
 * (a negative number is a number, not a formula).
 */
export function csvField(value: CsvCell): string {
  if (value === null) return '';
  const text = typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A `'` csvField put before formula-like text, taken off again when a CSV is read back. */
export function withoutFormulaGuard(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
