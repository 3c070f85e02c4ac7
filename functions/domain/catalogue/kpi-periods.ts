import { fiscalYearRange, formatPeriod, formatPeriodLabel, formatValue, tokyoDate } from '../calendar/index.ts';
import type { Kpi, Plan, Target } from './schema.ts';

/** A plan's period: first and last fiscal year. */
export type PlanPeriod = Plan['period'];

/**
 * Which periods a KPI takes actuals for, and how a period is named to the person entering one.
 * The period of an actual is a fiscal year, or for a calendar-year KPI (年次有給休暇) the calendar
 * year with the same number: the FY N report carries the year N (January–December).
 */

/**
 * The fiscal years a KPI accepts actuals for, oldest first: the plan's years, and before them the years
 * of a per-year target's window that start earlier. A target of "8件/年 (R7～11年度)" in a plan that
 * starts in 令和8年度 averages a window that starts a year before the plan, so that year's actual counts
 * and is accepted; every other KPI starts with the plan's first year.
 */
export function kpiActualYears(kpi: Kpi, period: PlanPeriod): number[] {
  const first = Math.min(period.firstFiscalYear, kpi.target.window?.from ?? period.firstFiscalYear);
  return Array.from({ length: period.lastFiscalYear - first + 1 }, (_, i) => first + i);
}

/** Whether a KPI accepts an actual for the fiscal year (see kpiActualYears). For the KPI actual routes. */
export function kpiAcceptsFiscalYear(kpi: Kpi, fiscalYear: number, period: PlanPeriod): boolean {
  return kpiActualYears(kpi, period).includes(fiscalYear);
}

/** The earliest fiscal year any KPI of the plan accepts an actual for: FY2025 in the 8th plan. */
export function earliestActualYear(kpis: readonly Kpi[], period: PlanPeriod): number {
  return Math.min(period.firstFiscalYear, ...kpis.map((kpi) => kpiActualYears(kpi, period)[0]!));
}

/** What a KPI actual form asks for: the period, its label, and the 時点 hint under the 時点 field. */
export interface ActualPeriodPrompt {
  /** The period the actual is stored under (the fiscal year, or the same-numbered calendar year). */
  period: number;
  /** 令和8年度, or 令和8年 for a calendar-year KPI. */
  label: string;
  /** The sentence under the 時点 field, saying which moment the value is for. */
  asOfHint: string;
  /** The last day of the period (ISO date): what 時点 usually is, offered as the default. */
  periodEnd: string;
}

/**
 * For a KPI and the fiscal year being reported: which period's value to ask for and the 時点 hint.
 * A fiscal-year KPI asks for the 年度's value, as of its last day (令和9年3月31日) or, for a count
 * kept over the year, for the year as a whole. A calendar-year KPI asks for the calendar year's value
 * (January–December), as of 31 December; it never relabels that as 年度.
 */
export function actualPeriodFor(kpi: Kpi, fiscalYear: number): ActualPeriodPrompt {
  const label = formatPeriod(fiscalYear, kpi.basis);
  if (kpi.basis === 'calendar_year') {
    const periodEnd = `${fiscalYear}-12-31`;
    return {
      period: fiscalYear,
      label,
      asOfHint: `${label}（1月〜12月）の値を入力してください。時点は${formatPeriodLabel({ kind: 'date', date: periodEnd })}です。`,
      periodEnd,
    };
  }
  const periodEnd = fiscalYearRange(fiscalYear).end;
  return {
    period: fiscalYear,
    label,
    asOfHint: `${label}（4月〜翌年3月）の値を入力してください。時点は年度末の${formatPeriodLabel({ kind: 'date', date: periodEnd })}です（集計した日が違うときはその日）。`,
    periodEnd,
  };
}

/** 2025-12-31 is the last day of its month: the plan writes such a point in time as 12月末. */
function isMonthEnd(isoDate: string): boolean {
  const { year, month, day } = tokyoDate(isoDate);
  return new Date(Date.UTC(year, month, 0)).getUTCDate() === day;
}

/** The value as the plan states it: "2件/年" for a per-year figure, "約12%", "26億3,000万円以上". */
function valueText(kpi: Kpi, value: number, approximate: boolean, perYear: boolean): string {
  return `${formatValue(value, kpi.unit, { approximate })}${perYear ? '/年' : ''}`;
}

/** The target a period is compared with: the plan's own target for that year, else the final one (the rating's rule, attainment/kpi.ts). */
export function targetFor(kpi: Kpi, period: number): Target {
  return kpi.targets?.find((target) => target.period === period) ?? kpi.target;
}

/**
 * A KPI's baseline in the one notation: 83件（令和7年12月末）, 616,394件（令和6年度）,
 * 2件/年（令和2〜6年度）, 11.2日（令和7年）. The seed's `label` keeps the document's own spelling.
 */
export function formatBaseline(kpi: Kpi): string {
  const { baseline } = kpi;
  const perYear = baseline.asOf === 'fiscal_year_window' || kpi.target.comparison === 'window_mean';
  const value = valueText(kpi, baseline.value, baseline.approximate, perYear);
  const when =
    baseline.asOf === 'point_in_time' && baseline.date
      ? formatPeriodLabel({ kind: isMonthEnd(baseline.date) ? 'month_end' : 'date', date: baseline.date })
      : baseline.asOf === 'fiscal_year_window' && baseline.window
        ? formatPeriodLabel({ kind: 'fiscal_years', ...baseline.window })
        : formatPeriod(baseline.period, kpi.basis);
  return `${value}（${when}）`;
}

/**
 * A KPI's target in the one notation: 100件（令和12年度）, 8件/年（令和7〜11年度）, 現状より向上（令和11年度）,
 * 未設定（令和12年度）; a qualitative KPI's in its own words. `target` is the final one unless given (e.g. a
 * year's own, targetFor).
 */
export function formatTarget(kpi: Kpi, target: Target = kpi.target): string {
  const when = target.window ? formatPeriodLabel({ kind: 'fiscal_years', ...target.window }) : formatPeriod(target.period, kpi.basis);
  if (target.comparison === 'unset') return `未設定（${when}）`;
  // A qualitative KPI's target is words: the plan's own.
  if (kpi.kind === 'qualitative') return `${target.label}（${when}）`;
  if (target.value === null) return `現状より向上（${when}）`;
  const comparison = target.comparison === 'at_least' ? '以上' : target.comparison === 'at_most' ? '以下' : '';
  return `${valueText(kpi, target.value, target.approximate, target.comparison === 'window_mean')}${comparison}（${when}）`;
}
