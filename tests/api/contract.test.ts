import { joinOverviewPages } from '../../functions/contract/overview-pages.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assignmentSchema,
  digestListSchema,
  digestSchema,
  digestSendSchema,
  healthSchema,
  kpiSeriesSchema,
  meSchema,
  overviewSchema,
  planSchema,
  reportListSchema,
  reportSchema,
  revisionListSchema,
  tokenSchema,
} from '../../functions/contract/index.ts';
import type { Overview } from '../../functions/contract/index.ts';
import { read, readProblem } from '../support/contract.ts';
import { readOpenApi } from '../support/openapi.ts';
import { dept, hq, startApi, validActionReport, validKpiActual, viewer } from './harness.ts';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ headConfirmation: false });
});

const shomu = dept('shomu');
const kpi = '/api/fiscal-years/2026/kpi-actuals/38-K1';

describe('every answer fits the contract the web app and the OpenAPI document are built from', () => {
  it('session: health, me for each role, the dev token', async () => {
    expect(read(healthSchema, await api.call(null, 'GET', '/api/health'))).toEqual({ status: 'ok' });
    const me = read(meSchema, await api.call(shomu, 'GET', '/api/me'));
    expect(me.departments).toEqual([{ code: 'shomu', name: '庶務課' }]);
    expect(me.measures.length).toBeGreaterThan(0);
    expect(read(meSchema, await api.call(hq, 'GET', '/api/me')).role).toBe('hq');
    expect(read(meSchema, await api.call(viewer, 'GET', '/api/me')).measures).toEqual([]);
    const token = read(tokenSchema, await api.call(null, 'POST', '/api/dev/token', { body: { sub: 'sato', role: 'hq' } }));
    expect(token.token.split('.')).toHaveLength(3);
  });

  it('the plan and assignments', async () => {
    const plan = read(planSchema, await api.call(shomu, 'GET', '/api/plan'));
    expect(plan.measures).toHaveLength(44);
    expect(plan.groups.filter((group) => group.level === 0).map((group) => group.key)).toEqual(['I', 'II', 'III', 'IV']);
    const kankei = plan.measures.find((measure) => measure.owners.includes('kankei-kakuka'))!;
    const path = `/api/measures/${kankei.key}/departments`;
    const before = read(assignmentSchema, await api.call(hq, 'GET', path));
    expect(before).toEqual({ measure: kankei.key, departments: [], version: 0, updatedAt: null, updatedBy: null });
    const after = read(assignmentSchema, await api.call(hq, 'PUT', path, { body: { departments: [{ code: 'zaisei' }] } }));
    expect(after.departments).toEqual([{ code: 'zaisei', name: '財政課' }]);
  });

  it('reports through the workflow, the list and the history', async () => {
    const saved = read(reportSchema, await api.call(shomu, 'PUT', kpi, { body: validKpiActual }), 201);
    expect(saved.kind === 'kpi' && saved.body.value).toBe(90);
    const submitted = read(reportSchema, await api.call(shomu, 'POST', `${kpi}/submit`, { headers: { 'If-Match': '"1"' } }));
    expect(submitted.state).toBe('submitted');
    const approved = read(reportSchema, await api.call(hq, 'POST', `${kpi}/approve`, { body: { comment: '確認しました' }, headers: { 'If-Match': '"2"' } }));
    expect(approved).toMatchObject({ state: 'approved', stateLabel: '承認済', comment: '確認しました' });
    const action = read(reportSchema, await api.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/12-1', { body: validActionReport }), 201);
    expect(action.kind === 'action' && action.body.rating).toBe('B');
    const list = read(reportListSchema, await api.call(shomu, 'GET', '/api/fiscal-years/2026/reports'));
    expect(list.reports.map((report) => report.id).sort()).toEqual(['12-1', '38-K1']);
    const history = read(revisionListSchema, await api.call(shomu, 'GET', `${kpi}/revisions`));
    expect(history.revisions.map((revision) => revision.action)).toEqual(['save', 'submit', 'approve']);
  });

  it('a KPI series in one request, as each caller may see it', async () => {
    const next = '/api/fiscal-years/2027/kpi-actuals/38-K1';
    read(reportSchema, await api.call(shomu, 'PUT', next, { body: { ...validKpiActual, value: 95, asOf: '2028-03-31' } }), 201);
    const own = read(kpiSeriesSchema, await api.call(shomu, 'GET', '/api/kpis/38-K1/actuals'));
    expect(own.actuals.map((report) => [report.fiscalYear, report.state])).toEqual([
      [2026, 'approved'],
      [2027, 'draft'],
    ]);
    const council = read(kpiSeriesSchema, await api.call(viewer, 'GET', '/api/kpis/38-K1/actuals'));
    expect(council.actuals.map((report) => report.fiscalYear)).toEqual([2026]);
    readProblem(await api.call(dept('zeimu'), 'GET', '/api/kpis/38-K1/actuals'), 404);
    readProblem(await api.call(hq, 'GET', '/api/kpis/38-K9/actuals'), 404);
  });

  it('the overview for HQ and for the council', async () => {
    const overview = read(overviewSchema, await api.call(hq, 'GET', '/api/fiscal-years/2026/overview'));
    expect(overview.basis).toBe('submitted');
    expect(overview.attainment.kpis.find((k) => k.id === '38-K1')?.measured).toBe(90);
    const council = read(overviewSchema, await api.call(viewer, 'GET', '/api/fiscal-years/2026/overview'));
    expect(council.basis).toBe('approved');
    expect(council.missing).toEqual([]);
  });

  it('the overview in pages: each measure once, each page’s roll-ups its own and the pages joined the whole, a bad cursor a 400', async () => {
    const whole = read(overviewSchema, await api.call(hq, 'GET', '/api/fiscal-years/2026/overview'));
    expect(whole.nextCursor).toBeNull();
    const pages: Overview[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: Overview = read(overviewSchema, await api.call(hq, 'GET', `/api/fiscal-years/2026/overview?limit=20${cursor ? `&cursor=${cursor}` : ''}`));
      pages.push(page);
      cursor = page.nextCursor;
    }
    expect(pages).toHaveLength(Math.ceil(whole.measures.length / 20));
    expect(pages.flatMap((page) => page.measures)).toEqual(whole.measures);
    expect(pages.flatMap((page) => page.attainment.kpis)).toEqual(whole.attainment.kpis);
    expect(pages.flatMap((page) => page.attainment.actionItems)).toEqual(whole.attainment.actionItems);
    // Each page counts its own measures (a later page's total is its share), and the pages add up to the whole.
    const measured = (page: Overview) => Object.values(page.attainment.total.kpiRatings).reduce((sum, n) => sum + n, 0);
    expect(pages.map(measured)).toEqual(pages.map((page) => page.attainment.kpis.length));
    expect(joinOverviewPages(pages)).toEqual(whole);
    const problem = readProblem(await api.call(hq, 'GET', '/api/fiscal-years/2026/overview?cursor=bm9wZQ'), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    expect(readProblem(await api.call(hq, 'GET', '/api/fiscal-years/2026/overview?limit=0'), 400).detail).toContain('limit は1〜500');
  });

  it('the digest: preview, send, archive', async () => {
    const preview = read(digestSchema, await api.call(hq, 'GET', '/api/fiscal-years/2026/digest/preview'));
    expect(preview.subject).toContain('令和8年度');
    const sent = read(digestSendSchema, await api.call(hq, 'POST', '/api/fiscal-years/2026/digest', { body: {} }));
    expect(sent.recipients).toEqual(['sogo-seisaku@city.higashine.example']);
    const archive = read(digestListSchema, await api.call(hq, 'GET', '/api/fiscal-years/2026/digests'));
    expect(archive.digests.map((digest) => digest.messageId)).toEqual([sent.messageId]);
  });

  it('the OpenAPI document describes answers with the same schemas', async () => {
    const document = await readOpenApi(api.app);
    const answer = (path: string, method: string, status = '200') => document.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
    expect(Object.keys(answer('/api/kpis/{kpiId}/actuals', 'get')?.properties ?? {})).toEqual(['kpi', 'actuals']);
    expect(answer('/api/me', 'get')?.properties?.role?.enum).toEqual(['hq', 'department', 'department_head', 'viewer']);
    expect(Object.keys(answer('/api/fiscal-years/{fy}/overview', 'get')?.properties ?? {})).toEqual([
      'fiscalYear',
      'basis',
      'measures',
      'missing',
      'attainment',
      'nextCursor',
    ]);
    expect(document.paths['/api/fiscal-years/{fy}/digest']?.post?.responses['405']?.content?.['application/problem+json']).toBeDefined();
  });

  it('errors are problem+json with the status they claim', async () => {
    expect(readProblem(await api.call(null, 'GET', '/api/me'), 401).title).toBe('認証が必要です');
    expect(readProblem(await api.call(viewer, 'GET', `${kpi}/revisions`), 403).detail).toContain('変更履歴');
    readProblem(await api.call(shomu, 'GET', '/api/fiscal-years/2030/kpi-actuals/38-K1'), 404);
  });
});
