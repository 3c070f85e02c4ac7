import { describe, expect, it } from 'vitest';
import { buildYearReport } from '../functions/domain/annual-report/model.ts';
import { rateKpi } from '../functions/domain/attainment/index.ts';
import type { KpiPeriodActual } from '../functions/domain/attainment/index.ts';
import { formatTarget } from '../functions/domain/catalogue/kpi-periods.ts';
import { CatalogueError, parseCatalogue } from '../functions/domain/catalogue/parse.ts';
import type { PlanInput } from '../functions/domain/catalogue/schema.ts';
import { actionReportBodySchema, kpiActualBodySchema, qualitativeKpiActualBodySchema } from '../functions/domain/progress-reports/schema.ts';
import { hq, startApi } from './api/harness.ts';

// KPI shapes real plans write that the 8th plan does not: a target for each year, a target left to be
// set later, more than one baseline (dated in 平成), counts per year, qualitative KPIs, and 効果額 per
// action item. A small plan of another city (佐渡市 152242, FY2015–2018, 3 levels) carries them all.

const YEARS = [2015, 2016, 2017, 2018];
const schedule = YEARS.map((fiscalYear) => ({ fiscalYear, activity: '実施', phase: 'implement' as const }));

type KpiInput = NonNullable<PlanInput['measures'][number]['kpis']>[number];

const KPIS = {
  /** 件/年 with a target for each year (12, 14, 16) and the final 18件 in FY2018. */
  perYear: {
    key: 'k-consult',
    number: '1-K1',
    name: '移住相談件数',
    unit: '件/年',
    basis: 'fiscal_year',
    baseline: { value: 10, label: '10件（H26年度）', asOf: 'fiscal_year', period: 2014 },
    target: { value: 18, label: '18件', comparison: 'reach', period: 2018 },
    targets: [
      { value: 12, label: '12件', comparison: 'reach', period: 2015 },
      { value: 14, label: '14件', comparison: 'reach', period: 2016 },
    ],
  },
  /** A target 「未設定」, to be set in a revision; the FY2017 target was set already. */
  unset: {
    key: 'k-unset',
    number: '1-K2',
    name: '公共施設の延床面積',
    unit: '㎡',
    direction: 'decrease',
    basis: 'fiscal_year',
    baseline: { value: 500000, label: '500,000㎡（H26年度）', asOf: 'fiscal_year', period: 2014 },
    target: { value: null, label: '未設定', comparison: 'unset', period: 2018 },
    targets: [{ value: 490000, label: '490,000㎡', comparison: 'at_most', period: 2017 }],
  },
  /** Two baselines: the one compared against (H31.3.31 would be FY2018; here H27.3.31, FY2014) and 1,176人（H31.4.1）. */
  twoBaselines: {
    key: 'k-staff',
    number: '1-K3',
    name: '職員数',
    unit: '人',
    direction: 'decrease',
    basis: 'fiscal_year',
    baseline: { value: 1200, label: '1,200人（H27.3.31）', asOf: 'point_in_time', date: '2015-03-31', period: 2014 },
    baselines: [{ value: 1176, label: '1,176人（H31.4.1）', asOf: 'point_in_time', date: '2019-04-01', period: 2019 }],
    target: { value: 1100, label: '1,100人', comparison: 'reach', period: 2018 },
  },
  /** Qualitative: a state in words, rated from the department's own assessment. */
  qualitative: {
    key: 'k-system',
    number: '1-K4',
    name: '公共施設マネジメント制度の導入',
    unit: '制度',
    kind: 'qualitative',
    basis: 'fiscal_year',
    baseline: { value: 0, label: '未導入（H26年度）', asOf: 'fiscal_year', period: 2014 },
    target: { value: null, label: '制度を導入し運用', comparison: 'reach', period: 2018 },
  },
} satisfies Record<string, KpiInput>;

