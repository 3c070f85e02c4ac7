import { describe, expect, it } from 'vitest';
import {
  AttainmentInputError,
  DuplicateActionReportError,
  DuplicateActualError,
  FiscalYearOutOfPlanError,
  KpiPeriodNotAcceptedError,
  ReferenceActionItemError,
  UnknownActionItemError,
  UnknownKpiError,
  assessFiscalYear,
} from '../functions/domain/attainment/index.ts';
import type { ActionReportInput, KpiActual, Tally } from '../functions/domain/attainment/index.ts';
import type { GroupTally } from '../functions/domain/attainment/assess.ts';
import { parseCatalogue } from '../functions/domain/catalogue/parse.ts';
import { ASSIGNED_DEPARTMENTS } from '../functions/domain/catalogue/schema.ts';
import type { Phase, PlanInput } from '../functions/domain/catalogue/schema.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { resolveDepartments } from '../functions/domain/departments.ts';
import { scaledPlan } from '../bench/synthetic-plan.ts';

// A small plan whose every count can be worked out by hand:
//   I  ─ I-1 ─ I-1-(1): 施策1 (総合政策課), 施策2 (総合政策課 + 関係各課; 2-2 is a reference to 1-1)
//      │     └ I-1-(2): 施策3 (関係各課)
//      └ I-2 ─ I-2-(1): 施策4 (庶務課, 財政課)
//   II ─ 施策5 (財政課)   III ─ 施策6 (関係各課, never assigned)   IV ─ 施策7 (庶務課)
const K = ASSIGNED_DEPARTMENTS;
const YEARS = [2026, 2027, 2028, 2029, 2030];
/** An action item whose key is its number (as in the 8th plan), with the same phase every year unless `years` says otherwise. */
const item = (key: string, phase: Phase, years: readonly number[] = YEARS, phaseOf: (fiscalYear: number) => Phase = () => phase) => ({
  key,
  number: key,
  title: `取組${key}`,
  schedule: years.map((fiscalYear) => ({ fiscalYear, activity: `${phaseOf(fiscalYear)}@${fiscalYear}`, phase: phaseOf(fiscalYear) })),
});
const measure = (number: string, group: string, owners: string[], actionItems: object[], kpis: object[] = []) => ({
  key: number,
  number,
  group,
  title: `施策${number}`,
  owners,
  direction: ['方向性'],
  actionItems,
  kpis,
});
const plainKpi = (key: string) => ({
  key,
  number: key,
  name: `KPI ${key}`,
  unit: '件',
  basis: 'fiscal_year',
  baseline: { value: 83, label: '83件 (R7.12月末)', asOf: 'point_in_time', date: '2025-12-31', period: 2025 },
  target: { value: 100, label: '100件', comparison: 'reach', period: 2030 },
});
const group = (key: string, title: string, parent?: string) => ({ key, number: key, title, ...(parent ? { parent } : {}) });

