/**
 * The local server composes the very apps the two Lambda functions run: the same request gets the same
 * status, Content-Type and Allow from the deployed handlers (functions/api/lambda.ts and
 * functions/sheets/lambda.ts, given API Gateway HTTP API events and routed by API Gateway's rule, the
 * route keys of SHEETS_ROUTES) as from `npm start`'s server over HTTP. Asked: every route of both
 * functions with its method, each path with a method it does not take, paths no route has, and bad input.
 * Each side has its own table with the plan loaded, so a write that succeeds on one side cannot change
 * what the other answers.
 */
import type { ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import { startLocalServer } from '../../functions/api/local-server.ts';
import { LocalSignIn } from '../../functions/api/routes/local-sign-in.ts';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { createSheetsApp } from '../../functions/sheets/app.ts';
import { isSheetsRequest, SHEETS_ROUTES } from '../../functions/sheets/gateway-routes.ts';
import { PlanRegistry } from '../../functions/store/plans.ts';
import { findFreePort } from '../../scripts/local/processes.ts';
import { startApi } from './harness.ts';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; headers?: Record<string, string> }>;

interface Probe {
  method: string;
  /** As sent on the wire: percent-encoded, with any query. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Sent without signing in. */
  signedOut?: boolean;
}

/** What a caller tells answers apart by, before reading the body. */
interface Answer {
  status: number;
  type: string | null;
  allow: string | null;
}

const SUB = 'hq-lambda-vs-local';
const tokens = new LocalTokens('test-secret');
let localToken: string;
let apiHandler: Handler;
let sheetsHandler: Handler;
let server: ServerType;
let base: string;
/** The routes each function answers, from the apps themselves: "GET /api/plan", "PUT /api/fiscal-years/:fy/…". */
let lambdaRoutes: { method: string; path: string }[];
let deps: Parameters<typeof createApp>[0];
let savedEnv: NodeJS.ProcessEnv | undefined;

/** The claims API Gateway's JWT authorizer passes on for HQ's Cognito ID token (every value as text). */
const hqClaims = () => ({
  sub: SUB,
  name: '推進本部 太郎',
  'cognito:groups': '[hq]',
  token_use: 'id',
  aud: 'webclient',
  iss: 'https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_TEST',
  exp: String(Math.floor(Date.now() / 1000) + 3600),
  iat: String(Math.floor(Date.now() / 1000)),
});

beforeAll(async () => {
  const [lambdaSide, localSide] = await Promise.all([startApi(), startApi()]);
  // What the stack gives both functions (infra/stacks/api.ts), on the test run's DynamoDB Local; read once, as the handlers load.
  savedEnv = { ...process.env };
  Object.assign(process.env, {
    TABLE_NAME: lambdaSide.tableName,
    USER_POOL_ID: 'ap-northeast-1_TEST',
    AWS_REGION: 'ap-northeast-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
  });
  apiHandler = (await import('../../functions/api/lambda.ts')).handler as Handler;
  sheetsHandler = (await import('../../functions/sheets/lambda.ts')).handler as Handler;

  deps = { store: localSide.store, verifier: tokens, plans: new PlanRegistry(localSide.store) };
  const port = await findFreePort();
  server = await startLocalServer({ port, deps, localSignIn: new LocalSignIn(tokens) });
  base = `http://127.0.0.1:${port}`;
  localToken = await tokens.issue({ sub: SUB, name: '推進本部 太郎', 'cognito:groups': ['hq'] });

  // The deployed route lists: the API app without the local sign-in, and the sheets app.
  lambdaRoutes = [...createApp(deps).routes, ...createSheetsApp(deps).routes]
    .filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
    .filter((route, i, all) => all.findIndex((other) => other.method === route.method && other.path === route.path) === i);
}, 180_000);

afterAll(async () => {
  if (savedEnv) process.env = savedEnv;
  await new Promise((resolve) => server?.close(resolve));
});

/** The request as API Gateway (HTTP API, payload format 2.0) hands it to the function its route keys choose. */
async function viaLambda(probe: Probe): Promise<Answer> {
  const [rawPath = '', rawQueryString = ''] = probe.url.split('?');
  const headers: Record<string, string> = { host: 'shinchoku.example', ...lower(probe.headers ?? {}) };
  if (!probe.signedOut) headers.authorization = 'Bearer checked.by.gateway';
  const event = {
    version: '2.0',
    routeKey: isSheetsRequest(probe.method, rawPath) ? `${probe.method} ${rawPath}` : 'ANY /api/{proxy+}',
    rawPath,
    rawQueryString,
    headers,
    ...(probe.body === undefined ? {} : { body: probe.body }),
    requestContext: {
      http: { method: probe.method, path: rawPath, sourceIp: '203.0.113.10', protocol: 'HTTP/1.1', userAgent: 'test' },
      requestId: 'lambda-vs-local',
      stage: '$default',
      domainName: 'shinchoku.example',
      // API Gateway's JWT authorizer checked the token and passes its claims on (functions/http/auth/gateway.ts).
      ...(probe.signedOut ? {} : { authorizer: { jwt: { claims: hqClaims(), scopes: null } } }),
    },
    isBase64Encoded: false,
  };
  const handler = isSheetsRequest(probe.method, rawPath) ? sheetsHandler : apiHandler;
  const answer = await handler(event, { functionName: 'test', awsRequestId: 'lambda-vs-local' });
  const answerHeaders = lower(answer.headers ?? {});
  return { status: answer.statusCode, type: answerHeaders['content-type'] ?? null, allow: answerHeaders.allow ?? null };
}

