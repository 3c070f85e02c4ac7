/**
 * `npm run bench:api`: latency of the main API routes as Lambda runs them: the function's Hono app behind the
 * Lambda adapter (hono/aws-lambda, as functions/api/lambda.ts), given API Gateway events whose claims the JWT
 * authorizer checked (functions/http/auth/gateway.ts), on DynamoDB Local. Each is next to a bare Hono route
 * behind the same adapter that makes exactly the same DynamoDB calls and nothing else (no sign-in,
 * validation, permissions or problem handling), and a third app between the two: that bare route behind our
 * pipeline (functions/http/pipeline.ts: error handler, correlation id and Cache-Control, body limit, the
 * claims and the principal), so the difference splits into the pipeline's share and the route's (validation,
 * permissions, service, answer). Then the bundled handler sizes and the cold starts. The machine's load
 * (os.loadavg) is printed before and after. Prints figures beside their targets; asserts nothing.
 */
import { loadavg } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { usePipeline } from '../functions/http/pipeline.ts';
import type { AppEnv } from '../functions/http/deps.ts';
import type { LambdaEvent } from 'hono/aws-lambda';
import { GatewayAuthorizerClaims } from '../functions/http/auth/gateway.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { createApp } from '../functions/api/app.ts';
import { seedPlanInput } from '../seeds/plans.ts';
import { ensureTable, loadSeedPlans } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { ensureDynamoDbLocal, findFreePort, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { LOCAL } from '../scripts/local/settings.ts';
import { bundledSizes, printBundledSizes } from './bundle-size.ts';
import { coldStart, printColdStarts } from './cold-start.ts';
import { gatewayClaims, gatewayEvent, LAMBDA_CONTEXT } from './lambda-event.ts';
import type { GatewayRequest } from './lambda-event.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 500);
/**
 * Requests each side answers before timing starts. DynamoDB Local (a JVM) runs its first few hundred
 * requests interpreted, then compiled: 30 left its JIT warming up inside the timed runs.
 */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 500);
/** GET and PUT of a report: p50 and p99 each at most this many times the bare route's (issue 22). */
const TARGET_RATIO = 1.1;

interface Figures {
  p50: number;
  p99: number;
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
  for (let i = WARM_UP; i < WARM_UP + ITERATIONS; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      times[name].push(await timed(() => sides[name](i)));
    }
  }
  return Object.fromEntries(names.map((name) => [name, figures(times[name])])) as Record<K, Figures>;
}

async function single(run: (i: number) => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < WARM_UP; i++) await run(i);
  const times: number[] = [];
  for (let i = WARM_UP; i < WARM_UP + ITERATIONS; i++) times.push(await timed(() => run(i)));
  return figures(times);
}

/**
 * The baseline: what our GET and PUT of a report ask of DynamoDB, with nothing around it. GET reads the
 * report and HQ's assignments (for the permissions) side by side; PUT does the same, then writes the report
 * (conditional on the version read) and its revision in one transaction.
 */
function bareApp(doc: DynamoDBDocumentClient, table: string, app = new Hono()): Hono {
  const read = (fy: string, id: string) =>
    Promise.all([
      doc.send(new GetCommand({ TableName: table, Key: { PK: `FY#${fy}`, SK: `ACTION#${id}` } })),
      doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'ASSIGNMENT' } })),
    ]);
  app.get('/bare/fiscal-years/:fy/action-reports/:id', async (c) => {
    const [{ Item }] = await read(c.req.param('fy'), c.req.param('id'));
    c.header('ETag', `"${Item!.version}"`);
    return c.json(Item);
  });
  app.put('/bare/fiscal-years/:fy/action-reports/:id', async (c) => {
    const body = await c.req.json();
    const [{ Item }] = await read(c.req.param('fy'), c.req.param('id'));
    const version = Number(Item!.version);
    const at = new Date().toISOString();
    const next = { ...Item!, body, version: version + 1, updatedAt: at };
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: next, ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': version } } },
          {
            Put: {
              TableName: table,
              Item: { PK: `REV#${Item!.PK}#${Item!.SK}`, SK: `V#${String(version + 1).padStart(6, '0')}`, version: version + 1, at, changes: [] },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    c.header('ETag', `"${version + 1}"`);
    return c.json(next);
  });
  return app;
}

type Handler = (event: LambdaEvent, context: typeof LAMBDA_CONTEXT) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;

ensureDynamoDbLocal();
const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
try {
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const tableName = 'bench';
  await ensureTable(client, tableName);
  const store = new DynamoStore({ tableName, client });
  await loadSeedPlans(store, [seedPlanInput()]);
  // The function's app as Lambda runs it (functions/api/lambda.ts): the gateway's claims, the Lambda adapter.
  // What CloudFront and API Gateway add in AWS is the same for both sides and left out of both.
  const ours = handle(createApp({ store, verifier: new GatewayAuthorizerClaims(), plans: new PlanRegistry(store) })) as unknown as Handler;
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const bare = handle(bareApp(doc, tableName)) as unknown as Handler;
  // The bare route behind our pipeline, with the same deps as ours (the claims verifier above all).
  const piped = new Hono<AppEnv>();
  usePipeline(
    piped,
    { store, verifier: new GatewayAuthorizerClaims(), plans: new PlanRegistry(store) },
    { maxBodyBytes: () => 64 * 1024, isPublic: () => false },
  );
  const pipeline = handle(bareApp(doc, tableName, piped as unknown as Hono)) as unknown as Handler;
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
  console.log('route'.padEnd(36), 'p50'.padStart(8), 'p99'.padStart(8));
  const line = (name: string, { p50, p99 }: Figures) => console.log(name.padEnd(36), p50.toFixed(2).padStart(8), p99.toFixed(2).padStart(8));
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

  console.log('');
  printBundledSizes(await bundledSizes());
  console.log('');
  // The cold starts on the same DynamoDB Local, in a table of their own.
  printColdStarts(await coldStart(undefined, dynamo.endpoint));
} finally {
  await dynamo.stop();
}
