import { describe, expect, it } from 'vitest';
import { DuplicateActualError, KPI_RATING_LABELS, rateKpi } from '../functions/domain/attainment/index.ts';
import type { KpiAssessment } from '../functions/domain/attainment/index.ts';
import { fiscalYearOf } from '../functions/domain/calendar/index.ts';
import { parseCatalogue } from '../functions/domain/catalogue/parse.ts';
import type { Kpi, PlanInput, kpiSchema } from '../functions/domain/catalogue/schema.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import type * as z from '../functions/domain/zod.ts';

// KPIs are built through parseCatalogue on a minimal valid plan, so these tests hold whatever state
// seeds/ is in. Each shape copies a KPI of the real plan (values and labels from the document).

type KpiShape = Omit<z.input<typeof kpiSchema>, 'key' | 'number'>;

const SHAPES = {
  /** 1-K1 電子申請フォームの登録件数: a plain target of an increasing KPI. */
  plain: {
    name: '電子申請フォームの登録件数',
    unit: '件',
    basis: 'fiscal_year',
    baseline: { value: 83, label: '83件 (R7.12月末)', asOf: 'point_in_time', date: '2025-12-31', period: 2025 },
    target: { value: 100, label: '100件', comparison: 'reach', period: 2030 },
  },
  /** 21-K1: 現状より向上 (R11年度). */
  improve: {
    name: '市税の収納率',
    unit: '%',
    basis: 'fiscal_year',
    baseline: { value: 99.48, label: '99.48% (R6年度)', asOf: 'fiscal_year', period: 2024 },
    target: { value: null, label: '現状より向上 (R11年度)', comparison: 'improve_on_baseline', period: 2029 },
  },
  /** 22-K1: 26億2,850万円 → 26億3,000万円以上, in yen. */
  atLeast: {
    name: 'ふるさと納税の寄附額',
    unit: '円',
    basis: 'fiscal_year',
    baseline: { value: 2628500000, label: '26億2,850万円 (R6年度)', asOf: 'fiscal_year', period: 2024 },
    target: { value: 2630000000, label: '26億3,000万円以上', comparison: 'at_least', period: 2030 },
  },
  /** 33-K1: 2件/年 (R2～6年度) → 8件/年 (R7～11年度), a window ending before FY2030. */
  windowTo2029: {
    name: '提案件数',
    unit: '件',
    basis: 'fiscal_year',
    baseline: { value: 2, label: '2件/年 (R2～6年度)', asOf: 'fiscal_year_window', period: 2024, window: { from: 2020, to: 2024 } },
    target: { value: 8, label: '8件/年 (R7～11年度)', comparison: 'window_mean', period: 2029, window: { from: 2025, to: 2029 } },
  },
  /** 40-K2: 4団体/年 (R7年度) → 17団体/年 (R8～12年度). */
  windowTo2030: {
    name: '連携団体数',
    unit: '団体',
    basis: 'fiscal_year',
    baseline: { value: 4, label: '4団体/年 (R7年度)', asOf: 'fiscal_year', period: 2025 },
    target: { value: 17, label: '17団体/年 (R8～12年度)', comparison: 'window_mean', period: 2030, window: { from: 2026, to: 2030 } },
  },
  /** 36-K1 年次有給休暇の平均取得日数: calendar years, 11.2日 (R7年) → 12日 (R12年). */
  calendarYear: {
    name: '年次有給休暇の平均取得日数',
    unit: '日',
    basis: 'calendar_year',
    baseline: { value: 11.2, label: '11.2日 (R7年)', asOf: 'calendar_year', period: 2025 },
    target: { value: 12, label: '12日 (R12年)', comparison: 'reach', period: 2030 },
  },
  /** 38-K1: 87.5% (R6年度) → 90% (R11年度), a target year before FY2030. */
  targetFy2029: {
    name: '研修の満足度',
    unit: '%',
    basis: 'fiscal_year',
    baseline: { value: 87.5, label: '87.5% (R6年度)', asOf: 'fiscal_year', period: 2024 },
    target: { value: 90, label: '90% (R11年度)', comparison: 'reach', period: 2029 },
  },
  /** 5-K1: 約12% as of 令和7年1月末, which belongs to FY2024 (January is still the previous 年度). */
  approximateJanuary: {
    name: '行政手続のオンライン化率',
    unit: '%',
    basis: 'fiscal_year',
    baseline: { value: 12, label: '約12% (令和7年1月末)', approximate: true, asOf: 'point_in_time', date: '2025-01-31', period: 2024 },
    target: { value: 60, label: '60%', comparison: 'reach', period: 2030 },
  },
  /** Not in the 8th plan, allowed by the schema: a KPI that improves by going down (残業時間 20 → 10). */
  decreasing: {
    name: '月平均時間外勤務',
    unit: '時間',
    direction: 'decrease',
    basis: 'fiscal_year',
    baseline: { value: 20, label: '20時間 (R7年度)', asOf: 'fiscal_year', period: 2025 },
    target: { value: 10, label: '10時間', comparison: 'reach', period: 2030 },
  },
  /** Not in the 8th plan, allowed by the schema: "以下". */
  atMost: {
    name: '1件あたりの処理日数',
    unit: '日',
    direction: 'decrease',
    basis: 'fiscal_year',
    baseline: { value: 14, label: '14日 (R7年度)', asOf: 'fiscal_year', period: 2025 },
    target: { value: 7, label: '7日以下', comparison: 'at_most', period: 2030 },
  },
} satisfies Record<string, KpiShape>;
type ShapeName = keyof typeof SHAPES;

