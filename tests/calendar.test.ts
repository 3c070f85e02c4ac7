import { afterEach, describe, expect, it } from 'vitest';
import {
  currentFiscalYear,
  fiscalYearOf,
  fiscalYearRange,
  formatCalendarYear,
  formatCount,
  formatDate,
  formatFiscalYear,
  formatDateTime,
  formatPeriodLabel,
  formatPercent,
  formatPeriod,
  formatValue,
  formatYen,
  lastEndedFiscalYear,
  parseJapaneseNumber,
  reiwaYear,
  submissionDeadline,
  tokyoDate,
  westernYearFromReiwa,
} from '../functions/domain/calendar/index.ts';

describe('令和', () => {
  it.each([
    [2019, 1],
    [2020, 2],
    [2025, 7],
    [2026, 8],
    [2030, 12],
  ])('%i is 令和%i, and back', (western, reiwa) => {
    expect(reiwaYear(western)).toBe(reiwa);
    expect(westernYearFromReiwa(reiwa)).toBe(western);
  });

  it.each([2018, 1989, 0, -5, 2026.5, Number.NaN])('refuses %d as a 令和 year', (year) => {
    expect(() => reiwaYear(year)).toThrow(RangeError);
  });

  it.each([0, -1, 1.5])('refuses 令和%d', (reiwa) => {
    expect(() => westernYearFromReiwa(reiwa)).toThrow(RangeError);
  });
});

describe('年度 (fiscal year, 1 April – 31 March)', () => {
  it.each([
    ['2026-03-31', 2025],
    ['2026-04-01', 2026],
    ['2025-01-31', 2024], // 令和7年1月末 is still 令和6年度
    ['2025-12-31', 2025], // 令和7年12月末
    ['2027-03-31', 2026],
    ['2019-04-01', 2019],
    ['2024-02-29', 2023],
    ['2030-01-01', 2029],
  ])('the date %s belongs to FY%i', (date, fy) => {
    expect(fiscalYearOf(date)).toBe(fy);
  });

  it.each([
    ['2026-03-31T14:59:59Z', 2025], // 23:59:59 on 31 March in Tokyo
    ['2026-03-31T15:00:00Z', 2026], // midnight, 1 April in Tokyo
    ['2026-03-31T15:30:00Z', 2026],
    ['2026-03-31T23:59:59.999Z', 2026],
    ['2026-04-01T00:00:00+09:00', 2026],
    ['2026-03-31T23:59:59+09:00', 2025],
    ['2026-03-31T12:00:00-05:00', 2026], // 17:00Z = 02:00 on 1 April in Tokyo
  ])('an instant is dated in Tokyo time, not UTC: %s → FY%i', (instant, fy) => {
    expect(fiscalYearOf(new Date(instant))).toBe(fy);
    expect(fiscalYearOf(instant)).toBe(fy); // the same instant given as a string
  });

  it.each([
    ['2026-03-31T23:30', 2025],
    ['2026-04-01T00:00:00', 2026],
  ])('a date-time without an offset is Tokyo wall-clock time: %s → FY%i', (text, fy) => {
    expect(fiscalYearOf(text)).toBe(fy);
  });

  describe('whatever time zone the machine runs in', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'])('gives the same answers under TZ=%s', (zone) => {
      process.env.TZ = zone;
      expect(fiscalYearOf('2026-03-31T23:30')).toBe(2025);
      expect(fiscalYearOf('2026-04-01')).toBe(2026);
      expect(fiscalYearOf(new Date('2026-03-31T15:00:00Z'))).toBe(2026);
      expect(formatDate(new Date('2025-12-31T15:00:00Z'))).toBe('令和8年1月1日');
    });
  });

  it.each(['2025-02-30', '2025-13-01', '2025-00-10', '2025/12/31', '令和7年12月31日', '', '2026-03-31T25:00Z'])('refuses %j as a date', (text) => {
    expect(() => fiscalYearOf(text)).toThrow(RangeError);
  });

  it('refuses an invalid Date', () => {
    expect(() => fiscalYearOf(new Date('nope'))).toThrow(RangeError);
  });

  it.each([
    ['2026-03-31T15:30:00Z', { year: 2026, month: 4, day: 1 }],
    ['2025-12-31', { year: 2025, month: 12, day: 31 }],
  ])('dates %s in Tokyo as %o', (text, date) => {
    expect(tokyoDate(text)).toEqual(date);
  });

  it.each([
    // now (Tokyo)                    current  last ended
    ['2027-06-01T00:00:00+09:00', 2027, 2026],
    ['2027-03-31T23:59:00+09:00', 2026, 2025], // 31 March: FY2026 has not ended yet
    ['2027-04-01T00:00:00+09:00', 2027, 2026], // the first moment of FY2027
    ['2027-03-31T15:00:00Z', 2027, 2026], // 1 April in Tokyo, still 31 March in UTC
    ['2027-01-15T12:00:00+09:00', 2026, 2025], // January belongs to the previous 年度
  ])('on %s the current fiscal year is %i and the last ended one %i', (now, current, ended) => {
    expect(currentFiscalYear(new Date(now))).toBe(current);
    expect(lastEndedFiscalYear(new Date(now))).toBe(ended);
  });

  it('uses the present moment by default', () => {
    const fy = fiscalYearOf(new Date());
    expect(currentFiscalYear()).toBe(fy);
    expect(lastEndedFiscalYear()).toBe(fy - 1);
  });

  it.each([
    [2026, '2026-04-01', '2027-03-31'],
    [2019, '2019-04-01', '2020-03-31'],
    [2030, '2030-04-01', '2031-03-31'],
  ])('FY%i runs from %s to %s', (fy, start, end) => {
    expect(fiscalYearRange(fy)).toEqual({ start, end });
    expect(fiscalYearOf(start)).toBe(fy);
    expect(fiscalYearOf(end)).toBe(fy);
  });

  it('refuses a fractional fiscal year', () => {
    expect(() => fiscalYearRange(2026.5)).toThrow(RangeError);
  });
});

