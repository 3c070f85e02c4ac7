import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_NAMES } from '../../functions/domain/permissions/permissions.ts';
import { dept, head, hq, startApi, validActionReport, validKpiActual, viewer } from './harness.ts';
import { expectOverviewAsFullRead } from './overview-check.ts';
import { readOpenApi } from '../support/openapi.ts';
import { read } from '../support/contract.ts';
import { overviewSchema } from '../../functions/contract/index.ts';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalAttachmentFiles } from '../../functions/http/files.ts';
import { localUploads } from '../../functions/api/local-server.ts';
import { handleNoticeMessages, messageOfEvent } from '../../functions/notices/queue.ts';
import { sendDailySubmitted } from '../../functions/notices/daily.ts';

type Api = Awaited<ReturnType<typeof startApi>>;
/** 課内確認 on, as deployed by default. */
let api: Api;
/** HEAD_CONFIRMATION=off: staff submit straight to HQ. */
let direct: Api;
/** 根拠資料 of `direct`, kept as `npm start` keeps them (<data dir>/attachments), taken by the local server's PUT. */
const attachmentsDir = mkdtempSync(join(tmpdir(), 'shinchoku-attachments-'));
const attachmentFiles = new LocalAttachmentFiles(attachmentsDir);
beforeAll(async () => {
  [api, direct] = await Promise.all([startApi(), startApi({ headConfirmation: false, extra: { attachmentFiles } })]);
  direct.app.route('/', localUploads(attachmentFiles));
});
afterAll(() => rmSync(attachmentsDir, { recursive: true, force: true }));

const shomu = dept('shomu');
const report = '/api/fiscal-years/2026/action-reports/12-1';

describe('with 課内確認 off, a report goes draft → submitted → returned → submitted → approved', () => {
  it('runs the whole workflow with an ETag on every step and a revision for every change', async () => {
    const api = direct;
    const created = await api.call(shomu, 'PUT', report, { body: validActionReport });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ state: 'draft', stateLabel: '下書き', version: 1, measure: '12', body: validActionReport });

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
    const api = direct;
    const path = '/api/fiscal-years/2027/kpi-actuals/16-K1';
    const sogo = dept('sogo-seisaku');
    const saved = await api.call(sogo, 'PUT', path, { body: { value: 22500, asOf: '2028-03-31', note: 'LINE公式アカウント管理画面' } });
    expect(saved.status).toBe(201);
    await api.call(sogo, 'POST', `${path}/submit`, { headers: { 'If-Match': '"1"' } });
    const overview = read(overviewSchema, await api.call(hq, 'GET', '/api/fiscal-years/2027/overview'));
    const kpi = overview.attainment.kpis.find((k) => k.id === '16-K1');
    // b = 21,382 (R7.10月末 → FY2025), t = 24,000 (FY2030): p = 1118/2618 = 0.427, e = 2/5 = 0.4 → 順調
    expect(kpi).toMatchObject({ rating: 'B', measured: 22500, progress: 0.427, expected: 0.4 });
    const measure16 = overview.measures.find((m) => m.key === '16');
    expect(measure16?.kpis.find((k) => k.id === '16-K1')).toMatchObject({ state: 'submitted' });
    await expectOverviewAsFullRead(api, 2027);
  });

  it('rates work done every other year (隔年実施, 14-2) against the year before: not started is on plan after a year it was held', async () => {
    const api = direct;
    const part = (fy: number, department: string) => `/api/fiscal-years/${fy}/action-reports/14-2?department=${department}`;
    const submitPart = async (fy: number, department: string, status: string) => {
      const saved = await api.call(dept(department), 'PUT', part(fy, department), { body: { ...validActionReport, status } });
      expect(saved.status).toBe(201);
      const submitted = await api.call(dept(department), 'POST', `${part(fy, department).replace('?', '/submit?')}`, { headers: { 'If-Match': '"1"' } });
      expect(submitted.body.state).toBe('submitted');
    };
    const scheduleOf = async () =>
      (await api.call(hq, 'GET', '/api/fiscal-years/2027/overview')).body.attainment.actionItems.find((item: { id: string }) => item.id === '14-2')?.schedule;
    // 14-2 is 総合政策課's and 庶務課's: each reports its own part.
    for (const department of ['sogo-seisaku', 'shomu']) await submitPart(2027, department, 'not_started');
    expect(await scheduleOf()).toBe('behind');
    for (const department of ['sogo-seisaku', 'shomu']) await submitPart(2026, department, 'done');
    expect(await scheduleOf()).toBe('on_plan');
    await expectOverviewAsFullRead(api, 2027);
  });

  it('lists missing reports under the departments responsible, and routes 関係各課 measures by HQ’s assignment', async () => {
    const before = await api.call(hq, 'GET', '/api/fiscal-years/2028/overview');
    const unassigned = before.body.missing.find((m) => m.department === 'unassigned');
    expect(unassigned?.actionItems).toContain('1-1');
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
    const fukushi = after.body.missing.find((m) => m.department === 'fukushi');
    expect(fukushi?.actionItems).toEqual(expect.arrayContaining(['1-1', '1-2', '1-3']));
    expect(fukushi?.kpis).toContain('1-K1');
    expect((await api.call(dept('kodomo-mirai'), 'PUT', '/api/fiscal-years/2028/action-reports/1-1', { body: validActionReport })).status).toBe(201);
    const me = await api.call(dept('fukushi'), 'GET', '/api/me');
    expect(me.body.measures).toContain('1');

    const notRelated = await api.call(hq, 'PUT', '/api/measures/12/departments', { body: { departments: [{ code: 'fukushi' }] } });
    expect(notRelated.status).toBe(409);
  });

  it('sends a 施策11 reference row to the action item it points to', async () => {
    const response = await api.call(hq, 'GET', '/api/fiscal-years/2026/action-reports/11-2');
    expect(response.status).toBe(404);
    expect(response.body.detail).toContain('5-1');
  });

  it('serves a generated OpenAPI 3.1 document for every route', async () => {
    const document = await readOpenApi(api.app);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
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
    // A draft may leave any field out: the document shows the fields, none of them required.
    const put = document.paths['/api/fiscal-years/{fy}/action-reports/{id}']?.put;
    const schema = put?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(schema?.properties ?? {})).toEqual(['status', 'rating', 'achievements', 'challenges', 'nextSteps', 'effectAmount']);
    expect(schema?.required ?? []).toEqual([]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/fiscal-years/{fy}/action-reports/{id}/confirm',
        '/api/fiscal-years/{fy}/action-reports/{id}/withdraw',
        '/api/measures/{n}/departments/revisions',
        '/api/health/live',
      ]),
    );
  });

  it('signs in locally with a token that carries Cognito’s claims', async () => {
    const token = await api.call(null, 'POST', '/api/dev/token', { body: { sub: 'suzuki', role: 'department', department: 'zeimu' } });
    expect(token.status).toBe(200);
    const me = await api.app.request('/api/me', { headers: { Authorization: `Bearer ${token.body.token}` } });
    expect(await me.json()).toMatchObject({
      sub: 'suzuki',
      name: '税務課',
      role: 'department',
      departments: [{ code: 'zeimu', name: '税務課' }],
      measures: ['21'],
    });
    const unknown = await api.call(null, 'POST', '/api/dev/token', { body: { sub: 'x', role: 'department', department: 'nowhere' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: 'department', message: '課コード「nowhere」は登録されていません（計画にある課か、推進本部が関係各課に追加した課を選んでください）' },
    ]);
  });

  it('answers health and liveness without a token', async () => {
    expect((await api.call(null, 'GET', '/api/health')).body).toEqual({ status: 'ok' });
    expect((await api.call(null, 'GET', '/api/health/live')).body).toEqual({ status: 'ok' });
  });
});

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
const actionsOf = (revisions: readonly { version: number; action: string; state: string | null }[]) =>
  revisions.map((r) => `${r.version}:${r.action}:${r.state}`);