const schedule = [2026, 2027, 2028, 2029, 2030].map((fiscalYear) => ({ fiscalYear, activity: '実施', phase: 'implement' as const }));

/** A valid plan of two levels (柱 › 施策) with one measure per pillar; `kpis` go to 施策1 as 1-K1, 1-K2, … */
function minimalPlan(kpis: KpiShape[]): PlanInput {
  const measure = (number: number, withKpis: KpiShape[] = []) => ({
    key: String(number),
    number: String(number),
    title: `施策${number}`,
    owners: ['sogo-seisaku'],
    direction: ['方向性'],
    actionItems: [{ key: `${number}-1`, number: `${number}-1`, title: `取組${number}`, schedule }],
    kpis: withKpis.map((kpi, i) => ({ ...kpi, key: `${number}-K${i + 1}`, number: `${number}-K${i + 1}` })),
  });
  return {
    id: 'test-plan',
    title: 'テスト用プラン',
    city: { name: 'テスト市', prefecture: 'テスト県', code: '062111' },
    period: { firstFiscalYear: 2026, lastFiscalYear: 2030 },
    hq: { name: '推進本部', department: 'sogo-seisaku' },
    levels: [{ name: '柱' }, { name: '施策' }, { name: '取組項目' }],
    scheduleVocabulary: [{ word: '実施', phase: 'implement' }],
    departments: [{ code: 'sogo-seisaku', name: '総合政策課' }],
    groups: ['I', 'II', 'III', 'IV'].map((key) => ({ key, number: key, title: `柱${key}` })),
    measures: [1, 2, 3, 4].map((number, i) => ({ ...measure(number, number === 1 ? kpis : []), group: ['I', 'II', 'III', 'IV'][i] })),
  };
}

const shapeNames = Object.keys(SHAPES) as ShapeName[];
const catalogue = parseCatalogue(minimalPlan(shapeNames.map((name) => SHAPES[name])));
const kpiOf = (shape: ShapeName): Kpi => catalogue.kpi(`1-K${shapeNames.indexOf(shape) + 1}`)!.kpi;
const rate = (shape: ShapeName, fiscalYear: number, actuals: readonly (readonly [period: number, value: number])[]): KpiAssessment =>
  rateKpi(
    kpiOf(shape),
    '1',
    actuals.map(([period, value]) => ({ period, value })),
    fiscalYear,
  );

