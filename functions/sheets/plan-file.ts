import type { SheetInput } from '../domain/plan-import/index.ts';
import { readCsv } from './csv.ts';
import { readWorkbook } from './workbook-read.ts';

// Declared with the routes' specs, which check it before any reader is loaded; the CLI finds it here.
export { MAX_PLAN_FILE_BYTES } from './plan-import-specs.ts';
/** Rows read of one sheet at most: the 8th plan's 実施計画 is under 200. */
export const MAX_PLAN_ROWS = 5000;

/**
 * A plan file's sheets as the plan reader takes them: .xlsx (or .xls) through the progress import's bounded
 * reader (its zip-bomb and formula limits), hidden sheets left out; a .csv (`kind` 'csv', told by the file's
 * name) as one 「実施計画」 sheet. Errors: SpreadsheetError (workbook-read.ts), its message in Japanese, also for
 * a file named .xlsx that is no workbook.
 */
export function planSheets(bytes: Uint8Array, kind: 'csv' | 'workbook'): SheetInput[] {
  if (kind === 'csv') return [{ sheet: '実施計画', rows: readCsv(bytes, { maxRows: MAX_PLAN_ROWS }), merges: [] }];
  return readWorkbook(bytes, { maxRows: MAX_PLAN_ROWS })
    .filter((sheet) => !sheet.hidden)
    .map(({ name, rows, merges }) => ({ sheet: name, rows, merges }));
}
