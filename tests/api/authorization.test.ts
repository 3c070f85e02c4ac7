import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono/tiny';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxOf } from '../fixtures/workbook.ts';
import { registerApiRoutes } from '../../functions/api/routes/index.ts';
import { PERMISSION_TABLE, decide } from '../../functions/domain/permissions/table.ts';
import type { Condition, Role, State, Subject } from '../../functions/domain/permissions/table.ts';
import { PROGRESS_COLUMNS } from '../../functions/domain/progress-reports/progress-sheet.ts';
import { Routes } from '../../functions/http/route.ts';
import type { AppEnv } from '../../functions/http/deps.ts';
import { localUploads } from '../../functions/api/local-server.ts';
import { LocalAttachmentFiles } from '../../functions/http/files.ts';
import { LocalPublicationFiles } from '../../functions/publication/files.ts';
import { registerExportRoutes } from '../../functions/sheets/export-routes.ts';
import { registerImportRoutes } from '../../functions/sheets/import-routes.ts';
import { registerReportDocumentRoutes } from '../../functions/sheets/report-docx-routes.ts';
import { dept, head, hq, startApi, validActionReport, validKpiActual, viewer } from './harness.ts';
import { seedPlanInput } from '../../seeds/plans.ts';
import type { Caller } from './harness.ts';

/**
 * Every route × every kind of caller, each cell's expected status read from the permission table
 * (functions/domain/permissions/table.ts), so the API answers what the table says, and every route of the
 * app (its route list, as the OpenAPI document is made from) has a case naming the table's action it is
 * decided by: a route added without a rule fails here.
 *
 * 施策12 belongs to 庶務課 (shomu): its staff (who writes and submits the report) and its 所属長; 税務課 (zeimu)
 * is "another department". 課内確認 is on (the default). Each cell where a write is allowed runs on its own
 * fresh table, so one cell's success cannot change another's answer; reads and refusals share their case's.
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

/** The table's roles each caller holds: for 施策12's things (`perMeasure`), and anywhere. */
const HELD: Record<Exclude<RoleName, 'anonymous'>, { here: Role[]; anywhere: Role[] }> = {
  viewer: { here: ['viewer'], anywhere: ['viewer'] },
  otherDepartment: { here: [], anywhere: ['department'] },
  ownDepartment: { here: ['department'], anywhere: ['department'] },
  ownHead: { here: ['department_head'], anywhere: ['department_head'] },
  hq: { here: ['hq'], anywhere: ['hq'] },
};
/** Who the arranged reports make each caller: 庶務課's staff submit them, so their 所属長 is the submitter's. */
const REPORT_CONDITIONS: Partial<Record<RoleName, Condition[]>> = {
  ownDepartment: ['submitter'],
  ownHead: ['headOfSubmitter'],
};

type Api = Awaited<ReturnType<typeof startApi>>;
/** What an arrangement made that the request needs (an opinion's id). */
type Made = { opinion?: string; attachment?: string };

interface RouteCase {
  /** "METHOD /path" as the route list has it. */
  route: string;
  /** What the case arranges, for the test's name. */
  when?: string;
  /** The table's row the route is decided by; absent for a public route. */
  rule?: {
    subject: Subject;
    action: string;
    /** The state the arrangement leaves the thing in. */
    state?: State;
    /** A thing of 施策12: department roles count only for its departments, and a report they may not read is 404. */
    perMeasure?: boolean;
    /** For a report route: the state its visibility is decided on (default `state`, or draft before the first save). */
    visibleAs?: State;
  };
  /** The status of an allowed request (200 unless a create). */
  success?: number;
  /** The council member (viewer) wrote the arranged opinion: the table's author condition holds for them. */
  viewerIsAuthor?: boolean;
  /** Cells the table alone does not decide, each with why. */
  except?: Partial<Record<RoleName, number>>;
  arrange?: (api: Api) => Promise<Made>;
  act: (api: Api, caller: Caller | null, made: Made) => Promise<{ status: number }>;
}

