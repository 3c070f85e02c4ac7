import { beforeAll, describe, expect, it } from 'vitest';
import { ExcelModel, exportTarget } from '../../web/src/models/excel.ts';
import { dept } from '../api/harness.ts';
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
  const edited = lines.map((line) => (line.startsWith('取組項目,4-1,') ? line.replace(/,{10}未入力,$/, `,${row},,,,,,,未入力,`) : line));
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
