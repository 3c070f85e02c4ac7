import { approvalNote } from '../../functions/domain/annual-report/effect-text.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { dept, head, hq, startApi, validActionReport } from './harness.ts';
import type { Caller } from './harness.ts';
import { read } from '../support/contract.ts';
import { expectOverviewAsFullRead } from './overview-check.ts';
import { overviewSchema, yearReportSchema } from '../../functions/contract/index.ts';
import { filterOverview } from '../../web/src/models/overview.ts';
import type { ActionReportDraft } from '../../functions/domain/progress-reports/schema.ts';

/**
 * Shared items (関係各課・共管, issue 20 item 7): 施策4 of the 8th plan is owned by 庶務課, 財政課 and 会計課, so
 * each of its action items has one part per department. Each department writes, submits and has confirmed
 * its own part; another department's 所属長 may not confirm it. 課内確認 is on (the default).
 */
type Api = Awaited<ReturnType<typeof startApi>>;

const fy = 2026;
const item = (id: string, department?: string, step = '') =>
  `/api/fiscal-years/${fy}/action-reports/${id}${step}${department === undefined ? '' : `?department=${department}`}`;
const ifMatch = (version: number | null) => ({ 'If-Match': `"${version}"` });

const zaiseiText = { ...validActionReport, achievements: '財政課として補助金の交付基準を点検した。' };
const kaikeiText = { ...validActionReport, achievements: '会計課として支出事務の手順を見直した。', rating: 'C' };
const shomuText = { ...validActionReport, achievements: '庶務課として例規の点検を行った。' };

/** Saves, submits and has the department's 所属長 confirm one part: it ends 提出済 (HQ's to approve). */
async function submitPart(api: Api, department: string, body: object, staff: Caller = dept(department), id = '4-1') {
  const saved = await api.call(staff, 'PUT', item(id, department), { body });
  expect(saved.status).toBe(201);
  const submitted = await api.call(staff, 'POST', item(id, department, '/submit'), { body: {}, headers: ifMatch(saved.body.version) });
  expect(submitted.body.state).toBe('pending_head');
  const confirmed = await api.call(head(department), 'POST', item(id, department, '/confirm'), { body: {}, headers: ifMatch(submitted.body.version) });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.state).toBe('submitted');
  return confirmed.body;
}