const fy = 2026;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A filled-in row for 12-2 (庶務課's), as the exported sheet lays it out. */
const importRow = PROGRESS_COLUMNS.map(
  (column) => ({ kind: '取組項目', id: '12-2', status: '実施中', rating: 'B 計画どおり', achievements: '配置を見直した。' })[column.key as string] ?? null,
);
const action = `/api/fiscal-years/${fy}/action-reports/12-1`;
const kpi = `/api/fiscal-years/${fy}/kpi-actuals/38-K1`;
const opinions = `/api/fiscal-years/${fy}/opinions`;
const publication = `/api/fiscal-years/${fy}/publication`;
const step = (api: Api, caller: Caller, path: string, verb: string, version: number, body?: unknown) =>
  api.call(caller, 'POST', `${path}/${verb}`, { headers: { 'If-Match': `"${version}"` }, body });

/** Version 1: a draft saved by 庶務課's staff. */
const draft =
  (path = action, body: unknown = validActionReport) =>
  async (api: Api) => {
    await api.call(dept('shomu'), 'PUT', path, { body });
    return {};
  };
/** Version 2: staff submitted it, waiting for the 所属長 (課内確認待ち). */
const pending =
  (path = action, body: unknown = validActionReport) =>
  async (api: Api) => {
    await draft(path, body)(api);
    await step(api, dept('shomu'), path, 'submit', 1);
    return {};
  };
/** Version 3: the 所属長 confirmed it to HQ (提出済). */
const submitted =
  (path = action, body: unknown = validActionReport) =>
  async (api: Api) => {
    await pending(path, body)(api);
    await step(api, head('shomu'), path, 'confirm', 2);
    return {};
  };
/** Version 4: HQ approved it. */
const approved =
  (path = action, body: unknown = validActionReport) =>
  async (api: Api) => {
    await submitted(path, body)(api);
    await step(api, hq, path, 'approve', 3);
    return {};
  };
const opinionBody = { measure: null, speaker: '委員A', date: '2027-05-20', text: '進捗の見える化を進めてほしい。' };
/** An opinion recorded by `by` (HQ's is approved at once, the council member's waits for HQ). */
const opinionBy = (by: Caller) => async (api: Api) => ({ opinion: (await api.call(by, 'POST', opinions, { body: opinionBody })).body.id as string });
const published = async (api: Api) => {
  await api.call(hq, 'POST', publication);
  return {};
};

const put =
  (path: string, version?: number, body: unknown = validActionReport) =>
  (api: Api, c: Caller | null) =>
    api.call(c, 'PUT', path, { body, headers: version === undefined ? {} : { 'If-Match': `"${version}"` } });
const post = (path: string, verb: string, version: number, body?: unknown) => (api: Api, c: Caller | null) =>
  api.call(c, 'POST', `${path}/${verb}`, { headers: { 'If-Match': `"${version}"` }, body });
const get = (path: string) => (api: Api, c: Caller | null) => api.call(c, 'GET', path);
const report = (subject: 'report', actionName: string, state: State, visibleAs?: State) => ({
  subject,
  action: actionName,
  state,
  perMeasure: true,
  ...(visibleAs ? { visibleAs } : {}),
});
const comment = { comment: '再確認してください' };

/** 根拠資料: a small PDF announced on the report at `path` by 庶務課's staff and uploaded; completed unless `complete` is false. */
const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n') as Uint8Array<ArrayBuffer>;
const filesOf = (path: string) => `${path}/attachments`;
async function attachTo(api: Api, path: string, complete = true): Promise<Made> {
  const announced = await api.call(dept('shomu'), 'POST', filesOf(path), { body: { name: '根拠資料.pdf', type: 'application/pdf', size: pdf.length } });
  const { id, uploadUrl } = announced.body as { id: string; uploadUrl: string };
  await api.call(null, 'PUT', uploadUrl, { raw: pdf, headers: { 'Content-Type': 'application/pdf' } });
  if (complete) await api.call(dept('shomu'), 'POST', `${filesOf(path)}/${id}/complete`);
  return { attachment: id };
}
/** A draft with a file attached (adding a file leaves the report's version as it was). */
const draftWithFile =
  (path: string, body: unknown, complete = true) =>
  async (api: Api) => {
    await draft(path, body)(api);
    return attachTo(api, path, complete);
  };
/** The same, then submitted, confirmed and approved (versions 2 to 4): files stay once approved. */
const approvedWithFile = (path: string, body: unknown) => async (api: Api) => {
  const made = await draftWithFile(path, body)(api);
  await step(api, dept('shomu'), path, 'submit', 1);
  await step(api, head('shomu'), path, 'confirm', 2);
  await step(api, hq, path, 'approve', 3);
  return made;
};
/** The five 根拠資料 routes of one kind of report. */
const attachmentCases = (segment: string, path: string, body: unknown): RouteCase[] => {
  const base = `/fiscal-years/:fy/${segment}/:id/attachments`;
  return [
    { route: `GET ${base}`, when: '承認済', arrange: approvedWithFile(path, body), rule: report('report', 'read', 'approved'), act: get(filesOf(path)) },
    {
      route: `POST ${base}`,
      when: '下書き',
      arrange: draft(path, body),
      rule: report('report', 'save', 'draft'),
      success: 201,
      act: (api, c) => api.call(c, 'POST', filesOf(path), { body: { name: '根拠資料.pdf', type: 'application/pdf', size: pdf.length } }),
    },
    {
      route: `POST ${base}/:attId/complete`,
      when: '下書き、送信済み',
      arrange: draftWithFile(path, body, false),
      rule: report('report', 'save', 'draft'),
      act: (api, c, made) => api.call(c, 'POST', `${filesOf(path)}/${made.attachment}/complete`),
    },
    {
      route: `GET ${base}/:attId`,
      when: '承認済',
      arrange: approvedWithFile(path, body),
      rule: report('report', 'read', 'approved'),
      act: (api, c, made) => api.call(c, 'GET', `${filesOf(path)}/${made.attachment}`),
    },
    {
      route: `DELETE ${base}/:attId`,
      when: '下書き',
      arrange: draftWithFile(path, body),
      rule: report('report', 'save', 'draft'),
      act: (api, c, made) => api.call(c, 'DELETE', `${filesOf(path)}/${made.attachment}`),
    },
  ];
};

const CASES: RouteCase[] = [
  { route: 'GET /health', act: get('/api/health') },
  { route: 'GET /health/live', act: get('/api/health/live') },
  { route: 'GET /me', rule: { subject: 'session', action: 'read' }, act: get('/api/me') },
  { route: 'GET /me/notice-settings', rule: { subject: 'notice', action: 'settings' }, act: get('/api/me/notice-settings') },
  {
    route: 'PUT /me/notice-settings',
    rule: { subject: 'notice', action: 'settings' },
    act: (api, c) => api.call(c, 'PUT', '/api/me/notice-settings', { body: { kinds: [{ kind: 'approved', on: false }] }, headers: { 'If-Match': '"0"' } }),
  },
  { route: 'GET /fiscal-years/:fy/notices', rule: { subject: 'notice', action: 'list' }, act: get(`/api/fiscal-years/${fy}/notices`) },
  { route: 'GET /plan', rule: { subject: 'plan', action: 'read' }, act: get('/api/plan') },
  { route: 'GET /plans', rule: { subject: 'plan', action: 'read' }, act: get('/api/plans') },
  { route: 'GET /plans/:id', rule: { subject: 'plan', action: 'read' }, act: get('/api/plans/higashine-8') },
  { route: 'GET /plans/:id/versions', rule: { subject: 'plan', action: 'read' }, act: get('/api/plans/higashine-8/versions') },
  {
    route: 'POST /plans/:id/revisions/preview',
    rule: { subject: 'plan', action: 'revise' },
    act: (api, c) => api.call(c, 'POST', '/api/plans/higashine-8/revisions/preview', { body: { plan: seedPlanInput() } }),
  },
  {
    route: 'POST /plans/:id/revisions',
    rule: { subject: 'plan', action: 'revise' },
    act: (api, c) =>
      api.call(c, 'POST', '/api/plans/higashine-8/revisions', { body: { plan: seedPlanInput(), effectiveFrom: 2028 }, headers: { 'If-Match': '"1"' } }),
  },
  {
    route: 'PUT /plans/:id/status',
    rule: { subject: 'plan', action: 'status' },
    act: (api, c) => api.call(c, 'PUT', '/api/plans/higashine-8/status', { body: { status: 'upcoming' }, headers: { 'If-Match': '"1"' } }),
  },
  // The local sign-in screen (on in these tests, never deployed) lists the departments before anyone signs in.
  { route: 'GET /departments', rule: { subject: 'plan', action: 'read' }, except: { anonymous: 200 }, act: get('/api/departments') },

  {
    route: 'GET /fiscal-years/:fy/action-reports/:id',
    when: '課内確認待ち',
    arrange: pending(),
    rule: report('report', 'read', 'pending_head'),
    act: get(action),
  },
  { route: 'GET /fiscal-years/:fy/action-reports/:id', when: '承認済', arrange: approved(), rule: report('report', 'read', 'approved'), act: get(action) },
  { route: 'PUT /fiscal-years/:fy/action-reports/:id', when: 'new', rule: report('report', 'save', 'missing', 'draft'), success: 201, act: put(action) },
  { route: 'PUT /fiscal-years/:fy/action-reports/:id', when: '下書き', arrange: draft(), rule: report('report', 'save', 'draft'), act: put(action, 1) },
  {
    route: 'PUT /fiscal-years/:fy/action-reports/:id',
    when: '課内確認待ち',
    arrange: pending(),
    rule: report('report', 'save', 'pending_head'),
    act: put(action, 2),
  },
  { route: 'PUT /fiscal-years/:fy/action-reports/:id', when: '承認済', arrange: approved(), rule: report('report', 'save', 'approved'), act: put(action, 4) },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/submit',
    when: '下書き',
    arrange: draft(),
    rule: report('report', 'submit', 'draft'),
    act: post(action, 'submit', 1),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/confirm',
    when: '課内確認待ち',
    arrange: pending(),
    rule: report('report', 'confirm', 'pending_head'),
    act: post(action, 'confirm', 2),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/withdraw',
    when: '課内確認待ち',
    arrange: pending(),
    rule: report('report', 'withdraw', 'pending_head'),
    act: post(action, 'withdraw', 2),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/withdraw',
    when: '提出済',
    arrange: submitted(),
    rule: report('report', 'withdraw', 'submitted'),
    act: post(action, 'withdraw', 3),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/withdraw',
    when: '承認済',
    arrange: approved(),
    rule: report('report', 'withdraw', 'approved'),
    act: post(action, 'withdraw', 4),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/return',
    when: '課内確認待ち',
    arrange: pending(),
    rule: report('report', 'return', 'pending_head'),
    act: post(action, 'return', 2, comment),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/return',
    when: '提出済',
    arrange: submitted(),
    rule: report('report', 'return', 'submitted'),
    act: post(action, 'return', 3, comment),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/approve',
    when: '課内確認待ち',
    arrange: pending(),
    rule: report('report', 'approve', 'pending_head'),
    act: post(action, 'approve', 2),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/approve',
    when: '提出済',
    arrange: submitted(),
    rule: report('report', 'approve', 'submitted'),
    act: post(action, 'approve', 3),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/reopen',
    when: '承認済',
    arrange: approved(),
    rule: report('report', 'reopen', 'approved'),
    act: post(action, 'reopen', 4),
  },
  {
    route: 'GET /fiscal-years/:fy/action-reports/:id/revisions',
    when: '承認済',
    arrange: approved(),
    rule: report('report', 'history', 'approved'),
    act: get(`${action}/revisions`),
  },
  {
    route: 'GET /fiscal-years/:fy/action-reports/:id/parts',
    when: '承認済',
    arrange: approved(),
    rule: report('report', 'read', 'approved'),
    act: get(`${action}/parts`),
  },

  ...attachmentCases('action-reports', action, validActionReport),
  ...attachmentCases('kpi-actuals', kpi, validKpiActual),
  {
    route: 'GET /action-items/:id/years',
    when: '令和8年度は承認済',
    arrange: approved(),
    rule: report('report', 'read', 'approved'),
    act: get('/api/action-items/12-1/years'),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/:id/carry-forward',
    when: '令和8年度は承認済、令和9年度は未入力',
    arrange: approved(),
    rule: report('report', 'save', 'missing', 'draft'),
    success: 201,
    act: (api, c) => api.call(c, 'POST', '/api/fiscal-years/2027/action-reports/12-1/carry-forward', { body: {} }),
  },
  {
    route: 'POST /fiscal-years/:fy/action-reports/carry-forward',
    when: '庶務課の取組項目をまとめて',
    arrange: approved(),
    rule: report('report', 'save', 'missing', 'draft'),
    // Not one item but a department's: whoever writes none of 庶務課's items (another department, the council)
    // is refused outright (403), not told that one item is "not found".
    except: { otherDepartment: 403, viewer: 403 },
    act: (api, c) => api.call(c, 'POST', '/api/fiscal-years/2027/action-reports/carry-forward', { body: { department: 'shomu' } }),
  },
  {
    route: 'GET /fiscal-years/:fy/kpi-actuals/:id',
    when: '提出済',
    arrange: submitted(kpi, validKpiActual),
    rule: report('report', 'read', 'submitted'),
    act: get(kpi),
  },
  {
    route: 'PUT /fiscal-years/:fy/kpi-actuals/:id',
    when: 'new',
    rule: report('report', 'save', 'missing', 'draft'),
    success: 201,
    act: put(kpi, undefined, validKpiActual),
  },
  {
    route: 'POST /fiscal-years/:fy/kpi-actuals/:id/submit',
    when: '下書き',
    arrange: draft(kpi, validKpiActual),
    rule: report('report', 'submit', 'draft'),
    act: post(kpi, 'submit', 1),
  },
  {
    route: 'POST /fiscal-years/:fy/kpi-actuals/:id/confirm',
    when: '課内確認待ち',
    arrange: pending(kpi, validKpiActual),
    rule: report('report', 'confirm', 'pending_head'),
    act: post(kpi, 'confirm', 2),
  },
  {
    route: 'POST /fiscal-years/:fy/kpi-actuals/:id/withdraw',
    when: '提出済',
    arrange: submitted(kpi, validKpiActual),
    rule: report('report', 'withdraw', 'submitted'),
    act: post(kpi, 'withdraw', 3),
  },
  {
    route: 'POST /fiscal-years/:fy/kpi-actuals/:id/return',
    when: '提出済',
    arrange: submitted(kpi, validKpiActual),
    rule: report('report', 'return', 'submitted'),
    act: post(kpi, 'return', 3, comment),
  },
  {
    route: 'POST /fiscal-years/:fy/kpi-actuals/:id/approve',
    when: '提出済',
    arrange: submitted(kpi, validKpiActual),
    rule: report('report', 'approve', 'submitted'),
    act: post(kpi, 'approve', 3),
  },
  {
    route: 'POST /fiscal-years/:fy/kpi-actuals/:id/reopen',
    when: '承認済',
    arrange: approved(kpi, validKpiActual),
    rule: report('report', 'reopen', 'approved'),
    act: post(kpi, 'reopen', 4),
  },
  {
    route: 'GET /fiscal-years/:fy/kpi-actuals/:id/revisions',
    when: '提出済',
    arrange: submitted(kpi, validKpiActual),
    rule: report('report', 'history', 'submitted'),
    act: get(`${kpi}/revisions`),
  },

  { route: 'GET /fiscal-years/:fy/reports', rule: { subject: 'report', action: 'list' }, act: get(`/api/fiscal-years/${fy}/reports`) },
  // A KPI of a measure the caller may not read is not there for them (404), like an unknown one.
  {
    route: 'GET /kpis/:kpiId/actuals',
    rule: { subject: 'report', action: 'list', perMeasure: true, visibleAs: 'approved' },
    act: get('/api/kpis/38-K1/actuals'),
  },
  // Everyone may search; what it finds is filtered per report (the test below).
  { route: 'GET /search', rule: { subject: 'report', action: 'list' }, act: get(`/api/search?q=${encodeURIComponent('電子申請')}&fy=${fy}`) },
  { route: 'GET /fiscal-years/:fy/overview', rule: { subject: 'overview', action: 'read' }, act: get(`/api/fiscal-years/${fy}/overview`) },

  { route: 'GET /measures/:n/departments', rule: { subject: 'assignment', action: 'read' }, act: get('/api/measures/1/departments') },
  {
    route: 'PUT /measures/:n/departments',
    rule: { subject: 'assignment', action: 'assign' },
    act: (api, c) => api.call(c, 'PUT', '/api/measures/1/departments', { body: { departments: [{ code: 'shomu' }] } }),
  },
  {
    route: 'GET /measures/:n/departments/revisions',
    rule: { subject: 'assignment', action: 'history', perMeasure: true },
    act: get('/api/measures/12/departments/revisions'),
  },

  { route: 'GET /fiscal-years/:fy/digest/preview', rule: { subject: 'digest', action: 'preview' }, act: get(`/api/fiscal-years/${fy}/digest/preview`) },
  {
    route: 'POST /fiscal-years/:fy/digest',
    rule: { subject: 'digest', action: 'send' },
    act: (api, c) => api.call(c, 'POST', `/api/fiscal-years/${fy}/digest`),
  },
  { route: 'GET /fiscal-years/:fy/digests', rule: { subject: 'digest', action: 'list' }, act: get(`/api/fiscal-years/${fy}/digests`) },

  { route: 'GET /fiscal-years/:fy/opinions', rule: { subject: 'opinion', action: 'read', state: 'approved' }, act: get(opinions) },
  {
    route: 'POST /fiscal-years/:fy/opinions',
    rule: { subject: 'opinion', action: 'create', state: 'missing' },
    success: 201,
    act: (api, c) => api.call(c, 'POST', opinions, { body: opinionBody }),
  },
  {
    route: 'GET /fiscal-years/:fy/opinions/:id',
    when: 'HQ’s record',
    arrange: opinionBy(hq),
    rule: { subject: 'opinion', action: 'read', state: 'approved' },
    act: (api, c, made) => api.call(c, 'GET', `${opinions}/${made.opinion}`),
  },
  {
    route: 'PUT /fiscal-years/:fy/opinions/:id',
    when: 'HQ’s record',
    arrange: opinionBy(hq),
    rule: { subject: 'opinion', action: 'save', state: 'approved' },
    act: (api, c, made) => api.call(c, 'PUT', `${opinions}/${made.opinion}`, { body: opinionBody, headers: { 'If-Match': '"1"' } }),
  },
  {
    route: 'PUT /fiscal-years/:fy/opinions/:id',
    when: 'a member’s submission, by that member',
    arrange: opinionBy(viewer),
    viewerIsAuthor: true,
    rule: { subject: 'opinion', action: 'save', state: 'submitted' },
    act: (api, c, made) => api.call(c, 'PUT', `${opinions}/${made.opinion}`, { body: opinionBody, headers: { 'If-Match': '"1"' } }),
  },
  {
    route: 'POST /fiscal-years/:fy/opinions/:id/approve',
    when: 'a member’s submission',
    arrange: opinionBy(viewer),
    viewerIsAuthor: true,
    rule: { subject: 'opinion', action: 'approve', state: 'submitted' },
    act: (api, c, made) => api.call(c, 'POST', `${opinions}/${made.opinion}/approve`, { headers: { 'If-Match': '"1"' } }),
  },
  {
    route: 'GET /fiscal-years/:fy/opinions/:id/revisions',
    when: 'HQ’s record',
    arrange: opinionBy(hq),
    rule: { subject: 'opinion', action: 'read', state: 'approved' },
    act: (api, c, made) => api.call(c, 'GET', `${opinions}/${made.opinion}/revisions`),
  },

  { route: 'GET /fiscal-years/:fy/report', rule: { subject: 'annualReport', action: 'read' }, act: get(`/api/fiscal-years/${fy}/report`) },
  { route: 'GET /fiscal-years/:fy/report.docx', rule: { subject: 'annualReport', action: 'read' }, act: get(`/api/fiscal-years/${fy}/report.docx`) },
  { route: 'GET /fiscal-years/:fy/publication', rule: { subject: 'publication', action: 'read' }, act: get(publication) },
  {
    route: 'POST /fiscal-years/:fy/publication',
    when: '未公表',
    rule: { subject: 'publication', action: 'publish', state: 'unpublished' },
    act: (api, c) => api.call(c, 'POST', publication),
  },
  {
    route: 'DELETE /fiscal-years/:fy/publication',
    when: '公表中',
    arrange: published,
    rule: { subject: 'publication', action: 'withdraw', state: 'published' },
    act: (api, c) => api.call(c, 'DELETE', publication, { headers: { 'If-Match': '"1"' } }),
  },

  { route: 'GET /fiscal-years/:fy/export.xlsx', rule: { subject: 'sheet', action: 'export' }, act: get(`/api/fiscal-years/${fy}/export.xlsx`) },
  { route: 'GET /fiscal-years/:fy/export.csv', rule: { subject: 'sheet', action: 'export' }, act: get(`/api/fiscal-years/${fy}/export.csv`) },
  {
    route: 'POST /fiscal-years/:fy/import',
    when: 'a sheet changing 施策12',
    rule: { subject: 'sheet', action: 'import' },
    // Another department may import, but not 施策12's row: the sheet is refused row by row (400), nothing applied.
    except: { otherDepartment: 400 },
    act: (api, c) =>
      api.call(c, 'POST', `/api/fiscal-years/${fy}/import`, {
        raw: xlsxOf([PROGRESS_COLUMNS.map((col) => col.header), importRow]),
        headers: { 'Content-Type': XLSX },
      }),
  },
];