describe('writing years and dates the way the plan does', () => {
  it.each([
    [2026, '令和8年度'],
    [2019, '令和元年度'],
    [2020, '令和2年度'],
    [2029, '令和11年度'],
    [2030, '令和12年度'],
  ])('FY%i is %s', (fy, long) => {
    expect(formatFiscalYear(fy)).toBe(long);
  });

  it.each([
    [2025, '令和7年'],
    [2019, '令和元年'],
    [2030, '令和12年'],
  ])('the calendar year %i is %s', (year, text) => {
    expect(formatCalendarYear(year)).toBe(text);
  });

  it.each([
    [2030, 'fiscal_year', '令和12年度'],
    [2030, 'calendar_year', '令和12年'],
    [2025, 'calendar_year', '令和7年'], // 年次有給休暇 "R7年" keeps its calendar-year basis
    [2019, 'fiscal_year', '令和元年度'],
  ] as const)('the period %i on a %s basis is %s', (year, basis, text) => {
    expect(formatPeriod(year, basis)).toBe(text);
  });

  it.each([formatFiscalYear, formatCalendarYear])('%o refuses years before 平成', (format) => {
    expect(() => format(1988)).toThrow(RangeError);
  });

  it.each([
    ['2025-12-31', '令和7年12月31日'],
    ['2025-01-31', '令和7年1月31日'],
    ['2019-05-01', '令和元年5月1日'], // the first day of 令和
    ['2026-04-01', '令和8年4月1日'],
  ])('the date %s is %s', (date, text) => {
    expect(formatDate(date)).toBe(text);
  });

  it.each([
    ['2026-03-31T15:00:00Z', '令和8年4月1日'],
    ['2026-03-31T14:59:59Z', '令和8年3月31日'],
    ['2019-04-30T15:00:00Z', '令和元年5月1日'],
  ])('the instant %s is dated in Tokyo: %s', (instant, text) => {
    expect(formatDate(new Date(instant))).toBe(text);
  });

  it.each(['1989-01-07', '1988-12-31'])('refuses %s: it is before 平成', (date) => {
    expect(() => formatDate(date)).toThrow(RangeError);
  });
});

