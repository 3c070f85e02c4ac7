import { describe, expect, it } from 'vitest';
import {
  ASSIGNED_DEPARTMENTS,
  CatalogueError,
  actualPeriodFor,
  earliestActualYear,
  formatBaseline,
  formatTarget,
  isReference,
  kpiAcceptsFiscalYear,
  kpiActualYears,
  parseCatalogue,
} from '../functions/domain/catalogue/index.ts';
import { seedCatalogue, seedPlanInput } from '../seeds/plans.ts';

// Expectations transcribed by hand from the plan document (shared/seed), independently of seeds/.
const catalogue = seedCatalogue();

/** Rows of each measure's 取組内容 table, 施策1–44. */
const ACTION_ROWS_PER_MEASURE = [
  3,
  3,
  2,
  2,
  4,
  2,
  2,
  2,
  5,
  1,
  3,
  3,
  4,
  3,
  2,
  3,
  2,
  2,
  2,
  3, // I
  2,
  3,
  2,
  1,
  2,
  2,
  2,
  3,
  2,
  2, // II
  2,
  1,
  3,
  1,
  3,
  2,
  2,
  2, // III
  3,
  3,
  2,
  3,
  2,
  1, // IV
];

describe('the plan as data matches the document', () => {
  it('has 4 pillars, 12 policies, 28 sub-policies and 44 measures', () => {
    const { pillars } = catalogue.plan;
    const policies = pillars.flatMap((pillar) => pillar.policies);
    const subPolicies = policies.flatMap((policy) => policy.subPolicies);
    expect(pillars.map((pillar) => `${pillar.id} ${pillar.title}`)).toEqual(['I 行政改革', 'II 財政改革', 'III 人材育成', 'IV 協働・連携の推進']);
    expect(policies).toHaveLength(12);
    expect(subPolicies).toHaveLength(28);
    expect(catalogue.measures.map((entry) => entry.measure.number)).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
    expect(policies.find((policy) => policy.id === 'I-1')?.title).toBe('デジタル変革の推進');
  });

  it('has 104 action-item rows, one of them the 施策11 reference to 施策5, counted once', () => {
    const rows = catalogue.measures.map((entry) => entry.measure.actionItems.length);
    expect(rows).toEqual(ACTION_ROWS_PER_MEASURE);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(104);
    const references = catalogue.measures.flatMap((entry) => entry.measure.actionItems.filter(isReference));
    expect(references).toEqual([{ id: '11-2', title: 'デジタル変革の促進に向けた組織強化', referenceTo: '5-1' }]);
    expect(catalogue.scheduledActionItems).toHaveLength(103);
    expect(catalogue.scheduledActionItem('11-2')?.item.id).toBe('5-1');
  });

  it('resolves every schedule to one activity per FY2026–FY2030', () => {
    for (const { item } of catalogue.scheduledActionItems) {
      expect(
        item.schedule.map((entry) => entry.fiscalYear),
        item.id,
      ).toEqual([2026, 2027, 2028, 2029, 2030]);
      for (const entry of item.schedule) expect(entry.activity, item.id).not.toMatch(/^(→|\s*)$/);
    }
  });

  // Merged cells and → in the document, resolved by hand.
  it.each([
    ['11-3', ['新体制の検討・運用', '新体制の検討・運用', '運用', '運用', '運用']],
    ['12-1', ['R7見直しを踏まえた適正化', 'R7見直しを踏まえた適正化', 'R7見直しを踏まえた適正化', 'R7見直しを踏まえた適正化', '計画見直し']],
    ['15-1', ['現状を踏まえ検討・策定', '現状を踏まえ検討・策定', '随時見直し、充実', '随時見直し、充実', '随時見直し、充実']],
    ['28-2', ['基本協定締結', '基本協定締結', '基本協定見直し(水量)', '基本協定締結', '基本協定締結']],
    ['28-3', ['基礎調査', '導入可能性調査', '検討', '実施', '実施']],
    ['39-1', ['実施', '実施', '見直し', '新制度実施', '新制度実施']],
    ['25-2', ['改訂', '新たな計画による推進', '新たな計画による推進', '新たな計画による推進', '新たな計画による推進']],
    ['28-1', ['実施', '実施', '実施', '実施', '経営戦略の改定・料金等見直し']],
  ])('action item %s resolves to the document’s FY2026–FY2030 activities', (id, activities) => {
    const found = catalogue.scheduledActionItem(id);
    expect(found?.item.id).toBe(id);
    // Spaces are PDF line-wrap artefacts, so compare without them.
    expect(found?.item.schedule.map((entry) => entry.activity.replace(/\s/g, ''))).toEqual(activities);
  });

  it.each([
    ['28-3', ['study', 'study', 'study', 'implement', 'implement']],
    ['39-1', ['implement', 'implement', 'review', 'implement', 'implement']],
    ['6-2', ['draw_up', 'as_needed', 'as_needed', 'as_needed', 'as_needed']],
    ['1-3', ['study_implement', 'study_implement', 'study_implement', 'study_implement', 'study_implement']],
  ])('action item %s has the phases its activities name', (id, phases) => {
    expect(catalogue.scheduledActionItem(id)?.item.schedule.map((entry) => entry.phase)).toEqual(phases);
  });

  it('names the owners in the document’s order, with 関係各課 as its own marker', () => {
    expect(catalogue.measure(1)?.measure.owners).toEqual([ASSIGNED_DEPARTMENTS]);
    expect(catalogue.measure(4)?.measure.owners).toEqual(['shomu', 'zaisei', 'kaikei']);
    expect(catalogue.measure(6)?.measure.owners).toEqual([ASSIGNED_DEPARTMENTS, 'sogo-seisaku']);
    expect(catalogue.measure(22)?.measure.owners).toEqual(['brand-senryaku', 'sogo-seisaku', ASSIGNED_DEPARTMENTS]);
    expect(catalogue.measure(29)?.measure.owners).toEqual(['fukushi', 'shoko-kanko', 'shogai-gakushu', ASSIGNED_DEPARTMENTS]);
    expect(catalogue.measure(30)?.measure.owners).toEqual(['sogo-seisaku', 'seikatsu-kankyo', 'kenko-suishin']);
    expect(catalogue.departments).toHaveLength(13);
  });

  it('keeps 方向性 and the ※ footnotes', () => {
    const measure3 = catalogue.measure(3)!.measure;
    expect(measure3.direction[0]).toMatch(/^本市が保有する公共データ/);
    expect(measure3.footnotes.map((note) => note.split('：')[0]!.replace(/\s/g, ''))).toEqual(['オープンデータ', '公開型GIS']);
    expect(catalogue.kpi('1-K1')?.kpi.note).toMatch(/^オンラインでの行政手続/);
  });

  type Expected = [
    id: string,
    name: string,
    unit: string,
    baseline: [value: number, period: number, asOf: string, date?: string],
    target: [value: number | null, period: number, comparison: string, windowFrom?: number],
  ];
  const KPIS: Expected[] = [
    ['1-K1', '電子申請フォームの登録件数', '件', [83, 2025, 'point_in_time', '2025-12-31'], [100, 2030, 'reach']],
    ['3-K1', 'オープンデータの登録件数', '件', [28, 2025, 'point_in_time', '2025-12-31'], [40, 2030, 'reach']],
    ['5-K1', '電子決裁の割合(文書の電子管理)', '%', [12, 2024, 'point_in_time', '2025-01-31'], [60, 2030, 'reach']],
    ['16-K1', '市LINE公式アカウント友だち数', '人', [21382, 2025, 'point_in_time', '2025-10-31'], [24000, 2030, 'reach']],
    ['16-K2', '市公式Facebookフォロワー数', '人', [1156, 2025, 'point_in_time', '2025-10-31'], [1200, 2030, 'reach']],
    ['16-K3', '市ホームページの年間アクセス件数', '件', [616394, 2024, 'fiscal_year'], [700000, 2030, 'reach']],
    ['21-K1', '市税収納率(現年分)', '%', [99.48, 2024, 'fiscal_year'], [null, 2029, 'improve_on_baseline']],
    ['22-K1', 'ふるさとづくり寄附金額', '円', [2628500000, 2024, 'fiscal_year'], [2630000000, 2030, 'at_least']],
    ['33-K1', '職員提案制度の提案件数', '件', [2, 2024, 'fiscal_year_window'], [8, 2029, 'window_mean', 2025]],
    ['33-K2', '業務改善報告制度の報告件数', '件', [12, 2024, 'fiscal_year_window'], [15, 2029, 'window_mean', 2025]],
    ['36-K1', '年次有給休暇の平均取得日数', '日', [11.2, 2025, 'calendar_year'], [12, 2030, 'reach']],
    ['38-K1', '男性の育児休業取得率', '%', [87.5, 2024, 'fiscal_year'], [90, 2029, 'reach']],
    ['38-K2', '男性の育児参加休暇取得率', '%', [62.5, 2024, 'fiscal_year'], [80, 2029, 'reach']],
    ['39-K1', 'ともに築く地域未来創造事業(地域づくり事業費補助金制度)利用団体数', '団体', [7, 2025, 'fiscal_year'], [22, 2030, 'reach']],
    ['40-K1', '地区防災計画策定数', '団体', [5, 2025, 'point_in_time', '2025-12-31'], [50, 2030, 'reach']],
    [
      '40-K2',
      'ともに築く地域未来創造事業(地域づくり事業費補助金制度のうち、安全・安心地域づくり事業)利用団体数',
      '団体',
      [4, 2025, 'fiscal_year'],
      [17, 2030, 'window_mean', 2026],
    ],
    ['41-K1', '市民活動支援センターの登録団体数', '団体', [58, 2025, 'point_in_time', '2025-10-31'], [60, 2030, 'reach']],
  ];

  it('has exactly the 17 KPIs of the document', () => {
    expect(catalogue.kpis.map((entry) => entry.kpi.id)).toEqual(KPIS.map(([id]) => id));
  });

  it.each(KPIS)('KPI %s (%s) has the document’s unit, baseline and target', (id, name, unit, baseline, target) => {
    const kpi = catalogue.kpi(id)!.kpi;
    expect(kpi.name.replace(/\s/g, '')).toBe(name);
    expect(kpi.unit).toBe(unit);
    const [value, period, asOf, date] = baseline;
    expect(kpi.baseline).toMatchObject({ value, period, asOf });
    expect(kpi.baseline.date).toBe(date);
    const [targetValue, targetPeriod, comparison, windowFrom] = target;
    expect(kpi.target).toMatchObject({ value: targetValue, period: targetPeriod, comparison });
    expect(kpi.target.window).toEqual(windowFrom === undefined ? undefined : { from: windowFrom, to: targetPeriod });
  });

  it('keeps the calendar-year basis of 年次有給休暇 and the approximate mark of 約12%', () => {
    expect(catalogue.kpis.filter((entry) => entry.kpi.basis === 'calendar_year').map((entry) => entry.kpi.id)).toEqual(['36-K1']);
    expect(catalogue.kpi('5-K1')?.kpi.baseline).toMatchObject({ approximate: true, label: expect.stringMatching(/^約12%/) });
    expect(catalogue.kpis.filter((entry) => entry.kpi.baseline.approximate)).toHaveLength(1);
  });

  it('carries the 財政指標 table with its legal thresholds and the population outlook', () => {
    const indicators = catalogue.plan.financialIndicators;
    expect(indicators.map((row) => [row.name, row.values.fy2019, row.values.fy2024, row.values.prefectureCityAverageFy2024])).toEqual([
      ['財政力指数', 0.68, 0.62, 0.5],
      ['経常収支比率', 92.7, 94.8, 94.1],
      ['実質公債費比率', 6.6, 8.8, 8.5],
      ['将来負担比率', 6.7, null, 42.3],
    ]);
    expect(indicators.find((row) => row.name === '実質公債費比率')?.thresholds.map((t) => t.value)).toEqual([18, 25]);
    expect(indicators.find((row) => row.name === '将来負担比率')?.thresholds.map((t) => t.value)).toEqual([350]);
    expect(catalogue.plan.populationOutlook.projections).toEqual([
      { year: 2030, population: 47200, label: '令和12年' },
      { year: 2060, population: 43561, label: '令和42年' },
    ]);
  });
});

