import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { startLocalServer } from '../../functions/api/local-server.ts';
import { LocalSignIn } from '../../functions/api/routes/local-sign-in.ts';
import { PlanRegistry } from '../../functions/store/plans.ts';
import { findFreePort } from '../../scripts/local/dynamodb-local.ts';
import { startApi, validActionReport } from './harness.ts';

/**
 * Every API answer is personal and changes with each write: `Cache-Control: no-store` on all of them,
 * errors and files included, on the local server and through the Lambda adapter alike. The routes are the
 * app's own route list (Hono's, the API's and the spreadsheet function's), so a new route is covered too.
 */

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
let server: ServerType;
let base: string;
let webRoot: string;
let hqToken: string;

const tokens = new LocalTokens('test-secret');

beforeAll(async () => {
  api = await startApi();
  hqToken = await tokens.issue({ sub: 'hq-cache', name: '推進本部', 'cognito:groups': ['hq'] });
  webRoot = mkdtempSync(join(tmpdir(), 'shinchoku-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>進捗</title>');
  writeFileSync(join(webRoot, 'assets', 'index-CY4ozO-9.js'), 'console.log(1)');
  const port = await findFreePort();
  const deps = { store: api.store, verifier: tokens, plans: new PlanRegistry(api.store) };
  server = await startLocalServer({ port, deps, webRoot, localSignIn: new LocalSignIn(tokens) });
  base = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(webRoot, { recursive: true, force: true });
});

/** Concrete paths for the route list's patterns. */
function concrete(path: string): string {
  const id = path.includes('kpi-actuals') ? '38-K1' : path.includes('opinions') ? '00000000-0000-4000-8000-000000000000' : '12-2';
  return path.replace(':fy', '2026').replace(':n', '1').replace(':id', id);
}

interface Probe {
  method: string;
  path: string;
  body?: unknown;
  signedIn: boolean;
}

/** Every route of the app, as HQ with an empty JSON body for writes (successes and 4xx alike) and signed out (401). */
function probes(): Probe[] {
  const routes = api.app.routes.filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/') && !route.path.includes('*'));
  const unique = [...new Map(routes.map((route) => [`${route.method} ${route.path}`, route])).values()];
  expect(unique.length).toBeGreaterThan(40);
  return unique.flatMap((route) => {
    const write = route.method !== 'GET';
    const request = { method: route.method, path: concrete(route.path), ...(write ? { body: {} } : {}) };
    return [
      { ...request, signedIn: true },
      { ...request, signedIn: false },
    ];
  });
}

/** Writes that succeed, so success answers of writes are covered, not only their refusals. */
const successfulWrites: Probe[] = [
  { method: 'PUT', path: '/api/fiscal-years/2027/action-reports/12-2', body: validActionReport, signedIn: true },
  { method: 'POST', path: '/api/fiscal-years/2027/opinions', body: { speaker: '推進懇談会', date: '2027-11-20', text: '意見です。' }, signedIn: true },
  { method: 'POST', path: '/api/dev/token', body: { sub: 'yamada', role: 'hq' }, signedIn: false },
];

const requestInit = (probe: Probe): RequestInit => ({
  method: probe.method,
  headers: {
    ...(probe.signedIn ? { Authorization: `Bearer ${hqToken}` } : {}),
    ...(probe.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
  },
  ...(probe.body !== undefined ? { body: JSON.stringify(probe.body) } : {}),
});

describe('Cache-Control: no-store on every API answer', () => {
  it('on the local server, over every route, signed in and out, successes and errors, and paths no route answers', async () => {
    const statuses = new Set<number>();
    for (const probe of [
      ...probes(),
      ...successfulWrites,
      { method: 'GET', path: '/api/no-such-thing', signedIn: true },
      { method: 'PATCH', path: '/api/me', signedIn: true },
    ]) {
      const response = await fetch(`${base}${probe.path}`, requestInit(probe));
      await response.arrayBuffer();
      statuses.add(response.status);
      expect(response.headers.get('cache-control'), `${probe.method} ${probe.path} → ${response.status}`).toBe('no-store');
    }
    // Both kinds of answer were seen: files and JSON that succeeded, and problems.
    for (const status of [200, 201, 400, 401, 404]) expect(statuses).toContain(status);
  });

  it('through the Lambda adapter (API Gateway HTTP API events), over the same routes, each with the request id', async () => {
    const lambda = handle(api.app);
    const statuses = new Set<number>();
    for (const probe of [
      ...probes(),
      ...successfulWrites.map((p) => ({ ...p, path: p.path.replace('2027', '2028') })),
      { method: 'GET', path: '/api/no-such-thing', signedIn: true },
    ]) {
      const init = requestInit(probe);
      const event = {
        version: '2.0',
        routeKey: 'ANY /api/{proxy+}',
        rawPath: probe.path,
        rawQueryString: '',
        headers: {
          host: 'shinchoku.example',
          ...Object.fromEntries(Object.entries(init.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])),
        },
        requestContext: {
          http: { method: probe.method, path: probe.path, sourceIp: '203.0.113.10', protocol: 'HTTP/1.1', userAgent: 'test' },
          requestId: 'cache-test',
          stage: '$default',
          domainName: 'shinchoku.example',
        },
        body: init.body as string | undefined,
        isBase64Encoded: false,
      };
      const answer = (await lambda(event as never, {} as never)) as { statusCode: number; headers: Record<string, string> };
      statuses.add(answer.statusCode);
      expect(answer.headers['cache-control'], `${probe.method} ${probe.path} → ${answer.statusCode}`).toBe('no-store');
      // The same answers carry API Gateway's request id, the one the logs name (functions/http/pipeline.ts).
      expect(answer.headers['x-request-id'], `${probe.method} ${probe.path} → ${answer.statusCode}`).toBe('cache-test');
    }
    for (const status of [200, 201, 400, 401, 404]) expect(statuses).toContain(status);
  });
});

describe('the local server’s files', () => {
  it('keeps a hashed asset a year, but never a missing one', async () => {
    const present = await fetch(`${base}/assets/index-CY4ozO-9.js`);
    expect(present.status).toBe(200);
    expect(present.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${base}/assets/index-Missing1.js`);
    await missing.arrayBuffer();
    expect(missing.status).toBe(404);
    // The next deploy may bring that name: a year-long "immutable" 404 would keep the page broken.
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });
});
