/**
 * 年度 (fiscal year) and 令和 (era year) arithmetic (平成 and the choice of era are in era.ts), done on Tokyo's calendar. Plain arithmetic on
 * numbers and UTC fields only — no Intl time-zone data, no Node APIs — so the browser gets the same
 * answers as the Lambda, whatever time zone either machine runs in.
 */

/** 令和元年 = 2019. */
const REIWA_FIRST_YEAR = 2019;
/** The era changed on 1 May 2019; the days before it are 平成31年, not 令和元年. */
export const REIWA_FIRST_DAY = '2019-05-01';
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
  if (!Number.isInteger(year)) throw new RangeError(`${what}は整数で指定してください：${year}`);
}

/**
 * 2026 → 8. Years before 2019 belong to another era, so they are refused rather than turned into
 * 令和0年 or a negative year; eraYear (era.ts) gives the year in whichever era it belongs to.
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
        throw new RangeError(`存在しない日付です：${date}`);
      }
      return { year, month, day };
    }
    const dateTime = DATE_TIME.exec(date);
    if (!dateTime) throw new RangeError(`日付として読めません（YYYY-MM-DD の形で指定してください）：${date}`);
    tokyoDate(dateTime[1]!); // refuses 2025-02-30T… the same way as 2025-02-30
    return tokyoDate(new Date(`${dateTime[1]}T${dateTime[2]}${dateTime[3] ?? '+09:00'}`));
  }
  if (Number.isNaN(date.getTime())) throw new RangeError('日付として読めません：Invalid Date');
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

/** HQ's yearly 提出期限 unless a deployment sets another (infra settings `deadline`, MM-DD). */
export const DEFAULT_SUBMISSION_DEADLINE = '05-31';

/**
 * The 提出期限 of a 年度's reports as an ISO date: the MM-DD setting in the year after the 年度 begins
 * (the reports look back on a year that ended on 31 March): 2026, "04-30" → "2027-04-30". The one
 * computation the web home's countdown and the reminder mail share. Throws on a setting that is not a
 * day of that year (infra/settings.ts refuses those before a deploy).
 */
export function submissionDeadline(fiscalYear: number, monthDay: string = DEFAULT_SUBMISSION_DEADLINE): string {
  requireYear(fiscalYear, '年度');
  const match = /^(\d{2})-(\d{2})$/.exec(monthDay);
  const [month, day] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  const date = new Date(Date.UTC(fiscalYear + 1, month - 1, day));
  if (!match || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`提出期限「${monthDay}」は MM-DD の日付で指定してください（例：${DEFAULT_SUBMISSION_DEADLINE}）`);
  }
  return `${fiscalYear + 1}-${monthDay}`;
}

/** A wall-clock time in Tokyo (hour 0–23). */
export interface CalendarDateTime extends CalendarDate {
  hour: number;
  minute: number;
}

/**
 * Tokyo's date and time of an instant: a Date, or an ISO date-time string (read as Tokyo time when it
 * has no offset, as tokyoDate does). A bare date names no time, so it is refused.
 */
export function tokyoDateTime(instant: Date | string): CalendarDateTime {
  let at: Date;
  if (typeof instant === 'string') {
    const dateTime = DATE_TIME.exec(instant);
    if (!dateTime) throw new RangeError(`日時として読めません（YYYY-MM-DDThh:mm の形で指定してください）：${instant}`);
    tokyoDate(dateTime[1]!); // refuses 2025-02-30T… as a date
    at = new Date(`${dateTime[1]}T${dateTime[2]}${dateTime[3] ?? '+09:00'}`);
  } else {
    at = instant;
  }
  if (Number.isNaN(at.getTime())) throw new RangeError('日時として読めません：Invalid Date');
  const shifted = new Date(at.getTime() + TOKYO_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}
