/**
 * Plans in the table (store/dynamo-store.ts writePlan, store/plans.ts PlanRegistry, store/bootstrap.ts
 * loadSeedPlans) on DynamoDB Local: every change of a plan is a new version, conditional on the version
 * read; every version stays readable; content of any size is kept in chunks shared by hash; a fiscal year
 * names one plan, at the version in force for it.
 */
import { createHash } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { planSchema } from '../functions/domain/catalogue/schema.ts';
import type { Plan } from '../functions/domain/catalogue/schema.ts';
import { PLAN_CONTENT_FORMAT } from '../functions/domain/catalogue/content-format.ts';
import { parseCatalogue } from '../functions/domain/catalogue/parse.ts';
import { keys } from '../functions/store/keys.ts';
import { z } from '../functions/domain/zod.ts';
import { headOf, loadSeedPlans, OverlappingPlanError, planHash, SYSTEM_AUTHOR } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { VersionMismatchError } from '../functions/store/errors.ts';
import type { PlanWrite } from '../functions/store/plan-records.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { tableDefinition } from '../functions/store/table.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { createFreshTable, type FreshTable } from './support/dynamodb.ts';

const eighth: Plan = seedCatalogue().plan;
const hq = { sub: 'hq-1', name: '総合政策課 事務局' };

/** The 8th plan with one measure's title changed: a 中間見直し's content. */
function revised(title: string): Plan {
  return { ...eighth, measures: eighth.measures.map((measure) => (measure.key === '5' ? { ...measure, title } : measure)) };
}

/**
 * Another plan of the same city for a period `years` later than the 8th's: its first measures, their
 * schedules moved by `years`, without KPIs (whose baselines and targets are the 8th plan's own years).
 */
function laterPlan(id: string, title: string, years: number): Plan {
  return {
    ...eighth,
    id,
    title,
    status: 'upcoming',
    period: { firstFiscalYear: eighth.period.firstFiscalYear + years, lastFiscalYear: eighth.period.lastFiscalYear + years },
    measures: eighth.measures.slice(0, 4).map((measure) => ({
      ...measure,
      kpis: [],
      actionItems: measure.actionItems.map((item) =>
        'schedule' in item ? { ...item, schedule: item.schedule.map((entry) => ({ ...entry, fiscalYear: entry.fiscalYear + years })) } : item,
      ),
    })),
  };
}

/**
 * The 8th plan `times` over: each copy of a measure, its action items and KPIs gets keys and numbers with
 * the copy's suffix (5.2, 5-1.2, 5-K1.2), so the plan stays valid and every entry is its own.
 */
function largePlan(times: number): Plan {
  const copy = (suffix: string) =>
    eighth.measures.map((measure) => ({
      ...measure,
      key: `${measure.key}${suffix}`,
      number: `${measure.number}${suffix}`,
      actionItems: measure.actionItems.map((item) => ({
        ...item,
        key: `${item.key}${suffix}`,
        number: `${item.number}${suffix}`,
        ...('referenceTo' in item ? { referenceTo: `${item.referenceTo}${suffix}` } : {}),
      })),
      kpis: measure.kpis.map((kpi) => ({ ...kpi, key: `${kpi.key}${suffix}`, number: `${kpi.number}${suffix}` })),
    }));
  return { ...eighth, measures: Array.from({ length: times }, (_, i) => copy(i === 0 ? '' : `.${i + 1}`)).flat() };
}

/** A write of `plan` as its next version after `expectedVersion` (null: the first). */
function writeOf(plan: Plan, expectedVersion: number | null, effectiveFrom = plan.period.firstFiscalYear): PlanWrite {
  return {
    head: headOf(plan),
    content: { plan, hash: planHash(plan) },
    action: expectedVersion === null ? 'load' : 'revise',
    effectiveFrom,
    changes: [],
    comment: expectedVersion === null ? null : '中間見直し',
    expectedVersion,
    at: new Date('2028-04-01T00:00:00Z').toISOString(),
    by: expectedVersion === null ? SYSTEM_AUTHOR : hq,
  };
}

/** The items of one partition, straight from the table. */
async function partition(pk: string) {
  const { Items } = await table.doc.send(
    new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } }),
  );
  return Items ?? [];
}

