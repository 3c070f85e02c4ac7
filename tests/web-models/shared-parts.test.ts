/**
 * A shared action item (関係各課・共管) in the report form: which department's part it opens and sends, what the
 * 課 selector offers, and the roll-up in words. Every call goes to the real API; `sent` records them, the
 * …/parts reads left out (the form and the queue read them as often as they need).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { ReportFormModel } from '../../web/src/models/report-form.ts';
import { partsText } from '../../web/src/models/parts.ts';
import { ReviewQueueModel, reportKey } from '../../web/src/models/review-queue.ts';
import { forgetSession, getMe } from '../../web/src/state.ts';
import { TEST_CLOCK_START, dept, head, hq, validActionReport } from '../api/harness.ts';
import { modelApi } from './support.ts';

let api: Awaited<ReturnType<typeof modelApi>>;
/** Every call the app sent, as "METHOD path?query", the …/parts reads left out. */
let sent: string[] = [];

// 施策4 is 庶務課・財政課・会計課's: from FY2026 its items 4-1 and 4-2 have a part for each.
beforeAll(async () => {
  api = await modelApi();
  const toApi = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = new URL(String(input), 'http://app');
    if (!url.pathname.endsWith('/parts')) sent.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    return toApi(input, init);
  };
});
beforeEach(() => {
  sent = [];
  api.storage.clear();
});

/** Signs in as someone in these Cognito groups (a 兼務 user is in two dept- groups), as the sign-in screen does. */
async function signInAs(sub: string, groups: string[]): Promise<string[]> {
  const token = await new LocalTokens('test-secret').issue({ sub, name: sub, 'cognito:groups': groups });
  api.storage.setItem('shinchoku.token', token);
  forgetSession();
  return (await getMe()).departments.map((d) => d.code);
}

const load = (id: string, ownDepartments: string[], department?: string) =>
  ReportFormModel.load({
    kind: 'action',
    id,
    fy: 2026,
    readsHistory: true,
    readsSeries: false,
    storage: api.storage,
    now: () => TEST_CLOCK_START,
    ownDepartments,
    department,
  });

describe('a shared action item in the report form', () => {
  it('opens a 兼務 user’s first own part, offers their two 課 (not the third), and sends that 課 on every call', async () => {
    const own = await signInAs('kenmu-1', ['dept-zaisei', 'dept-shomu']);
    const form = await load('4-1', own);
    expect(form.department).toBe('shomu');
    expect(form.choices).toEqual([
      { department: 'shomu', name: '庶務課' },
      { department: 'zaisei', name: '財政課' },
    ]);
    expect(form.sharedLine).toBe('関係各課の取組項目：庶務課の報告');
    for (const [name, value] of Object.entries(validActionReport)) form.edit(name, value);
    expect(await form.save()).toBe('done');
    expect(await form.submit()).toBe('done');
    expect(sent).toEqual([
      'GET /api/me',
      'GET /api/fiscal-years/2026/action-reports/4-1?department=shomu',
      'PUT /api/fiscal-years/2026/action-reports/4-1?department=shomu',
      'POST /api/fiscal-years/2026/action-reports/4-1/submit?department=shomu',
    ]);
  });

  it('opens the 課 the selector chose, and ignores one that is not the user’s to choose', async () => {
    const own = await signInAs('kenmu-2', ['dept-zaisei', 'dept-shomu']);
    const chosen = await load('4-1', own, 'zaisei');
    expect(chosen.department).toBe('zaisei');
    expect(chosen.sharedLine).toBe('関係各課の取組項目：財政課の報告');
    expect(sent.at(-1)).toBe('GET /api/fiscal-years/2026/action-reports/4-1?department=zaisei');
    expect((await load('4-1', own, 'kaikei')).department).toBe('shomu');
  });

  it('keeps each part’s unsaved input apart, so switching 課 does not carry one part’s text into the other', async () => {
    const own = await signInAs('kenmu-3', ['dept-zaisei', 'dept-shomu']);
    const zaisei = await load('4-2', own, 'zaisei');
    zaisei.edit('achievements', '財政課として補助金の見直しを行った');
    const shomu = await load('4-2', own, 'shomu');
    expect(shomu.state.restored).toBe(false);
    expect(shomu.state.fields.achievements).not.toBe('財政課として補助金の見直しを行った');
    expect((await load('4-2', own, 'zaisei')).state.fields.achievements).toBe('財政課として補助金の見直しを行った');
  });

  it('offers no selector to staff of one responsible 課, and shows the other parts and the roll-up', async () => {
    const own = await signInAs('kaikei-1', ['dept-kaikei']);
    const form = await load('4-1', own);
    expect(form.department).toBe('kaikei');
    expect(form.choices).toEqual([]);
    expect(form.sharedLine).toBe('関係各課の取組項目：会計課の報告');
    expect(form.otherParts.map((p) => p.departmentName)).toEqual(['庶務課', '財政課']);
    expect(form.rollUpLine).toBe('取組項目全体：未入力（3課のうち最も進んでいない報告の状態）');
    expect(sent.at(-1)).toBe('GET /api/fiscal-years/2026/action-reports/4-1?department=kaikei');
  });

  it('lets HQ, who belongs to none of the 課, choose any part', async () => {
    await api.signIn(hq);
    const form = await load('4-1', [], 'kaikei');
    expect(form.choices.map((c) => c.name)).toEqual(['庶務課', '財政課', '会計課']);
    expect(form.department).toBe('kaikei');
    expect((await load('4-1', [])).department).toBe('shomu');
  });
});

