import { beforeAll, describe, expect, it } from 'vitest';
import * as z from '../../functions/domain/zod.ts';
import { FILE_MEDIA_TYPES } from '../../functions/contract/index.ts';
import { startApi } from './harness.ts';
import { ROUTE_GROUPS } from '../../functions/api/app.ts';
import { SHEETS_ROUTE_GROUPS } from '../../functions/sheets/app.ts';
import { SHEETS_ROUTES } from '../../functions/sheets/gateway-routes.ts';
import { registerApiRoutes } from '../../functions/api/routes/index.ts';
import { Routes } from '../../functions/http/route.ts';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});

/** The parts of an OpenAPI operation this test reads. */
const operationSchema = z.object({
  parameters: z.array(z.object({ name: z.string(), in: z.string() })),
  responses: z.record(z.string(), z.object({ content: z.optional(z.record(z.string(), z.unknown())) })),
});
const documentSchema = z.object({ paths: z.record(z.string(), z.record(z.string(), operationSchema)) });

async function openApiDocument() {
  const response = await api.app.request('/api/openapi.json');
  expect(response.status).toBe(200);
  return documentSchema.parse(await response.json());
}

/** "/api/fiscal-years/:fy/export.csv" as OpenAPI writes it: "/api/fiscal-years/{fy}/export.csv". */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('/api/openapi.json', () => {
  it('documents every route the API and the spreadsheet function answer, and nothing else', async () => {
    const document = await openApiDocument();
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // What the apps really serve (Hono's route table: the API app and the spreadsheet app mounted beside it), not the specs the document is made from.
    const served = api.app.routes
      .filter((route) => route.method !== 'ALL' && route.path !== '/api/openapi.json')
      .map((route) => `${route.method} ${openApiPath(route.path)}`);
    expect(new Set(served).size).toBeGreaterThan(40);
    expect([...new Set(documented)].sort()).toEqual([...new Set(served)].sort());
  });

  it('states the downloads with their media types and the query parameters each takes', async () => {
    const document = await openApiDocument();
    const get = (path: string) => document.paths[path]?.get;
    const mediaTypes = (path: string) => Object.keys(get(path)?.responses['200']?.content ?? {});
    const queries = (path: string) => (get(path)?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);

    expect(mediaTypes('/api/fiscal-years/{fy}/export.csv')).toEqual([FILE_MEDIA_TYPES.csv]);
    expect(mediaTypes('/api/fiscal-years/{fy}/export.xlsx')).toEqual([FILE_MEDIA_TYPES.xlsx]);
    expect(mediaTypes('/api/fiscal-years/{fy}/report.docx')).toEqual([FILE_MEDIA_TYPES.docx]);
    expect(queries('/api/fiscal-years/{fy}/export.csv')).toEqual(['department', 'encoding', 'state', 'top', 'group']);
    expect(queries('/api/fiscal-years/{fy}/export.xlsx')).toEqual(['department', 'encoding', 'state', 'top', 'group']);
    expect(queries('/api/fiscal-years/{fy}/report.docx')).toEqual(['font']);

    const upload = document.paths['/api/fiscal-years/{fy}/import']?.post;
    expect(upload?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:fy', 'query:dryRun', 'header:Idempotency-Key']);
    expect(Object.keys(upload?.responses['200']?.content ?? {})).toEqual(['application/json']);
  });

  it('refuses a query value the document does not allow, in Japanese and naming the parameter', async () => {
    const hq = { role: 'hq' as const, sub: 'hq-1' };
    const answer = await api.call(hq, 'GET', '/api/fiscal-years/2026/report.docx?font=gothic');
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.stringify(answer.body)).toContain('font は ms だけを指定できます');
  });

  it('routes every request to a lazily loaded group that answers it: the routing table names each route of each group, in order', async () => {
    // A route the table gave to the wrong group would load that group and answer 500; one it left out, 404.
    for (const group of ROUTE_GROUPS) {
      const own = new Routes();
      (await group.load())(own, { localSignIn: false });
      expect([...own.handlers.keys()]).toEqual(group.routes);
    }
    const all = new Routes();
    registerApiRoutes(all, { localSignIn: false });
    expect(ROUTE_GROUPS.flatMap((group) => group.routes)).toEqual(all.specs.map((spec) => `${spec.method.toUpperCase()} ${spec.path}`));
  });

  it('routes every spreadsheet request to the group that answers it, and every route API Gateway gives the sheets function to one group', async () => {
    const registered: string[] = [];
    for (const group of SHEETS_ROUTE_GROUPS) {
      const own = new Routes();
      (await group.load())(own, undefined);
      expect([...own.handlers.keys()]).toEqual(group.routes);
      registered.push(...group.routes);
    }
    // The stack's route keys (/api/fiscal-years/{fy}/import) are the same routes as the groups' (/fiscal-years/:fy/import).
    const asRouteKey = (route: string) => route.replace(/:(\w+)/g, '{$1}').replace(' ', ' /api');
    expect(registered.map(asRouteKey).sort()).toEqual(SHEETS_ROUTES.map(([method, path]) => `${method} ${path}`).sort());
  });
});
