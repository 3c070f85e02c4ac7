import { beforeAll, describe, expect, it } from 'vitest';
import { ExcelModel, exportTarget } from '../../web/src/models/excel.ts';
import { filterOverview } from '../../web/src/models/overview.ts';
import { getOverview } from '../../web/src/state.ts';
import { dept, head, hq, validActionReport } from '../api/harness.ts';
import { modelApi } from './support.ts';

let api: Awaited<ReturnType<typeof modelApi>>;
const shomu = dept('shomu');
beforeAll(async () => {
  api = await modelApi();
  await api.signIn(shomu);
});

/** 庶務課's own CSV for FY2026 as the API exports it, with 4-1's 進捗・評価・実績 filled in as `row` says. */
async function filledSheet(name: string, row: string): Promise<File> {
  const bearer = `Bearer ${api.storage.getItem('shinchoku.token')}`;
  const csv = await api.app.request('/api/fiscal-years/2026/export.csv?department=shomu', { headers: { authorization: bearer } });
  const lines = new TextDecoder().decode(new Uint8Array(await csv.arrayBuffer()).slice(3)).split('\r\n');
  const edited = lines.map((line) => (line.startsWith('取組項目,4-1,') ? line.replace(/,{11}未入力,$/, `,${row},,,,,,,,未入力,`) : line));
  return new File([edited.join('\r\n')], name, { type: 'text/csv' });
}

describe('the Excel screen’s model, against the real API', () => {
  it('shows a sheet’s problem at its row and applies nothing', async () => {
    const excel = new ExcelModel(2026);
    await excel.check(await filledSheet('誤り.csv', '実施中,Z,照会した'));
    expect(excel.step.at).toBe('preview');
    const errors = excel.step.at === 'preview' ? excel.step.result.errors : [];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.path).toMatch(/\d+行目/);
    expect(excel.canApply).toBe(false);
    await excel.apply();
    expect(excel.step.at).toBe('preview');
    expect((await api.call(shomu, 'GET', '/api/fiscal-years/2026/action-reports/4-1')).status).toBe(404);
  });

  it('previews the change, saves it as a draft only when applied, then submits it after confirming', async () => {
    const excel = new ExcelModel(2026);
    await excel.check(await filledSheet('記入済み.csv', '実施中,B,照会した'));
    expect(excel.step.at === 'preview' && excel.step.result.applied).toBe(1);
    expect((await api.call(shomu, 'GET', '/api/fiscal-years/2026/action-reports/4-1')).status).toBe(404);
    await excel.apply();
    expect(excel.step).toMatchObject({ at: 'applied', result: { applied: 1, reports: [{ id: '4-1', state: 'draft' }] } });
    excel.confirming(true);
    expect(excel.step).toMatchObject({ confirming: true });
    await excel.submitAll();
    expect(excel.step).toMatchObject({ at: 'applied', submitted: { ok: ['4-1'], failed: [] } });
    expect((await api.call(shomu, 'GET', '/api/fiscal-years/2026/action-reports/4-1')).body.state).toBe('pending_head');
  });
});

describe('the overview’s export links', () => {
  const labels = {
    fiscalYear: '令和8年度',
    department: (code: string) => ({ shomu: '庶務課' })[code] ?? code,
    group: (key: string) => key,
    state: (state: string) => ({ submitted: '提出済' })[state] ?? state,
  };

  it('carry the screen’s filters and name the file after them', () => {
    const filtered = exportTarget(2026, 'csv', { department: 'shomu', state: 'submitted', top: '', group: '' }, labels);
    expect(filtered).toEqual({ path: '/fiscal-years/2026/export.csv?department=shomu&state=submitted', filename: '進捗報告_令和8年度_庶務課_提出済.csv' });
    const grouped = exportTarget(2026, 'xlsx', { department: '', state: '', top: 'I', group: 'I-1' }, labels);
    expect(grouped).toEqual({ path: '/fiscal-years/2026/export.xlsx?top=I&group=I-1', filename: '進捗報告_令和8年度_I_I-1.xlsx' });
    expect(exportTarget(2026, 'csv', { department: '', state: '', top: '', group: '' }, labels).path).toBe('/fiscal-years/2026/export.csv');
  });
});

