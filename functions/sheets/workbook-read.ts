import * as XLSX from '@e965/xlsx';
import { Unzip, UnzipInflate, unzipSync, zipSync } from 'fflate';
import type { Cell } from '../domain/progress-reports/progress-import.ts';
import { SpreadsheetError } from './spreadsheet-error.ts';

// Where the import's callers have always found it.
export { SpreadsheetError };

export interface SheetData {
  name: string;
  hidden: boolean;
  rows: Cell[][];
  /** Merged ranges, 0-based and inclusive (the plan import fills a merged schedule cell into every year). */
  merges: { from: { r: number; c: number }; to: { r: number; c: number } }[];
}

/**
 * Inflated bytes of all the parts the reader looks at, at most. A year's filled sheet (120 rows of
 * up to 4,000 characters in three text columns) stays far below; a zip bomb does not.
 */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;
/** Compressed bytes handed to the inflater at a time: deflate expands at most ~1,032×, so one step stays ≈4 MB. */
const INFLATE_STEP = 4 * 1024;

const SAVE_AS_XLSX = 'Excelで「名前を付けて保存」から「Excel ブック（*.xlsx）」を選んで保存し直してから取り込んでください';

/** The XML parts of a package (SheetJS follows the content types to them); pictures, printer settings and macros are never inflated. */
function isNeeded(name: string): boolean {
  return /\.(xml|rels)$/i.test(name);
}

function refuseKind(bytes: Uint8Array): void {
  const starts = (...magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  // OLE2 compound file: Excel 97-2003 .xls, or an .xlsx that Excel encrypted with a password.
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    throw new SpreadsheetError(`Excel 97-2003 形式（.xls）またはパスワード付きのファイルは読めません。${SAVE_AS_XLSX}`);
  }
  if (!starts(0x50, 0x4b)) throw new SpreadsheetError(`Excel（.xlsx）形式のファイルとして読めません。${SAVE_AS_XLSX}`);
}

/**
 * Inflates only the parts the reader needs, refusing before any inflation when the zip's central
 * directory declares more than the cap, and stopping mid-stream when a part inflates to more than it
 * declared (headers can lie). Returns the parts re-packed without compression for SheetJS to read.
 */
function boundedPackage(bytes: Uint8Array): Uint8Array {
  let declared = 0;
  const names: string[] = [];
  try {
    // The filter sees every central directory entry and its declared size; returning false inflates nothing.
    unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        if (isNeeded(file.name)) declared += file.originalSize;
        return false;
      },
    });
  } catch {
    throw new SpreadsheetError(`Excel（.xlsx）形式のファイルとして読めません（ファイルが壊れています）。${SAVE_AS_XLSX}`);
  }
  if (!names.includes('xl/workbook.xml')) {
    const what = names.some((name) => name === 'content.xml')
      ? 'OpenDocument（.ods）形式'
      : names.some((name) => name.startsWith('word/'))
        ? 'Word の文書'
        : 'Excel ブックではないファイル';
    throw new SpreadsheetError(`${what}です。${SAVE_AS_XLSX}`);
  }
  const tooLarge = () =>
    new SpreadsheetError(
      `ファイルの中身が大きすぎます（展開後 ${MAX_INFLATED_BYTES / 1024 / 1024}MB まで）。出力した進捗報告シートに記入したものを取り込んでください`,
    );
  if (declared > MAX_INFLATED_BYTES) throw tooLarge();

  const parts: Record<string, Uint8Array> = {};
  let inflated = 0;
  let failure: unknown = null;
  const unzip = new Unzip((file) => {
    if (!isNeeded(file.name) || file.name in parts) return;
    const chunks: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = error;
        return;
      }
      inflated += chunk.length;
      if (inflated > MAX_INFLATED_BYTES) {
        failure = tooLarge();
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) parts[file.name] = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !failure; at += INFLATE_STEP) {
      unzip.push(bytes.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= bytes.length);
    }
  } catch (error) {
    failure ??= error;
  }
  if (failure instanceof SpreadsheetError) throw failure;
  if (failure || !parts['xl/workbook.xml'])
    throw new SpreadsheetError(`Excel（.xlsx）形式のファイルとして読めません（ファイルが壊れています）。${SAVE_AS_XLSX}`);
  return zipSync(parts, { level: 0 });
}

/** Excel's day serial (1900 or 1904 system) → "YYYY-MM-DD". */
function serialToIso(serial: number, date1904: boolean): string | null {
  const parsed = XLSX.SSF.parse_date_code(serial, { date1904 });
  if (!parsed || parsed.y < 1900) return null;
  return `${parsed.y}-${String(parsed.m).padStart(2, '0')}-${String(parsed.d).padStart(2, '0')}`;
}

/**
 * A cell as the person sees it: a percent-formatted 0.65 is 65 (they typed 65%), a date-formatted
 * serial is its date, a formula is its cached value, everything else its value.
 */
function cellValue(cell: XLSX.CellObject | undefined, date1904: boolean): Cell {
  if (!cell || cell.v === undefined || cell.v === null) return null;
  if (cell.t === 'n' && typeof cell.v === 'number') {
    const format = typeof cell.z === 'string' ? cell.z : '';
    const bare = format.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
    if (bare.includes('%')) return Number((cell.v * 100).toPrecision(15));
    if (format && XLSX.SSF.is_date(format)) return serialToIso(cell.v, date1904) ?? cell.v;
    return cell.v;
  }
  if (cell.t === 'd' && cell.v instanceof Date) return cell.v.toISOString().slice(0, 10);
  if (cell.t === 'b') return cell.v ? 'TRUE' : 'FALSE';
  if (cell.t === 'e') return null;
  return String(cell.v);
}

/**
 * Reads every sheet of an .xlsx workbook as rows of cells, the way the person saw them in Excel.
 * SheetJS parses the XML (prefixes, inline and rich strings, furigana, `_xHHHH_` escapes, missing
 * `r`, the 1904 date system); this module bounds what it is given and maps formats to values.
 * `maxRows` stops reading a sheet after that many rows (the caller refuses a sheet that reaches it).
 * Throws SpreadsheetError with a Japanese message for anything that is not a readable .xlsx.
 */
export function readWorkbook(bytes: Uint8Array, options: { maxRows: number }): SheetData[] {
  refuseKind(bytes);
  const workbook = (() => {
    try {
      return XLSX.read(boundedPackage(bytes), { type: 'array', dense: true, cellNF: true, cellHTML: false, cellDates: false, sheetRows: options.maxRows });
    } catch (error) {
      if (error instanceof SpreadsheetError) throw error;
      throw new SpreadsheetError(`Excel（.xlsx）形式のファイルとして読めません（ファイルが壊れています）。${SAVE_AS_XLSX}`);
    }
  })();
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  return workbook.SheetNames.map((name, i) => {
    const sheet = workbook.Sheets[name]!;
    const data = (sheet['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
    const rows = Array.from(data, (row) => (row ? Array.from(row, (cell) => cellValue(cell, date1904)) : []));
    const merges = (sheet['!merges'] ?? []).map(({ s, e }) => ({ from: { r: s.r, c: s.c }, to: { r: e.r, c: e.c } }));
    return { name, hidden: Boolean(workbook.Workbook?.Sheets?.[i]?.Hidden), rows, merges };
  });
}