function plan(kpis: KpiInput[] = Object.values(KPIS)): PlanInput {
  return {
    id: 'sado-2015',
    title: '佐渡市行財政改革大綱',
    city: { name: '佐渡市', prefecture: '新潟県', code: '152242' },
    period: { firstFiscalYear: 2015, lastFiscalYear: 2018 },
    hq: { name: '行政改革推進本部', department: 'somu' },
    levels: [{ name: '基本方針' }, { name: '実施項目' }, { name: '取組' }],
    scheduleVocabulary: [{ word: '実施', phase: 'implement' }],
    departments: [{ code: 'somu', name: '総務課' }],
    groups: [{ key: 'g1', number: '1', title: '持続可能な財政運営' }],
    measures: [
      {
        key: 'm1',
        number: '1',
        group: 'g1',
        title: '公共施設の適正配置',
        owners: ['somu'],
        actionItems: [
          {
            key: 'a1',
            number: '1-1',
            title: '施設の統廃合',
            schedule,
            effect: { planned: [2015, 2016, 2017, 2018].map((fiscalYear) => ({ fiscalYear, amount: 10_000_000 })) },
          },
          { key: 'a2', number: '1-2', title: '指定管理の導入', schedule, effect: { planned: [{ fiscalYear: 2016, amount: 3_000_000 }] } },
          { key: 'a3', number: '1-3', title: '施設情報の公開', schedule },
        ],
        kpis,
      },
    ],
  };
}

const catalogue = parseCatalogue(plan());
const rate = (kpi: keyof typeof KPIS, fiscalYear: number, actuals: KpiPeriodActual[]) => rateKpi(catalogue.kpi(KPIS[kpi].key)!.kpi, 'm1', actuals, fiscalYear);

/** The validation messages of the plan with only this KPI (none when it validates). */
function problemsOf(kpi: KpiInput): readonly string[] {
  try {
    parseCatalogue(plan([kpi]));
  } catch (error) {
    if (error instanceof CatalogueError) return error.problems;
    throw error;
  }
  return [];
}

describe('a target for each year (件/年)', () => {
  it.each([
    ['the year’s own target met', 2016, 14, { rating: 'A', progress: 1, expected: 1, target: { value: 14, period: 2016, label: '14件' } }],
    ['short of the year’s target, above the baseline: 遅れ, never 順調', 2016, 13, { rating: 'C', progress: 0.75, expected: 1 }],
    ['below the baseline', 2015, 9, { rating: 'D', progress: -0.5 }],
    // FY2017 has no target of its own: the final 18件 and the line to it, (16 − 10) / (18 − 10) = (2017 − 2014) / (2018 − 2014)
    ['a year without its own target follows the final one', 2017, 16, { rating: 'B', progress: 0.75, expected: 0.75, target: { value: 18, period: 2018 } }],
    ['the final year against the final target', 2018, 18, { rating: 'A', target: { value: 18, period: 2018 } }],
  ] as const)('%s', (_case, fiscalYear, value, expected) => {
    expect(rate('perYear', fiscalYear, [{ period: fiscalYear, value }])).toMatchObject({ ...expected, reason: null, reasonLabel: null });
  });

  it('refuses two targets for one year and a target outside the plan, naming the KPI', () => {
    const problems = problemsOf({
      ...KPIS.perYear,
      targets: [
        { value: 12, label: '12件', comparison: 'reach', period: 2015 },
        { value: 13, label: '13件', comparison: 'reach', period: 2015 },
        { value: 20, label: '20件', comparison: 'reach', period: 2019 },
      ],
    });
    expect(problems.some((p) => p.startsWith('実施項目1 › KPI 1-K1') && p.includes('平成27年度の目標が2つあります'))).toBe(true);
    expect(problems.some((p) => p.includes('目標年（2019）が計画期間（平成27〜30年度）の外です'))).toBe(true);
  });
});

describe('a target to be set later (未設定)', () => {
  it('rates N with the reason 目標未設定 whatever was reported', () => {
    expect(rate('unset', 2016, [{ period: 2016, value: 480000 }])).toMatchObject({
      rating: 'N',
      reason: 'target_unset',
      reasonLabel: '目標未設定',
      measured: null,
      target: { value: null, label: '未設定', comparison: 'unset' },
      series: [{ period: 2016, value: 480000 }],
    });
  });

  it('rates a year whose target a revision has set against that target', () => {
    expect(rate('unset', 2017, [{ period: 2017, value: 489000 }])).toMatchObject({ rating: 'A', reason: null, target: { value: 490000 } });
    expect(rate('unset', 2017, [{ period: 2017, value: 495000 }])).toMatchObject({ rating: 'C', reason: null });
  });

  it('is written 未設定 and may not carry a number', () => {
    expect(formatTarget(catalogue.kpi('k-unset')!.kpi)).toBe('未設定（平成30年度）');
    expect(problemsOf({ ...KPIS.unset, target: { value: 1, label: '未設定', comparison: 'unset', period: 2018 } })).toEqual([
      '実施項目1 › KPI 1-K2 › target › value: 「現状より向上」と「未設定」の目標には数値を指定できません',
    ]);
  });
});

