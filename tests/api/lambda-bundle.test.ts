import type { Metafile } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Hono } from 'hono/tiny';
import { registerApiRoutes } from '../../functions/api/routes/index.ts';
import type { AppEnv } from '../../functions/http/deps.ts';
import { Routes } from '../../functions/http/route.ts';
import { keys } from '../../functions/store/keys.ts';
import { openApiJson } from '../../functions/api/openapi-json.ts';
import { bundleLambda } from '../../infra/constructs/bundle.ts';
import { startApi } from './harness.ts';
import { lazyAdapter } from '../../functions/http/lazy-adapter.ts';

/**
 * The API function as it is deployed: built by the stacks' esbuild setup, imported in a fresh Node
 * process and handed API Gateway events (payload format 2.0), on a table of the test run's DynamoDB Local.
 */
const root = resolve(import.meta.dirname, '../..');
let dir: string;
let tableName: string;
let inputs: string[];
/** The inputs of what a cold start loads: index.mjs and the chunks it imports statically, not those behind import(). */
let coldStartInputs: string[];

interface LambdaAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

/** One event per request, answered by the bundled handler in one process (a warm function after the first). */
interface LambdaRequest {
  path: string;
  claims?: Record<string, string>;
  token?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

function invoke(requests: LambdaRequest[], table = tableName, bundle = dir): LambdaAnswer[] {
  return invokeWithLogs(requests, table, bundle).answers;
}

/** invoke, with the JSON log lines the function wrote (Powertools Logger: to stdout, errors to stderr). */
function invokeWithLogs(requests: LambdaRequest[], table = tableName, bundle = dir): { answers: LambdaAnswer[]; logs: Record<string, unknown>[] } {
  const events = requests.map(({ path: target, claims, token, method = 'GET', headers = {}, body }) => {
    const [path = target, query = ''] = target.split('?');
    return {
      version: '2.0',
      routeKey: 'ANY /api/{proxy+}',
      rawPath: path,
      rawQueryString: query,
      headers: {
        host: 'shinchoku.example',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      requestContext: {
        http: { method, path, sourceIp: '203.0.113.10', protocol: 'HTTP/1.1', userAgent: 'test' },
        requestId: 'test-request',
        stage: '$default',
        domainName: 'shinchoku.example',
        ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      },
      isBase64Encoded: false,
    };
  });
  const script = `const { handler } = await import(${JSON.stringify(join(bundle, 'index.mjs'))});
const answers = [];
for (const event of ${JSON.stringify(events)}) answers.push(await handler(event, { functionName: 'api', awsRequestId: 'test' }));
process.stdout.write('\\nANSWERS ' + JSON.stringify(answers));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      TABLE_NAME: table,
      USER_POOL_ID: 'ap-northeast-1_TEST',
      AWS_REGION: 'ap-northeast-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      NODE_NO_WARNINGS: '1',
    },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  const [output = '', answers = '[]'] = result.stdout.split('\nANSWERS ');
  const logs = `${output}\n${result.stderr}`
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { answers: JSON.parse(answers) as LambdaAnswer[], logs };
}

/** The claims API Gateway's JWT authorizer passes on for a Cognito ID token: every value as text, lists as "[a b]". */
const idTokenClaims = (groups: string, extra: Record<string, string> = {}) => ({
  sub: '7d1e5f0a-1111-2222-3333-444455556666',
  name: '東根 花子',
  'cognito:groups': groups,
  token_use: 'id',
  aud: 'webclient',
  iss: 'https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_TEST',
  exp: String(Math.floor(Date.now() / 1000) + 3600),
  iat: String(Math.floor(Date.now() / 1000)),
  ...extra,
});

/**
 * The source files in a build: all of them, and those a cold start reads (index.mjs and the chunks it
 * imports statically; a dynamic import() loads its chunk only with the request that needs it).
 */
function sourcesOf(metafile: Metafile): { all: string[]; coldStart: string[] } {
  const outputs = metafile.outputs;
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const { path: imported, kind, external } of outputs[path]!.imports) if (kind === 'import-statement' && !external) visit(imported);
  };
  visit(Object.keys(outputs).find((path) => /(^|\/)index\.mjs$/.test(path))!);
  return {
    all: Object.values(outputs).flatMap((output) => Object.keys(output.inputs)),
    coldStart: [...loaded].flatMap((path) => Object.keys(outputs[path]!.inputs)),
  };
}

beforeAll(async () => {
  ({ tableName } = await startApi());
  mkdirSync(join(root, '.cache'), { recursive: true });
  dir = mkdtempSync(join(root, '.cache', 'lambda-bundle-'));
  const built = await bundleLambda('functions/api/lambda.ts', dir, { metafile: true, logLevel: 'silent' });
  ({ all: inputs, coldStart: coldStartInputs } = sourcesOf(built.metafile));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the API function as deployed', () => {
  it('serves the OpenAPI document made at build time, the same as the source makes it, and carries no JSON Schema generator', async () => {
    const [answer] = invoke([{ path: '/api/openapi.json' }]);
    expect(answer!.statusCode).toBe(200);
    const routes = new Routes(new Hono<AppEnv>());
    registerApiRoutes(routes, { localSignIn: false });
    expect(JSON.parse(answer!.body)).toEqual(await openApiJson(routes.specs));
    expect(JSON.parse(answer!.body).paths['/api/fiscal-years/{fy}/reports'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'fy',
      'cursor',
      'limit',
    ]);
    // The spreadsheet function's routes are served under the same /api, so the deployed document lists them too.
    expect(Object.keys(JSON.parse(answer!.body).paths)).toEqual(
      expect.arrayContaining([
        '/api/fiscal-years/{fy}/export.csv',
        '/api/fiscal-years/{fy}/export.xlsx',
        '/api/fiscal-years/{fy}/import',
        '/api/fiscal-years/{fy}/report.docx',
      ]),
    );
    expect(inputs.filter((input) => /json-schema|to-json-schema/.test(input))).toEqual([]);
  });

  it('signs in with the claims API Gateway’s JWT authorizer checked: groups, 所属長 and department names as written there', () => {
    const [staff, head, hq] = invoke([
      { path: '/api/me', token: 'checked.by.gateway', claims: idTokenClaims('[dept-shomu]') },
      { path: '/api/me', token: 'checked.by.gateway', claims: idTokenClaims('[dept-shomu head-shomu]', { sub: 'head-1' }) },
      { path: '/api/me', token: 'checked.by.gateway', claims: idTokenClaims('[hq]', { sub: 'hq-1' }) },
    ]);
    expect(staff!.statusCode).toBe(200);
    expect(JSON.parse(staff!.body)).toMatchObject({ role: 'department', name: '東根 花子', departments: [{ code: 'shomu', name: '庶務課' }] });
    expect(JSON.parse(head!.body)).toMatchObject({ role: 'department_head', departments: [{ code: 'shomu', name: '庶務課' }] });
    expect(JSON.parse(hq!.body)).toMatchObject({ role: 'hq' });
  });

  it.each([
    ['no authorizer claims (a route left without the authorizer)', undefined],
    ['an access token (the authorizer lets it through: its client_id passes the audience check)', idTokenClaims('[hq]', { token_use: 'access' })],
    ['an expiry that is not a number', idTokenClaims('[hq]', { exp: 'tomorrow' })],
    ['no sub', { ...idTokenClaims('[hq]'), sub: '' }],
  ])('refuses %s with 401 problem+json, in Japanese', (_case, claims) => {
    const [answer] = invoke([{ path: '/api/me', token: 'checked.by.gateway', ...(claims ? { claims } : {}) }]);
    expect(answer!.statusCode).toBe(401);
    expect(answer!.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(answer!.body).title).toMatch(/[ぁ-んァ-ン一-龥]/);
  });

  it('logs an unexpected fault with a correlation id and its stack on the TypeScript lines, and answers 500 problem+json', async () => {
    // The active plan's stored content that is not a plan: nothing a user can cause, so a fault of ours.
    const broken = await startApi();
    const [active] = (await broken.plans.list()).filter((entry) => entry.head.status === 'active');
    const { hash } = active!.versions.at(-1)!;
    await broken.client.send(
      new PutItemCommand({
        TableName: broken.tableName,
        Item: { PK: { S: keys.planChunks(hash) }, SK: { S: keys.planChunk(0) }, data: { B: new TextEncoder().encode('壊れた計画') } },
      }),
    );
    const { answers, logs } = invokeWithLogs([{ path: '/api/me', token: 'checked.by.gateway', claims: idTokenClaims('[hq]') }], broken.tableName);
    expect(answers[0]!.statusCode).toBe(500);
    expect(answers[0]!.headers['content-type']).toContain('application/problem+json');
    const logged = logs.find((line) => line.message === 'unexpected error') as { correlationId?: string; error?: { stack?: string } } | undefined;
    expect(logged?.correlationId).toBe('test-request');
    expect(logged?.error?.stack).toMatch(/\(functions\/[\w/-]+\.ts:\d+:\d+\)/);
    expect(logged?.error?.stack).not.toMatch(/index\.mjs|chunks\//);
  });

  it('records one opinion for two POSTs with one Idempotency-Key, loading the idempotency code only then', () => {
    const key = { 'idempotency-key': '0b6f8e1a-5c2d-4e3f-9a7b-1c2d3e4f5a6b' };
    const opinion = { speaker: '推進懇談会', date: '2027-05-20', text: 'バンドルでも一件だけ記録される。' };
    const as = { token: 'checked.by.gateway', claims: idTokenClaims('[hq]', { sub: 'hq-1' }) };
    const path = '/api/fiscal-years/2026/opinions';
    const [first, second, list] = invoke([
      { path, method: 'POST', headers: key, body: opinion, ...as },
      { path, method: 'POST', headers: key, body: opinion, ...as },
      { path, ...as },
    ]);
    expect(first!.statusCode).toBe(201);
    expect(second!.statusCode).toBe(201);
    expect(second!.body).toBe(first!.body);
    expect(second!.headers.location).toBe(first!.headers.location);
    expect(JSON.parse(list!.body).opinions.filter((o: { text: string }) => o.text === opinion.text)).toHaveLength(1);
    // Built in, behind import(): the cold start does not compile it.
    const idempotency = (input: string) => /@aws-lambda-powertools\/idempotency|http\/idempotency\/replay|store\/idempotency/.test(input);
    expect(inputs.filter(idempotency).length).toBeGreaterThan(0);
    expect(coldStartInputs.filter(idempotency)).toEqual([]);
  });
});

describe('the spreadsheet function as deployed', () => {
  /** SheetJS, exceljs, iconv-lite and docx: each is loaded by the routes that use it (issue 22). */
  const library = (input: string) => /node_modules\/(@e965\/xlsx|exceljs|iconv-lite|docx)\//.test(input);
  let sheetsDir: string;
  let sheetsInputs: string[];
  let sheetsColdStartInputs: string[];

  beforeAll(async () => {
    sheetsDir = mkdtempSync(join(root, '.cache', 'lambda-bundle-sheets-'));
    const built = await bundleLambda('functions/sheets/lambda.ts', sheetsDir, { metafile: true, logLevel: 'silent' });
    ({ all: sheetsInputs, coldStart: sheetsColdStartInputs } = sourcesOf(built.metafile));
  }, 120_000);

  afterAll(() => rmSync(sheetsDir, { recursive: true, force: true }));

  it('exports the year as CSV (UTF-8 and Shift_JIS) and .xlsx, loading each spreadsheet library only on the route that uses it', () => {
    const as = { token: 'checked.by.gateway', claims: idTokenClaims('[hq]', { sub: 'hq-1' }) };
    const [utf8, sjis, xlsx] = invoke(
      [
        { path: '/api/fiscal-years/2026/export.csv', ...as },
        { path: '/api/fiscal-years/2026/export.csv?encoding=shift_jis', ...as },
        { path: '/api/fiscal-years/2026/export.xlsx', ...as },
      ],
      tableName,
      sheetsDir,
    );
    expect(utf8!.statusCode).toBe(200);
    expect(utf8!.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(utf8!.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^区分,ID,/);
    // Binary answers come base64-encoded: the Shift_JIS bytes decode to the same header row, the workbook is a zip.
    expect(sjis!.statusCode).toBe(200);
    expect(sjis!.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    const sjisText = new TextDecoder('shift_jis').decode(Buffer.from(sjis!.body, sjis!.isBase64Encoded ? 'base64' : 'utf8'));
    expect(sjisText.split('\r\n')[0]).toBe(utf8!.body.replace(/^\uFEFF/, '').split('\r\n')[0]);
    expect(xlsx!.statusCode).toBe(200);
    expect(Buffer.from(xlsx!.body, 'base64').subarray(0, 2).toString('latin1')).toBe('PK');
    // In the bundle, behind import(): a cold start (a CSV export's included) compiles none of them.
    expect(sheetsInputs.filter(library).length).toBeGreaterThan(0);
    expect(sheetsColdStartInputs.filter(library)).toEqual([]);
  });

  it('loads each group of spreadsheet routes with its first request: a cold start loads none of them', () => {
    const groups = [
      'functions/sheets/export-routes.ts',
      'functions/sheets/import-routes.ts',
      'functions/sheets/report-docx-routes.ts',
      'functions/sheets/plan-import-routes.ts',
    ];
    expect(groups.filter((group) => sheetsInputs.includes(group))).toEqual(groups);
    expect(sheetsColdStartInputs.filter((input) => groups.includes(input))).toEqual([]);
  });

  it('loads the adapters of rare actions (S3 files, CloudFront, the digest function, the user pool) with their first use, not at a cold start', () => {
    const adapters = [
      'functions/http/s3-attachment-files.ts',
      'functions/publication/s3-files.ts',
      'functions/publication/cloudfront.ts',
      'functions/api/digest-invoker.ts',
      'functions/departments/directory.ts',
    ];
    expect(adapters.filter((adapter) => inputs.includes(adapter))).toEqual(adapters);
    expect(coldStartInputs.filter((input) => adapters.includes(input))).toEqual([]);
  });
});

describe('an adapter loaded with its first use (http/lazy-adapter.ts)', () => {
  interface Files {
    read(id: string): Promise<string>;
  }

  it('loads once, answers every call through the loaded adapter, and is not mistaken for a promise', async () => {
    let loads = 0;
    const files = lazyAdapter<Files>(async () => {
      loads += 1;
      return { read: async (id) => `内容：${id}` };
    });
    expect(loads).toBe(0);
    expect(await files).toBe(files);
    expect(await Promise.all([files.read('a'), files.read('b')])).toEqual(['内容：a', '内容：b']);
    expect(loads).toBe(1);
  });

  it('tries a failed load again with the next call', async () => {
    let loads = 0;
    const files = lazyAdapter<Files>(async () => {
      loads += 1;
      if (loads === 1) throw new Error('読み込めませんでした');
      return { read: async (id) => id };
    });
    await expect(files.read('a')).rejects.toThrow('読み込めませんでした');
    expect(await files.read('b')).toBe('b');
    expect(loads).toBe(2);
  });
});
