/** The search screen's 年度: its choices in 令和 and the address a changed year searches again at (pure, no system started). */
import { describe, expect, it } from 'vitest';
import { searchHref, yearChoices } from '../../web/src/models/search.ts';

describe('searching another 年度', () => {
  it('offers every year of the plan in 令和, the searched one selected', () => {
    expect(yearChoices([2026, 2027, 2028, 2029, 2030], 2027)).toEqual([
      { value: 2026, label: '令和8年度', selected: false },
      { value: 2027, label: '令和9年度', selected: true },
      { value: 2028, label: '令和10年度', selected: false },
      { value: 2029, label: '令和11年度', selected: false },
      { value: 2030, label: '令和12年度', selected: false },
    ]);
  });

  it('searches the same words again in the chosen year, the words kept whole in the address', () => {
    expect(searchHref('電子申請 ＆ 窓口', 2028)).toBe('#/search?q=%E9%9B%BB%E5%AD%90%E7%94%B3%E8%AB%8B%20%EF%BC%86%20%E7%AA%93%E5%8F%A3&fy=2028');
    expect(new URLSearchParams(searchHref('a&fy=2026', 2029).split('?')[1]).get('q')).toBe('a&fy=2026');
    expect(new URLSearchParams(searchHref('a&fy=2026', 2029).split('?')[1]).get('fy')).toBe('2029');
  });
});
