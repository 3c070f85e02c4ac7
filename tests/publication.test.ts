import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { CloudFrontInvalidation } from '../functions/publication/cloudfront.ts';
import { LocalPublicationFiles } from '../functions/publication/files.ts';
import { dept, hq, startApi, viewer } from './api/harness.ts';
import type { Caller } from './api/harness.ts';

const approvedText = '窓口の電子申請を15手続追加し、利用件数が前年の2倍になった。';
const submittedText = 'まだ審査中の下書き的な記述（公表されてはならない）。';
const opinionText = '電子申請の周知をさらに強化されたい。';
const kpiSource = '市LINE公式アカウントの管理画面（3月末時点）';
const addedDepartment = '=HYPERLINK("https://example.com","DX課")';
/** A council member's own submission, not yet approved by HQ: in no report and no snapshot. */
const pendingOpinionText = '委員個人としての提出（推進本部の承認前、公表されてはならない）。';

/** The local folder, remembering what it was asked to invalidate (in AWS: CloudFront, see cloudfront.ts). */
class RecordingFiles extends LocalPublicationFiles {
  readonly invalidations: { paths: readonly string[]; reference: string }[] = [];
  override async invalidate(paths: readonly string[], reference: string): Promise<void> {
    this.invalidations.push({ paths, reference });
  }
}

let api: Awaited<ReturnType<typeof startApi>>;
let files: RecordingFiles;
let root: string;
const file = (path: string) => join(root, path);
const read = (path: string) => readFileSync(file(path), 'utf8');
/** A published CSV as a spreadsheet reads it: one record a row, by column name (the BOM taken off). */
const csvTable = (path: string) =>
  XLSX.utils.sheet_to_json<Record<string, string>>(XLSX.read(read(path).replace(/^\uFEFF/, ''), { type: 'string', raw: true }).Sheets.Sheet1!, {
    raw: false,
    defval: '',
  });

/** Saves, submits (and, where 課内確認 applies, confirms) a report as HQ; approves it when asked. */
async function report(path: string, body: unknown, approve: boolean) {
  const saved = await api.call(hq, 'PUT', path, { body });
  expect(saved.status).toBe(201);
  let step = await api.call(hq, 'POST', `${path}/submit`, { headers: { 'If-Match': saved.headers.get('etag')! } });
  if (step.body.state === 'pending_head') step = await api.call(hq, 'POST', `${path}/confirm`, { headers: { 'If-Match': step.headers.get('etag')! } });
  expect(step.body.state).toBe('submitted');
  if (!approve) return step;
  const approved = await api.call(hq, 'POST', `${path}/approve`, { headers: { 'If-Match': step.headers.get('etag')! } });
  expect(approved.body.state).toBe('approved');
  return approved;
}

