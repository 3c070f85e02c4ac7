import { describe, expect, it } from 'vitest';
import {
  currentFiscalYear,
  fiscalYearOf,
  fiscalYearRange,
  formatCalendarYear,
  formatCount,
  formatDate,
  formatFiscalYear,
  formatFiscalYearShort,
  formatPercent,
  formatPeriod,
  formatValue,
  formatYen,
  lastEndedFiscalYear,
  parseJapaneseNumber,
  reiwaYear,
  westernYearFromReiwa,
} from '../functions/domain/calendar/index.ts';

describe('年度 and 令和', () => {
  it.each([
    [2019, 1],
    [2025, 7],
    [2026, 8],
    [2030, 12],
  ])('%i is 令和%i', (western, reiwa) => {
    expect(reiwaYear(western)).toBe(reiwa);
    expect(westernYearFromReiwa(reiwa)).toBe(western);
  });

  it('refuses years before 令和', () => {
    expect(() => reiwaYear(2018)).toThrow(RangeError);
    expect(() => westernYearFromReiwa(0)).toThrow(RangeError);
  });

  it.each([
    ['2026-03-31', 2025],
    ['2026-04-01', 2026],
    ['2025-01-31', 2024],
    ['2025-12-31', 2025],
    ['2027-03-31', 2026],
  ])('the date %s belongs to FY%i', (date, fy) => {
    expect(fiscalYearOf(date)).toBe(fy);
  });

  it.each([
    ['2026-03-31T14:59:59Z', 2025],
    ['2026-03-31T15:00:00Z', 2026],
    ['2026-03-31T15:30:00Z', 2026],
  ])('an instant is dated in Tokyo time: %s → FY%i', (instant, fy) => {
    expect(fiscalYearOf(new Date(instant))).toBe(fy);
  });

  it.each([
    ['2027-06-01T00:00:00+09:00', 2027, 2026],
    ['2027-03-31T23:59:00+09:00', 2026, 2025],
    ['2027-04-01T00:00:00+09:00', 2027, 2026],
  ])('on %s the current fiscal year is %i and the last ended one %i', (now, current, ended) => {
    expect(currentFiscalYear(new Date(now))).toBe(current);
    expect(lastEndedFiscalYear(new Date(now))).toBe(ended);
  });

  it('gives a fiscal year its first and last day', () => {
    expect(fiscalYearRange(2026)).toEqual({ start: '2026-04-01', end: '2027-03-31' });
  });

  it.each([
    [formatFiscalYear(2026), '令和8年度'],
    [formatFiscalYear(2019), '令和元年度'],
    [formatFiscalYearShort(2026), 'R8'],
    [formatCalendarYear(2025), '令和7年'],
    [formatPeriod(2030, 'calendar_year'), '令和12年'],
    [formatPeriod(2030, 'fiscal_year'), '令和12年度'],
    [formatDate('2025-12-31'), '令和7年12月31日'],
    [formatDate('2019-05-01'), '令和元年5月1日'],
    [formatDate(new Date('2026-03-31T15:00:00Z')), '令和8年4月1日'],
  ])('writes %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe('numbers the way the plan writes them', () => {
  it.each([
    [formatCount(21382, '人'), '21,382人'],
    [formatCount(616394, '件'), '616,394件'],
    [formatCount(7, '団体'), '7団体'],
    [formatCount(11.2, '日'), '11.2日'],
    [formatPercent(99.48), '99.48%'],
    [formatPercent(87.5), '87.5%'],
    [formatPercent(0.1 + 0.2), '0.3%'],
    [formatPercent(60), '60%'],
  ])('writes %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([
    [2628500000, '26億2,850万円'],
    [2630000000, '26億3,000万円'],
    [1_0000_0000, '1億円'],
    [12345, '1万2,345円'],
    [999, '999円'],
    [0, '0円'],
    [-1_0000, '-1万円'],
    [1_2345_6789_0123, '1兆2,345億6,789万123円'],
  ])('writes %i yen as %s', (yen, text) => {
    expect(formatYen(yen)).toBe(text);
  });

  it.each([
    [12, '%', true, '約12%'],
    [2630000000, '円', false, '26億3,000万円'],
    [24000, '人', false, '24,000人'],
  ])('formats %d %s (approximate: %s) as %s', (value, unit, approximate, text) => {
    expect(formatValue(value, unit, { approximate })).toBe(text);
  });

  it.each([
    ['26億2,850万円', 2628500000],
    ['26億3,000万円', 2630000000],
    ['21,382', 21382],
    ['21,382人', 21382],
    ['１２３', 123],
    ['12.5', 12.5],
    ['約12%', 12],
    ['1万2,345円', 12345],
    ['-3', -3],
  ])('reads %s as %d', (text, value) => {
    expect(parseJapaneseNumber(text)).toBe(value);
  });

  it.each(['abc', '', '1,2,3x', '十二', '12..5', '億'])('refuses %j', (text) => {
    expect(parseJapaneseNumber(text)).toBeNull();
  });

  it('reads back what it writes', () => {
    for (const yen of [2628500000, 12345, 1_0000_0000, 999]) expect(parseJapaneseNumber(formatYen(yen))).toBe(yen);
  });
});
