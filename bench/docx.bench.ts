/**
 * `npm run bench:docx`: GET report.docx for the plan's last year at 1×, 10× and 100× today's data (bench/scale-data.ts:
 * at 100× 4,400 measures, ~60,000 reports over five years), on DynamoDB Local in memory. Each factor runs in
 * its own Node.js process, as the Sheets Lambda would: the plan read from the table, then the one request
 * through the real route. That process gets the Lambda's heap cap, so a document that would crash the
 * function crashes here too. Prints time, CPU time, peak RSS and size beside the targets (≤ 30 s; peak ≤ 75% of
 * the function's memory, PEAK_SHARE), and the machine's load (os.loadavg) at the start, beside each run and at the end: on a
 * shared machine the wall time is mostly the load. `npm run bench:docx -- 3` runs each factor three times.
 * DOCX_BENCH_HEAP_MB caps the heap lower than Lambda does (e.g. 700): a run that still succeeds shows that the
 * document's live memory fits in that, and that the rest of the peak is garbage V8 had no reason to collect yet.
 * Asserts nothing.
 *
 * `measureReportDocx` is exported for bench/scale.bench.ts, which loads the same data at 100×.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalTokens } from '../functions/http/auth/local.ts';
import type { AppDeps } from '../functions/http/deps.ts';
import { LocalLargeFiles } from '../functions/http/files.ts';
import { createSheetsApi } from '../functions/sheets/app.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { ensureDynamoDbLocal, findFreePort, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { LOCAL } from '../scripts/local/settings.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { heapCapMB, MEMORY_MB } from '../infra/constructs/memory.ts';
import { loadScaledTable } from './scale-data.ts';

/** The Sheets function's memorySize, and the V8 heap cap Lambda sets for it. */
export const SHEETS_MEMORY_MB = MEMORY_MB.sheets;
const SHEETS_HEAP_MB = Number(process.env.DOCX_BENCH_HEAP_MB ?? heapCapMB(SHEETS_MEMORY_MB));
/** API Gateway answers 504 after 29 s; issue 22's target for the .docx at 100×. */
export const DOCX_TARGET_MS = 30_000;
/**
 * The share of the function's memory the peak may take: a real margin, not just "did not crash" (at 90% of it,
 * one more year of reports or a longer text would have stopped the function).
 */
const PEAK_SHARE = 0.75;
const FISCAL_YEAR = seedCatalogue().plan.period.lastFiscalYear;

export interface BenchCase {
  name: string;
  factor: number;
  /** Time of the request, from the route's first line to the last byte of the body. */
  ms: number;
  /** CPU time (user + system) of the process during the request: on a shared, loaded machine `ms` includes waiting for a core. */
  cpuMs: number;
  /** Peak resident memory of the whole process (Node, the parsed plan and the request). */
  peakMB: number;
  /** Size of the .docx. */
  bytes: number;
  limitMB: number;
  /** Set when the request did not answer 200 or the process died (out of memory, for one). */
  error?: string;
}

/** In this process: read the plan as a cold Lambda would, then answer GET report.docx once. */
async function runInProcess(endpoint: string, table: string, factor: number): Promise<BenchCase> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const store = new DynamoStore({ tableName: table, client });
  const plans = new PlanRegistry(store);
  const tokens = new LocalTokens('bench');
  const largeFiles = new LocalLargeFiles(mkdtempSync(join(tmpdir(), 'docx-bench-')));
  const deps: AppDeps = { store, verifier: tokens, plans, largeFiles };
  const app = createSheetsApi(deps);
  await plans.active();
  const token = await tokens.issue({ sub: 'bench', name: 'bench', 'cognito:groups': ['hq'] });
  const cpu = process.cpuUsage();
  const start = performance.now();
  const response = await app.request(`/fiscal-years/${FISCAL_YEAR}/report.docx`, { headers: { Authorization: `Bearer ${token}` } });
  const body = new Uint8Array(await response.arrayBuffer());
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  rmSync(largeFiles.root, { recursive: true, force: true });
  return {
    name: 'report.docx',
    factor,
    ms,
    cpuMs: (user + system) / 1000,
    peakMB: process.resourceUsage().maxRSS / 1024,
    bytes: body.length,
    limitMB: SHEETS_MEMORY_MB,
    ...(response.status === 200 ? {} : { error: `${response.status} ${new TextDecoder().decode(body).slice(0, 200)}` }),
  };
}