describe('one formatter for every period label', () => {
  it.each([
    [{ kind: 'fiscal_year', year: 2024 }, '令和6年度'],
    [{ kind: 'calendar_year', year: 2025 }, '令和7年'],
    [{ kind: 'fiscal_years', from: 2026, to: 2030 }, '令和8〜12年度'],
    [{ kind: 'fiscal_years', from: 2025, to: 2029 }, '令和7〜11年度'], // 33-K1's window, "R7～11年度"
    [{ kind: 'fiscal_years', from: 2019, to: 2020 }, '令和元〜2年度'],
    [{ kind: 'fiscal_years', from: 2027, to: 2027 }, '令和9年度'],
    [{ kind: 'calendar_years', from: 2026, to: 2030 }, '令和8〜12年'],
    [{ kind: 'month_end', date: '2025-12-31' }, '令和7年12月末'],
    [{ kind: 'month_end', date: '2025-01-15' }, '令和7年1月末'],
    [{ kind: 'date', date: '2025-12-31' }, '令和7年12月31日'],
    [{ kind: 'instant', at: '2026-05-01T00:30:00Z' }, '令和8年5月1日 9:30'],
    [{ kind: 'instant', at: '2026-05-01T09:05' }, '令和8年5月1日 9:05'], // no offset: Tokyo wall clock
    [{ kind: 'instant', at: new Date('2027-03-31T15:00:00Z') }, '令和9年4月1日 0:00'], // the new 年度 in Tokyo
  ] as const)('%o is written %s', (period, text) => {
    expect(formatPeriodLabel(period)).toBe(text);
  });

  it("writes a JST timestamp the way the city writes it, whatever the machine's zone", () => {
    expect(formatDateTime('2026-04-30T15:30:00.000Z')).toBe('令和8年5月1日 0:30');
    expect(formatDateTime(new Date(Date.UTC(2026, 4, 1, 0, 30)))).toBe('令和8年5月1日 9:30');
  });

  it.each([
    [{ kind: 'fiscal_years', from: 2030, to: 2026 }],
    [{ kind: 'month_end', date: '1988-12-15' }],
    [{ kind: 'instant', at: '1989-01-07T10:00' }],
    [{ kind: 'instant', at: '2026-05-01' }], // a date names no time
    [{ kind: 'instant', at: new Date(Number.NaN) }],
  ] as const)('refuses %o', (period) => {
    expect(() => formatPeriodLabel(period)).toThrow(RangeError);
  });
});

describe('numbers the way the plan writes them', () => {
  it.each([
    [21382, '人', '21,382人'],
    [616394, '件', '616,394件'],
    [7, '団体', '7団体'],
    [11.2, '日', '11.2日'],
    [1234567.891, '', '1,234,567.89'],
    [-1234.5, '人', '△1,234.5人'],
    [0, '件', '0件'],
    [999, '人', '999人'],
    [1000, '人', '1,000人'],
  ])('counts %d %s as %s', (value, unit, text) => {
    expect(formatCount(value, unit)).toBe(text);
  });

  it('writes a count without a unit', () => {
    expect(formatCount(24000)).toBe('24,000');
  });

  it.each([
    [99.48, '99.48%'],
    [87.5, '87.5%'],
    [60, '60%'],
    [0.1 + 0.2, '0.3%'], // 0.30000000000000004
    [33.333333, '33.33%'],
    [1.005, '1.01%'], // toFixed(2) would say 1.00
    [2.675, '2.68%'],
    [99.999, '100%'],
    [-0.001, '0%'], // never "-0%"
    [-12.5, '△12.5%'],
  ])('writes %d percent as %s', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });

  it.each([
    [2628500000, '26億2,850万円'],
    [2630000000, '26億3,000万円'],
    [1_0000_0000, '1億円'],
    [1_0000_0001, '1億1円'],
    [1_0001_0000, '1億1万円'],
    [12345, '1万2,345円'],
    [10000, '1万円'],
    [9999, '9,999円'],
    [999, '999円'],
    [1, '1円'],
    [0, '0円'],
    [-1_0000, '△1万円'],
    [-2628500000, '△26億2,850万円'],
    [1_0000_0000_0000, '1兆円'],
    [1_2345_6789_0123, '1兆2,345億6,789万123円'],
    [1234_0000_0000_0000, '1,234兆円'],
    [12345.6, '1万2,346円'], // money is whole yen
    [0.4, '0円'],
    [-0.4, '0円'], // not "-円"
  ])('writes %d yen as %s', (yen, text) => {
    expect(formatYen(yen)).toBe(text);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses to write %d', (value) => {
    expect(() => formatYen(value)).toThrow(RangeError);
    expect(() => formatCount(value, '人')).toThrow(RangeError);
    expect(() => formatPercent(value)).toThrow(RangeError);
  });

  it.each([
    [12, '%', true, '約12%'],
    [12, '%', false, '12%'],
    [99.48, '%', undefined, '99.48%'],
    [2630000000, '円', false, '26億3,000万円'],
    [2630000000, '円', true, '約26億3,000万円'],
    [24000, '人', false, '24,000人'],
    [8, '件', true, '約8件'],
    [1.25, 'index', false, '1.25index'],
  ])('formats %d %s (approximate: %s) as %s', (value, unit, approximate, text) => {
    expect(formatValue(value, unit, { approximate })).toBe(text);
  });

  it('formats without options as exact', () => {
    expect(formatValue(21382, '人')).toBe('21,382人');
  });
});