async function publication(caller: Caller = hq) {
  return api.call(caller, 'GET', '/api/fiscal-years/2026/publication');
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shinchoku-published-'));
  files = new RecordingFiles(root);
  api = await startApi({ extra: { publicationFiles: files } });
  await report(
    '/api/fiscal-years/2026/action-reports/12-1',
    { status: 'implementing', rating: 'B', achievements: approvedText, challenges: '', nextSteps: '' },
    true,
  );
  await report(
    '/api/fiscal-years/2026/action-reports/12-2',
    { status: 'studying', rating: 'C', achievements: submittedText, challenges: '', nextSteps: '' },
    false,
  );
  await report('/api/fiscal-years/2026/kpi-actuals/16-K1', { value: 1234, asOf: '2027-03-31', note: kpiSource }, true);
  // Text a spreadsheet would run: written by a department, and in the name of a department HQ added.
  await report(
    '/api/fiscal-years/2026/action-reports/12-3',
    { status: 'implementing', rating: 'B', achievements: '=1+1', challenges: '@SUM(A1:A9)', nextSteps: '' },
    true,
  );
  const assigned = await api.call(hq, 'PUT', '/api/measures/11/departments', { body: { departments: [{ code: 'link-ka', name: addedDepartment }] } });
  expect(assigned.status).toBe(200);
  const opinion = await api.call(hq, 'POST', '/api/fiscal-years/2026/opinions', {
    body: { measure: 12, speaker: '山田委員', date: '2027-05-20', text: opinionText },
  });
  expect(opinion.body).toMatchObject({ state: 'approved', createdByRole: 'hq' });
  const pending = await api.call(viewer, 'POST', '/api/fiscal-years/2026/opinions', {
    body: { measure: 12, speaker: '佐藤委員', date: '2027-05-21', text: pendingOpinionText },
  });
  expect(pending.body).toMatchObject({ state: 'submitted', stateLabel: '承認待ち', createdByRole: 'viewer' });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('公表 (publication) of FY2026', () => {
  it('a department and a council member cannot publish; nothing is written', async () => {
    for (const caller of [dept('shomu'), viewer]) {
      const response = await api.call(caller, 'POST', '/api/fiscal-years/2026/publication');
      expect(response.status).toBe(403);
      expect(response.type).toContain('application/problem+json');
      expect(response.body.detail).toContain('推進本部');
    }
    expect((await publication()).body.state).toBe('unpublished');
    expect(existsSync(file('open-data/2026/progress.csv'))).toBe(false);
  });

  it('publishes only approved content: CSV with BOM and Japanese columns, JSON valid against its schema', async () => {
    const published = await api.call(hq, 'POST', '/api/fiscal-years/2026/publication');
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ state: 'published', stateLabel: '公表中', snapshot: 1 });

    const csv = read('open-data/2026/progress.csv');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = csv.slice(1).trimEnd().split('\r\n');
    expect(header).toMatch(/^全国地方公共団体コード,都道府県名,市区町村名,年度（西暦）,年度（和暦）,/);
    expect(rows.filter((row) => row.includes(',取組項目,'))).toHaveLength(104);
    expect(rows.filter((row) => row.includes(',KPI,'))).toHaveLength(17);
    expect(rows.every((row) => row.startsWith('062111,山形県,東根市,2026,令和8年度,'))).toBe(true);
    expect(csv).toContain(approvedText);
    expect(csv).not.toContain(submittedText);
    expect(rows.find((row) => row.includes(',12-2,'))).toContain('未承認');
    expect(rows.find((row) => row.includes(',16-K1,'))).toContain('1234');

    const json = JSON.parse(read('open-data/2026/progress.json'));
    // Written in pieces (issue 22), laid out as ever: two spaces of indent, as JSON.stringify(…, null, 2) writes it.
    expect(read('open-data/2026/progress.json')).toBe(JSON.stringify(json, null, 2));
    const schema = JSON.parse(read('open-data/2026/progress.schema.json'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.municipality.code).toBe('062111');
    expect(json.license.id).toBe('CC-BY-4.0');
    const text = JSON.stringify(json);
    expect(text).toContain(approvedText);
    expect(text).toContain(opinionText);
    expect(text).not.toContain(submittedText);
    expect(text).not.toContain(pendingOpinionText);
    expect(csv).not.toContain(pendingOpinionText);

    const index = JSON.parse(read('open-data/index.json'));
    expect(index.years.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2026]);
    expect(index.years[0].files.csv).toBe('/open-data/2026/progress.csv');
  });

  it('open data as 総務省’s rules ask: 西暦 beside 和暦, codes apart from labels, the actual’s 時点 and 出典, one 担当課 a row', () => {
    const table = csvTable('open-data/2026/progress.csv');
    const byId = (id: string) => table.find((row) => row.ID === id)!;
    expect(byId('12-1')).toMatchObject({
      '年度（西暦）': '2026',
      '年度（和暦）': '令和8年度',
      自己評価コード: 'B',
      自己評価: '計画どおり',
      承認状況: '承認済',
    });
    expect(byId('12-1').公表日).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(byId('16-K1')).toMatchObject({
      実績値: '1234',
      実績時点: '2027-03-31',
      出典: kpiSource,
      '目標時点（西暦）': '2030',
      '目標時点（和暦）': '令和12年度',
    });
    expect(byId('16-K1').KPI評価コード).toMatch(/^[ABCDN]$/);
    expect(byId('16-K1').KPI評価).not.toContain(byId('16-K1').KPI評価コード);
    // 1-K1's baseline is 「83件 (R7.12月末)」: the date in one column, the plan's words in another.
    expect(byId('1-K1')).toMatchObject({ '基準時点（西暦）': '2025-12-31', '基準時点（和暦）': '令和7年12月31日', '基準値（計画の表記）': '83件 (R7.12月末)' });

    const departments = csvTable('open-data/2026/items_departments.csv');
    expect(departments.filter((row) => row.ID === '5-1').map((row) => row.担当課)).toEqual(['総合政策課', '庶務課']);
    expect(departments.every((row) => !row.担当課!.includes('・'))).toBe(true);

    // Every column is described in Japanese; index.json says who publishes, whom to ask, how often, under which licence.
    const pack = JSON.parse(read('open-data/2026/datapackage.json'));
    const fields = pack.resources[0].schema.fields as { name: string; description: string }[];
    expect(fields.map((field) => field.name)).toEqual(Object.keys(table[0]!));
    expect(fields.every((field) => /[ぁ-んァ-ン一-龯]/.test(field.description))).toBe(true);
    const index = JSON.parse(read('open-data/index.json'));
    expect(index).toMatchObject({ publisher: '東根市', contact: { name: '東根市 総合政策課' }, updateFrequency: '年1回', license: { id: 'CC-BY-4.0' } });
    expect(index.years[0].publishedDate).toBe(byId('12-1').公表日);
    expect(index.years[0].distributions.map((d: { format: string }) => d.format)).toEqual(['CSV', 'XLSX', 'CSV', 'JSON', 'JSON', 'JSON']);
  });

  it('a formula written by a department or in an added department’s name opens as text, in the CSV and in the xlsx', () => {
    for (const path of ['open-data/2026/progress.csv', 'open-data/2026/items_departments.csv']) {
      const sheet = XLSX.read(read(path), { type: 'string' }).Sheets.Sheet1!;
      const cells = Object.entries(sheet)
        .filter(([address]) => !address.startsWith('!'))
        .map(([, cell]) => cell as XLSX.CellObject);
      expect(cells.filter((cell) => cell.f !== undefined)).toEqual([]);
    }
    const csv = read('open-data/2026/progress.csv');
    expect(csv).toContain(",'=1+1,'@SUM(A1:A9),");
    expect(read('open-data/2026/items_departments.csv')).toContain(`,"'=HYPERLINK(""https://example.com"",""DX課"")",`);
    expect(csv).not.toMatch(/,=1\+1,/);
  });

  it('the xlsx edition keeps 062111 and 1-1 as written (text cells), with the CSV’s rows', () => {
    const workbook = XLSX.read(readFileSync(file('open-data/2026/progress.xlsx')), { cellNF: true });
    expect(workbook.SheetNames).toEqual(['進捗状況', '担当課', '項目の説明']);
    const sheet = workbook.Sheets.進捗状況!;
    expect(sheet.A2).toMatchObject({ t: 's', v: '062111', z: '@' });
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet);
    expect(rows).toHaveLength(104 + 17);
    const first = rows.find((row) => row.ID === '1-1');
    expect(first).toBeDefined();
    const idColumn = XLSX.utils.encode_col(Object.keys(rows[0]!).indexOf('ID'));
    expect(sheet[`${idColumn}2`]).toMatchObject({ t: 's', v: '1-1' });
    expect(rows.find((row) => row.ID === '16-K1')).toMatchObject({ 実績値: 1234, '年度（西暦）': 2026 });
    expect(rows.find((row) => row.ID === '12-3')!.実績).toBe('=1+1');
    expect(Object.values(sheet).some((cell) => typeof cell === 'object' && cell !== null && 'f' in cell)).toBe(false);
  });

  it('approving the second report changes nothing online until HQ republishes', async () => {
    const before = read('open-data/2026/progress.json');
    const current = await api.call(hq, 'GET', '/api/fiscal-years/2026/action-reports/12-2');
    await api.call(hq, 'POST', '/api/fiscal-years/2026/action-reports/12-2/approve', { headers: { 'If-Match': current.headers.get('etag')! } });
    expect(read('open-data/2026/progress.json')).toBe(before);
    expect(read('open-data/2026/progress.csv')).not.toContain(submittedText);

    // The year's report (not yet published) already shows it to HQ.
    const report = await api.call(hq, 'GET', '/api/fiscal-years/2026/report');
    expect(JSON.stringify(report.body)).toContain(submittedText);

    const state = await publication();
    expect((await api.call(hq, 'POST', '/api/fiscal-years/2026/publication')).status).toBe(428);
    expect((await api.call(hq, 'POST', '/api/fiscal-years/2026/publication', { headers: { 'If-Match': '"99"' } })).status).toBe(412);
    const republished = await api.call(hq, 'POST', '/api/fiscal-years/2026/publication', { headers: { 'If-Match': state.headers.get('etag')! } });
    expect(republished.body.snapshot).toBe(2);
    expect(read('open-data/2026/progress.csv')).toContain(submittedText);
    expect(republished.body.history.map((h: { actionLabel: string }) => h.actionLabel)).toEqual(['公表', '再公表']);
    // The first snapshot is kept.
    expect(read('publication-archive/2026/1/progress.json')).toBe(before);
  });

  it('withdrawal takes the year offline and keeps the history', async () => {
    expect((await api.call(viewer, 'DELETE', '/api/fiscal-years/2026/publication')).status).toBe(403);
    const state = await publication();
    const withdrawn = await api.call(hq, 'DELETE', '/api/fiscal-years/2026/publication', { headers: { 'If-Match': state.headers.get('etag')! } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', files: null });
    expect(withdrawn.body.history.map((h: { action: string }) => h.action)).toEqual(['publish', 'publish', 'withdraw']);
    expect(existsSync(file('open-data/2026/progress.csv'))).toBe(false);
    expect(existsSync(file('open-data/2026/progress.json'))).toBe(false);
    expect(JSON.parse(read('open-data/index.json')).years).toEqual([]);
    expect((await api.call(hq, 'DELETE', '/api/fiscal-years/2026/publication', { headers: { 'If-Match': withdrawn.headers.get('etag')! } })).status).toBe(409);
  });

  it('asks the CDN to drop the year’s files and the index after each publish, republish and withdrawal, and only then', () => {
    // Refused attempts (403, 428, 412, 409 above) changed nothing online, so they invalidated nothing.
    expect(files.invalidations.map((i) => i.paths)).toEqual(Array(3).fill(['/open-data/2026/*', '/open-data/index.json']));
    const references = files.invalidations.map((i) => i.reference);
    expect(new Set(references).size).toBe(3);
    expect(references.every((r) => /^publication-2026-v\d+-\d{4}-\d\d-\d\dT/.test(r))).toBe(true);
  });
});

