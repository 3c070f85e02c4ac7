/**
 * `npm run bench:scale`: the system at 100× today's data. Today: a plan of 121 reportable items (104 action
 * items, 17 KPIs) over five fiscal years, ~600 reports. Here: the plan copied 100× (bench/synthetic-plan.ts:
 * 4,400 measures, ~12,000 items a year) with every item reported in FY2026–FY2030, ~60,000 reports with
 * text of realistic length, on DynamoDB Local. For each of the overview, the reports list, the exports and the digest it
 * prints the answer's size against Lambda's 6 MB response limit and the process's peak memory against 512 MB.
 * Each case runs in its own process (peak RSS is its own), as a Lambda would: plan read from the table, then
 * the one request. Prints figures and targets; asserts nothing. DynamoDB Local runs in memory (on disk it
 * takes far too long to load).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LocalTokens } from '../functions/http/auth/local.ts';
import { createApp } from '../functions/api/app.ts';
import type { AppDeps } from '../functions/http/deps.ts';
import { prepareDigest } from '../functions/digest/run.ts';
import type { Catalogue } from '../functions/domain/catalogue/catalogue.ts';
import { parseCatalogue } from '../functions/domain/catalogue/parse.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { createSheetsApi } from '../functions/sheets/app.ts';
import { LocalLargeFiles } from '../functions/http/files.ts';
import { ensureTable, loadSeedPlans } from '../functions/store/bootstrap.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { keys } from '../functions/store/keys.ts';
import type { ReportRecord } from '../functions/store/records.ts';
import { ensureDynamoDbLocal, findFreePort, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { LOCAL } from '../scripts/local/settings.ts';
import { scaledPlan } from './synthetic-plan.ts';

const FACTOR = 100;
const TABLE = 'scale-bench';
const LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024;
const LAMBDA_MEMORY_MB = 512;
/** The seed plan's last year: every report of the plan is in by then. */
const FISCAL_YEAR = seedCatalogue().plan.period.lastFiscalYear;

const STATES = ['approved', 'approved', 'approved', 'submitted', 'submitted', 'pending_head', 'draft', 'returned'] as const;
const STATUSES = ['not_started', 'studying', 'implementing', 'done'] as const;
const RATINGS = ['A', 'B', 'C', 'D'] as const;
/** About what a department writes: a few sentences in each field. */
const TEXT = '庁内の業務手順を見直し、電子申請の対象を拡大した。';

/** Every scheduled action item and KPI reported in each plan year, in a mix of states. */
function* allRecords(catalogue: Catalogue): Generator<ReportRecord> {
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

/** Raw batch writes (25 items a request, 8 in flight), the item shape the store writes for a report. */
async function loadRecords(doc: DynamoDBDocumentClient, catalogue: Catalogue): Promise<number> {
  const batches: Record<string, unknown>[][] = [[]];
  for (const record of allRecords(catalogue)) {
    if (batches.at(-1)!.length === 25) batches.push([]);
    const series = record.kind === 'kpi' ? { GSI1PK: keys.kpiSeries(record.subject), GSI1SK: keys.period(record.fiscalYear) } : {};
    batches.at(-1)!.push({ ...keys.report(record), ...series, ...record });
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      if (next % 400 === 0) process.stdout.write(`\rloading… ${(next * 25).toLocaleString('en')} reports`);
      let items = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (items.length > 0) {
        const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items } }));
        items = (UnprocessedItems?.[TABLE] ?? []) as typeof items;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return batches.reduce((count, batch) => count + batch.length, 0);
}

interface CaseResult {
  name: string;
  bytes: number;
  /** What the Lambda response carries: binary bodies are base64-encoded. */
  payloadBytes: number;
  status: number;
  note: string;
  ms: number;
  baselineRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
}

const CASES: Record<string, { label: string; binary?: boolean; path?: string }> = {
  overview: { label: `GET overview FY${FISCAL_YEAR}（推進本部）`, path: `/api/fiscal-years/${FISCAL_YEAR}/overview` },
  reports: { label: `GET reports FY${FISCAL_YEAR}（推進本部、1ページ目）`, path: `/api/fiscal-years/${FISCAL_YEAR}/reports` },
  'export-csv': { label: 'GET export.csv（全課）', path: `/api/fiscal-years/${FISCAL_YEAR}/export.csv` },
  'export-csv-dept': { label: 'GET export.csv?department=shomu', path: `/api/fiscal-years/${FISCAL_YEAR}/export.csv?department=shomu` },
  'export-xlsx': { label: 'GET export.xlsx（全課）', binary: true, path: `/api/fiscal-years/${FISCAL_YEAR}/export.xlsx` },
  'export-xlsx-dept': { label: 'GET export.xlsx?department=shomu', binary: true, path: `/api/fiscal-years/${FISCAL_YEAR}/export.xlsx?department=shomu` },
  digest: { label: `digest FY${FISCAL_YEAR}（HTML + text）` },
};

