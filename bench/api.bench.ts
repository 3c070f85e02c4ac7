/**
 * `npm run bench:api`: latency of the main API routes as Lambda runs them: the API's handler bundled as the
 * stacks deploy it (infra/constructs/bundle.ts; functions/api/lambda.ts, its Hono app behind hono/aws-lambda),
 * given API Gateway events whose claims the JWT authorizer checked (functions/http/auth/gateway.ts), on
 * DynamoDB Local. Each is next to a bare Hono route behind the same adapter that makes exactly the same
 * DynamoDB calls and nothing else (no sign-in, validation, permissions or problem handling), and a third
 * side between the two: that bare route behind our pipeline (functions/http/pipeline.ts), so the difference
 * splits into the pipeline's share and the route's (validation, permissions, service, answer). Both
 * baselines are bundled the same way (bench/api-baseline.ts): from source through tsx, every function of ours
 * would also pay for esbuild's keepNames wrappers, which the deployed bundle has not.
 *
 * Beside each side's p50 and p99, the median CPU time this process spent per request (µs), Node's own work
 * without the waits for DynamoDB: on a shared 2-core box the gap between the sides is that work.
 *
 * Then where the remaining time goes: the CPU time of a request built up one step at a time (each pipeline
 * middleware, the route's schemas, the real route) with DynamoDB's answers replayed from memory, in µs.
 * Then the bundled handler sizes and the cold starts. The machine's load (os.loadavg) is printed before and
 * after each part. Prints figures beside their targets; asserts nothing.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaEvent } from 'hono/aws-lambda';
import { bundleLambda } from '../infra/constructs/bundle.ts';
import { seedPlanInput } from '../seeds/plans.ts';
import { ensureTable, loadSeedPlans } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { ensureDynamoDbLocal, findFreePort, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { LOCAL } from '../scripts/local/settings.ts';
import { bundledSizes, printBundledSizes } from './bundle-size.ts';
import { coldStart, printColdStarts } from './cold-start.ts';
import { gatewayClaims, gatewayEvent, LAMBDA_CONTEXT } from './lambda-event.ts';
import type { GatewayRequest } from './lambda-event.ts';
import type * as Baseline from './api-baseline.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);
/**
 * Requests each side answers before timing starts. DynamoDB Local (a JVM) runs its first few hundred
 * requests interpreted, then compiled: 30 left its JIT warming up inside the timed runs.
 */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 500);
/** GET and PUT of a report: p50 and p99 each at most this many times the bare route's (issue 22). */
const TARGET_RATIO = 1.1;
/** The breakdown: rounds of BREAKDOWN_REQUESTS requests per step, steps interleaved; each step's best round counts. */
const BREAKDOWN_ROUNDS = Number(process.env.BENCH_BREAKDOWN_ROUNDS ?? 12);
const BREAKDOWN_REQUESTS = 1000;

interface Figures {
  p50: number;
  p99: number;
  /** Median CPU time of this process per request (µs, user + system): Node's own work, without the waits for DynamoDB. */
  cpu?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function figures(times: number[]): Figures {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/**
 * Each side in turn, request by request, the order turning each round, so that the machine's load on a
 * shared box weighs on all alike; after WARM_UP requests each, untimed.
 */
async function interleaved<K extends string>(sides: Record<K, (i: number) => Promise<unknown>>): Promise<Record<K, Figures>> {
  const names = Object.keys(sides) as K[];
  for (let i = 0; i < WARM_UP; i++) for (const name of names) await sides[name](i);
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  const cpu = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let i = WARM_UP; i < WARM_UP + ITERATIONS; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const start = process.cpuUsage();
      times[name].push(await timed(() => sides[name](i)));
      const used = process.cpuUsage(start);
      cpu[name].push(used.user + used.system);
    }
  }
  return Object.fromEntries(names.map((name) => [name, { ...figures(times[name]), cpu: figures(cpu[name]).p50 }])) as Record<K, Figures>;
}

async function single(run: (i: number) => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < WARM_UP; i++) await run(i);
  const times: number[] = [];
  for (let i = WARM_UP; i < WARM_UP + ITERATIONS; i++) times.push(await timed(() => run(i)));
  return figures(times);
}

type Handler = Baseline.Handler;

/**
 * CPU time per request (µs, user + system) of each step, DynamoDB replayed from memory: the steps in turn,
 * BREAKDOWN_REQUESTS requests each per round, the best round of each (the least disturbed by other work).
 */
async function cpuPerRequest(steps: Baseline.Step[], request: (i: number) => GatewayRequest, expected: number): Promise<number[]> {
  const best = steps.map(() => Infinity);
  for (let round = 0; round <= BREAKDOWN_ROUNDS; round++) {
    for (const [k, step] of steps.entries()) {
      const start = process.cpuUsage();
      for (let i = 0; i < BREAKDOWN_REQUESTS; i++) {
        const response = await step.handler(gatewayEvent(request(i)) as unknown as LambdaEvent, LAMBDA_CONTEXT);
        if (response.statusCode !== expected) throw new Error(`${step.name}: ${response.statusCode} ${response.body}`);
      }
      const used = process.cpuUsage(start);
      // Round 0 warms every step up (the JIT), untimed.
      if (round > 0) best[k] = Math.min(best[k]!, (used.user + used.system) / BREAKDOWN_REQUESTS);
    }
  }
  return best;
}

