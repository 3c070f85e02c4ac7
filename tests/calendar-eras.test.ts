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
