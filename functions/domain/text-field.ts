/**
 * The one zod building block for a text field of a request: every string a person or a client types into
 * the API (report text, comments, opinions, department names, the dev sign-in's sub and name) goes through
 * `text()`, so one rule (functions/domain/text.ts) applies everywhere and the web form checks the same.
 */
import * as z from './zod.ts';
import { formatCount } from './calendar/index.ts';
import { normalizeText, textLength, textProblem } from './text.ts';

export interface TextOptions {
  /** Most characters, counted as `textLength` counts them (code points after NFC), as the web form shows. */
  max: number;
  /** Keeps tab and line breaks (実績, 意見); single-line text (names, IDs) refuses them. Default false. */
  multiline?: boolean;
  /** Refuses text that is blank after trimming, with this message (default: 「<label>を入力してください」). */
  required?: boolean | string;
}

/**
 * A text field named `label` in its messages: NFC, trimmed, then refused with a Japanese message naming the
 * field and the character at fault (「意見に使えない文字（U+FFFF、Unicodeの非文字）が含まれています」),
 * too long, or blank when required. Output: the string as stored.
 */
export const text = (label: string, options: TextOptions) => {
  const multiline = options.multiline ?? false;
  const checks = [
    z.refine<string>((value) => textProblem(value, { multiline }) === null, {
      error: (issue) => `${label}に${textProblem(String(issue.input), { multiline })}`,
      abort: true,
    }),
    z.refine<string>((value) => textLength(value) <= options.max, {
      // formatCount, not toLocaleString('ja-JP'): a first Intl call loads ICU's locale data (20–40 ms), and
      // this message is built for every text field when the module loads, i.e. in every cold start.
      error: `${label}は${formatCount(options.max)}文字以内で入力してください`,
    }),
  ];
  if (options.required) {
    const message = typeof options.required === 'string' ? options.required : `${label}を入力してください`;
    checks.push(z.refine<string>((value) => value !== '', { error: message }));
  }
  return z
    .pipe(
      z.string({ error: `${label}は文字列で入力してください` }),
      z.transform((value: string) => normalizeText(value).trim()),
    )
    .check(...checks);
};
