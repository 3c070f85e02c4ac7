import { describe, expect, it } from 'vitest';
import {
  eraOfDate,
  eraYear,
  formatCalendarYear,
  formatDate,
  formatDateTime,
  formatFiscalYear,
  formatPeriod,
  formatPeriodLabel,
  parseEraDate,
  parseEraYear,
} from '../functions/domain/calendar/index.ts';

// Other cities' plans run FY2015–2018 (平成27〜30年度) with KPI baselines dated 平成25年4月1日:
// the calendar writes 平成 as well as 令和, each where the city's documents would.

describe('years in 平成 and 令和', () => {
  it.each([
    [2015, '平成27年度'],
    [2018, '平成30年度'], // ended 31 March 2019, still 平成
    [2019, '令和元年度'], // April 2019 was 平成, but the city writes FY2019 as 令和元年度
    [1989, '平成元年度'],
    [2026, '令和8年度'],
  ])('FY%i is %s', (fiscalYear, text) => {
    expect(formatFiscalYear(fiscalYear)).toBe(text);
    expect(formatPeriod(fiscalYear, 'fiscal_year')).toBe(text);
  });

  it.each([
    [2019, '令和元年'], // the era in force at the year's end
    [2018, '平成30年'],
    [2013, '平成25年'],
    [1989, '平成元年'],
  ])('the calendar year %i is %s', (year, text) => {
    expect(formatCalendarYear(year)).toBe(text);
    expect(formatPeriod(year, 'calendar_year')).toBe(text);
  });

  it.each([
    [2018, { era: '平成', letter: 'H', year: 30 }],
    [2019, { era: '令和', letter: 'R', year: 1 }],
    [2026, { era: '令和', letter: 'R', year: 8 }],
    [1989, { era: '平成', letter: 'H', year: 1 }],
  ])('eraYear(%i) is %o, for short labels such as H30 and R8', (year, expected) => {
    expect(eraYear(year)).toEqual(expected);
  });

  it.each([1988, 1900, 0, -5])('refuses the year %i, before 平成, with a Japanese message', (year) => {
    expect(() => formatFiscalYear(year)).toThrow(/平成より前のため、和暦で書けません/);
    expect(() => formatCalendarYear(year)).toThrow(RangeError);
  });

  it.each([2015.5, Number.NaN])('refuses the year %d', (year) => {
    expect(() => formatFiscalYear(year)).toThrow(/整数で指定してください/);
  });
});

describe('spans of years', () => {
  it.each([
    [{ kind: 'fiscal_years', from: 2015, to: 2018 }, '平成27〜30年度'],
    [{ kind: 'fiscal_years', from: 2015, to: 2019 }, '平成27〜令和元年度'],
    [{ kind: 'fiscal_years', from: 2017, to: 2021 }, '平成29〜令和3年度'],
    [{ kind: 'fiscal_years', from: 2018, to: 2019 }, '平成30〜令和元年度'],
    [{ kind: 'fiscal_years', from: 1989, to: 1990 }, '平成元〜2年度'],
    [{ kind: 'fiscal_years', from: 2016, to: 2016 }, '平成28年度'],
    [{ kind: 'calendar_years', from: 2015, to: 2018 }, '平成27〜30年'],
    [{ kind: 'calendar_years', from: 2017, to: 2021 }, '平成29〜令和3年'],
    [{ kind: 'fiscal_years', from: 2026, to: 2030 }, '令和8〜12年度'], // unchanged within 令和
  ] as const)('%o is written %s', (period, text) => {
    expect(formatPeriodLabel(period)).toBe(text);
  });

  it.each([
    [{ kind: 'fiscal_years', from: 1988, to: 1990 }],
    [{ kind: 'calendar_years', from: 1985, to: 1989 }],
    [{ kind: 'fiscal_years', from: 2018, to: 2015 }],
  ] as const)('refuses %o', (period) => {
    expect(() => formatPeriodLabel(period)).toThrow(RangeError);
  });
});

