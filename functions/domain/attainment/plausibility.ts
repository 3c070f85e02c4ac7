import { formatPeriod, formatValue } from '../calendar/index.ts';
import { formatBaseline } from '../catalogue/kpi-periods.ts';
import type { Kpi } from '../catalogue/schema.ts';
import type { PeriodValue } from './kpi.ts';

/**
 * How far a year's actual may move from the value before it without a question. A value is "far"
 * when it differs from the reference by more than BOTH
 * - half of the reference (FAR_SHARE): a dropped or doubled digit, a value in the wrong unit; and
 * - the whole change the plan expects over its five years, |target − baseline|: a KPI planned to
 *   move a lot (33-K1: 2 → 8件/年) may move that much in one year without a warning.
 * The reference is the latest actual before the period, or the baseline when there is none yet.
 */
export const FAR_SHARE = 0.5;

/**
 * Questions to ask before a KPI actual is saved: warnings, never errors (the value may be right).
 * Returns Japanese sentences for the form and the API, empty when nothing looks odd:
 * - a % KPI with a value over 100;
 * - a value far from the previous one (see FAR_SHARE).
 * `earlier` are the KPI's actuals of other periods (any order); those at or after `period` are ignored.
 */
export function kpiActualWarnings(kpi: Kpi, period: number, value: number, earlier: readonly PeriodValue[] = []): string[] {
  const warnings: string[] = [];
  if (kpi.unit === '%' && value > 100) {
    warnings.push(`${formatValue(value, '%')}は100%を超えています。割合（%）の値か確認してください。`);
  }

  const previous = earlier.filter((actual) => actual.period < period).sort((a, b) => b.period - a.period)[0];
  const reference = previous?.value ?? kpi.baseline.value;
  const plannedChange = kpi.target.value === null ? 0 : Math.abs(kpi.target.value - kpi.baseline.value);
  const difference = value - reference;
  if (Math.abs(difference) > Math.max(FAR_SHARE * Math.abs(reference), plannedChange)) {
    const from = previous ? `${formatPeriod(previous.period, kpi.basis)}の実績 ${formatValue(previous.value, kpi.unit)}` : `基準値 ${formatBaseline(kpi)}`;
    // README 「表記の決まり」 (notation's formatSigned/formatPointDifference): a fall is △, and between
    // percentages it is ポイント (90% → 9% is △81ポイント); a rise keeps its + so the direction is said.
    // Written here rather than imported: this runs in the report form, and the notation module alone
    // put the first-loaded web chunk 0.6 KB over its gzip budget (web/vite.config.ts).
    const magnitude = formatValue(Math.abs(difference), kpi.unit);
    const change = kpi.unit === '%' ? magnitude.replace(/%$/, 'ポイント') : magnitude;
    warnings.push(`${from}から大きく変わっています（${difference > 0 ? '+' : '△'}${change}）。入力に誤りがないか確認してください。`);
  }
  return warnings;
}
