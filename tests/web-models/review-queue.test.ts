import { beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../functions/contract/index.ts';
import { returnedBy } from '../../functions/domain/progress-reports/workflow.ts';
import { ReviewQueueModel, looksAtYearBefore, reportKey, reviewContext, sharedReviewContext } from '../../web/src/models/review-queue.ts';
import { getPlan } from '../../web/src/state.ts';
import { dept, head, hq, validActionReport, validKpiActual } from '../api/harness.ts';
import { modelApi } from './support.ts';

let api: Awaited<ReturnType<typeof modelApi>>;

/**
 * A report written, submitted and confirmed by its 所属長: waiting for HQ at version 3. 4-1 and 4-2 are
 * 庶務課・財政課・会計課's shared items from FY2026, so `department` names the part; 12-1 is 庶務課's alone.
 * Returns the report's path with its ?department=, as HQ calls it.
 */
async function submitted(id: string, fy: number, department: string, body: object = validActionReport) {
  const path = `/api/fiscal-years/${fy}/action-reports/${id}`;
  const part = id.startsWith('12-') ? '' : `?department=${department}`;
  await api.call(dept(department), 'PUT', `${path}${part}`, { body });
  await api.call(dept(department), 'POST', `${path}/submit${part}`, { headers: { 'If-Match': '"1"' } });
  await api.call(head(department), 'POST', `${path}/confirm${part}`, { headers: { 'If-Match': '"2"' } });
  return `${path}${part}`;
}

beforeAll(async () => {
  api = await modelApi();
  await api.signIn(hq);
});

describe('the review queue model, against the real API', () => {
  it('lists what waits for HQ with its history, and approves one', async () => {
    const path = await submitted('12-1', 2026, 'shomu');
    const queue = new ReviewQueueModel(2026);
    await queue.load();
    expect(queue.state.queue.map((r) => r.id)).toEqual(['12-1']);
    expect(queue.state.histories.get('action-12-1')?.map((r) => r.action)).toEqual(['save', 'submit', 'confirm']);
    expect(await queue.act(queue.state.queue[0]!, 'approve')).toBe('done');
    expect(queue.state.notice).toEqual({ kind: 'ok', text: '12-1を承認しました' });
    expect(queue.state.queue).toEqual([]);
    expect((await api.call(hq, 'GET', path)).body.state).toBe('approved');
  });

  it('lists a part of a shared item with its own history, and names its 課 when approving it', async () => {
    const path = await submitted('4-1', 2026, 'kaikei');
    const queue = new ReviewQueueModel(2026);
    await queue.load();
    expect(queue.state.queue.map((r) => r.id)).toEqual(['4-1']);
    expect(queue.state.histories.get('action-4-1-kaikei')?.map((r) => r.action)).toEqual(['save', 'submit', 'confirm']);
    expect(await queue.act(queue.state.queue[0]!, 'approve')).toBe('done');
    expect(queue.state.notice).toEqual({ kind: 'ok', text: '4-1（会計課）を承認しました' });
    expect(queue.state.queue).toEqual([]);
    expect((await api.call(hq, 'GET', path)).body.state).toBe('approved');
  });

  it('asks for a reason before 差し戻し and sends nothing without one', async () => {
    const path = await submitted('4-2', 2026, 'kaikei');
    const queue = new ReviewQueueModel(2026);
    await queue.load();
    const report = queue.state.queue.find((r) => r.id === '4-2')!;
    expect(await queue.act(report, 'return')).toBe('invalid');
    expect(queue.state.commentErrors['action-4-2-kaikei']).toBeTruthy();
    queue.setComment(report, '実績の数字の根拠を添えてください');
    expect(await queue.act(report, 'return')).toBe('done');
    expect(queue.state.returned.map((r) => r.id)).toContain('4-2');
    expect((await api.call(hq, 'GET', path)).body).toMatchObject({ state: 'returned', comment: '実績の数字の根拠を添えてください' });
  });

  it('sends nothing for a report changed since it was listed, says so, and lists again', async () => {
    const path = await submitted('4-1', 2027, 'kaikei');
    const queue = new ReviewQueueModel(2027);
    await queue.load();
    const listed = queue.state.queue[0]!;
    await api.call(dept('kaikei'), 'POST', path.replace('?', '/withdraw?'), { headers: { 'If-Match': '"3"' } });
    expect(await queue.act(listed, 'approve')).toBe('stale');
    expect(queue.state.notice?.text).toMatch(/^4-1（会計課）は一覧を表示した後に変更されました/);
    expect(queue.state.queue).toEqual([]);
    expect((await api.call(hq, 'GET', path)).body.state).not.toBe('approved');
  });

  it('offers 承認する and 差し戻す only as a report’s `actions` list them', async () => {
    const queue = new ReviewQueueModel(2026);
    const report = reportSchema.parse((await api.call(hq, 'GET', '/api/fiscal-years/2026/action-reports/4-1?department=kaikei')).body);
    expect(queue.buttons({ ...report, actions: ['approve', 'return'] })).toEqual({ approve: true, return: true });
    expect(queue.buttons({ ...report, actions: ['return'] })).toEqual({ approve: false, return: true });
    expect(queue.buttons({ ...report, actions: [] })).toEqual({ approve: false, return: false });
  });

  it('shows each report against the plan: the year’s activity and 前倒し/予定どおり/遅れ, a KPI’s baseline, target and warning', async () => {
    // 4-2 plans 調査研究・実施検討 (study) for FY2026, so 実施中 is ahead of it; 38-K1 is a % KPI reported at 120.
    await submitted('4-2', 2026, 'zaisei');
    const kpiPath = '/api/fiscal-years/2027/kpi-actuals/38-K1';
    await api.call(dept('shomu'), 'PUT', kpiPath, { body: { ...validKpiActual, value: 120, asOf: '2028-03-31' } });
    await api.call(dept('shomu'), 'POST', `${kpiPath}/submit`, { headers: { 'If-Match': '"1"' } });
    await api.call(head('shomu'), 'POST', `${kpiPath}/confirm`, { headers: { 'If-Match': '"2"' } });
    const plan = await getPlan();

    const year2026 = new ReviewQueueModel(2026);
    await year2026.load();
    const action = year2026.state.queue.find((r) => r.id === '4-2' && r.department === 'zaisei')!;
    expect(reviewContext(plan, action)).toEqual({
      kind: 'action',
      activity: '先進事例の調査研究・本市の状況に合わせた実施検討',
      flag: 'ahead',
      flagLabel: '前倒し',
    });
    expect(reviewContext(plan, { ...action, body: { ...action.body, status: 'not_started' } } as typeof action)).toMatchObject({ flagLabel: '遅れ' });

    const year2027 = new ReviewQueueModel(2027);
    await year2027.load();
    const kpi = year2027.state.queue.find((r) => r.id === '38-K1')!;
    expect(reviewContext(plan, kpi, year2027.state.warnings.get(reportKey(kpi)))).toEqual({
      kind: 'kpi',
      baseline: '87.5%（令和6年度）',
      target: '90%（令和11年度）',
      warnings: [expect.stringContaining('100%を超えています')],
    });
  });

  it('approves the ticked reports after one confirmation, each on its own: one changed since listed does not stop the others', async () => {
    // One after another: the queue lists the oldest submission first.
    const paths: string[] = [];
    for (const id of ['12-1', '12-2', '12-3']) paths.push(await submitted(id, 2028, 'shomu'));
    const queue = new ReviewQueueModel(2028);
    await queue.load();
    for (const r of queue.state.queue) queue.select(r, true);
    expect(queue.selectedReports.map((r) => r.id)).toEqual(['12-1', '12-2', '12-3']);
    // 12-2 is withdrawn by its department after HQ listed it: its approval answers 412 and it stays as it is.
    await api.call(dept('shomu'), 'POST', `${paths[1]}/withdraw`, { headers: { 'If-Match': '"3"' } });

    const outcomes = await queue.approveSelected();
    expect(outcomes.map((o) => [o.name, o.result])).toEqual([
      ['12-1', 'approved'],
      ['12-2', 'stale'],
      ['12-3', 'approved'],
    ]);
    expect(outcomes[1]!.text).toBe('12-2：一覧を表示した後に変更されたため承認していません。内容を確かめてください');
    expect(queue.state.notice).toEqual({ kind: 'error', text: '3件のうち2件を承認し、1件は承認していません（下の一覧を確かめてください）' });
    expect(queue.state.selected.size).toBe(0);
    expect((await api.call(hq, 'GET', paths[0]!)).body.state).toBe('approved');
    expect((await api.call(hq, 'GET', paths[1]!)).body.state).toBe('draft');
    expect((await api.call(hq, 'GET', paths[2]!)).body.state).toBe('approved');
  });

  it('shows an every-other-year (隔年実施) item with the year before’s approved status, and compares it with that year', async () => {
    // 14-2 is 隔年実施 every year of the plan (総合政策課・庶務課). 庶務課 held it in FY2026 (実施中, approved),
    // so FY2027 is the year off: 未着手 is as planned, not 遅れ.
    const last = await submitted('14-2', 2026, 'shomu');
    expect((await api.call(hq, 'POST', last.replace('?', '/approve?'), { headers: { 'If-Match': '"3"' } })).status).toBe(200);
    await submitted('14-2', 2027, 'shomu', { ...validActionReport, status: 'not_started' });
    const plan = await getPlan();

    const queue = new ReviewQueueModel(2027);
    await queue.load();
    const report = queue.state.queue.find((r) => r.id === '14-2' && r.department === 'shomu')!;
    const before = queue.state.yearsBefore.get(reportKey(report));
    expect(before).toEqual({ fiscalYear: 2026, status: 'implementing', stateLabel: '承認済' });
    expect(reviewContext(plan, report, [], before)).toEqual({
      kind: 'action',
      activity: '隔年実施',
      flag: 'on_plan',
      flagLabel: '予定どおり',
      yearBefore: '令和8年度（前年度）の承認済みの進捗状況：実施中',
    });
    // Without the year before it would read as 遅れ; an unapproved year before is said so and counts as not held.
    expect(reviewContext(plan, report)).toMatchObject({ flagLabel: '遅れ' });
    expect(reviewContext(plan, report, [], { fiscalYear: 2026, status: null, stateLabel: '差戻し' })).toMatchObject({
      flagLabel: '遅れ',
      yearBefore: '令和8年度（前年度）は承認済みの報告がありません（現在：差戻し）',
    });
    expect(reviewContext(plan, report, [], { fiscalYear: 2026, status: null, stateLabel: null })).toMatchObject({
      yearBefore: '令和8年度（前年度）の報告はありません',
    });
    // Only schedules that alternate or plan nothing this year look back: the rest are read without the year before.
    expect(queue.state.yearsBefore.size).toBe(queue.state.queue.filter((r) => r.id === '14-2').length);
    expect([looksAtYearBefore('biennial'), looksAtYearBefore('none'), looksAtYearBefore(undefined)]).toEqual([true, true, true]);
    expect([looksAtYearBefore('implement'), looksAtYearBefore('study'), looksAtYearBefore('as_needed')]).toEqual([false, false, false]);
  });

  it('weighs a shared item’s queued part as it weighs an unshared report: its 進捗状況 and 自己評価, the year’s plan and the part’s 計画との比較', async () => {
    // 14-1 is 総合政策課・庶務課's; FY2026 plans 調査研究・実施検討 (study), so 庶務課's 実施中 is ahead of it.
    await submitted('14-1', 2026, 'shomu', { ...validActionReport, rating: 'C' });
    const plan = await getPlan();
    const queue = new ReviewQueueModel(2026);
    await queue.load();
    const item = queue.items.find((i) => i.id === '14-1')!;
    expect(item.parts?.shared).toBe(true);
    expect(item.parts?.parts.find((p) => p.department === 'shomu')?.report?.body).toMatchObject({ status: 'implementing', rating: 'C' });
    const weighed = sharedReviewContext(plan, item, queue.state.yearsBefore);
    expect(weighed?.activity).toBe('先進事例の調査研究・本市の状況に合わせた実施検討');
    expect([...weighed!.parts]).toEqual([
      ['shomu', { kind: 'action', activity: '先進事例の調査研究・本市の状況に合わせた実施検討', flag: 'ahead', flagLabel: '前倒し' }],
    ]);
  });

  it('counts as 差し戻し中 only what HQ returned: a 所属長’s return in 課内確認 never reached HQ', async () => {
    // FY2029, which no other test here writes: 12-1 goes back from 庶務課長's 課内確認, 12-2 from HQ's review.
    const byHead = '/api/fiscal-years/2029/action-reports/12-1';
    await api.call(dept('shomu'), 'PUT', byHead, { body: validActionReport });
    await api.call(dept('shomu'), 'POST', `${byHead}/submit`, { headers: { 'If-Match': '"1"' } });
    const headReturn = await api.call(head('shomu'), 'POST', `${byHead}/return`, {
      headers: { 'If-Match': '"2"' },
      body: { comment: '課題の書き方を直してください' },
    });
    expect(headReturn.body.state).toBe('returned');
    const byHq = await submitted('12-2', 2029, 'shomu');
    expect(
      (await api.call(hq, 'POST', `${byHq}/return`, { headers: { 'If-Match': '"3"' }, body: { comment: '実績の数字の根拠を添えてください' } })).body.state,
    ).toBe('returned');

    const queue = new ReviewQueueModel(2029);
    await queue.load();
    expect(queue.state.returned.map((r) => [r.id, r.comment])).toEqual([['12-2', '実績の数字の根拠を添えてください']]);
    const history = async (path: string) => (await api.call(hq, 'GET', `${path}/revisions`)).body.revisions;
    expect([returnedBy(await history(byHead)), returnedBy(await history(byHq)), returnedBy([])]).toEqual(['head', 'hq', null]);
  });
});
