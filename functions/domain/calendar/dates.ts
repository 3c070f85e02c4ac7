/**
 * 年度 (fiscal year) and 令和 (era year) arithmetic, done on Tokyo's calendar. Plain arithmetic on
 * numbers and UTC fields only — no Intl time-zone data, no Node APIs — so the browser gets the same
 * answers as the Lambda, whatever time zone either machine runs in.
 */

/** 令和元年 = 2019. */
const REIWA_FIRST_YEAR = 2019;
/** The era changed on 1 May 2019; the days before it are 平成31年, not 令和元年. */
const REIWA_FIRST_DAY = '2019-05-01';
/** Asia/Tokyo has no daylight saving: a fixed +9 hours turns an instant into Tokyo's calendar date. */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
/** 年度 starts in April. */
const FISCAL_YEAR_FIRST_MONTH = 4;

/** A calendar date as Tokyo counts it (month 1–12). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Whether a KPI counts 年度 (April–March) or calendar years (年次有給休暇 "R7年"). */
export type PeriodBasis = 'fiscal_year' | 'calendar_year';

function requireYear(year: number, what: string): void {
  if (!Number.isInteger(year)) throw new RangeError(`${what}は整数で指定してください: ${year}`);
}

/**
 * 2026 → 8. Years before 2019 belong to another era, so they are refused rather than turned into
 * 令和0年 or a negative year.
 */
export function reiwaYear(westernYear: number): number {
  requireYear(westernYear, '西暦年');
  if (westernYear < REIWA_FIRST_YEAR) {
    throw new RangeError(`${westernYear}年は令和ではありません（令和元年は${REIWA_FIRST_YEAR}年）`);
  }
  return westernYear - REIWA_FIRST_YEAR + 1;
}

/** 8 → 2026 (令和元年 is 1). */
export function westernYearFromReiwa(reiwa: number): number {
  requireYear(reiwa, '令和の年');
  if (reiwa < 1) throw new RangeError(`令和${reiwa}年はありません`);
  return reiwa + REIWA_FIRST_YEAR - 1;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Tokyo's calendar date of an instant, or the date an ISO string names.
 *
 * - "2025-01-31" is that day: a date has no time zone, so it is never shifted.
 * - "2026-03-31T15:30:00Z" is an instant, dated in Tokyo (1 April).
 * - "2026-03-31T10:00" (no offset) is read as Tokyo wall-clock time; JavaScript would read it in
 *   the machine's own zone, which differs between a browser and a Lambda.
 *
 * Other strings ("2025/12/31", "令和7年") are refused: engines parse them differently.
 */
export function tokyoDate(date: Date | string): CalendarDate {
  if (typeof date === 'string') {
    const dateOnly = DATE_ONLY.exec(date);
    if (dateOnly) {
      const [year, month, day] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
      if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
        throw new RangeError(`存在しない日付です: ${date}`);
      }
      return { year, month, day };
    }
    const dateTime = DATE_TIME.exec(date);
    if (!dateTime) throw new RangeError(`日付として読めません（YYYY-MM-DD の形で指定してください）: ${date}`);
    tokyoDate(dateTime[1]!); // refuses 2025-02-30T… the same way as 2025-02-30
    return tokyoDate(new Date(`${dateTime[1]}T${dateTime[2]}${dateTime[3] ?? '+09:00'}`));
  }
  if (Number.isNaN(date.getTime())) throw new RangeError('日付として読めません: Invalid Date');
  const shifted = new Date(date.getTime() + TOKYO_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The 年度 a date belongs to: 1 April – 31 March, so January–March count for the previous year. */
export function fiscalYearOf(date: Date | string): number {
  const { year, month } = tokyoDate(date);
  return month >= FISCAL_YEAR_FIRST_MONTH ? year : year - 1;
}

/** The 年度 under way in Tokyo at `now`. */
export function currentFiscalYear(now: Date = new Date()): number {
  return fiscalYearOf(now);
}

/**
 * The 年度 that ended most recently: the one a yearly review looks back on. On 31 March the
 * current 年度 has not ended yet, so it is the one before.
 */
export function lastEndedFiscalYear(now: Date = new Date()): number {
  return currentFiscalYear(now) - 1;
}

/** First and last day of a 年度, as ISO dates: 2026 → 2026-04-01 … 2027-03-31. */
export function fiscalYearRange(fiscalYear: number): { start: string; end: string } {
  requireYear(fiscalYear, '年度');
  return { start: `${fiscalYear}-04-01`, end: `${fiscalYear + 1}-03-31` };
}

/** "令和8" or, for the first year, "令和元" (documents never write 令和1年). */
function reiwaLabel(westernYear: number): string {
  const reiwa = reiwaYear(westernYear);
  return `令和${reiwa === 1 ? '元' : reiwa}`;
}

/** 2026 → 令和8年度; 2019 → 令和元年度 (FY2019 is called 令和元年度 even though April 2019 was still 平成). */
export function formatFiscalYear(fiscalYear: number): string {
  return `${reiwaLabel(fiscalYear)}年度`;
}

/** 2026 → R8, the short form of tables and headers. */
export function formatFiscalYearShort(fiscalYear: number): string {
  return `R${reiwaYear(fiscalYear)}`;
}

/** 2025 → 令和7年, for KPIs counted by calendar year. */
export function formatCalendarYear(year: number): string {
  return `${reiwaLabel(year)}年`;
}

/** A KPI's period in its own basis: a calendar-year KPI is never relabelled as 年度. */
export function formatPeriod(year: number, basis: PeriodBasis): string {
  return basis === 'calendar_year' ? formatCalendarYear(year) : formatFiscalYear(year);
}

/**
 * 2025-12-31 → 令和7年12月31日 (Tokyo's date of an instant). Dates before 1 May 2019 are refused:
 * they are 平成, and writing them as 令和 would be wrong.
 */
export function formatDate(date: Date | string): string {
  const { year, month, day } = tokyoDate(date);
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (iso < REIWA_FIRST_DAY) throw new RangeError(`${iso}は令和より前の日付です（令和は${REIWA_FIRST_DAY}から）`);
  return `${reiwaLabel(year)}年${month}月${day}日`;
}

/**
 * An instant as Japanese documents write a time stamp, in Tokyo time: 2026-05-01T00:30:00Z →
 * 令和8年5月1日 9:30 (hour without a leading zero, minutes with one). Refuses what `formatDate` refuses.
 */
export function formatDateTime(instant: Date | string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`日時として読めません: ${String(instant)}`);
  const shifted = new Date(date.getTime() + TOKYO_OFFSET_MS);
  return `${formatDate(date)} ${shifted.getUTCHours()}:${String(shifted.getUTCMinutes()).padStart(2, '0')}`;
}
