import { beforeAll, describe, expect, it } from 'vitest';
import { dept, hq, startApi, validActionReport, viewer } from './harness.ts';

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
beforeAll(async () => {
  api = await startApi();
});

const shomu = dept('shomu');
const report = '/api/fiscal-years/2026/action-reports/12-1';

describe('a report goes draft → submitted → returned → submitted → approved', () => {
  it('runs the whole workflow with an ETag on every step and a revision for every change', async () => {
    const created = await api.call(shomu, 'PUT', report, { body: validActionReport });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ state: 'draft', stateLabel: '下書き', version: 1, measure: 12, body: validActionReport });

    const read = await api.call(shomu, 'GET', report);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');

    const edited = await api.call(shomu, 'PUT', report, {
      body: { ...validActionReport, achievements: '定員管理計画に基づき職員数を適正化した。' },
      headers: { 'If-Match': '"1"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');

    const submitted = await api.call(shomu, 'POST', `${report}/submit`, { headers: { 'If-Match': '"2"' } });
    expect(submitted.body).toMatchObject({ state: 'submitted', stateLabel: '提出済', version: 3 });

    const lockedWhileReviewed = await api.call(shomu, 'PUT', report, { body: validActionReport, headers: { 'If-Match': '"3"' } });
    expect(lockedWhileReviewed.status).toBe(409);
    expect(lockedWhileReviewed.body.detail).toBe('提出済の報告は保存できません');

    const departmentCannotApprove = await api.call(shomu, 'POST', `${report}/approve`, { headers: { 'If-Match': '"3"' } });
    expect(departmentCannotApprove.status).toBe(403);

    const returned = await api.call(hq, 'POST', `${report}/return`, {
      body: { comment: '実績の数値（適正化した人数）を記載してください。' },
      headers: { 'If-Match': '"3"' },
    });
    expect(returned.body).toMatchObject({ state: 'returned', comment: '実績の数値（適正化した人数）を記載してください。', version: 4 });

    const seenByDepartment = await api.call(shomu, 'GET', report);
    expect(seenByDepartment.body.comment).toBe('実績の数値（適正化した人数）を記載してください。');

    const fixed = await api.call(shomu, 'PUT', report, {
      body: { ...validActionReport, achievements: '定員管理計画に基づき職員数を3人適正化した。' },
      headers: { 'If-Match': '"4"' },
    });
    expect(fixed.body).toMatchObject({ state: 'returned', version: 5 });
    const resubmitted = await api.call(shomu, 'POST', `${report}/submit`, { headers: { 'If-Match': '"5"' } });
    expect(resubmitted.body).toMatchObject({ state: 'submitted', version: 6 });

    const approved = await api.call(hq, 'POST', `${report}/approve`, { body: { comment: '確認しました。' }, headers: { 'If-Match': '"6"' } });
    expect(approved.body).toMatchObject({ state: 'approved', stateLabel: '承認済', version: 7 });

    const readOnly = await api.call(shomu, 'PUT', report, { body: validActionReport, headers: { 'If-Match': '"7"' } });
    expect(readOnly.status).toBe(409);
    expect((await api.call(viewer, 'GET', report)).status).toBe(200);

    const history = await api.call(hq, 'GET', `${report}/revisions`);
    expect(history.body.revisions.map((r: { action: string; version: number }) => `${r.version}:${r.action}`)).toEqual([
      '1:save',
      '2:save',
      '3:submit',
      '4:return',
      '5:save',
      '6:submit',
      '7:approve',
    ]);
    expect(history.body.revisions[1]).toMatchObject({
      by: { sub: 'shomu-1' },
      changes: [{ field: 'achievements', before: validActionReport.achievements, after: '定員管理計画に基づき職員数を適正化した。' }],
    });

    const reopened = await api.call(hq, 'POST', `${report}/reopen`, { body: { comment: '数値を再確認してください。' }, headers: { 'If-Match': '"7"' } });
    expect(reopened.body).toMatchObject({ state: 'returned', version: 8 });
    expect((await api.call(viewer, 'GET', report)).status).toBe(404);
  });

  it('keeps KPI actuals under the same workflow, and HQ sees them in the overview and attainment', async () => {
    const path = '/api/fiscal-years/2027/kpi-actuals/16-K1';
    const sogo = dept('sogo-seisaku');
    const saved = await api.call(sogo, 'PUT', path, { body: { value: 22500, asOf: '2027-03-31', note: 'LINE公式アカウント管理画面' } });
    expect(saved.status).toBe(201);
    await api.call(sogo, 'POST', `${path}/submit`, { headers: { 'If-Match': '"1"' } });
    const overview = await api.call(hq, 'GET', '/api/fiscal-years/2027/overview');
    expect(overview.status).toBe(200);
    const kpi = overview.body.attainment.kpis.find((k: { id: string }) => k.id === '16-K1');
    // b = 21,382 (R7.10月末 → FY2025), t = 24,000 (FY2030): p = 1118/2618 = 0.427, e = 2/5 = 0.4 → 順調
    expect(kpi).toMatchObject({ rating: 'B', measured: 22500, progress: 0.427, expected: 0.4 });
    const measure16 = overview.body.measures.find((m: { number: number }) => m.number === 16);
    expect(measure16.kpis.find((k: { id: string }) => k.id === '16-K1')).toMatchObject({ state: 'submitted' });
  });

  it('lists missing reports under the departments responsible, and routes 関係各課 measures by HQ’s assignment', async () => {
    const before = await api.call(hq, 'GET', '/api/fiscal-years/2028/overview');
    const unassigned = before.body.missing.find((m: { department: string }) => m.department === 'unassigned');
    expect(unassigned.actionItems).toContain('1-1');
    expect((await api.call(dept('fukushi'), 'GET', '/api/fiscal-years/2028/action-reports/1-1')).status).toBe(404);

    const assigned = await api.call(hq, 'PUT', '/api/measures/1/departments', {
      body: { departments: [{ code: 'fukushi' }, { code: 'kodomo-mirai', name: 'こども未来課' }] },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.departments).toEqual([
      { code: 'fukushi', name: '福祉課' },
      { code: 'kodomo-mirai', name: 'こども未来課' },
    ]);
    const after = await api.call(hq, 'GET', '/api/fiscal-years/2028/overview');
    const fukushi = after.body.missing.find((m: { department: string }) => m.department === 'fukushi');
    expect(fukushi.actionItems).toEqual(expect.arrayContaining(['1-1', '1-2', '1-3']));
    expect(fukushi.kpis).toContain('1-K1');
    expect((await api.call(dept('kodomo-mirai'), 'PUT', '/api/fiscal-years/2028/action-reports/1-1', { body: validActionReport })).status).toBe(201);
    const me = await api.call(dept('fukushi'), 'GET', '/api/me');
    expect(me.body.measures).toContain(1);

    const notRelated = await api.call(hq, 'PUT', '/api/measures/12/departments', { body: { departments: [{ code: 'fukushi' }] } });
    expect(notRelated.status).toBe(409);
  });

  it('sends a 施策11 reference row to the action item it points to', async () => {
    const response = await api.call(hq, 'GET', '/api/fiscal-years/2026/action-reports/11-2');
    expect(response.status).toBe(404);
    expect(response.body.detail).toContain('5-1');
  });

  it('serves a generated OpenAPI 3.1 document for every route', async () => {
    const document = await api.call(null, 'GET', '/api/openapi.json');
    expect(document.body.openapi).toBe('3.1.0');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/plan',
        '/api/me',
        '/api/fiscal-years/{fy}/action-reports/{id}',
        '/api/fiscal-years/{fy}/kpi-actuals/{id}',
        '/api/fiscal-years/{fy}/action-reports/{id}/submit',
        '/api/fiscal-years/{fy}/overview',
        '/api/measures/{n}/departments',
      ]),
    );
    const put = document.body.paths['/api/fiscal-years/{fy}/action-reports/{id}'].put;
    expect(put.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['status', 'rating', 'achievements']));
  });

  it('signs in locally with a token that carries Cognito’s claims', async () => {
    const token = await api.call(null, 'POST', '/api/dev/token', { body: { sub: 'suzuki', role: 'department', department: 'zeimu' } });
    expect(token.status).toBe(200);
    const me = await api.app.request('/api/me', { headers: { Authorization: `Bearer ${token.body.token}` } });
    expect(await me.json()).toMatchObject({ sub: 'suzuki', name: '税務課', role: 'department', departments: [{ code: 'zeimu', name: '税務課' }], measures: [21] });
    const unknown = await api.call(null, 'POST', '/api/dev/token', { body: { sub: 'x', role: 'department', department: 'nowhere' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'department', message: '課コード「nowhere」は登録されていません' }]);
  });

  it('answers health without a token', async () => {
    expect((await api.call(null, 'GET', '/api/health')).body).toEqual({ status: 'ok' });
  });
});