describe('an action item of three departments (施策4: 庶務課・財政課・会計課)', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });

  it('keeps each department’s own part: 財政課 and 会計課 staff save and submit two separate reports', async () => {
    const zaisei = await api.call(dept('zaisei'), 'PUT', item('4-1'), { body: zaiseiText });
    expect(zaisei.status).toBe(201);
    expect(zaisei.body).toMatchObject({ department: 'zaisei', departmentName: '財政課', version: 1 });
    const kaikei = await api.call(dept('kaikei'), 'PUT', item('4-1'), { body: kaikeiText });
    expect(kaikei.status).toBe(201);
    expect(kaikei.body).toMatchObject({ department: 'kaikei', departmentName: '会計課', version: 1 });

    // Two records: each department reads its own text back, not the other's.
    expect((await api.call(dept('zaisei'), 'GET', item('4-1'))).body.body.achievements).toBe(zaiseiText.achievements);
    expect((await api.call(dept('kaikei'), 'GET', item('4-1'))).body.body.achievements).toBe(kaikeiText.achievements);

    for (const [department, saved] of [
      ['zaisei', zaisei],
      ['kaikei', kaikei],
    ] as const) {
      const submitted = await api.call(dept(department), 'POST', item('4-1', department, '/submit'), { body: {}, headers: ifMatch(saved.body.version) });
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ state: 'pending_head', department });
    }
  });

  it('lets 財政課’s 所属長 confirm 財政課’s part and refuses them (403) on 会計課’s', async () => {
    const kaikei = await api.call(head('zaisei'), 'GET', item('4-1', 'kaikei'));
    expect(kaikei.status).toBe(200);
    expect(kaikei.body.actions).not.toContain('confirm');
    const refused = await api.call(head('zaisei'), 'POST', item('4-1', 'kaikei', '/confirm'), { body: {}, headers: ifMatch(kaikei.body.version) });
    expect(refused.status).toBe(403);
    expect(refused.type).toContain('application/problem+json');
    expect((await api.call(hq, 'GET', item('4-1', 'kaikei'))).body.state).toBe('pending_head');

    const zaisei = await api.call(head('zaisei'), 'GET', item('4-1'));
    const confirmed = await api.call(head('zaisei'), 'POST', item('4-1', 'zaisei', '/confirm'), { body: {}, headers: ifMatch(zaisei.body.version) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ state: 'submitted', department: 'zaisei' });

    const other = await api.call(head('kaikei'), 'POST', item('4-1', 'kaikei', '/confirm'), { body: {}, headers: ifMatch(kaikei.body.version) });
    expect(other.body.state).toBe('submitted');
  });

  it('asks HQ which department’s part it means (400 naming department), and answers 404 for a department not responsible', async () => {
    const unnamed = await api.call(hq, 'GET', item('4-1'));
    expect(unnamed.status).toBe(400);
    expect(unnamed.type).toContain('application/problem+json');
    expect(JSON.stringify(unnamed.body)).toContain('department');
    expect(JSON.stringify(unnamed.body)).toContain('関係各課の取組項目です');
    expect((await api.call(hq, 'GET', item('4-1', 'zeimu'))).status).toBe(404);
  });

  it('shows every part side by side, rolled up to the least advanced one, and lists the missing part under its department', async () => {
    const before = await api.call(hq, 'GET', item('4-1', undefined, '/parts'));
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      id: '4-1',
      fiscalYear: fy,
      shared: true,
      parts: [
        { department: 'shomu', departmentName: '庶務課', state: 'missing', stateLabel: '未入力', report: null },
        { department: 'zaisei', departmentName: '財政課', state: 'submitted', report: { body: { achievements: zaiseiText.achievements } } },
        { department: 'kaikei', departmentName: '会計課', state: 'submitted', report: { body: { achievements: kaikeiText.achievements } } },
      ],
      rollUp: { state: 'missing', stateLabel: '未入力' },
    });

    const overview = { body: read(overviewSchema, await api.call(hq, 'GET', `/api/fiscal-years/${fy}/overview`)) };
    const row = overview.body.measures.find((m) => m.key === '4')?.actionItems.find((i) => i.id === '4-1');
    expect(row).toMatchObject({
      state: 'missing',
      parts: [
        { department: 'shomu', name: '庶務課', state: 'missing' },
        { department: 'zaisei', name: '財政課', state: 'submitted' },
        { department: 'kaikei', name: '会計課', state: 'submitted' },
      ],
    });
    const missingOf = (code: string) => overview.body.missing.find((m) => m.department === code)?.actionItems ?? [];
    expect(missingOf('shomu')).toContain('4-1');
    expect(missingOf('zaisei')).not.toContain('4-1');
    expect(missingOf('kaikei')).not.toContain('4-1');
  });

  it('is 提出済 until every part is approved, then 承認済', async () => {
    await submitPart(api, 'shomu', shomuText);
    for (const department of ['zaisei', 'kaikei']) {
      const current = await api.call(hq, 'GET', item('4-1', department));
      const approved = await api.call(hq, 'POST', item('4-1', department, '/approve'), { body: {}, headers: ifMatch(current.body.version) });
      expect(approved.body.state).toBe('approved');
    }
    expect((await api.call(hq, 'GET', item('4-1', undefined, '/parts'))).body.rollUp).toEqual({ state: 'submitted', stateLabel: '提出済' });
    // The year's report shows the approved parts' texts already, and names the department still waiting.
    const partial = read(yearReportSchema, await api.call(hq, 'GET', `/api/fiscal-years/${fy}/report`));
    const partialRow = partial.measures.find((m) => m.key === '4')?.actionItems.find((i) => i.id === '4-1');
    expect(partialRow).toMatchObject({ approved: false, achievements: `【財政課】${zaiseiText.achievements}\n【会計課】${kaikeiText.achievements}` });
    expect(approvalNote(partialRow!)).toBe('庶務課は未承認');

    const shomu = await api.call(hq, 'GET', item('4-1', 'shomu'));
    await api.call(hq, 'POST', item('4-1', 'shomu', '/approve'), { body: {}, headers: ifMatch(shomu.body.version) });
    const after = await api.call(hq, 'GET', item('4-1', undefined, '/parts'));
    expect(after.body.rollUp).toEqual({ state: 'approved', stateLabel: '承認済' });
    expect(after.body.parts.map((part) => part.state)).toEqual(['approved', 'approved', 'approved']);
  });

  it('writes each department’s approved text under its name in the year’s report, with the worst rating', async () => {
    const report = read(yearReportSchema, await api.call(hq, 'GET', `/api/fiscal-years/${fy}/report`));
    const row = report.measures.find((m) => m.key === '4')?.actionItems.find((i) => i.id === '4-1');
    expect(row).toMatchObject({
      approved: true,
      rating: 'C',
      achievements: `【庶務課】${shomuText.achievements}\n【財政課】${zaiseiText.achievements}\n【会計課】${kaikeiText.achievements}`,
    });
    expect(row?.parts?.map((part) => [part.name, part.rating, part.achievements])).toEqual([
      ['庶務課', 'B', shomuText.achievements],
      ['財政課', 'B', zaiseiText.achievements],
      ['会計課', 'C', kaikeiText.achievements],
    ]);
  });

  // 施策14 is 総合政策課・庶務課's (and 関係各課, none assigned): 14-1 has two parts. The new-user trial's case.
  it('counts 庶務課’s approved part of 14-1 under 庶務課 while 総合政策課’s is unwritten: 全体状況, its CSV and the 課別 tally agree', async () => {
    const shomu14 = {
      ...validActionReport,
      status: 'studying',
      rating: 'C',
      achievements: '庶務課として内部統制の先進事例を調べた。',
      challenges: '',
      nextSteps: '',
    };
    const submitted = await submitPart(api, 'shomu', shomu14, dept('shomu'), '14-1');
    expect((await api.call(hq, 'POST', item('14-1', 'shomu', '/approve'), { body: {}, headers: ifMatch(submitted.version) })).body.state).toBe('approved');

    const overview = read(overviewSchema, await api.call(hq, 'GET', `/api/fiscal-years/${fy}/overview`));
    // The item as a whole is its least advanced part: 総合政策課's, not written.
    const row = overview.measures.find((m) => m.key === '14')?.actionItems.find((i) => i.id === '14-1');
    expect(row).toMatchObject({
      state: 'missing',
      parts: [
        { department: 'sogo-seisaku', state: 'missing' },
        { department: 'shomu', state: 'approved' },
      ],
    });
    expect(overview.attainment.actionItems.find((i) => i.id === '14-1')).toMatchObject({ rating: null, parts: [{ rating: null }, { rating: 'C' }] });

    // 庶務課 + 承認済 on the screen: 14-1 is listed and counted, as in the CSV of the same filter.
    const filtered = filterOverview(overview, { top: '', group: '', department: 'shomu', state: 'approved', rating: '' }, false);
    const onScreen = filtered.rows.flatMap((m) => [...m.actionItems.map((i) => i.id), ...m.kpis.map((k) => k.id)]);
    expect(onScreen).toContain('14-1');
    expect(filtered.stateCounts).toEqual({ approved: onScreen.length });
    const csv = await api.call(hq, 'GET', `/api/fiscal-years/${fy}/export.csv?department=shomu&state=approved`);
    expect(csv.status).toBe(200);
    const inCsv = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect([...inCsv].sort()).toEqual([...onScreen].sort());

    // 課別: 庶務課 counts its own parts, 4-1's B and 14-1's C (not 4-1's roll-up, 会計課's C); 総合政策課 has 14-1 unrated.
    const shomuTally = overview.attainment.departments.find((d) => d.code === 'shomu')!;
    expect(shomuTally.actionRatings).toMatchObject({ A: 0, B: 1, C: 1, D: 0 });
    expect(filtered.total.actionRatings).toMatchObject({ A: 0, B: 1, C: 1, D: 0, unrated: 0 });
    expect(overview.attainment.departments.find((d) => d.code === 'sogo-seisaku')!.actionRatings.C).toBe(0);

    // The year's report: the approved part's empty 課題 and 今後の取組 print nothing, not a bare 【庶務課】; its 課別 tally has the C.
    const report = read(yearReportSchema, await api.call(hq, 'GET', `/api/fiscal-years/${fy}/report`));
    const reportRow = report.measures.find((m) => m.key === '14')?.actionItems.find((i) => i.id === '14-1');
    expect(reportRow).toMatchObject({ approved: false, achievements: `【庶務課】${shomu14.achievements}`, challenges: '', nextSteps: '' });
  });

  it('shows in the overview what a full read of the year computes, after its parts were saved, submitted, confirmed, returned and approved', async () => {
    await expectOverviewAsFullRead(api, fy);
  });
});