/** One case in this process: read the plan as a cold Lambda would, then answer the one request. */
async function runCase(name: string, endpoint: string): Promise<CaseResult> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const store = new DynamoStore({ tableName: TABLE, client });
  const plans = new PlanRegistry(store);
  const tokens = new LocalTokens('bench');
  const largeFiles = new LocalLargeFiles(mkdtempSync(join(tmpdir(), 'scale-bench-')));
  const deps: AppDeps = { store, verifier: tokens, plans, largeFiles };
  const app = createApp(deps);
  app.route('/api', createSheetsApi(deps));
  await plans.active();
  const baselineRssMb = process.memoryUsage().rss / 1024 / 1024;

  let peakHeap = 0;
  const sample = () => (peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size));
  const sampler = setInterval(sample, 5);
  const start = performance.now();
  let bytes: number;
  let status = 200;
  let note = '';
  if (name === 'digest') {
    const digest = await prepareDigest({ store, plans }, FISCAL_YEAR, 'https://shinchoku.example');
    bytes = Buffer.byteLength(digest.html) + Buffer.byteLength(digest.text);
    note = `HTML ${(Buffer.byteLength(digest.html) / 1024).toFixed(0)} KB, text ${(Buffer.byteLength(digest.text) / 1024).toFixed(0)} KB (kept whole in one DynamoDB item: 400 KB)`;
  } else {
    const token = await tokens.issue({ sub: 'bench', name: 'bench', 'cognito:groups': ['hq'] });
    const response = await app.request(CASES[name]!.path!, { headers: { Authorization: `Bearer ${token}` } });
    const body = new Uint8Array(await response.arrayBuffer());
    bytes = body.length;
    status = response.status;
    const location = response.headers.get('location');
    if (location)
      note = `handed over: ${location.replace(/[0-9a-f-]{36}/, '…')}, ${(statSync(join(largeFiles.root, location.replace('/exports/', ''))).size / 1024 / 1024).toFixed(2)} MB`;
    else if (status !== 200) note = new TextDecoder().decode(body).slice(0, 120);
  }
  const ms = performance.now() - start;
  clearInterval(sampler);
  sample();
  rmSync(largeFiles.root, { recursive: true, force: true });
  const payloadBytes = CASES[name]!.binary ? Math.ceil(bytes / 3) * 4 : bytes;
  return { name, bytes, payloadBytes, status, note, ms, baselineRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024, peakHeapMb: peakHeap / 1024 / 1024 };
}

if (process.env.SCALE_BENCH_CASE) {
  const result = await runCase(process.env.SCALE_BENCH_CASE, process.env.SCALE_BENCH_ENDPOINT!);
  console.log(JSON.stringify(result));
} else {
  ensureDynamoDbLocal();
  const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  try {
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    await ensureTable(client, TABLE);
    const store = new DynamoStore({ tableName: TABLE, client });
    const plan = scaledPlan(seedCatalogue().plan, FACTOR);
    const catalogue = parseCatalogue(plan);
    const planBytes = Buffer.byteLength(JSON.stringify(plan));
    const start = performance.now();
    await loadSeedPlans(store, [plan]);
    const count = await loadRecords(doc, catalogue);
    console.log(`\rloaded ${count.toLocaleString('en')} reports and the plan in ${((performance.now() - start) / 1000).toFixed(0)} s`);
    console.log(
      `Scale: plan ${FACTOR}× (${catalogue.measures.length.toLocaleString('en')} measures, ${catalogue.scheduledActionItems.length.toLocaleString('en')} action items, ` +
        `${catalogue.kpis.length.toLocaleString('en')} KPIs; ${(planBytes / 1024 / 1024).toFixed(1)} MB of JSON, stored in chunks), ${count.toLocaleString('en')} reports over FY${catalogue.years[0]}–FY${FISCAL_YEAR}`,
    );
    console.log(
      `one Node.js ${process.version} process per case; RSS includes Node and the parsed plan (baseline = after reading the plan, before the request)\n`,
    );
    console.log(
      'case'.padEnd(36),
      'status'.padStart(6),
      'answer'.padStart(10),
      'Lambda payload'.padStart(15),
      'ms'.padStart(7),
      'baseline'.padStart(9),
      'peak RSS'.padStart(9),
      'peak heap'.padStart(10),
    );
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
    const verdicts: string[] = [];
    for (const name of Object.keys(CASES)) {
      const output = execFileSync(process.execPath, [...process.execArgv, import.meta.filename], {
        env: { ...process.env, SCALE_BENCH_CASE: name, SCALE_BENCH_ENDPOINT: dynamo.endpoint, NODE_NO_WARNINGS: '1' },
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      });
      const r = JSON.parse(output.trim().split('\n').at(-1)!) as CaseResult;
      console.log(
        CASES[name]!.label.padEnd(36),
        String(r.status).padStart(6),
        mb(r.bytes).padStart(10),
        mb(r.payloadBytes).padStart(15),
        r.ms.toFixed(0).padStart(7),
        `${r.baselineRssMb.toFixed(0)} MB`.padStart(9),
        `${r.peakRssMb.toFixed(0)} MB`.padStart(9),
        `${r.peakHeapMb.toFixed(0)} MB`.padStart(10),
        r.note,
      );
      const fits = r.payloadBytes <= LAMBDA_RESPONSE_BYTES;
      const memory = r.peakRssMb <= LAMBDA_MEMORY_MB;
      verdicts.push(
        `${CASES[name]!.label}: answer ${mb(r.payloadBytes)} ≤ 6 MB → ${fits ? 'OK' : 'NOT MET'}; peak RSS ${r.peakRssMb.toFixed(0)} MB ≤ ${LAMBDA_MEMORY_MB} MB → ${memory ? 'OK' : 'NOT MET'}`,
      );
    }
    console.log(`\ntargets\n${verdicts.join('\n')}`);
  } finally {
    await dynamo.stop();
  }
}
