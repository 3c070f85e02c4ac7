/**
 * A table written by the previous release (one plan in the old nested shape under PLAN/CURRENT, reports
 * and assignments naming their measure by number) is upgraded by the next start: the 8th plan becomes
 * plan "higashine-8" version 1 ('upgrade'), its old ids become its keys, and nothing stored is lost.
 * The table is built with raw writes, item by item as the previous release wrote them (git 239271b:
 * functions/store/dynamo-store.ts, keys.ts, records.ts), from that release's seed (tests/fixtures/legacy-plan/).
 */
import { createHash, randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeedPlans } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { tableDefinition } from '../functions/store/table.ts';
import { opinionListSchema, overviewSchema, planSchema } from '../functions/contract/index.ts';
import { seedPlanInputs } from '../seeds/plans.ts';
import { read } from './support/contract.ts';
import { dept, hq, startApi, validActionReport, viewer } from './api/harness.ts';
import legacyHead from './fixtures/legacy-plan/plan.json' with { type: 'json' };
import pillarI from './fixtures/legacy-plan/pillar-I.json' with { type: 'json' };
import pillarII from './fixtures/legacy-plan/pillar-II.json' with { type: 'json' };
import pillarIII from './fixtures/legacy-plan/pillar-III.json' with { type: 'json' };
import pillarIV from './fixtures/legacy-plan/pillar-IV.json' with { type: 'json' };
import { createFreshTable, type FreshTable } from './support/dynamodb.ts';

/** The previous release stored its seed as one object: plan.json with the four pillars (its seed.ts). */
const legacyPlan = { ...legacyHead, pillars: [pillarI, pillarII, pillarIII, pillarIV] };

const staff = { sub: 'shomu-1', name: '庶務課 職員' };
const secretariat = { sub: 'hq-1', name: '総合政策課 事務局' };
const opinionId = randomUUID();
const kpiActual = { value: 3200, asOf: '2027-03-31', note: '市公式Facebook管理画面' };

/** A measure of the old seed by its number. */
const legacyMeasure = (number: number) =>
  (legacyPlan.pillars as { policies: { subPolicies: { measures: { number: number; title: string }[] }[] }[] }[])
    .flatMap((pillar) => pillar.policies)
    .flatMap((policy) => policy.subPolicies)
    .flatMap((subPolicy) => subPolicy.measures)
    .find((measure) => measure.number === number)!;

let table: FreshTable;
let api: Awaited<ReturnType<typeof startApi>>;

/** Every item as the previous release wrote it. */
async function writePreviousRelease(): Promise<void> {
  const put = (Item: Record<string, unknown>) => table.doc.send(new PutCommand({ TableName: table.tableName, Item }));
  const json = JSON.stringify(legacyPlan);
  const hash = createHash('sha256').update(json).digest('hex');
  await put({ PK: `PLAN#${hash}`, SK: 'CHUNK#0000', data: new TextEncoder().encode(json) });
  await put({ PK: 'PLAN', SK: 'CURRENT', hash, chunks: 1, version: 1, loadedAt: '2026-04-01T00:00:00.000Z' });

  // 5-1: saved, submitted, approved (three revisions); 16-K2: an approved KPI actual, on its series index.
  const at = (minute: number) => `2027-04-10T01:0${minute}:00.000Z`;
  const base = { fiscalYear: 2026, comment: null, createdAt: at(0), submittedBy: staff, submittedFrom: ['shomu'] };
  await put({
    PK: 'FY#2026',
    SK: 'ACTION#5-1',
    ...base,
    kind: 'action',
    subject: '5-1',
    measure: 5,
    state: 'approved',
    body: validActionReport,
    version: 3,
    updatedAt: at(2),
    updatedBy: secretariat,
  });
  const revisions = [
    {
      version: 1,
      at: at(0),
      by: staff,
      action: 'save',
      state: 'draft',
      changes: [{ field: 'achievements', before: null, after: validActionReport.achievements }],
      comment: null,
    },
    { version: 2, at: at(1), by: staff, action: 'submit', state: 'submitted', changes: [], comment: null },
    { version: 3, at: at(2), by: secretariat, action: 'approve', state: 'approved', changes: [], comment: null },
  ];
  for (const revision of revisions) await put({ PK: 'REV#FY#2026#ACTION#5-1', SK: `V#00000${revision.version}`, ...revision });
  await put({
    PK: 'FY#2026',
    SK: 'KPI#16-K2',
    GSI1PK: 'KPI#16-K2',
    GSI1SK: 'PERIOD#2026',
    ...base,
    submittedFrom: ['sogo-seisaku'],
    kind: 'kpi',
    subject: '16-K2',
    measure: 16,
    state: 'approved',
    body: kpiActual,
    version: 2,
    updatedAt: at(3),
    updatedBy: secretariat,
  });

  // HQ's departments for 施策1 (関係各課), and a council opinion on 施策3: both by the measure's number.
  await put({ PK: 'ASSIGNMENT', SK: 'MEASURE#001', measure: 1, departments: ['shomu', 'zaisei'], version: 1, updatedAt: at(4), updatedBy: secretariat });
  await put({
    PK: 'REV#ASSIGNMENT#1',
    SK: 'V#000001',
    version: 1,
    at: at(4),
    by: secretariat,
    action: 'assign',
    state: null,
    changes: [{ field: 'departments', before: [], after: ['shomu', 'zaisei'] }],
    comment: null,
  });
  const opinion = { id: opinionId, fiscalYear: 2026, createdByRole: 'hq', state: 'approved', version: 1, createdAt: at(5), createdBy: secretariat };
  await put({
    PK: 'OPINION#FY#2026',
    SK: `OPINION#${opinionId}`,
    ...opinion,
    body: { measure: 3, speaker: '推進懇談会', date: '2027-05-20', text: 'オープンデータの活用事例を市民に示してほしい。' },
    updatedAt: at(5),
    updatedBy: secretariat,
  });
  await put({ PK: `REV#OPINION#FY#2026#${opinionId}`, SK: 'V#000001', version: 1, at: at(5), by: secretariat, action: 'record', changes: [] });
}

