import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { planTemplate } from '../../functions/plan-workbook/write.ts';
import { seedCatalogue } from '../../seeds/plans.ts';
import type { Plan } from '../../functions/domain/catalogue/schema.ts';
import { addPlanInfoSheet, bytesOf, documentWorkbook } from '../fixtures/plan-import/workbooks.ts';
import { dept, hq, startApi } from './harness.ts';

type Api = Awaited<ReturnType<typeof startApi>>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The multipart form HQ's screen posts: the file, and a mapping when HQ corrected the guess. */
function form(bytes: Uint8Array, name = 'plan.xlsx', mapping?: object, matches?: object | string): FormData {
  const data = new FormData();
  data.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: name.endsWith('.csv') ? 'text/csv' : XLSX }));
  if (mapping) data.set('mapping', JSON.stringify(mapping));
  if (matches) data.set('matches', typeof matches === 'string' ? matches : JSON.stringify(matches));
  return data;
}

/** A file answer's bytes (the harness reads file answers as text): the same request, signed as HQ by the harness's token issuer. */
async function download(api: Api, path: string): Promise<{ status: number; type: string; bytes: Uint8Array }> {
  const token = await new LocalTokens('test-secret').issue({ sub: 'hq-dl', name: 'hq', 'cognito:groups': ['hq'] });
  const response = await api.app.request(path, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** A new plan's workbook: the template of 2031–2035 with its 「計画」 sheet. */
async function newPlanWorkbook(id: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await planTemplate(2031, 2035)).buffer as ArrayBuffer);
  addPlanInfoSheet(workbook, id, '山形市行財政改革プラン');
  return bytesOf(workbook);
}

/** A city's own sheet whose first column's header (「改革の取組」) the guess does not know. */
async function ownLayout(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('実施計画');
  sheet.addRow(['改革の取組', '取組項目', '担当課', 'R13', 'R14']);
  sheet.addRow(['事務の見直し', '押印の廃止', '総務課', '検討', '実施']);
  sheet.addRow(['事務の見直し', '書類の電子化', '総務課', '実施', '実施']);
  addPlanInfoSheet(workbook, 'own-layout', '独自様式の計画');
  return bytesOf(workbook);
}

