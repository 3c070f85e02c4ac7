import { beforeAll, describe, expect, it } from 'vitest';
import { dept, hq, startApi, validActionReport } from './harness.ts';
import { expectOverviewAsFullRead } from './overview-check.ts';
import { seedPlanInput } from '../../seeds/plans.ts';

type Api = Awaited<ReturnType<typeof startApi>>;
type PlanJson = {
  id: string;
  measures: {
    key: string;
    number: string;
    group?: string;
    actionItems: { key: string; number: string; mergedFrom?: string[] }[];
    kpis: { key: string; number: string; target: { value: number | null; label: string } }[];
  }[];
};

const PLAN = '/api/plans/higashine-8';

/** Stores a report as HQ and approves it, so it is what the council and the year's report read. */
async function writeApproved(api: Api, path: string, body: object) {
  // A shared item's path names its part (?department=): the steps go to the same part.
  const [base, query = ''] = path.split('?');
  const part = query ? `?${query}` : '';
  const saved = await api.call(hq, 'PUT', path, { body });
  expect(saved.status).toBe(201);
  const submitted = await api.call(hq, 'POST', `${base}/submit${part}`, { headers: { 'If-Match': '"1"' } });
  expect(submitted.status).toBe(200);
  const approved = await api.call(hq, 'POST', `${base}/approve${part}`, { headers: { 'If-Match': '"2"' } });
  expect(approved.body).toMatchObject({ state: 'approved' });
}

/**
 * The 中間見直し of the tests: a new measure after 施策1 (key N1, 施策2; the measures after it become
 * 施策3–45 and keep their keys), 取組項目4-2 retired, 5-4 merged into 5-3, and 1-K1's target raised to 200件.
 */
function revisedPlan(): PlanJson {
  const plan = structuredClone(seedPlanInput()) as PlanJson;
  const renumber = (number: string) => number.replace(/^(\d+)/, (n) => String(Number(n) + 1));
  for (const measure of plan.measures.slice(1)) {
    measure.number = renumber(measure.number);
    for (const item of measure.actionItems) item.number = renumber(item.number);
    for (const kpi of measure.kpis) kpi.number = renumber(kpi.number);
  }
  const byKey = (key: string) => plan.measures.find((m) => m.key === key)!;
  byKey('4').actionItems = byKey('4').actionItems.filter((item) => item.key !== '4-2');
  byKey('5').actionItems = byKey('5').actionItems.filter((item) => item.key !== '5-4');
  byKey('5').actionItems.find((item) => item.key === '5-3')!.mergedFrom = ['5-4'];
  byKey('1').kpis[0]!.target = { ...byKey('1').kpis[0]!.target, value: 200, label: '200件' };
  const added = {
    key: 'N1',
    number: '2',
    group: byKey('1').group,
    title: '窓口案内のデジタル化',
    owners: ['sogo-seisaku'],
    actionItems: [
      {
        key: 'N1-1',
        number: '2-1',
        title: '窓口の混雑状況のオンライン公開',
        schedule: [2028, 2029, 2030].map((fiscalYear) => ({ fiscalYear, activity: '実施', phase: 'implement' })),
      },
    ],
  };
  plan.measures.splice(1, 0, added as unknown as PlanJson['measures'][number]);
  return plan;
}

let api: Api;
beforeAll(async () => {
  api = await startApi();
  // Reports of the years before the revision, on the items it retires, merges and renumbers.
  await writeApproved(api, '/api/fiscal-years/2026/action-reports/4-2?department=shomu', {
    ...validActionReport,
    achievements: '押印省略の対象を洗い出した。',
  });
  await writeApproved(api, '/api/fiscal-years/2026/action-reports/5-4?department=sogo-seisaku', {
    ...validActionReport,
    achievements: '基幹系システムの移行計画を作成した。',
  });
  await writeApproved(api, '/api/fiscal-years/2027/action-reports/2-1', { ...validActionReport, achievements: '窓口で書かない申請を試行した。' });
  await writeApproved(api, '/api/fiscal-years/2027/kpi-actuals/1-K1', { value: 90, asOf: '2028-03-31', note: '電子申請システム管理画面' });
});

