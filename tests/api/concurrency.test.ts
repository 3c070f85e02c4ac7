import { describe, expect, it } from 'vitest';
import { dept, startApi, validActionReport } from './harness.ts';

describe('optimistic concurrency', () => {
  it('lets exactly one of two updates with the same ETag win, and loses no accepted update', async () => {
    const api = await startApi();
    const path = '/api/fiscal-years/2027/action-reports/35-1';
    const shomu = dept('shomu', 'tanaka');
    const colleague = dept('shomu', 'sato');
    await api.call(shomu, 'PUT', path, { body: validActionReport });

    const [a, b] = await Promise.all([
      api.call(shomu, 'PUT', path, { body: { ...validActionReport, achievements: '田中の更新' }, headers: { 'If-Match': '"1"' } }),
      api.call(colleague, 'PUT', path, { body: { ...validActionReport, achievements: '佐藤の更新' }, headers: { 'If-Match': '"1"' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a : b;
    const stored = await api.call(shomu, 'GET', path);
    expect(stored.body.body.achievements).toBe(winner.body.body.achievements);
    expect(stored.headers.get('etag')).toBe('"2"');

    const revisions = (await api.call(shomu, 'GET', `${path}/revisions`)).body.revisions;
    expect(revisions.map((r) => r.version)).toEqual([1, 2]);
    expect(revisions[1]?.changes[0]?.after).toBe(winner.body.body.achievements);
  });

  it('lets exactly one of two simultaneous first saves create the report', async () => {
    const api = await startApi();
    const path = '/api/fiscal-years/2027/action-reports/35-2';
    const results = await Promise.all(
      ['tanaka', 'sato', 'suzuki'].map((sub) => api.call(dept('shomu', sub), 'PUT', path, { body: { ...validActionReport, achievements: sub } })),
    );
    // The losers either raced the create (412) or arrived after it and sent no If-Match (428).
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 412 || s === 428)).toBe(true);
    const winner = results.find((r) => r.status === 201)!;
    expect((await api.call(dept('shomu'), 'GET', path)).body.body.achievements).toBe(winner.body.body.achievements);
    const revisions = (await api.call(dept('shomu'), 'GET', `${path}/revisions`)).body.revisions;
    expect(revisions).toHaveLength(1);
  });
});
