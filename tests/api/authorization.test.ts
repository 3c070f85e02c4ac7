import { beforeAll, describe, expect, it } from 'vitest';
import { xlsxOf } from '../fixtures/workbook.ts';
import { PROGRESS_COLUMNS } from '../../functions/domain/reports/progress-sheet.ts';
import { dept, hq, startApi, validActionReport, validKpiActual, viewer } from './harness.ts';
import type { Caller } from './harness.ts';

/**
 * Every role × own/other department × every route, with the status each cell must answer.
 * 施策12 belongs to 庶務課 (shomu); 税務課 (zeimu) is "another department". Each cell runs on its own
 * fresh table, so one cell's success cannot change another's answer.
 */
const ROLES = {
  anonymous: null,
  viewer,
  otherDepartment: dept('zeimu'),
  ownDepartment: dept('shomu'),
  hq,
} satisfies Record<string, Caller | null>;
type RoleName = keyof typeof ROLES;

type Api = Awaited<ReturnType<typeof startApi>>;
interface RouteCase {
  route: string;
  /** Puts the reports in the state the route needs; returns nothing. */
  arrange?: (api: Api) => Promise<void>;
  act: (api: Api, caller: Caller | null) => Promise<{ status: number }>;
  expected: Record<RoleName, number>;
}