describe('a 所属長 of 財政課 who is also staff of 会計課 (兼務: head-zaisei + dept-kaikei)', () => {
  let api: Api;
  let token: string;
  beforeAll(async () => {
    api = await startApi();
    const signedIn = await api.call(null, 'POST', '/api/dev/token', { body: { sub: 'kanemu', groups: ['head-zaisei', 'dept-kaikei'] } });
    token = signedIn.body.token;
  });
  const as = (method: string, path: string, body?: unknown) => api.call(null, method, path, { body, headers: { Authorization: `Bearer ${token}` } });

  it('must name the department (400 without) and writes the part it names', async () => {
    const unnamed = await as('PUT', item('4-1'), kaikeiText);
    expect(unnamed.status).toBe(400);
    expect(JSON.stringify(unnamed.body)).toContain('department');

    const kaikei = await as('PUT', item('4-1', 'kaikei'), kaikeiText);
    expect(kaikei.status).toBe(201);
    expect(kaikei.body).toMatchObject({ department: 'kaikei', departmentName: '会計課' });
    // As 会計課 staff: submitting goes to 会計課's 所属長, whom this person is not.
    const submitted = await api.call(null, 'POST', item('4-1', 'kaikei', '/submit'), {
      body: {},
      headers: { Authorization: `Bearer ${token}`, ...ifMatch(kaikei.body.version) },
    });
    expect(submitted.body.state).toBe('pending_head');
    expect(submitted.body.actions).not.toContain('confirm');
    expect((await api.call(dept('zaisei'), 'GET', item('4-1', 'zaisei'))).status).toBe(404);
  });
});

