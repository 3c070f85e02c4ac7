import type { Kpi } from '../catalogue/schema.ts';
import { targetFor } from '../catalogue/kpi-periods.ts';
import { DuplicateActualError } from './errors.ts';
import { KPI_RATING_REASON_LABELS } from './labels.ts';
import type { KpiRating, KpiRatingReason } from './labels.ts';

export interface PeriodValue {
  period: number;
  value: number;
}

/** A department's own assessment of a qualitative KPI for a period (the same A–D as its action items). */
export type KpiSelfAssessment = 'A' | 'B' | 'C' | 'D';

/**
 * One period's actual as reported: a quantitative KPI's value, or a qualitative KPI's assessment (its value
 * may be absent). An actual without what its KPI needs counts as not reported.
 */
export interface KpiPeriodActual {
  period: number;
  value?: number | null;
  assessment?: KpiSelfAssessment | null;
}

export interface KpiAssessment {
  /** The KPI's key. */
  id: string;
  /** Its measure's key. */
  measure: string;
  name: string;
  unit: string;
  basis: Kpi['basis'];
  /** The assessed period y: the fiscal year, or the same-numbered calendar year for a calendar-year KPI. */
  period: number;
  rating: KpiRating;
  /** m: the actual for the period, or for a per-year target the mean over the window so far (4 decimals). */
  measured: number | null;
  /** p = (m − b) / (t − b), 4 decimals; null when not reported or for "現状より向上". */
  progress: number | null;
  /** e = clamp((y − yb) / (yt − yb), 0, 1), 4 decimals; null when not reported or for "現状より向上". */
  expected: number | null;
  baseline: { value: number; period: number; label: string; approximate: boolean };
  /** The target the period was compared with: the year's own target when the plan gives one, else the final one. */
  target: { value: number | null; period: number; label: string; comparison: Kpi['target']['comparison'] };
  /** Why the rating is what it is when the numbers do not say (目標未設定, 所管課の評価); null otherwise. */
  reason: KpiRatingReason | null;
  /** 目標未設定, 所管課の評価; null with `reason`. */
  reasonLabel: string | null;
  /** Every numeric actual up to the period, in period order (none for a qualitative KPI). */
  series: PeriodValue[];
}

/** Float noise must not turn "progress equals expected" into 遅れ (6.8 / 17 is 0.39999999999999997). */
const EPSILON = 1e-9;
// `|| 0`: no -0 in the output (a hair below the baseline rounds to 0, not -0).
const round4 = (value: number) => Math.round(value * 10_000) / 10_000 || 0;
const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/**
 * m against a reference in the direction that counts as better: 1 better, 0 equal, -1 worse.
 * Relative, and tight enough that one yen short of 26億3,000万円 is still short.
 */
function compare(increasing: boolean, m: number, reference: number): -1 | 0 | 1 {
  const diff = increasing ? m - reference : reference - m;
  if (Math.abs(diff) <= 1e-12 * Math.max(1, Math.abs(reference))) return 0;
  return diff > 0 ? 1 : -1;
}

/** The KPI's actuals in period order, refusing two for one period, cut after `period`. */
function seriesUpTo<A extends { period: number }>(kpi: Kpi, actuals: readonly A[], period: number): A[] {
  const all: A[] = [];
  let sorted = true;
  for (const actual of actuals) {
    const last = all[all.length - 1];
    if (last && actual.period <= last.period) sorted = false;
    all.push(actual);
  }
  // Reported year by year, the list is usually in order already: sort only when it is not.
  if (!sorted) all.sort((a, b) => a.period - b.period);
  let end = all.length;
  for (let i = 0; i < all.length; i++) {
    if (i > 0 && all[i]!.period === all[i - 1]!.period) throw new DuplicateActualError(kpi.key, all[i]!.period, kpi.basis);
    if (all[i]!.period > period && end === all.length) end = i;
  }
  return end === all.length ? all : all.slice(0, end);
}

/**
 * Rates one KPI for a period per design.md ("KPI attainment rules"):
 * A 達成 (the target's comparison holds), B 順調 (not A, progress ≥ expected), C 遅れ (progress ≥ 0),
 * D 後退 (worse than the baseline), N 未報告 (no actual for the period).
 * "現状より向上": A better than the baseline, C equal, D worse. A per-year target over a window: the
 * mean of the window's actuals so far; A at or above the target, C between baseline and target, D below.
 *
 * A year the plan gives its own target (`targets`) is compared with that target: A when met, else C or D
 * against the line from the baseline to it (its expected progress is 1, so there is no 順調 short of it).
 * A target 「未設定」 (comparison unset): N with the reason 目標未設定, whatever was reported.
 * A qualitative KPI: the department's own assessment (A–D) in the period's actual is the rating (N without one).
 *
 * `actuals` are this KPI's, in any order, at most one per period; actuals after the period are ignored.
 * `period` is the fiscal year assessed (the same number is the calendar year for a calendar-year KPI).
 */