/** The same request to the local server over HTTP, signed in with a local token for the same person. */
async function viaLocal(probe: Probe): Promise<Answer> {
  const response = await fetch(`${base}${probe.url}`, {
    method: probe.method,
    headers: { ...(probe.headers ?? {}), ...(probe.signedOut ? {} : { Authorization: `Bearer ${localToken}` }) },
    ...(probe.body === undefined ? {} : { body: probe.body }),
  });
  await response.arrayBuffer();
  return { status: response.status, type: response.headers.get('content-type'), allow: response.headers.get('allow') };
}

const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/** A concrete path for a route pattern: a year, a measure, an item the plan has. */
function concrete(path: string): string {
  const id = path.includes('kpi-actuals') ? '38-K1' : path.includes('opinions') ? '00000000-0000-4000-8000-000000000000' : '12-2';
  return path.replace(':fy', '2026').replace(':n', '1').replace(':kpiId', '38-K1').replace(':id', id);
}

/**
 * Sends each probe both ways, once each, in order (a write may change what the next probe meets, on both
 * sides alike), and returns the pairs that differ, so one failure lists every disagreement, with the
 * local answers.
 */
async function compare(probes: Probe[]): Promise<{ disagreements: string[]; answers: Answer[] }> {
  const disagreements: string[] = [];
  const answers: Answer[] = [];
  for (const probe of probes) {
    const [lambda, local] = [await viaLambda(probe), await viaLocal(probe)];
    answers.push(local);
    if (JSON.stringify(lambda) !== JSON.stringify(local))
      disagreements.push(`${probe.method} ${probe.url}: Lambda ${JSON.stringify(lambda)} / local ${JSON.stringify(local)}`);
  }
  return { disagreements, answers };
}

