import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import type { Cell } from '../domain/progress-reports/progress-import.ts';

export type CsvEncoding = 'utf-8' | 'shift_jis';

/** Characters that make Excel read a CSV cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180 quoting). Text that Excel would run as a formula gets a leading `'`, so
 * Excel shows it as text; numbers stay numbers.
 */
function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Characters that CP932 holds under another code point than JIS X 0208's Unicode mapping, which is what text
 * typed on a Mac or pasted from the web uses: iconv-lite's cp932 table (Microsoft's) has no entry for the left
 * ones and writes `?`. Windows' own conversion (WideCharToMultiByte, and Excel reading the file back) maps
 * them to the right ones, e.g. 〜 U+301C → 0x8160, which Windows decodes as ～ U+FF5E. Source: Microsoft's
 * CP932 best-fit table (bestfit932.txt) and the JIS X 0208 ↔ CP932 differences listed by the Unicode
 * Consortium's VENDORS/MICSFT mapping.
 */
const CP932_EQUIVALENTS: Readonly<Record<string, string>> = {
  '\u301C': '\uFF5E', // 〜 WAVE DASH → ～ FULLWIDTH TILDE
  '\u2212': '\uFF0D', // − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS
  '\u2014': '\u2015', // — EM DASH → ― HORIZONTAL BAR
  '\u2016': '\u2225', // ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO
  '\u00A2': '\uFFE0', // ¢ → ￠
  '\u00A3': '\uFFE1', // £ → ￡
  '\u00AC': '\uFFE2', // ¬ → ￢
};
const CP932_DIFFERENT = new RegExp(`[${Object.keys(CP932_EQUIVALENTS).join('')}]`, 'g');

/** Text → CP932 bytes as Windows writes it: the JIS-mapped characters above become their CP932 forms first. */
export function encodeCp932(text: string): Buffer {
  return iconv.encode(
    text.replace(CP932_DIFFERENT, (character) => CP932_EQUIVALENTS[character] ?? character),
    'cp932',
  );
}

/** Rows → CSV bytes as Japanese Excel opens them: UTF-8 with a BOM, or Shift_JIS (CP932) on request. */
export function writeCsv(rows: readonly Cell[][], encoding: CsvEncoding): Uint8Array<ArrayBuffer> {
  const text = `${rows.map((cells) => cells.map(csvField).join(',')).join('\r\n')}\r\n`;
  if (encoding === 'shift_jis') return new Uint8Array(encodeCp932(text));
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
          const text = String(cell.v);
          return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
        })
      : [],
  );
}