const smallPlan = {
  id: 'test-plan',
  title: 'テスト用プラン',
  status: 'active',
  city: { name: '東根市', prefecture: '山形県', code: '062111' },
  period: { firstFiscalYear: 2026, lastFiscalYear: 2030 },
  hq: { name: '行財政改革推進本部', department: 'sogo-seisaku' },
  levels: [{ name: '柱' }, { name: '政策' }, { name: '施策の方向性' }, { name: '施策' }, { name: '取組項目' }],
  scheduleVocabulary: [
    { word: '検討', phase: 'study' },
    { word: '実施', phase: 'implement' },
    { word: '', phase: 'none' },
  ],
  departments: [
    { code: 'sogo-seisaku', name: '総合政策課' },
    { code: 'shomu', name: '庶務課' },
    { code: 'zaisei', name: '財政課' },
  ],
  groups: [
    group('I', '行政改革'),
    group('I-1', 'デジタル変革の推進', 'I'),
    group('I-1-(1)', '小項目I-1-(1)', 'I-1'),
    group('I-1-(2)', '小項目I-1-(2)', 'I-1'),
    group('I-2', '業務改革', 'I'),
    group('I-2-(1)', '小項目I-2-(1)', 'I-2'),
    group('II', '財政改革'),
    group('II-1', '財源確保', 'II'),
    group('II-1-(1)', '小項目II-1-(1)', 'II-1'),
    group('III', '人材育成'),
    group('III-1', '育成', 'III'),
    group('III-1-(1)', '小項目III-1-(1)', 'III-1'),
    group('IV', '協働・連携の推進'),
    group('IV-1', '協働', 'IV'),
    group('IV-1-(1)', '小項目IV-1-(1)', 'IV-1'),
  ],
  measures: [
    measure('1', 'I-1-(1)', ['sogo-seisaku'], [item('1-1', 'study'), item('1-2', 'implement')], [plainKpi('1-K1')]),
    measure('2', 'I-1-(1)', ['sogo-seisaku', K], [item('2-1', 'as_needed'), { key: '2-2', number: '2-2', title: '〈施策1に記載〉', referenceTo: '1-1' }]),
    measure(
      '3',
      'I-1-(2)',
      [K],
      [item('3-1', 'review')],
      [
        {
          key: '3-K1',
          number: '3-K1',
          name: '収納率',
          unit: '%',
          basis: 'fiscal_year',
          baseline: { value: 50, label: '50% (R6年度)', asOf: 'fiscal_year', period: 2024 },
          target: { value: null, label: '現状より向上', comparison: 'improve_on_baseline', period: 2030 },
        },
      ],
    ),
    measure('4', 'I-2-(1)', ['shomu', 'zaisei'], [item('4-1', 'draw_up'), item('4-2', 'study_implement')], [plainKpi('4-K1')]),
    measure('5', 'II-1-(1)', ['zaisei'], [item('5-1', 'implement')]),
    measure('6', 'III-1-(1)', [K], [item('6-1', 'implement')]),
    measure('7', 'IV-1-(1)', ['shomu'], [item('7-1', 'study')]),
  ],
  financialIndicators: [],
  populationOutlook: { source: 'テスト', projections: [] },
} satisfies Record<keyof PlanInput, unknown>;

/** The roll-up's group levels, by the names the 8th plan gives them. */
const LEVEL = { pillars: 0, policies: 1, subPolicies: 2 } as const;
const groupsAt = (result: { groups: readonly GroupTally[] }, level: keyof typeof LEVEL) => result.groups.filter((g) => g.level === LEVEL[level]);

const catalogue = parseCatalogue(smallPlan);

const actuals: KpiActual[] = [
  { kpi: '1-K1', period: 2027, value: 90 }, // B
  { kpi: '1-K1', period: 2026, value: 85 },
  { kpi: '3-K1', period: 2027, value: 49 }, // D: below the baseline of a 現状より向上 KPI
  { kpi: '4-K1', period: 2026, value: 90 }, // nothing for FY2027: N
];
const actionReports: ActionReportInput[] = [
  { actionItem: '1-1', fiscalYear: 2027, status: 'implementing', rating: 'A' }, // study → ahead
  { actionItem: '1-2', fiscalYear: 2027, status: 'studying', rating: 'C' }, // implement → behind
  { actionItem: '2-1', fiscalYear: 2027, status: 'not_started', rating: 'B' }, // as_needed → on plan
  { actionItem: '3-1', fiscalYear: 2027, status: 'done', rating: 'A' }, // review → on plan
  { actionItem: '4-1', fiscalYear: 2027, status: 'studying', rating: 'D' }, // draw_up → behind
  { actionItem: '5-1', fiscalYear: 2027, status: 'done', rating: 'B' }, // implement → on plan
  { actionItem: '7-1', fiscalYear: 2026, status: 'done', rating: 'A' }, // another year: 7-1 is unreported in FY2027
];
// fukushi is not one of this small plan's departments: HQ added it, with its name.
const departments = resolveDepartments(catalogue, [
  { measure: '2', departments: ['zaisei'] },
  { measure: '3', departments: ['zaisei', 'fukushi'], names: { fukushi: '福祉課' } },
]);
const assessment = assessFiscalYear({ catalogue, fiscalYear: 2027, actuals, actionReports, departments });

