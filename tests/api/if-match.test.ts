import { beforeAll, describe, expect, it } from 'vitest';
import { parseIfMatch } from '../../functions/http/etag.ts';
import { dept, hq, startApi, validActionReport } from './harness.ts';

/**
 * RFC 9110 §13.1.1: If-Match is true for `*` when a current representation exists, or when any listed
 * entity-tag equals the current one by strong comparison (§8.8.3.2); weak tags never match. The current
 * ETag is "2" (or nothing, for a report not yet written).
 */
const TABLE: [header: string, withCurrent: boolean, withoutCurrent: boolean][] = [
  ['"2"', true, false],
  ['*', true, false],
  ['"1", "2"', true, false],
  ['"1","2"', true, false],
  ['  "3" ,  "2"  ', true, false],
  ['"x,y", "2"', true, false],
  ['W/"2"', false, false],
  ['W/"1", W/"2"', false, false],
  ['W/"2", "2"', true, false],
  ['"1"', false, false],
  ['"1", "3"', false, false],
  ['2', false, false],
  ['"2', false, false],
  ["'2'", false, false],
  ['"2" "3"', false, false],
  ['"2";x', false, false],
  ['**', false, false],
  ['*, "2"', false, false],
  ['', false, false],
];

describe('If-Match as RFC 9110 evaluates it', () => {
  it.each(TABLE)('%j → %s with a current representation, %s without', (header, withCurrent, withoutCurrent) => {
    const ifMatch = parseIfMatch(header);
    expect(ifMatch.present).toBe(true);
    expect(ifMatch.matches(2)).toBe(withCurrent);
    expect(ifMatch.matches(null)).toBe(withoutCurrent);
  });

  it('is absent when the header is', () => {
    expect(parseIfMatch(undefined).present).toBe(false);
  });
});

describe('every write route applies it the same way', () => {
  type Api = Awaited<ReturnType<typeof startApi>>;
  let api: Api;
  const owner = dept('kaikei');
  const path = '/api/fiscal-years/2026/action-reports/4-1';
  beforeAll(async () => {
    api = await startApi();
    await api.call(owner, 'PUT', path, { body: validActionReport });
    await api.call(owner, 'PUT', path, { body: validActionReport, headers: { 'If-Match': '"1"' } });
  });

  it.each(TABLE.filter(([, withCurrent]) => !withCurrent))('refuses %j on an update with 412, changing nothing', async (header) => {
    const response = await api.call(owner, 'PUT', path, { body: { ...validActionReport, achievements: '上書き' }, headers: { 'If-Match': header } });
    expect(response.status).toBe(412);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.title).toBe('更新が競合しました');
    expect((await api.call(owner, 'GET', path)).body).toMatchObject({ version: 2, body: { achievements: validActionReport.achievements } });
  });

  it('answers 428 to an update without If-Match, on reports and on assignments', async () => {
    expect((await api.call(owner, 'PUT', path, { body: validActionReport })).status).toBe(428);
    expect((await api.call(owner, 'POST', `${path}/submit`)).status).toBe(428);
    await api.call(hq, 'PUT', '/api/measures/1/departments', { body: { departments: [{ code: 'shomu' }] } });
    const unconditional = await api.call(hq, 'PUT', '/api/measures/1/departments', { body: { departments: [] } });
    expect(unconditional.status).toBe(428);
  });

  it('refuses `*` when creating (nothing is there to match) and accepts it on an existing report', async () => {
    const fresh = '/api/fiscal-years/2026/action-reports/4-2';
    expect((await api.call(owner, 'PUT', fresh, { body: validActionReport, headers: { 'If-Match': '*' } })).status).toBe(412);
    expect((await api.call(owner, 'GET', fresh)).status).toBe(404);
    expect((await api.call(owner, 'PUT', fresh, { body: validActionReport })).status).toBe(201);
    const any = await api.call(owner, 'PUT', fresh, { body: { ...validActionReport, rating: 'A' }, headers: { 'If-Match': '*' } });
    expect(any.status).toBe(200);
    expect(any.headers.get('etag')).toBe('"2"');
  });

  it('accepts a list naming the current version on a workflow step and on an assignment', async () => {
    const submitted = await api.call(owner, 'POST', `${path}/submit`, { headers: { 'If-Match': '"1", "2"' } });
    expect(submitted.status).toBe(200);
    const current = await api.call(hq, 'GET', '/api/measures/1/departments');
    const reassigned = await api.call(hq, 'PUT', '/api/measures/1/departments', {
      body: { departments: [{ code: 'zeimu' }] },
      headers: { 'If-Match': `"0", ${current.headers.get('etag')}` },
    });
    expect(reassigned.status).toBe(200);
    const weak = await api.call(hq, 'PUT', '/api/measures/1/departments', {
      body: { departments: [] },
      headers: { 'If-Match': `W/${reassigned.headers.get('etag')}` },
    });
    expect(weak.status).toBe(412);
  });
});