beforeAll(async () => {
  table = await createFreshTable(tableDefinition);
  await writePreviousRelease();
  // What `npm start` (and a deployment's first start) does: load the seeds into the table as it is.
  const store = new DynamoStore({ tableName: table.tableName, client: table.client });
  expect(await loadSeedPlans(store, seedPlanInputs())).toMatchObject({ upgraded: ['higashine-8'] });
  api = await startApi({ endpoint: table.endpoint, tableName: table.tableName });
});

describe('a table written by the previous release, after the upgrade', () => {
  it('lists the 8th plan as version 1, made by the upgrade from the old plan', async () => {
    const list = await api.call(hq, 'GET', '/api/plans');
    expect(list.status).toBe(200);
    expect(list.body.plans).toEqual([
      expect.objectContaining({ id: 'higashine-8', title: legacyPlan.title, firstFiscalYear: 2026, lastFiscalYear: 2030, version: 1 }),
    ]);
    const versions = await api.store.listPlanVersions('higashine-8');
    expect(versions).toEqual([expect.objectContaining({ version: 1, action: 'upgrade', effectiveFrom: 2026, changes: [] })]);
    expect(versions[0]?.comment).toContain('旧形式の計画データを移行しました');
  });

  it('keeps the old ids as keys: the plan reads with the old numbers, titles and action items', async () => {
    const plan = read(planSchema, await api.call(hq, 'GET', '/api/plans/higashine-8'));
    const measure5 = plan.measures.find((measure) => measure.key === '5');
    expect(measure5).toMatchObject({ number: '5', title: legacyMeasure(5).title });
    expect(measure5?.actionItems.map((item) => item.key)).toEqual(['5-1', '5-2', '5-3', '5-4']);
    expect(plan.measures).toHaveLength(44);
  });

  it('reads every report back with its body, state, version and revisions', async () => {
    // 5-1 is shared by 総合政策課 and 庶務課: the one report written before parts existed is 庶務課's part (its first submitting department), and stands for the whole item below.
    const action = await api.call(hq, 'GET', '/api/fiscal-years/2026/action-reports/5-1?department=shomu');
    expect(action.status).toBe(200);
    expect(action.headers.get('etag')).toBe('"3"');
    expect(action.body).toMatchObject({ id: '5-1', measure: '5', state: 'approved', version: 3, body: validActionReport });
    const history = await api.call(hq, 'GET', '/api/fiscal-years/2026/action-reports/5-1/revisions?department=shomu');
    expect(history.body.revisions.map((revision: { action: string }) => revision.action)).toEqual(['save', 'submit', 'approve']);

    const kpi = await api.call(hq, 'GET', '/api/fiscal-years/2026/kpi-actuals/16-K2');
    expect(kpi.status).toBe(200);
    expect(kpi.body).toMatchObject({ id: '16-K2', measure: '16', state: 'approved', version: 2, body: kpiActual });
    const series = await api.call(hq, 'GET', '/api/kpis/16-K2/actuals');
    expect(series.status).toBe(200);
    expect(JSON.stringify(series.body)).toContain('3200');
  });

  it('applies the assignment to measure "1": its departments report on it, others may not', async () => {
    const assignment = await api.call(hq, 'GET', '/api/measures/1/departments');
    expect(assignment.body).toMatchObject({
      measure: '1',
      version: 1,
      departments: [
        { code: 'shomu', name: '庶務課' },
        { code: 'zaisei', name: '財政課' },
      ],
    });
    const history = await api.call(hq, 'GET', '/api/measures/1/departments/revisions');
    expect(history.body.revisions).toHaveLength(1);

    expect((await api.call(dept('zaisei'), 'PUT', '/api/fiscal-years/2026/action-reports/1-1', { body: validActionReport })).status).toBe(201);
    // A department not assigned does not see the measure's reports at all (404, so nothing leaks) and stores nothing.
    expect((await api.call(dept('kenko-suishin'), 'PUT', '/api/fiscal-years/2026/action-reports/1-2', { body: validActionReport })).status).toBe(404);
    expect(await api.store.getReport({ kind: 'action', fiscalYear: 2026, subject: '1-2' })).toBeUndefined();
  });

  it('keeps the council opinion on measure "3"', async () => {
    const opinion = await api.call(viewer, 'GET', `/api/fiscal-years/2026/opinions/${opinionId}`);
    expect(opinion.status).toBe(200);
    expect(opinion.body).toMatchObject({ measure: '3', speaker: '推進懇談会', state: 'approved', version: 1 });
    const list = read(opinionListSchema, await api.call(viewer, 'GET', '/api/fiscal-years/2026/opinions'));
    expect(list.opinions.map((entry) => [entry.id, entry.measure])).toEqual([[opinionId, '3']]);
  });

  it('counts the approved reports in the overview of FY2026', async () => {
    const overview = read(overviewSchema, await api.call(viewer, 'GET', '/api/fiscal-years/2026/overview'));
    expect(overview.basis).toBe('approved');
    const measure5 = overview.measures.find((measure) => measure.key === '5');
    expect(measure5?.actionItems.find((item) => item.id === '5-1')).toMatchObject({ state: 'approved' });
    const measure16 = overview.measures.find((measure) => measure.key === '16');
    expect(measure16?.kpis.find((kpi) => kpi.id === '16-K2')).toMatchObject({ state: 'approved' });
    expect(overview.attainment.actionItems.find((item) => item.id === '5-1')).toMatchObject({ measure: '5', rating: 'B' });
  });

  it('a second start changes nothing', async () => {
    const before = { plans: await api.store.listPlans(), versions: await api.store.listPlanVersions('higashine-8') };
    expect(await loadSeedPlans(api.store, seedPlanInputs())).toEqual({ loaded: [], upgraded: [] });
    expect(await api.store.listPlans()).toEqual(before.plans);
    expect(await api.store.listPlanVersions('higashine-8')).toEqual(before.versions);
  });
});

describe('a table from before plans were chunked (the whole plan as JSON text in its head)', () => {
  it('is upgraded the same way: the old plan becomes higashine-8 version 1 with its ids as keys', async () => {
    const older = await createFreshTable(tableDefinition);
    const planJson = JSON.stringify(legacyPlan);
    const hash = createHash('sha256').update(planJson).digest('hex');
    await older.doc.send(
      new PutCommand({ TableName: older.tableName, Item: { PK: 'PLAN', SK: 'CURRENT', planJson, hash, loadedAt: '2026-04-01T00:00:00.000Z' } }),
    );
    const store = new DynamoStore({ tableName: older.tableName, client: older.client });
    expect(await loadSeedPlans(store, seedPlanInputs())).toEqual({ loaded: [], upgraded: ['higashine-8'] });
    const catalogue = await new PlanRegistry(store).forYear(2026);
    expect(catalogue.measures).toHaveLength(44);
    expect(catalogue.measure('5')?.measure.title).toBe(legacyMeasure(5).title);
    expect(catalogue.kpi('16-K2')?.kpi.name).toBe('市公式Facebookフォロワー数');
    expect(catalogue.plan.city.name).toBe((seedPlanInputs()[0] as { city: { name: string } }).city.name);
  });
});