/** A tally from the non-zero counts only. */
function tally(kpi: Partial<Tally['kpiRatings']>, action: Partial<Tally['actionRatings']>, flags: Partial<Tally['scheduleFlags']>): Tally {
  return {
    kpiRatings: { A: 0, B: 0, C: 0, D: 0, N: 0, ...kpi },
    actionRatings: { A: 0, B: 0, C: 0, D: 0, unrated: 0, ...action },
    scheduleFlags: { ahead: 0, on_plan: 0, behind: 0, unreported: 0, ...flags },
  };
}
const tallyOf = ({ kpiRatings, actionRatings, scheduleFlags }: Tally): Tally => ({ kpiRatings, actionRatings, scheduleFlags });
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const count = (nodes: readonly Tally[], key: keyof Tally) => nodes.reduce((n, node) => n + sum(node[key]), 0);

describe('assessFiscalYear on a plan small enough to count by hand', () => {
  it('rates each KPI and compares each scheduled action item with the year’s phase', () => {
    expect(assessment.fiscalYear).toBe(2027);
    expect(assessment.kpis.map((k) => [k.id, k.rating])).toEqual([
      ['1-K1', 'B'],
      ['3-K1', 'D'],
      ['4-K1', 'N'],
    ]);
    expect(assessment.actionItems.map((a) => [a.id, a.status, a.rating, a.schedule])).toEqual([
      ['1-1', 'implementing', 'A', 'ahead'],
      ['1-2', 'studying', 'C', 'behind'],
      ['2-1', 'not_started', 'B', 'on_plan'],
      ['3-1', 'done', 'A', 'on_plan'],
      ['4-1', 'studying', 'D', 'behind'],
      ['4-2', null, null, 'unreported'],
      ['5-1', 'done', 'B', 'on_plan'],
      ['6-1', null, null, 'unreported'],
      ['7-1', null, null, 'unreported'],
    ]);
    expect(assessment.actionItems[0]).toEqual({
      id: '1-1',
      measure: '1',
      title: '取組1-1',
      planned: { activity: 'study@2027', phase: 'study' },
      status: 'implementing',
      rating: 'A',
      schedule: 'ahead',
    });
  });

  it('leaves the reference row out, so the item it points to counts once', () => {
    expect(assessment.actionItems.map((a) => a.id)).not.toContain('2-2');
    expect(assessment.actionItems.filter((a) => a.id === '1-1')).toHaveLength(1);
    expect(tallyOf(assessment.measures.find((m) => m.number === '2')!)).toEqual(tally({}, { B: 1 }, { on_plan: 1 }));
  });

  it.each([
    ['1', tally({ B: 1 }, { A: 1, C: 1 }, { ahead: 1, behind: 1 })],
    ['2', tally({}, { B: 1 }, { on_plan: 1 })],
    ['3', tally({ D: 1 }, { A: 1 }, { on_plan: 1 })],
    ['4', tally({ N: 1 }, { D: 1, unrated: 1 }, { behind: 1, unreported: 1 })],
    ['5', tally({}, { B: 1 }, { on_plan: 1 })],
    ['6', tally({}, { unrated: 1 }, { unreported: 1 })],
    ['7', tally({}, { unrated: 1 }, { unreported: 1 })],
  ])('施策%s has its own distribution', (number, expected) => {
    expect(tallyOf(assessment.measures.find((m) => m.number === number)!)).toEqual(expected);
  });

  it.each([
    ['subPolicies', 'I-1-(1)', tally({ B: 1 }, { A: 1, B: 1, C: 1 }, { ahead: 1, on_plan: 1, behind: 1 })],
    ['subPolicies', 'I-1-(2)', tally({ D: 1 }, { A: 1 }, { on_plan: 1 })],
    ['subPolicies', 'I-2-(1)', tally({ N: 1 }, { D: 1, unrated: 1 }, { behind: 1, unreported: 1 })],
    ['policies', 'I-1', tally({ B: 1, D: 1 }, { A: 2, B: 1, C: 1 }, { ahead: 1, on_plan: 2, behind: 1 })],
    ['policies', 'I-2', tally({ N: 1 }, { D: 1, unrated: 1 }, { behind: 1, unreported: 1 })],
    ['pillars', 'I', tally({ B: 1, D: 1, N: 1 }, { A: 2, B: 1, C: 1, D: 1, unrated: 1 }, { ahead: 1, on_plan: 2, behind: 2, unreported: 1 })],
    ['pillars', 'II', tally({}, { B: 1 }, { on_plan: 1 })],
    ['pillars', 'III', tally({}, { unrated: 1 }, { unreported: 1 })],
    ['pillars', 'IV', tally({}, { unrated: 1 }, { unreported: 1 })],
  ] as const)('%s %s adds up its measures', (level, key, expected) => {
    expect(tallyOf(groupsAt(assessment, level).find((node) => node.key === key)!)).toEqual(expected);
  });

  it('lists every node of every level once, in document order, with its title', () => {
    expect(groupsAt(assessment, 'subPolicies').map((n) => n.key)).toEqual(['I-1-(1)', 'I-1-(2)', 'I-2-(1)', 'II-1-(1)', 'III-1-(1)', 'IV-1-(1)']);
    expect(groupsAt(assessment, 'policies').map((n) => `${n.number} ${n.title}`)).toEqual([
      'I-1 デジタル変革の推進',
      'I-2 業務改革',
      'II-1 財源確保',
      'III-1 育成',
      'IV-1 協働',
    ]);
    expect(groupsAt(assessment, 'pillars').map((n) => `${n.number} ${n.title}`)).toEqual(['I 行政改革', 'II 財政改革', 'III 人材育成', 'IV 協働・連携の推進']);
    // Document order: each group before the groups under it.
    expect(assessment.groups.map((n) => n.key)).toEqual(smallPlan.groups.map((g) => g.key));
    expect(assessment.measures.map((m) => [m.number, ...m.path])).toEqual([
      ['1', 'I', 'I-1', 'I-1-(1)'],
      ['2', 'I', 'I-1', 'I-1-(1)'],
      ['3', 'I', 'I-1', 'I-1-(2)'],
      ['4', 'I', 'I-2', 'I-2-(1)'],
      ['5', 'II', 'II-1', 'II-1-(1)'],
      ['6', 'III', 'III-1', 'III-1-(1)'],
      ['7', 'IV', 'IV-1', 'IV-1-(1)'],
    ]);
  });

  it('loses and doubles nothing: every level adds up to the total', () => {
    const total = tally({ B: 1, D: 1, N: 1 }, { A: 2, B: 2, C: 1, D: 1, unrated: 3 }, { ahead: 1, on_plan: 3, behind: 2, unreported: 3 });
    expect(tallyOf(assessment.total)).toEqual(total);
    for (const nodes of [assessment.measures, groupsAt(assessment, 'subPolicies'), groupsAt(assessment, 'policies'), groupsAt(assessment, 'pillars')]) {
      expect([count(nodes, 'kpiRatings'), count(nodes, 'actionRatings'), count(nodes, 'scheduleFlags')]).toEqual([3, 9, 9]);
    }
  });

  it('routes 関係各課 measures to the departments HQ assigned, and counts a shared measure for each department', () => {
    expect(assessment.measures.map((m) => [m.number, m.departments])).toEqual([
      ['1', ['sogo-seisaku']],
      ['2', ['sogo-seisaku', 'zaisei']],
      ['3', ['zaisei', 'fukushi']],
      ['4', ['shomu', 'zaisei']],
      ['5', ['zaisei']],
      ['6', []],
      ['7', ['shomu']],
    ]);
    expect(assessment.departments.map((d) => ({ ...tallyOf(d), code: d.code, name: d.name, measures: d.measures }))).toEqual([
      { code: 'sogo-seisaku', name: '総合政策課', measures: ['1', '2'], ...tally({ B: 1 }, { A: 1, B: 1, C: 1 }, { ahead: 1, on_plan: 1, behind: 1 }) },
      {
        code: 'zaisei',
        name: '財政課',
        measures: ['2', '3', '4', '5'],
        ...tally({ D: 1, N: 1 }, { A: 1, B: 2, D: 1, unrated: 1 }, { on_plan: 3, behind: 1, unreported: 1 }),
      },
      // A department HQ added that the plan does not name: shown by the name HQ gave it.
      { code: 'fukushi', name: '福祉課', measures: ['3'], ...tally({ D: 1 }, { A: 1 }, { on_plan: 1 }) },
      { code: 'shomu', name: '庶務課', measures: ['4', '7'], ...tally({ N: 1 }, { D: 1, unrated: 2 }, { behind: 1, unreported: 2 }) },
    ]);
  });

  it('without assignments, a 関係各課-only measure belongs to no department and a shared one only to its named owner', () => {
    const unassigned = assessFiscalYear({ catalogue, fiscalYear: 2027, actuals, actionReports });
    expect(unassigned.departments.map((d) => [d.code, d.measures])).toEqual([
      ['sogo-seisaku', ['1', '2']],
      ['shomu', ['4', '7']],
      ['zaisei', ['4', '5']],
    ]);
    // The hierarchy does not depend on who is responsible.
    expect(unassigned.groups).toEqual(assessment.groups);
  });

  it('works with no actuals and no reports at all', () => {
    const empty = assessFiscalYear({ catalogue, fiscalYear: 2030, actuals: [] });
    expect(tallyOf(empty.total)).toEqual(tally({ N: 3 }, { unrated: 9 }, { unreported: 9 }));
    expect(empty.actionItems.every((a) => a.planned.activity.endsWith('@2030'))).toBe(true);
  });

  it('does not touch its inputs', () => {
    const frozenActuals = Object.freeze(actuals.map((a) => Object.freeze({ ...a })));
    const frozenReports = Object.freeze(actionReports.map((r) => Object.freeze({ ...r })));
    const again = assessFiscalYear({ catalogue, fiscalYear: 2027, actuals: frozenActuals, actionReports: frozenReports, departments });
    expect(again).toEqual(assessment);
  });
});

