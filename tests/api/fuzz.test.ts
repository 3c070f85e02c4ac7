import { ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { dept, hq, startApi, validActionReport, validKpiActual, viewer } from './harness.ts';
import type { Caller } from './harness.ts';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});

/** Every item except the plan (large, and no request may touch it), in a stable order. */
async function snapshot(): Promise<string> {
  const { Items = [] } = await api.client.send(
    new ScanCommand({ TableName: api.tableName, FilterExpression: 'PK <> :plan', ExpressionAttributeValues: { ':plan': { S: 'PLAN' } } }),
  );
  return JSON.stringify(Items.map((item) => JSON.stringify(item)).sort());
}

const callers: Caller[] = [dept('shomu'), dept('zeimu'), hq, viewer];
const nastyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\u202E逆', '\uD800', 'が'.normalize('NFD'), '𠮷'.repeat(4001), ' ', ''),
);
const nastyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e21, -1, 1e-7, 0.1 + 0.2, Number.MAX_SAFE_INTEGER + 2, 2 ** 63));
const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 2 }), nastyText, nastyNumber);
/** A valid body with one field replaced, one field added, or something else entirely. */
const mutated = (valid: Record<string, unknown>) =>
  fc.oneof(
    { arbitrary: fc.constant(valid), weight: 3 },
    fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.oneof(jsonish, nastyText, nastyNumber)).map(([key, value]) => ({ ...valid, [key]: value })),
    fc.tuple(fc.string({ maxLength: 8 }), jsonish).map(([key, value]) => ({ ...valid, [key]: value })),
    jsonish,
  );
const fiscalYear = fc.oneof(
  { arbitrary: fc.constantFrom('2026', '2027', '2030'), weight: 4 },
  fc.constantFrom('0x7EA', '2025', '02026', '2026.0', '1e3', '-2026'),
  fc.string({ maxLength: 6 }),
);
const actionId = fc.oneof({ arbitrary: fc.constantFrom('12-1', '12-2', '4-1', '11-2', '12-99'), weight: 4 }, fc.string({ maxLength: 6 }));
const kpiId = fc.oneof({ arbitrary: fc.constantFrom('38-K1', '16-K2', '38-K9'), weight: 4 }, fc.string({ maxLength: 6 }));
const measure = fc.oneof(fc.constantFrom('1', '5', '44', '45', '05'), fc.string({ maxLength: 4 }));
const review = fc.constantFrom('submit', 'return', 'approve', 'reopen');
const departments = fc.oneof(
  fc.constant({ departments: [{ code: 'zaisei' }] }),
  fc
    .array(fc.record({ code: fc.oneof(fc.constantFrom('zaisei', 'new-ka'), fc.string({ maxLength: 8 })), name: fc.option(nastyText, { nil: undefined }) }), {
      maxLength: 3,
    })
    .map((list) => ({ departments: list })),
  jsonish,
);

/** One write request: route, caller, headers and body, valid or not. */
const request = fc.record({
  caller: fc.oneof({ arbitrary: fc.constantFrom(dept('shomu'), hq), weight: 3 }, fc.constantFrom(...callers)),
  target: fc.oneof(
    fc.record({
      method: fc.constant('PUT'),
      path: fc.tuple(fiscalYear, actionId).map(([fy, id]) => `fiscal-years/${fy}/action-reports/${id}`),
      body: mutated(validActionReport),
    }),
    fc.record({
      method: fc.constant('PUT'),
      path: fc.tuple(fiscalYear, kpiId).map(([fy, id]) => `fiscal-years/${fy}/kpi-actuals/${id}`),
      body: mutated(validKpiActual),
    }),
    fc.record({
      method: fc.constant('POST'),
      path: fc
        .tuple(fiscalYear, fc.constantFrom('action-reports', 'kpi-actuals'), fc.oneof(actionId, kpiId), review)
        .map(([fy, kind, id, action]) => `fiscal-years/${fy}/${kind}/${id}/${action}`),
      body: mutated({ comment: '確認しました' }),
    }),
    fc.record({ method: fc.constant('PUT'), path: measure.map((n) => `measures/${n}/departments`), body: departments }),
    fc.record({ method: fc.constant('POST'), path: fiscalYear.map((fy) => `fiscal-years/${fy}/digest`), body: mutated({ force: false }) }),
    fc.record({ method: fc.constant('POST'), path: fiscalYear.map((fy) => `fiscal-years/${fy}/import`), body: fc.uint8Array({ maxLength: 64 }) }),
  ),
  // Mostly well-formed, so that requests also reach the handlers and succeed; sometimes not.
  contentType: fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 6 },
    {
      arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/json; charset=Shift_JIS', 'text/plain', 'application/octet-stream', undefined),
      weight: 1,
    },
  ),
  ifMatch: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.oneof(fc.constantFrom('"1"', '"2"', '*', 'W/"1"', '"0", "1"', '""'), fc.string({ maxLength: 6 })), weight: 1 },
  ),
  bytes: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.uint8Array({ maxLength: 16 }), weight: 1 }),
});

it('never answers a write with a 500, always with problem+json on error, and stores nothing it refused', async () => {
  let tried = 0;
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(request, async ({ caller, target, contentType, ifMatch, bytes }) => {
      tried++;
      const headers: Record<string, string> = {};
      if (contentType) headers['Content-Type'] = contentType;
      if (ifMatch !== undefined) headers['If-Match'] = ifMatch;
      // Sometimes the body is raw bytes (invalid UTF-8 among them) instead of JSON text.
      const raw = target.body instanceof Uint8Array ? target.body : (bytes ?? JSON.stringify(target.body));
      const path = `/api/${target.path.split('/').map(encodeURIComponent).join('/')}`;
      const before = await snapshot();
      const response = await api.call(caller, target.method, path, { raw, headers });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status, `${target.method} ${path} → ${JSON.stringify(response.body).slice(0, 300)}`).toBeLessThan(500);
      if (response.status >= 400) {
        expect(response.type).toContain('application/problem+json');
        expect(response.body.status).toBe(response.status);
        expect(await snapshot(), `${target.method} ${path} was refused (${response.status}) but changed the table`).toBe(before);
      }
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
  );
  console.log(`fuzz: ${tried} write requests tried; answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  expect(tried).toBeGreaterThanOrEqual(Number(process.env.FUZZ_RUNS ?? 150));
}, 120_000);