describe('CloudFront invalidation through the SDK (its own middleware stack, a request handler instead of the network)', () => {
  type Sent = { method: string; hostname: string; path: string; headers: Record<string, string>; body: string };
  const accepted = (sent: Sent[]) => ({
    handle: async (request: Sent) => {
      sent.push(request);
      const xml = `<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2027-06-01T00:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>2</Quantity><Items><Path>/open-data/2026/*</Path><Path>/open-data/index.json</Path></Items></Paths><CallerReference>publication-2026-v1</CallerReference></InvalidationBatch></Invalidation>`;
      return {
        response: {
          statusCode: 201,
          headers: { 'content-type': 'text/xml', location: 'https://cloudfront.amazonaws.com/2020-05-31/distribution/E2EXAMPLE/invalidation/I2J0I21PCUYOIK' },
          body: Readable.from([Buffer.from(xml)]),
        },
      };
    },
  });
  const clientConfig = (requestHandler: object) => ({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: requestHandler as never,
    maxAttempts: 1,
  });

  it('sends one signed CreateInvalidation for the distribution, with the paths and the reference', async () => {
    const sent: Sent[] = [];
    const errors: unknown[] = [];
    const cdn = new CloudFrontInvalidation('E2EXAMPLE', { clientConfig: clientConfig(accepted(sent)), logger: { error: (...args) => errors.push(args) } });
    await cdn.invalidate(['/open-data/2026/*', '/open-data/index.json'], 'publication-2026-v1');
    expect(errors).toEqual([]);
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request).toMatchObject({ method: 'POST', hostname: 'cloudfront.amazonaws.com', path: '/2020-05-31/distribution/E2EXAMPLE/invalidation' });
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/cloudfront\/aws4_request/);
    const body = String(request!.body);
    expect(body).toContain('<CallerReference>publication-2026-v1</CallerReference>');
    expect(body).toMatch(/<Paths><Quantity>2<\/Quantity><Items><Path>\/open-data\/2026\/\*<\/Path><Path>\/open-data\/index\.json<\/Path><\/Items><\/Paths>/);
  });

  it('logs a refused invalidation instead of failing the publication (the files expire from the cache in five minutes anyway)', async () => {
    const errors: [string, Record<string, unknown>][] = [];
    const refused = {
      handle: async () => ({
        response: {
          statusCode: 403,
          headers: { 'content-type': 'text/xml' },
          body: Readable.from([
            Buffer.from(
              '<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>',
            ),
          ]),
        },
      }),
    };
    const cdn = new CloudFrontInvalidation('E2EXAMPLE', {
      clientConfig: clientConfig(refused),
      logger: { error: (message, attributes) => errors.push([message, attributes]) },
    });
    await expect(cdn.invalidate(['/open-data/index.json'], 'publication-2026-v2')).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]![0]).toContain('CloudFront の無効化に失敗しました');
    expect(errors[0]![1]).toMatchObject({ distributionId: 'E2EXAMPLE', reference: 'publication-2026-v2', error: expect.stringContaining('not allowed') });
  });
});