const fy = 2026;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A filled-in row for 12-2 (庶務課's), as the exported sheet lays it out. */
const importRow = PROGRESS_COLUMNS.map((column) =>
  ({ kind: '取組項目', id: '12-2', status: '実施中', rating: 'B 計画どおり', achievements: '配置を見直した。' })[column.key as string] ?? null,
);
const action = `/api/fiscal-years/${fy}/action-reports/12-1`;
const kpi = `/api/fiscal-years/${fy}/kpi-actuals/38-K1`;
const saveAs = (api: Api, path: string, body: unknown) => api.call(dept('shomu'), 'PUT', path, { body });
const step = (api: Api, caller: Caller, path: string, action: string, version: number, body?: unknown) =>
  api.call(caller, 'POST', `${path}/${action}`, { headers: { 'If-Match': `"${version}"` }, body });
async function submitted(api: Api, path = action, body: unknown = validActionReport) {
  await saveAs(api, path, body);
  await step(api, dept('shomu'), path, 'submit', 1);
}
async function approved(api: Api, path = action, body: unknown = validActionReport) {
  await submitted(api, path, body);
  await step(api, hq, path, 'approve', 2);
}

const CASES: RouteCase[] = [
  { route: 'GET /api/health', act: (api, c) => api.call(c, 'GET', '/api/health'), expected: { anonymous: 200, viewer: 200, otherDepartment: 200, ownDepartment: 200, hq: 200 } },
  { route: 'GET /api/plan', act: (api, c) => api.call(c, 'GET', '/api/plan'), expected: { anonymous: 401, viewer: 200, otherDepartment: 200, ownDepartment: 200, hq: 200 } },
  { route: 'GET /api/me', act: (api, c) => api.call(c, 'GET', '/api/me'), expected: { anonymous: 401, viewer: 200, otherDepartment: 200, ownDepartment: 200, hq: 200 } },
  {
    route: 'GET action report (submitted)',
    arrange: (api) => submitted(api),
    act: (api, c) => api.call(c, 'GET', action),
    expected: { anonymous: 401, viewer: 404, otherDepartment: 404, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'GET action report (approved)',
    arrange: (api) => approved(api),
    act: (api, c) => api.call(c, 'GET', action),
    expected: { anonymous: 401, viewer: 200, otherDepartment: 404, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'PUT action report (new)',
    act: (api, c) => api.call(c, 'PUT', action, { body: validActionReport }),
    expected: { anonymous: 401, viewer: 404, otherDepartment: 404, ownDepartment: 201, hq: 201 },
  },
  {
    route: 'PUT action report (draft, with If-Match)',
    arrange: (api) => saveAs(api, action, validActionReport).then(() => undefined),
    act: (api, c) => api.call(c, 'PUT', action, { body: validActionReport, headers: { 'If-Match': '"1"' } }),
    expected: { anonymous: 401, viewer: 404, otherDepartment: 404, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'PUT action report (approved)',
    arrange: (api) => approved(api),
    act: (api, c) => api.call(c, 'PUT', action, { body: validActionReport, headers: { 'If-Match': '"3"' } }),
    expected: { anonymous: 401, viewer: 403, otherDepartment: 404, ownDepartment: 409, hq: 409 },
  },
  {
    route: 'POST submit',
    arrange: (api) => saveAs(api, action, validActionReport).then(() => undefined),
    act: (api, c) => api.call(c, 'POST', `${action}/submit`, { headers: { 'If-Match': '"1"' } }),
    expected: { anonymous: 401, viewer: 404, otherDepartment: 404, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'POST return',
    arrange: (api) => submitted(api),
    act: (api, c) => api.call(c, 'POST', `${action}/return`, { body: { comment: '再確認してください' }, headers: { 'If-Match': '"2"' } }),
    expected: { anonymous: 401, viewer: 404, otherDepartment: 404, ownDepartment: 403, hq: 200 },
  },
  {
    route: 'POST approve',
    arrange: (api) => submitted(api),
    act: (api, c) => api.call(c, 'POST', `${action}/approve`, { headers: { 'If-Match': '"2"' } }),
    expected: { anonymous: 401, viewer: 404, otherDepartment: 404, ownDepartment: 403, hq: 200 },
  },
  {
    route: 'POST reopen',
    arrange: (api) => approved(api),
    act: (api, c) => api.call(c, 'POST', `${action}/reopen`, { headers: { 'If-Match': '"3"' } }),
    expected: { anonymous: 401, viewer: 403, otherDepartment: 404, ownDepartment: 403, hq: 200 },
  },
  {
    route: 'GET revisions',
    arrange: (api) => approved(api),
    act: (api, c) => api.call(c, 'GET', `${action}/revisions`),
    expected: { anonymous: 401, viewer: 403, otherDepartment: 404, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'GET KPI actual (submitted)',
    arrange: (api) => submitted(api, kpi, validKpiActual),
    act: (api, c) => api.call(c, 'GET', kpi),
    expected: { anonymous: 401, viewer: 404, otherDepartment: 404, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'PUT KPI actual (new)',
    act: (api, c) => api.call(c, 'PUT', kpi, { body: validKpiActual }),
    expected: { anonymous: 401, viewer: 404, otherDepartment: 404, ownDepartment: 201, hq: 201 },
  },
  {
    route: 'GET list of reports',
    act: (api, c) => api.call(c, 'GET', `/api/fiscal-years/${fy}/reports`),
    expected: { anonymous: 401, viewer: 200, otherDepartment: 200, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'GET overview',
    act: (api, c) => api.call(c, 'GET', `/api/fiscal-years/${fy}/overview`),
    expected: { anonymous: 401, viewer: 200, otherDepartment: 403, ownDepartment: 403, hq: 200 },
  },
  {
    route: 'PUT departments of a 関係各課 measure',
    act: (api, c) => api.call(c, 'PUT', '/api/measures/1/departments', { body: { departments: [{ code: 'shomu' }] } }),
    expected: { anonymous: 401, viewer: 403, otherDepartment: 403, ownDepartment: 403, hq: 200 },
  },
  {
    route: 'GET departments of a 関係各課 measure',
    act: (api, c) => api.call(c, 'GET', '/api/measures/1/departments'),
    expected: { anonymous: 401, viewer: 200, otherDepartment: 200, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'GET export.xlsx',
    act: (api, c) => api.call(c, 'GET', `/api/fiscal-years/${fy}/export.xlsx`),
    expected: { anonymous: 401, viewer: 200, otherDepartment: 200, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'POST import (a sheet changing 施策12)',
    act: (api, c) =>
      api.call(c, 'POST', `/api/fiscal-years/${fy}/import`, {
        raw: xlsxOf([PROGRESS_COLUMNS.map((col) => col.header), importRow]),
        headers: { 'Content-Type': XLSX },
      }),
    expected: { anonymous: 401, viewer: 403, otherDepartment: 400, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'GET KPI revisions',
    arrange: (api) => submitted(api, kpi, validKpiActual),
    act: (api, c) => api.call(c, 'GET', `${kpi}/revisions`),
    expected: { anonymous: 401, viewer: 404, otherDepartment: 404, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'POST KPI approve',
    arrange: (api) => submitted(api, kpi, validKpiActual),
    act: (api, c) => api.call(c, 'POST', `${kpi}/approve`, { headers: { 'If-Match': '"2"' } }),
    expected: { anonymous: 401, viewer: 404, otherDepartment: 404, ownDepartment: 403, hq: 200 },
  },
  {
    route: 'GET digest preview',
    act: (api, c) => api.call(c, 'GET', `/api/fiscal-years/${fy}/digest/preview`),
    expected: { anonymous: 401, viewer: 403, otherDepartment: 403, ownDepartment: 403, hq: 200 },
  },
  {
    route: 'POST digest (send now)',
    act: (api, c) => api.call(c, 'POST', `/api/fiscal-years/${fy}/digest`),
    expected: { anonymous: 401, viewer: 403, otherDepartment: 403, ownDepartment: 403, hq: 200 },
  },
  {
    route: 'GET past digests',
    act: (api, c) => api.call(c, 'GET', `/api/fiscal-years/${fy}/digests`),
    expected: { anonymous: 401, viewer: 403, otherDepartment: 403, ownDepartment: 403, hq: 200 },
  },
  {
    route: 'GET openapi.json',
    act: (api, c) => api.call(c, 'GET', '/api/openapi.json'),
    expected: { anonymous: 200, viewer: 200, otherDepartment: 200, ownDepartment: 200, hq: 200 },
  },
  {
    route: 'GET export.csv',
    act: (api, c) => api.call(c, 'GET', `/api/fiscal-years/${fy}/export.csv`),
    expected: { anonymous: 401, viewer: 200, otherDepartment: 200, ownDepartment: 200, hq: 200 },
  },
];

const cells = CASES.flatMap((c) => (Object.keys(ROLES) as RoleName[]).map((role) => ({ ...c, role, status: c.expected[role] })));

describe('authorization matrix', () => {
  const apis: Api[] = [];
  beforeAll(async () => {
    // One fresh, arranged table per cell, created up front and in parallel.
    const created = await Promise.all(
      cells.map(async (cell) => {
        const api = await startApi();
        await cell.arrange?.(api);
        return api;
      }),
    );
    apis.push(...created);
  }, 120_000);

  it.each(cells.map((cell, index) => [cell.route, cell.role, cell.status, index] as const))(
    '%s as %s → %i',
    async (_route, role, status, index) => {
      const response = await cells[index]!.act(apis[index]!, ROLES[role]);
      expect(response.status).toBe(status);
    },
  );

  it('hides other departments’ reports from lists and exports', async () => {
    const api = await startApi();
    await submitted(api);
    const asOther = await api.call(dept('zeimu'), 'GET', `/api/fiscal-years/${fy}/reports`);
    expect(asOther.body.reports).toEqual([]);
    const asOwner = await api.call(dept('shomu'), 'GET', `/api/fiscal-years/${fy}/reports`);
    expect(asOwner.body.reports.map((r: { id: string }) => r.id)).toEqual(['12-1']);
    const csvAsOther = await api.call(dept('zeimu'), 'GET', `/api/fiscal-years/${fy}/export.csv`);
    expect(csvAsOther.body).not.toContain('12-1');
    expect(csvAsOther.body).toContain('21-1');
    const csvAsViewer = await api.call(viewer, 'GET', `/api/fiscal-years/${fy}/export.csv`);
    expect(csvAsViewer.body.trim().split('\r\n')).toHaveLength(1);
  });
});