/** The status the table gives one caller for one case. */
function expectedStatus(routeCase: RouteCase, role: RoleName): number {
  const { rule } = routeCase;
  if (routeCase.except?.[role] !== undefined) return routeCase.except[role]!;
  if (!rule) return 200;
  if (role === 'anonymous') return 401;
  const roles = rule.perMeasure ? HELD[role].here : HELD[role].anywhere;
  const conditions: Condition[] = rule.subject === 'report' ? (REPORT_CONDITIONS[role] ?? []) : routeCase.viewerIsAuthor && role === 'viewer' ? ['author'] : [];
  const situation = { roles, conditions: new Set(conditions), headConfirmation: true, ...(rule.state ? { state: rule.state } : {}) };
  // A report the caller may not read is not there for them (404, not 403: nothing leaks).
  if (rule.subject === 'report' && rule.perMeasure) {
    const visibleAs = rule.visibleAs ?? rule.state ?? 'draft';
    if (!decide(PERMISSION_TABLE, 'report', 'read', { ...situation, state: visibleAs }).ok) return 404;
  }
  const decision = decide(PERMISSION_TABLE, rule.subject, rule.action, situation);
  if (decision.ok) return routeCase.success ?? 200;
  return decision.reason === 'forbidden' ? 403 : 409;
}

