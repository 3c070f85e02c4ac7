import type { Kpi } from '../catalogue/schema.ts';
import type { KpiRating } from './labels.ts';

export interface KpiAssessment {
  id: string;
  measure: number;
  name: string;
  unit: string;
  basis: Kpi['basis'];
  /** The assessed period: the fiscal year, or the same-numbered calendar year for a calendar-year KPI. */
  period: number;
  rating: KpiRating;
  /** m: the actual for the period, or for a per-year target the mean over the window so far. */
  measured: number | null;
  progress: number | null;
  expected: number | null;
  baseline: { value: number; period: number; label: string; approximate: boolean };
  target: { value: number | null; period: number; label: string; comparison: Kpi['target']['comparison'] };
  series: { period: number; value: number }[];
}

/** Float noise must not turn "progress equals expected" into 遅れ. */
const EPSILON = 1e-9;
const round4 = (value: number) => Math.round(value * 10_000) / 10_000;
const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** Worse or better than a reference, in the KPI's own direction. */
function compare(kpi: Kpi, m: number, reference: number): -1 | 0 | 1 {
  const diff = kpi.direction === 'increase' ? m - reference : reference - m;
  // Relative, and tight enough that one yen short of 26億3,000万円 is still short.
  if (Math.abs(diff) <= 1e-12 * Math.max(1, Math.abs(reference))) return 0;
  return diff > 0 ? 1 : -1;
}

/**
 * Rates one KPI for a period per design.md: A 達成, B 順調 (progress ≥ expected), C 遅れ (progress ≥ 0),
 * D 後退 (worse than the baseline), N 未報告 (no actual for the period).
 * `actuals` are this KPI's, in any order; actuals after the period are ignored.
 */
export function rateKpi(kpi: Kpi, measure: number, actuals: readonly { period: number; value: number }[], period: number): KpiAssessment {
  const series = actuals.filter((a) => a.period <= period).sort((a, b) => a.period - b.period);
  const { baseline, target } = kpi;
  const b = baseline.value;
  const t = target.value;
  const base = {
    id: kpi.id,
    measure,
    name: kpi.name,
    unit: kpi.unit,
    basis: kpi.basis,
    period,
    baseline: { value: b, period: baseline.period, label: baseline.label, approximate: baseline.approximate },
    target: { value: t, period: target.period, label: target.label, comparison: target.comparison },
    series: series.map(({ period, value }) => ({ period, value })),
  };
  const current = series.find((a) => a.period === period);
  if (!current) return { ...base, rating: 'N', measured: null, progress: null, expected: null };

  const span = target.period - baseline.period;
  const expected = round4(clamp01((period - baseline.period) / span));

  if (target.comparison === 'improve_on_baseline' || t === null) {
    const m = current.value;
    const rating = compare(kpi, m, b) > 0 ? 'A' : compare(kpi, m, b) === 0 ? 'C' : 'D';
    return { ...base, rating, measured: m, progress: null, expected: null };
  }

  if (target.comparison === 'window_mean') {
    const from = target.window!.from;
    const inWindow = series.filter((a) => a.period >= from);
    const m = inWindow.reduce((sum, a) => sum + a.value, 0) / inWindow.length;
    const progress = round4((m - b) / (t - b));
    const rating = compare(kpi, m, t) >= 0 ? 'A' : compare(kpi, m, b) >= 0 ? 'C' : 'D';
    return { ...base, rating, measured: round4(m), progress, expected };
  }

  const m = current.value;
  const rawProgress = (m - b) / (t - b);
  const met =
    target.comparison === 'at_most' ? compare({ ...kpi, direction: 'decrease' }, m, t) >= 0 : compare(kpi, m, t) >= 0;
  // Compared before rounding and with a tolerance, so p = e exactly (89.8 against 83 → 100 in FY2027,
  // where 6.8 / 17 is 0.39999999999999997 in floating point) stays 順調.
  const onTrack = rawProgress - clamp01((period - baseline.period) / span) >= -EPSILON;
  const rating: KpiRating = met ? 'A' : onTrack && rawProgress >= 0 ? 'B' : rawProgress >= -EPSILON ? 'C' : 'D';
  return { ...base, rating, measured: m, progress: round4(rawProgress), expected };
}