const json = (body: unknown) => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('the local server answers as the Lambda functions do', () => {
  it('shares the route split with the stack: the sheets app answers exactly the route keys API Gateway sends it', () => {
    const sheetsRoutes = createSheetsApp(deps)
      .routes.filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path}`);
    expect(new Set(sheetsRoutes)).toEqual(new Set(SHEETS_ROUTES.map(([method, path]) => `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`)));
  });

  it('on every route of both functions with its own method (writes with an empty JSON body)', async () => {
    expect(lambdaRoutes.length).toBeGreaterThan(40);
    const probes = lambdaRoutes.map(({ method, path }) => ({ method, url: concrete(path), ...(method === 'GET' ? {} : json({})) }));
    const { disagreements, answers } = await compare(probes);
    expect(disagreements).toEqual([]);
    // Successes and refusals alike were compared.
    for (const status of [200, 201, 400, 404]) expect(answers.map((answer) => answer.status)).toContain(status);
  });

  it('on every path with a method it does not take: 405 with the same Allow, and HEAD where only API Gateway’s GET route leads', async () => {
    const methodsOf = new Map<string, Set<string>>();
    for (const { method, path } of lambdaRoutes) methodsOf.set(concrete(path), (methodsOf.get(concrete(path)) ?? new Set()).add(method));
    const probes: Probe[] = [...methodsOf].map(([url, methods]) => ({ method: ['DELETE', 'PUT', 'POST', 'PATCH'].find((m) => !methods.has(m))!, url }));
    probes.push({ method: 'HEAD', url: '/api/fiscal-years/2026/export.csv' }, { method: 'HEAD', url: '/api/me' }, { method: 'OPTIONS', url: '/api/plan' });
    const { disagreements, answers } = await compare(probes);
    expect(disagreements).toEqual([]);
    const answerTo = (method: string, url: string) => answers[probes.findIndex((probe) => probe.method === method && probe.url === url)];
    expect(answerTo('DELETE', '/api/me')).toEqual({ status: 405, type: 'application/problem+json; charset=utf-8', allow: 'GET, HEAD' });
    // API Gateway sends POST …/export.csv to the API function, which knows the sheets function's routes.
    expect(answerTo('DELETE', '/api/fiscal-years/2026/export.csv')).toEqual({ status: 405, type: 'application/problem+json; charset=utf-8', allow: 'GET' });
    expect(answerTo('HEAD', '/api/fiscal-years/2026/export.csv')).toMatchObject({ status: 405, allow: 'GET' });
    // Every path of the two functions, each with a method it does not take (locally these were a plain-text 404).
    expect(methodsOf.size).toBeGreaterThanOrEqual(40);
    for (const [i, answer] of answers.entries()) {
      const probe = `${probes[i]!.method} ${probes[i]!.url}`;
      if (probe === 'HEAD /api/me') expect(answer.status, probe).toBe(200);
      else expect(answer.status === 405 && answer.allow !== null && answer.type?.startsWith('application/problem+json'), probe).toBe(true);
    }
  });

  it('on paths no route has: problem+json 404, not the server’s plain text', async () => {
    const unknown = [
      '/api',
      '/api/',
      '/api/nope',
      '/api/nope/',
      '/api/fiscal-years/2026/nope',
      '/api/fiscal-years/2026/action-reports/12-2/nope',
      '/api/fiscal-years/2026/export.pdf',
      '/api/fiscal-years//overview',
      '/api/%E3%81%AA%E3%81%84',
      '/api/fiscal-years/2026%2Foverview',
      '/api/plan%20',
    ];
    const probes: Probe[] = unknown.flatMap((url) => [
      { method: 'GET', url },
      { method: 'POST', url, ...json({}) },
      { method: 'DELETE', url },
    ]);
    const { disagreements, answers } = await compare(probes);
    expect(disagreements).toEqual([]);
    for (const [i, answer] of answers.entries()) {
      expect(answer, `${probes[i]!.method} ${probes[i]!.url}`).toEqual({ status: 404, type: 'application/problem+json; charset=utf-8', allow: null });
    }
  });

  it('on routes written with a trailing slash or percent-encoded characters, whichever function API Gateway picks', async () => {
    const variants = [
      '/api/plan/',
      '/api/me/',
      '/api/fiscal-years/2026/overview/',
      '/api/fiscal-years/2026/export.csv/',
      '/api/fiscal-years/2026/import/',
      '/api/%6De',
      '/api/fiscal-years/2026/export%2Ecsv',
      '/api/fiscal-years/2026/%69mport',
    ];
    const probes: Probe[] = variants.flatMap((url) => [
      { method: 'GET', url },
      { method: 'POST', url, ...json({}) },
    ]);
    const { disagreements, answers } = await compare(probes);
    expect(disagreements).toEqual([]);
    // Served where a route takes them, refused as problem+json where none does; never the server's own text.
    expect(answers.map((answer) => answer.status)).toContain(200);
    for (const [i, answer] of answers.entries()) {
      if (answer.status >= 400) expect(answer.type, `${probes[i]!.method} ${probes[i]!.url}`).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('on bad input: the same refusal, problem+json', async () => {
    const probes: Probe[] = [
      { method: 'GET', url: '/api/fiscal-years/1999/overview' },
      { method: 'GET', url: '/api/fiscal-years/R8/reports' },
      { method: 'GET', url: '/api/fiscal-years/2026/reports?limit=abc' },
      { method: 'GET', url: '/api/fiscal-years/2026/export.csv?encoding=latin1' },
      { method: 'GET', url: '/api/fiscal-years/2026/export.xlsx?department=%E5%BA%B6%E5%8B%99' },
      { method: 'GET', url: '/api/kpis/nope/actuals' },
      { method: 'PUT', url: '/api/fiscal-years/2026/action-reports/12-2', headers: { 'Content-Type': 'application/json' }, body: '{"progress":' },
      { method: 'PUT', url: '/api/fiscal-years/2026/action-reports/12-2', headers: { 'Content-Type': 'text/plain' }, body: 'こんにちは' },
      { method: 'POST', url: '/api/fiscal-years/2026/opinions', ...json({ speaker: '', date: '2026-13-01', text: 7 }) },
      { method: 'POST', url: '/api/fiscal-years/2026/opinions', ...json({ text: 'あ'.repeat(70_000) }) },
      { method: 'POST', url: '/api/fiscal-years/2026/import', headers: { 'Content-Type': 'text/html' }, body: '<p>表</p>' },
      { method: 'POST', url: '/api/fiscal-years/2026/import', headers: { 'Content-Type': 'text/csv' }, body: '' },
      { method: 'GET', url: '/api/me', signedOut: true },
      { method: 'GET', url: '/api/nope', signedOut: true },
    ];
    const { disagreements, answers } = await compare(probes);
    expect(disagreements).toEqual([]);
    for (const [i, answer] of answers.entries()) {
      const probe = `${probes[i]!.method} ${probes[i]!.url}`;
      expect(answer.status, probe).toBeGreaterThanOrEqual(400);
      expect(answer.status, probe).toBeLessThan(500);
      expect(answer.type, probe).toBe('application/problem+json; charset=utf-8');
    }
  });
});
