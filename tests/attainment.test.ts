import { describe, expect, it } from 'vitest';
import { assessFiscalYear, compareWithSchedule, rateKpi } from '../functions/domain/attainment/index.ts';
import { FiscalYearOutOfPlanError, KpiPeriodNotAcceptedError, UnknownKpiError } from '../functions/domain/attainment/index.ts';
import type { ActionStatus, KpiActual } from '../functions/domain/attainment/index.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { resolveDepartments } from '../functions/domain/departments.ts';
import type { Phase } from '../functions/domain/catalogue/schema.ts';

const catalogue = seedCatalogue();
const rate = (kpiId: string, fiscalYear: number, actuals: [period: number, value: number][]) => {
  const { kpi, measure } = catalogue.kpi(kpiId)!;
  return rateKpi(
    kpi,
    measure.number,
    actuals.map(([period, value]) => ({ period, value })),
    fiscalYear,
  );
};

describe('KPI attainment for every KPI shape in the plan', () => {
  it.each([
    // plain increasing target: 1-K1 83件 (R7.12月末 → FY2025) → 100件 (FY2030)
    ['plain target, on track', '1-K1', 2027, [[2027, 90]], { rating: 'B', measured: 90, progress: 0.4118, expected: 0.4 }],
    ['plain target, progress exactly equal to expected', '1-K1', 2027, [[2027, 89.8]], { rating: 'B', progress: 0.4, expected: 0.4 }],
    ['plain target, just below expected', '1-K1', 2027, [[2027, 89.7]], { rating: 'C', progress: 0.3941, expected: 0.4 }],
    ['plain target, target reached early', '1-K1', 2027, [[2027, 100]], { rating: 'A', progress: 1 }],
    ['plain target, worse than baseline', '1-K1', 2027, [[2027, 80]], { rating: 'D', progress: -0.1765 }],
    ['plain target, equal to baseline', '1-K1', 2026, [[2026, 83]], { rating: 'C', progress: 0, expected: 0.2 }],
    ['no actual reported for the year', '1-K1', 2028, [[2027, 95]], { rating: 'N', measured: null, progress: null, expected: null }],
    [
      'an actual after the assessed year is ignored',
      '1-K1',
      2027,
      [
        [2027, 90],
        [2028, 100],
      ],
      { rating: 'B', measured: 90 },
    ],
    // 現状より向上: 21-K1 99.48% (R6年度) → R11年度
    ['improve on baseline, better', '21-K1', 2026, [[2026, 99.5]], { rating: 'A', progress: null, expected: null }],
    ['improve on baseline, unchanged', '21-K1', 2026, [[2026, 99.48]], { rating: 'C' }],
    ['improve on baseline, worse', '21-K1', 2026, [[2026, 99.3]], { rating: 'D' }],
    // 以上: 22-K1 26億2,850万円 (R6年度) → 26億3,000万円以上
    ['"以上" met exactly', '22-K1', 2026, [[2026, 2630000000]], { rating: 'A' }],
    ['"以上" just short, ahead of the line', '22-K1', 2026, [[2026, 2629999999]], { rating: 'B' }],
    ['"以上" below baseline', '22-K1', 2026, [[2026, 2000000000]], { rating: 'D' }],
    // per-year mean over a window: 33-K1 2件/年 (R2～6年度) → 8件/年 (R7～11年度)
    [
      'window mean reaching the target',
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
      'window mean between baseline and target (never B)',
      '33-K1',
      2027,
      [
        [2026, 7],
        [2027, 8],
      ],
      { rating: 'C', measured: 7.5 },
    ],
    ['window mean below baseline', '33-K1', 2026, [[2026, 1]], { rating: 'D', measured: 1 }],
    [
      'window mean ignores years before the window',
      '40-K2',
      2026,
      [
        [2025, 30],
        [2026, 10],
      ],
      { rating: 'C', measured: 10 },
    ],
    // calendar-year basis: 36-K1 11.2日 (R7年) → 12日 (R12年)
    [
      'calendar-year KPI rated on the calendar year',
      '36-K1',
      2027,
      [[2027, 11.6]],
      { rating: 'B', basis: 'calendar_year', period: 2027, progress: 0.5, expected: 0.4 },
    ],
    // a target year before FY2030: 38-K1 87.5% (R6年度) → 90% (R11年度)
    ['target in FY2029', '38-K1', 2027, [[2027, 89]], { rating: 'B', progress: 0.6, expected: 0.6 }],
    ['past its target year, expected progress stays 1', '38-K1', 2030, [[2030, 89.9]], { rating: 'C', expected: 1 }],
    // approximate baseline with a January as-of date: 5-K1 約12% (令和7年1月末 → FY2024) → 60%
    ['approximate baseline from a January date', '5-K1', 2026, [[2026, 30]], { rating: 'B', progress: 0.375, expected: 0.3333 }],
  ] as const)('%s', (_case, kpiId, fiscalYear, actuals, expected) => {
    expect(
      rate(
        kpiId,
        fiscalYear,
        actuals.map(([p, v]) => [p, v]),
      ),
    ).toMatchObject(expected);
  });

  it('keeps the approximate mark and the labels for display', () => {
    expect(rate('5-K1', 2026, [[2026, 30]]).baseline).toEqual({ value: 12, period: 2024, label: '約12% (令和7年1月末)', approximate: true });
  });

  it('returns the series so far in period order', () => {
    expect(
      rate('16-K1', 2028, [
        [2028, 23000],
        [2026, 21900],
        [2027, 22500],
        [2029, 1],
      ]).series,
    ).toEqual([
      { period: 2026, value: 21900 },
      { period: 2027, value: 22500 },
      { period: 2028, value: 23000 },
    ]);
  });
});