const root = join(import.meta.dirname, '..');
ensureDynamoDbLocal();
const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
let bundles: string | undefined;
try {
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const tableName = 'bench';
  await ensureTable(client, tableName);
  const store = new DynamoStore({ tableName, client });
  await loadSeedPlans(store, [seedPlanInput()]);
  // The API's handler as Lambda runs it: functions/api/lambda.ts bundled as the stacks bundle it, configured
  // by its environment, answering API Gateway's events. The baselines are bundled the same way, inside the
  // project so that the SDK clients left to the runtime resolve from node_modules, as in Lambda.
  // What CloudFront and API Gateway add in AWS is the same for every side and left out of all.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    USER_POOL_ID: 'ap-northeast-1_bench',
    AWS_REGION: LOCAL.region,
    AWS_ACCESS_KEY_ID: LOCAL.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  });
  mkdirSync(join(root, '.cache'), { recursive: true });
  bundles = mkdtempSync(join(root, '.cache', 'api-bench-'));
  const bundled = async (entry: string, name: string) => {
    await bundleLambda(join(root, entry), join(bundles!, name), { logLevel: 'silent' });
    return import(pathToFileURL(join(bundles!, name, 'index.mjs')).href);
  };
  const ours = (await bundled('functions/api/lambda.ts', 'api')).handler as Handler;
  const baseline = (await bundled('bench/api-baseline.ts', 'baseline')) as typeof Baseline;
  const { bare, pipeline } = baseline;
  const call = async (handler: Handler, request: GatewayRequest, expected: number) => {
    const response = await handler(gatewayEvent(request) as unknown as LambdaEvent, LAMBDA_CONTEXT);
    if (response.statusCode !== expected) throw new Error(`${request.method} ${request.url} ${response.statusCode} ${response.body}`);
  };

  const shomu = gatewayClaims(['dept-shomu']);
  const hq = gatewayClaims(['hq']);
  const json = { 'content-type': 'application/json' };
  const body = (i: number) => JSON.stringify({ status: 'implementing', rating: 'B', achievements: `実績 ${i}` });
  // Two reports of the same measure, one for each side, so neither's versions get in the other's way.
  const report = '/api/fiscal-years/2026/action-reports/12-1';
  const bareReport = '/bare/fiscal-years/2026/action-reports/12-2';
  const pipelineReport = '/bare/fiscal-years/2026/action-reports/12-3';
  for (const url of [report, '/api/fiscal-years/2026/action-reports/12-2', '/api/fiscal-years/2026/action-reports/12-3']) {
    await call(ours, { method: 'PUT', url, claims: shomu, headers: json, body: body(0) }, 201);
  }
  const versions = { ours: 1, bare: 1, pipeline: 1 };
  const put = (handler: Handler, url: string, side: keyof typeof versions) => async (i: number) => {
    await call(handler, { method: 'PUT', url, claims: shomu, headers: { ...json, 'if-match': `"${versions[side]}"` }, body: body(i) }, 200);
    versions[side]++;
  };
  const get = (handler: Handler, url: string, claims: Record<string, string>) => () => call(handler, { method: 'GET', url, claims }, 200);

  const loadBefore = loadavg();
  const reads = await interleaved({ ours: get(ours, report, shomu), bare: get(bare, bareReport, shomu), pipeline: get(pipeline, pipelineReport, shomu) });
  const writes = await interleaved({
    ours: put(ours, report, 'ours'),
    bare: put(bare, bareReport, 'bare'),
    pipeline: put(pipeline, pipelineReport, 'pipeline'),
  });
  const others: [string, Figures][] = [
    ['GET  /api/me', await single(get(ours, '/api/me', shomu))],
    ['GET  overview（推進本部）', await single(get(ours, '/api/fiscal-years/2026/overview', hq))],
  ];

  const load = (figures: number[]) => figures.map((figure) => figure.toFixed(1)).join(' / ');
  console.log(
    `API latency through the Lambda adapter with API Gateway's claims, Node.js ${process.version}: ${ITERATIONS} requests each after ${WARM_UP} warm-up, the sides interleaved (ms)`,
  );
  console.log(`machine load (1 / 5 / 15 min) before: ${load(loadBefore)}, after: ${load(loadavg())}`);
  console.log('route'.padEnd(36), 'p50'.padStart(8), 'p99'.padStart(8), 'CPU µs'.padStart(8));
  const line = (name: string, { p50, p99, cpu }: Figures) =>
    console.log(name.padEnd(36), p50.toFixed(2).padStart(8), p99.toFixed(2).padStart(8), (cpu === undefined ? '' : cpu.toFixed(0)).padStart(8));
  for (const [name, pair] of [
    ['GET  action report', reads],
    ['PUT  action report（If-Match）', writes],
  ] as const) {
    line(name, pair.ours);
    line(`     bare route, same DynamoDB calls`, pair.bare);
    line(`     bare route behind our pipeline`, pair.pipeline);
  }
  for (const [name, row] of others) line(name, row);
  for (const [name, pair] of [
    ['GET', reads],
    ['PUT', writes],
  ] as const) {
    for (const p of ['p50', 'p99'] as const) {
      const ratio = pair.ours[p] / pair.bare[p];
      console.log(
        `target: ${name} ${p} ≤ ${TARGET_RATIO}× the bare route → ${pair.ours[p].toFixed(2)} / ${pair.bare[p].toFixed(2)} ms = ${ratio.toFixed(2)}× ` +
          `(${(pair.ours[p] - pair.bare[p]) >= 0 ? '+' : ''}${(pair.ours[p] - pair.bare[p]).toFixed(2)} ms) ${ratio <= TARGET_RATIO ? 'OK' : 'NOT MET'}`,
      );
      const signed = (ms: number) => `${ms >= 0 ? '+' : ''}${ms.toFixed(2)} ms`;
      console.log(
        `        where it goes: pipeline ${signed(pair.pipeline[p] - pair.bare[p])}, route (validation, permissions, service, answer) ${signed(pair.ours[p] - pair.pipeline[p])}`,
      );
    }
  }

  // Where the time goes: each step's CPU per request, DynamoDB replayed from memory (bench/api-baseline.ts).
  const recorded = {
    report: (await store.getReport({ kind: 'action', fiscalYear: 2026, subject: '12-1' }))!,
    assignments: await store.listAssignments(),
  };
  const steps = baseline.breakdown(recorded);
  const breakdownLoad = loadavg();
  const getCpu = await cpuPerRequest(steps, () => ({ method: 'GET', url: report, claims: shomu }), 200);
  const putCpu = await cpuPerRequest(
    steps,
    (i) => ({ method: 'PUT', url: report, claims: shomu, headers: { ...json, 'if-match': `"${recorded.report.version}"` }, body: body(i) }),
    200,
  );
  console.log('');
  console.log(
    `Where the time goes: CPU per request (µs, user + system), DynamoDB's answers replayed from memory, one step more each line; ` +
      `best of ${BREAKDOWN_ROUNDS} rounds of ${BREAKDOWN_REQUESTS}; machine load before ${load(breakdownLoad)}, after ${load(loadavg())}`,
  );
  console.log('step'.padEnd(52), 'GET'.padStart(8), '(+)'.padStart(8), 'PUT'.padStart(8), '(+)'.padStart(8));
  const us = (value: number) => value.toFixed(1).padStart(8);
  const added = (values: number[], k: number) =>
    (k === 0 ? '' : `${values[k]! - values[k - 1]! >= 0 ? '+' : ''}${(values[k]! - values[k - 1]!).toFixed(1)}`).padStart(8);
  for (const [k, step] of steps.entries()) console.log(step.name.padEnd(52), us(getCpu[k]!), added(getCpu, k), us(putCpu[k]!), added(putCpu, k));
  const last = steps.length - 1;
  console.log(
    `ours beyond the bare route: GET +${(getCpu[last]! - getCpu[0]!).toFixed(1)} µs, PUT +${(putCpu[last]! - putCpu[0]!).toFixed(1)} µs of CPU ` +
      `(the pipeline's share: GET +${(getCpu[last - 2]! - getCpu[0]!).toFixed(1)}, PUT +${(putCpu[last - 2]! - putCpu[0]!).toFixed(1)})`,
  );
  // The same difference on DynamoDB Local (the CPU column above): what it has beyond the replayed breakdown
  // is work that only real answers bring (the SDK's and the event loop's around them), not our route's logic.
  for (const [name, pair, replayed] of [
    ['GET', reads, getCpu[last]! - getCpu[0]!],
    ['PUT', writes, putCpu[last]! - putCpu[0]!],
  ] as const) {
    const onDynamo = pair.ours.cpu! - pair.bare.cpu!;
    console.log(
      `${name} on DynamoDB Local: ours +${onDynamo.toFixed(0)} µs of CPU per request beyond the bare route (median); the replayed steps account for ` +
        `${replayed.toFixed(0)} µs, ${(onDynamo - replayed).toFixed(0)} µs come only with DynamoDB's real answers`,
    );
  }

  console.log('');
  printBundledSizes(await bundledSizes());
  console.log('');
  // The cold starts on the same DynamoDB Local, in a table of their own.
  printColdStarts(await coldStart(undefined, dynamo.endpoint));
} finally {
  if (bundles) rmSync(bundles, { recursive: true, force: true });
  await dynamo.stop();
}
