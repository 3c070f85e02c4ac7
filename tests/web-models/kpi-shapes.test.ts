import { beforeAll, describe, expect, it } from 'vitest';
import { plannedEffectLine, yearTargetLine } from '../../web/src/models/report-fields.ts';
import { ReportFormModel } from '../../web/src/models/report-form.ts';
import { getPlan } from '../../web/src/state.ts';
import { TEST_CLOCK_START, hq } from '../api/harness.ts';
import { kpiShapesPlan } from '../fixtures/kpi-shapes-plan.ts';
import { modelApi } from './support.ts';

// The report form on KPI shapes the 8th plan does not have: a target for each year, a target left 未設定, a
// qualitative KPI, and 効果額 per action item, on a small plan of another city served by the real API.

let api: Awaited<ReturnType<typeof modelApi>>;
beforeAll(async () => {
  api = await modelApi({ plans: [kpiShapesPlan] });
  await api.signIn(hq);
}, 120_000);

const kpiOf = async (key: string) => (await getPlan()).measures.flatMap((m) => m.kpis).find((k) => k.key === key)!;
const itemOf = async (key: string) => (await getPlan()).measures.flatMap((m) => m.actionItems).find((i) => i.key === key)!;
const load = (kind: 'action' | 'kpi', id: string, fy: number, kpi?: Awaited<ReturnType<typeof kpiOf>>) =>
  ReportFormModel.load({ kind, id, fy, kpi, readsHistory: true, readsSeries: kind === 'kpi', storage: api.storage, now: () => TEST_CLOCK_START });

describe('効果額 on the action report form', () => {
  it('names the year’s planned amount beside the field, and none for a year or item the plan gives none', async () => {
    const item = await itemOf('a1');
    expect('schedule' in item && plannedEffectLine(item, 2016)).toBe('平成28年度の計画：1,000万円');
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
    expect(yearTargetLine(consult, 2016)).toBe('平成28年度の目標：14件（平成28年度）');
    // A year without a target of its own is compared with the final one, which the form shows already.
    expect(yearTargetLine(consult, 2017)).toBeNull();
    expect(yearTargetLine(unset, 2016)).toBe('目標未設定（見直しで設定予定）');
    expect(yearTargetLine(unset, 2017)).toBe('平成29年度の目標：490,000㎡以下（平成29年度）');
  });
});
