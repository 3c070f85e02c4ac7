import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { withoutFormulaGuard } from '../domain/csv-field.ts';
import type { Cell } from '../domain/progress-reports/progress-import.ts';
import { asCp932, type CsvEncoding, csvText } from './csv-write.ts';

export type { CsvEncoding };

/** Rows → CSV bytes as Japanese Excel opens them: UTF-8 with a BOM, or Shift_JIS (CP932) on request. */
export function writeCsv(rows: readonly Cell[][], encoding: CsvEncoding): Uint8Array<ArrayBuffer> {
  const text = csvText(rows);
  if (encoding === 'shift_jis') return new Uint8Array(iconv.encode(asCp932(text), 'cp932'));
  return new TextEncoder().encode(`\uFEFF${text}`);
}

/** The text of a CSV file: UTF-8 (BOM or not) when the bytes are valid UTF-8, otherwise Shift_JIS as Japanese Excel saves it. */
function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');
  }
}

/**
 * Reads a CSV file (ours, or as Excel saves it back) into rows of text cells; SheetJS does the
 * RFC 4180 parsing. A `'` the export put before formula-like text is taken off again.
 */
export function readCsv(bytes: Uint8Array, options: { maxRows: number }): Cell[][] {
  const workbook = XLSX.read(decode(bytes), { type: 'string', raw: true, dense: true, sheetRows: options.maxRows });
  const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
  const data = (sheet['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
  return Array.from(data, (row) =>
    row
      ? Array.from(row, (cell): Cell => {
          if (!cell || cell.v === undefined || cell.v === null || cell.v === '') return null;
          return withoutFormulaGuard(String(cell.v));
        })
      : [],
  );
}