describe('an item with nothing scheduled in the year asks nothing of it', () => {
  // 施策8 under IV-1-(1): 8-1's schedule leaves FY2027 out, 8-2 and 8-3 have a blank cell (none) for it.
  const blank = (fiscalYear: number): Phase => (fiscalYear === 2027 ? 'none' : 'implement');
  const withGaps = parseCatalogue({
    ...smallPlan,
    measures: [
      ...smallPlan.measures,
      measure(
        '8',
        'IV-1-(1)',
        ['shomu'],
        [
          item(
            '8-1',
            'implement',
            YEARS.filter((year) => year !== 2027),
          ),
          item('8-2', 'implement', YEARS, blank),
          item('8-3', 'implement', YEARS, blank),
        ],
      ),
    ],
  });
  const gaps = assessFiscalYear({
    catalogue: withGaps,
    fiscalYear: 2027,
    actuals: [],
    actionReports: [{ actionItem: '8-3', fiscalYear: 2027, status: 'implementing', rating: 'A' }],
  });

  it('leaves an unreported item out of the year’s list and counts (no 未報告)', () => {
    const ids = gaps.actionItems.map((a) => a.id);
    expect(ids).not.toContain('8-1');
    expect(ids).not.toContain('8-2');
    expect(tallyOf(gaps.measures.find((m) => m.key === '8')!)).toEqual(tally({}, { A: 1 }, { ahead: 1 }));
    // The 9 items of the hand-counted plan, plus 8-3 reported anyway.
    expect(sum(gaps.total.scheduleFlags)).toBe(10);
    expect(groupsAt(gaps, 'pillars').find((g) => g.key === 'IV')!.scheduleFlags).toEqual({ ahead: 1, on_plan: 0, behind: 0, unreported: 1 });
  });

  it('assesses an item reported anyway: work under way in a blank year is ahead of the plan', () => {
    expect(gaps.actionItems.find((a) => a.id === '8-3')).toEqual({
      id: '8-3',
      measure: '8',
      title: '取組8-3',
      planned: { activity: 'none@2027', phase: 'none' },
      status: 'implementing',
      rating: 'A',
      schedule: 'ahead',
    });
  });

  it('asks for the items again in a year they are scheduled', () => {
    const next = assessFiscalYear({ catalogue: withGaps, fiscalYear: 2028, actuals: [] });
    expect(next.actionItems.filter((a) => a.measure === '8').map((a) => [a.id, a.schedule])).toEqual([
      ['8-1', 'unreported'],
      ['8-2', 'unreported'],
      ['8-3', 'unreported'],
    ]);
  });
});

