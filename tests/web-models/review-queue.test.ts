import { beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../functions/contract/index.ts';
import { ReviewQueueModel } from '../../web/src/models/review-queue.ts';
import { dept, head, hq, validActionReport } from '../api/harness.ts';
import { modelApi } from './support.ts';

let api: Awaited<ReturnType<typeof modelApi>>;

/**
 * A report written, submitted and confirmed by its 所属長: waiting for HQ at version 3. 4-1 and 4-2 are
 * 庶務課・財政課・会計課's shared items from FY2026, so `department` names the part; 12-1 is 庶務課's alone.
 * Returns the report's path with its ?department=, as HQ calls it.
 */
async function submitted(id: string, fy: number, department: string) {
  const path = `/api/fiscal-years/${fy}/action-reports/${id}`;
  const part = id.startsWith('12-') ? '' : `?department=${department}`;
  await api.call(dept(department), 'PUT', `${path}${part}`, { body: validActionReport });
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
});