describe('推進懇談会の意見 (opinions)', () => {
  it('HQ records one for the year; a council member edits only their own; every change is a revision', async () => {
    const recorded = await api.call(hq, 'POST', '/api/fiscal-years/2026/opinions', {
      body: { speaker: '推進懇談会', date: '2027-05-20', text: '全体として順調である。' },
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.measure).toBeNull();
    const path = `/api/fiscal-years/2026/opinions/${recorded.body.id}`;
    const change = { speaker: '推進懇談会', date: '2027-05-20', text: '全体として概ね順調である。' };
    expect((await api.call(viewer, 'PUT', path, { body: change, headers: { 'If-Match': '"1"' } })).status).toBe(403);
    expect((await api.call(hq, 'PUT', path, { body: change })).status).toBe(428);
    const edited = await api.call(hq, 'PUT', path, { body: change, headers: { 'If-Match': recorded.headers.get('etag')! } });
    expect(edited.body.version).toBe(2);
    expect((await api.call(hq, 'PUT', path, { body: change, headers: { 'If-Match': recorded.headers.get('etag')! } })).status).toBe(412);
    const revisions = await api.call(hq, 'GET', `${path}/revisions`);
    expect(revisions.body.revisions.map((r: { action: string }) => r.action)).toEqual(['record', 'edit']);
    expect(revisions.body.revisions[1]?.changes).toEqual([{ field: 'text', before: '全体として順調である。', after: '全体として概ね順調である。' }]);

    const report = await api.call(viewer, 'GET', '/api/fiscal-years/2026/report');
    expect(report.body.opinions.map((o: { text: string }) => o.text)).toEqual(['全体として概ね順調である。']);
  });

  it('refuses an opinion on a measure the plan does not have, storing nothing, and takes one on a measure it has', async () => {
    const before = (await api.call(hq, 'GET', '/api/fiscal-years/2026/opinions')).body.opinions.length;
    const refused = await api.call(hq, 'POST', '/api/fiscal-years/2026/opinions', {
      body: { measure: 45, speaker: '推進懇談会', date: '2027-05-20', text: '施策45への意見。' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'measure', message: '施策「45」は計画にありません' }]);
    expect((await api.call(hq, 'GET', '/api/fiscal-years/2026/opinions')).body.opinions).toHaveLength(before);
    const taken = await api.call(hq, 'POST', '/api/fiscal-years/2026/opinions', {
      body: { measure: 44, speaker: '推進懇談会', date: '2027-05-20', text: '施策44への意見。' },
    });
    expect(taken.status).toBe(201);
  });

  it('a council member’s submission waits for HQ’s approval before it enters the report; other members do not see it meanwhile', async () => {
    const otherMember: Caller = { role: 'viewer', sub: 'viewer-2' };
    const submitted = await api.call(viewer, 'POST', '/api/fiscal-years/2026/opinions', {
      body: { speaker: '山田委員', date: '2027-05-22', text: '年度全体への委員の意見（承認前）。' },
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ state: 'submitted', measure: null, createdBy: { sub: 'viewer-1' } });
    const path = `/api/fiscal-years/2026/opinions/${submitted.body.id}`;
    const texts = async (caller: Caller) =>
      (await api.call(caller, 'GET', '/api/fiscal-years/2026/opinions')).body.opinions.map((o: { text: string }) => o.text);
    expect(await texts(viewer)).toContain('年度全体への委員の意見（承認前）。');
    expect(await texts(otherMember)).not.toContain('年度全体への委員の意見（承認前）。');
    expect((await api.call(otherMember, 'GET', path)).status).toBe(404);
    expect(JSON.stringify((await api.call(hq, 'GET', '/api/fiscal-years/2026/report')).body)).not.toContain('承認前');

    // The member corrects it before approval; approval needs HQ and the ETag read.
    const corrected = await api.call(viewer, 'PUT', path, {
      body: { speaker: '山田委員', date: '2027-05-22', text: '年度全体への委員の意見。' },
      headers: { 'If-Match': submitted.headers.get('etag')! },
    });
    expect(corrected.body).toMatchObject({ version: 2, state: 'submitted' });
    expect((await api.call(viewer, 'POST', `${path}/approve`, { headers: { 'If-Match': '"2"' } })).status).toBe(403);
    expect((await api.call(hq, 'POST', `${path}/approve`)).status).toBe(428);
    const approved = await api.call(hq, 'POST', `${path}/approve`, { headers: { 'If-Match': corrected.headers.get('etag')! } });
    expect(approved.body).toMatchObject({ version: 3, state: 'approved', stateLabel: '承認済' });
    expect((await api.call(hq, 'POST', `${path}/approve`, { headers: { 'If-Match': approved.headers.get('etag')! } })).status).toBe(409);
    const locked = await api.call(viewer, 'PUT', path, {
      body: { speaker: '山田委員', date: '2027-05-22', text: '承認後の書き換え' },
      headers: { 'If-Match': approved.headers.get('etag')! },
    });
    expect(locked.status).toBe(409);
    expect(locked.body.detail).toContain('推進本部');

    expect(await texts(otherMember)).toContain('年度全体への委員の意見。');
    const report = await api.call(viewer, 'GET', '/api/fiscal-years/2026/report');
    expect(report.body.opinions.map((o: { text: string }) => o.text)).toContain('年度全体への委員の意見。');
    const revisions = await api.call(viewer, 'GET', `${path}/revisions`);
    expect(revisions.body.revisions.map((r: { action: string }) => r.action)).toEqual(['submit', 'edit', 'approve']);
  });

  it('refuses bad input with the field at fault, and departments cannot record', async () => {
    // The body's shape first, every field at once (whether the plan has 施策45 is asked once the shape is right: see above).
    const bad = await api.call(hq, 'POST', '/api/fiscal-years/2026/opinions', { body: { measure: '施策5', speaker: '', date: '5月20日', text: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['date', 'measure', 'speaker', 'text']);
    expect((await api.call(dept('shomu'), 'POST', '/api/fiscal-years/2026/opinions', { body: { speaker: 'a', date: '2027-05-20', text: 'b' } })).status).toBe(
      403,
    );
    expect((await api.call(dept('shomu'), 'GET', '/api/fiscal-years/2026/report')).status).toBe(403);
    const list = await api.call(dept('shomu'), 'GET', '/api/fiscal-years/2026/opinions');
    expect(list.status).toBe(403);
    expect(list.body.detail).toContain('推進本部と推進懇談会');
  });
});
