import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleLambda } from '../infra/constructs/bundle.ts';

const root = resolve(import.meta.dirname, '..');

/**
 * The request each fresh process answers: the liveness check, which every function instance can answer
 * and which touches no database, so that both handlers do the same work (the hello-world has no
 * DynamoDB). The API's module scope still loads what every request needs, the DynamoDB client included.
 */
export const COLD_START_PATH = '/api/health/live';

const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: COLD_START_PATH,
  rawQueryString: '',
  headers: { host: 'example' },
  requestContext: { http: { method: 'GET', path: COLD_START_PATH, sourceIp: '127.0.0.1' }, requestId: 'bench', stage: '$default', domainName: 'example' },
  isBase64Encoded: false,
};

/** Milliseconds for a fresh Node process to import the handler and answer one request. */
function run(file: string): number {
  return time(
    `const m=await import(${JSON.stringify(file)});const r=await m.handler(${JSON.stringify(event)},{functionName:'bench',awsRequestId:'bench'});if(r.statusCode!==200)throw new Error(String(r.statusCode));`,
  );
}

/** Runs `body` in a fresh Node process with the function's environment; its milliseconds, process start excluded. */
function time(body: string): number {
  const script = `const t=performance.now();${body}console.log(performance.now()-t);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      ...process.env,
      TABLE_NAME: 'bench',
      USER_POOL_ID: 'ap-northeast-1_bench',
      AWS_REGION: 'ap-northeast-1',
      // The API function runs without NODE_OPTIONS=--enable-source-maps (infra/stacks/api.ts); so does the hello-world.
      NODE_NO_WARNINGS: '1',
    },
    encoding: 'utf8',
    cwd: root,
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim().split('\n').at(-1));
}

/**
 * Cold start of the API handler next to a hello-world Hono handler, both built as the stacks build them
 * (infra/constructs/bundle.ts) and paired: the two alternate in one run so that machine load affects
 * both alike. Median of `rounds` each.
 */
/** Pairs per run: single runs moved by ±0.3× with the machine's load at 9. */
export const COLD_START_ROUNDS = 15;

export async function coldStart(rounds = COLD_START_ROUNDS): Promise<{ api: number; hello: number; ratio: number }> {
  // Inside the project so that the bundles find the SDK clients left to the runtime in node_modules, as Lambda provides them.
  mkdirSync(join(root, '.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, '.cache', 'cold-start-'));
  try {
    const helloEntry = join(dir, 'hello.ts');
    writeFileSync(
      helloEntry,
      `import { Hono } from 'hono/tiny'; import { handle } from 'hono/aws-lambda'; const app = new Hono(); app.get(${JSON.stringify(COLD_START_PATH)}, (c) => c.json({ status: 'ok' })); export const handler = handle(app);`,
    );
    await bundleLambda('functions/api/lambda.ts', join(dir, 'api'), { logLevel: 'silent' });
    await bundleLambda(helloEntry, join(dir, 'hello'), { logLevel: 'silent' });
    const api: number[] = [];
    const hello: number[] = [];
    for (let i = 0; i < rounds; i++) {
      api.push(run(join(dir, 'api', 'index.mjs')));
      hello.push(run(join(dir, 'hello', 'index.mjs')));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    return { api: median(api), hello: median(hello), ratio: median(api) / median(hello) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { api, hello, ratio } = await coldStart();
  console.log(
    `cold start on Node.js ${process.version} (GET ${COLD_START_PATH}): api ${api.toFixed(1)} ms, hello-world ${hello.toFixed(1)} ms → ${ratio.toFixed(2)}× (target ≤ 2.5×) ${ratio <= 2.5 ? 'OK' : 'NOT MET'}`,
  );
}
