// The tiny preset's PatternRouter is plenty for ~60 routes and keeps the Lambda bundle within its budget.
import { Hono } from 'hono/tiny';
import type { AppDeps, AppEnv } from '../http/deps.ts';
import type { LocalSignIn } from './routes/local-sign-in.ts';
import { usePipeline, problemResponse } from '../http/pipeline.ts';
import { problems } from '../http/problem.ts';
import { Routes } from '../http/route.ts';
import { addLazyGroup } from '../http/route-groups.ts';
import type { RouteGroup } from '../http/route-groups.ts';

const MAX_BODY_BYTES = 64 * 1024;
const MAX_SHEET_BYTES = 2 * 1024 * 1024;
const PUBLIC_PATHS = new Set(['/health', '/health/live', '/dev/token', '/openapi.json']);

/**
 * The API's route groups (http/route-groups.ts): a report GET loads the report routes alone (issue 22:
 * what a cold start loads ≤ 120 KB without the AWS SDK; bench/bundle-size.ts). tests/api/openapi-routes.test.ts
 * checks the lists against what each group registers (routes/index.ts, the same groups at once, in the same order).
 */
export const ROUTE_GROUPS: RouteGroup<{ localSignIn: boolean }>[] = [
  { load: async () => (await import('./routes/session.ts')).registerSessionRoutes, routes: ['GET /health', 'GET /health/live', 'GET /me'] },
  {
    load: async () => (await import('./routes/plan.ts')).registerPlanRoutes,
    routes: [
      'GET /plans',
      'GET /plan',
      'GET /plans/:id',
      'POST /plans/:id/revisions/preview',
      'POST /plans/:id/revisions',
      'PUT /plans/:id/status',
      'GET /plans/:id/versions',
      'GET /measures/:n/departments',
      'PUT /measures/:n/departments',
      'GET /measures/:n/departments/revisions',
    ],
  },
  { load: async () => (await import('./routes/departments.ts')).registerDepartmentRoutes, routes: ['GET /departments'] },
  {
    load: async () => (await import('./routes/reports.ts')).registerReportRoutes,
    routes: [
      'GET /fiscal-years/:fy/action-reports/:id',
      'PUT /fiscal-years/:fy/action-reports/:id',
      'POST /fiscal-years/:fy/action-reports/:id/submit',
      'POST /fiscal-years/:fy/action-reports/:id/confirm',
      'POST /fiscal-years/:fy/action-reports/:id/withdraw',
      'POST /fiscal-years/:fy/action-reports/:id/return',
      'POST /fiscal-years/:fy/action-reports/:id/approve',
      'POST /fiscal-years/:fy/action-reports/:id/reopen',
      'GET /fiscal-years/:fy/action-reports/:id/revisions',
      'GET /fiscal-years/:fy/kpi-actuals/:id',
      'PUT /fiscal-years/:fy/kpi-actuals/:id',
      'POST /fiscal-years/:fy/kpi-actuals/:id/submit',
      'POST /fiscal-years/:fy/kpi-actuals/:id/confirm',
      'POST /fiscal-years/:fy/kpi-actuals/:id/withdraw',
      'POST /fiscal-years/:fy/kpi-actuals/:id/return',
      'POST /fiscal-years/:fy/kpi-actuals/:id/approve',
      'POST /fiscal-years/:fy/kpi-actuals/:id/reopen',
      'GET /fiscal-years/:fy/kpi-actuals/:id/revisions',
      'GET /fiscal-years/:fy/action-reports/:id/parts',
      'GET /action-items/:id/years',
      'POST /fiscal-years/:fy/action-reports/:id/carry-forward',
      'POST /fiscal-years/:fy/action-reports/carry-forward',
      'GET /fiscal-years/:fy/reports',
    ],
  },
  { load: async () => (await import('./routes/kpis.ts')).registerKpiRoutes, routes: ['GET /kpis/:kpiId/actuals'] },
  {
    load: async () => (await import('./routes/attachments.ts')).registerAttachmentRoutes,
    routes: [
      'GET /fiscal-years/:fy/action-reports/:id/attachments',
      'POST /fiscal-years/:fy/action-reports/:id/attachments',
      'POST /fiscal-years/:fy/action-reports/:id/attachments/:attId/complete',
      'GET /fiscal-years/:fy/action-reports/:id/attachments/:attId',
      'DELETE /fiscal-years/:fy/action-reports/:id/attachments/:attId',
      'GET /fiscal-years/:fy/kpi-actuals/:id/attachments',
      'POST /fiscal-years/:fy/kpi-actuals/:id/attachments',
      'POST /fiscal-years/:fy/kpi-actuals/:id/attachments/:attId/complete',
      'GET /fiscal-years/:fy/kpi-actuals/:id/attachments/:attId',
      'DELETE /fiscal-years/:fy/kpi-actuals/:id/attachments/:attId',
    ],
  },
  { load: async () => (await import('./routes/overview.ts')).registerOverviewRoutes, routes: ['GET /fiscal-years/:fy/overview'] },
  {
    load: async () => (await import('./routes/digest.ts')).registerDigestRoutes,
    routes: ['GET /fiscal-years/:fy/digest/preview', 'POST /fiscal-years/:fy/digest', 'GET /fiscal-years/:fy/digests'],
  },
  {
    load: async () => (await import('./routes/opinions.ts')).registerOpinionRoutes,
    routes: [
      'GET /fiscal-years/:fy/opinions',
      'POST /fiscal-years/:fy/opinions',
      'GET /fiscal-years/:fy/opinions/:id',
      'PUT /fiscal-years/:fy/opinions/:id',
      'POST /fiscal-years/:fy/opinions/:id/approve',
      'GET /fiscal-years/:fy/opinions/:id/revisions',
    ],
  },
  {
    load: async () => (await import('./routes/publication.ts')).registerPublicationRoutes,
    routes: ['GET /fiscal-years/:fy/report', 'GET /fiscal-years/:fy/publication', 'POST /fiscal-years/:fy/publication', 'DELETE /fiscal-years/:fy/publication'],
  },
  { load: async () => (await import('./routes/search.ts')).registerSearchRoutes, routes: ['GET /search'] },
  {
    load: async () => (await import('./routes/notices.ts')).registerNoticeRoutes,
    routes: ['GET /me/notice-settings', 'PUT /me/notice-settings', 'GET /fiscal-years/:fy/notices'],
  },
];

