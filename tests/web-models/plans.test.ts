import { beforeAll, describe, expect, it } from 'vitest';
import { PlansModel, departmentsByYear, describeChange } from '../../web/src/models/plans.ts';
import { seedPlanInput } from '../../seeds/plans.ts';
import { hq } from '../api/harness.ts';
import { modelApi } from './support.ts';

let api: Awaited<ReturnType<typeof modelApi>>;
beforeAll(async () => {
  api = await modelApi();
});

/** The 8th plan with 取組項目4-2 retired and 1-K1's target raised: a small 中間見直し. */
function revised() {
  const plan = structuredClone(seedPlanInput()) as {
    measures: { key: string; actionItems: { key: string }[]; kpis: { target: { value: number; label: string } }[] }[];
  };
  const measure4 = plan.measures.find((m) => m.key === '4')!;
  measure4.actionItems = measure4.actionItems.filter((item) => item.key !== '4-2');
  plan.measures[0]!.kpis[0]!.target = { ...plan.measures[0]!.kpis[0]!.target, value: 150, label: '150件' };
  return JSON.stringify(plan);
}

describe('the plans model, against the real API', () => {
  it('lists the plans and the active plan’s versions', async () => {
    await api.signIn(hq);
    const model = await PlansModel.load();
    expect(model.state.plans).toEqual([expect.objectContaining({ id: 'higashine-8', status: 'active', version: 1, periodLabel: '令和8〜12年度' })]);
    expect(model.state.versions?.versions).toEqual([expect.objectContaining({ version: 1, action: 'load' })]);
  });

  it('says so when the pasted text is no JSON, and sends nothing', async () => {
    await api.signIn(hq);
    const model = await PlansModel.load();
    model.edit({ text: '{ 計画' });
    expect(await model.preview()).toBe('invalid');
    expect(model.state.notice).toEqual({ kind: 'error', text: '計画データ（JSON）として読めません。ファイルの内容を確かめてください' });
    expect(model.canApply).toBe(false);
  });

  it('previews a revision in words, then applies it as version 2', async () => {
    await api.signIn(hq);
    const model = await PlansModel.load();
    model.edit({ text: revised(), effectiveFrom: 2028, comment: '中間見直し' });
    expect(await model.preview()).toBe('done');
    const lines = model.state.preview!.changes.map(describeChange);
    expect(lines).toContainEqual({ what: '取組項目4-2 請求書、契約書等の押印省略・電子化に向けた検討', how: '廃止' });
    expect(lines).toContainEqual(expect.objectContaining({ what: expect.stringContaining('KPI1-K1'), how: '目標値・基準値の変更（目標値）：100件 → 150件' }));
    expect(model.canApply).toBe(true);

    expect(await model.apply()).toBe('done');
    expect(model.state.notice).toEqual({ kind: 'ok', text: '見直しを第2版として適用しました' });
    expect(model.state.versions?.versions.map((v) => v.version)).toEqual([1, 2]);
    expect((await api.call(hq, 'GET', '/api/plan?fy=2028')).body.versionShown).toBe(2);
  });

  it('tells HQ when someone applied another revision first', async () => {
    await api.signIn(hq);
    const model = await PlansModel.load();
    model.edit({ text: revised().replace('150件', '160件').replace('"value":150', '"value":160'), effectiveFrom: 2029 });
    expect(await model.preview()).toBe('done');
    const other = await PlansModel.load();
    other.edit({ text: revised().replace('150件', '170件').replace('"value":150', '"value":170'), effectiveFrom: 2029 });
    await other.preview();
    expect(await other.apply()).toBe('done');
    expect(await model.apply()).toBe('conflict');
    expect(model.state.notice?.text).toBe('この計画はほかの人が先に変更しました。もう一度確認してから適用してください');
  });
});

describe('departments by year', () => {
  it('shows a 機構改革: a rename from its year, and a merge with the successor', () => {
    const years = departmentsByYear(
      [
        { code: 'a', name: '新名称課', names: [{ name: '旧名称課', until: 2027 }] },
        { code: 'b', name: '甲課', until: 2027, successors: ['c'] },
        { code: 'c', name: '丙課', from: 2028 },
      ],
      [2027, 2028],
    );
    expect(years).toEqual([
      {
        fiscalYear: 2027,
        departments: [
          { code: 'a', name: '旧名称課', starts: false },
          { code: 'b', name: '甲課', starts: false, endsInto: ['丙課'] },
        ],
      },
      {
        fiscalYear: 2028,
        departments: [
          { code: 'a', name: '新名称課', starts: false },
          { code: 'c', name: '丙課', starts: true },
        ],
      },
    ]);
  });
});