describe('more than one baseline, dated in 平成', () => {
  it('accepts 1,176人（H31.4.1） in FY2019 beside the baseline compared against', () => {
    const { kpi } = catalogue.kpi('k-staff')!;
    expect(kpi.baselines).toEqual([expect.objectContaining({ label: '1,176人（H31.4.1）', period: 2019 })]);
    // Compared with 1,200 (FY2014), not 1,176: (1150 − 1200) / (1100 − 1200) = 0.5 ≥ (2016 − 2014) / 4.
    expect(rate('twoBaselines', 2016, [{ period: 2016, value: 1150 }])).toMatchObject({ rating: 'B', progress: 0.5, expected: 0.5, baseline: { value: 1200 } });
  });

  it('names the fiscal year a misdated baseline belongs to, in its era', () => {
    const misdated = { ...KPIS.twoBaselines, baselines: [{ ...KPIS.twoBaselines.baselines[0]!, period: 2018 }] };
    expect(problemsOf(misdated)).toEqual(['実施項目1 › KPI 1-K3 › baselines › [0] › period: 基準値の日付 2019-04-01 は令和元年度に属します（period: 2018）']);
    const impossible = { ...KPIS.twoBaselines, baselines: [{ ...KPIS.twoBaselines.baselines[0]!, date: '2019-02-30' }] };
    expect(problemsOf(impossible).join('\n')).toContain('1-K3 › baselines › [0] › date');
    expect(problemsOf(impossible).join('\n')).not.toContain('令和の日付');
  });
});

describe('a qualitative KPI', () => {
  it('takes its department’s assessment as its rating, and N without one', () => {
    expect(rate('qualitative', 2016, [{ period: 2016, assessment: 'B' }])).toMatchObject({
      rating: 'B',
      reason: 'self_assessed',
      reasonLabel: '所管課の評価',
      measured: null,
      series: [],
    });
    expect(rate('qualitative', 2017, [{ period: 2016, assessment: 'A' }])).toMatchObject({ rating: 'N', reason: null });
  });

  it('needs no number for its target, and refuses one', () => {
    expect(formatTarget(catalogue.kpi('k-system')!.kpi)).toBe('制度を導入し運用（平成30年度）');
    expect(problemsOf({ ...KPIS.qualitative, target: { ...KPIS.qualitative.target, value: 1 } })).toEqual([
      '実施項目1 › KPI 1-K4 › target › value: 定性的なKPIの目標には数値を指定できません（label に書いてください）',
    ]);
  });

  it('is complete with an assessment and no value; a quantitative actual still needs its value', () => {
    expect(qualitativeKpiActualBodySchema.safeParse({ assessment: 'C', asOf: '2017-03-31' }).success).toBe(true);
    const missing = qualitativeKpiActualBodySchema.safeParse({ asOf: '2017-03-31', assessment: 'E' });
    expect(missing.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['assessment', 'KPIの評価をA〜Dから選んでください']]);
    const noValue = kpiActualBodySchema.safeParse({ assessment: 'C', asOf: '2017-03-31' });
    expect(noValue.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['value', '実績値は数値で入力してください']]);
  });
});