let table: FreshTable;
let store: DynamoStore;
beforeEach(async () => {
  table = await createFreshTable(tableDefinition);
  store = new DynamoStore({ tableName: table.tableName, client: table.client });
});

describe('versions of a plan', () => {
  it('creates version 1 once: a second create is refused with the stored head', async () => {
    const { head, version } = await store.writePlan(writeOf(eighth, null));
    expect(head).toMatchObject({ id: eighth.id, version: 1, firstFiscalYear: 2026, lastFiscalYear: 2030 });
    expect(version).toMatchObject({ planId: eighth.id, version: 1, action: 'load', effectiveFrom: 2026 });

    const again = store.writePlan(writeOf(eighth, null));
    await expect(again).rejects.toBeInstanceOf(VersionMismatchError);
    await expect(again).rejects.toMatchObject({ current: expect.objectContaining({ id: eighth.id, version: 1 }) });
    expect(await store.listPlanVersions(eighth.id)).toHaveLength(1);
  });

  it('writes the next version only on the version read: a stale write is refused with the current head', async () => {
    await store.writePlan(writeOf(eighth, null));
    await store.writePlan(writeOf(revised('第1回の見直し'), 1, 2028));

    const stale = store.writePlan(writeOf(revised('古い画面からの見直し'), 1, 2028));
    await expect(stale).rejects.toBeInstanceOf(VersionMismatchError);
    await expect(stale).rejects.toMatchObject({ current: expect.objectContaining({ version: 2 }) });
    expect((await store.listPlans()).map((head) => head.version)).toEqual([2]);
    expect((await store.listPlanVersions(eighth.id)).map((version) => version.comment)).toEqual([null, '中間見直し']);
  });

  it('keeps every version readable: version 1 reads as it was after version 2', async () => {
    await store.writePlan(writeOf(eighth, null));
    await store.writePlan(writeOf(revised('第1回の見直し'), 1, 2028));
    const [first, second] = await store.listPlanVersions(eighth.id);
    expect(await store.readPlanContent(first!)).toEqual(eighth);
    expect(await store.readPlanContent(second!)).toEqual(revised('第1回の見直し'));
  });

  it('shares the content chunks of versions with the same content', async () => {
    await store.writePlan(writeOf(eighth, null));
    // A change of status keeps the content (content: null), and a revision back to the same content has its hash.
    await store.writePlan({ ...writeOf(eighth, 1), head: headOf(eighth, 'archived'), content: null, action: 'status' });
    await store.writePlan(writeOf(eighth, 2));
    const versions = await store.listPlanVersions(eighth.id);
    expect(versions.map((version) => version.status)).toEqual(['active', 'archived', 'active']);
    expect(new Set(versions.map((version) => version.hash))).toEqual(new Set([planHash(eighth)]));
    expect(await partition(`PLAN#${planHash(eighth)}`)).toHaveLength(versions[0]!.chunks);
  });
});

describe('reading a stored plan back', () => {
  it("reads content of today's format as it was written, without checking it again, equal to the plan checked in full", async () => {
    await store.writePlan(writeOf(eighth, null));
    const [version] = await store.listPlanVersions(eighth.id);
    expect(version!.format).toBe(PLAN_CONTENT_FORMAT);
    const read = await new PlanRegistry(store).active();
    expect(read.plan).toEqual(parseCatalogue(JSON.parse(JSON.stringify(eighth))).plan);
    expect(read.actionItem('12-1')?.measure.number).toBe('12');
  });

  it('checks and completes content written before the format was kept, as planSchema does', async () => {
    // An older release's content: without financialIndicators, which planSchema defaults to none.
    const { financialIndicators: _indicators, ...older } = eighth;
    await store.writePlan({ ...writeOf(eighth, null), content: { plan: older as Plan, hash: 'older-release' } });
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.planVersion(eighth.id, 1),
        UpdateExpression: 'REMOVE #format',
        ExpressionAttributeNames: { '#format': 'format' },
      }),
    );
    const read = await new PlanRegistry(store).active();
    expect(read.plan.financialIndicators).toEqual([]);
    expect(read.measures).toHaveLength(eighth.measures.length);
  });

  it("keeps PLAN_CONTENT_FORMAT with what planSchema returns: a change to the plan's shape must raise it (and this snapshot)", () => {
    const shape = createHash('sha256')
      .update(JSON.stringify(z.toJSONSchema(planSchema, { io: 'output', unrepresentable: 'any' })))
      .digest('hex');
    expect({ format: PLAN_CONTENT_FORMAT, shape }).toMatchInlineSnapshot(`
      {
        "format": 1,
        "shape": "e03038d993b890f0e72789ea7167ce3ea3175efb29ef9c96e73e60ec42806071",
      }
    `);
  });
});