describe('assessFiscalYear refuses bad input with a named error and a Japanese message', () => {
  const assess = (input: Partial<Parameters<typeof assessFiscalYear>[0]>) => () => assessFiscalYear({ catalogue, fiscalYear: 2027, actuals: [], ...input });

  it.each([
    ['a fiscal year before the plan', { fiscalYear: 2025 }, FiscalYearOutOfPlanError, '令和7年度は計画期間（令和8〜12年度）の外です'],
    ['a fiscal year after the plan', { fiscalYear: 2031 }, FiscalYearOutOfPlanError, '令和13年度は計画期間（令和8〜12年度）の外です'],
    ['a fiscal year that is not a whole number', { fiscalYear: 2027.5 }, FiscalYearOutOfPlanError, '2027.5年度は計画期間（令和8〜12年度）の外です'],
    [
      'an unknown KPI',
      {
        actuals: [
          { kpi: '1-K1', period: 2027, value: 90 },
          { kpi: '9-K9', period: 2027, value: 1 },
        ],
      },
      UnknownKpiError,
      'KPI「9-K9」は計画にありません',
    ],
    [
      'an unknown action item',
      { actionReports: [{ actionItem: '9-9', fiscalYear: 2027, status: 'done', rating: 'A' }] },
      UnknownActionItemError,
      '取組項目「9-9」は計画にありません',
    ],
    [
      'an unknown action item in a report for another year',
      { actionReports: [{ actionItem: '9-9', fiscalYear: 2026, status: 'done', rating: 'A' }] },
      UnknownActionItemError,
      '取組項目「9-9」は計画にありません',
    ],
    [
      'a report on the reference row',
      { actionReports: [{ actionItem: '2-2', fiscalYear: 2027, status: 'done', rating: 'A' }] },
      ReferenceActionItemError,
      '取組項目「2-2」は「1-1」を参照する行です。報告は「1-1」に対して行ってください',
    ],
    [
      'two actuals of one KPI for one period',
      {
        actuals: [
          { kpi: '1-K1', period: 2026, value: 85 },
          { kpi: '1-K1', period: 2026, value: 86 },
        ],
      },
      DuplicateActualError,
      'KPI「1-K1」の令和8年度の実績が2件以上あります',
    ],
    [
      'an actual for a year the KPI does not take',
      { actuals: [{ kpi: '1-K1', period: 2025, value: 80 }] },
      KpiPeriodNotAcceptedError,
      'KPI「1-K1」は令和7年度の実績を受け付けません（受け付けるのは令和8〜12年度です）',
    ],
    [
      'two reports of one item for the year',
      {
        actionReports: [
          { actionItem: '1-1', fiscalYear: 2027, status: 'done', rating: 'A' },
          { actionItem: '1-1', fiscalYear: 2027, status: 'studying', rating: 'C' },
        ],
      },
      DuplicateActionReportError,
      '取組項目「1-1」の令和9年度の報告が2件以上あります',
    ],
  ] as const)('%s', (_case, input, ErrorClass, message) => {
    expect(assess(input as Partial<Parameters<typeof assessFiscalYear>[0]>)).toThrow(ErrorClass);
    expect(assess(input as Partial<Parameters<typeof assessFiscalYear>[0]>)).toThrow(AttainmentInputError);
    expect(assess(input as Partial<Parameters<typeof assessFiscalYear>[0]>)).toThrow(message);
  });

  it('calls a report on the reference row an unknown action item too, for callers that catch that', () => {
    expect(assess({ actionReports: [{ actionItem: '2-2', fiscalYear: 2027, status: 'done', rating: 'A' }] })).toThrow(UnknownActionItemError);
  });

  it('accepts one report of an item per year, and the same item in other years', () => {
    const result = assessFiscalYear({
      catalogue,
      fiscalYear: 2027,
      actuals: [],
      actionReports: [
        { actionItem: '1-1', fiscalYear: 2026, status: 'studying', rating: 'B' },
        { actionItem: '1-1', fiscalYear: 2027, status: 'studying', rating: 'B' },
        { actionItem: '1-1', fiscalYear: 2028, status: 'done', rating: 'A' },
      ],
    });
    expect(result.actionItems[0]).toMatchObject({ id: '1-1', status: 'studying', schedule: 'on_plan' });
  });
});