describe('an action item’s reported status against the plan’s phase for the year', () => {
  it.each([
    ['study', 'not_started', 'behind'],
    ['study', 'studying', 'on_plan'],
    ['study', 'implementing', 'ahead'],
    ['study', 'done', 'ahead'],
    ['study_implement', 'not_started', 'behind'],
    ['study_implement', 'studying', 'on_plan'],
    ['study_implement', 'implementing', 'on_plan'],
    ['study_implement', 'done', 'ahead'],
    ['implement', 'studying', 'behind'],
    ['implement', 'implementing', 'on_plan'],
    ['implement', 'done', 'on_plan'],
    ['review', 'not_started', 'behind'],
    ['review', 'studying', 'on_plan'],
    ['draw_up', 'studying', 'behind'],
    ['draw_up', 'done', 'on_plan'],
    ['as_needed', 'not_started', 'on_plan'],
    ['as_needed', 'done', 'on_plan'],
    ['implement', null, 'unreported'],
  ] as const)('%s reported as %s → %s', (phase, status, flag) => {
    expect(compareWithSchedule(phase as Phase, status)).toBe(flag);
  });
});

describe('a fiscal year assessed and rolled up', () => {
  const actuals: KpiActual[] = [
    { kpi: '1-K1', period: 2027, value: 90 },
    { kpi: '16-K1', period: 2027, value: 21000 },
    { kpi: '38-K1', period: 2027, value: 95 },
  ];
  const assessment = assessFiscalYear({
    catalogue,
    fiscalYear: 2027,
    actuals,
    actionReports: [
      { actionItem: '28-3', fiscalYear: 2027, status: 'implementing', rating: 'A' },
      { actionItem: '5-1', fiscalYear: 2027, status: 'studying', rating: 'C' },
      { actionItem: '12-1', fiscalYear: 2026, status: 'done', rating: 'A' },
    ],
    departments: resolveDepartments(catalogue, [{ measure: '1', departments: ['fukushi'] }]),
  });

  it('rates the KPIs and compares the action items with FY2027’s plan', () => {
    expect(assessment.kpis.map((k) => `${k.id}:${k.rating}`).filter((s) => !s.endsWith(':N'))).toEqual(['1-K1:B', '16-K1:D', '38-K1:A']);
    expect(assessment.actionItems.find((a) => a.id === '28-3')).toMatchObject({
      planned: { activity: '導入可能性調査', phase: 'study' },
      schedule: 'ahead',
      rating: 'A',
    });
    expect(assessment.actionItems.find((a) => a.id === '5-1')).toMatchObject({ planned: { activity: '新体制', phase: 'implement' }, schedule: 'behind' });
    // A report for another fiscal year does not count for this one.
    expect(assessment.actionItems.find((a) => a.id === '12-1')).toMatchObject({ status: null, schedule: 'unreported' });
  });

  it('counts the 施策11 reference row once, under 施策5', () => {
    expect(assessment.actionItems).toHaveLength(103);
    expect(assessment.actionItems.map((a) => a.id)).not.toContain('11-2');
    const total = assessment.total;
    expect(Object.values(total.actionRatings).reduce((a, b) => a + b, 0)).toBe(103);
    expect(Object.values(total.kpiRatings).reduce((a, b) => a + b, 0)).toBe(17);
  });

  it('adds measures up to sub-policies, policies and pillars without losing or doubling anything', () => {
    const sum = (nodes: { scheduleFlags: Record<string, number> }[]) =>
      nodes.reduce((n, node) => n + Object.values(node.scheduleFlags).reduce((a, b) => a + b, 0), 0);
    const atLevel = (level: number) => assessment.groups.filter((group) => group.level === level);
    const [pillars, policies, subPolicies] = [atLevel(0), atLevel(1), atLevel(2)];
    expect(subPolicies).toHaveLength(28);
    expect(policies).toHaveLength(12);
    expect(pillars.map((p) => p.key)).toEqual(['I', 'II', 'III', 'IV']);
    expect(assessment.groups).toHaveLength(4 + 12 + 28);
    for (const level of [assessment.measures, subPolicies, policies, pillars]) expect(sum(level)).toBe(103);
    const pillarII = pillars.find((p) => p.key === 'II')!;
    expect(pillarII.scheduleFlags.ahead).toBe(1);
    expect(pillarII.actionRatings.A).toBe(1);
  });

  it('routes 関係各課 measures to the departments HQ assigned, and a shared measure to each owner', () => {
    const fukushi = assessment.departments.find((d) => d.code === 'fukushi')!;
    expect(fukushi.measures).toEqual(['1', '29']);
    expect(fukushi.kpiRatings.B).toBe(1);
    const sogo = assessment.departments.find((d) => d.code === 'sogo-seisaku')!;
    expect(sogo.measures).toContain('5');
    expect(assessment.departments.find((d) => d.code === 'shomu')!.measures).toContain('5');
    expect(sogo.name).toBe('総合政策課');
  });

  it('refuses a fiscal year outside the plan and an unknown KPI', () => {
    expect(() => assessFiscalYear({ catalogue, fiscalYear: 2031, actuals: [] })).toThrow(FiscalYearOutOfPlanError);
    expect(() => assessFiscalYear({ catalogue, fiscalYear: 2027, actuals: [{ kpi: '9-K9', period: 2027, value: 1 }] })).toThrow(new UnknownKpiError('9-K9'));
  });
});