describe('the plan from the city’s own spreadsheet, on HQ’s screen', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });

  it('reads the 8th plan exported from the system back with nothing to read wrong and no difference', async () => {
    const exported = await download(api, '/api/plans/higashine-8/export.xlsx');
    expect(exported.status).toBe(200);
    expect(exported.type).toContain(XLSX);
    const preview = await api.call(hq, 'POST', '/api/plans/import/preview?plan=higashine-8', { raw: form(exported.bytes) });
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.difference).toMatchObject({ added: [], retired: [], changed: [] });
    const seed = seedCatalogue();
    expect(preview.body.counts).toMatchObject({
      measures: seed.measures.length,
      firstYear: seed.plan.period.firstFiscalYear,
      lastYear: seed.plan.period.lastFiscalYear,
    });
    expect(preview.body.headers[0]).toMatchObject({ column: 'A' });
    expect(preview.body.rememberedMapping).toBe(false);
    // Nothing stored: the plan is still at its first version.
    expect((await api.call(hq, 'GET', '/api/plans/higashine-8/versions')).body.versions).toHaveLength(1);
  });

  it('remembers a corrected column mapping and reads the next file of the same layout with it', async () => {
    const bytes = await ownLayout();
    const guessed = await api.call(hq, 'POST', '/api/plans/import/preview?new=1', { raw: form(bytes) });
    expect(guessed.status).toBe(200);
    expect(guessed.body.problems.length).toBeGreaterThan(0);

    const mapping = { columns: { A: 'measure' } };
    const corrected = await api.call(hq, 'POST', '/api/plans/import/preview?new=1', { raw: form(bytes, 'plan.xlsx', mapping) });
    expect(corrected.body.problems).toEqual([]);
    expect(corrected.body.counts).toMatchObject({ measures: 1, actionItems: 2 });

    const remembered = await api.call(hq, 'PUT', `/api/plans/import/mappings/${corrected.body.signature}`, { body: { mapping } });
    expect(remembered.status).toBe(200);
    const again = await api.call(hq, 'POST', '/api/plans/import/preview?new=1', { raw: form(bytes) });
    expect(again.body).toMatchObject({ rememberedMapping: true, problems: [], signature: corrected.body.signature });
    expect(again.body.counts).toMatchObject({ actionItems: 2 });
  });

  it('shows every row’s proposed match, and reads the file again with HQ’s correction of one', async () => {
    // The 8th plan as the plan document's tables (no キー column), 取組項目 1-1 reworded: read by content, it is new.
    const plan = structuredClone(seedCatalogue().plan) as Plan;
    plan.measures[0]!.actionItems[0]!.title = '行政手続のオンライン化（電子申請の拡充）';
    const bytes = await bytesOf(documentWorkbook(plan));
    const guessed = await api.call(hq, 'POST', '/api/plans/import/preview?plan=higashine-8', { raw: form(bytes) });
    expect(guessed.status).toBe(200);
    expect(guessed.body.matches).toHaveLength(44 + 104 + 17);
    expect(guessed.body.matches).toContainEqual(expect.objectContaining({ cell: '実施計画!E3', kind: 'actionItem', number: '1-1', how: 'new' }));
    expect(guessed.body.candidates).toContainEqual({
      kind: 'actionItem',
      key: '1-1',
      number: '1-1',
      title: seedCatalogue().plan.measures[0]!.actionItems[0]!.title,
    });
    expect(guessed.body.difference!.retired.map((c: { key: string }) => c.key)).toEqual(['1-1']);
    expect(guessed.body.difference!.added).toHaveLength(1);

    const corrected = await api.call(hq, 'POST', '/api/plans/import/preview?plan=higashine-8', {
      raw: form(bytes, 'plan.xlsx', undefined, { '実施計画!E3': '1-1' }),
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.matches).toContainEqual(expect.objectContaining({ cell: '実施計画!E3', key: '1-1', how: 'chosen' }));
    expect(corrected.body.difference).toMatchObject({ added: [], retired: [] });
    expect(corrected.body.difference!.changed.map((c: { key: string; change: string }) => [c.key, c.change])).toEqual([['1-1', 'text']]);
    // Nothing stored by either read.
    expect((await api.call(hq, 'GET', '/api/plans/higashine-8/versions')).body.versions).toHaveLength(1);
  });

  it('refuses a correction naming the row at fault: a key of another kind, one key for two rows, or no JSON', async () => {
    const bytes = await bytesOf(documentWorkbook(seedCatalogue().plan));
    const preview = (matches: object | string) =>
      api.call(hq, 'POST', '/api/plans/import/preview?plan=higashine-8', { raw: form(bytes, 'plan.xlsx', undefined, matches) });
    const wrongKind = await preview({ '実施計画!E3': '2' });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.type).toContain('application/problem+json');
    expect(wrongKind.body.errors).toEqual([
      { path: '対応 › シート「実施計画」E3', message: 'キー「2」は施策のキーです。取組項目の行には取組項目のキーか「新規」を選んでください' },
    ]);
    const twice = await preview({ '実施計画!E3': '1-1', '実施計画!E4': '1-1' });
    expect(twice.status).toBe(400);
    expect(twice.body.errors![0]!.path).toBe('対応 › シート「実施計画」E4');
    const notARow = await preview({ E3: 'new' });
    expect(notARow.status).toBe(400);
    expect(notARow.body.detail).toContain('行の対応（E3）が分かりません');
    const notJson = await preview('{');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors![0]!.path).toBe('matches');
  });

  it('names the cell it cannot read, and stores nothing', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('実施計画');
    sheet.addRow(['施策', '取組項目', '担当課', 'R8', 'R9']);
    sheet.addRow(['施策1 事務の見直し', '見直し', '庶務課', '→', '実施']);
    const preview = await api.call(hq, 'POST', '/api/plans/import/preview?plan=higashine-8', { raw: form(await bytesOf(workbook)) });
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toContainEqual({ cell: 'シート「実施計画」D2', message: '「→」（前年度と同じ）の前の年度に予定がありません' });
    expect(preview.body.difference).toBeNull();

    const notAWorkbook = await api.call(hq, 'POST', '/api/plans/import/preview?plan=higashine-8', { raw: form(new TextEncoder().encode('not a workbook')) });
    expect(notAWorkbook.status).toBe(400);
    expect(notAWorkbook.type).toContain('application/problem+json');
    expect(notAWorkbook.body.detail).toMatch(/Excel|xlsx|読めません/);
  });

  it('creates a new plan as version 1, upcoming, and refuses the same id (409) or an overlapping period (400)', async () => {
    const preview = await api.call(hq, 'POST', '/api/plans/import/preview?new=1', { raw: form(await newPlanWorkbook('yamagata-1')) });
    expect(preview.body.problems).toEqual([]);
    const created = await api.call(hq, 'POST', '/api/plans', { body: { plan: preview.body.plan } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'yamagata-1', status: 'upcoming', version: 1 });
    const listed = await api.call(hq, 'GET', '/api/plans');
    expect(listed.body.plans.map((p: { id: string }) => p.id)).toContain('yamagata-1');

    const same = await api.call(hq, 'POST', '/api/plans', { body: { plan: preview.body.plan } });
    expect(same.status).toBe(409);
    expect(same.body.detail).toContain('計画ID「yamagata-1」の計画はすでにあります');
    const overlapping = await api.call(hq, 'POST', '/api/plans', { body: { plan: { ...(preview.body.plan as object), id: 'yamagata-2' } } });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.errors).toMatchObject([{ path: 'plan › period' }]);
  });

  it('is HQ’s alone: a department is refused, in Japanese, and the template is a workbook', async () => {
    const refused = await api.call(dept('shomu'), 'POST', '/api/plans/import/preview?plan=higashine-8', { raw: form(await newPlanWorkbook('x-1')) });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/[ぁ-んァ-ン一-龥]/);
    const create = await api.call(dept('shomu'), 'POST', '/api/plans', { body: { plan: {} } });
    expect(create.status).toBe(403);
    const template = await download(api, '/api/plans/import/template.xlsx?from=2031&to=2035');
    expect(template.status).toBe(200);
    expect([...template.bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
  });
});
