/**
 * The plan in the table: one item held the whole plan (~94 KB) until the 400 KB item limit stopped it at
 * ~4× today's size. The store keeps it in chunks now; these tests store a plan 10× today's on DynamoDB
 * Local and read it back, and check that a table written by the previous version keeps working.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseCatalogue } from '../functions/domain/catalogue/parse.ts';
import type { Plan } from '../functions/domain/catalogue/schema.ts';
import { seedCatalogue, seedPlanInput } from '../seeds/plans.ts';
import { loadPlan } from '../functions/store/bootstrap.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { tableDefinition } from '../functions/store/table.ts';
import { scaledPlan } from '../bench/synthetic-plan.ts';
import { createFreshTable } from './support/dynamodb.ts';
import type { FreshTable } from './support/dynamodb.ts';

const tenTimes: Plan = scaledPlan(seedCatalogue().plan, 10);

let table: FreshTable;
let store: DynamoStore;
beforeEach(async () => {
  table = await createFreshTable(tableDefinition);
  store = new DynamoStore({ tableName: table.tableName, client: table.client });
});

describe('a plan larger than one DynamoDB item', () => {
  it('stores a plan 10× today’s and reads it back whole', async () => {
    const size = new TextEncoder().encode(JSON.stringify(tenTimes)).length;
    expect(size).toBeGreaterThan(400 * 1024 * 2);

    expect((await loadPlan(store, tenTimes)).written).toBe(true);
    const stored = await store.getPlan();
    expect(stored?.plan).toEqual(tenTimes);

    const catalogue = await new PlanRegistry(store).get();
    expect(catalogue.measures).toHaveLength(seedCatalogue().measures.length * 10);
    expect(catalogue.kpis).toHaveLength(seedCatalogue().kpis.length * 10);
  });

  it('loads the same plan a second time without writing', async () => {
    await loadPlan(store, tenTimes);
    const before = await store.getPlan();
    expect((await loadPlan(store, tenTimes)).written).toBe(false);
    expect((await store.getPlan())?.loadedAt).toBe(before?.loadedAt);
  });

  it('switches to a corrected plan and leaves none of the old one behind', async () => {
    const { hash: oldHash } = await loadPlan(store, tenTimes);
    expect((await loadPlan(store, seedPlanInput())).written).toBe(true);
    expect((await store.getPlan())?.plan).toEqual(seedPlanInput());
    const old = await table.doc.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `PLAN#${oldHash}` } }),
    );
    expect(old.Items).toEqual([]);
  });

  it('two starts loading the same plan at once both succeed, and the plan is stored once', async () => {
    const results = await Promise.all([loadPlan(store, tenTimes), loadPlan(store, tenTimes)]);
    expect(results.map((result) => result.written).sort()).toEqual([false, true]);
    expect((await store.getPlan())?.plan).toEqual(tenTimes);
  });
});

describe('a table written before plans were chunked', () => {
  /** The head as the previous version wrote it: the whole plan as JSON text in one item. */
  async function writeOldShape(plan: unknown): Promise<string> {
    const planJson = JSON.stringify(plan);
    const hash = createHash('sha256').update(planJson).digest('hex');
    await table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: { PK: 'PLAN', SK: 'CURRENT', planJson, hash, loadedAt: '2026-04-01T00:00:00.000Z' } }),
    );
    return hash;
  }

  it('is read as it is', async () => {
    const hash = await writeOldShape(seedPlanInput());
    const stored = await store.getPlan();
    expect(stored).toEqual({ plan: seedPlanInput(), hash, loadedAt: '2026-04-01T00:00:00.000Z' });
    expect(parseCatalogue(stored!.plan).measures).toHaveLength(seedCatalogue().measures.length);
  });

  it('is migrated by the next start (npm start loads the same seed) and reads the same afterwards', async () => {
    const hash = await writeOldShape(seedPlanInput());
    expect(await loadPlan(store, seedPlanInput())).toEqual({ written: true, hash });
    const head = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { PK: 'PLAN', SK: 'CURRENT' } }));
    expect(head.Item).not.toHaveProperty('planJson');
    expect((await store.getPlan())?.plan).toEqual(seedPlanInput());
    expect((await loadPlan(store, seedPlanInput())).written).toBe(false);
  });
});
