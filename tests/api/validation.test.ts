import { get } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { startLocalServer } from '../../functions/api/local-server.ts';
import { etagOf } from '../../functions/contract/index.ts';
import { PlanRegistry } from '../../functions/store/plans.ts';
import { findFreePort } from '../../scripts/local/dynamodb-local.ts';
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
  const { Item } = await api.client.send(new GetItemCommand({ TableName: api.tableName, Key: { PK: { S: 'FY#2026' }, SK: { S: sk } } }));
  return Item;
}

describe('bad input gets a Japanese problem+json naming the field, and stores nothing', () => {
  it.each([
    ['実績 over 4,000 characters', action, { ...validActionReport, achievements: 'あ'.repeat(4001) }, 'achievements', '実績は4,000文字以内で入力してください'],
    ['unknown status', action, { ...validActionReport, status: 'finished' }, 'status', '進捗状況を選んでください'],
    ['rating outside A–D', action, { ...validActionReport, rating: 'E' }, 'rating', '自己評価をA〜Dから選んでください'],
    ['課題 not text', action, { ...validActionReport, challenges: 12 }, 'challenges', '課題は文字列で入力してください'],
    ['an unknown field', action, { ...validActionReport, approvedBy: 'me' }, '(本文)', '受け付けていない項目があります：approvedBy'],
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
    ['a fiscal year that is not a number', '/api/fiscal-years/R8/action-reports/12-1', 'fy', '年度は西暦4桁の数値で指定してください'],
    [
      'a malformed action-item key',
      '/api/fiscal-years/2026/action-reports/12%201',
      'id',
      '取組項目のキーは英数字と - _ . ( ) の40文字以内で指定してください（例：5-1）',
    ],
    [
      'a malformed KPI key',
      '/api/fiscal-years/2026/kpi-actuals/16%E2%88%92K2',
      'id',
      'KPIのキーは英数字と - _ . ( ) の40文字以内で指定してください（例：5-1）',
    ],
  ])('rejects %s in the path', async (_case, path, field, message) => {
    const response = await api.call(shomu, 'PUT', path, { body: path.includes('kpi') ? validKpiActual : validActionReport });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: field, message }]);
  });

  // Keys are the plan's to choose (any letters and digits), so a well-formed key the plan lacks is not found, not malformed.
  it.each([
    ['an action-item key', '/api/fiscal-years/2026/action-reports/12-9', '取組項目「12-9」は計画にありません'],
    ['an action-item key in another spelling', '/api/fiscal-years/2026/action-reports/12_1', '取組項目「12_1」は計画にありません'],
    ['a KPI key', '/api/fiscal-years/2026/kpi-actuals/16-2', 'KPI「16-2」は計画にありません'],
  ])('answers 404 for %s the plan does not have, and stores nothing', async (_case, path, detail) => {
    const response = await api.call(hq, 'PUT', path, { body: path.includes('kpi') ? validKpiActual : validActionReport });
    expect(response.status).toBe(404);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.detail).toBe(detail);
    expect((await api.call(hq, 'GET', path)).status).toBe(404);
  });

  it('answers 404 for a fiscal year no plan covers, naming the year, and stores nothing', async () => {
    const path = '/api/fiscal-years/2031/action-reports/12-1';
    const response = await api.call(shomu, 'PUT', path, { body: validActionReport });
    expect(response.status).toBe(404);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.detail).toBe('令和13年度の計画はありません');
    expect((await api.call(hq, 'GET', path)).status).toBe(404);
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

describe('numbers are accepted only when the store keeps them exactly', () => {
  it.each([
    ['1e21', 1e21, '実績値が大きすぎます（9,007,199,254,740,991 以下で入力してください）'],
    ['past Number.MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER + 2, '実績値が大きすぎます（9,007,199,254,740,991 以下で入力してください）'],
    ['1e-7 (seven decimals)', 1e-7, '実績値の小数は6桁までで入力してください'],
    ['0.1 + 0.2 (floating-point noise)', 0.1 + 0.2, '実績値の小数は6桁までで入力してください'],
  ])('refuses a KPI value of %s with 400 naming the field', async (_case, value, message) => {
    const response = await api.call(shomu, 'PUT', kpi, { body: { ...validKpiActual, value } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'value', message }]);
    expect(await rawItem('KPI#38-K1')).toBeUndefined();
  });

  it('keeps the largest exact integer and a six-decimal rate exactly', async () => {
    const big = '/api/fiscal-years/2027/kpi-actuals/38-K1';
    // Drafts without a 時点: these years' 時点 would have to fall within their own fiscal years.
    const saved = await api.call(shomu, 'PUT', big, { body: { value: Number.MAX_SAFE_INTEGER } });
    expect(saved.status).toBe(201);
    expect((await api.call(shomu, 'GET', big)).body.body.value).toBe(Number.MAX_SAFE_INTEGER);
    const rate = '/api/fiscal-years/2028/kpi-actuals/38-K1';
    expect((await api.call(shomu, 'PUT', rate, { body: { value: 12.345678 } })).status).toBe(201);
    expect((await api.call(shomu, 'GET', rate)).body.body.value).toBe(12.345678);
  });
});

describe('path parameters are read exactly', () => {
  it.each([
    ['0x7EA', '/api/fiscal-years/0x7EA/digest', 'fy', '年度は西暦4桁の数値で指定してください'],
    ['02026', '/api/fiscal-years/02026/digest', 'fy', '年度は西暦4桁の数値で指定してください'],
    ['2026.0', '/api/fiscal-years/2026.0/digest', 'fy', '年度は西暦4桁の数値で指定してください'],
    ['2e3', '/api/fiscal-years/2e3/digest', 'fy', '年度は西暦4桁の数値で指定してください'],
  ])('refuses the fiscal year %s and sends nothing', async (_case, path, field, message) => {
    const response = await api.call(hq, 'POST', path, { body: {} });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: field, message }]);
    expect(api.sent).toHaveLength(0);
  });

  it.each([
    ['2025', '令和7年度は計画期間（令和8〜12年度）の外です'],
    ['2031', '令和13年度の計画はありません'],
  ])('answers 404 for the digest of FY%s, which no plan covers, naming the year, and sends nothing', async (fy, detail) => {
    const response = await api.call(hq, 'POST', `/api/fiscal-years/${fy}/digest`, { body: {} });
    expect(response.status).toBe(404);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.detail).toBe(detail);
    expect(api.sent).toHaveLength(0);
    const overview = await api.call(hq, 'GET', `/api/fiscal-years/${fy}/overview`);
    expect(overview.status).toBe(404);
    expect(overview.body.detail).toBe(detail);
  });

  it.each([
    ['a measure key with a space', 'PUT', '/api/measures/5%201/departments', 'n'],
    ['a measure key longer than 40 characters', 'GET', `/api/measures/${'1'.repeat(41)}/departments`, 'n'],
    ['an action-item key with a slash', 'GET', '/api/fiscal-years/2026/action-reports/12%2F1', 'id'],
    ['a KPI key in full-width letters', 'GET', '/api/kpis/16-%EF%BC%AB2/actuals', 'kpiId'],
  ])('refuses %s', async (_case, method, path, field) => {
    const response = await api.call(hq, method, path, { body: method === 'PUT' ? { departments: [] } : undefined });
    expect(response.status).toBe(400);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.errors?.map((e) => e.path)).toEqual([field]);
  });

  it.each([
    ['a measure key with a leading zero', 'PUT', '/api/measures/05/departments', '施策「05」は計画にありません'],
    ['a measure key past the plan’s 44', 'GET', '/api/measures/45/departments', '施策「45」は計画にありません'],
    ['an action-item key with a leading zero', 'GET', '/api/fiscal-years/2026/action-reports/012-1', '取組項目「012-1」は計画にありません'],
    ['a KPI key with a lower-case k', 'GET', '/api/kpis/16-k2/actuals', 'KPI「16-k2」は計画にありません'],
  ])('reads %s exactly: not the plan’s, so not found', async (_case, method, path, detail) => {
    const response = await api.call(hq, method, path, { body: method === 'PUT' ? { departments: [] } : undefined });
    expect(response.status).toBe(404);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.detail).toBe(detail);
  });
});

