import { tokyoDate, tokyoDateTime } from './dates.ts';
import type { CalendarDate, PeriodBasis } from './dates.ts';
import { eraOfDate, eraYear } from './era.ts';
import type { EraYear } from './era.ts';

/**
 * Every period the system names to a person — on a screen, in an e-mail, a file name, a message —
 * in one shape, so there is one spelling of each (the way the city's documents write them):
 *
 * | kind            | input                         | written             |
 * | --------------- | ----------------------------- | ------------------- |
 * | `fiscal_year`   | 2024                          | 令和6年度            |
 * |                 | 2019 / 2018                   | 令和元年度 / 平成30年度 |
 * | `calendar_year` | 2025 (a calendar-year KPI)    | 令和7年              |
 * |                 | 2019 / 2018                   | 令和元年 / 平成30年   |
 * | `fiscal_years`  | 2026–2030                     | 令和8〜12年度         |
 * |                 | 2015–2018                     | 平成27〜30年度        |
 * |                 | 2017–2021 (across eras)       | 平成29〜令和3年度     |
 * | `calendar_years`| 2026–2030                     | 令和8〜12年           |
 * | `month_end`     | any ISO date in the month     | 令和7年12月末         |
 * |                 | 2019-04-10                    | 平成31年4月末         |
 * | `date`          | ISO date, or an instant       | 令和7年12月31日       |
 * |                 | 2013-04-01 / 2019-04-30       | 平成25年4月1日 / 平成31年4月30日 |
 * | `instant`       | Date or ISO date-time (JST)   | 令和8年5月1日 9:30    |
 *
 * Which era (rules and sources in era.ts): a date is written in the era in force that day
 * (2019-04-30 → 平成31年4月30日, 2019-05-01 → 令和元年5月1日), a month end in the era of its last day, a
 * calendar year in the era in force at its end, and a 年度 with its first calendar year's number, which
 * is also the era in force on its last day, 31 March (FY2018 → 平成30年度, FY2019 → 令和元年度). The
 * first year of an era is 元 (令和元年度), never 1. Years and dates before 平成 (1988, 1989-01-07 and
 * earlier) throw RangeError with a Japanese message.
 */
export type PeriodLabel =
  | { kind: 'fiscal_year'; year: number }
  | { kind: 'calendar_year'; year: number }
  | { kind: 'fiscal_years'; from: number; to: number }
  | { kind: 'calendar_years'; from: number; to: number }
  | { kind: 'month_end'; date: string }
  | { kind: 'date'; date: Date | string }
  | { kind: 'instant'; at: Date | string };

/** 8 → "8", and the first year of an era → "元" (documents never write 令和1年). */
function yearNumber({ year }: EraYear): string {
  return year === 1 ? '元' : String(year);
}

/** "令和8", "令和元", "平成30". */
function eraText(year: EraYear): string {
  return `${year.era}${yearNumber(year)}`;
}

/** A date's era year; the era of the day itself. */
function dateEra(date: CalendarDate): string {
  return eraText(eraOfDate(date));
}

/**
 * A span of years: the era once when both ends share it (令和8〜12年度, not 令和8〜令和12年度), both eras
 * when it crosses a change of era (平成29〜令和3年度), one year alone when it is one year (令和9年度).
 */
function yearRange(from: number, to: number, unit: '年度' | '年'): string {
  if (from > to) throw new RangeError(`年の範囲が逆です：${from}〜${to}`);
  const first = eraYear(from);
  if (from === to) return `${eraText(first)}${unit}`;
  const last = eraYear(to);
  return `${eraText(first)}〜${last.era === first.era ? yearNumber(last) : eraText(last)}${unit}`;
}

/** The one formatter of period labels; see PeriodLabel for what each kind is written as. */
export function formatPeriodLabel(period: PeriodLabel): string {
  switch (period.kind) {
    case 'fiscal_year':
      // FY2019 is 令和元年度 even though April 2019 was still 平成: a 年度 takes the number of the
      // calendar year it begins in, written in the era in force at that year's end (era.ts).
      return `${eraText(eraYear(period.year))}年度`;
    case 'calendar_year':
      return `${eraText(eraYear(period.year))}年`;
    case 'fiscal_years':
      return yearRange(period.from, period.to, '年度');
    case 'calendar_years':
      return yearRange(period.from, period.to, '年');
    case 'month_end': {
      // The era of the month's last day: 平成31年4月末 (30 April 2019 was still 平成).
      const { year, month } = tokyoDate(period.date);
      const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
      return `${dateEra({ year, month, day: lastDay })}年${month}月末`;
    }
    case 'date': {
      const date = tokyoDate(period.date);
      return `${dateEra(date)}年${date.month}月${date.day}日`;
    }
    case 'instant': {
      const { year, month, day, hour, minute } = tokyoDateTime(period.at);
      return `${dateEra({ year, month, day })}年${month}月${day}日 ${hour}:${String(minute).padStart(2, '0')}`;
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