describe('the overview under its filters (全体状況), against the real API', () => {
  /** Written by the department, confirmed by its 所属長: 提出済 for HQ. */
  async function submitted(department: string, path: string, body: unknown) {
    expect((await api.call(dept(department), 'PUT', path, { body })).status).toBe(201);
    expect((await api.call(dept(department), 'POST', `${path}/submit`, { headers: { 'If-Match': '"1"' } })).status).toBe(200);
    expect((await api.call(head(department), 'POST', `${path}/confirm`, { headers: { 'If-Match': '"2"' } })).body.state).toBe('submitted');
  }
  const none = { top: '', group: '', department: '', state: '', rating: '' };
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

  it('counts the summary, the bars and the KPIs from what the 課 and 状態 filters leave, and the whole year without them', async () => {
    await submitted('shomu', '/api/fiscal-years/2026/action-reports/12-1', { ...validActionReport, rating: 'C' });
    await submitted('shomu', '/api/fiscal-years/2026/kpi-actuals/38-K1', { value: 92.5, asOf: '2027-03-31', note: '' });
    await submitted('sogo-seisaku', '/api/fiscal-years/2026/kpi-actuals/16-K1', { value: 22000, asOf: '2027-03-31', note: '' });
    await api.signIn(hq);
    const data = await getOverview(2026);

    // No filter: the engine's own roll-ups, recounted from the items.
    const whole = filterOverview(data, none, false);
    expect(whole.total).toEqual(data.attainment.total);
    expect(whole.pillars.map(({ key, kpiRatings, actionRatings }) => ({ key, kpiRatings, actionRatings }))).toEqual(
      data.attainment.groups.filter((g) => g.level === 0).map(({ key, kpiRatings, actionRatings }) => ({ key, kpiRatings, actionRatings })),
    );
    expect(whole.kpis).toHaveLength(17);

    // 庶務課: its measures, its KPIs and its bar only; 12-1's C is counted, 16-K1 (総合政策課) is not.
    const shomu = filterOverview(data, { ...none, department: 'shomu' }, false);
    expect(shomu.rows.every((m) => m.departments.includes('shomu'))).toBe(true);
    expect(shomu.departments.map((d) => d.code)).toEqual(['shomu']);
    expect(shomu.kpis.map((k) => k.id)).toContain('38-K1');
    expect(shomu.kpis.map((k) => k.id)).not.toContain('16-K1');
    expect(sum(shomu.total.kpiRatings)).toBe(shomu.kpis.length);
    expect(shomu.total.actionRatings.C).toBe(1);
    expect(sum(shomu.total.actionRatings)).toBeLessThan(sum(data.attainment.total.actionRatings));
    expect(sum(shomu.stateCounts)).toBe(shomu.rows.reduce((n, m) => n + m.actionItems.length + m.kpis.length, 0));

    // 提出済: the three submitted items, in the list and in every count.
    const submittedOnly = filterOverview(data, { ...none, state: 'submitted' }, false);
    expect(submittedOnly.stateCounts).toEqual({ submitted: 3 });
    expect(submittedOnly.kpis.map((k) => k.id).sort()).toEqual(['16-K1', '38-K1']);
    expect(sum(submittedOnly.total.kpiRatings)).toBe(2);
    expect(submittedOnly.total.actionRatings).toEqual({ A: 0, B: 0, C: 1, D: 0, unrated: 0 });

    // Both: 庶務課's submitted 12-1 and 38-K1, and 未提出 for 庶務課 alone.
    const both = filterOverview(data, { ...none, department: 'shomu', state: 'submitted' }, false);
    expect(both.rows.flatMap((m) => [...m.actionItems, ...m.kpis].map((i) => i.id)).sort()).toEqual(['12-1', '38-K1']);
    expect(both.kpis.map((k) => k.id)).toEqual(['38-K1']);
    expect(both.missing.map((m) => m.department)).toEqual(['shomu']);
    expect(both.pillars.reduce((n, g) => n + sum(g.kpiRatings) + sum(g.actionRatings), 0)).toBe(2);
  });
});