describe('routes and methods the API does not have', () => {
  it('answers an unknown route with a problem+json 404', async () => {
    const response = await api.call(hq, 'PUT', '/api/nope', { body: {} });
    expect(response.status).toBe(404);
    expect(response.type).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, title: '見つかりません', detail: 'このURLのAPIはありません' });
  });

  it('answers a wrong method on a real route with 405 and the methods it has in Allow', async () => {
    const response = await api.call(hq, 'DELETE', action);
    expect(response.status).toBe(405);
    expect(response.type).toContain('application/problem+json');
    expect(response.headers.get('allow')).toBe('GET, HEAD, PUT');
    expect(response.body.detail).toBe('このURLでは DELETE は使えません（使えるのは GET, HEAD, PUT）');
    const post = await api.call(hq, 'GET', '/api/fiscal-years/2026/digest');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('POST');
  });
});

describe('bodies are UTF-8 JSON', () => {
  it('refuses a body declared in another charset with 415, and stores nothing', async () => {
    const response = await api.call(shomu, 'PUT', action, {
      raw: JSON.stringify(validActionReport),
      headers: { 'Content-Type': 'application/json; charset=Shift_JIS' },
    });
    expect(response.status).toBe(415);
    expect(response.body.detail).toBe('本文の文字コードは UTF-8 だけを受け付けます（Shift_JIS は使えません）');
    expect(await rawItem('ACTION#12-2')).toBeUndefined();
  });

  it('refuses bytes that are not UTF-8 with 400 instead of storing U+FFFD', async () => {
    // 「実績」 in Shift_JIS, sent without a charset.
    const sjis = new Uint8Array([0x8e, 0xc0, 0x90, 0xd1]);
    const prefix = new TextEncoder().encode('{"status":"done","rating":"A","achievements":"');
    const raw = new Uint8Array([...prefix, ...sjis, ...new TextEncoder().encode('"}')]);
    const response = await api.call(shomu, 'PUT', action, { raw, headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body.detail).toBe('本文が正しい UTF-8 ではありません。UTF-8 で送ってください');
    expect(await rawItem('ACTION#12-2')).toBeUndefined();
  });

  it('takes charset=utf-8 spelled any way', async () => {
    const path = '/api/fiscal-years/2027/action-reports/12-2';
    const response = await api.call(shomu, 'PUT', path, {
      raw: JSON.stringify(validActionReport),
      headers: { 'Content-Type': 'application/json; charset="UTF-8"' },
    });
    expect(response.status).toBe(201);
  });
});

describe('text is stored as NFC and counted as the form counts it', () => {
  it('stores text typed on a Mac (NFD) as NFC', async () => {
    const path = '/api/fiscal-years/2028/action-reports/12-2';
    const nfd = 'ガイドラインを策定'.normalize('NFD');
    const response = await api.call(shomu, 'PUT', path, { body: { ...validActionReport, achievements: nfd } });
    expect(response.status).toBe(201);
    expect(response.body.body.achievements).toBe('ガイドラインを策定');
    expect(response.body.body.achievements).not.toBe(nfd);
  });

  it('counts 𠮷 as one character: 4,000 fit, 4,001 do not', async () => {
    const path = '/api/fiscal-years/2029/action-reports/12-2';
    const over = await api.call(shomu, 'PUT', path, { body: { ...validActionReport, achievements: '𠮷'.repeat(4001) } });
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([{ path: 'achievements', message: '実績は4,000文字以内で入力してください' }]);
    const fits = await api.call(shomu, 'PUT', path, { body: { ...validActionReport, achievements: '𠮷'.repeat(4000) } });
    expect(fits.status).toBe(201);
  });

  it.each([
    ['NUL', 'a\u0000b', 'achievements', '実績に使えない制御文字（U+0000）が含まれています'],
    ['a bidi override', '\u202E実績', 'challenges', '課題に使えない制御文字（U+202E）が含まれています'],
    ['a bidi isolate', '\u2066x\u2069', 'nextSteps', '今後の取組に使えない制御文字（U+2066）が含まれています'],
    ['a lone surrogate', '\uD800', 'achievements', '実績に文字化けした文字（U+D800、不正なUnicode）が含まれています'],
  ])('refuses %s in a text field, naming the field', async (_case, text, field, message) => {
    const response = await api.call(shomu, 'PUT', action, { body: { ...validActionReport, [field]: text } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: field, message }]);
    expect(await rawItem('ACTION#12-2')).toBeUndefined();
  });

  it('keeps tabs and line breaks', async () => {
    const path = '/api/fiscal-years/2030/action-reports/12-2';
    const response = await api.call(shomu, 'PUT', path, { body: { ...validActionReport, achievements: '一\t二\r\n三\n四' } });
    expect(response.status).toBe(201);
    expect(response.body.body.achievements).toBe('一\t二\r\n三\n四');
  });
});

