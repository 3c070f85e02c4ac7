import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleLambda } from './bundle-size.ts';

const root = resolve(import.meta.dirname, '..');

/** A Lambda handler bundled as the stack bundles it (ESM, minified, AWS SDK external). */
async function bundle(entry: string, outfile: string): Promise<void> {
  await bundleLambda(entry, {
    outfile,
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    nodePaths: [join(root, 'node_modules')],
  });
}

const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/api/health',
  rawQueryString: '',
  headers: { host: 'example' },
  requestContext: { http: { method: 'GET', path: '/api/health', sourceIp: '127.0.0.1' }, requestId: 'bench', stage: '$default', domainName: 'example' },
  isBase64Encoded: false,
};

/** Milliseconds for a fresh Node process to import the handler and answer one request (process start excluded by subtracting an empty run). */
function run(file: string): number {
  const script = `const t=performance.now();const m=await import(${JSON.stringify(file)});const r=await m.handler(${JSON.stringify(event)},{functionName:'bench',awsRequestId:'bench'});if(r.statusCode!==200)throw new Error(String(r.statusCode));console.log(performance.now()-t);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, TABLE_NAME: 'bench', USER_POOL_ID: 'ap-northeast-1_bench', USER_POOL_CLIENT_ID: 'bench', AWS_REGION: 'ap-northeast-1', NODE_NO_WARNINGS: '1' },
    encoding: 'utf8',
    cwd: root,
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(result.stdout.trim().split('\n').at(-1));
}

/**
 * Cold start of the API handler next to a hello-world Hono handler, paired: the two alternate in one run
 * so that machine load affects both alike. Median of `rounds` each.
 */
export async function coldStart(rounds = 9): Promise<{ api: number; hello: number; ratio: number }> {
  // Inside the project so that the bundles find the AWS SDK in node_modules, as Lambda's runtime provides it.
  mkdirSync(join(root, '.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, '.cache', 'cold-start-'));
  try {
    const helloEntry = join(dir, 'hello.ts');
    writeFileSync(
      helloEntry,
      "import { Hono } from 'hono/tiny'; import { handle } from 'hono/aws-lambda'; const app = new Hono(); app.get('/api/health', (c) => c.json({ status: 'ok' })); export const handler = handle(app);",
    );
    await bundle(resolve(root, 'functions/api/lambda.ts'), join(dir, 'api.mjs'));
    await bundle(helloEntry, join(dir, 'hello.mjs'));
    const api: number[] = [];
    const hello: number[] = [];
    for (let i = 0; i < rounds; i++) {
      api.push(run(join(dir, 'api.mjs')));
      hello.push(run(join(dir, 'hello.mjs')));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    return { api: median(api), hello: median(hello), ratio: median(api) / median(hello) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { api, hello, ratio } = await coldStart();
  console.log(`cold start: api ${api.toFixed(1)} ms, hello-world ${hello.toFixed(1)} ms → ${ratio.toFixed(2)}× (target ≤ 2.5×) ${ratio <= 2.5 ? 'OK' : 'NOT MET'}`);
}
