import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DigestTrigger } from '../../functions/digest/trigger.ts';
import type { Cell } from '../../functions/domain/progress-reports/progress-import.ts';
import { readWorkbook } from '../../functions/sheets/workbook-read.ts';
import { xlsxOf } from '../fixtures/workbook.ts';
import { dept, hq, startApi, viewer } from './harness.ts';

/**
 * Issue 18 item 5: a double click or a retried request must not create twice. Creates accept an
 * Idempotency-Key (IETF httpapi draft): the same key from the same caller on the same route gets the
 * first answer again and creates nothing more.
 */
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});

const opinions = '/api/fiscal-years/2026/opinions';
const opinion = { measure: 12, speaker: '推進懇談会', date: '2027-05-20', text: '窓口のデジタル化は順調である。' };
const listed = async (text: string, caller = hq) => (await api.call(caller, 'GET', opinions)).body.opinions.filter((o: { text: string }) => o.text === text);

describe('Idempotency-Key on creates', () => {
  it('three concurrent 「記録する」 with one key record one opinion, and all three get the same answer', async () => {
    const key = randomUUID();
    const body = { ...opinion, text: '三回押しても一件だけ記録される。' };
    const answers = await Promise.all([1, 2, 3].map(() => api.call(hq, 'POST', opinions, { body, headers: { 'Idempotency-Key': key } })));

    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(answers[1]!.body).toEqual(answers[0]!.body);
    expect(answers[2]!.body).toEqual(answers[0]!.body);
    expect(new Set(answers.map((a) => a.headers.get('location'))).size).toBe(1);
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
    expect(await listed(body.text)).toHaveLength(1);

    // A retry long after the first answer (the network dropped it) is answered the same, still from the one opinion.
    const retried = await api.call(hq, 'POST', opinions, { body, headers: { 'Idempotency-Key': key } });
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(answers[0]!.body);
    expect(await listed(body.text)).toHaveLength(1);
  });

  it('the same key with another body is refused with 422 in Japanese and records nothing', async () => {
    const key = randomUUID();
    const first = await api.call(hq, 'POST', opinions, { body: { ...opinion, text: '最初の内容。' }, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);

    const other = await api.call(hq, 'POST', opinions, { body: { ...opinion, text: '別の内容。' }, headers: { 'Idempotency-Key': key } });
    expect(other.status).toBe(422);
    expect(other.type).toContain('application/problem+json');
    expect(other.body.detail).toContain('Idempotency-Key');
    expect(other.body.detail).toContain('新しいキー');
    expect(await listed('別の内容。')).toHaveLength(0);
    expect(await listed('最初の内容。')).toHaveLength(1);
  });

  it('a new key is a new action: the same content with another key records a second opinion', async () => {
    const body = { ...opinion, text: '同じ発言を二度記録する。' };
    const first = await api.call(hq, 'POST', opinions, { body, headers: { 'Idempotency-Key': randomUUID() } });
    const second = await api.call(hq, 'POST', opinions, { body, headers: { 'Idempotency-Key': randomUUID() } });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
    expect(await listed(body.text)).toHaveLength(2);
  });

  it("another user's request with the same key is their own: it creates their opinion", async () => {
    const key = randomUUID();
    const mine = await api.call(hq, 'POST', opinions, { body: { ...opinion, text: '推進本部が記録した意見。' }, headers: { 'Idempotency-Key': key } });
    const theirs = await api.call(viewer, 'POST', opinions, {
      body: { ...opinion, speaker: '山田委員', text: '委員が提出した意見。' },
      headers: { 'Idempotency-Key': key },
    });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.state).toBe('submitted');
    expect(await listed('委員が提出した意見。')).toHaveLength(1);
    expect(await listed('推進本部が記録した意見。')).toHaveLength(1);
  });

  it('a refused request keeps no answer for its key: sent again, it is refused afresh with the same problem', async () => {
    const key = randomUUID();
    const refused = await api.call(viewer, 'POST', '/api/fiscal-years/2026/digest', { body: { force: true }, headers: { 'Idempotency-Key': key } });
    expect(refused.status).toBe(403);
    expect(refused.type).toContain('application/problem+json');
    const again = await api.call(viewer, 'POST', '/api/fiscal-years/2026/digest', { body: { force: true }, headers: { 'Idempotency-Key': key } });
    expect(again.status).toBe(403);
    expect(again.body.detail).toBe(refused.body.detail);
    // Nothing kept in progress either: the same key is not stuck as "処理中".
    expect(again.body.title).not.toBe('同じ要求を処理中です');
  });

  it('「今すぐ送信」 sent twice with one key mails the digest once', async () => {
    const before = api.sent.length;
    const key = randomUUID();
    const first = await api.call(hq, 'POST', '/api/fiscal-years/2026/digest', { body: { force: true }, headers: { 'Idempotency-Key': key } });
    const second = await api.call(hq, 'POST', '/api/fiscal-years/2026/digest', { body: { force: true }, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const once = api.sent.length - before;
    expect(once).toBeGreaterThan(0);
    const third = await api.call(hq, 'POST', '/api/fiscal-years/2026/digest', { body: { force: true }, headers: { 'Idempotency-Key': randomUUID() } });
    expect(third.status).toBe(200);
    // Had the repeat mailed too, a third send would make it three times `once`'s share, not two.
    expect(api.sent.length - before).toBe(2 * once);
  });

  it('a key that is not a key (control characters, too long) is a 400 naming the header', async () => {
    const answer = await api.call(hq, 'POST', opinions, { body: { ...opinion, text: '不正なキー。' }, headers: { 'Idempotency-Key': 'x'.repeat(300) } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.path).toBe('Idempotency-Key');
    expect(await listed('不正なキー。')).toHaveLength(0);
  });

  it('a filled-in sheet uploaded twice with one key applies once and answers the same; another file with that key is 422', async () => {
    const shomu = dept('shomu');
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const token = await api.call(null, 'POST', '/api/dev/token', { body: { sub: shomu.sub, role: shomu.role, department: shomu.department } });
    const exported = await api.app.request('/api/fiscal-years/2026/export.xlsx', { headers: { Authorization: `Bearer ${token.body.token}` } });
    const rows = readWorkbook(new Uint8Array(await exported.arrayBuffer()), { maxRows: 2000 })[1]!.rows;
    const fill = (text: string): Cell[][] => {
      const copy = rows.map((row) => [...row]);
      const row = copy.findIndex((r) => r[1] === '12-2');
      const header = copy[0]!;
      copy[row]![header.indexOf('進捗状況')] = '実施中';
      copy[row]![header.indexOf('自己評価')] = 'B 計画どおり';
      copy[row]![header.indexOf('実績')] = text;
      return copy;
    };
    const upload = (sheet: Cell[][], key: string) =>
      api.call(shomu, 'POST', '/api/fiscal-years/2026/import', { raw: xlsxOf(sheet), headers: { 'Content-Type': XLSX, 'Idempotency-Key': key } });

    const key = randomUUID();
    const first = await upload(fill('研修を実施した。'), key);
    const again = await upload(fill('研修を実施した。'), key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ applied: 1 });
    // Without the key the repeat would answer "applied: 0"; with it, the first answer again.
    expect(again.body).toEqual(first.body);
    const history = await api.call(shomu, 'GET', '/api/fiscal-years/2026/action-reports/12-2/revisions');
    expect(history.body.revisions).toHaveLength(1);

    const other = await upload(fill('別の内容を書いた。'), key);
    expect(other.status).toBe(422);
    expect((await api.call(shomu, 'GET', '/api/fiscal-years/2026/action-reports/12-2')).body.body.achievements).toBe('研修を実施した。');
  });

  it('a repeat that arrives while the first is still sending waits for it and gets its answer', async () => {
    // A digest whose sending is held until the test lets it go: the first request is surely still running.
    let sends = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const sending = new Promise<void>((resolve) => (entered = resolve));
    const digest: DigestTrigger = {
      preview: async () => {
        throw new Error('not used');
      },
      send: async (fiscalYear) => {
        sends += 1;
        entered();
        await released;
        return { sent: true, fiscalYear, messageId: `held-${sends}`, recipients: ['sogo-seisaku@city.higashine.example'], subject: 'ダイジェスト' };
      },
    };
    const held = await startApi({ extra: { digest } });
    const key = { 'Idempotency-Key': randomUUID() };
    const first = held.call(hq, 'POST', '/api/fiscal-years/2026/digest', { body: { force: true }, headers: key });
    await sending;
    const repeat = held.call(hq, 'POST', '/api/fiscal-years/2026/digest', { body: { force: true }, headers: key });
    // Let the repeat find the key in progress before the first finishes (it waits either way).
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const [a, b] = await Promise.all([first, repeat]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    expect(a.body.messageId).toBe('held-1');
    expect(sends).toBe(1);
  });
});
