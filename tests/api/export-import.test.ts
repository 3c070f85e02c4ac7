import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../functions/sheets/csv.ts';
import { readWorkbook } from '../../functions/sheets/workbook-read.ts';
import type { Cell } from '../../functions/domain/progress-reports/progress-import.ts';
import { xlsxOf } from '../fixtures/workbook.ts';
import { dept, hq, startApi, validActionReport, viewer } from './harness.ts';
import { expectOverviewAsFullRead } from './overview-check.ts';
import type { Caller } from './harness.ts';

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
beforeAll(async () => {
  api = await startApi();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const shomu = dept('shomu');
const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures/xlsx', name)));
/** The seeded plan's departments, code and name. */
const planDepartments = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../seeds/plans/higashine-8/plan.json'), 'utf8')) as { departments: { code: string; name: string }[] }
).departments;

async function exportSheet(caller: Caller = shomu, fy = 2026, query = ''): Promise<Cell[][]> {
  const response = await api.app.request(`/api/fiscal-years/${fy}/export.xlsx${query}`, { headers: { Authorization: await bearer(caller) } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe(XLSX);
  return readWorkbook(new Uint8Array(await response.arrayBuffer()), { maxRows: 2000 })[1]!.rows;
}

async function bearer(caller: Caller): Promise<string> {
  const token = await api.call(null, 'POST', '/api/dev/token', { body: { sub: caller.sub, role: caller.role, department: caller.department } });
  return `Bearer ${token.body.token}`;
}

function upload(bytes: Uint8Array<ArrayBuffer> | string, caller: Caller = shomu, options: { fy?: number; dryRun?: boolean; type?: string } = {}) {
  return api.call(caller, 'POST', `/api/fiscal-years/${options.fy ?? 2026}/import${options.dryRun ? '?dryRun=1' : ''}`, {
    raw: bytes,
    headers: { 'Content-Type': options.type ?? XLSX },
  });
}
const importSheet = (rows: Cell[][], caller: Caller = shomu, options: { fy?: number; dryRun?: boolean } = {}) => upload(xlsxOf(rows), caller, options);

const column = (rows: Cell[][], header: string) => rows[0]!.indexOf(header);
const rowOf = (rows: Cell[][], id: string) => rows.findIndex((row) => row[1] === id);
function fill(rows: Cell[][], id: string, values: Record<string, Cell>) {
  const copy = rows.map((row) => [...row]);
  const r = rowOf(copy, id);
  for (const [header, value] of Object.entries(values)) copy[r]![column(copy, header)] = value;
  return copy;
}
const get = (caller: Caller, path: string) => api.call(caller, 'GET', `/api/fiscal-years/2026/${path}`);

describe('the year’s progress report as CSV and Excel, and the way back', () => {
  it('exports CSV with a BOM for Excel, Japanese headers and this year’s planned activity', async () => {
    await api.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/12-1', { body: validActionReport });
    const response = await api.app.request('/api/fiscal-years/2026/export.csv', { headers: { Authorization: await bearer(shomu) } });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('令和8年度_東根市第8次行財政改革推進プラン進捗報告_庶務課.csv'));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe(
      '区分,ID,報告課,分類,施策番号,施策名,担当課,取組項目・KPI,当該年度の計画,進捗状況,自己評価,実績,課題,今後の取組,効果額（円）,実績値,単位,時点,出典・備考,状態,版',
    );
    expect(lines.find((line) => line.startsWith('取組項目,12-1,'))).toContain('実施中,B 計画どおり,電子申請フォームを12件追加した。');
    // 庶務課's part of the shared 4-1 is named as people read it, not by the code shomu.
    expect(lines.find((line) => line.startsWith('取組項目,4-1,'))).toMatch(/^取組項目,4-1,庶務課,/);
  });

  it('exports CSV formula-safe, and in Shift_JIS on request', async () => {
    await api.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/31-1', {
      body: { ...validActionReport, achievements: '=HYPERLINK("http://evil.example","詳細")', challenges: '-職員の負担' },
    });
    const response = await api.app.request('/api/fiscal-years/2026/export.csv?encoding=shift_jis', { headers: { Authorization: await bearer(shomu) } });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    const text = iconv.decode(Buffer.from(await response.arrayBuffer()), 'cp932');
    expect(text.startsWith('区分,ID,')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""詳細"")",'-職員の負担,`);
    const wrong = await api.call(shomu, 'GET', '/api/fiscal-years/2026/export.csv?encoding=latin1');
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ path: 'encoding', message: '文字コードは utf-8 か shift_jis で指定してください' }]);
  });

  it('applies a filled-in sheet row by row as drafts, each with a revision of only what changed', async () => {
    const sheet = await exportSheet();
    expect(sheet.slice(1).map((row) => row[1])).toEqual(expect.arrayContaining(['12-1', '12-2', '31-1', '36-K1', '38-K1']));
    const filled = fill(fill(sheet, '12-2', { 進捗状況: '実施中', 自己評価: 'A 計画以上', 実績: '配置を見直した。' }), '38-K1', {
      実績値: '92.5',
      時点: '2027/3/31',
      '出典・備考': '人事給与システム',
    });
    const response = await importSheet(filled);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ applied: 2, unchanged: 2 });
    const kpi = await get(shomu, 'kpi-actuals/38-K1');
    expect(kpi.body.body).toEqual({ value: 92.5, asOf: '2027-03-31', note: '人事給与システム' });
    const history = await get(shomu, 'action-reports/12-2/revisions');
    expect(history.body.revisions).toMatchObject([{ version: 1, action: 'import', by: { sub: 'shomu-1' }, state: 'draft' }]);

    const again = fill(await exportSheet(), '12-2', { 課題: '人員が足りない。' });
    expect((await importSheet(again)).body).toMatchObject({ applied: 1 });
    const revisions = (await get(shomu, 'action-reports/12-2/revisions')).body.revisions;
    expect(revisions.at(-1)?.changes).toEqual([{ field: 'challenges', before: '', after: '人員が足りない。' }]);
  });

  it('previews with ?dryRun=1: before → after per row and errors at their rows, writing nothing', async () => {
    const sheet = fill(fill(await exportSheet(), '12-3', { 進捗状況: '検討中', 自己評価: 'C', 実績: '課題を整理した。' }), '36-K1', {
      実績値: 'たくさん',
      時点: '2027-03-31',
    });
    const preview = await importSheet(sheet, shomu, { dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.preview).toEqual([
      expect.objectContaining({
        id: '12-3',
        stateBefore: '未入力',
        stateAfter: '下書き',
        changes: [
          { field: 'status', label: '進捗状況', before: null, after: '検討中' },
          { field: 'rating', label: '自己評価', before: null, after: 'C やや遅れ' },
          { field: 'achievements', label: '実績', before: null, after: '課題を整理した。' },
          { field: 'challenges', label: '課題', before: null, after: '' },
          { field: 'nextSteps', label: '今後の取組', before: null, after: '' },
        ],
      }),
    ]);
    expect(preview.body.errors).toEqual([
      { path: `シート「sheet」${rowOf(sheet, '36-K1') + 1}行目（36-K1）.実績値`, message: '実績値は数値で入力してください' },
    ]);
    expect((await get(shomu, 'action-reports/12-3')).status).toBe(404);
  });

  it('applies nothing when any row is wrong, and reports every row at fault with the sheet named', async () => {
    const sheet = await exportSheet();
    const bad = fill(
      fill(fill(sheet, '12-3', { 進捗状況: '実施中', 自己評価: 'B', 実績: '効果的に配置した。' }), '31-1', {
        進捗状況: '終わった',
        自己評価: 'B',
        実績: '派遣した。',
      }),
      '36-K1',
      { 実績値: '十二日', 時点: '2026-12-31' },
    );
    const response = await importSheet(bad);
    expect(response.status).toBe(400);
    expect(response.body.title).toBe('取り込めませんでした（何も反映していません）');
    expect(response.body.errors).toEqual([
      { path: `シート「sheet」${rowOf(bad, '31-1') + 1}行目（31-1）.進捗状況`, message: '進捗状況を選んでください' },
      { path: `シート「sheet」${rowOf(bad, '36-K1') + 1}行目（36-K1）.実績値`, message: '実績値は数値で入力してください' },
    ]);
    expect((await get(shomu, 'action-reports/12-3')).status).toBe(404);
  });

  it('refuses two rows for the same ID naming both lines, and a 時点 outside the year and its 出納閉鎖', async () => {
    const sheet = await exportSheet();
    const twice = fill(sheet, '12-3', { 進捗状況: '実施中', 自己評価: 'B', 実績: '一回目' });
    const copy = [...twice[rowOf(twice, '12-3')]!];
    copy[column(twice, '実績')] = '二回目';
    const duplicated = [...twice, copy];
    const response = await importSheet(duplicated);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        path: `シート「sheet」${duplicated.length}行目（12-3）.ID`,
        message: `「12-3」の行が2つあります（${rowOf(twice, '12-3') + 1}行目と${duplicated.length}行目）。どちらか1行にしてください`,
      },
    ]);

    const early = fill(sheet, '38-K1', { 実績値: 50, 時点: '令和8年3月31日' });
    const late = fill(sheet, '38-K2', { 実績値: 50, 時点: 'R9.6.1' });
    for (const [rows, id] of [
      [early, '38-K1'],
      [late, '38-K2'],
    ] as const) {
      const refused = await importSheet(rows);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        {
          path: `${rowOf(rows, id) + 1}行目（${id}）.時点`,
          message: '時点は令和8年度の実績の日付（令和8年4月1日〜令和9年5月31日の出納閉鎖まで）で入力してください',
        },
      ]);
    }
    const closing = await importSheet(fill(sheet, '38-K2', { 実績値: 50, 時点: 'R9.5.31' }));
    expect(closing.status).toBe(200);
  });

  it('refuses rows of measures the department does not own, and rows changed since the export', async () => {
    const hqSheet = await exportSheet(hq);
    const foreign = fill(hqSheet, '21-1', { 進捗状況: '実施中', 自己評価: 'B', 実績: '口座振替を推進した。' });
    const asShomu = await importSheet(foreign);
    expect(asShomu.status).toBe(400);
    expect(asShomu.body.errors?.[0]?.message).toBe('施策21は担当外のため取り込めません');

    const stale = fill(await exportSheet(), '12-1', { 実績: '出力後に書き換えた。' });
    await api.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/12-1', {
      body: { ...validActionReport, achievements: '画面で更新した。' },
      headers: { 'If-Match': '"1"' },
    });
    const conflict = await importSheet(stale);
    expect(conflict.status).toBe(412);
    expect(conflict.body.errors).toEqual([
      {
        path: `${rowOf(stale, '12-1') + 1}行目（12-1）.版`,
        message: '出力後に画面で更新された行です（出力時の版 1、現在の版 2）。最新を出力し直して記入してください',
      },
    ]);
    expect((await get(shomu, 'action-reports/12-1')).body.body.achievements).toBe('画面で更新した。');
  });

  it('takes a department’s own export back unchanged, drafts and colleagues’ later saves included', async () => {
    const fresh = await startApi();
    const staff = dept('shomu', 'shomu-1');
    const colleague = dept('shomu', 'shomu-2');
    const put = (caller: Caller, id: string, body: object, version?: number) =>
      fresh.call(caller, 'PUT', `/api/fiscal-years/2026/action-reports/${id}`, { body, headers: version ? { 'If-Match': `"${version}"` } : {} });
    // A draft may leave 進捗状況 out, on the web as in the file.
    expect((await put(staff, '12-1', { rating: 'B', achievements: '途中まで書いた。' })).status).toBe(201);
    expect((await put(staff, '12-2', validActionReport)).status).toBe(201);
    const token = await fresh.call(null, 'POST', '/api/dev/token', { body: { sub: 'shomu-1', role: 'department', department: 'shomu' } });
    const exported = await fresh.app.request('/api/fiscal-years/2026/export.xlsx', { headers: { Authorization: `Bearer ${token.body.token}` } });
    const sheet = readWorkbook(new Uint8Array(await exported.arrayBuffer()), { maxRows: 2000 })[1]!.rows;
    expect((await put(colleague, '12-2', { ...validActionReport, achievements: '同僚が画面で更新した。' }, 1)).status).toBe(200);
    const send = (rows: Cell[][]) => fresh.call(staff, 'POST', '/api/fiscal-years/2026/import', { raw: xlsxOf(rows), headers: { 'Content-Type': XLSX } });
    const state = async () =>
      Object.fromEntries(
        await Promise.all(
          ['12-1', '12-2', '12-3', '31-1'].map(async (id) => {
            const ref = { kind: 'action' as const, fiscalYear: 2026, subject: id };
            const record = await fresh.store.getReport(ref);
            return [id, { body: record?.body, version: record?.version, revisions: (await fresh.store.listRevisions(ref)).length }];
          }),
        ),
      );
    const before = await state();

    const untouched = await send(sheet);
    expect(untouched.status).toBe(200);
    expect(untouched.body).toMatchObject({ applied: 0, unchanged: 2 });
    expect(await state()).toEqual(before);
    expect(before['12-1']).toEqual({ body: { rating: 'B', achievements: '途中まで書いた。', challenges: '', nextSteps: '' }, version: 1, revisions: 1 });

    const oneRow = await send(fill(sheet, '12-3', { 進捗状況: '検討中', 実績: '論点を洗い出した。' }));
    expect(oneRow.status).toBe(200);
    expect(oneRow.body).toMatchObject({ applied: 1, unchanged: 2, reports: [{ id: '12-3', version: 1, state: 'draft' }] });
    const after = await state();
    expect(after['12-3']).toEqual({
      body: { status: 'studying', achievements: '論点を洗い出した。', challenges: '', nextSteps: '' },
      version: 1,
      revisions: 1,
    });
    expect({ ...after, '12-3': before['12-3'] }).toEqual(before);

    const overwrite = fill(fill(sheet, '12-2', { 実績: 'ファイルで書き換えた。' }), '31-1', { 進捗状況: '実施中', 自己評価: 'B', 実績: '実施した。' });
    const refused = await send(overwrite);
    expect(refused.status).toBe(412);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([
      {
        path: `${rowOf(overwrite, '12-2') + 1}行目（12-2）.版`,
        message: '出力後に画面で更新された行です（出力時の版 1、現在の版 2）。最新を出力し直して記入してください',
      },
    ]);
    expect(await state()).toEqual(after);
  });

  it('rejects what is not an .xlsx with a message saying how to save it', async () => {
    const saveAs = 'Excelで「名前を付けて保存」から「Excel ブック（*.xlsx）」を選んで保存し直してから取り込んでください';
    const notZip = await upload('not a zip');
    expect(notZip.status).toBe(400);
    expect(notZip.body.errors).toEqual([{ path: 'file', message: `Excel（.xlsx）形式のファイルとして読めません。${saveAs}` }]);
    const xls = await upload(fixture('lo-mixed.xls'), shomu, { type: 'application/vnd.ms-excel' });
    expect(xls.body.errors).toEqual([{ path: 'file', message: `Excel 97-2003 形式（.xls）またはパスワード付きのファイルは読めません。${saveAs}` }]);
    const bomb = await upload(fixture('bomb-100mb.xlsx'));
    expect(bomb.status).toBe(400);
    expect(bomb.body.errors?.[0]?.message).toContain('ファイルの中身が大きすぎます');
    const noHeader = await importSheet([['メモ'], ['だけのシート']]);
    expect(noHeader.body.errors?.[0]?.message).toBe(
      '進捗報告の見出し行（区分・ID・実績…）のあるシートがありません（シート：「sheet」）。出力した進捗報告シートに記入して取り込んでください',
    );
    expect((await upload(xlsxOf([['区分', 'ID']]), viewer)).status).toBe(403);
  });

  it('refuses more rows than a year’s sheet holds', async () => {
    // HQ's sheet holds every row of the year: one more is more than a year has.
    const sheet = await exportSheet(hq);
    const capacity = sheet.length - 1;
    const rows = [
      sheet[0]!,
      ...Array.from(
        { length: capacity + 1 },
        (_, i) => fill(sheet, '12-1', { ID: `12-${i + 1}`, 進捗状況: '実施中', 自己評価: 'B', 実績: '多すぎる' })[rowOf(sheet, '12-1')]!,
      ),
    ];
    const response = await importSheet(rows, hq);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: 'file', message: `シート「sheet」の記入行が${capacity + 1}行あります。1年度のシートは${capacity}行までです` },
    ]);
  });

  it('keeps 〜 and the other characters Shift_JIS maps differently from Unicode, as Windows does', async () => {
    await api.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/13-1', {
      body: { ...validActionReport, achievements: '4月〜6月に実施 − 3件 — ‖ ¢ £ ¬' },
    });
    const response = await api.app.request('/api/fiscal-years/2026/export.csv?encoding=shift_jis', { headers: { Authorization: await bearer(shomu) } });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.includes(Buffer.from([0x81, 0x60]))).toBe(true); // 〜 is CP932's 0x8160, not ?
    const text = iconv.decode(bytes, 'cp932');
    expect(text).toContain('4月～6月に実施 － 3件 ― ∥ ￠ ￡ ￢');
    expect(text).not.toContain('?');
    // Read back (as Excel saves it), 〜 stays the same wave dash Windows shows.
    const back = await upload(new Uint8Array(bytes), shomu, { dryRun: true, type: 'text/csv' });
    expect(back.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('filename="progress-2026-shomu.csv"');
  });

  it('exports what the overview shows: HQ narrowed to a department and a state gets only those rows, named so', async () => {
    await api.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/13-2', { body: validActionReport });
    expect((await api.call(shomu, 'POST', '/api/fiscal-years/2026/action-reports/13-2/submit', { headers: { 'If-Match': '"1"' } })).status).toBe(200);
    const query = '?department=shomu&state=pending_head';
    const response = await api.app.request(`/api/fiscal-years/2026/export.csv${query}`, { headers: { Authorization: await bearer(hq) } });
    expect(response.status).toBe(200);
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toContain('filename="progress-2026-shomu-pending_head.csv"');
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('令和8年度_東根市第8次行財政改革推進プラン進捗報告_庶務課_課内確認待ち.csv');
    const lines = new TextDecoder()
      .decode(new Uint8Array(await response.arrayBuffer()).slice(3))
      .trim()
      .split('\r\n');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(['取組項目,13-2']);

    const sheet = await exportSheet(hq, 2026, '?top=II');
    expect(sheet.slice(1).every((row) => String(row[3]).startsWith('II '))).toBe(true);
    expect(sheet.length).toBeGreaterThan(1);
    const wrong = await api.call(hq, 'GET', '/api/fiscal-years/2026/export.csv?state=done&top=IX');
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors?.[0]).toMatchObject({ path: 'state' });
    const noGroup = await api.call(hq, 'GET', '/api/fiscal-years/2026/export.xlsx?top=IX');
    expect(noGroup.status).toBe(400);
    expect(noGroup.body.errors).toEqual([{ path: 'top', message: '柱「IX」は計画にありません' }]);
  });

  it('gives HQ, narrowed to a department, exactly that department’s rows of the whole year, its parts of shared items included', async () => {
    // The narrowed export reads and lays out only the department's items; the whole year's is read in full.
    await api.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/4-2?department=shomu', { body: { ...validActionReport, achievements: '庶務課の分' } });
    const whole = await exportSheet(hq);
    const [responsible, part] = [column(whole, '担当課'), column(whole, '報告課')];
    const theirs = whole.filter(
      (row, i) => i > 0 && String(row[responsible]).split('・').includes('庶務課') && [null, '', '庶務課'].includes(row[part] as string),
    );
    const narrowed = await exportSheet(hq, 2026, '?department=shomu');
    expect(narrowed.slice(1)).toEqual(theirs);
    expect(narrowed.find((row) => row[1] === '4-2')?.[column(whole, '実績')]).toBe('庶務課の分');
  });
});