describe('a malformed or inconsistent catalogue is rejected with the place named', () => {
  /** The parts of a plan file (seeds/plan/) the cases below break; a case may write what the schema refuses. */
  interface Plan {
    pillars: { policies: { subPolicies: { measures: PlanFileMeasure[] }[] }[] }[];
  }
  interface PlanFileMeasure {
    number: number;
    owners: string[];
    actionItems: { id: string; referenceTo?: string; schedule: { phase: string }[] }[];
    kpis: { unit?: string; baseline: { period: number }; target: { period: number } }[];
  }
  const broken = (mutate: (plan: Plan) => void): string => {
    // The seed is a plan file (the tests above parse it), so it has these parts.
    const input = structuredClone(seedPlanInput()) as Plan;
    mutate(input);
    try {
      parseCatalogue(input);
    } catch (error) {
      expect(error).toBeInstanceOf(CatalogueError);
      return (error as CatalogueError).problems.join('\n');
    }
    throw new Error('the broken catalogue was accepted');
  };
  const measure = (plan: Plan, n: number) =>
    plan.pillars
      .flatMap((p) => p.policies)
      .flatMap((p) => p.subPolicies)
      .flatMap((s) => s.measures)
      .find((m) => m.number === n)!;

  it.each([
    ['an unknown department code', (p: Plan) => measure(p, 4).owners.push('jinji'), /施策4 › owners › \[3\]: 未登録の課コード「jinji」/],
    ['a duplicate action-item id', (p: Plan) => (measure(p, 1).actionItems[1]!.id = '1-1'), /施策1 › 1-1 › id: (ID「1-1」が重複|取組項目IDは「1-2」)/],
    ['a duplicate measure number', (p: Plan) => (measure(p, 2).number = 1), /施策1 › number: 施策番号は2のはずが1/],
    [
      'a target period outside the plan',
      (p: Plan) => (measure(p, 1).kpis[0]!.target.period = 2031),
      /施策1 › KPI 1-K1 › target › period: 目標年（2031）が計画期間/,
    ],
    [
      'a schedule that misses FY2030',
      (p: Plan) => measure(p, 28).actionItems[2]!.schedule.pop(),
      /施策28 › 28-3 › schedule: スケジュールは令和8〜12年度を1年ずつ順に網羅してください（現在: 2026、2027、2028、2029）/,
    ],
    ['a reference to nowhere', (p: Plan) => (measure(p, 11).actionItems[1]!.referenceTo = '5-9'), /施策11 › 11-2 › referenceTo: 参照先の取組項目「5-9」/],
    [
      'a baseline date in another fiscal year',
      (p: Plan) => (measure(p, 5).kpis[0]!.baseline.period = 2025),
      /KPI 5-K1 › baseline › period: 現在値の日付 2025-01-31 は令和6年度に属します/,
    ],
    ['an unknown phase', (p: Plan) => (measure(p, 1).actionItems[0]!.schedule[0]!.phase = 'later'), /施策1 › 1-1/],
    ['a missing KPI unit', (p: Plan) => delete measure(p, 16).kpis[1]!.unit, /施策16 › KPI 16-K2 › unit/],
  ])('%s', (_case, mutate, expected) => {
    expect(broken(mutate)).toMatch(expected);
  });
});