describe('課内確認: staff submit to their 所属長, who confirms to HQ or returns', () => {
  const path = '/api/fiscal-years/2026/action-reports/13-1';
  const staff = dept('shomu', 'tanaka');
  const kacho = head('shomu');

  it('goes 下書き → 課内確認待ち → 差戻し (by the head) → 課内確認待ち → 提出済 (confirmed) → 承認済', async () => {
    expect((await api.call(staff, 'PUT', path, { body: validActionReport })).status).toBe(201);
    const submitted = await api.call(staff, 'POST', `${path}/submit`, { headers: ifMatch(1) });
    expect(submitted.body).toMatchObject({ state: 'pending_head', stateLabel: '課内確認待ち', version: 2, submittedBy: { sub: 'tanaka' } });

    // HQ does not review what the head has not confirmed; staff cannot confirm; another department's head cannot see it.
    const early = await api.call(hq, 'POST', `${path}/approve`, { headers: ifMatch(2) });
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe('課内確認待ちの報告は承認できません');
    const byStaff = await api.call(staff, 'POST', `${path}/confirm`, { headers: ifMatch(2) });
    expect(byStaff.status).toBe(403);
    expect(byStaff.body.detail).toBe('課内確認（推進本部へ提出）は提出した課の所属長だけが行えます');
    expect((await api.call(head('zeimu'), 'POST', `${path}/confirm`, { headers: ifMatch(2) })).status).toBe(404);

    // Until the head confirms, the overview lists it under 未提出 for 庶務課.
    const overview = read(overviewSchema, await api.call(hq, 'GET', '/api/fiscal-years/2026/overview'));
    const shomu = overview.missing.find((m) => m.department === 'shomu');
    expect(shomu?.actionItems).toContain('13-1');
    const item = overview.measures.find((m) => m.key === '13')?.actionItems.find((i) => i.id === '13-1');
    expect(item).toMatchObject({ state: 'pending_head', stateLabel: '課内確認待ち' });

    const noReason = await api.call(kacho, 'POST', `${path}/return`, { body: { comment: '' }, headers: ifMatch(2) });
    expect(noReason.status).toBe(400);
    const returned = await api.call(kacho, 'POST', `${path}/return`, { body: { comment: '実績に件数を書いてください。' }, headers: ifMatch(2) });
    expect(returned.body).toMatchObject({ state: 'returned', comment: '実績に件数を書いてください。', version: 3 });

    await api.call(staff, 'PUT', path, { body: { ...validActionReport, achievements: '研修を3回実施した。' }, headers: ifMatch(3) });
    expect((await api.call(staff, 'POST', `${path}/submit`, { headers: ifMatch(4) })).body.state).toBe('pending_head');
    const confirmed = await api.call(kacho, 'POST', `${path}/confirm`, { headers: ifMatch(5) });
    expect(confirmed.body).toMatchObject({ state: 'submitted', stateLabel: '提出済', version: 6, updatedBy: { sub: 'shomu-head' } });
    // The head's confirmation is HQ's to review now, not the head's to return.
    expect((await api.call(kacho, 'POST', `${path}/return`, { body: { comment: '再確認' }, headers: ifMatch(6) })).status).toBe(409);
    expect((await api.call(hq, 'POST', `${path}/approve`, { headers: ifMatch(6) })).body.state).toBe('approved');

    const history = await api.call(kacho, 'GET', `${path}/revisions`);
    expect(actionsOf(history.body.revisions)).toEqual([
      '1:save:draft',
      '2:submit:pending_head',
      '3:return:returned',
      '4:save:returned',
      '5:submit:pending_head',
      '6:confirm:submitted',
      '7:approve:approved',
    ]);
  });

  it('lets the head edit a report waiting for them, and write and submit one straight to HQ', async () => {
    const waiting = '/api/fiscal-years/2026/action-reports/13-2';
    await api.call(staff, 'PUT', waiting, { body: validActionReport });
    await api.call(staff, 'POST', `${waiting}/submit`, { headers: ifMatch(1) });
    const edited = await api.call(kacho, 'PUT', waiting, { body: { ...validActionReport, rating: 'C' }, headers: ifMatch(2) });
    expect(edited.body).toMatchObject({ state: 'pending_head', version: 3, body: { rating: 'C' } });
    expect((await api.call(staff, 'PUT', waiting, { body: validActionReport, headers: ifMatch(3) })).status).toBe(409);
    expect((await api.call(kacho, 'POST', `${waiting}/confirm`, { headers: ifMatch(3) })).body.state).toBe('submitted');

    const own = '/api/fiscal-years/2026/kpi-actuals/38-K1';
    expect((await api.call(kacho, 'PUT', own, { body: validKpiActual })).status).toBe(201);
    expect((await api.call(kacho, 'POST', `${own}/submit`, { headers: ifMatch(1) })).body).toMatchObject({
      state: 'submitted',
      submittedBy: { sub: 'shomu-head' },
    });
  });
});

