import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalPublicationFiles } from '../functions/publication/files.ts';
import { dept, hq, startApi, viewer } from './api/harness.ts';
import type { Caller } from './api/harness.ts';

const approvedText = '窓口の電子申請を15手続追加し、利用件数が前年の2倍になった。';
const submittedText = 'まだ審査中の下書き的な記述（公表されてはならない）。';
const opinionText = '電子申請の周知をさらに強化されたい。';

let api: Awaited<ReturnType<typeof startApi>>;
let root: string;
const file = (path: string) => join(root, path);
const read = (path: string) => readFileSync(file(path), 'utf8');

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
  api = await startApi({ extra: { publicationFiles: new LocalPublicationFiles(root) } });
  await report('/api/fiscal-years/2026/action-reports/12-1', { status: 'implementing', rating: 'B', achievements: approvedText, challenges: '', nextSteps: '' }, true);
  await report('/api/fiscal-years/2026/action-reports/12-2', { status: 'studying', rating: 'C', achievements: submittedText, challenges: '', nextSteps: '' }, false);
  await report('/api/fiscal-years/2026/kpi-actuals/16-K1', { value: 1234, asOf: '2027-03-31', note: '' }, true);
  const opinion = await api.call(viewer, 'POST', '/api/fiscal-years/2026/opinions', { body: { measure: 12, speaker: '山田委員', date: '2027-05-20', text: opinionText } });
  expect(opinion.status).toBe(201);
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
    expect(header).toContain('全国地方公共団体コード,地方公共団体名,年度');
    expect(rows.filter((row) => row.includes(',取組項目,'))).toHaveLength(104);
    expect(rows.filter((row) => row.includes(',KPI,'))).toHaveLength(17);
    expect(rows.every((row) => row.startsWith('062111,東根市,令和8年度'))).toBe(true);
    expect(csv).toContain(approvedText);
    expect(csv).not.toContain(submittedText);
    expect(rows.find((row) => row.includes(',12-2,'))).toContain('未承認');
    expect(rows.find((row) => row.includes(',16-K1,'))).toContain('1234');

    const json = JSON.parse(read('open-data/2026/progress.json'));
    const schema = JSON.parse(read('open-data/2026/progress.schema.json'));
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.municipality.code).toBe('062111');
    expect(json.license.id).toBe('CC-BY-4.0');
    const text = JSON.stringify(json);
    expect(text).toContain(approvedText);
    expect(text).toContain(opinionText);
    expect(text).not.toContain(submittedText);

    const index = JSON.parse(read('open-data/index.json'));
    expect(index.years.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2026]);
    expect(index.years[0].files.csv).toBe('/open-data/2026/progress.csv');
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
});

describe('推進懇談会の意見 (opinions)', () => {
  it('HQ records one for the year; a council member edits only their own; every change is a revision', async () => {
    const recorded = await api.call(hq, 'POST', '/api/fiscal-years/2026/opinions', { body: { speaker: '推進懇談会', date: '2027-05-20', text: '全体として順調である。' } });
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
    expect(revisions.body.revisions[1].changes).toEqual([{ field: 'text', before: '全体として順調である。', after: '全体として概ね順調である。' }]);

    const report = await api.call(viewer, 'GET', '/api/fiscal-years/2026/report');
    expect(report.body.opinions.map((o: { text: string }) => o.text)).toEqual(['全体として概ね順調である。']);
  });

  it('refuses bad input with the field at fault, and departments cannot record', async () => {
    const bad = await api.call(hq, 'POST', '/api/fiscal-years/2026/opinions', { body: { measure: 45, speaker: '', date: '5月20日', text: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['date', 'measure', 'speaker', 'text']);
    expect((await api.call(dept('shomu'), 'POST', '/api/fiscal-years/2026/opinions', { body: { speaker: 'a', date: '2027-05-20', text: 'b' } })).status).toBe(403);
    expect((await api.call(dept('shomu'), 'GET', '/api/fiscal-years/2026/report')).status).toBe(403);
  });
});
