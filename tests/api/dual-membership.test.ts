import { beforeAll, describe, expect, it } from 'vitest';
import { dept, head, hq, startApi, validActionReport } from './harness.ts';

/**
 * A person in several Cognito groups (兼務) holds the union of their rights, decided per department:
 * 所属長 of 庶務課 (shomu: 施策12・20・31…, and 施策4 with 財政課) and staff of 財政課 (zaisei: 施策17・23・26)
 * at once; HQ or the council plus a department. Tokens come from the development sign-in's `groups` form,
 * as Cognito ID tokens carry them. 課内確認 is on (the default).
 */
type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
beforeAll(async () => {
  api = await startApi();
});

const fy = 2026;
const actionReport = (id: string) => `/api/fiscal-years/${fy}/action-reports/${id}`;

/** Signs in through POST /api/dev/token with Cognito groups; answers a caller for `as`. */
async function signIn(body: { sub: string; groups: string[]; email?: string }): Promise<string> {
  const answer = await api.call(null, 'POST', '/api/dev/token', { body });
  expect(answer.status).toBe(200);
  return answer.body.token;
}

/** A request with a token from signIn. */
const as = (token: string, method: string, path: string, options: { body?: unknown; version?: number } = {}) =>
  api.call(null, method, path, {
    body: options.body,
    headers: { Authorization: `Bearer ${token}`, ...(options.version === undefined ? {} : { 'If-Match': `"${options.version}"` }) },
  });

describe('a 所属長 of 庶務課 who is also staff of 財政課 (head-shomu + dept-zaisei)', () => {
  let token: string;
  beforeAll(async () => {
    token = await signIn({ sub: 'sato', groups: ['head-shomu', 'dept-zaisei'], email: 'sato@city.higashine.example' });
  });

  it('keeps both departments in /api/me, with the e-mail address the token carries', async () => {
    const me = await as(token, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      sub: 'sato',
      name: '庶務課長・財政課',
      email: 'sato@city.higashine.example',
      role: 'department_head',
      hq: false,
      viewer: false,
      departments: [
        { code: 'shomu', name: '庶務課' },
        { code: 'zaisei', name: '財政課' },
      ],
      memberships: [
        { code: 'shomu', name: '庶務課', role: 'head' },
        { code: 'zaisei', name: '財政課', role: 'staff' },
      ],
      permissions: { canReport: true, canConfirm: true, canReview: false },
    });
    expect(me.body.measures).toEqual(expect.arrayContaining(['4', '12', '17', '20', '23', '26']));
    expect(me.body.measures).not.toContain('21');
  });

  it('writes and submits 財政課’s report as staff: it waits for 財政課’s 所属長, who alone may confirm it', async () => {
    const saved = await as(token, 'PUT', actionReport('17-2'), { body: validActionReport });
    expect(saved.status).toBe(201);
    const submitted = await as(token, 'POST', `${actionReport('17-2')}/submit`, { version: 1 });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'pending_head', stateLabel: '課内確認待ち' });

    const ownConfirmation = await as(token, 'POST', `${actionReport('17-2')}/confirm`, { version: 2 });
    expect(ownConfirmation.status).toBe(403);
    expect(ownConfirmation.type).toContain('application/problem+json');
    expect(ownConfirmation.body.detail).toContain('所属長だけが行えます');
    expect((await as(token, 'GET', actionReport('17-2'))).body.state).toBe('pending_head');

    const byZaiseiHead = await api.call(head('zaisei'), 'POST', `${actionReport('17-2')}/confirm`, { headers: { 'If-Match': '"2"' } });
    expect(byZaiseiHead.body).toMatchObject({ state: 'submitted', stateLabel: '提出済' });
  });

  it('confirms 庶務課’s staff’s report as its 所属長', async () => {
    await api.call(dept('shomu'), 'PUT', actionReport('12-1'), { body: validActionReport });
    await api.call(dept('shomu'), 'POST', `${actionReport('12-1')}/submit`, { headers: { 'If-Match': '"1"' } });
    const confirmed = await as(token, 'POST', `${actionReport('12-1')}/confirm`, { version: 2 });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ state: 'submitted', stateLabel: '提出済' });
  });

  it('acts as 所属長 on a measure both departments share (施策4): the submission goes straight to HQ', async () => {
    // 4-1 is shared (関係各課): one in both departments names the part they act on, here 庶務課's.
    await as(token, 'PUT', `${actionReport('4-1')}?department=shomu`, { body: validActionReport });
    const submitted = await as(token, 'POST', `${actionReport('4-1')}/submit?department=shomu`, { version: 1 });
    expect(submitted.body).toMatchObject({ state: 'submitted', stateLabel: '提出済' });
  });

  it('lists the reports of both departments, and no other department’s', async () => {
    await api.call(dept('zaisei'), 'PUT', actionReport('23-1'), { body: validActionReport });
    await api.call(dept('shomu'), 'PUT', actionReport('20-1'), { body: validActionReport });
    await api.call(dept('zeimu'), 'PUT', actionReport('21-1'), { body: validActionReport });
    const list = await as(token, 'GET', `/api/fiscal-years/${fy}/reports`);
    expect(list.status).toBe(200);
    const ids = list.body.reports.map((report: { id: string }) => report.id);
    expect(ids).toEqual(expect.arrayContaining(['17-2', '23-1', '12-1', '20-1']));
    expect(ids).not.toContain('21-1');
    expect((await as(token, 'GET', actionReport('21-1'))).status).toBe(404);
  });
});

