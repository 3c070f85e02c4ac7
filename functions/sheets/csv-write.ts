import { csvField } from '../domain/csv-field.ts';
import type { Cell } from '../domain/progress-reports/progress-import.ts';

/**
 * Writing a CSV export, apart from csv.ts (which reads CSV with SheetJS): the export route loads no
 * library for UTF-8, and iconv-lite (~270 KB bundled) only for a Shift_JIS file, so a CSV export's cold
 * start stays near a bare function's (issue 22).
 */

export type CsvEncoding = 'utf-8' | 'shift_jis';

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

/** Text ready for iconv-lite's cp932 encoder, as Windows writes it: the JIS-mapped characters above become their CP932 forms. */
export function asCp932(text: string): string {
  return text.replace(CP932_DIFFERENT, (character) => CP932_EQUIVALENTS[character] ?? character);
}

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
    return new Uint8Array(iconv.encode(asCp932(text), 'cp932'));
  }
  return new TextEncoder().encode(`\uFEFF${text}`);
}
