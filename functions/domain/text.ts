/**
 * How the API and the web form read free text (実績, 課題, コメント …), so both count and refuse alike.
 * Text typed on a Mac arrives decomposed (NFD: が = か + ゛); normalized to NFC it counts as a person
 * sees it. Length is counted in code points, so 𠮷 (two UTF-16 units) is one character as in Word.
 */

/** Text as stored: Unicode NFC. */
export function normalizeText(value: string): string {
  return value.normalize('NFC');
}

/** Characters a person sees, as the form's counter and the API's limits count them: code points after NFC. */
export function textLength(value: string): number {
  let count = 0;
  for (const _ of normalizeText(value)) count++;
  return count;
}

/**
 * Characters no report text needs and that hide or reorder what a reader sees: NUL and the other C0
 * controls except tab, LF and CR, DEL and the C1 controls, and the bidi embeddings, overrides and
 * isolates (U+202A–202E, U+2066–2069; the "Trojan Source" characters).
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a text cannot be stored, in Japanese, or null when it can. Lone surrogates (from JSON such as
 * "\ud800") are not text at all and would be garbled on the way to the table.
 */
export function textProblem(value: string): string | null {
  if (LONE_SURROGATE.test(value)) return '文字化けした文字（不正なUnicode）が含まれています';
  const found = FORBIDDEN.exec(value)?.[0];
  if (found === undefined) return null;
  const code = `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `使えない制御文字（${code}）が含まれています`;
}
