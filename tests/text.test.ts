import { describe, expect, it } from 'vitest';
import { fileNamePart, withoutUnsafeCharacters, withoutUnsafeText } from '../functions/domain/text.ts';

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

describe('fileNamePart: a plan title inside a download name', () => {
  it('keeps a Japanese title as it is written', () => {
    expect(fileNamePart('東根市第8次行財政改革推進プラン')).toBe('東根市第8次行財政改革推進プラン');
  });

  it('turns what Windows refuses, and spaces, into one 「_」, and drops them at the ends', () => {
    expect(fileNamePart('第3次 集中改革プラン: 2015/2018 "改訂版"?')).toBe('第3次_集中改革プラン_2015_2018_改訂版');
    expect(fileNamePart('  計画\t<案>.  ')).toBe('計画_案');
  });

  it('cuts a long title at 60 characters and leaves nothing of a title made of unsafe characters', () => {
    expect([...fileNamePart('あ'.repeat(100))]).toHaveLength(60);
    expect(fileNamePart('*?/')).toBe('');
  });
});