describe('a shared item’s report written before parts existed (one record, no department)', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
    // As the previous release stored it: SK ACTION#4-1, submitted by 財政課.
    const by = { sub: 'zaisei-1', name: '財政課 職員' };
    await api.store.writeReport({
      content: {
        kind: 'action',
        fiscalYear: fy,
        subject: '4-1',
        measure: '4',
        state: 'submitted',
        comment: null,
        submittedBy: by,
        submittedFrom: ['zaisei'],
        submittedFromNames: { zaisei: '財政課' },
        createdAt: '2027-04-10T09:00:00+09:00',
        body: zaiseiText as ActionReportDraft,
      },
      expectedVersion: null,
      change: { action: 'submit', state: 'submitted', changes: [], comment: null },
      at: '2027-04-10T09:00:00+09:00',
      by,
    });
  });

  it('reads as 財政課’s part with its body and version, and HQ’s approval lands on that same record', async () => {
    const read = await api.call(hq, 'GET', item('4-1', 'zaisei'));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ department: 'zaisei', departmentName: '財政課', version: 1, state: 'submitted', body: zaiseiText });
    expect((await api.call(hq, 'GET', item('4-1', 'kaikei'))).status).toBe(404);

    const approved = await api.call(hq, 'POST', item('4-1', 'zaisei', '/approve'), { body: {}, headers: ifMatch(1) });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ version: 2, state: 'approved', department: 'zaisei' });
    const stored = await api.store.getReport({ kind: 'action', fiscalYear: fy, subject: '4-1' });
    expect(stored?.state).toBe('approved');
    const parts = await api.call(hq, 'GET', item('4-1', undefined, '/parts'));
    expect(parts.body.parts.map((part) => [part.department, part.state])).toEqual([
      ['shomu', 'missing'],
      ['zaisei', 'approved'],
      ['kaikei', 'missing'],
    ]);
  });
});
