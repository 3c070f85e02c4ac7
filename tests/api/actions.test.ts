import { beforeAll, describe, expect, it } from 'vitest';
import { reportListSchema, reportSchema } from '../../functions/contract/index.ts';
import { PERMISSION_TABLE } from '../../functions/domain/permissions/table.ts';
import { dept, head, hq, startApi, validActionReport, viewer } from './harness.ts';
import type { Caller } from './harness.ts';

/**
 * Every answer about a report says what its reader may do with it now (`actions`), from the same permission
 * table that decides the request: a button the answer offers works, one it does not offer is refused.
 * 施策4 belongs to 庶務課 (shomu) and 財政課 (zaisei) together; 課内確認 is on (the default).
 */
type Api = Awaited<ReturnType<typeof startApi>>;
const fy = 2026;
const coOwned = `/api/fiscal-years/${fy}/action-reports/4-1`;
/** 4-1 is shared (関係各課): each department has its own part; these tests are about 庶務課's. */
const shomuPart = '?department=shomu';
const writer = dept('shomu', 'shomu-writer');
const coOwnerStaff = dept('zaisei', 'zaisei-staff');

const step = (api: Api, caller: Caller, action: string, version: number, body?: unknown) =>
  api.call(caller, 'POST', `${coOwned}/${action}${shomuPart}`, { headers: { 'If-Match': `"${version}"` }, body });
const actionsOf = async (api: Api, caller: Caller) => {
  const answer = await api.call(caller, 'GET', `${coOwned}${shomuPart}`);
  expect(answer.status).toBe(200);
  return answer.body.actions as string[];
};

/** 庶務課's writer saves 4-1 and submits it to their 所属長: version 2, 課内確認待ち. */
async function submittedByWriter(api: Api) {
  expect((await api.call(writer, 'PUT', coOwned, { body: validActionReport })).status).toBe(201);
  const submitted = await step(api, writer, 'submit', 1);
  expect(submitted.body.state).toBe('pending_head');
  // The answer to the step itself already says what the writer may do next.
  expect(submitted.body.actions).toContain('withdraw');
}

describe('actions on a report of a measure two departments share', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
    await submittedByWriter(api);
  });

  it('offers the writer withdraw, and not confirm, which is their 所属長’s', async () => {
    const actions = await actionsOf(api, writer);
    expect(actions).toContain('withdraw');
    expect(actions).not.toContain('confirm');
    expect(actions).not.toContain('save');
  });

  it('offers another department’s staff no withdraw, and refuses it when they try', async () => {
    expect(await actionsOf(api, coOwnerStaff)).not.toContain('withdraw');
    const refused = await step(api, coOwnerStaff, 'withdraw', 2);
    expect(refused.status).toBe(403);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.detail).toBe('取り下げは提出した本人・提出した課の所属長だけが行えます');
  });

  it('offers the 所属長 of the writer’s department save, confirm, return and withdraw; the co-owner’s 所属長 no withdraw', async () => {
    expect(await actionsOf(api, head('shomu'))).toEqual(expect.arrayContaining(['save', 'confirm', 'return', 'withdraw']));
    expect(await actionsOf(api, head('zaisei'))).not.toContain('withdraw');
  });

  it('leaves 課内確認 to the 所属長 of the submitting department: the co-owner’s 所属長 may not confirm or return it, HQ may not submit it on', async () => {
    const coOwnerHead = await actionsOf(api, head('zaisei'));
    expect(coOwnerHead).not.toContain('confirm');
    expect(coOwnerHead).not.toContain('return');
    const refused = await step(api, head('zaisei'), 'confirm', 2);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('課内確認（推進本部へ提出）は提出した課の所属長だけが行えます');
    expect(await actionsOf(api, hq)).not.toContain('submit');
    expect((await step(api, hq, 'submit', 2)).status).toBe(409);
    expect(await actionsOf(api, head('shomu'))).not.toContain('submit');
  });

  it('offers HQ no approve before the 所属長 has confirmed, and refuses it', async () => {
    const actions = await actionsOf(api, hq);
    expect(actions).not.toContain('approve');
    expect(actions).not.toContain('confirm');
    expect((await step(api, hq, 'approve', 2)).status).toBe(409);
  });

  it('puts each caller’s actions on the items of the year’s list too', async () => {
    const list = await api.call(head('shomu'), 'GET', `/api/fiscal-years/${fy}/reports`);
    const item = reportListSchema.parse(list.body).reports.find((report) => report.id === '4-1');
    expect(item?.actions).toEqual(expect.arrayContaining(['confirm', 'return']));
  });

  it('lets the writer withdraw what the answer offered', async () => {
    const withdrawn = await step(api, writer, 'withdraw', 2);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('draft');
    expect(withdrawn.body.actions).toEqual(expect.arrayContaining(['save', 'submit']));
  });
});

