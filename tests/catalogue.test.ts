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
  it('has 4 pillars, 12 policies, 28 sub-policies and 44 measures, under the document’s level names', () => {
    expect(catalogue.plan.levels.map((level) => level.name)).toEqual(['柱', '政策', '施策の方向性', '施策', '取組項目']);
    const pillars = catalogue.groupsAt(0).map((entry) => entry.group);
    expect(pillars.map((pillar) => `${pillar.number} ${pillar.title}`)).toEqual(['I 行政改革', 'II 財政改革', 'III 人材育成', 'IV 協働・連携の推進']);
    expect(catalogue.groupsAt(1)).toHaveLength(12);
    expect(catalogue.groupsAt(2)).toHaveLength(28);
    expect(catalogue.groups).toHaveLength(4 + 12 + 28);
    expect(catalogue.measures.map((entry) => entry.measure.number)).toEqual(Array.from({ length: 44 }, (_, i) => String(i + 1)));
    expect(catalogue.group('I-1')?.group.title).toBe('デジタル変革の推進');
    // The 8th plan's own ids are its keys.
    expect(catalogue.measures.every((entry) => entry.measure.key === entry.measure.number)).toBe(true);
    expect(catalogue.measure('1')?.path.map((group) => group.key)).toEqual(['I', 'I-1', 'I-1-(1)']);
    expect(catalogue.measureLabel(catalogue.measure('3')!.measure)).toBe('施策3');
  });

  it('has 104 action-item rows, one of them the 施策11 reference to 施策5, counted once', () => {
    const rows = catalogue.measures.map((entry) => entry.measure.actionItems.length);
    expect(rows).toEqual(ACTION_ROWS_PER_MEASURE);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(104);
    const references = catalogue.measures.flatMap((entry) => entry.measure.actionItems.filter(isReference));
    expect(references).toEqual([{ key: '11-2', number: '11-2', title: 'デジタル変革の促進に向けた組織強化', referenceTo: '5-1' }]);
    expect(catalogue.scheduledActionItems).toHaveLength(103);
    expect(catalogue.scheduledActionItem('11-2')?.item.key).toBe('5-1');
  });

  it('resolves every schedule to one activity per FY2026–FY2030', () => {
    for (const { item } of catalogue.scheduledActionItems) {
      expect(
        item.schedule.map((entry) => entry.fiscalYear),
        item.key,
      ).toEqual([2026, 2027, 2028, 2029, 2030]);
      for (const entry of item.schedule) expect(entry.activity, item.key).not.toMatch(/^(→|\s*)$/);
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
    expect(found?.item.key).toBe(id);
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
    expect(catalogue.measure('1')?.measure.owners).toEqual([ASSIGNED_DEPARTMENTS]);
    expect(catalogue.measure('4')?.measure.owners).toEqual(['shomu', 'zaisei', 'kaikei']);
    expect(catalogue.measure('6')?.measure.owners).toEqual([ASSIGNED_DEPARTMENTS, 'sogo-seisaku']);
    expect(catalogue.measure('22')?.measure.owners).toEqual(['brand-senryaku', 'sogo-seisaku', ASSIGNED_DEPARTMENTS]);
    expect(catalogue.measure('29')?.measure.owners).toEqual(['fukushi', 'shoko-kanko', 'shogai-gakushu', ASSIGNED_DEPARTMENTS]);
    expect(catalogue.measure('30')?.measure.owners).toEqual(['sogo-seisaku', 'seikatsu-kankyo', 'kenko-suishin']);
    expect(catalogue.departments).toHaveLength(13);
  });

  it('keeps 方向性 and the ※ footnotes', () => {
    const measure3 = catalogue.measure('3')!.measure;
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
    expect(catalogue.kpis.map((entry) => entry.kpi.key)).toEqual(KPIS.map(([id]) => id));
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
    expect(catalogue.kpis.filter((entry) => entry.kpi.basis === 'calendar_year').map((entry) => entry.kpi.key)).toEqual(['36-K1']);
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
    expect(catalogue.plan.populationOutlook?.projections).toEqual([
      { year: 2030, population: 47200, label: '令和12年' },
      { year: 2060, population: 43561, label: '令和42年' },
    ]);
  });
});

