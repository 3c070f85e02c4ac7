// The tiny preset's PatternRouter is plenty for ~40 routes and keeps the Lambda bundle within its budget.
import { Hono } from 'hono/tiny';
import type { AppDeps, AppEnv } from '../http/deps.ts';
import type { LocalSignIn } from './routes/local-sign-in.ts';
import { usePipeline, problemResponse } from '../http/pipeline.ts';
import { problems } from '../http/problem.ts';
import { Routes } from '../http/route.ts';
import { sheetsMethodsFor } from '../sheets/gateway-routes.ts';
import { registerAttachmentRoutes } from './routes/attachments.ts';
import { registerDepartmentRoutes } from './routes/departments.ts';
import { registerDigestRoutes } from './routes/digest.ts';
import { registerKpiRoutes } from './routes/kpis.ts';
import { registerNoticeRoutes } from './routes/notices.ts';
import { registerOpinionRoutes } from './routes/opinions.ts';
import { registerOverviewRoutes } from './routes/overview.ts';
import { registerPlanRoutes } from './routes/plan.ts';
import { registerPublicationRoutes } from './routes/publication.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerSearchRoutes } from './routes/search.ts';
import { registerSessionRoutes } from './routes/session.ts';

const MAX_BODY_BYTES = 64 * 1024;
const MAX_SHEET_BYTES = 2 * 1024 * 1024;
const PUBLIC_PATHS = new Set(['/health', '/health/live', '/dev/token', '/openapi.json']);
/**
 * Every route of the API but the local sign-in's (what the deployed /api/openapi.json documents).
 * `localSignIn` opens the department list to the local sign-in screen.
 */
export function registerApiRoutes(routes: Routes, options: { localSignIn: boolean }): void {
  registerSessionRoutes(routes);
  registerPlanRoutes(routes);
  registerDepartmentRoutes(routes, options);
  registerReportRoutes(routes);
  registerKpiRoutes(routes);
  registerAttachmentRoutes(routes);
  registerOverviewRoutes(routes);
  registerDigestRoutes(routes);
  registerOpinionRoutes(routes);
  registerPublicationRoutes(routes);
  registerSearchRoutes(routes);
  registerNoticeRoutes(routes);
}

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

  const routes = new Routes(api);
  registerApiRoutes(routes, { localSignIn: Boolean(localSignIn) });
  localSignIn?.register(routes);
  api.get('/openapi.json', async (c) => c.json(await (await import('./openapi-json.ts')).openApiJson(routes.specs)));
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
  app.notFound((c) => {
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