describe('the schedule read as a person reads the plan', () => {
  const flagOf = (id: string, fiscalYear: number, reports: [year: number, status: ActionStatus][]) =>
    assessFiscalYear({
      catalogue,
      fiscalYear,
      actuals: [],
      actionReports: reports.map(([year, status]) => ({ actionItem: id, fiscalYear: year, status, rating: 'B' })),
    }).actionItems.find((item) => item.id === id)!;

  it('plans 14-2 「隔年実施」 as alternate-year work, not 随時', () => {
    const planned = catalogue.scheduledActionItem('14-2')!.item.schedule;
    expect(planned.map((entry) => [entry.activity, entry.phase])).toEqual(Array(5).fill(['隔年実施', 'biennial']));
  });

  it.each([
    ['held in its first year', 2026, [[2026, 'done']], 'on_plan'],
    ['not held in the plan’s first year', 2026, [[2026, 'not_started']], 'behind'],
    [
      'the year after a held year, not held again',
      2027,
      [
        [2026, 'done'],
        [2027, 'not_started'],
      ],
      'on_plan',
    ],
    [
      'the year after a held year, preparing the next',
      2027,
      [
        [2026, 'implementing'],
        [2027, 'studying'],
      ],
      'on_plan',
    ],
    [
      'two years running without it',
      2027,
      [
        [2026, 'not_started'],
        [2027, 'not_started'],
      ],
      'behind',
    ],
    ['the year before not reported', 2028, [[2028, 'not_started']], 'behind'],
    [
      'held again two years later',
      2028,
      [
        [2026, 'done'],
        [2027, 'not_started'],
        [2028, 'done'],
      ],
      'on_plan',
    ],
  ] as const)('14-2 隔年実施, %s → %s', (_case, fiscalYear, reports, flag) => {
    const item = flagOf('14-2', fiscalYear, reports as unknown as [number, ActionStatus][]);
    expect(item.planned).toEqual({ activity: '隔年実施', phase: 'biennial' });
    expect(item.schedule).toBe(flag);
  });

  it.each([
    [2026, 'studying', 'on_plan'], // 検討中 is what 「検討・策定」 asks for
    [2027, 'studying', 'on_plan'],
    [2027, 'done', 'on_plan'],
    [2026, 'not_started', 'behind'],
    [2028, 'studying', 'on_plan'], // 随時見直し、充実
  ] as const)('15-1 「現状を踏まえ検討・策定」 in FY%i reported %s → %s', (fiscalYear, status, flag) => {
    const item = flagOf('15-1', fiscalYear, [[fiscalYear, status]]);
    expect(item.schedule).toBe(flag);
  });

  it('plans 15-1 as 検討・策定 for FY2026–27, then 随時', () => {
    expect(catalogue.scheduledActionItem('15-1')!.item.schedule.map((entry) => entry.phase)).toEqual([
      'study_draw_up',
      'study_draw_up',
      'as_needed',
      'as_needed',
      'as_needed',
    ]);
  });
});