describe('a malformed or inconsistent catalogue is rejected with the place named', () => {
  /** The parts of a plan file (seeds/plans/<id>/plan.json) the cases below break; a case may write what the schema refuses. */
  interface PlanFile {
    city: { code: string };
    groups: { key: string; number: string; parent?: string }[];
    measures: PlanFileMeasure[];
  }
  interface PlanFileMeasure {
    key: string;
    number: string;
    group?: string;
    owners: string[];
    actionItems: { key: string; referenceTo?: string; schedule: { fiscalYear: number; activity: string; phase: string }[] }[];
    kpis: { key: string; unit?: string; baseline: { period: number }; target: { period: number } }[];
  }
  const problems = (input: unknown): string => {
    try {
      parseCatalogue(input);
    } catch (error) {
      expect(error).toBeInstanceOf(CatalogueError);
      return (error as CatalogueError).problems.join('\n');
    }
    throw new Error('the broken catalogue was accepted');
  };
  const broken = (mutate: (plan: PlanFile) => void): string => {
    // The seed is a plan file (the tests above parse it), so it has these parts.
    const input = structuredClone(seedPlanInput()) as PlanFile;
    mutate(input);
    return problems(input);
  };
  const measure = (plan: PlanFile, key: string) => plan.measures.find((m) => m.key === key)!;

  it.each([
    ['an unknown department code', (p: PlanFile) => measure(p, '4').owners.push('jinji'), /施策4 › owners › \[3\]: 未登録の課コード「jinji」/],
    ['a duplicate action-item key', (p: PlanFile) => (measure(p, '1').actionItems[1]!.key = '1-1'), /施策1 › 取組項目1-2 › key: キー「1-1」が重複/],
    ['a measure key used by a group', (p: PlanFile) => (measure(p, '2').key = 'I-1'), /施策2 › key: キー「I-1」が重複/],
    ['a duplicate KPI key', (p: PlanFile) => (measure(p, '16').kpis[1]!.key = '16-K1'), /施策16 › KPI 16-K2 › key: キー「16-K1」が重複/],
    ['a duplicate measure number', (p: PlanFile) => (measure(p, '2').number = '1'), /施策1 › number: 番号「1」が重複/],
    ['an unknown group', (p: PlanFile) => (measure(p, '1').group = 'I-9-(9)'), /施策1 › group: 「施策の方向性」の「I-9-\(9\)」がありません/],
    ['a group whose parent comes later or not at all', (p: PlanFile) => (p.groups[1]!.parent = 'IX'), /I-1 › parent: 親「IX」がこれより前にありません/],
    [
      'a schedule year outside the period',
      (p: PlanFile) => measure(p, '28').actionItems[2]!.schedule.push({ fiscalYear: 2031, activity: '実施', phase: 'implement' }),
      /施策28 › 取組項目28-3 › schedule: スケジュールの年度は令和8〜12年度の中で、古い順に1度ずつ書いてください（現在：2026、2027、2028、2029、2030、2031）/,
    ],
    [
      'a schedule year written twice',
      (p: PlanFile) => (measure(p, '28').actionItems[2]!.schedule[1]!.fiscalYear = 2026),
      /施策28 › 取組項目28-3 › schedule: スケジュールの年度は令和8〜12年度の中で、古い順に1度ずつ書いてください（現在：2026、2026、2028、2029、2030）/,
    ],
    [
      'a reference to a missing key',
      (p: PlanFile) => (measure(p, '11').actionItems[1]!.referenceTo = '5-9'),
      /施策11 › 取組項目11-2 › referenceTo: 参照先の取組項目「5-9」がありません/,
    ],
    [
      'a KPI target outside the period',
      (p: PlanFile) => (measure(p, '1').kpis[0]!.target.period = 2031),
      /施策1 › KPI 1-K1 › target › period: 目標年（2031）が計画期間（令和8〜12年度）の外です/,
    ],
    [
      'a baseline date in another fiscal year',
      (p: PlanFile) => (measure(p, '5').kpis[0]!.baseline.period = 2025),
      /KPI 5-K1 › baseline › period: 基準値の日付 2025-01-31 は令和6年度に属します/,
    ],
    ['an unknown phase', (p: PlanFile) => (measure(p, '1').actionItems[0]!.schedule[0]!.phase = 'later'), /施策1 › 取組項目1-1/],
    ['a missing KPI unit', (p: PlanFile) => delete measure(p, '16').kpis[1]!.unit, /施策16 › KPI 16-K2 › unit/],
    [
      'a measure hung from a group above the deepest level',
      (p: PlanFile) => (measure(p, '1').group = 'I-1'),
      /施策1 › group: 「施策の方向性」の「I-1」がありません/,
    ],
    ['a city code whose check digit is wrong', (p: PlanFile) => (p.city.code = '062112'), /city › code: 全国地方公共団体コードの検査数字が合いません/],
  ])('%s', (_case, mutate, expected) => {
    expect(broken(mutate)).toMatch(expected);
  });

  /**
   * The smallest plan of the given level names: one chain of groups down to the deepest group level,
   * one measure under it with one scheduled action item, a KPI with a fiscal-year baseline.
   */
  const smallPlan = (levelNames: string[], period = { firstFiscalYear: 2026, lastFiscalYear: 2028 }) => {
    const depth = levelNames.length - 2;
    const groups = Array.from({ length: Math.max(depth, 0) }, (_, level) => ({
      key: `g${level}`,
      number: String(level + 1),
      title: `${levelNames[level]}の見出し`,
      ...(level > 0 ? { parent: `g${level - 1}` } : {}),
    }));
    const years = Array.from({ length: period.lastFiscalYear - period.firstFiscalYear + 1 }, (_, i) => period.firstFiscalYear + i);
    return {
      id: 'small-plan',
      title: '小さな計画',
      city: { name: '東根市', prefecture: '山形県', code: '062111' },
      period,
      hq: { name: '推進本部', department: 'somu' },
      levels: levelNames.map((name) => ({ name })),
      scheduleVocabulary: [
        { word: '実施', phase: 'implement' },
        { word: '', phase: 'none' },
      ],
      departments: [{ code: 'somu', name: '総務課' }],
      groups,
      measures: [
        {
          key: 'm1',
          number: '1',
          ...(depth > 0 ? { group: `g${depth - 1}` } : {}),
          title: '事務の見直し',
          owners: ['somu'],
          actionItems: [
            { key: 'm1-1', number: '1-1', title: '業務の棚卸し', schedule: years.map((fiscalYear) => ({ fiscalYear, activity: '実施', phase: 'implement' })) },
          ],
          kpis: [
            {
              key: 'm1-K1',
              number: '1-K1',
              name: '見直した事務の数',
              unit: '件',
              basis: 'fiscal_year',
              baseline: { value: 3, label: '3件', asOf: 'fiscal_year', period: period.firstFiscalYear - 1 },
              target: { value: 10, label: '10件', comparison: 'reach', period: period.lastFiscalYear },
            },
          ],
        },
      ],
    };
  };

  it('takes a plan of two levels, whose measures hang from no group', () => {
    const small = parseCatalogue(smallPlan(['施策', '取組項目']));
    expect(small.groups).toEqual([]);
    expect(small.measures.map((entry) => [entry.measure.key, entry.path])).toEqual([['m1', []]]);
    expect(small.measureLabel(small.measure('m1')!.measure)).toBe('施策1');
    expect(small.actionItemLevelName).toBe('取組項目');
  });

  it('takes a plan of five levels, each measure under a group of the fourth from the bottom', () => {
    const small = parseCatalogue(smallPlan(['基本目標', '分野', '方針', '事業', '取組']));
    expect(small.groups.map((entry) => [entry.group.key, entry.level])).toEqual([
      ['g0', 0],
      ['g1', 1],
      ['g2', 2],
    ]);
    expect(small.measure('m1')?.path.map((group) => group.key)).toEqual(['g0', 'g1', 'g2']);
    expect(small.measureLabel(small.measure('m1')!.measure)).toBe('事業1');
  });

  it.each([
    ['one level', ['取組項目']],
    ['six levels', ['柱', '政策', '方向性', '小項目', '施策', '取組項目']],
  ])('refuses a plan of %s', (_case, levelNames) => {
    const plan = smallPlan(['柱', '施策', '取組項目']);
    plan.levels = levelNames.map((name) => ({ name }));
    expect(problems(plan)).toMatch(/levels: 階層は2〜5段です/);
  });

  it('refuses a measure whose group is not at the deepest group level', () => {
    const plan = smallPlan(['柱', '政策', '施策', '取組項目']);
    plan.measures[0]!.group = 'g0';
    expect(problems(plan)).toMatch(/施策1 › group: 「政策」の「g0」がありません/);
  });

  it.each([
    ['062112', false],
    ['062111', true], // 東根市
    ['152242', true], // 佐渡市
  ])('checks the check digit of 全国地方公共団体コード %s', (code, valid) => {
    const plan = smallPlan(['施策', '取組項目']);
    plan.city.code = code;
    if (valid) expect(parseCatalogue(plan).city.code).toBe(code);
    else expect(problems(plan)).toMatch(/city › code: 全国地方公共団体コードの検査数字が合いません/);
  });

  it('takes a plan of FY2015–2018, before 令和, and reads its years', () => {
    const small = parseCatalogue(smallPlan(['施策', '取組項目'], { firstFiscalYear: 2015, lastFiscalYear: 2018 }));
    expect(small.years).toEqual([2015, 2016, 2017, 2018]);
    expect(small.covers(2015)).toBe(true);
    expect(small.covers(2019)).toBe(false);
    expect(small.actionItem('m1-1')?.measure.key).toBe('m1');
  });
});

describe('which periods a KPI takes, named in the one notation', () => {
  const kpi = (id: string) => catalogue.kpi(id)!.kpi;
  const { period } = catalogue.plan;

  it('takes FY2025 only for the KPIs whose window starts there (33-K1, 33-K2: R7～11年度)', () => {
    const earlier = catalogue.kpis.filter(({ kpi }) => kpiActualYears(kpi, period)[0] !== 2026).map(({ kpi }) => kpi.key);
    expect(earlier).toEqual(['33-K1', '33-K2']);
    expect(kpiActualYears(kpi('33-K1'), period)).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
    expect(kpiActualYears(kpi('1-K1'), period)).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(kpiAcceptsFiscalYear(kpi('33-K2'), 2025, period)).toBe(true);
    expect(kpiAcceptsFiscalYear(kpi('40-K2'), 2025, period)).toBe(false); // its window is R8～12年度
    expect(kpiAcceptsFiscalYear(kpi('1-K1'), 2031, period)).toBe(false);
    expect(
      earliestActualYear(
        catalogue.kpis.map(({ kpi }) => kpi),
        period,
      ),
    ).toBe(2025);
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
