import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../functions/domain/calendar/index.ts';
import { diffText } from '../../web/src/diff.ts';

const shown = (before: string, after: string) =>
  diffText(before, after)
    .map((p) => (p.kind === 'same' ? p.text : p.kind === 'removed' ? `[-${p.text}]` : `{+${p.text}}`))
    .join('');

describe('the history and review queue show a text change inline', () => {
  it('marks only the changed part of an edited sentence', () => {
    expect(shown('研修を年2回行った。', '研修を年3回行った。')).toBe('研修を年[-2]{+3}回行った。');
  });

  it('keeps untouched sentences whole and shows an added or removed sentence as one piece', () => {
    expect(shown('職員数を適正化した。再任用職員を配置した。', '職員数を適正化した。窓口を一本化した。再任用職員を配置した。')).toBe(
      '職員数を適正化した。{+窓口を一本化した。}再任用職員を配置した。',
    );
    expect(shown('一文目。二文目。三文目。', '一文目。三文目。')).toBe('一文目。[-二文目。]三文目。');
  });

  it('shows a text written from nothing, or emptied, as added or removed', () => {
    expect(shown('', '新しく書いた。')).toBe('{+新しく書いた。}');
    expect(shown('消した。', '')).toBe('[-消した。]');
    expect(shown('同じ。', '同じ。')).toBe('同じ。');
  });
});

describe('time stamps are written the Japanese way, in Tokyo time', () => {
  it('gives 令和, the date and the hour without a leading zero', () => {
    expect(formatDateTime('2026-05-01T00:30:00Z')).toBe('令和8年5月1日 9:30');
    expect(formatDateTime('2026-03-31T15:05:00Z')).toBe('令和8年4月1日 0:05');
    expect(formatDateTime(new Date(Date.UTC(2027, 0, 4, 14, 59)))).toBe('令和9年1月4日 23:59');
  });

  it('refuses what is not a time', () => {
    expect(() => formatDateTime('いつか')).toThrow('日時として読めません');
  });
});