describe('取り下げ: the submitter or the head takes a submission back until HQ acts', () => {
  const staff = dept('shomu', 'tanaka');
  const colleague = dept('shomu', 'sato');
  const kacho = head('shomu');

  it('goes back to 下書き with a revision, from 課内確認待ち and from 提出済', async () => {
    const path = '/api/fiscal-years/2027/action-reports/12-1';
    await api.call(staff, 'PUT', path, { body: validActionReport });
    await api.call(staff, 'POST', `${path}/submit`, { headers: ifMatch(1) });

    const notMine = await api.call(colleague, 'POST', `${path}/withdraw`, { headers: ifMatch(2) });
    expect(notMine.status).toBe(403);
    expect(notMine.body.detail).toBe('取り下げは提出した本人か提出した課の所属長だけが行えます');
    expect((await api.call(hq, 'POST', `${path}/withdraw`, { headers: ifMatch(2) })).status).toBe(403);
    expect((await api.call(viewer, 'POST', `${path}/withdraw`, { headers: ifMatch(2) })).status).toBe(404);
    const withdrawn = await api.call(staff, 'POST', `${path}/withdraw`, { headers: ifMatch(2) });
    expect(withdrawn.body).toMatchObject({ state: 'draft', stateLabel: '下書き', version: 3 });

    await api.call(staff, 'POST', `${path}/submit`, { headers: ifMatch(3) });
    await api.call(kacho, 'POST', `${path}/confirm`, { headers: ifMatch(4) });
    expect((await api.call(staff, 'POST', `${path}/withdraw`, { headers: ifMatch(5) })).body).toMatchObject({ state: 'draft', version: 6 });

    await api.call(staff, 'POST', `${path}/submit`, { headers: ifMatch(6) });
    expect((await api.call(kacho, 'POST', `${path}/withdraw`, { headers: ifMatch(7) })).body.state).toBe('draft');

    const history = await api.call(staff, 'GET', `${path}/revisions`);
    expect(actionsOf(history.body.revisions)).toEqual([
      '1:save:draft',
      '2:submit:pending_head',
      '3:withdraw:draft',
      '4:submit:pending_head',
      '5:confirm:submitted',
      '6:withdraw:draft',
      '7:submit:pending_head',
      '8:withdraw:draft',
    ]);
  });

  it('is refused once HQ has acted', async () => {
    const path = '/api/fiscal-years/2027/action-reports/12-2';
    await api.call(kacho, 'PUT', path, { body: validActionReport });
    await api.call(kacho, 'POST', `${path}/submit`, { headers: ifMatch(1) });
    await api.call(hq, 'POST', `${path}/approve`, { headers: ifMatch(2) });
    const late = await api.call(kacho, 'POST', `${path}/withdraw`, { headers: ifMatch(3) });
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe('承認済の報告は取り下げできません');
  });

  it('works the same with 課内確認 off: staff withdraw what they submitted to HQ', async () => {
    const path = '/api/fiscal-years/2027/action-reports/12-3';
    await direct.call(staff, 'PUT', path, { body: validActionReport });
    expect((await direct.call(staff, 'POST', `${path}/submit`, { headers: ifMatch(1) })).body.state).toBe('submitted');
    expect((await direct.call(staff, 'POST', `${path}/withdraw`, { headers: ifMatch(2) })).body.state).toBe('draft');
  });
});

describe('下書き保存 keeps whatever is filled in; only submitting requires every field', () => {
  const staff = dept('zeimu');

  it('saves a partial action report and names each missing field at submission', async () => {
    const path = '/api/fiscal-years/2026/action-reports/21-1';
    const partial = await api.call(staff, 'PUT', path, { body: { status: 'studying', achievements: '  ' } });
    expect(partial.status).toBe(201);
    // Blank text is not filled in; the optional texts take their usual empty default.
    expect(partial.body.body).toEqual({ status: 'studying', challenges: '', nextSteps: '' });

    const refused = await api.call(staff, 'POST', `${path}/submit`, { headers: ifMatch(1) });
    expect(refused.status).toBe(400);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.title).toBe('提出に必要な項目が入力されていません');
    expect(refused.body.errors).toEqual([
      { path: 'rating', message: '自己評価をA〜Dから選んでください' },
      { path: 'achievements', message: '実績を入力してください' },
    ]);
    expect((await api.call(staff, 'GET', path)).body).toMatchObject({ state: 'draft', version: 1 });

    await api.call(staff, 'PUT', path, { body: validActionReport, headers: ifMatch(1) });
    expect((await api.call(staff, 'POST', `${path}/submit`, { headers: ifMatch(2) })).body.state).toBe('pending_head');
  });

  it('saves a KPI actual without its value and refuses to submit it', async () => {
    const path = '/api/fiscal-years/2026/kpi-actuals/21-K1';
    const owner = dept('zeimu');
    expect((await api.call(owner, 'PUT', path, { body: { note: '決算統計の公表待ち' } })).status).toBe(201);
    const refused = await api.call(owner, 'POST', `${path}/submit`, { headers: ifMatch(1) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.path)).toEqual(['value', 'asOf']);
  });

  it('still refuses a field that is wrong, not merely missing', async () => {
    const response = await api.call(staff, 'PUT', '/api/fiscal-years/2026/action-reports/21-2', { body: { rating: 'E' } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'rating', message: '自己評価をA〜Dから選んでください' }]);
  });
});