/**
 * The whole API under /api: the same app runs in Lambda and on Node locally. `localSignIn` (AUTH_MODE=local
 * only) adds POST /dev/token and opens the department list to the sign-in screen.
 */
export function createApi(deps: AppDeps, localSignIn?: LocalSignIn): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  usePipeline(api, deps, {
    // A filled-in progress sheet is a zip of a few hundred rows, and a plan revision is a whole plan (the 8th
    // plan's JSON is about 160 KB): both get a larger allowance than other JSON bodies.
    maxBodyBytes: (path) => (path.endsWith('/import') || /\/plans\/[^/]+\/revisions/.test(path) ? MAX_SHEET_BYTES : MAX_BODY_BYTES),
    // The dev sign-in screen lists departments before anyone has signed in.
    isPublic: (path) => PUBLIC_PATHS.has(path) || (Boolean(localSignIn) && path === '/departments'),
  });

  const options = { localSignIn: Boolean(localSignIn) };
  const routes = new Routes(api);
  for (const group of ROUTE_GROUPS) addLazyGroup(api, group, options);
  localSignIn?.register(routes);
  // Every group's specs, loaded for the document when it is made from source (a Lambda bundle serves the one made at build time).
  const allSpecs = async () => {
    const all = new Routes();
    (await import('./routes/index.ts')).registerApiRoutes(all, options);
    localSignIn?.register(all);
    return all.specs;
  };
  api.get('/openapi.json', async (c) => c.json(await (await import('./openapi-json.ts')).openApiJson(allSpecs)));
  return api;
}

/** "/api/fiscal-years/:fy/digest" → a pattern for concrete paths. */
function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Mounts the API under /api. What no route answers is a problem too: 405 with Allow when the path
 * exists with other methods, else 404. The methods counted are this app's own (GET brings HEAD: Hono
 * answers HEAD with the GET route) and those of the sheets function's routes (SHEETS_ROUTES): API Gateway
 * sends their path with any other method here, so POST …/export.csv is 405 (Allow: GET) rather than 404.
 * Apps mounted later beside the API (the tests' harness mounts the spreadsheets) are counted as its own.
 */
export function createApp(deps: AppDeps, localSignIn?: LocalSignIn): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/api', createApi(deps, localSignIn));
  // Only a path no route has comes here: the sheets function's route table loads with the first such request.
  app.notFound(async (c) => {
    const { sheetsMethodsFor } = await import('../sheets/gateway-routes.ts');
    const allowed = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL' && !route.path.includes('*') && pathPattern(route.path).test(c.req.path))
        .map((route) => route.method),
    );
    if (allowed.has('GET')) allowed.add('HEAD');
    // On the path as sent, as the local server's split reads it (c.req.path is decoded).
    for (const method of sheetsMethodsFor(new URL(c.req.url).pathname)) allowed.add(method);
    if (allowed.size === 0) return problemResponse(problems.notFound('このURLのAPIはありません'), c.req.path);
    const allow = [...allowed].sort().join(', ');
    return problemResponse(problems.methodNotAllowed(c.req.method, allow), c.req.path, { Allow: allow });
  });
  return app;
}