describe('rateKpi: every KPI shape of the plan', () => {
  it.each([
    // plain target: b 83 @FY2025, t 100 @FY2030
    ['plain, on track (p 0.4118 ≥ e 0.4)', 'plain', 2027, [[2027, 90]], { rating: 'B', measured: 90, progress: 0.4118, expected: 0.4 }],
    [
      'plain, progress exactly equal to expected (83 + 0.4 × 17)',
      'plain',
      2027,
      [[2027, 83 + 0.4 * 17]],
      { rating: 'B', measured: 89.8, progress: 0.4, expected: 0.4 },
    ],
    ['plain, a hair below expected', 'plain', 2027, [[2027, 89.79]], { rating: 'C', progress: 0.3994, expected: 0.4 }],
    ['plain, target reached early', 'plain', 2027, [[2027, 100]], { rating: 'A', progress: 1, expected: 0.4 }],
    ['plain, beyond the target', 'plain', 2026, [[2026, 120]], { rating: 'A', progress: 2.1765, expected: 0.2 }],
    ['plain, just short of the target in the target year', 'plain', 2030, [[2030, 99.9]], { rating: 'C', progress: 0.9941, expected: 1 }],
    ['plain, equal to the baseline', 'plain', 2026, [[2026, 83]], { rating: 'C', progress: 0, expected: 0.2 }],
    ['plain, worse than the baseline', 'plain', 2027, [[2027, 80]], { rating: 'D', measured: 80, progress: -0.1765, expected: 0.4 }],
    [
      'plain, no actual for the year (only earlier ones)',
      'plain',
      2028,
      [
        [2026, 88],
        [2027, 95],
      ],
      { rating: 'N', measured: null, progress: null, expected: null },
    ],
    ['plain, no actual at all', 'plain', 2026, [], { rating: 'N', measured: null, progress: null, expected: null, series: [] }],
    [
      'plain, an actual after the assessed year is ignored',
      'plain',
      2027,
      [
        [2027, 90],
        [2028, 100],
      ],
      { rating: 'B', measured: 90, series: [{ period: 2027, value: 90 }] },
    ],
    ['plain, only an actual after the assessed year', 'plain', 2027, [[2028, 100]], { rating: 'N', series: [] }],
    // 現状より向上: b 99.48 @FY2024, target year FY2029
    ['現状より向上, better', 'improve', 2026, [[2026, 99.5]], { rating: 'A', measured: 99.5, progress: null, expected: null }],
    ['現状より向上, unchanged', 'improve', 2027, [[2027, 99.48]], { rating: 'C', measured: 99.48, progress: null, expected: null }],
    ['現状より向上, worse', 'improve', 2026, [[2026, 99.3]], { rating: 'D', measured: 99.3 }],
    ['現状より向上, past its target year', 'improve', 2030, [[2030, 99.6]], { rating: 'A', period: 2030 }],
    ['現状より向上, not reported', 'improve', 2026, [[2025, 99.9]], { rating: 'N', measured: null }],
    // 以上, in yen: b 2,628,500,000 @FY2024, t 2,630,000,000 @FY2030
    ['以上, met exactly', 'atLeast', 2026, [[2026, 2630000000]], { rating: 'A', progress: 1, expected: 0.3333 }],
    ['以上, exceeded', 'atLeast', 2028, [[2028, 2700000000]], { rating: 'A' }],
    ['以上, one yen short but ahead of the line', 'atLeast', 2026, [[2026, 2629999999]], { rating: 'B', progress: 1, expected: 0.3333 }],
    ['以上, equal to the baseline', 'atLeast', 2026, [[2026, 2628500000]], { rating: 'C', progress: 0 }],
    ['以上, one yen below the baseline', 'atLeast', 2026, [[2026, 2628499999]], { rating: 'D', progress: 0 }],
    // per-year mean over a window: b 2/年 (FY2020–2024), t 8/年 over FY2025–2029
    [
      'window mean reaching the target',
      'windowTo2029',
      2027,
      [
        [2025, 6],
        [2026, 9],
        [2027, 9],
      ],
      { rating: 'A', measured: 8, progress: 1, expected: 0.6 },
    ],
    [
      'window mean between baseline and target is 遅れ, never 順調',
      'windowTo2029',
      2027,
      [
        [2026, 7],
        [2027, 8],
      ],
      { rating: 'C', measured: 7.5, progress: 0.9167, expected: 0.6 },
    ],
    ['window mean equal to the baseline', 'windowTo2029', 2026, [[2026, 2]], { rating: 'C', measured: 2, progress: 0 }],
    ['window mean below the baseline', 'windowTo2029', 2026, [[2026, 1]], { rating: 'D', measured: 1, progress: -0.1667, expected: 0.4 }],
    [
      'window mean ignores years before the window',
      'windowTo2029',
      2026,
      [
        [2024, 100],
        [2025, 8],
        [2026, 8],
      ],
      { rating: 'A', measured: 8 },
    ],
    [
      'window mean, N without an actual for the year itself',
      'windowTo2029',
      2027,
      [
        [2025, 9],
        [2026, 9],
      ],
      { rating: 'N', measured: null, progress: null, expected: null },
    ],
    [
      'window mean rounds to 4 decimals',
      'windowTo2029',
      2027,
      [
        [2025, 1],
        [2026, 2],
        [2027, 2],
      ],
      { rating: 'D', measured: 1.6667, progress: -0.0556 },
    ],
    [
      'window over when the plan is not: FY2030 rates FY2025–2029, the FY2030 actual is not in the mean',
      'windowTo2029',
      2030,
      [
        [2025, 8],
        [2026, 8],
        [2027, 8],
        [2028, 8],
        [2029, 8],
        [2030, 0],
      ],
      { rating: 'A', measured: 8, expected: 1, period: 2030 },
    ],
    ['window over: FY2030 needs the window’s last year', 'windowTo2029', 2030, [[2030, 9]], { rating: 'N' }],
    [
      'window FY2026–2030: FY2025 is outside it',
      'windowTo2030',
      2026,
      [
        [2025, 30],
        [2026, 10],
      ],
      { rating: 'C', measured: 10, progress: 0.4615, expected: 0.2 },
    ],
    [
      'window FY2026–2030: mean of three years reaches 17',
      'windowTo2030',
      2028,
      [
        [2026, 20],
        [2027, 15],
        [2028, 16],
      ],
      { rating: 'A', measured: 17, expected: 0.6 },
    ],
    [
      'window FY2026–2030: below the baseline',
      'windowTo2030',
      2027,
      [
        [2026, 3],
        [2027, 4],
      ],
      { rating: 'D', measured: 3.5 },
    ],
    // calendar years: 11.2日 (R7年) → 12日 (R12年)
    [
      'calendar-year KPI: FY2027 rates calendar 2027',
      'calendarYear',
      2027,
      [[2027, 11.6]],
      { rating: 'B', basis: 'calendar_year', period: 2027, progress: 0.5, expected: 0.4 },
    ],
    ['calendar-year KPI: behind', 'calendarYear', 2029, [[2029, 11.4]], { rating: 'C', progress: 0.25, expected: 0.8 }],
    // a target year before FY2030: 87.5% (FY2024) → 90% (FY2029)
    ['target in FY2029, progress equal to expected', 'targetFy2029', 2027, [[2027, 89]], { rating: 'B', progress: 0.6, expected: 0.6 }],
    ['target in FY2029, reached in FY2029', 'targetFy2029', 2029, [[2029, 90]], { rating: 'A', expected: 1 }],
    ['past its target year, expected progress stays 1', 'targetFy2029', 2030, [[2030, 89.9]], { rating: 'C', progress: 0.96, expected: 1 }],
    // 約12% as of 令和7年1月末 → FY2024 baseline: e = (2026 − 2024) / (2030 − 2024)
    ['approximate January baseline counts from FY2024', 'approximateJanuary', 2026, [[2026, 30]], { rating: 'B', progress: 0.375, expected: 0.3333 }],
    ['approximate January baseline, behind', 'approximateJanuary', 2028, [[2028, 30]], { rating: 'C', progress: 0.375, expected: 0.6667 }],
    // direction "decrease" (not in the 8th plan): lower is better
    ['decreasing KPI, on track', 'decreasing', 2027, [[2027, 16]], { rating: 'B', progress: 0.4, expected: 0.4 }],
    ['decreasing KPI, target reached', 'decreasing', 2027, [[2027, 9]], { rating: 'A', progress: 1.1 }],
    ['decreasing KPI, worse than baseline', 'decreasing', 2027, [[2027, 21]], { rating: 'D', progress: -0.1 }],
    ['以下, met', 'atMost', 2026, [[2026, 7]], { rating: 'A', progress: 1 }],
    ['以下, not yet', 'atMost', 2026, [[2026, 12]], { rating: 'B', progress: 0.2857, expected: 0.2 }],
  ] as const)('%s', (_case, shape, fiscalYear, actuals, expected) => {
    expect(rate(shape, fiscalYear, actuals)).toMatchObject(expected);
  });

  // p = e exactly, whatever the float noise: m = b + e·(t − b) for every year and every progressing shape.
  const boundaries = (['plain', 'atLeast', 'calendarYear', 'targetFy2029', 'approximateJanuary', 'decreasing'] as const).flatMap((shape) =>
    [2026, 2027, 2028].map((fiscalYear) => [shape, fiscalYear] as const),
  );
  it.each(boundaries)('%s in FY%i: progress exactly on the line is 順調', (shape, fiscalYear) => {
    const { baseline, target } = kpiOf(shape);
    const e = Math.min(1, Math.max(0, (fiscalYear - baseline.period) / (target.period - baseline.period)));
    const m = baseline.value + e * (target.value! - baseline.value);
    const result = rate(shape, fiscalYear, [[fiscalYear, m]]);
    expect(result.rating).toBe('B');
    expect(result.progress).toBe(result.expected);
  });

  it('reports the KPI’s identity, the labels for display and the series in period order', () => {
    expect(
      rate('approximateJanuary', 2028, [
        [2028, 40],
        [2026, 20],
        [2027, 30],
        [2029, 99],
      ]),
    ).toEqual({
      id: kpiOf('approximateJanuary').key,
      measure: '1',
      name: '行政手続のオンライン化率',
      unit: '%',
      basis: 'fiscal_year',
      period: 2028,
      rating: 'C',
      measured: 40,
      progress: 0.5833,
      expected: 0.6667,
      baseline: { value: 12, period: 2024, label: '約12% (令和7年1月末)', approximate: true },
      target: { value: 60, period: 2030, label: '60%', comparison: 'reach' },
      reason: null,
      reasonLabel: null,
      series: [
        { period: 2026, value: 20 },
        { period: 2027, value: 30 },
        { period: 2028, value: 40 },
      ],
    });
  });

  it('refuses two actuals for one period', () => {
    expect(() =>
      rate('plain', 2027, [
        [2026, 85],
        [2027, 90],
        [2026, 86],
      ]),
    ).toThrow(DuplicateActualError);
    expect(() =>
      rate('plain', 2027, [
        [2027, 90],
        [2027, 90],
      ]),
    ).toThrow('KPI「1-K1」の令和9年度の実績が2件以上あります');
  });

  it('labels every rating in Japanese', () => {
    expect(KPI_RATING_LABELS).toEqual({ A: '達成', B: '順調', C: '遅れ', D: '後退', N: '未報告' });
  });

  it('keeps the January as-of date in the previous fiscal year (the calendar helper agrees)', () => {
    const { baseline } = kpiOf('approximateJanuary');
    expect(fiscalYearOf(baseline.date!)).toBe(2024);
    expect(baseline.period).toBe(2024);
  });
});