export function rateKpi(kpi: Kpi, measure: string, actuals: readonly KpiPeriodActual[], period: number): KpiAssessment {
  const { baseline } = kpi;
  const target = targetFor(kpi, period);
  const b = baseline.value;
  const t = target.value;
  const reported = seriesUpTo(kpi, actuals, period);
  const series: PeriodValue[] = [];
  for (const actual of reported) {
    if (typeof actual.value === 'number') series.push({ period: actual.period, value: actual.value });
  }
  const increasing = kpi.direction !== 'decrease';
  const summary = {
    id: kpi.key,
    measure,
    name: kpi.name,
    unit: kpi.unit,
    basis: kpi.basis,
    period,
    baseline: { value: b, period: baseline.period, label: baseline.label, approximate: baseline.approximate },
    target: { value: t, period: target.period, label: target.label, comparison: target.comparison },
  };
  const unmeasured = { measured: null, progress: null, expected: null };

  if (kpi.kind === 'qualitative') {
    const assessment = reported.find((actual) => actual.period === period)?.assessment;
    return assessment
      ? { ...summary, ...unmeasured, rating: assessment, ...because('self_assessed'), series }
      : { ...summary, ...unmeasured, rating: 'N', ...because(null), series };
  }
  if (target.comparison === 'unset') return { ...summary, ...unmeasured, rating: 'N', ...because('target_unset'), series };

  // A per-year target's window can end before the plan does (「8件/年 (R7～11年度)」 in a five-year plan): past
  // it, the window's last year stands for the period, and later actuals are not part of the mean.
  const window = target.comparison === 'window_mean' ? target.window : undefined;
  const ratedPeriod = window ? Math.min(period, window.to) : period;
  const last = series[series.length - 1];
  const current = last?.period === ratedPeriod ? last : series.find((a) => a.period === ratedPeriod);

  let rating: KpiRating = 'N';
  let measured: number | null = null;
  let progress: number | null = null;
  let expected: number | null = null;

  if (current) {
    const rawExpected = clamp01((period - baseline.period) / (target.period - baseline.period));
    if (target.comparison === 'improve_on_baseline' || t === null) {
      measured = current.value;
      const vsBaseline = compare(increasing, measured, b);
      rating = vsBaseline > 0 ? 'A' : vsBaseline === 0 ? 'C' : 'D';
    } else if (window) {
      let sum = 0;
      let count = 0;
      for (const a of series) {
        if (a.period >= window.from && a.period <= ratedPeriod) {
          sum += a.value;
          count++;
        }
      }
      const m = sum / count; // count ≥ 1: `current` is in the window
      measured = round4(m);
      progress = t === b ? null : round4((m - b) / (t - b));
      expected = round4(rawExpected);
      // No 順調 for a mean: it has reached the target or it has not.
      rating = compare(increasing, m, t) >= 0 ? 'A' : compare(increasing, m, b) >= 0 ? 'C' : 'D';
    } else {
      const m = current.value;
      // 以下 (at_most) is met at or below the target whatever the KPI's direction.
      const met = compare(target.comparison === 'at_most' ? false : increasing, m, t) >= 0;
      measured = m;
      expected = round4(rawExpected);
      if (t === b) {
        // A target equal to the baseline has no way to progress along: kept, or lost.
        rating = met ? 'A' : 'D';
      } else {
        const rawProgress = (m - b) / (t - b);
        // Compared before rounding and with a tolerance, so p = e exactly stays 順調.
        const onTrack = rawProgress - rawExpected >= -EPSILON;
        progress = round4(rawProgress);
        rating = met ? 'A' : onTrack && rawProgress >= 0 ? 'B' : rawProgress >= -EPSILON ? 'C' : 'D';
      }
    }
  }

  return { ...summary, rating, measured, progress, expected, ...because(null), series };
}

function because(reason: KpiRatingReason | null): { reason: KpiRatingReason | null; reasonLabel: string | null } {
  return { reason, reasonLabel: reason ? KPI_RATING_REASON_LABELS[reason] : null };
}
