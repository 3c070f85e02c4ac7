/**
 * How the API and the web form read text (実績, 課題, コメント, 意見, 課の名称, 利用者ID …), so both count and
 * refuse alike. Text typed on a Mac arrives decomposed (NFD: が = か + ゛); normalized to NFC it counts as a
 * person sees it. Length is counted in code points, so 𠮷 (two UTF-16 units) is one character as in Word.
 * The zod building block every request schema uses is `text()` in ./text-field.ts.
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

/** "U+FFFF": how a message names a character nobody can see. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Tab, LF and CR: the only controls multi-line text keeps. */
const LINE_CONTROLS = new Set([0x09, 0x0a, 0x0d]);

/**
 * What is wrong with one code point in stored text, or null when nothing is. Iterating a string by code
 * points yields a lone surrogate as a code point of its own, so one loop finds every kind:
 * - lone surrogates (JSON such as "\ud800"): not text at all, garbled on the way to the table;
 * - C0 controls but tab/LF/CR, DEL and the C1 controls: no text needs them;
 * - bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069): they reorder what a reader sees
 *   ("Trojan Source");
 * - noncharacters (U+FDD0–FDEF and every U+xFFFE/U+xFFFF, Unicode §23.7): U+FFFE/U+FFFF are not allowed in
 *   XML 1.0 (§2.2 Char), so one of them makes the year's report.docx and export.xlsx unopenable;
 * - in single-line text (names, IDs) also tab, line breaks and U+2028/U+2029.
 */
function codePointProblem(codePoint: number, multiline: boolean): string | null {
  if (codePoint >= 0x20 && codePoint < 0x7f) return null; // the common case, checked without building a name
  const name = codePointName(codePoint);
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return `文字化けした文字（${name}、不正なUnicode）が含まれています`;
  if (LINE_CONTROLS.has(codePoint) || codePoint === 0x2028 || codePoint === 0x2029) {
    return multiline ? null : `改行やタブ（${name}）は入力できません`;
  }
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return `使えない制御文字（${name}）が含まれています`;
  if ((codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069)) return `使えない制御文字（${name}）が含まれています`;
  if ((codePoint >= 0xfdd0 && codePoint <= 0xfdef) || (codePoint & 0xfffe) === 0xfffe) return `使えない文字（${name}、Unicodeの非文字）が含まれています`;
  return null;
}

/**
 * Why a text cannot be stored, in Japanese and naming the first character at fault (U+FFFF …), or null
 * when it can. `multiline` (実績, 意見 …) keeps tab and line breaks; single-line text (names, IDs) refuses them.
 */
export function textProblem(value: string, options: { multiline?: boolean } = {}): string | null {
  const multiline = options.multiline ?? true;
  for (const character of value) {
    const problem = codePointProblem(character.codePointAt(0)!, multiline);
    if (problem) return problem;
  }
  return null;
}

/**
 * Text with every character multi-line text may not hold removed: what the report.docx, export.xlsx and
 * open-data writers put in their files, so text stored before this rule (or by any path that skipped it)
 * can never make a document unopenable. A superset of what XML 1.0 forbids.
 */
export function withoutUnsafeCharacters(value: string): string {
  if (textProblem(value) === null) return value;
  let safe = '';
  for (const character of value) if (codePointProblem(character.codePointAt(0)!, true) === null) safe += character;
  return safe;
}

/**
 * `value` with `withoutUnsafeCharacters` applied to every string in it (objects and arrays walked, other
 * values kept): how a document writer takes a whole model (the year's report, the sheet's rows) at once.
 */
export function withoutUnsafeText<T>(value: T): T {
  if (typeof value === 'string') return withoutUnsafeCharacters(value) as T;
  if (Array.isArray(value)) return value.map(withoutUnsafeText) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, withoutUnsafeText(entry)])) as T;
  }
  return value;
}

/** What no file name may hold on Windows (the strictest of the three): \ / : * ? " < > |, and controls. */
const FILE_NAME_UNSAFE = /[\\/:*?"<>|\p{Cc}]/gu;

/**
 * Text as a part of a download's file name (a plan's title in 「令和8年度_〇〇市第N次行財政改革推進プラン進捗報告.csv」):
 * NFC; what Windows refuses in a name and runs of white space become one 「_」 each; cut at `max` characters
 * (default 60, so the whole name stays well inside the 255 bytes file systems allow); without 「_」 or 「.」
 * at either end (Windows drops a trailing dot). '' when nothing is left: the caller leaves the part out.
 * Written here rather than taken from a package: the name always starts with the year, so no reserved
 * device name (CON, NUL …) can occur, and the four rules do not justify a dependency in the Lambda bundles.
 */
export function fileNamePart(value: string, max = 60): string {
  const replaced = normalizeText(value).replace(FILE_NAME_UNSAFE, '_').replace(/\s+/gu, '_').replace(/_+/g, '_');
  return [...replaced]
    .slice(0, max)
    .join('')
    .replace(/^[_.]+|[_.]+$/g, '');
}
