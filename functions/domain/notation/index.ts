/**
 * The product's written style (README 「表記の決まり」) as functions: every screen, the digest and the sheets
 * format what they show through this module, so a rule is decided once. Periods and figures come from the
 * calendar's formatters (re-exported here: 令和 first, 西暦 beside it where machines read); what is added
 * here is what the calendar has no concern for: differences, signs, separators and the product's terms.
 */
import { formatPercent } from '../calendar/numbers.ts';

export {
  formatCalendarYear,
  formatCount,
  formatDate,
  formatDateTime,
  formatFiscalYear,
  formatPercent,
  formatPeriod,
  formatPeriodLabel,
  formatValue,
  formatYen,
} from '../calendar/index.ts';

/** The full-width colon after a Japanese label (「時点：令和8年度」); never 「: 」 (half-width and a space). */
export const LABEL_SEPARATOR = '：';

/** 「基準値：83件」: a label and its value with the full-width colon. */
export function labelled(label: string, value: string): string {
  return `${label}${LABEL_SEPARATOR}${value}`;
}

/**
 * A signed figure as Japanese public documents write it: a negative with △ (「△1,200」), a positive
 * without a sign. `format` writes the magnitude (e.g. formatYen, formatPercent); default grouped digits.
 */
export function formatSigned(value: number, format: (magnitude: number) => string = (n) => n.toLocaleString('ja-JP')): string {
  const text = format(Math.abs(value));
  return value < 0 ? `△${text}` : text;
}

/**
 * The difference between two percentages in ポイント, not % (65% → 60% is 「△5ポイント」, not 「-5%」 or
 * 「-7.7%」). Rounded to 2 decimals so float noise (0.1 + 0.2) never shows.
 */
export function formatPointDifference(from: number, to: number): string {
  const difference = Math.round((to - from) * 100) / 100 || 0;
  return formatSigned(difference, (magnitude) => `${formatPercent(magnitude).replace(/%$/, '')}ポイント`);
}

/**
 * A tally as the product writes it everywhere: 「達成 3・順調 7・遅れ 0」, a space between word and count,
 * 「・」 between entries, zero counts kept (a missing 遅れ reads as hidden).
 */
export function formatTally(entries: readonly (readonly [label: string, count: number])[]): string {
  return entries.map(([label, count]) => `${label} ${count}`).join('・');
}

/**
 * One term for one thing (README 「表記の決まり」). Report states are workflow.ts's REPORT_STATE_LABELS.
 * - 未報告: nothing submitted to HQ for the year (no report, or a draft: a draft is not a report to HQ).
 * - 未承認: submitted to HQ and not yet approved (what the council reads for anything not approved).
 * - 計画どおり: only the self-assessment B; the schedule comparison says 予定どおり.
 * - 基準値・実績値・目標値: the baseline, the year's actual and the target (never 現在値 or 基準).
 * - 令和X年度 for a named year; 当該年度 for "the year shown" in a sentence; never 今年度 of a past year.
 */
export const TERMS = {
  unreported: '未報告',
  unapproved: '未承認',
  onPlanRating: '計画どおり',
  onSchedule: '予定どおり',
  baseline: '基準値',
  actual: '実績値',
  target: '目標値',
  yearShown: '当該年度',
} as const;

/** Progress past this many times the baseline→target span says more about a tiny span than about the KPI. */
const FAR_BEYOND = 2;

/**
 * A KPI's progress toward its target and where the plan expects it, for the digest and the 達成度 page
 * alike (`progress` and `expected` are the engine's ratios, 1 = the target): "41.18%（目安 40%）", "—" when not
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
