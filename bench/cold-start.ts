/**
 * `npx tsx bench/cold-start.ts` (and part of `npm run bench:api`): cold starts of the deployed handlers, each
 * answering a real first request in a fresh Node process, next to a hello-world Hono handler:
 * - the API: GET one action report with API Gateway's claims in the event (functions/http/auth/gateway.ts),
 *   read from the table (DynamoDB Local, seed plan, one report), the plan read on the way as in AWS;
 * - the spreadsheet function: GET export.csv of a department's year, same claims path and table;
 * - the floor under both: a hello-world that reads one item through the DynamoDB client the stack names
 *   (@aws-sdk/lib-dynamodb, bundled as ours are), on the same table. No handler that reads the table can
 *   start faster than it, so the API's and the CSV's ratios are printed against it too: what is ours.
 * Each is built as the stacks build it (infra/constructs/bundle.ts). The four run interleaved, the order
 * turning each round, so that the shared machine's load weighs on all alike; median of the rounds with the
 * spread (min / median / max). Targets (issue 22): each ≤ 2× hello-world's median. Each is timed twice: wall
 * time, what a caller waits, and the process's CPU time (process.cpuUsage: compiling and running our code,
 * without the waits for DynamoDB Local), which a loaded shared machine moves far less than the wall clock.
 * The machine's load (os.loadavg) is printed beside them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { bundleLambda } from '../infra/constructs/bundle.ts';
import { createApp } from '../functions/api/app.ts';
import { LocalTokens } from '../functions/http/auth/local.ts';
import { ensureTable, loadSeedPlans } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { seedPlanInput } from '../seeds/plans.ts';
import { findFreePort, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { LOCAL } from '../scripts/local/settings.ts';
import { gatewayClaims, gatewayEvent, LAMBDA_CONTEXT } from './lambda-event.ts';
import type { GatewayRequest } from './lambda-event.ts';

const root = resolve(import.meta.dirname, '..');
const TABLE = 'cold-start-bench';
/** Cold starts per handler; at least 5 (issue 22). Single runs moved by ±0.3× with the machine's load at 9. */
export const COLD_START_ROUNDS = Math.max(5, Number(process.env.COLD_START_ROUNDS ?? 9));
/** Each handler's median at most this many times hello-world's (issue 22). */
export const COLD_START_TARGET = 2;

const REPORT_PATH = '/api/fiscal-years/2026/action-reports/12-1';
const CSV_PATH = '/api/fiscal-years/2026/export.csv';

/** The cases: what each fresh process imports and the one request it answers. */
const CASES = [
  { name: 'api', label: `API: GET ${REPORT_PATH}`, request: { method: 'GET', url: REPORT_PATH, claims: gatewayClaims(['hq']) } },
  { name: 'sheets', label: `sheets: GET ${CSV_PATH}（庶務課）`, request: { method: 'GET', url: CSV_PATH, claims: gatewayClaims(['dept-shomu']) } },
  { name: 'hello', label: 'hello-world (Hono, no database)', request: { method: 'GET', url: REPORT_PATH } },
  { name: 'floor', label: 'hello-world + 1 GetItem (DynamoDB client)', request: { method: 'GET', url: REPORT_PATH } },
] as const satisfies { name: string; label: string; request: GatewayRequest }[];

export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** One handler's cold starts: wall-clock ms and CPU ms of the same runs. */
export interface Timings {
  wall: Spread;
  cpu: Spread;
}

export interface ColdStarts {
  rounds: number;
  api: Timings;
  sheets: Timings;
  hello: Timings;
  /** The hello-world reading one item through the stack's DynamoDB client: the floor of any handler that reads the table. */
  floor: Timings;
  /** os.loadavg() (1, 5, 15 minutes) before and after the runs. */
  load: { before: number[]; after: number[] };
}

/**
 * Milliseconds for a fresh Node process to import the bundled handler and answer `request` with 200, process
 * start excluded: wall clock, and the process's CPU time (user + system) over the same span.
 */
function run(file: string, request: GatewayRequest, endpoint: string): { wall: number; cpu: number } {
  const event = gatewayEvent(request);
  const body = `const m=await import(${JSON.stringify(file)});const r=await m.handler(${JSON.stringify(event)},${JSON.stringify(LAMBDA_CONTEXT)});if(r.statusCode!==200)throw new Error(r.statusCode+' '+r.body);`;
  const script = `const t=performance.now(),c=process.cpuUsage();${body}const u=process.cpuUsage(c);console.log(JSON.stringify({wall:performance.now()-t,cpu:(u.user+u.system)/1000}));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      ...process.env,
      TABLE_NAME: TABLE,
      USER_POOL_ID: 'ap-northeast-1_bench',
      AWS_REGION: LOCAL.region,
      AWS_ACCESS_KEY_ID: LOCAL.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      // The functions run without NODE_OPTIONS=--enable-source-maps (infra/stacks/api.ts); so does the hello-world.
      NODE_OPTIONS: '',
      NODE_NO_WARNINGS: '1',
    },
    encoding: 'utf8',
    cwd: root,
  });
  if (result.status !== 0) throw new Error(`${request.method} ${request.url}: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { wall: number; cpu: number };
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)! };
}

