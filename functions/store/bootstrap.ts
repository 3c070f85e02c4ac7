import { createHash } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { formatPeriodLabel } from '../domain/calendar/index.ts';
import { fromLegacyPlan, isLegacyPlan } from '../domain/catalogue/legacy.ts';
import { parseCatalogue } from '../domain/catalogue/parse.ts';
import type { Plan } from '../domain/catalogue/schema.ts';
import type { PlanHeadRecord } from './plan-records.ts';
import { VersionMismatchError } from './errors.ts';
import type { Author } from './records.ts';
import type { Store } from './store.ts';
import { tableDefinition } from './table.ts';

/** Creates the table when it is missing (local runs and tests; in AWS the stack owns it). True when created. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  for (let attempt = 0; attempt < 50; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`テーブル ${tableName} が使用可能になりません`);
}

/** The sha-256 of a plan's JSON: versions with the same content share their stored chunks. */
export const planHash = (plan: unknown) => createHash('sha256').update(JSON.stringify(plan)).digest('hex');

/** Who loads seeds and upgrades tables: the system itself, as revisions name it. */
export const SYSTEM_AUTHOR: Author = { sub: 'system', name: 'システム（初期データ）' };

/** The fields of a plan's head that come from the plan itself. */
export function headOf(plan: Plan, status: Plan['status'] = plan.status): Omit<PlanHeadRecord, 'version' | 'updatedAt' | 'updatedBy'> {
  return {
    id: plan.id,
    title: plan.title,
    city: plan.city,
    firstFiscalYear: plan.period.firstFiscalYear,
    lastFiscalYear: plan.period.lastFiscalYear,
    status,
  };
}

/** A plan whose period overlaps another's: a fiscal year must name one plan (store/plans.ts). */
export class OverlappingPlanError extends Error {
  constructor(plan: Pick<Plan, 'title'>, other: Pick<PlanHeadRecord, 'title' | 'firstFiscalYear' | 'lastFiscalYear'>) {
    const period = formatPeriodLabel({ kind: 'fiscal_years', from: other.firstFiscalYear, to: other.lastFiscalYear });
    super(`「${plan.title}」の計画期間が「${other.title}」（${period}）と重なっています。1つの年度は1つの計画にだけ属します`);
    this.name = 'OverlappingPlanError';
  }
}

/** The plan already stored whose period overlaps this one's, if any (the same plan excepted). */
export function overlapping(plan: Plan, heads: readonly PlanHeadRecord[]): PlanHeadRecord | undefined {
  return heads.find((head) => head.id !== plan.id && plan.period.firstFiscalYear <= head.lastFiscalYear && head.firstFiscalYear <= plan.period.lastFiscalYear);
}

/**
 * Loads the seed plans a deployment starts with (seeds/plans/): each validated first, so a broken seed never
 * reaches the table, and stored as its version 1 only when the table has no plan of that id. A plan already
 * stored is never replaced by its seed: it changes only by revisions (POST /api/plans/{id}/revisions), which
 * keep every version. A table written before plans were data holds one plan in the old shape; the active
 * seed's plan is then stored from THAT plan (its ids become the keys, the seed gives the city, the levels and
 * the schedule words), so every stored report stays on its item ("upgrade"). Returns what was written.
 */
export async function loadSeedPlans(store: Store, inputs: readonly unknown[], now = new Date()): Promise<{ loaded: string[]; upgraded: string[] }> {
  const plans = inputs.map((input) => parseCatalogue(input).plan);
  const heads = await store.listPlans();
  const legacy = heads.length === 0 ? await store.getLegacyPlan() : undefined;
  const result = { loaded: [] as string[], upgraded: [] as string[] };
  for (const seed of plans) {
    if (heads.some((head) => head.id === seed.id)) continue;
    const other = overlapping(seed, heads);
    if (other) throw new OverlappingPlanError(seed, other);
    const upgrade = legacy && seed.status === 'active' && isLegacyPlan(legacy.plan);
    const plan = upgrade ? parseCatalogue(fromLegacyPlan(legacy.plan as never, seed)).plan : seed;
    const written = await store
      .writePlan({
        head: headOf(plan),
        content: { plan, hash: planHash(plan) },
        action: upgrade ? 'upgrade' : 'load',
        effectiveFrom: plan.period.firstFiscalYear,
        changes: [],
        comment: upgrade ? '旧形式の計画データを移行しました（これまでのIDをキーとして引き継ぎ）' : null,
        expectedVersion: null,
        at: now.toISOString(),
        by: SYSTEM_AUTHOR,
      })
      .catch((error: unknown) => {
        // Another start (two `npm start`s, a test's parallel setup) created this plan a moment ago: it is
        // there, which is all this load wanted. Its head came with the refusal.
        const current = error instanceof VersionMismatchError ? (error.current as PlanHeadRecord | undefined) : undefined;
        if (current?.id === plan.id) return { head: current, version: undefined };
        throw error;
      });
    heads.push(written.head);
    if (written.version) (upgrade ? result.upgraded : result.loaded).push(plan.id);
  }
  return result;
}