/** Every route the deployed API and the spreadsheet function answer, as "METHOD /path". */
function appRoutes(): string[] {
  const routes = new Routes(new Hono<AppEnv>());
  registerApiRoutes(routes, { localSignIn: false });
  registerExportRoutes(routes);
  registerImportRoutes(routes);
  registerReportDocumentRoutes(routes);
  return routes.specs.map((spec) => `${spec.method.toUpperCase()} ${spec.path}`);
}

describe('the permission table covers every route', () => {
  it('has a case for each route of the app, decided by an action the table has', () => {
    const covered = new Set(CASES.map((routeCase) => routeCase.route));
    expect(appRoutes().filter((route) => !covered.has(route))).toEqual([]);
    const withoutRow = CASES.filter(({ rule }) => rule && !PERMISSION_TABLE.some((row) => row.subject === rule.subject && row.action === rule.action));
    expect(withoutRow.map((routeCase) => routeCase.route)).toEqual([]);
  });
});

const cells = CASES.flatMap((routeCase) =>
  (Object.keys(ROLES) as RoleName[]).map((role) => ({
    ...routeCase,
    name: routeCase.when ? `${routeCase.route} (${routeCase.when})` : routeCase.route,
    role,
    status: expectedStatus(routeCase, role),
  })),
);