describe('which periods a KPI takes, named in the one notation', () => {
  const kpi = (id: string) => catalogue.kpi(id)!.kpi;

  it('takes FY2025 only for the KPIs whose window starts there (33-K1, 33-K2: R7～11年度)', () => {
    const earlier = catalogue.kpis.filter(({ kpi }) => kpiActualYears(kpi)[0] !== 2026).map(({ kpi }) => kpi.id);
    expect(earlier).toEqual(['33-K1', '33-K2']);
    expect(kpiActualYears(kpi('33-K1'))).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
    expect(kpiActualYears(kpi('1-K1'))).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(kpiAcceptsFiscalYear(kpi('33-K2'), 2025)).toBe(true);
    expect(kpiAcceptsFiscalYear(kpi('40-K2'), 2025)).toBe(false); // its window is R8～12年度
    expect(kpiAcceptsFiscalYear(kpi('1-K1'), 2031)).toBe(false);
    expect(earliestActualYear(catalogue.kpis.map(({ kpi }) => kpi))).toBe(2025);
  });

  it('asks a calendar-year KPI (36-K1) for the calendar year, with a 時点 of 31 December', () => {
    expect(actualPeriodFor(kpi('36-K1'), 2026)).toEqual({
      period: 2026,
      label: '令和8年',
      asOfHint: '令和8年（1月〜12月）の値を入力してください。時点は令和8年12月31日です。',
      periodEnd: '2026-12-31',
    });
  });

  it('asks a fiscal-year KPI for the 年度, with a 時点 at its end', () => {
    expect(actualPeriodFor(kpi('16-K1'), 2026)).toEqual({
      period: 2026,
      label: '令和8年度',
      asOfHint: '令和8年度（4月〜翌年3月）の値を入力してください。時点は年度末の令和9年3月31日です（集計した日が違うときはその日）。',
      periodEnd: '2027-03-31',
    });
  });

  it.each([
    ['1-K1', '83件（令和7年12月末）', '100件（令和12年度）'],
    ['5-K1', '約12%（令和7年1月末）', '60%（令和12年度）'],
    ['16-K3', '616,394件（令和6年度）', '700,000件（令和12年度）'],
    ['21-K1', '99.48%（令和6年度）', '現状より向上（令和11年度）'],
    ['22-K1', '26億2,850万円（令和6年度）', '26億3,000万円以上（令和12年度）'],
    ['33-K1', '2件/年（令和2〜6年度）', '8件/年（令和7〜11年度）'],
    ['36-K1', '11.2日（令和7年）', '12日（令和12年）'],
    ['40-K1', '5団体（令和7年12月末）', '50団体（令和12年度）'],
    ['40-K2', '4団体/年（令和7年度）', '17団体/年（令和8〜12年度）'],
  ])('%s: baseline %s, target %s', (id, baseline, target) => {
    expect(formatBaseline(kpi(id))).toBe(baseline);
    expect(formatTarget(kpi(id))).toBe(target);
  });
});