/** The seed plan and the one report the API's first request reads, on a fresh table. */
async function prepareTable(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  await ensureTable(client, TABLE);
  const store = new DynamoStore({ tableName: TABLE, client });
  await loadSeedPlans(store, [seedPlanInput()]);
  const tokens = new LocalTokens('bench');
  const app = createApp({ store, verifier: tokens, plans: new PlanRegistry(store) });
  const token = await tokens.issue({ sub: 'bench', name: 'bench', 'cognito:groups': ['dept-shomu'] });
  const created = await app.request(REPORT_PATH, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: 'implementing', rating: 'B', achievements: '電子申請の対象を拡大した。' }),
  });
  if (created.status !== 201) throw new Error(`報告を作れませんでした: ${created.status} ${await created.text()}`);
}

/** Cold starts of the three handlers on DynamoDB Local at `endpoint`, or on one started here. */
export async function coldStart(rounds = COLD_START_ROUNDS, endpoint?: string): Promise<ColdStarts> {
  const dynamo = endpoint ? undefined : await startDynamoDbLocal({ port: await findFreePort() });
  const dynamoEndpoint = endpoint ?? dynamo!.endpoint;
  // Inside the project so that the bundles find the SDK clients left to the runtime in node_modules, as Lambda provides them.
  mkdirSync(join(root, '.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, '.cache', 'cold-start-'));
  try {
    await prepareTable(dynamoEndpoint);
    const helloEntry = join(dir, 'hello.ts');
    writeFileSync(
      helloEntry,
      `import { Hono } from 'hono/tiny'; import { handle } from 'hono/aws-lambda'; const app = new Hono(); app.get('*', (c) => c.json({ status: 'ok' })); export const handler = handle(app);`,
    );
    const floorEntry = join(dir, 'floor.ts');
    writeFileSync(
      floorEntry,
      `import { Hono } from 'hono/tiny'; import { handle } from 'hono/aws-lambda'; import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'; ` +
        `const doc = DynamoDBDocumentClient.from(new DynamoDBClient({})); const app = new Hono(); ` +
        `app.get('*', async (c) => c.json({ found: Boolean((await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { PK: 'bench', SK: 'floor' } }))).Item) })); export const handler = handle(app);`,
    );
    const entries = { api: 'functions/api/lambda.ts', sheets: 'functions/sheets/lambda.ts', hello: helloEntry, floor: floorEntry };
    for (const [name, entry] of Object.entries(entries)) await bundleLambda(entry, join(dir, name), { logLevel: 'silent' });
    const times: Record<string, { wall: number; cpu: number }[]> = { api: [], sheets: [], hello: [], floor: [] };
    const before = loadavg();
    for (let i = 0; i < rounds; i++) {
      // Who goes first turns each round: a process started right after another may find the disk cache warmer.
      for (let j = 0; j < CASES.length; j++) {
        const { name, request } = CASES[(i + j) % CASES.length]!;
        times[name]!.push(run(join(dir, name, 'index.mjs'), request, dynamoEndpoint));
      }
    }
    const timings = (runs: { wall: number; cpu: number }[]): Timings => ({ wall: spread(runs.map((r) => r.wall)), cpu: spread(runs.map((r) => r.cpu)) });
    return {
      rounds,
      api: timings(times.api!),
      sheets: timings(times.sheets!),
      hello: timings(times.hello!),
      floor: timings(times.floor!),
      load: { before, after: loadavg() },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dynamo?.stop();
  }
}

/** The figures with their targets and verdicts, as this script and `bench:api` print them. */
export function printColdStarts(result: ColdStarts): void {
  const ms = ({ min, median, max }: Spread) => `${median.toFixed(0).padStart(5)} ms (min ${min.toFixed(0)}, max ${max.toFixed(0)})`;
  const load = (figures: number[]) => figures.map((figure) => figure.toFixed(1)).join(' / ');
  console.log(
    `Cold start on Node.js ${process.version}: a fresh process imports the bundled handler and answers one request with API Gateway's claims; ` +
      `${result.rounds} rounds, interleaved; median (min, max); machine load (1 / 5 / 15 min) before ${load(result.load.before)}, after ${load(result.load.after)}`,
  );
  for (const clock of ['wall', 'cpu'] as const) {
    console.log(clock === 'wall' ? 'wall clock (what the caller waits):' : 'CPU time of the process (its own work, without the waits for DynamoDB):');
    for (const { name, label } of CASES) {
      const figures = result[name][clock];
      if (name === 'hello') {
        console.log(`  ${label.padEnd(52)} ${ms(figures)}`);
        continue;
      }
      const ratio = figures.median / result.hello[clock].median;
      if (name === 'floor') {
        console.log(`  ${label.padEnd(52)} ${ms(figures)} → ${ratio.toFixed(2)}× hello-world: the floor of any handler that reads the table`);
        continue;
      }
      const overFloor = figures.median / result.floor[clock].median;
      console.log(
        `  ${label.padEnd(52)} ${ms(figures)} → ${ratio.toFixed(2)}× hello-world（目標 ≤ ${COLD_START_TARGET}×）${ratio <= COLD_START_TARGET ? 'OK' : 'NOT MET'}; ` +
          `${overFloor.toFixed(2)}× the floor`,
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printColdStarts(await coldStart());
