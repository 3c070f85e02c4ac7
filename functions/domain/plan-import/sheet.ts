/**
 * The cells of a workbook as the plan import reads them. The caller (functions/sheets/workbook-read.ts for
 * .xlsx, functions/sheets/csv.ts for .csv) turns the file into rows; the import never sees bytes.
 */
export type Cell = string | number | null;

/** One sheet: rows of cells (0-based) and its merged ranges (0-based, inclusive), as the file stores them. */
export interface SheetInput {
  sheet: string;
  rows: Cell[][];
  merges: { from: { r: number; c: number }; to: { r: number; c: number } }[];
}

/** A cell the import could not read, by its address: printed as シート「実施計画」H14: … */
export interface ImportProblem {
  sheet: string;
  /** A1 address, or "" for a problem of the whole sheet or workbook. */
  cell: string;
  message: string;
}

export function problemText(problem: ImportProblem): string {
  if (!problem.sheet) return problem.message;
  return `シート「${problem.sheet}」${problem.cell}：${problem.message}`;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A → 0, AA → 26; undefined for anything else. */
export function columnIndex(letters: string): number | undefined {
  if (!/^[A-Z]{1,3}$/.test(letters)) return undefined;
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

export const address = (row: number, column: number) => `${columnLetter(column)}${row + 1}`;

/**
 * The sheet as a person sees it: a merged range shows its first cell's value in every cell it covers
 * (「実現可能なものから随時実施」 merged over R8–R12 is that text in each year; a 施策 merged down its rows
 * is that 施策 on each row), and every value as trimmed text ("" for empty).
 */
export function gridOf(sheet: SheetInput): string[][] {
  const grid = sheet.rows.map((row) => Array.from(row ?? [], (cell) => (cell === null || cell === undefined ? '' : String(cell).trim())));
  for (const { from, to } of sheet.merges) {
    const value = grid[from.r]?.[from.c] ?? '';
    for (let r = from.r; r <= to.r; r++) {
      grid[r] ??= [];
      for (let c = from.c; c <= to.c; c++) grid[r]![c] = value;
    }
  }
  return grid;
}

/**
 * Text for matching, not for storing: notation alone is no change (issue 21.6). Unicode NFKC (full-width
 * letters, digits and brackets as half-width), no spaces, no leading ・, no ※ markers (※, ※1, (※)).
 */
export function matchText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\(※\d*\)|※\d*/g, '')
    .replace(/\s+/g, '')
    .replace(/^[・･]+/, '');
}