describe('files written by other tools, imported into a fresh system', () => {
  it('imports each shared case with the right values', async () => {
    const fresh = await startApi();
    const send = (name: string, caller: Caller) =>
      fresh.call(caller, 'POST', '/api/fiscal-years/2026/import', { raw: fixture(name), headers: { 'Content-Type': XLSX } });
    for (const name of ['x0-control.xlsx', 'x1-x000D.xlsx', 'x2-prefix.xlsx', 'x3-no-r.xlsx']) expect((await send(name, shomu)).status, name).toBe(200);
    expect((await send('x10-percent.xlsx', dept('zeimu'))).status).toBe(200);
    const body = async (path: string) => (await fresh.call(hq, 'GET', `/api/fiscal-years/2026/${path}`)).body.body;
    expect(await body('action-reports/4-1?department=shomu')).toMatchObject({ status: 'studying', rating: 'B', achievements: '押印の要否を全課に照会した' });
    expect(await body('kpi-actuals/5-K1')).toMatchObject({ value: 42, asOf: '2027-03-31' });
    expect((await body('action-reports/4-2?department=shomu')).achievements).toBe('押印の要否を照会\n結果を集計した');
    expect(await body('action-reports/5-1?department=shomu')).toMatchObject({ status: 'studying', rating: 'B', achievements: '押印の要否を全課に照会した' });
    expect(await body('action-reports/5-2?department=shomu')).toMatchObject({ status: 'studying', rating: 'B', achievements: '押印の要否を全課に照会した' });
    expect((await body('kpi-actuals/21-K1')).value).toBe(99.55);
  });

  it('imports the LibreOffice workbook from its visible data sheet, the hidden old one ignored', async () => {
    const fresh = await startApi();
    // Made before 報告課 existed: its row of 4-1, shared by 庶務課・財政課・会計課, does not say whose part it is.
    const send = (caller: Caller, query = '') =>
      fresh.call(caller, 'POST', `/api/fiscal-years/2026/import${query}`, { raw: fixture('lo-mixed.xlsx'), headers: { 'Content-Type': XLSX } });
    const unnamed = { path: '3行目（4-1）.報告課', message: '関係各課の取組項目です。報告課の列に課名を書いてください' };
    const preview = await send(hq, '?dryRun=1');
    expect(preview.body).toMatchObject({ applied: 3, errors: [unnamed] });
    const refused = await send(hq);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([unnamed]);
    expect(await fresh.store.listFiscalYear(2026)).toEqual([]);
    // 庶務課's staff import it as it is: the row of 4-1 is their part, and the KPIs of 施策5・38 are theirs too.
    const response = await send(shomu);
    expect(response.status).toBe(200);
    expect(response.body.applied).toBe(4);
    const body = async (path: string) => (await fresh.call(hq, 'GET', `/api/fiscal-years/2026/${path}`)).body;
    expect((await body('kpi-actuals/5-K1')).body).toEqual({ value: 65.5, asOf: '2027-03-31', note: '文書管理システム' });
    expect((await body('kpi-actuals/38-K1')).body.value).toBe(92.5);
    expect((await body('action-reports/4-1?department=shomu')).body.rating).toBe('A');
    expect((await body('action-reports/4-2?department=shomu')).status).toBe(404);
  });

  it('imports the CSV it exports, in Shift_JIS as Excel saves it', async () => {
    const fresh = await startApi();
    const token = await fresh.call(null, 'POST', '/api/dev/token', { body: { sub: 'hq-1', role: 'hq' } });
    const csv = await fresh.app.request('/api/fiscal-years/2026/export.csv?department=shomu', { headers: { Authorization: `Bearer ${token.body.token}` } });
    const lines = new TextDecoder().decode(new Uint8Array(await csv.arrayBuffer()).slice(3)).split('\r\n');
    expect(lines.slice(1, -1).every((line) => /^(取組項目|KPI),\d+-/.test(line))).toBe(true);
    const edited = lines.map((line) =>
      line.startsWith('取組項目,4-1,') ? line.replace(/,{11}未入力,$/, ',実施中,B,"照会した\n集計した",,,,,,,,未入力,') : line,
    );
    const sjis = new Uint8Array(iconv.encode(edited.join('\r\n'), 'cp932'));
    const response = await fresh.call(dept('shomu'), 'POST', '/api/fiscal-years/2026/import', { raw: sjis, headers: { 'Content-Type': 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.body.applied).toBe(1);
    expect((await fresh.call(hq, 'GET', '/api/fiscal-years/2026/action-reports/4-1?department=shomu')).body.body.achievements).toBe('照会した\n集計した');
  });
});

describe('HQ’s whole-year import', () => {
  /** Text of `length` characters, 3 bytes each in UTF-8, as long Japanese reports are. */
  const longText = (head: string, length: number) => (head + '進捗を報告する。'.repeat(length)).slice(0, length);
  /** HQ's sheet with its first 50 action rows holding 実績・課題・今後の取組 just under their 4,000-character limit. */
  function longRows(sheet: Cell[][], head: string): Cell[][] {
    const ids = sheet
      .filter((row) => row[0] === '取組項目')
      .slice(0, 50)
      .map((row) => row[1]);
    return sheet.map((row) =>
      ids.includes(row[1])
        ? Object.assign([...row], {
            9: '実施中',
            10: 'B',
            11: longText(`${head}実績`, 3990),
            12: longText(`${head}課題`, 3990),
            13: longText(`${head}今後`, 3990),
          })
        : row,
    );
  }
  async function hqExport(system: Api): Promise<Cell[][]> {
    const token = await system.call(null, 'POST', '/api/dev/token', { body: { sub: 'hq-1', role: 'hq' } });
    const exported = await system.app.request('/api/fiscal-years/2026/export.xlsx', { headers: { Authorization: `Bearer ${token.body.token}` } });
    return readWorkbook(new Uint8Array(await exported.arrayBuffer()), { maxRows: 2000 })[1]!.rows;
  }
  const importAs = (system: Api, rows: Cell[][]) =>
    system.call(hq, 'POST', '/api/fiscal-years/2026/import', { raw: xlsxOf(rows), headers: { 'Content-Type': XLSX } });

  it('imports 50 rows of long Japanese text, then the same rows again as updates (more than one transaction holds)', async () => {
    const fresh = await startApi();
    const first = await importAs(fresh, longRows(await hqExport(fresh), '初回'));
    expect(first.status).toBe(200);
    expect(first.body.applied).toBe(50);
    // Each update writes the report and a revision holding the text before and after: over 4 MB for 50 rows.
    const second = await importAs(fresh, longRows(await hqExport(fresh), '更新'));
    expect(second.status).toBe(200);
    expect(second.body.applied).toBe(50);
    const records = await fresh.store.listFiscalYear(2026);
    expect(records).toHaveLength(50);
    for (const record of records) {
      expect(record.state).toBe('draft');
      expect(record.body).toMatchObject({ achievements: longText('更新実績', 3990), nextSteps: longText('更新今後', 3990) });
      const revisions = await fresh.store.listRevisions(record);
      expect(revisions.map((revision) => revision.action)).toEqual(['import', 'import']);
      expect(revisions[1]!.changes.map((change) => change.field).sort()).toEqual(['achievements', 'challenges', 'nextSteps']);
    }
  });

  it('takes back long updates already written when a later transaction meets a colleague’s save', async () => {
    const fresh = await startApi();
    expect((await importAs(fresh, longRows(await hqExport(fresh), '初回'))).status).toBe(200);
    const sheet = longRows(await hqExport(fresh), '更新');
    // The 50th filled row: a shared item's names its part (報告課), whose record the colleague saves.
    const lastRow = sheet.filter((row) => row[0] === '取組項目').at(49)!;
    // 報告課 names the part as people read it (庶務課); the API and the store key it by the code (shomu).
    const codeOf = new Map(planDepartments.map(({ code, name }) => [name, code]));
    const [last, lastPart] = [lastRow[1] as string, lastRow[2] ? codeOf.get(lastRow[2] as string) : undefined];
    const lastPath = `/api/fiscal-years/2026/action-reports/${last}${lastPart ? `?department=${lastPart}` : ''}`;
    const isLast = (record: { subject: string; department?: string }) => record.subject === last && record.department === lastPart;
    const writeReports = fresh.store.writeReports.bind(fresh.store);
    let calls = 0;
    fresh.store.writeReports = async (writes) => {
      if (++calls === 2) {
        const current = await fresh.call(hq, 'GET', lastPath);
        await fresh.call(hq, 'PUT', lastPath, {
          body: validActionReport,
          headers: { 'If-Match': current.headers.get('etag')! },
        });
      }
      return writeReports(writes);
    };
    const response = await importAs(fresh, sheet);
    fresh.store.writeReports = writeReports;
    expect(calls).toBeGreaterThan(1);
    expect(response.status).toBe(412);
    const records = await fresh.store.listFiscalYear(2026);
    for (const record of records.filter((record) => !isLast(record))) {
      expect(record.version).toBe(1);
      expect(record.body).toMatchObject({ achievements: longText('初回実績', 3990) });
      expect(await fresh.store.listRevisions(record)).toHaveLength(1);
    }
    expect(records.find(isLast)!.body).toEqual(validActionReport);
  });

  it('imports every department’s rows (120 items and KPIs, shared items a row per part) in one go, as drafts', async () => {
    const fresh = await startApi();
    const token = await fresh.call(null, 'POST', '/api/dev/token', { body: { sub: 'hq-1', role: 'hq' } });
    const exported = await fresh.app.request('/api/fiscal-years/2026/export.xlsx', { headers: { Authorization: `Bearer ${token.body.token}` } });
    const sheet = readWorkbook(new Uint8Array(await exported.arrayBuffer()), { maxRows: 2000 })[1]!.rows;
    // 120 items and KPIs; a shared item (関係各課) has a row per responsible department's part, named as people read it.
    expect(sheet.filter((row) => row[1] === '4-1').map((row) => row[2])).toEqual(['庶務課', '財政課', '会計課']);
    const filled = sheet.map((row, i) => {
      if (i === 0) return row;
      const copy = [...row];
      if (row[0] === '取組項目') Object.assign(copy, { 9: '実施中', 10: 'B', 11: `一括で記入した（${row[1]}）` });
      else Object.assign(copy, { [column(sheet, '実績値')]: 10, [column(sheet, '時点')]: '2027-03-31' });
      return copy;
    });
    const response = await fresh.call(hq, 'POST', '/api/fiscal-years/2026/import', { raw: xlsxOf(filled), headers: { 'Content-Type': XLSX } });
    expect(response.status).toBe(200);
    expect(response.body.applied).toBe(sheet.length - 1);
    expect(new Set(response.body.reports.map((report: { state: string }) => report.state))).toEqual(new Set(['draft']));
    const listed = await fresh.call(hq, 'GET', '/api/fiscal-years/2026/reports');
    expect(JSON.stringify(listed.body)).toContain('一括で記入した（44-');
    await expectOverviewAsFullRead(fresh, 2026);
  });

  it('leaves nothing half-applied when a report changes part-way through', async () => {
    const fresh = await startApi();
    const token = await fresh.call(null, 'POST', '/api/dev/token', { body: { sub: 'hq-1', role: 'hq' } });
    const exported = await fresh.app.request('/api/fiscal-years/2026/export.xlsx', { headers: { Authorization: `Bearer ${token.body.token}` } });
    const sheet = readWorkbook(new Uint8Array(await exported.arrayBuffer()), { maxRows: 2000 })[1]!.rows;
    const filled = sheet.map((row, i) => (i === 0 || row[0] !== '取組項目' ? row : Object.assign([...row], { 9: '実施中', 10: 'B', 11: '一括で記入した' })));
    const last = filled.findLast((row) => row[0] === '取組項目')![1] as string;
    // Someone saves the last row's report in the form while the import's first transactions land.
    const writeReports = fresh.store.writeReports.bind(fresh.store);
    let calls = 0;
    fresh.store.writeReports = async (writes) => {
      if (++calls === 2) await fresh.call(hq, 'PUT', `/api/fiscal-years/2026/action-reports/${last}`, { body: validActionReport });
      return writeReports(writes);
    };
    const response = await fresh.call(hq, 'POST', '/api/fiscal-years/2026/import', { raw: xlsxOf(filled), headers: { 'Content-Type': XLSX } });
    fresh.store.writeReports = writeReports;
    expect(response.status).toBe(412);
    expect(response.body.detail).toBe('取込の途中で他の人が同じ報告を更新したため、何も反映していません。最新を出力し直して、もう一度取り込んでください');
    const records = await fresh.store.listFiscalYear(2026);
    expect(records.map((record) => record.subject)).toEqual([last]);
    expect(records[0]!.body).toEqual(validActionReport);
    expect(await fresh.store.listRevisions({ kind: 'action', fiscalYear: 2026, subject: '1-1' })).toEqual([]);
  });
});

describe('効果額 in the sheet, and columns a sheet lacks', () => {
  let system: Api;
  const effect = { ...validActionReport, effectAmount: 1234000 };
  beforeAll(async () => {
    system = await startApi();
  });
  const exportedRows = async (format: 'xlsx' | 'csv'): Promise<Cell[][]> => {
    const token = await system.call(null, 'POST', '/api/dev/token', { body: { sub: 'shomu-1', role: 'department', department: 'shomu' } });
    const response = await system.app.request(`/api/fiscal-years/2026/export.${format}`, { headers: { Authorization: `Bearer ${token.body.token}` } });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return format === 'xlsx' ? readWorkbook(bytes, { maxRows: 2000 })[1]!.rows : readCsv(bytes, { maxRows: 2000 });
  };
  const send = (rows: Cell[][], format: 'xlsx' | 'csv', dryRun = false) =>
    system.call(shomu, 'POST', `/api/fiscal-years/2026/import${dryRun ? '?dryRun=1' : ''}`, {
      raw: format === 'xlsx' ? xlsxOf(rows) : writeCsv(rows, 'utf-8'),
      headers: { 'Content-Type': format === 'xlsx' ? XLSX : 'text/csv' },
    });
  const report = async (id: string) => (await system.call(shomu, 'GET', `/api/fiscal-years/2026/action-reports/${id}`)).body;
  const revisions = async (id: string) => (await system.call(shomu, 'GET', `/api/fiscal-years/2026/action-reports/${id}/revisions`)).body.revisions;
  /** The sheet as an earlier release wrote it, or a CSV with the column removed: no 効果額 column at all. */
  const withoutEffect = (rows: Cell[][]) => {
    const at = column(rows, '効果額（円）');
    return rows.map((row) => row.filter((_, i) => i !== at));
  };

  it('goes out and back in the .xlsx: unchanged is no change, an edit changes only 効果額, an old sheet keeps it', async () => {
    expect((await system.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/12-1', { body: effect })).status).toBe(201);
    const sheet = await exportedRows('xlsx');
    expect(sheet[rowOf(sheet, '12-1')]![column(sheet, '効果額（円）')]).toBe(1234000);
    expect(sheet[rowOf(sheet, '38-K1')]![column(sheet, '効果額（円）')]).toBeNull();
    expect((await send(sheet, 'xlsx')).body).toMatchObject({ applied: 0 });

    const preview = await send(fill(sheet, '12-1', { '効果額（円）': '2,000,000円' }), 'xlsx', true);
    expect(preview.body.preview).toEqual([
      expect.objectContaining({ id: '12-1', changes: [{ field: 'effectAmount', label: '効果額（円）', before: '1,234,000', after: '2,000,000' }] }),
    ]);
    expect((await send(fill(sheet, '12-1', { '効果額（円）': '2,000,000円' }), 'xlsx')).body).toMatchObject({ applied: 1 });
    expect((await revisions('12-1')).at(-1)?.changes).toEqual([{ field: 'effectAmount', before: 1234000, after: 2000000 }]);

    const old = withoutEffect(await exportedRows('xlsx'));
    expect((await send(old, 'xlsx')).body).toMatchObject({ applied: 0 });
    expect((await send(fill(old, '12-1', { 実績: '様式で書き直した。' }), 'xlsx')).body).toMatchObject({ applied: 1 });
    expect((await report('12-1')).body).toEqual({ ...effect, achievements: '様式で書き直した。', effectAmount: 2000000 });
    // Submitted, the report is no longer the department's to save: the same old sheet is still taken as unchanged.
    const { version } = await report('12-1');
    expect((await system.call(shomu, 'POST', '/api/fiscal-years/2026/action-reports/12-1/submit', { headers: { 'If-Match': `"${version}"` } })).status).toBe(
      200,
    );
    const resent = await send(withoutEffect(await exportedRows('xlsx')), 'xlsx');
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ applied: 0 });
    expect((await report('12-1')).body.effectAmount).toBe(2000000);

    const bad = fill(await exportedRows('xlsx'), '12-2', { 進捗状況: '実施中', 自己評価: 'B', 実績: '見直した。', '効果額（円）': -5000 });
    const refused = await send(bad, 'xlsx');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { path: `シート「sheet」${rowOf(bad, '12-2') + 1}行目（12-2）.効果額（円）`, message: '効果額は0円以上で入力してください' },
    ]);
  });

  it('goes out and back in the CSV as plain digits, typed forms read, bad cells refused naming the cell', async () => {
    expect((await system.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/31-1', { body: effect })).status).toBe(201);
    const sheet = await exportedRows('csv');
    expect(sheet[rowOf(sheet, '31-1')]![column(sheet, '効果額（円）')]).toBe('1234000');
    expect((await send(sheet, 'csv')).body).toMatchObject({ applied: 0 });
    expect((await send(fill(sheet, '31-1', { '効果額（円）': '１２３４０００' }), 'csv')).body).toMatchObject({ applied: 0 });
    expect((await send(withoutEffect(sheet), 'csv')).body).toMatchObject({ applied: 0 });

    expect((await send(fill(sheet, '31-1', { '効果額（円）': '1,500,000' }), 'csv')).body).toMatchObject({ applied: 1 });
    expect((await report('31-1')).body).toEqual({ ...effect, effectAmount: 1500000 });

    const line = rowOf(sheet, '31-1') + 1;
    for (const [written, message] of [
      ['約百万くらい', '効果額は円単位の整数で入力してください'],
      ['1234.5', '効果額は円単位の整数で入力してください'],
      ['-1', '効果額は0円以上で入力してください'],
    ]) {
      const refused = await send(fill(await exportedRows('csv'), '31-1', { '効果額（円）': written! }), 'csv');
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ path: `${line}行目（31-1）.効果額（円）`, message }]);
    }
    expect((await report('31-1')).body.effectAmount).toBe(1500000);
  });
});
