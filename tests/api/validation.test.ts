import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dept, hq, startApi, validActionReport, validKpiActual } from './harness.ts';

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
beforeAll(async () => {
  // Validation, not the 課内確認 step: staff submit straight to HQ here.
  api = await startApi({ headConfirmation: false });
});

const shomu = dept('shomu');
const action = '/api/fiscal-years/2026/action-reports/12-2';
const kpi = '/api/fiscal-years/2026/kpi-actuals/38-K1';

/** The raw stored item, attribute by attribute, so "unchanged" means byte for byte. */
async function rawItem(sk: string) {
  const { Item } = await api.client.send(
    new GetItemCommand({ TableName: api.tableName, Key: { PK: { S: 'FY#2026' }, SK: { S: sk } } }),
  );
  return Item;
}

describe('bad input gets a Japanese problem+json naming the field, and stores nothing', () => {
  it.each([
    ['実績 over 4,000 characters', action, { ...validActionReport, achievements: 'あ'.repeat(4001) }, 'achievements', '実績は4,000文字以内で入力してください'],
    ['unknown status', action, { ...validActionReport, status: 'finished' }, 'status', '進捗状況を選んでください'],
    ['rating outside A–D', action, { ...validActionReport, rating: 'E' }, 'rating', '自己評価をA〜Dから選んでください'],
    ['課題 not text', action, { ...validActionReport, challenges: 12 }, 'challenges', '課題は文字列で入力してください'],
    ['an unknown field', action, { ...validActionReport, approvedBy: 'me' }, '(本文)', '受け付けていない項目があります: approvedBy'],
    ['KPI value not a number', kpi, { ...validKpiActual, value: '九十' }, 'value', '実績値は数値で入力してください'],
    ['KPI value negative', kpi, { ...validKpiActual, value: -1 }, 'value', '実績値は0以上で入力してください'],
    ['KPI as-of not a date', kpi, { ...validKpiActual, asOf: '令和9年3月31日' }, 'asOf', '時点は YYYY-MM-DD の日付で入力してください'],
    ['KPI as-of impossible date', kpi, { ...validKpiActual, asOf: '2027-02-30' }, 'asOf', '時点は YYYY-MM-DD の日付で入力してください'],
  ])('%s', async (_case, path, body, field, message) => {
    const response = await api.call(shomu, 'PUT', path, { body });
    expect(response.status).toBe(400);
    expect(response.type).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 400, title: '入力内容に誤りがあります' });
    expect(response.body.errors).toContainEqual({ path: field, message });
    expect((await api.call(shomu, 'GET', path)).status).toBe(404);
  });

  it.each([
    ['a fiscal year outside the plan', '/api/fiscal-years/2031/action-reports/12-1', 'fy', '年度は2026（令和8年度）〜2030（令和12年度）で指定してください'],
    ['a fiscal year that is not a number', '/api/fiscal-years/R8/action-reports/12-1', 'fy', '年度は西暦の数値で指定してください（例: 2026）'],
    ['a malformed action-item id', '/api/fiscal-years/2026/action-reports/12_1', 'id', '取組項目IDは「施策番号-行番号」（例: 5-1）で指定してください'],
    ['a malformed KPI id', '/api/fiscal-years/2026/kpi-actuals/16-2', 'id', 'KPIのIDは「施策番号-K番号」（例: 16-K2）で指定してください'],
  ])('rejects %s in the path', async (_case, path, field, message) => {
    const response = await api.call(shomu, 'PUT', path, { body: path.includes('kpi') ? validKpiActual : validActionReport });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: field, message }]);
  });

  it('answers 404 for an id the plan does not have', async () => {
    const response = await api.call(hq, 'PUT', '/api/fiscal-years/2026/action-reports/12-9', { body: validActionReport });
    expect(response.status).toBe(404);
    expect(response.body.detail).toBe('取組項目「12-9」は計画にありません');
  });

  it('rejects a body that is not JSON, or not sent as JSON', async () => {
    const broken = await api.call(shomu, 'PUT', action, { raw: '{"status":', headers: { 'Content-Type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toBe('本文が正しい JSON ではありません');
    const form = await api.call(shomu, 'PUT', action, { raw: 'status=done', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
  });

  it('rejects a body over 64 KB with 413', async () => {
    const response = await api.call(shomu, 'PUT', action, { body: { ...validActionReport, challenges: 'x'.repeat(70_000) } });
    expect(response.status).toBe(413);
    expect(response.type).toContain('application/problem+json');
    expect((await api.call(shomu, 'GET', action)).status).toBe(404);
  });

  it('requires a comment to return a report', async () => {
    const path = '/api/fiscal-years/2026/action-reports/12-3';
    await api.call(shomu, 'PUT', path, { body: validActionReport });
    await api.call(shomu, 'POST', `${path}/submit`, { headers: { 'If-Match': '"1"' } });
    const response = await api.call(hq, 'POST', `${path}/return`, { body: { comment: '' }, headers: { 'If-Match': '"2"' } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'comment', message: '差し戻しの理由を入力してください' }]);
    expect((await api.call(hq, 'GET', path)).body.state).toBe('submitted');
  });

  it('leaves a stored report byte-for-byte unchanged after any rejected write', async () => {
    const path = '/api/fiscal-years/2026/action-reports/4-1';
    const owner = dept('kaikei');
    expect((await api.call(owner, 'PUT', path, { body: validActionReport })).status).toBe(201);
    const before = await rawItem('ACTION#4-1');
    const attempts = [
      await api.call(owner, 'PUT', path, { body: { ...validActionReport, status: 'finished' }, headers: { 'If-Match': '"1"' } }),
      await api.call(owner, 'PUT', path, { body: { ...validActionReport, achievements: '上書き' } }),
      await api.call(owner, 'PUT', path, { body: { ...validActionReport, achievements: '上書き' }, headers: { 'If-Match': '"0"' } }),
      await api.call(dept('zeimu'), 'PUT', path, { body: validActionReport, headers: { 'If-Match': '"1"' } }),
      await api.call(owner, 'POST', `${path}/approve`, { headers: { 'If-Match': '"1"' } }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([400, 428, 412, 404, 403]);
    expect(attempts[1]!.body.title).toBe('更新の前提条件がありません');
    expect(attempts[2]!.body.title).toBe('更新が競合しました');
    expect(await rawItem('ACTION#4-1')).toEqual(before);
    expect((await api.call(owner, 'GET', `${path}/revisions`)).body.revisions).toHaveLength(1);
  });
});
