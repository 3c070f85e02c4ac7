/**
 * `npm run bench:api`: latency of the main API routes over real HTTP on the local system
 * (Hono on Node, DynamoDB Local) next to a raw DynamoDB GetItem on the same table, and the
 * bundled handler sizes. Prints figures; asserts nothing.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { LocalTokens } from '../functions/api/auth/local.ts';
import { CatalogueSource } from '../functions/store/catalogue-source.ts';
import { startLocalServer } from '../functions/api/local-server.ts';
import { seedPlanInput } from '../functions/domain/catalogue/seed.ts';
import { ensureTable, loadPlan } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { ensureDynamoDbLocal, findFreePort, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { LOCAL } from '../scripts/local/settings.ts';
import { bundledSizes } from './bundle-size.ts';
import { COLD_START_PATH, coldStart } from './cold-start.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARM_UP = 30;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < WARM_UP; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    await run(WARM_UP + i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

await ensureDynamoDbLocal();
const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
try {
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  const tableName = 'bench';
  await ensureTable(client, tableName);
  const store = new DynamoStore({ tableName, client });
  await loadPlan(store, seedPlanInput());
  const tokens = new LocalTokens('bench');
  const port = await findFreePort();
  const server = await startLocalServer({
    port,
    deps: { store, verifier: tokens, localTokens: tokens, catalogue: new CatalogueSource(store) },
  });
  const base = `http://127.0.0.1:${port}/api`;
  const auth = (groups: string[]) => tokens.issue({ sub: 'bench', name: 'bench', 'cognito:groups': groups });
  const shomu = { Authorization: `Bearer ${await auth(['dept-shomu'])}`, 'Content-Type': 'application/json' };
  const hq = { Authorization: `Bearer ${await auth(['hq'])}` };
  const body = (i: number) => JSON.stringify({ status: 'implementing', rating: 'B', achievements: `実績 ${i}` });
  const report = `${base}/fiscal-years/2026/action-reports/12-1`;
  let version = 0;
  await fetch(report, { method: 'PUT', headers: shomu, body: body(0) }).then(() => (version = 1));

  const rows: [string, { p50: number; p99: number }][] = [];
  rows.push([
    'raw GetItem（同じテーブル）',
    await measure(() => client.send(new GetItemCommand({ TableName: tableName, Key: { PK: { S: 'FY#2026' }, SK: { S: 'ACTION#12-1' } } }))),
  ]);
  rows.push(['GET  action report', await measure(() => fetch(report, { headers: shomu }).then((r) => r.arrayBuffer()))]);
  rows.push([
    'PUT  action report（If-Match）',
    await measure(async (i) => {
      const response = await fetch(report, { method: 'PUT', headers: { ...shomu, 'If-Match': `"${version}"` }, body: body(i) });
      if (response.status !== 200) throw new Error(`PUT ${response.status}`);
      version++;
    }),
  ]);
  rows.push(['GET  /api/me', await measure(() => fetch(`${base}/me`, { headers: shomu }).then((r) => r.arrayBuffer()))]);
  rows.push(['GET  overview（推進本部）', await measure(() => fetch(`${base}/fiscal-years/2026/overview`, { headers: hq }).then((r) => r.arrayBuffer()))]);

  const raw = rows[0]![1];
  console.log(`API latency, ${ITERATIONS} requests each after ${WARM_UP} warm-up (ms)`);
  console.log('route'.padEnd(34), 'p50'.padStart(8), 'p99'.padStart(8), 'p50 / raw GetItem'.padStart(20));
  for (const [name, { p50, p99 }] of rows) {
    console.log(name.padEnd(34), p50.toFixed(2).padStart(8), p99.toFixed(2).padStart(8), `${(p50 / raw.p50).toFixed(2)}×`.padStart(20));
  }
  const read = rows[1]![1];
  console.log(`target: GET p50 within 3× of raw GetItem → ${(read.p50 / raw.p50).toFixed(2)}× ${read.p50 <= 3 * raw.p50 ? 'OK' : 'NOT MET'}`);
  console.log('\nBundled handlers (esbuild, minified, @aws-sdk external)');
  for (const { name, bytes, limit } of await bundledSizes()) {
    console.log(`${name.padEnd(8)} ${(bytes / 1024).toFixed(1).padStart(7)} KB${limit ? `  target ≤ ${limit / 1024} KB → ${bytes <= limit ? 'OK' : 'NOT MET'}` : ''}`);
  }
  const cold = await coldStart();
  console.log(
    `\nCold start (fresh Node process: import the bundled handler, answer GET ${COLD_START_PATH}; median of 9, paired with a hello-world Hono handler)\n` +
      `api ${cold.api.toFixed(1)} ms, hello-world ${cold.hello.toFixed(1)} ms → ${cold.ratio.toFixed(2)}× target ≤ 2.5× → ${cold.ratio <= 2.5 ? 'OK' : 'NOT MET'}`,
  );
  server.close();
} finally {
  await dynamo.stop();
}
