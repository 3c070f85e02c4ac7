import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanInput } from '../../functions/domain/catalogue/schema.ts';
import { plannedEffectLine, yearTargetLine } from '../../web/src/models/report-fields.ts';
import { ReportFormModel } from '../../web/src/models/report-form.ts';
import { getPlan } from '../../web/src/state.ts';
import { TEST_CLOCK_START, hq } from '../api/harness.ts';
import { modelApi } from './support.ts';

// The report form on KPI shapes the 8th plan does not have (as in tests/attainment-kpi-shapes.test.ts): a
// target for each year, a target left 未設定, a qualitative KPI, and 効果額 per action item; a small plan of
// another city (佐渡市, FY2015–2018), served by the real API.

const YEARS = [2015, 2016, 2017, 2018];
const schedule = YEARS.map((fiscalYear) => ({ fiscalYear, activity: '実施', phase: 'implement' as const }));

const plan: PlanInput = {
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
        { key: 'a1', number: '1-1', title: '施設の統廃合', schedule, effect: { planned: YEARS.map((fiscalYear) => ({ fiscalYear, amount: 10_000_000 })) } },
        { key: 'a2', number: '1-2', title: '施設情報の公開', schedule },
      ],
      kpis: [
        {
          key: 'k-consult',
          number: '1-K1',
          name: '移住相談件数',
          unit: '件',
          basis: 'fiscal_year',
          baseline: { value: 10, label: '10件（H26年度）', asOf: 'fiscal_year', period: 2014 },
          target: { value: 18, label: '18件', comparison: 'reach', period: 2018 },
          targets: [{ value: 14, label: '14件', comparison: 'reach', period: 2016 }],
        },
        {
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
        {
          key: 'k-system',
          number: '1-K3',
          name: '公共施設マネジメント制度の導入',
          unit: '制度',
          kind: 'qualitative',
          basis: 'fiscal_year',
          baseline: { value: 0, label: '未導入（H26年度）', asOf: 'fiscal_year', period: 2014 },
          target: { value: null, label: '制度を導入し運用', comparison: 'reach', period: 2018 },
        },
      ],
    },
  ],
} as PlanInput;

let api: Awaited<ReturnType<typeof modelApi>>;
beforeAll(async () => {
  api = await modelApi({ plans: [plan] });
  await api.signIn(hq);
}, 120_000);

const kpiOf = async (key: string) => (await getPlan()).measures.flatMap((m) => m.kpis).find((k) => k.key === key)!;
const itemOf = async (key: string) => (await getPlan()).measures.flatMap((m) => m.actionItems).find((i) => i.key === key)!;
const load = (kind: 'action' | 'kpi', id: string, fy: number, kpi?: Awaited<ReturnType<typeof kpiOf>>) =>
  ReportFormModel.load({ kind, id, fy, kpi, readsHistory: true, readsSeries: kind === 'kpi', storage: api.storage, now: () => TEST_CLOCK_START });

describe('効果額 on the action report form', () => {
  it('names the year’s planned amount beside the field, and none for a year or item the plan gives none', async () => {
    const item = await itemOf('a1');
    expect('schedule' in item && plannedEffectLine(item, 2016)).toBe('平成28年度の計画: 1,000万円');
    expect(plannedEffectLine({ effect: { planned: [{ fiscalYear: 2015, amount: 1 }] } }, 2016)).toBe('平成28年度の計画額はありません');
  });

  it('reads 800万 as 8000000 yen, stores it, and shows it back with thousands separators', async () => {
    const form = await load('action', 'a1', 2016);
    form.edit('status', 'implementing');
    form.edit('rating', 'B');
    form.edit('achievements', '2施設を統合しました');
    form.edit('effectAmount', '800万');
    expect(await form.save()).toBe('done');
    expect((await api.call(hq, 'GET', '/api/fiscal-years/2016/action-reports/a1')).body.body.effectAmount).toBe(8_000_000);
    expect(form.state.fields.effectAmount).toBe('8,000,000');
    const again = await load('action', 'a1', 2016);
    expect(again.state.fields.effectAmount).toBe('8,000,000');
    expect(again.dirty).toBe(false);
  });

  it('refuses an amount that is not whole yen at its field, in Japanese, and stores nothing', async () => {
    const form = await load('action', 'a1', 2017);
    form.edit('achievements', '検討中');
    form.edit('effectAmount', '1,500.5');
    expect(await form.save()).toBe('invalid');
    expect(form.state.errors.effectAmount).toBe('効果額は円単位の整数で入力してください');
    expect((await api.call(hq, 'GET', '/api/fiscal-years/2017/action-reports/a1')).status).toBe(404);
  });

  it('leaves an item without 効果額 as it was: emptying the field is no unsaved input', async () => {
    const form = await load('action', 'a2', 2016);
    expect(form.state.fields).not.toHaveProperty('effectAmount');
    form.edit('effectAmount', '1');
    form.edit('effectAmount', '');
    expect(form.dirty).toBe(false);
  });
});

describe('the KPI actual form', () => {
  it('asks a qualitative KPI for its 評価 instead of a value, and submits it', async () => {
    const kpi = await kpiOf('k-system');
    expect(kpi.kind).toBe('qualitative');
    const form = await load('kpi', 'k-system', 2016, kpi);
    form.edit('asOf', '2017-03-31');
    form.edit('note', '条例を制定');
    expect(form.readyToSubmit().ready).toBe(false);
    expect(form.state.errors).toEqual({ assessment: 'KPIの評価をA〜Dから選んでください' });
    form.edit('assessment', 'B');
    expect(await form.submit()).toBe('done');
    const stored = await api.call(hq, 'GET', '/api/fiscal-years/2016/kpi-actuals/k-system');
    expect(stored.body).toMatchObject({ state: 'submitted', body: { assessment: 'B', asOf: '2017-03-31' } });
    expect(stored.body.body).not.toHaveProperty('value');
  });

  it('still asks a quantitative KPI for its value', async () => {
    const form = await load('kpi', 'k-consult', 2016, await kpiOf('k-consult'));
    form.edit('asOf', '2017-03-31');
    expect(form.readyToSubmit().ready).toBe(false);
    expect(Object.keys(form.state.errors)).toEqual(['value']);
  });

  it('shows the year’s own target where the plan gives one, and 目標未設定 for a target left to a revision', async () => {
    const consult = await kpiOf('k-consult');
    const unset = await kpiOf('k-unset');
    expect(yearTargetLine(consult, 2016)).toBe('平成28年度の目標: 14件（平成28年度）');
    // A year without a target of its own is compared with the final one, which the form shows already.
    expect(yearTargetLine(consult, 2017)).toBeNull();
    expect(yearTargetLine(unset, 2016)).toBe('目標未設定（見直しで設定予定）');
    expect(yearTargetLine(unset, 2017)).toBe('平成29年度の目標: 490,000㎡以下（平成29年度）');
  });
});