describe('効果額 per action item', () => {
  const body = (effectAmount?: number) => ({
    status: 'implementing' as const,
    rating: 'B' as const,
    achievements: '実施しました',
    challenges: '',
    nextSteps: '',
    ...(effectAmount === undefined ? {} : { effectAmount }),
  });

  it('refuses an amount that is not whole yen, in Japanese', () => {
    expect(actionReportBodySchema.safeParse(body(1_500_000)).success).toBe(true);
    expect(actionReportBodySchema.safeParse(body(-1)).error?.issues[0]?.message).toBe('効果額は0円以上で入力してください');
    expect(actionReportBodySchema.safeParse(body(1.5)).error?.issues[0]?.message).toBe('効果額は円単位の整数で入力してください');
  });

  it('shows each item’s planned and achieved amount and totals over the years so far', () => {
    const report = buildYearReport({
      catalogue,
      fiscalYear: 2016,
      assignments: [],
      actionReports: [
        { actionItem: 'a1', body: body(8_000_000) },
        { actionItem: 'a3', body: body(500_000) },
      ],
      kpiActuals: [],
      earlierEffects: [
        { actionItem: 'a1', fiscalYear: 2015, amount: 12_000_000 },
        // Not the plan's: a year before it started is not part of its totals.
        { actionItem: 'a1', fiscalYear: 2014, amount: 99_000_000 },
      ],
      opinions: [],
    });
    const items = report.measures[0]!.actionItems;
    expect(items.map((item) => [item.id, item.effect])).toEqual([
      ['a1', { planned: 10_000_000, achieved: 8_000_000 }],
      // Planned, not reported (no approved report): achieved stays empty, not 0.
      ['a2', { planned: 3_000_000, achieved: null }],
      // Reported though the plan names no amount.
      ['a3', { planned: null, achieved: 500_000 }],
    ]);
    // Planned FY2015–2016: 10,000,000 × 2 + 3,000,000; achieved: 12,000,000 (FY2015) + 8,000,000 + 500,000.
    expect(report.effectTotals).toEqual({ planned: 23_000_000, achieved: 20_500_000 });
  });

  it('is null for an item the plan gives none and nobody reported', () => {
    const report = buildYearReport({ catalogue, fiscalYear: 2015, assignments: [], actionReports: [], kpiActuals: [], earlierEffects: [], opinions: [] });
    expect(report.measures[0]!.actionItems.find((item) => item.id === 'a3')!.effect).toBeNull();
    expect(report.effectTotals).toEqual({ planned: 10_000_000, achieved: 0 });
  });

  it('rates a qualitative KPI in the year’s report from the approved assessment', () => {
    const report = buildYearReport({
      catalogue,
      fiscalYear: 2016,
      assignments: [],
      actionReports: [],
      kpiActuals: [{ kpi: 'k-system', period: 2016, assessment: 'A' }],
      earlierEffects: [],
      opinions: [],
    });
    expect(report.measures[0]!.kpis.find((kpi) => kpi.id === 'k-system')).toMatchObject({ rating: 'A', ratingLabel: '達成' });
  });
});

describe('through the API, on a plan of its own', () => {
  it('submits a qualitative KPI actual with its assessment, not a value, and an action report with its 効果額', async () => {
    const api = await startApi({ plans: [plan()] });
    const kpiPath = '/api/fiscal-years/2016/kpi-actuals/k-system';
    let saved = await api.call(hq, 'PUT', kpiPath, { body: { asOf: '2017-03-31', note: '条例を制定' } });
    expect(saved.status).toBe(201);
    const refused = await api.call(hq, 'POST', `${kpiPath}/submit`, { headers: { 'If-Match': saved.headers.get('etag')! } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([{ path: 'assessment', message: 'KPIの評価をA〜Dから選んでください' }]);

    saved = await api.call(hq, 'PUT', kpiPath, {
      body: { asOf: '2017-03-31', note: '条例を制定', assessment: 'B' },
      headers: { 'If-Match': saved.headers.get('etag')! },
    });
    expect(saved.status).toBe(200);
    const submitted = await api.call(hq, 'POST', `${kpiPath}/submit`, { headers: { 'If-Match': saved.headers.get('etag')! } });
    expect(submitted.status).toBe(200);
    expect(submitted.body.body).toMatchObject({ assessment: 'B' });

    const actionPath = '/api/fiscal-years/2016/action-reports/a1';
    const body = { status: 'implementing', rating: 'B', achievements: '2施設を統合', challenges: '', nextSteps: '', effectAmount: 8_000_000 };
    const action = await api.call(hq, 'PUT', actionPath, { body });
    expect(action.status).toBe(201);
    const actionSubmitted = await api.call(hq, 'POST', `${actionPath}/submit`, { headers: { 'If-Match': action.headers.get('etag')! } });
    expect(actionSubmitted.status).toBe(200);
    expect(actionSubmitted.body.body).toMatchObject({ effectAmount: 8_000_000 });

    const negative = await api.call(hq, 'PUT', '/api/fiscal-years/2016/action-reports/a2', { body: { ...body, effectAmount: -1 } });
    expect(negative.status).toBe(400);
    expect(negative.body.errors).toEqual([{ path: 'effectAmount', message: '効果額は0円以上で入力してください' }]);
  }, 120_000);
});
