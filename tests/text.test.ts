import { describe, expect, it } from 'vitest';
import { withoutUnsafeCharacters, withoutUnsafeText } from '../functions/domain/text.ts';

// What the report.docx, export.xlsx and open-data writers do to text stored before the text rule: a character
// XML 1.0 forbids would make Word or Excel refuse the whole file.
describe('withoutUnsafeCharacters', () => {
  it('removes U+FFFE, U+FFFF and C0 controls, keeping tab and line breaks', () => {
    expect(withoutUnsafeCharacters('電子決裁\uFFFFを導入\uFFFEした\u0000。\u0007')).toBe('電子決裁を導入した。');
    expect(withoutUnsafeCharacters('一行目\n二行目\r\n\t三行目')).toBe('一行目\n二行目\r\n\t三行目');
  });

  it('keeps Japanese text, emoji and characters outside the BMP as they are', () => {
    const text = '𠮷野家の「〜」と①、😀';
    expect(withoutUnsafeCharacters(text)).toBe(text);
  });

  it('walks a whole model, leaving numbers, booleans and null alone', () => {
    const model = { title: '施策\uFFFF1', values: [1, null, true], items: [{ text: 'A\u0001B' }] };
    expect(withoutUnsafeText(model)).toEqual({ title: '施策1', values: [1, null, true], items: [{ text: 'AB' }] });
  });
});