describe('compression: CloudFront’s in AWS, the local server’s here', () => {
  /** A GET through the local server, read as the bytes that come over the wire (fetch would unzip them). */
  function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; bytes: Buffer }> {
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, bytes: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  }

  async function withLocalServer(run: (port: number, token: string) => Promise<void>) {
    const tokens = new LocalTokens('test-secret');
    const port = await findFreePort();
    const server = await startLocalServer({ port, deps: { store: api.store, verifier: tokens, plans: new PlanRegistry(api.store) } });
    try {
      await run(port, await tokens.issue({ sub: 'shomu-gzip', name: '庶務課', 'cognito:groups': ['dept-shomu'] }));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('the functions answer uncompressed, whatever the client accepts (CloudFront compresses /api/* in AWS)', async () => {
    const token = await new LocalTokens('test-secret').issue({ sub: 'shomu-gzip', name: '庶務課', 'cognito:groups': ['dept-shomu'] });
    const answer = await api.app.request('/api/plan', { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(answer.headers.get('content-encoding')).toBeNull();
    expect((await answer.json()).measures).toHaveLength(44);
  });

  it('the local server gzips JSON answers for clients that accept it, and only them', async () => {
    await withLocalServer(async (port, token) => {
      const gzipped = await rawGet(port, '/api/plan', { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip, deflate, br' });
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers.vary).toContain('Accept-Encoding');
      const plan = JSON.parse(gunzipSync(gzipped.bytes).toString('utf8'));
      expect(plan.measures).toHaveLength(44);
      expect(gzipped.bytes.byteLength).toBeLessThan(Buffer.byteLength(JSON.stringify(plan)) / 4);
      const plain = await rawGet(port, '/api/plan', { Authorization: `Bearer ${token}` });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(plain.bytes.toString('utf8')).measures).toHaveLength(44);
    });
  });

  it('a compressed answer’s ETag turns weak, as CloudFront makes it; If-Match written from its version still matches, the weak tag never does', async () => {
    const path = '/api/fiscal-years/2027/action-reports/12-3';
    const long = { ...validActionReport, achievements: '電子申請の対象手続を拡大した。'.repeat(200) };
    expect((await api.call(shomu, 'PUT', path, { body: long })).status).toBe(201);
    await withLocalServer(async (port, token) => {
      const read = await rawGet(port, path, { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip' });
      expect(read.headers['content-encoding']).toBe('gzip');
      expect(read.headers.etag).toBe('W/"1"');
      const { version } = JSON.parse(gunzipSync(read.bytes).toString('utf8'));
      const write = (ifMatch: string) =>
        fetch(`http://127.0.0.1:${port}${path}`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': ifMatch },
          body: JSON.stringify({ ...long, achievements: '電子申請の対象手続を3件拡大した。' }),
        });
      expect((await write(read.headers.etag!)).status).toBe(412);
      expect((await write(etagOf(version))).status).toBe(200);
    });
  });
});