describe('the publication’s state and history', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });

  it.each([
    ['a department’s staff', dept('shomu')],
    ['a 所属長', head('shomu')],
    ['the council', viewer],
  ])('is refused to %s (403, in Japanese)', async (_who, caller) => {
    const answer = await api.call(caller, 'GET', `/api/fiscal-years/${fy}/publication`);
    expect(answer.status).toBe(403);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body.detail).toBe('公表の状態と履歴の閲覧は推進本部（総合政策課）だけが行えます');
  });

  it('is HQ’s, offering to publish a year not yet published', async () => {
    const answer = await api.call(hq, 'GET', `/api/fiscal-years/${fy}/publication`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'unpublished', actions: ['publish'] });
  });
});

describe('opinions', () => {
  it('offer their author save until HQ approves, and HQ save and approve', async () => {
    const api = await startApi();
    const body = { measure: null, speaker: '委員A', date: '2027-05-20', text: '進捗の見える化を進めてほしい。' };
    const created = await api.call(viewer, 'POST', `/api/fiscal-years/${fy}/opinions`, { body });
    expect(created.status).toBe(201);
    expect(created.body.actions).toEqual(['save']);
    const asHq = await api.call(hq, 'GET', `/api/fiscal-years/${fy}/opinions/${created.body.id}`);
    expect(asHq.body.actions).toEqual(['save', 'approve']);
  });
});

describe('one line of the permission table', () => {
  /** Staff save and submit 12-1, their 所属長 confirms it: version 3, 提出済, waiting for HQ. */
  async function submittedToHq(api: Api) {
    const path = `/api/fiscal-years/${fy}/action-reports/12-1`;
    await api.call(dept('shomu'), 'PUT', path, { body: validActionReport });
    await api.call(dept('shomu'), 'POST', `${path}/submit`, { headers: { 'If-Match': '"1"' } });
    const confirmed = await api.call(head('shomu'), 'POST', `${path}/confirm`, { headers: { 'If-Match': '"2"' } });
    expect(confirmed.body.state).toBe('submitted');
    return path;
  }

  /** What HQ is told and allowed about approving, in the three places that must agree. */
  async function hqOnApproval(api: Api) {
    const path = await submittedToHq(api);
    const me = await api.call(hq, 'GET', '/api/me');
    const report = await api.call(hq, 'GET', path);
    const approval = await api.call(hq, 'POST', `${path}/approve`, { headers: { 'If-Match': '"3"' } });
    return { flag: me.body.permissions.canReview, offered: reportSchema.parse(report.body).actions.includes('approve'), status: approval.status };
  }

  it('as shipped lets HQ approve, says so in /me and offers it on the report', async () => {
    expect(await hqOnApproval(await startApi())).toEqual({ flag: true, offered: true, status: 200 });
  });

  it('removed (HQ’s approve row) changes /me, actions and enforcement together', async () => {
    const table = PERMISSION_TABLE.filter((row) => !(row.subject === 'report' && row.action === 'approve' && row.who === 'hq'));
    expect(table).toHaveLength(PERMISSION_TABLE.length - 1);
    expect(await hqOnApproval(await startApi({ extra: { permissionTable: table } }))).toEqual({ flag: false, offered: false, status: 403 });
  });
});
