import { csvField } from '../domain/csv-field.ts';
import type { Cell } from '../domain/progress-reports/progress-import.ts';

/**
 * Writing a CSV export, apart from csv.ts (which reads CSV with SheetJS): the export route loads no
 * library for UTF-8, and iconv-lite (~270 KB bundled) only for a Shift_JIS file, so a CSV export's cold
 * start stays near a bare function's (issue 22).
 */

export type CsvEncoding = 'utf-8' | 'shift_jis';

/** Rows → the CSV's text, CRLF after every row. */
export function csvText(rows: readonly Cell[][]): string {
  return `${rows.map((cells) => cells.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * Rows → CSV bytes as Japanese Excel opens them: UTF-8 with a BOM, or Shift_JIS (CP932) on request, with
 * iconv-lite loaded then. The same bytes as csv.ts's writeCsv.
 */
export async function encodeCsv(rows: readonly Cell[][], encoding: CsvEncoding): Promise<Uint8Array<ArrayBuffer>> {
  const text = csvText(rows);
  if (encoding === 'shift_jis') {
    const { default: iconv } = await import('iconv-lite');
    return new Uint8Array(iconv.encode(text, 'cp932'));
  }
  return new TextEncoder().encode(`\uFEFF${text}`);
}