/**
 * report.docx for FY{last plan year} from `table` (loaded at `factor`× by loadScaledTable), measured in a
 * process of its own with the Sheets function's heap cap. A crash is returned as a case with `error`.
 */
export async function measureReportDocx(input: { endpoint: string; table: string; factor: number }): Promise<BenchCase> {
  const args = [`--max-old-space-size=${SHEETS_HEAP_MB}`, ...process.execArgv, import.meta.filename];
  const env = { ...process.env, DOCX_BENCH: JSON.stringify(input), NODE_NO_WARNINGS: '1' };
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as BenchCase;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error);
    const reason = /heap out of memory/.test(stderr) ? `out of memory (heap capped at ${SHEETS_HEAP_MB} MB)` : stderr.trim().split('\n').slice(-3).join(' ');
    return {
      name: 'report.docx',
      factor: input.factor,
      ms: Number.NaN,
      cpuMs: Number.NaN,
      peakMB: Number.NaN,
      bytes: 0,
      limitMB: SHEETS_MEMORY_MB,
      error: reason,
    };
  }
}

const FACTORS = [1, 10, 100];

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 1);
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(' / ');
  console.log(`Load (loadavg 1 / 5 / 15 min) at the start: ${load()}`);
  ensureDynamoDbLocal();
  const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  try {
    const tables = new Map<number, string>();
    for (const factor of FACTORS) {
      const start = performance.now();
      const table = `docx-bench-${factor}`;
      const { catalogue, reports } = await loadScaledTable(dynamo.endpoint, table, factor);
      tables.set(factor, table);
      console.log(
        `${factor}×: ${catalogue.measures.length.toLocaleString('en')} measures, ${reports.toLocaleString('en')} reports, loaded in ${((performance.now() - start) / 1000).toFixed(0)} s`,
      );
    }
    console.log(
      `\nreport.docx FY${FISCAL_YEAR}, one Node.js ${process.version} process per run (heap capped at ${SHEETS_HEAP_MB} MB${process.env.DOCX_BENCH_HEAP_MB ? `, below Lambda's ${heapCapMB(SHEETS_MEMORY_MB)} MB` : ' as in Lambda'})`,
    );
    console.log(
      'factor'.padEnd(7),
      'run'.padStart(3),
      'ms'.padStart(8),
      'CPU ms'.padStart(8),
      'peak RSS'.padStart(9),
      'size'.padStart(9),
      'load'.padStart(6),
      ' verdict',
    );
    const cases: BenchCase[] = [];
    for (const factor of FACTORS) {
      for (let run = 1; run <= runs; run++) {
        const result = await measureReportDocx({ endpoint: dynamo.endpoint, table: tables.get(factor)!, factor });
        cases.push(result);
        const inTime = result.ms <= DOCX_TARGET_MS;
        const peakLimit = Math.floor(result.limitMB * PEAK_SHARE);
        const inMemory = result.peakMB <= peakLimit;
        const verdict = result.error
          ? `FAILED: ${result.error}`
          : `time ${inTime ? '≤' : '>'} 30 s, peak ${inMemory ? '≤' : '>'} ${peakLimit} MB (75% of ${result.limitMB} MB) → ${inTime && inMemory ? 'OK' : 'NOT MET'}`;
        console.log(
          `${factor}×`.padEnd(7),
          String(run).padStart(3),
          result.ms.toFixed(0).padStart(8),
          result.cpuMs.toFixed(0).padStart(8),
          `${result.peakMB.toFixed(0)} MB`.padStart(9),
          `${(result.bytes / 1024).toFixed(0)} KB`.padStart(9),
          loadavg()[0]!.toFixed(2).padStart(6),
          ` ${verdict}`,
        );
      }
    }
    console.log(`Load at the end: ${load()}`);
    console.log(JSON.stringify({ cases }));
  } finally {
    await dynamo.stop();
  }
}

if (process.env.DOCX_BENCH) {
  const { endpoint, table, factor } = JSON.parse(process.env.DOCX_BENCH) as { endpoint: string; table: string; factor: number };
  console.log(JSON.stringify(await runInProcess(endpoint, table, factor)));
} else if (process.argv[1] === import.meta.filename) {
  await main();
}