describe('reading back what a person types', () => {
  it.each([
    ['26億2,850万円', 2628500000],
    ['26億3,000万円', 2630000000],
    ['26億2850万', 2628500000],
    ['1億円', 100000000],
    ['1万2,345円', 12345],
    ['1兆2,345億6,789万123円', 1234567890123],
    ['12,345万', 123450000], // the leading group may be larger than 9,999
    ['1.1億', 110000000], // exactly, not 110000000.00000001
    ['2.5万円', 25000],
    ['21,382', 21382],
    ['21,382人', 21382],
    ['21382', 21382],
    ['１２３', 123],
    ['２１，３８２人', 21382],
    ['１２．５％', 12.5],
    ['12.5', 12.5],
    ['0.5', 0.5],
    ['約12%', 12],
    ['12 %', 12],
    ['  8件  ', 8],
    ['7団体', 7],
    ['11.2日', 11.2],
    ['-3', -3],
    ['+3', 3],
    ['−3', -3], // U+2212 MINUS SIGN
    ['▲1,000円', -1000], // budget documents' negative mark
    ['-1万円', -10000],
    ['0', 0],
    ['-0', 0],
  ])('reads %j as %d', (text, value) => {
    expect(parseJapaneseNumber(text)).toBe(value);
  });

  it.each([
    ['3.5時間', '時間', 3.5],
    ['1.25index', 'index', 1.25],
    ['40 pt', 'pt', 40],
  ])('reads %j with the unit %s as %d', (text, unit, value) => {
    expect(parseJapaneseNumber(text, unit)).toBe(value);
  });

  it.each([
    'abc',
    '',
    '   ',
    '1,2,3x',
    '十二',
    '12..5',
    '.5',
    '5.',
    '億',
    '万円',
    '-',
    '約',
    '%',
    '12abc',
    '1 2',
    '1e5',
    '0x10',
    'Infinity',
    'NaN',
    '1,23',
    '1万1万', // each unit at most once
    '1万2億', // and largest first
    '1億12,345万', // a group after the first is one 4-digit block
    '1万12345',
    '2.5億3,000万', // a decimal group must be the last
    '1万2,345.5',
  ])('refuses %j', (text) => {
    expect(parseJapaneseNumber(text)).toBeNull();
  });

  it('refuses a number too long for a double rather than returning Infinity', () => {
    expect(parseJapaneseNumber('9'.repeat(400))).toBeNull();
    expect(parseJapaneseNumber(`${'9'.repeat(400)}万`)).toBeNull();
  });

  it.each([2628500000, 2630000000, 1_2345_6789_0123, 12345, 1_0000_0000, 999, 0, -1_0000])('reads back formatYen(%d)', (yen) => {
    expect(parseJapaneseNumber(formatYen(yen))).toBe(yen);
  });

  it.each([
    [21382, '人'],
    [99.48, '%'],
    [11.2, '日'],
    [12, '%'],
  ])('reads back formatValue(%d, %s), approximate or not', (value, unit) => {
    expect(parseJapaneseNumber(formatValue(value, unit))).toBe(value);
    expect(parseJapaneseNumber(formatValue(value, unit, { approximate: true }))).toBe(value);
  });
});

describe("提出期限 (the deployment's deadline setting, MM-DD)", () => {
  it('falls in the year after the 年度 begins: 31 May by default, the setting otherwise', () => {
    expect(submissionDeadline(2026)).toBe('2027-05-31');
    expect(formatDate(submissionDeadline(2026, '04-30'))).toBe('令和9年4月30日');
    expect(submissionDeadline(2027, '02-29')).toBe('2028-02-29');
  });

  it.each(['4-30', '02-30', '13-01', '2027-04-30', ''])('refuses the setting %j with a Japanese message', (setting) => {
    expect(() => submissionDeadline(2026, setting)).toThrow(/提出期限「.*」は MM-DD の日付で指定してください/);
  });
});

describe('the written style (表記の決まり)', () => {
  it('writes differences of percentages in ポイント and negatives with △', async () => {
    const { formatPointDifference, formatSigned, formatTally, labelled, formatYen } = await import('../functions/domain/notation/index.ts');
    expect(formatPointDifference(65, 60)).toBe('△5ポイント');
    expect(formatPointDifference(40, 41.18)).toBe('1.18ポイント');
    expect(formatPointDifference(0.1, 0.3)).toBe('0.2ポイント');
    expect(formatSigned(-1200)).toBe('△1,200');
    expect(formatSigned(-263000000, formatYen)).toBe('△2億6,300万円');
    expect(
      formatTally([
        ['達成', 3],
        ['順調', 7],
        ['遅れ', 0],
      ]),
    ).toBe('達成 3・順調 7・遅れ 0');
    expect(labelled('基準値', '83件')).toBe('基準値：83件');
  });
});