describe('authorization matrix', () => {
  const apis: { api: Api; made: Made }[] = [];
  const publicationRoot = mkdtempSync(join(tmpdir(), 'shinchoku-authz-'));
  beforeAll(async () => {
    // Arranged tables, created up front and in parallel.
    /** Each cell's 根拠資料 in a folder of its own, taken by the local server's PUT as `npm start` takes them. */
    const attachmentFolders = new Map<string, LocalAttachmentFiles>();
    const filesFor = (cell: (typeof cells)[number]) => {
      const key = `${cell.name}-${cell.role}`;
      if (!attachmentFolders.has(key)) attachmentFolders.set(key, new LocalAttachmentFiles(join(publicationRoot, `${key}-files`.replace(/[^\w-]/g, '_'))));
      return attachmentFolders.get(key)!;
    };
    const arranged = (cell: (typeof cells)[number]) =>
      startApi({
        extra: {
          publicationFiles: new LocalPublicationFiles(join(publicationRoot, `${cell.name}-${cell.role}`.replace(/[^\w-]/g, '_'))),
          attachmentFiles: filesFor(cell),
        },
      }).then(async (api) => {
        api.app.route('/', localUploads(filesFor(cell)));
        return { api, made: (await cell.arrange?.(api)) ?? {} };
      });
    // A refused request changes nothing (a project rule, which a wrongly allowed cell would fail here), so only
    // the cells a write is allowed in need a table of their own; reads and refusals share their case's table.
    const perCase = new Map<string, Promise<{ api: Api; made: Made }>>();
    const created = await Promise.all(
      cells.map((cell) => {
        if (!cell.route.startsWith('GET ') && cell.status < 300) return arranged(cell);
        if (!perCase.has(cell.name)) perCase.set(cell.name, arranged(cell));
        return perCase.get(cell.name)!;
      }),
    );
    apis.push(...created);
  }, 300_000);
  afterAll(async () => {
    const { rmSync } = await import('node:fs');
    rmSync(publicationRoot, { recursive: true, force: true });
  });

  it.each(cells.map((cell, index) => [cell.name, cell.role, cell.status, index] as const))('%s as %s → %i', async (_route, role, status, index) => {
    const { api, made } = apis[index]!;
    const response = await cells[index]!.act(api, ROLES[role], made);
    expect(response.status).toBe(status);
  });

  it('hides other departments’ reports from lists and exports', async () => {
    const api = await startApi();
    await submitted()(api);
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

  it('searches only what the caller may read: the council approved text only, another department not a draft', async () => {
    const api = await startApi();
    const search = async (caller: Caller, q: string) =>
      (await api.call(caller, 'GET', `/api/search?q=${encodeURIComponent(q)}&fy=${fy}`)).body as {
        results: readonly { kind: string; key: string; state?: string; snippet: string }[];
      };
    const reportHits = (body: Awaited<ReturnType<typeof search>>) => body.results.filter((r) => r.state).map((r) => `${r.key} ${r.state}`);
    // 庶務課's draft of 12-1 says 「窓口サービス」 in its achievements; the query in full-width capitals and half-width kana finds it.
    const written = { ...validActionReport, achievements: 'ＡＩ窓口サービスを試行した' };
    await draft(action, written)(api);
    const query = 'ai窓口ｻｰﾋﾞｽ';
    expect(reportHits(await search(dept('shomu'), query))).toEqual(['12-1 draft']);
    expect((await search(dept('shomu'), query)).results[0]!.snippet).toBe('〔ＡＩ窓口サービス〕を試行した');
    expect(reportHits(await search(dept('zeimu'), query))).toEqual([]);
    expect(reportHits(await search(viewer, query))).toEqual([]);
    await step(api, dept('shomu'), action, 'submit', 1);
    await step(api, head('shomu'), action, 'confirm', 2);
    expect(reportHits(await search(hq, query))).toEqual(['12-1 submitted']);
    expect(reportHits(await search(viewer, query))).toEqual([]);
    await step(api, hq, action, 'approve', 3);
    expect(reportHits(await search(viewer, query))).toEqual(['12-1 approved']);
    // The plan's items by number and title, for everyone who may read the plan.
    const byTitle = await search(viewer, '施策12');
    expect(byTitle.results[0]).toMatchObject({ kind: 'measure', key: '12' });
    // An empty query names the field, in Japanese, and a 400.
    const empty = await api.call(hq, 'GET', '/api/search?q=%20');
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('検索する語を入力してください');
  });
});