describe('an unshared action item', () => {
  it('sends no department, offers no selector and says nothing of parts', async () => {
    const own = await signInAs('shomu-1', ['dept-shomu']);
    const form = await load('12-1', own);
    expect(form.department).toBeNull();
    expect(form.choices).toEqual([]);
    expect(form.sharedLine).toBeNull();
    expect(form.rollUpLine).toBeNull();
    expect(form.otherParts).toEqual([]);
    expect(sent.filter((call) => call.includes('department='))).toEqual([]);
  });
});

describe('the parts in one line (the overview’s hover text)', () => {
  it('names each 課 with its state, in the parts’ order', () => {
    expect(
      partsText([
        { department: 'shomu', name: '庶務課', state: 'submitted', stateLabel: '提出済' },
        { department: 'zaisei', name: '財政課', state: 'draft', stateLabel: '下書き' },
      ]),
    ).toBe('庶務課：提出済、財政課：下書き');
  });
});

describe('a shared action item in HQ’s review queue', () => {
  it('puts the parts of one item on one card, and approves each part on its own with its department', async () => {
    const path = '/api/fiscal-years/2027/action-reports/4-1';
    for (const department of ['zaisei', 'kaikei']) {
      const part = `?department=${department}`;
      await api.call(dept(department), 'PUT', `${path}${part}`, { body: validActionReport });
      await api.call(dept(department), 'POST', `${path}/submit${part}`, { headers: { 'If-Match': '"1"' } });
      await api.call(head(department), 'POST', `${path}/confirm${part}`, { headers: { 'If-Match': '"2"' } });
    }
    await api.signIn(hq);
    const queue = new ReviewQueueModel(2027);
    await queue.load();
    expect(queue.items.map((item) => ({ id: item.id, reports: item.reports.map(reportKey), shared: item.parts?.shared }))).toEqual([
      { id: '4-1', reports: ['action-4-1-zaisei', 'action-4-1-kaikei'], shared: true },
    ]);
    const zaisei = queue.state.queue.find((r) => r.department === 'zaisei')!;
    sent = [];
    expect(await queue.act(zaisei, 'approve')).toBe('done');
    expect(queue.state.notice).toEqual({ kind: 'ok', text: '4-1（財政課）を承認しました' });
    expect(sent.slice(0, 2)).toEqual([`GET ${path}?department=zaisei`, `POST ${path}/approve?department=zaisei`]);
    expect(queue.state.queue.map(reportKey)).toEqual(['action-4-1-kaikei']);
    expect((await api.call(hq, 'GET', `${path}?department=kaikei`)).body.state).toBe('submitted');
  });
});
