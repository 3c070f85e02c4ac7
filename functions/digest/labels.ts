import type { Kpi } from '../domain/catalogue/schema.ts';
import { formatCalendarYear, formatFiscalYear, formatValue, tokyoDate } from '../domain/calendar/index.ts';

/**
 * How the digest and the reminders write periods and KPI figures. Every period label they print
 * goes through `periodLabel` (令和7年12月末, 令和6年度, 令和7年, 令和7年度〜令和11年度), so the
 * notation is decided in one place and moves to the calendar's shared period-label formatter
 * when there is one.
 */
export const periodLabel = {
  fiscalYear: formatFiscalYear,
  calendarYear: formatCalendarYear,
  /** A point in time the plan dates by its month's end: 2025-12-31 → 令和7年12月末. */
  monthEnd: (isoDate: string) => {
    const { year, month } = tokyoDate(isoDate);
    return `${formatCalendarYear(year)}${month}月末`;
  },
  window: (window: { from: number; to: number }) => `${formatFiscalYear(window.from)}〜${formatFiscalYear(window.to)}`,
};

/** The period a KPI's baseline was measured in, in the plan's own basis. */
function baselinePeriod(kpi: Kpi): string {
  const { baseline } = kpi;
  if (baseline.asOf === 'point_in_time' && baseline.date) return periodLabel.monthEnd(baseline.date);
  if (baseline.asOf === 'fiscal_year_window' && baseline.window) return periodLabel.window(baseline.window);
  return baseline.asOf === 'calendar_year' ? periodLabel.calendarYear(baseline.period) : periodLabel.fiscalYear(baseline.period);
}

function targetPeriod(kpi: Kpi): string {
  const { target } = kpi;
  if (target.window) return periodLabel.window(target.window);
  return kpi.basis === 'calendar_year' ? periodLabel.calendarYear(target.period) : periodLabel.fiscalYear(target.period);
}

/** "8件/年": a target that is a yearly mean over a window counts per year, and so does its baseline. */
const perYear = (kpi: Kpi) => (kpi.target.comparison === 'window_mean' ? '/年' : '');

/** "83件（令和7年12月末）": the baseline's value and when it was measured. */
export function baselineLabel(kpi: Kpi): string {
  const value = formatValue(kpi.baseline.value, kpi.unit, { approximate: kpi.baseline.approximate });
  return `${value}${perYear(kpi)}（${baselinePeriod(kpi)}）`;
}

/** "100件（令和12年度）", "26億3,000万円以上（令和12年度）", "現状より向上（令和11年度）". */
export function targetLabel(kpi: Kpi): string {
  const { target } = kpi;
  const period = targetPeriod(kpi);
  if (target.value === null) return `現状より向上（${period}）`;
  const bound = target.comparison === 'at_least' ? '以上' : target.comparison === 'at_most' ? '以下' : '';
  return `${formatValue(target.value, kpi.unit, { approximate: target.approximate })}${perYear(kpi)}${bound}（${period}）`;
}
