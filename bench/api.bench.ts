/**
 * `npm run bench:api`: latency of the main API routes over real HTTP (the function's Hono app on Node,
 * DynamoDB Local), each next to a bare Hono route on the same Node process that makes exactly the same
 * DynamoDB calls and nothing else (no sign-in, validation, permissions or problem handling); then the
 * bundled handler sizes and the cold start. Prints figures and targets; asserts nothing.
 */
import { LocalSignIn } from '../functions/api/routes/local-sign-in.ts';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { LocalTokens } from '../functions/http/auth/local.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { createApp } from '../functions/api/app.ts';
import { seedPlanInput } from '../seeds/plans.ts';
import { ensureTable, loadSeedPlans } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { ensureDynamoDbLocal, findFreePort, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { LOCAL } from '../scripts/local/settings.ts';
import { bundledSizes } from './bundle-size.ts';
import { COLD_START_PATH, COLD_START_ROUNDS, coldStart } from './cold-start.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARM_UP = 30;
/** GET and PUT of a report: p50 at most this many times the bare route's (issue 9). */
const TARGET_RATIO = 1.3;

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

await ensureDynamoDbLocal();
const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
try {
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const tableName = 'bench';
  await ensureTable(client, tableName);
  const store = new DynamoStore({ tableName, client });
  await loadSeedPlans(store, [seedPlanInput()]);
  const tokens = new LocalTokens('bench');
  // The function's app as Lambda runs it, served like the bare route: what CloudFront adds in AWS (and the
  // local server here: security headers, compression) is the same for both and left out of both.
  const app = createApp({ store, verifier: tokens, plans: new PlanRegistry(store) }, new LocalSignIn(tokens));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const bareServer = serve({ fetch: bareApp(doc, tableName).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => bareServer.once('listening', resolve));
  const base = `http://127.0.0.1:${port}/api`;
  const bareBase = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/bare`;

  const auth = (groups: string[]) => tokens.issue({ sub: 'bench', name: 'bench', 'cognito:groups': groups });
  const shomu = { Authorization: `Bearer ${await auth(['dept-shomu'])}`, 'Content-Type': 'application/json' };
  const hq = { Authorization: `Bearer ${await auth(['hq'])}` };
  const body = (i: number) => JSON.stringify({ status: 'implementing', rating: 'B', achievements: `実績 ${i}` });
  // Two reports of the same measure, one for each side, so neither's versions get in the other's way.
  const report = `${base}/fiscal-years/2026/action-reports/12-1`;
  const bareReport = `${bareBase}/fiscal-years/2026/action-reports/12-2`;
  for (const url of [report, `${base}/fiscal-years/2026/action-reports/12-2`]) {
    const created = await fetch(url, { method: 'PUT', headers: shomu, body: body(0) });
    if (created.status !== 201) throw new Error(`PUT ${created.status}`);
  }
  const versions = { ours: 1, bare: 1 };
  const put = (url: string, side: 'ours' | 'bare') => async (i: number) => {
    const response = await fetch(url, { method: 'PUT', headers: { ...shomu, 'If-Match': `"${versions[side]}"` }, body: body(i) });
    if (response.status !== 200) throw new Error(`PUT ${url} ${response.status}`);
    await response.arrayBuffer();
    versions[side]++;
  };
  const get = (url: string, headers: Record<string, string>) => async () => {
    const response = await fetch(url, { headers });
    if (response.status !== 200) throw new Error(`GET ${url} ${response.status}`);
    await response.arrayBuffer();
  };

  const reads = await paired(get(report, shomu), get(bareReport, {}));
  const writes = await paired(put(report, 'ours'), put(bareReport, 'bare'));
  const others: [string, Figures][] = [
    ['GET  /api/me', await single(get(`${base}/me`, shomu))],
    ['GET  overview（推進本部）', await single(get(`${base}/fiscal-years/2026/overview`, hq))],
  ];

  console.log(`API latency over HTTP on Node.js ${process.version}, ${ITERATIONS} requests each after ${WARM_UP} warm-up, ours and bare alternating (ms)`);
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
    const ratio = pair.ours.p50 / pair.bare.p50;
    console.log(
      `target: ${name} p50 ≤ ${TARGET_RATIO}× the bare route → ${ratio.toFixed(2)}× ${ratio <= TARGET_RATIO ? 'OK' : 'NOT MET'}` +
        ` (p99 ${(pair.ours.p99 / pair.bare.p99).toFixed(2)}×)`,
    );
  }

  console.log('\nBundled handlers (esbuild, minified): code a cold start loads besides the bundled AWS SDK');
  for (const { name, bytes, limit } of await bundledSizes()) {
    console.log(
      `${name.padEnd(8)} ${(bytes / 1024).toFixed(1).padStart(7)} KB${limit ? `  target ≤ ${limit / 1024} KB → ${bytes <= limit ? 'OK' : 'NOT MET'}` : ''}`,
    );
  }
  const cold = await coldStart();
  console.log(
    `\nCold start (fresh Node.js ${process.version} process, as the functions' runtime: import the bundled handler, answer GET ${COLD_START_PATH}; median of ${COLD_START_ROUNDS}, paired with a hello-world Hono handler)\n` +
      `api ${cold.api.toFixed(1)} ms, hello-world ${cold.hello.toFixed(1)} ms → ${cold.ratio.toFixed(2)}× target ≤ 2.5× → ${cold.ratio <= 2.5 ? 'OK' : 'NOT MET'}`,
  );
  server.close();
  bareServer.close();
} finally {
  await dynamo.stop();
}
