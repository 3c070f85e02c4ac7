import { beforeAll, describe, expect, it } from 'vitest';
import { xlsxOf } from '../fixtures/workbook.ts';
import { PROGRESS_COLUMNS } from '../../functions/domain/progress-reports/progress-sheet.ts';
import { dept, head, hq, startApi, validActionReport, validKpiActual, viewer } from './harness.ts';
import type { Caller } from './harness.ts';

/**
 * Every route × every kind of caller, with the status each cell must answer: the whole rule at once.
 * 施策12 belongs to 庶務課 (shomu): its staff and its 所属長 (head); 税務課 (zeimu) is "another department".
 * 課内確認 is on (the default). Each cell of a route that writes runs on its own fresh table, so one
 * cell's success cannot change another's answer; the cells of a GET share one arranged table.
 */
const ROLES = {
  anonymous: null,
  viewer,
  otherDepartment: dept('zeimu'),
  ownDepartment: dept('shomu'),
  ownHead: head('shomu'),
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
const step = (api: Api, caller: Caller, path: string, action: string, version: number, body?: unknown) =>
  api.call(caller, 'POST', `${path}/${action}`, { headers: { 'If-Match': `"${version}"` }, body });
/** Version 1: a draft saved by 庶務課's staff. */
async function draft(api: Api, path = action, body: unknown = validActionReport) {
  await api.call(dept('shomu'), 'PUT', path, { body });
}
/** Version 2: staff submitted it, waiting for the 所属長 (課内確認待ち). */
async function pending(api: Api, path = action, body: unknown = validActionReport) {
  await draft(api, path, body);
  await step(api, dept('shomu'), path, 'submit', 1);
}
/** Version 3: the 所属長 confirmed it to HQ (提出済). */
async function submitted(api: Api, path = action, body: unknown = validActionReport) {
  await pending(api, path, body);
  await step(api, head('shomu'), path, 'confirm', 2);
}
/** Version 4: HQ approved it. */
async function approved(api: Api, path = action, body: unknown = validActionReport) {
  await submitted(api, path, body);
  await step(api, hq, path, 'approve', 3);
}
const all = (status: number): Record<RoleName, number> =>
  ({ anonymous: status, viewer: status, otherDepartment: status, ownDepartment: status, ownHead: status, hq: status });
const signedIn = (status: number) => ({ ...all(status), anonymous: 401 });
/** Only those responsible for 施策12 (and HQ) know the report is there; the council sees approved ones only. */
const owners = (own: number, head: number, hqStatus: number, viewerStatus = 404) =>
  ({ anonymous: 401, viewer: viewerStatus, otherDepartment: 404, ownDepartment: own, ownHead: head, hq: hqStatus });
const hqOnly = { ...signedIn(403), hq: 200 };
const put = (path: string, version?: number, body: unknown = validActionReport) => (api: Api, c: Caller | null) =>
  api.call(c, 'PUT', path, { body, headers: version === undefined ? {} : { 'If-Match': `"${version}"` } });
const post = (path: string, verb: string, version: number, body?: unknown) => (api: Api, c: Caller | null) =>
  api.call(c, 'POST', `${path}/${verb}`, { headers: { 'If-Match': `"${version}"` }, body });
const get = (path: string) => (api: Api, c: Caller | null) => api.call(c, 'GET', path);

const CASES: RouteCase[] = [
  { route: 'GET /api/health', act: get('/api/health'), expected: all(200) },
  { route: 'GET /api/health/live', act: get('/api/health/live'), expected: all(200) },
  { route: 'GET /api/openapi.json', act: get('/api/openapi.json'), expected: all(200) },
  { route: 'GET /api/plan', act: get('/api/plan'), expected: signedIn(200) },
  { route: 'GET /api/me', act: get('/api/me'), expected: signedIn(200) },

  { route: 'GET action report (課内確認待ち)', arrange: pending, act: get(action), expected: owners(200, 200, 200) },
  { route: 'GET action report (提出済)', arrange: submitted, act: get(action), expected: owners(200, 200, 200) },
  { route: 'GET action report (承認済)', arrange: approved, act: get(action), expected: owners(200, 200, 200, 200) },
  { route: 'PUT action report (new)', act: put(action), expected: owners(201, 201, 201) },
  { route: 'PUT action report (下書き)', arrange: draft, act: put(action, 1), expected: owners(200, 200, 200) },
  { route: 'PUT action report (課内確認待ち: the head may edit)', arrange: pending, act: put(action, 2), expected: owners(409, 200, 409) },
  { route: 'PUT action report (承認済)', arrange: approved, act: put(action, 4), expected: owners(409, 409, 409, 403) },
  { route: 'POST submit (下書き)', arrange: draft, act: post(action, 'submit', 1), expected: owners(200, 200, 200) },
  { route: 'POST confirm (課内確認待ち)', arrange: pending, act: post(action, 'confirm', 2), expected: owners(403, 200, 403) },
  { route: 'POST withdraw (課内確認待ち, by the submitter or head)', arrange: pending, act: post(action, 'withdraw', 2), expected: owners(200, 200, 403) },
  { route: 'POST withdraw (提出済)', arrange: submitted, act: post(action, 'withdraw', 3), expected: owners(200, 200, 403) },
  { route: 'POST withdraw (承認済)', arrange: approved, act: post(action, 'withdraw', 4), expected: owners(409, 409, 409, 403) },
  {
    route: 'POST return (課内確認待ち: the head’s)',
    arrange: pending,
    act: post(action, 'return', 2, { comment: '再確認してください' }),
    expected: owners(403, 200, 409),
  },
  {
    route: 'POST return (提出済: HQ’s)',
    arrange: submitted,
    act: post(action, 'return', 3, { comment: '再確認してください' }),
    expected: owners(403, 409, 200),
  },
  { route: 'POST approve (課内確認待ち)', arrange: pending, act: post(action, 'approve', 2), expected: owners(403, 403, 409) },
  { route: 'POST approve (提出済)', arrange: submitted, act: post(action, 'approve', 3), expected: owners(403, 403, 200) },
  { route: 'POST reopen (承認済)', arrange: approved, act: post(action, 'reopen', 4), expected: owners(403, 403, 200, 403) },
  { route: 'GET revisions (承認済)', arrange: approved, act: get(`${action}/revisions`), expected: owners(200, 200, 200, 403) },

  { route: 'GET KPI actual (提出済)', arrange: (api) => submitted(api, kpi, validKpiActual), act: get(kpi), expected: owners(200, 200, 200) },
  { route: 'PUT KPI actual (new)', act: put(kpi, undefined, validKpiActual), expected: owners(201, 201, 201) },
  { route: 'GET KPI revisions (提出済)', arrange: (api) => submitted(api, kpi, validKpiActual), act: get(`${kpi}/revisions`), expected: owners(200, 200, 200) },
  { route: 'POST KPI confirm (課内確認待ち)', arrange: (api) => pending(api, kpi, validKpiActual), act: post(kpi, 'confirm', 2), expected: owners(403, 200, 403) },
  { route: 'POST KPI approve (提出済)', arrange: (api) => submitted(api, kpi, validKpiActual), act: post(kpi, 'approve', 3), expected: owners(403, 403, 200) },

  { route: 'GET list of reports', act: get(`/api/fiscal-years/${fy}/reports`), expected: signedIn(200) },
  { route: 'GET overview', act: get(`/api/fiscal-years/${fy}/overview`), expected: { ...signedIn(403), viewer: 200, hq: 200 } },
  {
    route: 'PUT departments of a 関係各課 measure',
    act: (api, c) => api.call(c, 'PUT', '/api/measures/1/departments', { body: { departments: [{ code: 'shomu' }] } }),
    expected: hqOnly,
  },
  { route: 'GET departments of a 関係各課 measure', act: get('/api/measures/1/departments'), expected: signedIn(200) },
  {
    route: 'GET assignment history of 施策12',
    act: get('/api/measures/12/departments/revisions'),
    expected: { ...signedIn(200), viewer: 403, otherDepartment: 403 },
  },
  { route: 'GET export.xlsx', act: get(`/api/fiscal-years/${fy}/export.xlsx`), expected: signedIn(200) },
  { route: 'GET export.csv', act: get(`/api/fiscal-years/${fy}/export.csv`), expected: signedIn(200) },
  {
    route: 'POST import (a sheet changing 施策12)',
    act: (api, c) =>
      api.call(c, 'POST', `/api/fiscal-years/${fy}/import`, {
        raw: xlsxOf([PROGRESS_COLUMNS.map((col) => col.header), importRow]),
        headers: { 'Content-Type': XLSX },
      }),
    expected: { ...signedIn(200), viewer: 403, otherDepartment: 400 },
  },
  { route: 'GET digest preview', act: get(`/api/fiscal-years/${fy}/digest/preview`), expected: hqOnly },
  { route: 'POST digest (send now)', act: (api, c) => api.call(c, 'POST', `/api/fiscal-years/${fy}/digest`), expected: hqOnly },
  { route: 'GET past digests', act: get(`/api/fiscal-years/${fy}/digests`), expected: hqOnly },
];

const cells = CASES.flatMap((c) => (Object.keys(ROLES) as RoleName[]).map((role) => ({ ...c, role, status: c.expected[role] })));

describe('authorization matrix', () => {
  const apis: Api[] = [];
  beforeAll(async () => {
    // Arranged tables, created up front and in parallel: one per writing cell, one per reading route.
    const arranged = (cell: (typeof cells)[number]) =>
      startApi().then(async (api) => {
        await cell.arrange?.(api);
        return api;
      });
    const perRoute = new Map<string, Promise<Api>>();
    const created = await Promise.all(
      cells.map((cell) => {
        if (!cell.route.startsWith('GET ')) return arranged(cell);
        if (!perRoute.has(cell.route)) perRoute.set(cell.route, arranged(cell));
        return perRoute.get(cell.route)!;
      }),
    );
    apis.push(...created);
  }, 300_000);

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
    expect(csvAsOther.text).not.toContain('12-1');
    expect(csvAsOther.text).toContain('21-1');
    const csvAsViewer = await api.call(viewer, 'GET', `/api/fiscal-years/${fy}/export.csv`);
    expect(csvAsViewer.text.trim().split('\r\n')).toHaveLength(1);
  });
});