describe('dates in the era of the day', () => {
  it.each([
    ['2013-04-01', '平成25年4月1日'],
    ['2019-04-30', '平成31年4月30日'], // the last day of 平成
    ['2019-05-01', '令和元年5月1日'],
    ['1989-01-08', '平成元年1月8日'], // the first day of 平成
    ['2018-12-31', '平成30年12月31日'],
  ])('the date %s is %s', (date, text) => {
    expect(formatDate(date)).toBe(text);
  });

  it.each([
    ['2013-04-15', '平成25年4月末'],
    ['2019-04-10', '平成31年4月末'],
    ['2019-05-10', '令和元年5月末'],
    ['1989-01-01', '平成元年1月末'], // the month ends in 平成
  ])('the month end of %s is %s', (date, text) => {
    expect(formatPeriodLabel({ kind: 'month_end', date })).toBe(text);
  });

  it.each([
    ['2019-04-30T14:59:00Z', '平成31年4月30日 23:59'],
    ['2019-04-30T15:00:00Z', '令和元年5月1日 0:00'], // midnight in Tokyo
    ['2019-04-30T23:00', '平成31年4月30日 23:00'], // no offset: Tokyo wall clock
  ])('the instant %s is %s in Tokyo', (instant, text) => {
    expect(formatDateTime(instant)).toBe(text);
  });

  it.each(['1989-01-07', '1988-04-01', '1900-01-01'])('refuses %s, before 平成, with a Japanese message', (date) => {
    expect(() => formatDate(date)).toThrow(/平成より前の日付のため、和暦で書けません/);
  });

  it.each([[{ kind: 'month_end', date: '1988-12-01' }], [{ kind: 'instant', at: '1989-01-07T23:59' }]] as const)('refuses %o, before 平成', (period) => {
    expect(() => formatPeriodLabel(period)).toThrow(RangeError);
  });

  it('tells the era year of a day', () => {
    expect(eraOfDate({ year: 2019, month: 4, day: 30 })).toEqual({ era: '平成', letter: 'H', year: 31 });
    expect(eraOfDate({ year: 2019, month: 5, day: 1 })).toEqual({ era: '令和', letter: 'R', year: 1 });
  });
});

describe('reading a year as plans write it', () => {
  it.each([
    ['令和8年度', 2026],
    ['R8', 2026],
    ['R8年度', 2026],
    ['r8', 2026],
    ['Ｒ８年度', 2026], // full-width letter and digit
    ['令和７年', 2025],
    ['令和元年度', 2019],
    ['R元年度', 2019],
    ['令和1年度', 2019],
    ['H27', 2015],
    ['H27年度', 2015],
    ['平成27年度', 2015],
    ['平成 27 年度', 2015],
    ['平成元年', 1989],
    ['平成31年度', 2019], // written in early 2019, before 令和 was named
    ['2026', 2026],
    ['2026年度', 2026],
    ['２０２６年', 2026],
  ])('reads %j as %i', (text, year) => {
    expect(parseEraYear(text)).toBe(year);
  });

  it.each(['', 'abc', 'R', '令和', '令和0年度', '平成32年度', 'H40', '昭和63年度', 'S63', '1988', '198', '20260', 'R8年度分', 'R8.4', '八年度'])(
    'does not read %j as a year',
    (text) => {
      expect(parseEraYear(text)).toBeUndefined();
    },
  );

  it('reads back every year it writes, from 平成元年度 on', () => {
    for (let year = 1989; year <= 2040; year++) {
      expect(parseEraYear(formatFiscalYear(year))).toBe(year);
      expect(parseEraYear(formatCalendarYear(year))).toBe(year);
    }
  });
});

describe('reading a date as plans write it', () => {
  it.each([
    ['平成25年4月1日', '2013-04-01'],
    ['H25.4.1', '2013-04-01'],
    ['h25/4/1', '2013-04-01'],
    ['Ｈ２５．４．１', '2013-04-01'],
    ['R7.12月末', '2025-12-31'],
    ['令和7年12月末', '2025-12-31'],
    ['令和7年12月末時点', '2025-12-31'],
    ['R6.2月末', '2024-02-29'], // a leap year's February
    ['H25.3末', '2013-03-31'],
    ['平成31年4月30日', '2019-04-30'],
    ['平成31年4月末', '2019-04-30'],
    ['令和元年5月1日', '2019-05-01'],
    ['2013-04-01', '2013-04-01'],
    ['2013/4/1', '2013-04-01'],
    ['2013年4月1日現在', '2013-04-01'],
    ['2025年12月末', '2025-12-31'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseEraDate(text)).toBe(iso);
  });

  it.each([
    '',
    '平成25年',
    'H25.4',
    'H25.2.30', // no such day
    'H25.13.1',
    'R7.0.1',
    '平成31年5月1日', // that day was 令和元年5月1日
    '令和元年4月30日', // and this one still 平成31年
    '平成31年5月末',
    '平成元年1月7日', // 昭和64年
    '1989-01-07',
    '1988-04-01',
    '令和0年4月1日',
    '2013-04-01T09:00',
    'R7.12月末頃',
  ])('does not read %j as a date', (text) => {
    expect(parseEraDate(text)).toBeUndefined();
  });

  it.each(['1989-01-08', '2013-04-01', '2019-04-30', '2019-05-01', '2026-03-31'])('reads back the date it writes for %s', (iso) => {
    expect(parseEraDate(formatDate(iso))).toBe(iso);
  });

  it('reads back a month end it writes as the last day of the month', () => {
    expect(parseEraDate(formatPeriodLabel({ kind: 'month_end', date: '2019-04-10' }))).toBe('2019-04-30');
  });
});
