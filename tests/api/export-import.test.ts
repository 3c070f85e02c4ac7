import { beforeAll, describe, expect, it } from 'vitest';
import { readXlsx, writeXlsx } from '../../functions/api/spreadsheet/xlsx.ts';
import type { Cell } from '../../functions/api/spreadsheet/xlsx.ts';
import { dept, hq, startApi, validActionReport } from './harness.ts';

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
beforeAll(async () => {
  api = await startApi();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const shomu = dept('shomu');

async function exportSheet(caller = shomu, fy = 2026): Promise<Cell[][]> {
  const response = await api.app.request(`/api/fiscal-years/${fy}/export.xlsx`, { headers: { Authorization: await bearer(caller) } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe(XLSX);
  return readXlsx(new Uint8Array(await response.arrayBuffer()))[0]!.rows;
}

async function bearer(caller: typeof shomu): Promise<string> {
  const token = await api.call(null, 'POST', '/api/dev/token', { body: { sub: caller.sub, role: caller.role, department: caller.department } });
  return `Bearer ${token.body.token}`;
}

function importSheet(rows: Cell[][], caller = shomu, fy = 2026) {
  return api.call(caller, 'POST', `/api/fiscal-years/${fy}/import`, {
    raw: new Uint8Array(writeXlsx([{ name: 'sheet', rows }])),
    headers: { 'Content-Type': XLSX },
  });
}

const column = (rows: Cell[][], header: string) => rows[0]!.indexOf(header);
const rowOf = (rows: Cell[][], id: string) => rows.findIndex((row) => row[1] === id);
function fill(rows: Cell[][], id: string, values: Record<string, Cell>) {
  const copy = rows.map((row) => [...row]);
  const r = rowOf(copy, id);
  for (const [header, value] of Object.entries(values)) copy[r]![column(copy, header)] = value;
  return copy;
}

describe('the year’s progress report as CSV and Excel, and the way back', () => {
  it('exports CSV with a BOM for Excel, Japanese headers and this year’s planned activity', async () => {
    await api.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/12-1', { body: validActionReport });
    const response = await api.app.request('/api/fiscal-years/2026/export.csv', { headers: { Authorization: await bearer(shomu) } });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('令和8年度_行財政改革推進プラン進捗報告.csv'));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('区分,ID,柱,施策番号,施策名,担当課,取組項目・KPI,今年度の計画,進捗状況,自己評価,実績,課題,今後の取組,実績値,単位,時点,出典・備考,状態,版');
    expect(lines.find((line) => line.startsWith('取組項目,12-1,'))).toContain('実施中,B 計画どおり,電子申請フォームを12件追加した。');
  });

  it('applies a filled-in sheet row by row, each as a normal write with its revision', async () => {
    const sheet = await exportSheet();
    expect(sheet.slice(1).map((row) => row[1])).toEqual(expect.arrayContaining(['12-1', '12-2', '31-1', '36-K1', '38-K1']));
    const filled = fill(fill(sheet, '12-2', { 進捗状況: '実施中', 自己評価: 'A 計画以上', 実績: '配置を見直した。' }), '38-K1', {
      実績値: '92.5',
      時点: '2027/3/31',
      '出典・備考': '人事給与システム',
    });
    const response = await importSheet(filled);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ applied: 2, unchanged: 1 });
    const kpi = await api.call(shomu, 'GET', '/api/fiscal-years/2026/kpi-actuals/38-K1');
    expect(kpi.body.body).toEqual({ value: 92.5, asOf: '2027-03-31', note: '人事給与システム' });
    const history = await api.call(shomu, 'GET', '/api/fiscal-years/2026/action-reports/12-2/revisions');
    expect(history.body.revisions).toMatchObject([{ version: 1, action: 'import', by: { sub: 'shomu-1' } }]);
  });

  it('applies nothing when any row is wrong, and reports every row at fault', async () => {
    const sheet = await exportSheet();
    const bad = fill(
      fill(fill(sheet, '12-3', { 進捗状況: '実施中', 自己評価: 'B', 実績: '効果的に配置した。' }), '31-1', { 進捗状況: '終わった', 自己評価: 'B', 実績: '派遣した。' }),
      '36-K1',
      { 実績値: '十二日', 時点: '2026-12-31' },
    );
    const response = await importSheet(bad);
    expect(response.status).toBe(400);
    expect(response.body.title).toBe('取り込めませんでした（何も反映していません）');
    expect(response.body.errors).toEqual([
      { path: `${rowOf(bad, '31-1') + 1}行目（31-1）.進捗状況`, message: '進捗状況を選んでください' },
      { path: `${rowOf(bad, '36-K1') + 1}行目（36-K1）.実績値`, message: '実績値は数値で入力してください' },
    ]);
    expect((await api.call(shomu, 'GET', '/api/fiscal-years/2026/action-reports/12-3')).status).toBe(404);
  });

  it('refuses rows of measures the department does not own, and rows changed since the export', async () => {
    const hqSheet = await exportSheet(hq);
    const foreign = fill(hqSheet, '21-1', { 進捗状況: '実施中', 自己評価: 'B', 実績: '口座振替を推進した。' });
    const asShomu = await importSheet(foreign);
    expect(asShomu.status).toBe(400);
    expect(asShomu.body.errors[0].message).toBe('施策21は担当外のため取り込めません');

    const stale = fill(await exportSheet(), '12-1', { 実績: '出力後に書き換えた。' });
    await api.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/12-1', { body: { ...validActionReport, achievements: '画面で更新した。' }, headers: { 'If-Match': '"1"' } });
    const conflict = await importSheet(stale);
    expect(conflict.status).toBe(400);
    expect(conflict.body.errors[0].message).toContain('出力後に更新されています');
    expect((await api.call(shomu, 'GET', '/api/fiscal-years/2026/action-reports/12-1')).body.body.achievements).toBe('画面で更新した。');
  });

  it('rejects a file that is not an Excel workbook with a clear message', async () => {
    const response = await api.call(shomu, 'POST', '/api/fiscal-years/2026/import', { raw: 'not a zip', headers: { 'Content-Type': XLSX } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'file', message: 'Excel（.xlsx）形式のファイルとして読めません' }]);
  });
});