describe('33-K1 averages its window R7～11年度, so its FY2025 actual counts', () => {
  const rating = (fiscalYear: number, actuals: [period: number, value: number][]) =>
    assessFiscalYear({ catalogue, fiscalYear, actuals: actuals.map(([period, value]) => ({ kpi: '33-K1', period, value })) }).kpis.find(
      (kpi) => kpi.id === '33-K1',
    )!;

  it('takes the FY2025 actual into the mean of FY2025–2026', () => {
    // (10 + 6) / 2 = 8 reaches 8件/年; without FY2025 the mean would be 6 (遅れ).
    expect(
      rating(2026, [
        [2025, 10],
        [2026, 6],
      ]),
    ).toMatchObject({
      rating: 'A',
      measured: 8,
      series: [
        { period: 2025, value: 10 },
        { period: 2026, value: 6 },
      ],
    });
    expect(rating(2026, [[2026, 6]])).toMatchObject({ rating: 'C', measured: 6 });
  });

  it('keeps counting FY2025 in later years of the window', () => {
    expect(
      rating(2027, [
        [2025, 2],
        [2026, 8],
        [2027, 8],
      ]),
    ).toMatchObject({ rating: 'C', measured: 6 });
  });

  it('takes FY2025 for 33-K2 too, and for no KPI whose window starts with the plan', () => {
    expect(
      rating(2026, [
        [2025, 1],
        [2026, 3],
      ]).measured,
    ).toBe(2);
    expect(() => assessFiscalYear({ catalogue, fiscalYear: 2026, actuals: [{ kpi: '33-K2', period: 2025, value: 15 }] })).not.toThrow();
    expect(() => assessFiscalYear({ catalogue, fiscalYear: 2026, actuals: [{ kpi: '40-K2', period: 2025, value: 17 }] })).toThrow(KpiPeriodNotAcceptedError);
    expect(() => assessFiscalYear({ catalogue, fiscalYear: 2026, actuals: [{ kpi: '1-K1', period: 2025, value: 90 }] })).toThrow(
      'KPI「1-K1」は令和7年度の実績を受け付けません（受け付けるのは令和8〜12年度です）',
    );
  });
});
