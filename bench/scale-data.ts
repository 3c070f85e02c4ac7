/**
 * The data the scale and sheets benches run on: the seed plan copied `factor`× (bench/synthetic-plan.ts) with
 * every item reported in every plan year, in a mix of states and with text of realistic length, loaded into
 * a fresh table on DynamoDB Local. At 1× that is today's city (121 items a year, ~600 reports); at 100×
 * ~12,000 items a year and ~60,000 reports.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Catalogue } from '../functions/domain/catalogue/catalogue.ts';
import { parseCatalogue } from '../functions/domain/catalogue/parse.ts';
import type { Plan } from '../functions/domain/catalogue/schema.ts';
import { ensureTable, loadSeedPlans } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { keys } from '../functions/store/keys.ts';
import type { ReportRecord } from '../functions/store/records.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { LOCAL } from '../scripts/local/settings.ts';
import { scaledPlan } from './synthetic-plan.ts';

/**
 * The department whose share stays today's at every factor (庶務課: 13 measures of the 8th plan): the
 * one-department exports are measured on it, so 1× and 100× are the same work (scaledPlan's `steady`).
 */
export const STEADY_DEPARTMENT = 'shomu';

const STATES = ['approved', 'approved', 'approved', 'submitted', 'submitted', 'pending_head', 'draft', 'returned'] as const;
const STATUSES = ['not_started', 'studying', 'implementing', 'done'] as const;
const RATINGS = ['A', 'B', 'C', 'D'] as const;
/** About what a department writes: a few sentences in each field. */
const TEXT = '庁内の業務手順を見直し、電子申請の対象を拡大した。';

/** Every scheduled action item and KPI reported in each plan year, in a mix of states. */
export function* allRecords(catalogue: Catalogue): Generator<ReportRecord> {
  const meta = (i: number, fiscalYear: number) => ({
    fiscalYear,
    state: STATES[i % STATES.length]!,
    comment: i % 8 === 7 ? '根拠となる数値を追記してください。' : null,
    version: 1 + (i % 4),
    createdAt: `${fiscalYear + 1}-04-10T00:00:00.000Z`,
    updatedAt: `${fiscalYear + 1}-05-10T00:00:00.000Z`,
    updatedBy: { sub: `staff-${i % 50}`, name: '東根 太郎' },
  });
  let i = 0;
  for (const fiscalYear of catalogue.years) {
    for (const { item, measure } of catalogue.scheduledActionItems) {
      i++;
      yield {
        ...meta(i, fiscalYear),
        kind: 'action',
        subject: item.key,
        measure: measure.key,
        // Numbered, so no two reports share a text (a workbook keeps each distinct string once).
        body: {
          status: STATUSES[i % 4]!,
          rating: RATINGS[i % 4]!,
          achievements: `${TEXT.repeat(8)}（${i}）`,
          challenges: `${TEXT.repeat(4)}（${i}）`,
          nextSteps: `${TEXT.repeat(4)}（${i}）`,
          // A fifth of the reports with an effect, so report.docx's effect lines and totals have figures.
          ...(i % 5 === 0 ? { effectAmount: 1000 * (i % 97) } : {}),
        },
      };
    }
    for (const { kpi, measure } of catalogue.kpis) {
      i++;
      yield {
        ...meta(i, fiscalYear),
        kind: 'kpi',
        subject: kpi.key,
        measure: measure.key,
        body: {
          value: kpi.baseline.value * (1 + 0.02 * (fiscalYear - catalogue.plan.period.firstFiscalYear + 1)),
          asOf: `${fiscalYear + 1}-03-31`,
          note: '業務統計（年度末時点）',
        },
      };
    }
  }
}

/** Raw batch writes (25 items a request, 8 in flight) of the item shape the store writes for a report; the count. */
async function loadRecords(doc: DynamoDBDocumentClient, table: string, catalogue: Catalogue, progress: (count: number) => void): Promise<number> {
  const batches: Record<string, unknown>[][] = [[]];
  for (const record of allRecords(catalogue)) {
    if (batches.at(-1)!.length === 25) batches.push([]);
    const series = record.kind === 'kpi' ? { GSI1PK: keys.kpiSeries(record.subject), GSI1SK: keys.period(record.fiscalYear) } : {};
    batches.at(-1)!.push({ ...keys.report(record), ...series, ...record });
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      if (next % 400 === 0) progress(next * 25);
      let items = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (items.length > 0) {
        const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: items } }));
        items = (UnprocessedItems?.[table] ?? []) as typeof items;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return batches.reduce((count, batch) => count + batch.length, 0);
}

export interface ScaledTable {
  plan: Plan;
  catalogue: Catalogue;
  reports: number;
  store: DynamoStore;
}

/** Creates `table` on `endpoint` and loads the plan at `factor`× with all its reports. */
export async function loadScaledTable(endpoint: string, table: string, factor: number, progress: (count: number) => void = () => {}): Promise<ScaledTable> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await ensureTable(client, table);
  const store = new DynamoStore({ tableName: table, client });
  const plan = scaledPlan(seedCatalogue().plan, factor, { steady: STEADY_DEPARTMENT });
  const catalogue = parseCatalogue(plan);
  await loadSeedPlans(store, [plan]);
  const reports = await loadRecords(doc, table, catalogue, progress);
  return { plan, catalogue, reports, store };
}