describe('other combinations of groups', () => {
  it('a 所属長 who is also in the staff group of the same department acts as its 所属長', async () => {
    const token = await signIn({ sub: 'kato', groups: ['dept-shomu', 'head-shomu'] });
    expect((await as(token, 'GET', '/api/me')).body.memberships).toEqual([{ code: 'shomu', name: '庶務課', role: 'head' }]);
    await api.call(dept('shomu'), 'PUT', actionReport('31-1'), { body: validActionReport });
    await api.call(dept('shomu'), 'POST', `${actionReport('31-1')}/submit`, { headers: { 'If-Match': '"1"' } });
    const confirmed = await as(token, 'POST', `${actionReport('31-1')}/confirm`, { version: 2 });
    expect(confirmed.body).toMatchObject({ state: 'submitted' });
  });

  it('HQ and 庶務課 staff: HQ’s rights everywhere, and 庶務課’s measures on the home page', async () => {
    const token = await signIn({ sub: 'suzuki', groups: ['hq', 'dept-shomu'] });
    const me = await as(token, 'GET', '/api/me');
    expect(me.body).toMatchObject({
      role: 'hq',
      hq: true,
      memberships: [{ code: 'shomu', name: '庶務課', role: 'staff' }],
      permissions: { canReview: true, canPublish: true, canSeeOverview: true },
    });
    expect(me.body.measures).toContain('12');
    expect(me.body.measures).not.toContain('17');

    // Another department's draft is HQ's to see; a submitted one is HQ's to approve.
    await api.call(dept('zaisei'), 'PUT', actionReport('26-1'), { body: validActionReport });
    expect((await as(token, 'GET', actionReport('26-1'))).status).toBe(200);
    await api.call(head('zaisei'), 'POST', `${actionReport('26-1')}/submit`, { headers: { 'If-Match': '"1"' } });
    const approved = await as(token, 'POST', `${actionReport('26-1')}/approve`, { version: 2 });
    expect(approved.body).toMatchObject({ state: 'approved', stateLabel: '承認済' });
    expect((await as(token, 'GET', `/api/fiscal-years/${fy}/overview`)).status).toBe(200);
  });

  it('the council and 財政課 staff: 財政課’s drafts to write, other departments’ reports only once approved', async () => {
    const token = await signIn({ sub: 'ito', groups: ['viewer', 'dept-zaisei'] });
    const me = await as(token, 'GET', '/api/me');
    expect(me.body).toMatchObject({ role: 'department', viewer: true, permissions: { canSeeOverview: true, canReport: true, canReview: false } });

    expect((await as(token, 'PUT', actionReport('23-2'), { body: validActionReport })).status).toBe(201);
    await api.call(dept('shomu'), 'PUT', actionReport('32-1'), { body: validActionReport });
    expect((await as(token, 'GET', actionReport('32-1'))).status).toBe(404);
    await api.call(head('shomu'), 'POST', `${actionReport('32-1')}/submit`, { headers: { 'If-Match': '"1"' } });
    await api.call(hq, 'POST', `${actionReport('32-1')}/approve`, { headers: { 'If-Match': '"2"' } });
    expect((await as(token, 'GET', actionReport('32-1'))).status).toBe(200);
    expect((await as(token, 'POST', `${actionReport('32-1')}/reopen`, { version: 3 })).status).toBe(403);
  });

  it('the council alone: no department, no drafts, nothing to write', async () => {
    const token = await signIn({ sub: 'kimura', groups: ['viewer'] });
    const me = await as(token, 'GET', '/api/me');
    expect(me.body).toMatchObject({ role: 'viewer', viewer: true, hq: false, departments: [], memberships: [], measures: [] });
    expect(me.body).not.toHaveProperty('email');
    await api.call(dept('shomu'), 'PUT', actionReport('35-1'), { body: validActionReport });
    expect((await as(token, 'GET', actionReport('35-1'))).status).toBe(404);
    expect((await as(token, 'PUT', actionReport('35-2'), { body: validActionReport })).status).toBe(404);
  });
});

describe('POST /api/dev/token refuses groups it cannot mint', () => {
  const refused = async (body: unknown) => {
    const answer = await api.call(null, 'POST', '/api/dev/token', { body });
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    return answer.body;
  };

  it('a department nobody registered', async () => {
    const problem = await refused({ sub: 'x', groups: ['head-shomu', 'dept-nowhere'] });
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'groups' })]);
    expect(problem.detail).toContain('課コード「nowhere」は登録されていません');
  });

  it('a name that is not one of hq, viewer, dept-<code>, head-<code>', async () => {
    const problem = await refused({ sub: 'x', groups: ['admin'] });
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'groups.0' })]);
    expect(JSON.stringify(problem.errors)).toContain('グループ名（hq・viewer・dept-課コード・head-課コード）で指定してください');
  });

  it('no groups, or groups and a role at once', async () => {
    expect(JSON.stringify((await refused({ sub: 'x', groups: [] })).errors)).toContain('groups');
    expect(JSON.stringify((await refused({ sub: 'x', role: 'hq', groups: ['hq'] })).errors)).toContain('どちらか一方');
  });

  it('an e-mail address that is not one', async () => {
    const problem = await refused({ sub: 'x', groups: ['hq'], email: 'sato@' });
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'email', message: expect.stringContaining('メールアドレス') })]);
  });
});
