import type { Kpi } from '../domain/catalogue/schema.ts';
import { formatCalendarYear, formatFiscalYear, formatPercent, formatValue, tokyoDate } from '../domain/calendar/index.ts';

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

/** Progress past this many times the baseline→target span says more about a tiny span than about the KPI. */
const FAR_BEYOND = 2;

/**
 * A KPI's progress toward its target and where the plan expects it: "41.18%（目安 40%）", "—" when not
 * measurable. Figures that would mislead are put in words (issue 23: 22-K1 showed 「進捗 5,593.33%」):
 * past twice the span 「目標を大きく上回る」, below the baseline 「基準値より後退」. A target that is a mean over
 * several years (window_mean, 33-K1) is met or not, with no 順調 on the way (attainment/kpi.ts rateKpi):
 * its rating is explained instead of a 目安 it is not judged by.
 */
export function progressLabel(progress: number | null, expected: number | null, options: { meanOverYears?: boolean } = {}): string {
  if (options.meanOverYears) return progress !== null && progress >= 1 ? '期間平均で目標達成' : '期間平均で判定（目標に届くまでC）';
  if (progress === null) return '—';
  if (progress > FAR_BEYOND) return '目標を大きく上回る';
  if (progress < 0) return '基準値より後退';
  return `${formatPercent(progress * 100)}${expected === null ? '' : `（目安 ${formatPercent(expected * 100)}）`}`;
}
