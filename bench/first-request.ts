/**
 * `npx tsx bench/first-request.ts [rounds] [baseline-dir]`: the cold start of a real first request, for the
 * API and the spreadsheet function, each next to a hello-world Hono handler. A fresh Node process imports
 * the bundled handler (built as the stacks build it, infra/constructs/bundle.ts) and answers one API
 * Gateway event with the JWT authorizer's claims, on a seeded table of DynamoDB Local:
 * - api: GET /api/fiscal-years/2026/action-reports/12-1 (HQ);
 * - sheets: GET /api/fiscal-years/2026/export.csv (HQ), the whole year's CSV.
 * Rounds alternate the handlers so that the machine's load weighs on all alike; medians in ms, process
 * start excluded. With `baseline-dir` (a checkout of functions/ under the project, e.g. from `git archive`),
 * its handlers are timed in the same rounds, for before/after figures. Prints figures; asserts nothing.
 * With FIRST_REQUEST_PROFILE=<dir>, one more first request of each writes a V8 CPU profile (.cpuprofile) there.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, loadSeedPlans } from '../functions/store/bootstrap.ts';
import { DynamoStore } from '../functions/store/dynamo-store.ts';
import { PlanRegistry } from '../functions/store/plans.ts';
import { createApp } from '../functions/api/app.ts';
import { LocalTokens } from '../functions/http/auth/local.ts';
import { seedPlanInput } from '../seeds/plans.ts';
import { bundleLambda } from '../infra/constructs/bundle.ts';
import { ensureDynamoDbLocal, findFreePort, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { LOCAL } from '../scripts/local/settings.ts';

const root = resolve(import.meta.dirname, '..');
const rounds = Number(process.argv[2] ?? 11);
const baseline = process.argv[3] ? resolve(process.argv[3]) : undefined;

const claims = {
  sub: 'bench-hq',
  name: '計測 太郎',
  'cognito:groups': '[hq]',
  token_use: 'id',
  aud: 'webclient',
  iss: 'https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_bench',
  exp: String(Math.floor(Date.now() / 1000) + 3600),
  iat: String(Math.floor(Date.now() / 1000)),
};

function event(path: string) {
  return {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'example', authorization: 'Bearer checked.by.gateway' },
    requestContext: {
      http: { method: 'GET', path, sourceIp: '127.0.0.1', protocol: 'HTTP/1.1', userAgent: 'bench' },
      requestId: 'bench',
      stage: '$default',
      domainName: 'example',
      authorizer: { jwt: { claims, scopes: null } },
    },
    isBase64Encoded: false,
  };
}

/** Milliseconds for a fresh Node process to import the handler and answer `path`, process start excluded. */
function run(file: string, path: string, env: Record<string, string>, profileDir?: string): number {
  const script = `const t=performance.now();const m=await import(${JSON.stringify(file)});const r=await m.handler(${JSON.stringify(event(path))},{functionName:'bench',awsRequestId:'bench'});if(r.statusCode!==200)throw new Error(r.statusCode+' '+r.body);console.log(performance.now()-t);`;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const result = spawnSync(process.execPath, [...profile, '--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    cwd: root,
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim().split('\n').at(-1));
}

ensureDynamoDbLocal();
const dynamo = await startDynamoDbLocal({ port: await findFreePort() });
mkdirSync(join(root, '.cache'), { recursive: true });
const dir = mkdtempSync(join(root, '.cache', 'first-request-'));
try {
  const tableName = 'first-request';
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL.region, credentials: LOCAL.credentials });
  await ensureTable(client, tableName);
  const store = new DynamoStore({ tableName, client });
  await loadSeedPlans(store, [seedPlanInput()]);
  // The report the API's first request reads: written by 庶務課 through the app, as in bench/api.bench.ts.
  const tokens = new LocalTokens('bench');
  const written = await createApp({ store, verifier: tokens, plans: new PlanRegistry(store) }).request('/api/fiscal-years/2026/action-reports/12-1', {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${await tokens.issue({ sub: 'bench', name: 'bench', 'cognito:groups': ['dept-shomu'] })}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ status: 'implementing', rating: 'B', achievements: '実績' }),
  });
  if (written.status !== 201) throw new Error(`PUT ${written.status}`);
  const env = {
    TABLE_NAME: tableName,
    USER_POOL_ID: 'ap-northeast-1_bench',
    AWS_REGION: LOCAL.region,
    AWS_ACCESS_KEY_ID: LOCAL.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    NODE_NO_WARNINGS: '1',
  };
  const hello = join(dir, 'hello.ts');
  writeFileSync(
    hello,
    `import { Hono } from 'hono/tiny'; import { handle } from 'hono/aws-lambda'; const app = new Hono(); app.get('/api/health/live', (c) => c.json({ status: 'ok' })); export const handler = handle(app);`,
  );
  const cases = [
    { name: 'hello-world', entry: hello, path: '/api/health/live' },
    { name: 'api', entry: 'functions/api/lambda.ts', path: '/api/fiscal-years/2026/action-reports/12-1' },
    { name: 'sheets', entry: 'functions/sheets/lambda.ts', path: '/api/fiscal-years/2026/export.csv' },
    ...(baseline
      ? [
          { name: 'api (baseline)', entry: relative(root, join(baseline, 'functions/api/lambda.ts')), path: '/api/fiscal-years/2026/action-reports/12-1' },
          { name: 'sheets (baseline)', entry: relative(root, join(baseline, 'functions/sheets/lambda.ts')), path: '/api/fiscal-years/2026/export.csv' },
        ]
      : []),
  ];
  const built = await Promise.all(
    cases.map(async (c, i) => {
      await bundleLambda(c.entry, join(dir, String(i)), { logLevel: 'silent' });
      return { ...c, file: join(dir, String(i), 'index.mjs'), times: [] as number[] };
    }),
  );
  for (const c of built) run(c.file, c.path, env); // the table's first reads, before any timing
  const loadBefore = loadavg();
  for (let round = 0; round < rounds; round++) for (const c of built) c.times.push(run(c.file, c.path, env));
  // FIRST_REQUEST_PROFILE=<dir>: one more first request of each, with a V8 CPU profile written there.
  const profileDir = process.env.FIRST_REQUEST_PROFILE;
  if (profileDir) for (const c of built) run(c.file, c.path, env, resolve(profileDir, c.name.replace(/\W+/g, '-')));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const helloMs = median(built[0]!.times);
  const load = (figures: number[]) => figures.map((figure) => figure.toFixed(1)).join(' / ');
  console.log(`first request in a fresh Node.js ${process.version} process, median of ${rounds} (ms; ratio to hello-world, target ≤ 2×)`);
  console.log(`machine load (1 / 5 / 15 min) before: ${load(loadBefore)}, after: ${load(loadavg())}`);
  for (const c of built) {
    const ms = median(c.times);
    const sorted = [...c.times].sort((a, b) => a - b);
    console.log(
      `${c.name.padEnd(18)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / helloMs).toFixed(2)}×  (min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)})`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await dynamo.stop();
}