describe('関係各課の割当て keeps its history readable', () => {
  it('lists every change of a measure’s departments, with who and when', async () => {
    const first = await api.call(hq, 'PUT', '/api/measures/2/departments', { body: { departments: [{ code: 'shomu' }] } });
    expect(first.status).toBe(200);
    await api.call(hq, 'PUT', '/api/measures/2/departments', {
      body: { departments: [{ code: 'shomu' }, { code: 'kodomo-mirai', name: 'こども未来課' }] },
      headers: ifMatch(1),
    });
    const history = await api.call(hq, 'GET', '/api/measures/2/departments/revisions');
    expect(history.status).toBe(200);
    expect(history.body.revisions).toHaveLength(2);
    expect(history.body.revisions[1]).toMatchObject({
      version: 2,
      action: 'assign',
      by: { sub: 'hq-1' },
      changes: [
        { field: 'departments', before: ['shomu'], after: ['shomu', 'kodomo-mirai'] },
        { field: 'names', before: {}, after: { 'kodomo-mirai': 'こども未来課' } },
      ],
    });
    expect((await api.call(dept('shomu'), 'GET', '/api/measures/2/departments/revisions')).status).toBe(200);
    expect((await api.call(dept('zeimu'), 'GET', '/api/measures/2/departments/revisions')).status).toBe(403);
    expect((await api.call(viewer, 'GET', '/api/measures/2/departments/revisions')).status).toBe(403);
  });
});

describe('GET /api/me names what the caller may do', () => {
  const flags = (granted: readonly string[]) => Object.fromEntries(PERMISSION_NAMES.map((name) => [name, granted.includes(name)]));

  it.each([
    ['staff', dept('shomu'), ['canReport', 'canSeeHistory', 'canExport', 'canImport', 'canSetNotices']],
    ['a 所属長', head('shomu'), ['canReport', 'canConfirm', 'canSeeHistory', 'canExport', 'canImport', 'canSetNotices']],
    // HQ does everything but 課内確認, which is a 所属長's.
    ['HQ', hq, PERMISSION_NAMES.filter((name) => name !== 'canConfirm')],
    // The council receives no notices, so it has no settings for them.
    ['the council', viewer, ['canSeeOverview', 'canExport', 'canRecordOpinion']],
  ])('%s', async (_who, caller, granted) => {
    const me = await api.call(caller, 'GET', '/api/me');
    expect(me.body.permissions).toEqual(flags(granted));
    expect(me.body.headConfirmation).toBe(true);
  });

  it('signs a 所属長 in locally with the head-<code> group', async () => {
    const token = await api.call(null, 'POST', '/api/dev/token', { body: { sub: 'kacho', role: 'department_head', department: 'zeimu' } });
    expect(token.status).toBe(200);
    const me = await api.app.request('/api/me', { headers: { Authorization: `Bearer ${token.body.token}` } });
    expect(await me.json()).toMatchObject({
      sub: 'kacho',
      name: '税務課長',
      role: 'department_head',
      departments: [{ code: 'zeimu', name: '税務課' }],
      measures: ['21'],
    });
    const noDepartment = await api.call(null, 'POST', '/api/dev/token', { body: { sub: 'kacho', role: 'department_head' } });
    expect(noDepartment.body.errors).toEqual([{ path: 'department', message: '担当課（department）を指定してください' }]);
  });

  it('says when 課内確認 is turned off', async () => {
    expect((await direct.call(dept('shomu'), 'GET', '/api/me')).body.headConfirmation).toBe(false);
  });
});

