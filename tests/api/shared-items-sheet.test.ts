import { beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '../../functions/domain/progress-reports/progress-import.ts';
import { readWorkbook } from '../../functions/sheets/workbook-read.ts';
import { xlsxOf } from '../fixtures/workbook.ts';
import { dept, hq, startApi, validActionReport } from './harness.ts';
import type { Caller } from './harness.ts';

/**
 * The progress sheet of a shared item (関係各課, issue 20 item 7): 施策4 of the 8th plan is 庶務課's, 財政課's
 * and 会計課's, so 4-1 has a row per department's part, named by the 報告課 column. 財政課 and 会計課 have
 * each saved their own part of 4-1 before the tests export.
 */
type Api = Awaited<ReturnType<typeof startApi>>;

const fy = 2026;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const zaiseiText = { ...validActionReport, achievements: '財政課として補助金の交付基準を点検した。' };
const kaikeiText = { ...validActionReport, achievements: '会計課として支出事務の手順を見直した。', rating: 'C' };
const kaikei = dept('kaikei');

let api: Api;
beforeAll(async () => {
  api = await startApi();
  for (const [caller, body] of [
    [dept('zaisei'), zaiseiText],
    [kaikei, kaikeiText],
  ] as const) {
    expect((await api.call(caller, 'PUT', `/api/fiscal-years/${fy}/action-reports/4-1`, { body })).status).toBe(201);
  }
});

/** The caller's .xlsx export, as rows of cells (the header first). */
async function exportSheet(caller: Caller): Promise<Cell[][]> {
  const token = await api.call(null, 'POST', '/api/dev/token', { body: { sub: caller.sub, role: caller.role, department: caller.department } });
  const response = await api.app.request(`/api/fiscal-years/${fy}/export.xlsx`, { headers: { Authorization: `Bearer ${token.body.token}` } });
  expect(response.status).toBe(200);
  return readWorkbook(new Uint8Array(await response.arrayBuffer()), { maxRows: 2000 })[1]!.rows;
}

const importSheet = (caller: Caller, rows: Cell[][]) =>
  api.call(caller, 'POST', `/api/fiscal-years/${fy}/import`, { raw: xlsxOf(rows), headers: { 'Content-Type': XLSX } });

/** The rows of one item as objects keyed by header, for reading a column by its name. */
function rowsOf(sheet: Cell[][], id: string): Record<string, Cell>[] {
  const [header, ...rows] = sheet;
  return rows.filter((row) => row[header!.indexOf('ID')] === id).map((row) => Object.fromEntries(header!.map((name, i) => [String(name), row[i] ?? null])));
}

/** The sheet with one cell of the row of `id` and 報告課 `part` changed. */
function edit(sheet: Cell[][], id: string, part: string | null, header: string, value: Cell): Cell[][] {
  const [names] = sheet;
  const [idAt, partAt, at] = [names!.indexOf('ID'), names!.indexOf('報告課'), names!.indexOf(header)];
  return sheet.map((row) => (row[idAt] === id && (row[partAt] ?? null) === part ? Object.assign([...row], { [at]: value }) : row));
}

const part = async (department: string) => (await api.call(hq, 'GET', `/api/fiscal-years/${fy}/action-reports/4-1?department=${department}`)).body;

describe('the progress sheet of a shared item (関係各課)', () => {
  it('gives HQ a row per part of 4-1, each with its department’s own text, and one row to an unshared item', async () => {
    const sheet = await exportSheet(hq);
    expect(sheet[0]!.slice(0, 3)).toEqual(['区分', 'ID', '報告課']);
    const rows = rowsOf(sheet, '4-1');
    expect(rows.map((row) => [row.報告課, row.実績, row.状態])).toEqual([
      ['庶務課', null, '未入力'],
      ['財政課', zaiseiText.achievements, '下書き'],
      ['会計課', kaikeiText.achievements, '下書き'],
    ]);
    expect(rows.find((row) => row.報告課 === '会計課')!.自己評価).toBe('C やや遅れ');
    // 施策12 is 庶務課's alone: its item's row names no part, nor does a KPI's.
    expect(rowsOf(sheet, '12-1').map((row) => row.報告課)).toEqual([null]);
    expect(rowsOf(sheet, '5-K1').map((row) => row.報告課)).toEqual([null]);
  });

  it('gives 会計課 only its own part of 4-1', async () => {
    const rows = rowsOf(await exportSheet(kaikei), '4-1');
    expect(rows.map((row) => [row.報告課, row.実績])).toEqual([['会計課', kaikeiText.achievements]]);
  });

  it('takes HQ’s and 会計課’s exports back unchanged, writing nothing', async () => {
    for (const caller of [hq, kaikei]) {
      const response = await importSheet(caller, await exportSheet(caller));
      expect(response.status).toBe(200);
      expect(response.body.applied).toBe(0);
    }
    expect((await part('zaisei')).version).toBe(1);
    expect((await part('kaikei')).version).toBe(1);
  });

  it('writes 会計課’s edited row to 会計課’s part only', async () => {
    const sheet = edit(await exportSheet(kaikei), '4-1', '会計課', '課題', '支出命令の電子化が残っている。');
    const response = await importSheet(kaikei, sheet);
    expect(response.status).toBe(200);
    expect(response.body.applied).toBe(1);
    expect(await part('kaikei')).toMatchObject({ version: 2, department: 'kaikei', body: { ...kaikeiText, challenges: '支出命令の電子化が残っている。' } });
    expect(await part('zaisei')).toMatchObject({ version: 1, body: zaiseiText });
  });

  it('reads a sheet from before 報告課 as the importer’s part: 会計課’s row of 4-1 goes to 会計課’s part', async () => {
    const exported = edit(await exportSheet(kaikei), '4-1', '会計課', '今後の取組', '来年度は全課に広げる。');
    const at = exported[0]!.indexOf('報告課');
    const older = exported.map((row) => row.filter((_, i) => i !== at));
    const response = await importSheet(kaikei, older);
    expect(response.status).toBe(200);
    expect(response.body.applied).toBe(1);
    expect((await part('kaikei')).body.nextSteps).toBe('来年度は全課に広げる。');
    expect((await part('zaisei')).body).toEqual(zaiseiText);
  });

  it('reads a sheet of the previous release, whose 報告課 held the code (kaikei), as 会計課’s part', async () => {
    const exported = edit(await exportSheet(kaikei), '4-1', '会計課', '報告課', 'kaikei');
    const response = await importSheet(kaikei, edit(exported, '4-1', 'kaikei', '課題', '旧版のシートで記入した。'));
    expect(response.status).toBe(200);
    expect(response.body.applied).toBe(1);
    expect((await part('kaikei')).body.challenges).toBe('旧版のシートで記入した。');
    expect((await part('zaisei')).body).toEqual(zaiseiText);
  });

  it('refuses 財政課 a row of 会計課’s part, naming its 報告課', async () => {
    const sheet = edit(await exportSheet(dept('zaisei')), '4-1', '財政課', '報告課', '会計課');
    const edited = edit(sheet, '4-1', '会計課', '実績', '財政課が書き換えた。');
    const response = await importSheet(dept('zaisei'), edited);
    expect(response.status).toBe(400);
    const line = edited.findIndex((row) => row.includes('財政課が書き換えた。')) + 1;
    expect(response.body.errors).toEqual([{ path: `${line}行目（4-1）.報告課`, message: '会計課の報告は会計課の職員が取り込みます' }]);
    expect((await part('kaikei')).body.achievements).toBe(kaikeiText.achievements);
  });

  it('refuses HQ a row of 4-1 without 報告課, naming the cell, and writes nothing', async () => {
    const sheet = edit(edit(await exportSheet(hq), '4-1', '財政課', '実績', '本部が記入した。'), '4-1', '財政課', '報告課', null);
    const response = await importSheet(hq, sheet);
    expect(response.status).toBe(400);
    expect(response.type).toContain('application/problem+json');
    const line = sheet.findIndex((row) => row.includes('本部が記入した。')) + 1;
    expect(response.body.errors).toEqual([{ path: `${line}行目（4-1）.報告課`, message: '関係各課の取組項目です。報告課の列に課名を書いてください' }]);
    expect(await part('zaisei')).toMatchObject({ version: 1, body: zaiseiText });
  });
});