describe('a plan larger than one DynamoDB item', () => {
  it('stores a plan 10× the 8th in several chunks and reads it back whole', async () => {
    const large = largePlan(10);
    expect(new TextEncoder().encode(JSON.stringify(large)).length).toBeGreaterThan(400 * 1024 * 2);

    expect(await loadSeedPlans(store, [large])).toEqual({ loaded: [eighth.id], upgraded: [] });
    const [version] = await store.listPlanVersions(eighth.id);
    expect(version!.chunks).toBeGreaterThan(1);
    expect(await store.readPlanContent(version!)).toEqual(large);

    const catalogue = await new PlanRegistry(store).active();
    expect(catalogue.measures).toHaveLength(eighth.measures.length * 10);
    expect(catalogue.kpi('16-K2.10')?.kpi.name).toBe('市公式Facebookフォロワー数');
    expect(catalogue.actionItem('44-1.10')?.measure.number).toBe('44.10');
  });
});

describe('starting', () => {
  it('two starts loading the same seeds at once both succeed, and the plan is stored once', async () => {
    const results = await Promise.all([loadSeedPlans(store, [eighth]), loadSeedPlans(store, [eighth])]);
    expect(results.flatMap((result) => result.loaded)).toEqual([eighth.id]);
    expect(await store.listPlanVersions(eighth.id)).toHaveLength(1);
  });
});

describe('which plan and version answer for a fiscal year', () => {
  it('picks the version in force by effectiveFrom: years before a revision keep the plan as it stood', async () => {
    await loadSeedPlans(store, [eighth]);
    await store.writePlan(writeOf(revised('見直し後の施策5'), 1, 2028));
    const registry = new PlanRegistry(store);
    expect((await registry.forYear(2027)).measure('5')?.measure.title).toBe(eighth.measures.find((measure) => measure.key === '5')!.title);
    expect((await registry.forYear(2028)).measure('5')?.measure.title).toBe('見直し後の施策5');
    expect((await registry.forYear(2030)).measure('5')?.measure.title).toBe('見直し後の施策5');
    expect((await registry.active()).measure('5')?.measure.title).toBe('見直し後の施策5');
  });

  it('refuses a second plan whose period overlaps, and stores nothing of it', async () => {
    await loadSeedPlans(store, [eighth]);
    const overlapping = laterPlan('higashine-8-bis', '重なる計画', 4);
    const refused = loadSeedPlans(store, [eighth, overlapping]);
    await expect(refused).rejects.toBeInstanceOf(OverlappingPlanError);
    await expect(refused).rejects.toThrow(/計画期間が「東根市第8次行財政改革推進プラン」（令和8〜12年度）と重なっています/);
    expect((await store.listPlans()).map((head) => head.id)).toEqual([eighth.id]);
  });

  it('accepts a plan whose period follows (FY2031–2035): FY2031 is answered by it, FY2030 still by the 8th', async () => {
    const ninth = laterPlan('higashine-9', '次期行財政改革推進プラン', 5);
    expect(await loadSeedPlans(store, [eighth, ninth])).toEqual({ loaded: [eighth.id, 'higashine-9'], upgraded: [] });
    const registry = new PlanRegistry(store);
    expect((await registry.forYear(2031)).plan).toMatchObject({ id: 'higashine-9', title: '次期行財政改革推進プラン' });
    expect((await registry.forYear(2030)).plan.id).toBe(eighth.id);
    expect((await registry.active()).plan.id).toBe(eighth.id);
    // A second start with the same seeds writes nothing.
    expect(await loadSeedPlans(store, [eighth, ninth])).toEqual({ loaded: [], upgraded: [] });
  });
});