describe('rateKpi over the real plan (seeds/)', () => {
  const seed = seedCatalogue();
  const rateSeed = (id: string, fiscalYear: number, actuals: readonly (readonly [number, number])[]) => {
    const { kpi, measure } = seed.kpi(id)!;
    return rateKpi(
      kpi,
      measure.key,
      actuals.map(([period, value]) => ({ period, value })),
      fiscalYear,
    );
  };

  it.each([
    ['1-K1', 2027, [[2027, 90]], { rating: 'B', measured: 90, progress: 0.4118, expected: 0.4 }],
    ['1-K1', 2027, [[2027, 89.8]], { rating: 'B', progress: 0.4, expected: 0.4 }],
    ['21-K1', 2026, [[2026, 99.5]], { rating: 'A', target: { value: null, period: 2029, comparison: 'improve_on_baseline' } }],
    ['22-K1', 2026, [[2026, 2630000000]], { rating: 'A', target: { value: 2630000000, comparison: 'at_least' } }],
    [
      '33-K1',
      2027,
      [
        [2025, 6],
        [2026, 9],
        [2027, 9],
      ],
      { rating: 'A', measured: 8 },
    ],
    [
      '40-K2',
      2026,
      [
        [2025, 30],
        [2026, 10],
      ],
      { rating: 'C', measured: 10 },
    ],
    ['36-K1', 2027, [[2027, 11.6]], { rating: 'B', basis: 'calendar_year', progress: 0.5, expected: 0.4 }],
    ['38-K1', 2030, [[2030, 89.9]], { rating: 'C', expected: 1 }],
    ['5-K1', 2026, [[2026, 30]], { rating: 'B', progress: 0.375, expected: 0.3333, baseline: { value: 12, period: 2024, approximate: true } }],
    ['16-K1', 2027, [[2027, 21000]], { rating: 'D' }],
  ] as const)('%s in FY%i', (id, fiscalYear, actuals, expected) => {
    expect(rateSeed(id, fiscalYear, actuals)).toMatchObject(expected);
  });

  it('has no KPI whose shape the cases above leave out', () => {
    const signature = (kpi: Kpi) =>
      [
        kpi.direction,
        kpi.basis,
        kpi.target.comparison,
        kpi.target.period === 2030 ? 'FY2030' : 'earlier',
        kpi.baseline.asOf,
        kpi.baseline.date && fiscalYearOf(kpi.baseline.date) < Number(kpi.baseline.date.slice(0, 4)) ? 'Jan–Mar' : '',
      ].join(' ');
    const covered = new Set(shapeNames.map((shape) => signature(kpiOf(shape))));
    // 1-K1's point-in-time baseline and the fiscal-year baselines are both plain targets here.
    covered.add(signature({ ...kpiOf('plain'), baseline: { ...kpiOf('plain').baseline, asOf: 'fiscal_year', date: undefined } }));
    const uncovered = seed.kpis.map(({ kpi }) => `${kpi.key}: ${signature(kpi)}`).filter((line) => !covered.has(line.split(': ')[1]!));
    expect(uncovered).toEqual([]);
    expect(seed.kpis.some(({ kpi }) => kpi.baseline.approximate)).toBe(true);
  });
});