describe('a 中間見直し is previewed by key, then applied as version 2 from FY2028', () => {
  it('previews the difference by key without writing anything', async () => {
    const preview = await api.call(hq, 'POST', `${PLAN}/revisions/preview`, { body: { plan: revisedPlan(), effectiveFrom: 2028 } });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('etag')).toBe('"1"');
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'measure', key: 'N1', change: 'added', number: '2' }),
        expect.objectContaining({ kind: 'measure', key: '2', change: 'renumbered', before: '2', after: '3' }),
        expect.objectContaining({ kind: 'measure', key: '44', change: 'renumbered', before: '44', after: '45' }),
        expect.objectContaining({ kind: 'actionItem', key: '4-2', change: 'retired' }),
        expect.objectContaining({ kind: 'actionItem', key: '5-4', change: 'merged', into: '5-3' }),
        expect.objectContaining({ kind: 'kpi', key: '1-K1', change: 'target', field: 'target' }),
      ]),
    );
    // 5-4 is 統合, not 廃止.
    expect(preview.body.changes.filter((c: { change: string }) => c.change === 'retired').map((c: { key: string }) => c.key)).toEqual(['4-2']);
    expect((await api.call(hq, 'GET', '/api/plans')).body.plans[0]).toMatchObject({ version: 1 });
  });

  it('refuses a preview by a department', async () => {
    const refused = await api.call(dept('shomu'), 'POST', `${PLAN}/revisions/preview`, { body: { plan: revisedPlan() } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('推進本部');
  });

  it('refuses a plan with a duplicate key, naming it, and writes nothing', async () => {
    const plan = revisedPlan();
    plan.measures[1]!.actionItems[0]!.key = '1-1';
    const refused = await api.call(hq, 'POST', `${PLAN}/revisions`, { body: { plan, effectiveFrom: 2028 }, headers: { 'If-Match': '"1"' } });
    expect(refused.status).toBe(400);
    expect(refused.type).toContain('application/problem+json');
    expect(JSON.stringify(refused.body.errors)).toContain('キー「1-1」が重複しています');
    expect((await api.call(hq, 'GET', '/api/plans')).body.plans[0]).toMatchObject({ version: 1 });
  });

  it('requires If-Match to apply', async () => {
    const refused = await api.call(hq, 'POST', `${PLAN}/revisions`, { body: { plan: revisedPlan(), effectiveFrom: 2028 } });
    expect(refused.status).toBe(428);
  });

  it('applies it; earlier years keep version 1 and their reports, FY2028 reads version 2', async () => {
    const applied = await api.call(hq, 'POST', `${PLAN}/revisions`, {
      body: { plan: revisedPlan(), effectiveFrom: 2028, comment: '中間見直し（令和10年度から）' },
      headers: { 'If-Match': '"1"' },
    });
    expect(applied.status).toBe(200);
    expect(applied.headers.get('etag')).toBe('"2"');

    const before = await api.call(hq, 'GET', '/api/plan?fy=2026');
    expect(before.body).toMatchObject({ versionShown: 1 });
    expect(before.body.measures).toHaveLength(44);
    expect(before.body.measures[1]).toMatchObject({ key: '2', number: '2', label: '施策2' });
    const after = await api.call(hq, 'GET', '/api/plan?fy=2028');
    expect(after.body).toMatchObject({ versionShown: 2, version: 2 });
    expect(after.body.measures).toHaveLength(45);
    expect(after.body.measures.slice(1, 3)).toMatchObject([
      { key: 'N1', number: '2', label: '施策2' },
      { key: '2', number: '3', label: '施策3' },
    ]);

    for (const [path, text] of [
      ['/api/fiscal-years/2026/action-reports/4-2?department=shomu', '押印省略の対象を洗い出した。'],
      ['/api/fiscal-years/2026/action-reports/5-4?department=sogo-seisaku', '基幹系システムの移行計画を作成した。'],
      ['/api/fiscal-years/2027/action-reports/2-1', '窓口で書かない申請を試行した。'],
    ] as const) {
      const report = await api.call(hq, 'GET', path);
      expect(report.status, path).toBe(200);
      expect(report.body).toMatchObject({ state: 'approved', body: { achievements: text } });
    }
  });

  it('rates 1-K1 against the old target up to FY2027 and against the new one from FY2028', async () => {
    await writeApproved(api, '/api/fiscal-years/2028/kpi-actuals/1-K1', { value: 110, asOf: '2028-05-31', note: '電子申請システム管理画面' });
    const kpiOf = async (fy: number) =>
      (await api.call(hq, 'GET', `/api/fiscal-years/${fy}/overview`)).body.attainment.kpis.find((kpi: { id: string }) => kpi.id === '1-K1');
    // FY2027: (90−83)/(100−83) = 0.41 ≥ expected 0.4 → 順調. FY2028: 110 would meet 100, but not 200: (110−83)/(200−83) = 0.23 < 0.6 → 遅れ.
    expect(await kpiOf(2027)).toMatchObject({ rating: 'B', measured: 90, target: { value: 100 } });
    expect(await kpiOf(2028)).toMatchObject({ rating: 'C', measured: 110, target: { value: 200 } });
    // Each year as the plan version in force that year and a full read of its reports compute it.
    await expectOverviewAsFullRead(api, 2027);
    await expectOverviewAsFullRead(api, 2028);
  });

  it('answers a stale If-Match with 412 and the plan as it is now', async () => {
    const stale = await api.call(hq, 'POST', `${PLAN}/revisions`, { body: { plan: revisedPlan(), effectiveFrom: 2028 }, headers: { 'If-Match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toMatchObject({ id: 'higashine-8', version: 2 });
  });

  it('refuses to reuse the key of a retired item', async () => {
    const plan = revisedPlan();
    plan.measures.find((m) => m.key === 'N1')!.actionItems[0]!.key = '4-2';
    const preview = await api.call(hq, 'POST', `${PLAN}/revisions/preview`, { body: { plan, effectiveFrom: 2029 } });
    expect(preview.body.problems).toEqual([expect.objectContaining({ message: expect.stringContaining('キー「4-2」は以前の版で別の項目に使われていました') })]);
    const refused = await api.call(hq, 'POST', `${PLAN}/revisions`, { body: { plan, effectiveFrom: 2029 }, headers: { 'If-Match': '"2"' } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toContain('キーは再利用できません');
  });

  it('lists the versions: who, when, from which year, why and what', async () => {
    const list = await api.call(dept('shomu'), 'GET', `${PLAN}/versions`);
    expect(list.status).toBe(200);
    expect(list.body.versions).toHaveLength(2);
    expect(list.body.versions[0]).toMatchObject({ version: 1, action: 'load', effectiveFrom: 2026 });
    expect(list.body.versions[1]).toMatchObject({
      version: 2,
      action: 'revise',
      effectiveFrom: 2028,
      by: { sub: 'hq-1' },
      comment: '中間見直し（令和10年度から）',
      counts: { added: 2, retired: 1, merged: 1, target: 1 },
    });
    expect(list.body.versions[1]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe('plan status', () => {
  it('makes an archived plan read-only for reports', async () => {
    const own = await startApi();
    const archived = await own.call(hq, 'PUT', `${PLAN}/status`, { body: { status: 'archived' }, headers: { 'If-Match': '"1"' } });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', version: 2 });
    const refused = await own.call(hq, 'PUT', '/api/fiscal-years/2026/action-reports/1-1', { body: validActionReport });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('この計画は終了しています（閲覧のみ）');
    expect((await own.call(hq, 'GET', '/api/fiscal-years/2026/action-reports/1-1')).status).toBe(404);
  });
});

describe('the plan as GET /api/plans/{id} answers it, edited, is a revision', () => {
  it('previews the answer with one title changed as exactly that change, with no problem', async () => {
    const api = await startApi();
    const answer = (await api.call(hq, 'GET', PLAN)).body as unknown as PlanJson & { measures: { title: string }[] };
    answer.measures[2]!.title = '見直し後の施策の名称';
    const preview = await api.call(hq, 'POST', `${PLAN}/revisions/preview`, { body: { plan: answer, effectiveFrom: 2027 } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ problems: [], effectiveFrom: 2027 });
    expect(preview.body.changes).toEqual([expect.objectContaining({ kind: 'measure', key: answer.measures[2]!.key, change: 'text' })]);
  });
});
