import { REIWA_FIRST_DAY, reiwaYear, tokyoDate, tokyoDateTime } from './dates.ts';
import type { PeriodBasis } from './dates.ts';

/**
 * Every period the system names to a person — on a screen, in an e-mail, a file name, a message —
 * in one shape, so there is one spelling of each (the way the city's documents write them):
 *
 * | kind            | input                         | written             |
 * | --------------- | ----------------------------- | ------------------- |
 * | `fiscal_year`   | 2024                          | 令和6年度            |
 * | `calendar_year` | 2025 (a calendar-year KPI)    | 令和7年              |
 * | `fiscal_years`  | 2026–2030                     | 令和8〜12年度         |
 * | `calendar_years`| 2026–2030                     | 令和8〜12年           |
 * | `month_end`     | any ISO date in the month     | 令和7年12月末         |
 * | `date`          | ISO date, or an instant       | 令和7年12月31日       |
 * | `instant`       | Date or ISO date-time (JST)   | 令和8年5月1日 9:30    |
 *
 * The first year of the era is 元 (令和元年度), never 1. Years and dates before 令和 throw RangeError:
 * they are 平成, and writing them as 令和 would be wrong.
 */
export type PeriodLabel =
  | { kind: 'fiscal_year'; year: number }
  | { kind: 'calendar_year'; year: number }
  | { kind: 'fiscal_years'; from: number; to: number }
  | { kind: 'calendar_years'; from: number; to: number }
  | { kind: 'month_end'; date: string }
  | { kind: 'date'; date: Date | string }
  | { kind: 'instant'; at: Date | string };

/** "令和8" or, for the first year, "令和元" (documents never write 令和1年). */
function era(westernYear: number): string {
  const reiwa = reiwaYear(westernYear);
  return `令和${reiwa === 1 ? '元' : reiwa}`;
}

/** The year number alone after 令和 has been written once: 令和8〜12年度, not 令和8〜令和12年度. */
function eraNumber(westernYear: number): string {
  const reiwa = reiwaYear(westernYear);
  return reiwa === 1 ? '元' : String(reiwa);
}

function requireReiwaDate(year: number, month: number, day: number): void {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (iso < REIWA_FIRST_DAY) throw new RangeError(`${iso}は令和より前の日付です（令和は${REIWA_FIRST_DAY}から）`);
}

/** The one formatter of period labels; see PeriodLabel for what each kind is written as. */
export function formatPeriodLabel(period: PeriodLabel): string {
  switch (period.kind) {
    case 'fiscal_year':
      // FY2019 is 令和元年度 even though April 2019 was still 平成.
      return `${era(period.year)}年度`;
    case 'calendar_year':
      return `${era(period.year)}年`;
    case 'fiscal_years':
    case 'calendar_years': {
      if (period.from > period.to) throw new RangeError(`年の範囲が逆です: ${period.from}〜${period.to}`);
      const unit = period.kind === 'fiscal_years' ? '年度' : '年';
      return period.from === period.to ? `${era(period.from)}${unit}` : `${era(period.from)}〜${eraNumber(period.to)}${unit}`;
    }
    case 'month_end': {
      const { year, month } = tokyoDate(period.date);
      requireReiwaDate(year, month, 31);
      return `${era(year)}年${month}月末`;
    }
    case 'date': {
      const { year, month, day } = tokyoDate(period.date);
      requireReiwaDate(year, month, day);
      return `${era(year)}年${month}月${day}日`;
    }
    case 'instant': {
      const { year, month, day, hour, minute } = tokyoDateTime(period.at);
      requireReiwaDate(year, month, day);
      return `${era(year)}年${month}月${day}日 ${hour}:${String(minute).padStart(2, '0')}`;
    }
  }
}

/** 2026 → 令和8年度. */
export function formatFiscalYear(fiscalYear: number): string {
  return formatPeriodLabel({ kind: 'fiscal_year', year: fiscalYear });
}

/** 2025 → 令和7年, for KPIs counted by calendar year. */
export function formatCalendarYear(year: number): string {
  return formatPeriodLabel({ kind: 'calendar_year', year });
}

/** A KPI's period in its own basis: a calendar-year KPI is never relabelled as 年度. */
export function formatPeriod(year: number, basis: PeriodBasis): string {
  return formatPeriodLabel({ kind: basis === 'calendar_year' ? 'calendar_year' : 'fiscal_year', year });
}

/** 2025-12-31 → 令和7年12月31日 (Tokyo's date of an instant). */
export function formatDate(date: Date | string): string {
  return formatPeriodLabel({ kind: 'date', date });
}

/** An instant as Tokyo's wall clock: 2026-05-01T00:30:00Z → 令和8年5月1日 9:30. For 「最終更新」 and 「送信日時」. */
export function formatDateTime(at: Date | string): string {
  return formatPeriodLabel({ kind: 'instant', at });
}
