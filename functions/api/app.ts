// The tiny preset's PatternRouter is plenty for ~40 routes and keeps the Lambda bundle within its budget.
import { Hono } from 'hono/tiny';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { principalFromClaims } from './auth/principal.ts';
import type { AppDeps, AppEnv } from './env.ts';
import { Problem, problems } from './http/problem.ts';
import { problemFor } from './http/translate.ts';
import { Routes } from './http/route.ts';
import { registerDepartmentRoutes } from './routes/departments.ts';
import { registerDigestRoutes } from './routes/digest.ts';
import { registerExportRoutes } from './routes/export.ts';
import { registerKpiRoutes } from './routes/kpis.ts';
import { registerOverviewRoutes } from './routes/overview.ts';
import { registerPlanRoutes } from './routes/plan.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerSessionRoutes } from './routes/session.ts';

const MAX_BODY_BYTES = 64 * 1024;
const MAX_SHEET_BYTES = 2 * 1024 * 1024;
const PUBLIC_PATHS = new Set(['/health', '/health/live', '/dev/token', '/openapi.json']);
/** Smaller answers gain nothing from gzip (a report is ~1 KB; the plan ~100 KB, the overview ~85 KB). */
const COMPRESS_THRESHOLD_BYTES = 1024;
/** A caller's x-request-id is used as the correlation id only when it looks like one (no log injection). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function problemResponse(problem: Problem, instance: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem.toJSON(instance)), {
    status: problem.status,
    headers: { ...problem.headers, ...headers, 'content-type': 'application/problem+json; charset=utf-8' },
  });
}

/** API Gateway's request id in Lambda, the caller's x-request-id, or a fresh one: one id per request in every log line. */
function correlationId(c: Context<AppEnv>): string {
  const fromGateway = (c.env as { requestContext?: { requestId?: string } } | undefined)?.requestContext?.requestId;
  const fromCaller = c.req.header('x-request-id');
  if (fromGateway) return fromGateway;
  return fromCaller && REQUEST_ID.test(fromCaller) ? fromCaller : crypto.randomUUID();
}

/**
 * gzip/deflate for JSON answers the client accepts, above a small threshold. Answers with an ETag are
 * left as they are: compressing weakens the ETag (W/"3"), and If-Match compares strongly (RFC 9110), so a
 * client that sends back what it read must get the strong tag.
 */
function compressJson(): MiddlewareHandler<AppEnv> {
  const gzip = compress({ threshold: COMPRESS_THRESHOLD_BYTES, contentTypeFilter: /^application\/(?:problem\+)?json\b/ });
  return async (c, next) => {
    await next();
    if (!c.res.headers.has('ETag')) await gzip(c, async () => {});
  };
}

/** The whole API under /api: the same app runs in Lambda and on Node locally. */
export function createApi(deps: AppDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.onError((error, c) => {
    const problem = problemFor(error);
    if (problem) return problemResponse(problem, c.req.path);
    if (error instanceof HTTPException && error.status === 413) return problemResponse(problems.tooLarge(), c.req.path);
    // No request body, no names: the correlation id, the route and the caller's sub are enough to find it.
    (deps.logger ?? console).error('unexpected error', {
      correlationId: c.var.requestId,
      method: c.req.method,
      route: c.req.routePath,
      sub: c.var.principal?.sub,
      error: error as Error,
    });
    return problemResponse(problems.internal(), c.req.path);
  });

  api.use('*', async (c, next) => {
    c.set('requestId', correlationId(c));
    await next();
    c.header('x-request-id', c.var.requestId);
  });
  api.use('*', compressJson());
  const jsonLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw problems.tooLarge(); } });
  // A filled-in progress sheet is a zip of a few hundred rows: it gets a larger allowance than JSON bodies.
  const sheetLimit = bodyLimit({ maxSize: MAX_SHEET_BYTES, onError: () => { throw problems.tooLarge('ファイルが大きすぎます（上限 2MB）'); } });
  api.use('*', (c, next) => (c.req.path.endsWith('/import') ? sheetLimit(c, next) : jsonLimit(c, next)));
  api.use('*', async (c, next) => {
    c.set('deps', deps);
    const path = c.req.path.replace(/^\/api/, '');
    // The dev sign-in screen lists departments before anyone has signed in.
    if (PUBLIC_PATHS.has(path) || (deps.localTokens && path === '/departments')) return next();
    const header = c.req.header('Authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (!token) throw problems.unauthorized();
    const claims = await deps.verifier.verify(token).catch(() => {
      throw problems.unauthorized();
    });
    const principal = principalFromClaims(claims);
    if (!principal) throw problems.forbidden('このアカウントには権限（hq・viewer・dept-課コード のグループ）がありません');
    c.set('principal', principal);
    return next();
  });

  const routes = new Routes(api);
  registerSessionRoutes(routes, { localSignIn: Boolean(deps.localTokens) });
  registerPlanRoutes(routes);
  registerDepartmentRoutes(routes, { localSignIn: Boolean(deps.localTokens) });
  registerReportRoutes(routes);
  registerKpiRoutes(routes);
  registerOverviewRoutes(routes);
  registerExportRoutes(routes);
  registerDigestRoutes(routes);

  let document: Promise<unknown> | undefined;
  api.get('/openapi.json', async (c) => {
    document ??= import('./http/openapi.ts').then(({ openApiDocument }) =>
      openApiDocument(routes.specs, { title: 'Shinchoku API（東根市第8次行財政改革推進プラン 進捗管理）', version: '1.0.0' }),
    );
    return c.json(await document);
  });
  return api;
}

/** "/api/fiscal-years/:fy/digest" → a pattern for concrete paths. */
function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Mounts the API under /api. What no route answers is a problem too: 405 with Allow when the path
 * exists with other methods (also for apps mounted later beside the API, e.g. the spreadsheets),
 * else 404.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/api', createApi(deps));
  app.notFound((c) => {
    const allowed = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL' && !route.path.includes('*') && pathPattern(route.path).test(c.req.path))
        .map((route) => route.method),
    );
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.size === 0) return problemResponse(problems.notFound('このURLのAPIはありません'), c.req.path);
    const allow = [...allowed].sort().join(', ');
    return problemResponse(problems.methodNotAllowed(c.req.method, allow), c.req.path, { Allow: allow });
  });
  return app;
}