describe('前年度から引継ぎ: FY2027 starts from FY2026’s text (clock in May 2027)', () => {
  let may2027: Api;
  beforeAll(async () => {
    const started = Date.now();
    // 10 May 2027 in Japan: FY2027 has begun, FY2026's reports are written.
    may2027 = await startApi({ extra: { now: () => new Date(Date.parse('2027-05-10T00:00:00Z') + (Date.now() - started)) } });
  });
  const last = '/api/fiscal-years/2026/action-reports/12-2';
  const next = '/api/fiscal-years/2027/action-reports/12-2';

  it('tells the web app its clock in GET /me, so the screens take the same day as today', async () => {
    const me = await may2027.call(shomu, 'GET', '/api/me');
    expect(me.body.now).toMatch(/^2027-05-10T/);
  });

  it('copies the status and text (not the rating or 効果額) into a draft marked until its text is edited, with a revision', async () => {
    const written = await may2027.call(shomu, 'PUT', last, { body: { ...validActionReport, effectAmount: 1_200_000 } });
    expect(written.status).toBe(201);

    const carried = await may2027.call(shomu, 'POST', `${next}/carry-forward`, { body: {} });
    expect(carried.status).toBe(201);
    expect(carried.body).toMatchObject({ fiscalYear: 2027, state: 'draft', version: 1, carriedFrom: { fiscalYear: 2026, version: 1 } });
    expect(carried.body.body).toEqual({
      status: validActionReport.status,
      achievements: validActionReport.achievements,
      challenges: validActionReport.challenges,
      nextSteps: validActionReport.nextSteps,
    });
    const history = await may2027.call(shomu, 'GET', `${next}/revisions`);
    expect(history.body.revisions).toMatchObject([{ version: 1, action: 'carry_forward', state: 'draft', by: { sub: expect.any(String) } }]);
    expect(history.body.revisions[0]!.changes.map((c: { field: string }) => c.field).sort()).toEqual(['achievements', 'challenges', 'nextSteps', 'status']);

    // Nothing was submitted by itself; a second copy would overwrite the department's text, so it is refused.
    const again = await may2027.call(shomu, 'POST', `${next}/carry-forward`, { body: {} });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('令和9年度の報告は既にあります（版1）。前年度から引き継げるのは、まだ入力していない報告だけです');

    // Saving without a change keeps the mark; the first change of text removes it.
    const unchanged = await may2027.call(shomu, 'PUT', next, { body: carried.body.body, headers: { 'If-Match': '"1"' } });
    expect(unchanged.body.carriedFrom).toEqual({ fiscalYear: 2026, version: 1 });
    const edited = await may2027.call(shomu, 'PUT', next, {
      body: { ...carried.body.body, rating: 'B', achievements: '令和9年度も電子申請フォームを8件追加した。' },
      headers: { 'If-Match': '"2"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.carriedFrom).toBeUndefined();
  });

  it('refuses the plan’s first year, an item not reported last year, and another department’s item, and changes nothing', async () => {
    const first = await may2027.call(shomu, 'POST', '/api/fiscal-years/2026/action-reports/12-3/carry-forward', { body: {} });
    expect(first.status).toBe(400);
    expect(first.body.errors).toEqual([{ path: 'fy', message: '令和8年度は計画の初年度です。引き継ぐ前年度の報告はありません' }]);

    const nothingLastYear = await may2027.call(shomu, 'POST', '/api/fiscal-years/2027/action-reports/12-3/carry-forward', { body: {} });
    expect(nothingLastYear.status).toBe(404);
    expect(nothingLastYear.body.detail).toBe('令和8年度の報告がないため、引き継ぐ内容がありません');

    await may2027.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/12-1', { body: validActionReport });
    const otherDepartment = await may2027.call(dept('zaisei'), 'POST', '/api/fiscal-years/2027/action-reports/12-1/carry-forward', { body: {} });
    expect(otherDepartment.status).toBe(404);
    for (const id of ['12-1', '12-3']) expect((await may2027.call(shomu, 'GET', `/api/fiscal-years/2027/action-reports/${id}`)).status).toBe(404);
  });

  it('starts all of a department’s due items at once, and says why it left the others', async () => {
    await may2027.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/31-1', { body: validActionReport });
    // Only a status last year: nothing to start from, so no empty draft (the home does not offer it either).
    expect((await may2027.call(shomu, 'PUT', '/api/fiscal-years/2026/action-reports/13-1', { body: { status: 'implementing' } })).status).toBe(201);
    const all = await may2027.call(shomu, 'POST', '/api/fiscal-years/2027/action-reports/carry-forward', { body: { department: 'shomu' } });
    expect(all.status).toBe(200);
    const carried = all.body.carried.map((r: { id: string }) => r.id);
    expect(carried).toEqual(expect.arrayContaining(['12-1', '31-1']));
    expect(carried).not.toContain('12-2');
    expect(carried).not.toContain('13-1');
    expect(all.body.carried.every((r: { state: string; carriedFrom?: object }) => r.state === 'draft' && r.carriedFrom)).toBe(true);
    expect(all.body.skipped).toEqual(
      expect.arrayContaining([
        { id: '12-2', reason: '令和9年度の報告は既にあります（版3）。前年度から引き継げるのは、まだ入力していない報告だけです' },
        { id: '12-3', reason: '令和8年度の報告がないため、引き継ぐ内容がありません' },
        { id: '13-1', reason: '令和8年度の報告に実績・課題・今後の取組の記述がないため、引き継ぐ内容がありません' },
      ]),
    );
    const refused = await may2027.call(dept('zaisei'), 'POST', '/api/fiscal-years/2027/action-reports/carry-forward', { body: { department: 'shomu' } });
    expect(refused.status).toBe(403);
  });
});

describe('年度ごとの報告: an action item’s years side by side', () => {
  it('gives every plan year with its planned activity; the department reads its drafts, the council approved text only', async () => {
    const path = '/api/fiscal-years/2026/action-reports/35-1';
    await api.call(shomu, 'PUT', path, { body: validActionReport });
    await api.call(shomu, 'PUT', '/api/fiscal-years/2027/action-reports/35-1', { body: { ...validActionReport, achievements: '令和9年度の実績。' } });
    await api.call(shomu, 'POST', `${path}/submit`, { headers: { 'If-Match': '"1"' } });
    await api.call(head('shomu'), 'POST', `${path}/confirm`, { headers: { 'If-Match': '"2"' } });
    expect((await api.call(hq, 'POST', `${path}/approve`, { headers: { 'If-Match': '"3"' } })).status).toBe(200);

    const own = await api.call(shomu, 'GET', '/api/action-items/35-1/years');
    expect(own.status).toBe(200);
    type Years = { fiscalYear: number; planned: string | null; parts: { state: string; report: { body: { achievements?: string } } | null }[] }[];
    const years = own.body.years as unknown as Years;
    expect(years.map((y) => y.fiscalYear)).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(years[0]!.planned).toEqual(expect.any(String));
    expect(years.slice(0, 2).map((y) => y.parts[0]!.state)).toEqual(['approved', 'draft']);
    expect(years[1]!.parts[0]!.report!.body.achievements).toBe('令和9年度の実績。');

    const council = await api.call(viewer, 'GET', '/api/action-items/35-1/years');
    expect((council.body.years as unknown as Years).slice(0, 2).map((y) => y.parts[0]!.report !== null)).toEqual([true, false]);
    expect(JSON.stringify(council.body)).not.toContain('令和9年度の実績。');
    expect((await api.call(dept('zaisei'), 'GET', '/api/action-items/35-1/years')).status).toBe(404);
  });
});

describe('根拠資料: files on a report, checked by content, in its history, kept once approved', () => {
  const report = '/api/fiscal-years/2028/action-reports/12-1';
  const files = `${report}/attachments`;
  /** A small PDF whose bytes are UTF-8 text, so the downloaded text equal to it means the same bytes. */
  const pdf = '%PDF-1.4\n% 根拠資料：定員管理計画の進捗\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n';
  /** A Windows program's first bytes (MZ…), renamed to .pdf. */
  const program: Uint8Array<ArrayBuffer> = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);

  /** Announce, PUT the bytes where told (as the browser does), complete: the answer of `complete`. */
  async function attach(caller: typeof shomu, path: string, name: string, type: string, bytes: Uint8Array<ArrayBuffer>) {
    const announced = await direct.call(caller, 'POST', path, { body: { name, type, size: bytes.length } });
    expect(announced.status).toBe(201);
    const { id, uploadUrl } = announced.body as { id: string; uploadUrl: string };
    const put = await direct.call(null, 'PUT', uploadUrl, { raw: bytes as Uint8Array<ArrayBuffer>, headers: { 'Content-Type': type } });
    expect(put.status).toBe(200);
    return { id, completed: await direct.call(caller, 'POST', `${path}/${id}/complete`) };
  }

  it('attaches a PDF under its Japanese name, lists it, downloads the same bytes and records who added it', async () => {
    expect((await direct.call(shomu, 'PUT', report, { body: validActionReport })).status).toBe(201);
    // A browser may send its fake folder (C:\fakepath\…); the name is kept without it.
    const { id, completed } = await attach(shomu, files, 'C:\\fakepath\\定員管理計画_進捗.pdf', 'application/pdf', new TextEncoder().encode(pdf));
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ id, name: '定員管理計画_進捗.pdf', type: 'application/pdf', addedBy: { sub: 'shomu-1' } });

    const listed = await direct.call(shomu, 'GET', files);
    expect(listed.body).toMatchObject({ attachments: [{ id, name: '定員管理計画_進捗.pdf' }], canChange: true });
    const downloaded = await direct.call(shomu, 'GET', `${files}/${id}`);
    expect(downloaded.status).toBe(200);
    expect(downloaded.type).toBe('application/pdf');
    expect(downloaded.headers.get('content-disposition')).toContain(encodeURIComponent('定員管理計画_進捗.pdf'));
    expect(downloaded.text).toBe(pdf);

    // HQ reviewing sees the file too; the report's version is untouched, so a form being edited still saves.
    expect((await direct.call(hq, 'GET', files)).body).toMatchObject({ attachments: [{ name: '定員管理計画_進捗.pdf' }] });
    const revisions = (await direct.call(shomu, 'GET', `${report}/revisions`)).body.revisions as unknown as {
      action: string;
      by: { sub: string };
      changes: unknown[];
    }[];
    expect(revisions.map((r) => r.action)).toEqual(['save', 'attach']);
    expect(revisions[1]).toMatchObject({ by: { sub: 'shomu-1' }, changes: [{ field: 'attachments', before: null, after: '定員管理計画_進捗.pdf' }] });
    expect((await direct.call(shomu, 'PUT', report, { body: validActionReport, headers: ifMatch(1) })).status).toBe(200);
  });

  it('refuses and deletes a program renamed .pdf, naming the file', async () => {
    const { id, completed } = await attach(shomu, files, '議事録.pdf', 'application/pdf', program);
    expect(completed.status).toBe(400);
    expect(completed.type).toContain('application/problem+json');
    expect(completed.body.detail).toContain('「議事録.pdf」は中身がPDFの形式ではないため、受け付けませんでした');
    expect((await direct.call(shomu, 'GET', `${files}/${id}`)).status).toBe(404);
    expect(readdirSync(attachmentsDir).filter((name) => name.startsWith(id))).toEqual([]);
    expect(((await direct.call(shomu, 'GET', files)).body.attachments as unknown[]).length).toBe(1);
  });

  it('refuses what the local upload was not announced for, and an unlisted type', async () => {
    const announced = await direct.call(shomu, 'POST', files, { body: { name: '写真.png', type: 'image/png', size: 8 } });
    const wrongType = await direct.call(null, 'PUT', (announced.body as { uploadUrl: string }).uploadUrl, {
      raw: new Uint8Array(8),
      headers: { 'Content-Type': 'application/pdf' },
    });
    expect(wrongType.status).toBe(403);
    const program = await direct.call(shomu, 'POST', files, { body: { name: 'setup.exe', type: 'application/x-msdownload', size: 10 } });
    expect(program.status).toBe(400);
    expect(program.body.detail).toContain('添付できるのはPDF、JPEG・PNG画像、Word、Excel、PowerPointのファイルです');
    const tooLarge = await direct.call(shomu, 'POST', files, { body: { name: '図面.pdf', type: 'application/pdf', size: 10 * 1024 * 1024 + 1 } });
    expect(tooLarge.body.detail).toContain('10MBを超えるファイルは添付できません（1ファイル10MBまで）');
  });

  it('keeps another department out: no list, no download, no upload (404, as for the report)', async () => {
    const listed = (await direct.call(shomu, 'GET', files)).body.attachments as unknown as { id: string }[];
    const zaisei = dept('zaisei');
    expect((await direct.call(zaisei, 'GET', files)).status).toBe(404);
    expect((await direct.call(zaisei, 'GET', `${files}/${listed[0]!.id}`)).status).toBe(404);
    expect((await direct.call(zaisei, 'POST', files, { body: { name: 'a.pdf', type: 'application/pdf', size: 10 } })).status).toBe(404);
    expect((await direct.call(zaisei, 'DELETE', `${files}/${listed[0]!.id}`)).status).toBe(404);
  });

  it('removes a file until the report is approved, then keeps it', async () => {
    const { id } = await attach(shomu, files, '補足資料.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.7\n%%EOF\n'));
    const removed = await direct.call(shomu, 'DELETE', `${files}/${id}`);
    expect(removed.status).toBe(200);
    expect((removed.body.attachments as unknown as { name: string }[]).map((a) => a.name)).toEqual(['定員管理計画_進捗.pdf']);
    const revisions = (await direct.call(shomu, 'GET', `${report}/revisions`)).body.revisions as unknown as { action: string; changes: unknown[] }[];
    expect(revisions.at(-1)).toMatchObject({ action: 'detach', changes: [{ field: 'attachments', before: '補足資料.pdf', after: null }] });

    const submitted = await direct.call(shomu, 'POST', `${report}/submit`, { headers: ifMatch(2) });
    expect(submitted.body).toMatchObject({ state: 'submitted' });
    expect((await direct.call(hq, 'POST', `${report}/approve`, { headers: ifMatch(3) })).body).toMatchObject({ state: 'approved' });
    const kept = (await direct.call(shomu, 'GET', files)).body;
    expect(kept).toMatchObject({ attachments: [{ name: '定員管理計画_進捗.pdf' }], canChange: false });
    const refused = await direct.call(shomu, 'DELETE', `${files}/${(kept.attachments as unknown as { id: string }[])[0]!.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('承認済みの報告の根拠資料は追加・削除できません');
    expect(((await direct.call(shomu, 'GET', files)).body.attachments as unknown[]).length).toBe(1);
  });

  it('takes files on a KPI actual too (an Excel workbook, recognised by its parts)', async () => {
    const xlsx = new TextEncoder().encode('PK\u0003\u0004....[Content_Types].xml....xl/workbook.xml....');
    const kpiFiles = '/api/fiscal-years/2026/kpi-actuals/21-K1/attachments';
    const { completed } = await attach(dept('zeimu'), kpiFiles, '収納率集計.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx);
    expect(completed.status).toBe(200);
    expect((await direct.call(dept('zeimu'), 'GET', kpiFiles)).body).toMatchObject({ attachments: [{ name: '収納率集計.xlsx' }] });
  });
});

describe('通知メール: a step someone waits for mails them once, after the write', () => {
  const path = '/api/fiscal-years/2026/action-reports/20-1';
  const writer = { ...dept('shomu', 'suzuki'), email: 'suzuki@city.higashine.example' };
  const kacho = { ...head('shomu', 'shomu-kacho'), email: 'shomu-kacho@city.higashine.example' };
  const hqWithMail = { ...hq, sub: 'hq-mail', email: 'hq@city.higashine.example' };
  const mailsTo = (address: string) => api.sent.filter((mail) => mail.to.includes(address));

  it('tells the 所属長 of 課内確認待ち and the writer of a return, with the comment and a link; a second delivery sends nothing', async () => {
    // Opening the app (GET /api/me) is what makes a person known, with the token's address.
    for (const person of [writer, kacho, hqWithMail]) expect((await api.call(person, 'GET', '/api/me')).status).toBe(200);
    expect((await api.call(writer, 'PUT', path, { body: validActionReport })).status).toBe(201);
    expect((await api.call(writer, 'POST', `${path}/submit`, { headers: ifMatch(1) })).body.state).toBe('pending_head');
    // The write has answered; the event waits in the outbox until delivery (the local server pokes after each write).
    // (Earlier tests of this file left their events undelivered: only this item's are looked at.)
    const eventsOf2001 = async () => (await api.store.pendingNoticeEvents()).filter((event) => event.report.subject === '20-1');
    expect((await eventsOf2001()).map((event) => event.kind)).toEqual(['awaiting_head']);
    await api.notices.poke();
    expect(await api.store.pendingNoticeEvents()).toEqual([]);
    // Earlier tests' waiting reports of 庶務課 reach this 所属長 too, now that the head is known: this item's is one of them.
    const toHead = mailsTo(kacho.email).find((mail) => mail.subject.includes('20-1'));
    expect(toHead?.subject).toBe('【行財政改革】取組項目 20-1 の報告が課内確認を待っています');
    expect(toHead?.to).toEqual([kacho.email]);
    expect(toHead?.text).toContain('https://shinchoku.example/#/report/action/20-1?fy=2026');

    const comment = '実績に研修の受講者数を書いてください。';
    expect((await api.call(kacho, 'POST', `${path}/return`, { body: { comment }, headers: ifMatch(2) })).body.state).toBe('returned');
    const [event] = await eventsOf2001();
    expect(event).toMatchObject({ kind: 'returned', comment, writer: { sub: 'suzuki' }, actor: { sub: 'shomu-kacho' }, departments: ['shomu'] });
    await api.notices.poke();
    const returned = mailsTo(writer.email);
    expect(returned).toHaveLength(1);
    expect(returned[0]).toMatchObject({ to: [writer.email], subject: '【行財政改革】取組項目 20-1 の報告が差し戻されました' });
    expect(returned[0]!.text).toContain(comment);
    expect(returned[0]!.html).toContain('href="https://shinchoku.example/#/report/action/20-1?fy=2026"');

    // The queue may deliver an event twice (at least once): the second delivery finds the event claimed and sends nothing.
    const before = api.sent.length;
    const message = { messageId: 'again', body: messageOfEvent(event!) };
    const settings = { from: 'shinchoku@city.higashine.example', webAppUrl: 'https://shinchoku.example' };
    const again = await handleNoticeMessages({ store: api.store, plans: api.plans, mailer: api.mailer }, settings, { Records: [message, message] });
    expect(again.batchItemFailures).toEqual([]);
    expect(api.sent.length).toBe(before);

    // HQ's 「送信した通知」: newest first, when, to whom, what.
    const log = await api.call(hqWithMail, 'GET', '/api/fiscal-years/2026/notices');
    expect(log.status).toBe(200);
    expect(log.body.notices.slice(0, 2)).toMatchObject([
      { kind: 'returned', kindLabel: '差戻し', status: 'sent', recipients: [writer.email], itemLabel: expect.stringContaining('取組項目 20-1') },
      { kind: 'awaiting_head', kindLabel: '課内確認待ち', status: 'sent', recipients: [kacho.email] },
    ]);
    const onePerPage = await api.call(hqWithMail, 'GET', '/api/fiscal-years/2026/notices?limit=1');
    const next = await api.call(hqWithMail, 'GET', `/api/fiscal-years/2026/notices?limit=1&cursor=${onePerPage.body.nextCursor}`);
    expect(next.body.notices[0]?.event).toBe(log.body.notices[1]?.event);
    expect((await api.call(writer, 'GET', '/api/fiscal-years/2026/notices')).status).toBe(403);
  });

  it('sends nothing of a kind the person turned off, and keeps the settings with If-Match', async () => {
    const other = '/api/fiscal-years/2026/action-reports/20-2';
    expect((await api.call(writer, 'GET', '/api/me')).status).toBe(200);
    const settings = await api.call(writer, 'GET', '/api/me/notice-settings');
    expect(settings.body).toMatchObject({ version: 0 });
    expect(settings.body.kinds).toContainEqual({ kind: 'returned', label: '差し戻されたとき（提出した人へ）', on: true });
    const off = { kinds: [{ kind: 'returned', on: false }] };
    expect((await api.call(writer, 'PUT', '/api/me/notice-settings', { body: off })).status).toBe(428);
    const saved = await api.call(writer, 'PUT', '/api/me/notice-settings', { body: off, headers: ifMatch(0) });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe('"1"');
    expect(saved.body.kinds).toContainEqual({ kind: 'returned', label: '差し戻されたとき（提出した人へ）', on: false });
    expect((await api.call(writer, 'PUT', '/api/me/notice-settings', { body: off, headers: ifMatch(0) })).status).toBe(412);
    const wrong = await api.call(writer, 'PUT', '/api/me/notice-settings', { body: { kinds: [{ kind: 'weekly', on: false }] }, headers: ifMatch(1) });
    expect(wrong.status).toBe(400);
    expect(wrong.type).toContain('application/problem+json');

    await api.call(writer, 'PUT', other, { body: validActionReport });
    await api.call(writer, 'POST', `${other}/submit`, { headers: ifMatch(1) });
    await api.call(kacho, 'POST', `${other}/confirm`, { headers: ifMatch(2) });
    await api.call(hq, 'POST', `${other}/return`, { body: { comment: '効果額の根拠を添えてください。' }, headers: ifMatch(3) });
    const before = mailsTo(writer.email).length;
    await api.notices.poke();
    expect(mailsTo(writer.email).length).toBe(before);
    const log = await api.call(hqWithMail, 'GET', '/api/fiscal-years/2026/notices?limit=1');
    expect(log.body.notices[0]).toMatchObject({ kind: 'returned', status: 'sent', recipients: [], itemLabel: expect.stringContaining('取組項目 20-2') });
  });

  it('tells HQ once a day what reached 提出済, in one mail, only on a day with submissions', async () => {
    // A second HQ person who turned the daily summary off.
    const hqQuiet = { ...hq, sub: 'hq-quiet', email: 'hq-quiet@city.higashine.example' };
    for (const person of [writer, kacho, hqWithMail, hqQuiet]) expect((await api.call(person, 'GET', '/api/me')).status).toBe(200);
    const off = { kinds: [{ kind: 'daily_submitted', on: false }] };
    expect((await api.call(hqQuiet, 'PUT', '/api/me/notice-settings', { body: off, headers: ifMatch(0) })).status).toBe(200);

    // Two reports reach 提出済: one confirmed by the 所属長, one the 所属長 writes and submits straight to HQ.
    const confirmed = '/api/fiscal-years/2026/action-reports/20-3';
    const straight = '/api/fiscal-years/2026/action-reports/13-4';
    await api.call(writer, 'PUT', confirmed, { body: validActionReport });
    await api.call(writer, 'POST', `${confirmed}/submit`, { headers: ifMatch(1) });
    expect((await api.call(kacho, 'POST', `${confirmed}/confirm`, { headers: ifMatch(2) })).body.state).toBe('submitted');
    await api.call(kacho, 'PUT', straight, { body: validActionReport });
    expect((await api.call(kacho, 'POST', `${straight}/submit`, { headers: ifMatch(1) })).body.state).toBe('submitted');
    const filed = (await api.store.pendingNoticeEvents()).filter((event) => event.kind === 'daily_submitted');
    expect(filed.map((event) => event.report.subject)).toEqual(expect.arrayContaining(['20-3', '13-4']));

    // Delivery files them under the day and mails nothing yet; a second delivery files nothing new.
    const toHq = () => mailsTo(hqWithMail.email).filter((mail) => mail.subject.includes('本日提出された報告'));
    await api.notices.poke();
    expect(toHq()).toEqual([]);
    const settings = { from: 'shinchoku@city.higashine.example', webAppUrl: 'https://shinchoku.example' };
    const deps = (at: string) => ({ store: api.store, plans: api.plans, mailer: api.mailer, now: () => new Date(at) });
    const again = filed.map((event) => ({ messageId: event.id, body: messageOfEvent(event) }));
    expect((await handleNoticeMessages({ store: api.store, plans: api.plans, mailer: api.mailer }, settings, { Records: again })).batchItemFailures).toEqual(
      [],
    );

    // 17:30 on the day (the harness's clock starts on 1 June 2028): one mail to HQ, listing both, with the review queue.
    // (Earlier tests of this file submitted reports of FY2026 and FY2027 today too: the mail lists them as well.)
    const evening = deps('2028-06-01T17:30:00+09:00');
    const first = await sendDailySubmitted(evening, settings);
    expect(first).toMatchObject({ day: '2028-06-01', outcome: 'sent' });
    const [mail, ...more] = toHq();
    expect(more).toEqual([]);
    expect(mail?.subject).toBe(`【行財政改革】本日提出された報告（令和10年6月1日、${first.count}件）`);
    expect(mail?.to).toEqual([hqWithMail.email]);
    expect(mail?.text).toMatch(/20-3.*庶務課/);
    expect(mail?.text).toMatch(/13-4.*庶務課/);
    expect(mail?.html).toContain('href="https://shinchoku.example/#/hq/review?fy=2026"');
    expect(mailsTo(hqQuiet.email)).toEqual([]);

    // The schedule delivers twice: still one mail. A day without submissions: none.
    expect(await sendDailySubmitted(evening, settings)).toMatchObject({ outcome: 'already_sent' });
    expect(await sendDailySubmitted(deps('2028-06-02T17:30:00+09:00'), settings)).toEqual({ day: '2028-06-02', outcome: 'nothing', count: 0 });
    expect(toHq()).toHaveLength(1);

    // In HQ's 「送信した通知」, with whom it went to.
    const log = await api.call(hqWithMail, 'GET', `/api/fiscal-years/${first.fiscalYear}/notices?limit=1`);
    expect(log.body.notices[0]).toMatchObject({
      kind: 'daily_submitted',
      kindLabel: '提出済の一覧',
      status: 'sent',
      recipients: [hqWithMail.email],
      subject: mail?.subject,
    });
  });
});