describe('assessFiscalYear over the real plan (seeds/)', () => {
  const seed = seedCatalogue();
  const real = assessFiscalYear({
    catalogue: seed,
    fiscalYear: 2027,
    actuals: [
      { kpi: '1-K1', period: 2027, value: 90 },
      { kpi: '16-K1', period: 2027, value: 21000 },
      { kpi: '38-K1', period: 2027, value: 95 },
    ],
    actionReports: [
      { actionItem: '5-1', fiscalYear: 2027, status: 'studying', rating: 'C' },
      { actionItem: '28-3', fiscalYear: 2027, status: 'implementing', rating: 'A' },
    ],
    departments: resolveDepartments(seed, [
      { measure: '1', departments: ['fukushi'] },
      { measure: '44', departments: ['zeimu', 'shomu'] },
    ]),
  });
  const levels = ['measures', 'subPolicies', 'policies', 'pillars'] as const;
  const nodesAt = (level: (typeof levels)[number]) => (level === 'measures' ? real.measures : groupsAt(real, level));

  it('rates the 17 KPIs and the 103 scheduled action items (104 rows less the 施策11 reference to 施策5)', () => {
    expect(real.kpis).toHaveLength(17);
    expect(real.actionItems).toHaveLength(103);
    expect(real.actionItems.map((a) => a.id)).not.toContain('11-2');
    expect(real.actionItems.filter((a) => a.id === '5-1')).toHaveLength(1);
    expect(real.kpis.find((k) => k.id === '1-K1')).toMatchObject({ rating: 'B', measured: 90, progress: 0.4118, expected: 0.4 });
    expect(real.actionItems.find((a) => a.id === '28-3')).toMatchObject({ planned: { phase: 'study' }, schedule: 'ahead' });
  });

  it.each(levels)('%s add up to 17 KPIs and 103 action items', (level) => {
    expect([count(nodesAt(level), 'kpiRatings'), count(nodesAt(level), 'actionRatings'), count(nodesAt(level), 'scheduleFlags')]).toEqual([17, 103, 103]);
  });

  it('has 44 measures, 28 sub-policies, 12 policies and 4 pillars', () => {
    expect(levels.map((level) => nodesAt(level).length)).toEqual([44, 28, 12, 4]);
    expect(real.groups).toHaveLength(28 + 12 + 4);
  });

  it('counts each measure once for every department responsible for it', () => {
    const expected = real.measures.reduce((n, m) => n + sum(m.actionRatings) * m.departments.length, 0);
    expect(count(real.departments, 'actionRatings')).toBe(expected);
    expect(real.departments.find((d) => d.code === 'fukushi')!.measures).toEqual(['1', '29']);
    // 税務課 owns 施策21 and is assigned 施策44 (関係各課).
    expect(real.departments.find((d) => d.code === 'zeimu')!).toMatchObject({ name: '税務課', measures: ['21', '44'] });
    expect(real.departments.find((d) => d.code === 'shomu')!.measures).toEqual(expect.arrayContaining(['5', '44']));
  });

  it('scales exactly with the plan: a catalogue 3× the size gives 3× every count', () => {
    const big = parseCatalogue(scaledPlan(seed.plan, 3));
    const result = assessFiscalYear({ catalogue: big, fiscalYear: 2027, actuals: [] });
    expect([result.kpis.length, result.actionItems.length, result.measures.length, groupsAt(result, 'subPolicies').length]).toEqual([51, 309, 132, 28]);
    expect(tallyOf(result.total)).toEqual(tally({ N: 51 }, { unrated: 309 }, { unreported: 309 }));
  });
});
