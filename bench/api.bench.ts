/**
 * `npm run bench:api`: latency of the main API routes as Lambda runs them: the function's Hono app behind the
 * Lambda adapter (hono/aws-lambda, as functions/api/lambda.ts), given API Gateway events whose claims the JWT
 * authorizer checked (functions/http/auth/gateway.ts), on DynamoDB Local. Each is next to a bare Hono route
 * behind the same adapter that makes exactly the same DynamoDB calls and nothing else (no sign-in,
 * validation, permissions or problem handling). Then the bundled handler sizes and the cold starts.
 * Prints figures beside their targets; asserts nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
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
 * Ours and the bare route, alternating request by request (which goes first alternates too), so that the
 * machine's load on a shared box weighs on both alike.
 */
async function paired(ours: (i: number) => Promise<unknown>, bare: (i: number) => Promise<unknown>): Promise<{ ours: Figures; bare: Figures }> {
  for (let i = 0; i < WARM_UP; i++) {
    await ours(i);
    await bare(i);
  }
  const times = { ours: [] as number[], bare: [] as number[] };
  for (let i = WARM_UP; i < WARM_UP + ITERATIONS; i++) {
    if (i % 2 === 0) {
      times.ours.push(await timed(() => ours(i)));
      times.bare.push(await timed(() => bare(i)));
    } else {
      times.bare.push(await timed(() => bare(i)));
      times.ours.push(await timed(() => ours(i)));
    }
  }
  return { ours: figures(times.ours), bare: figures(times.bare) };
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
function bareApp(doc: DynamoDBDocumentClient, table: string): Hono {
  const app = new Hono();
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
  for (const url of [report, '/api/fiscal-years/2026/action-reports/12-2']) {
    await call(ours, { method: 'PUT', url, claims: shomu, headers: json, body: body(0) }, 201);
  }
  const versions = { ours: 1, bare: 1 };
  const put = (handler: Handler, url: string, side: 'ours' | 'bare') => async (i: number) => {
    await call(handler, { method: 'PUT', url, claims: shomu, headers: { ...json, 'if-match': `"${versions[side]}"` }, body: body(i) }, 200);
    versions[side]++;
  };
  const get = (handler: Handler, url: string, claims: Record<string, string>) => () => call(handler, { method: 'GET', url, claims }, 200);

  const reads = await paired(get(ours, report, shomu), get(bare, bareReport, shomu));
  const writes = await paired(put(ours, report, 'ours'), put(bare, bareReport, 'bare'));
  const others: [string, Figures][] = [
    ['GET  /api/me', await single(get(ours, '/api/me', shomu))],
    ['GET  overview（推進本部）', await single(get(ours, '/api/fiscal-years/2026/overview', hq))],
  ];

  console.log(
    `API latency through the Lambda adapter with API Gateway's claims, Node.js ${process.version}: ${ITERATIONS} requests each after ${WARM_UP} warm-up, ours and bare alternating (ms)`,
  );
  console.log('route'.padEnd(36), 'p50'.padStart(8), 'p99'.padStart(8));
  const line = (name: string, { p50, p99 }: Figures) => console.log(name.padEnd(36), p50.toFixed(2).padStart(8), p99.toFixed(2).padStart(8));
  for (const [name, pair] of [
    ['GET  action report', reads],
    ['PUT  action report（If-Match）', writes],
  ] as const) {
    line(name, pair.ours);
    line(`     bare route, same DynamoDB calls`, pair.bare);
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
