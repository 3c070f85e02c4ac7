// The tiny preset's PatternRouter is plenty for ~40 routes and keeps the Lambda bundle under its 200 KB budget.
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { principalFromClaims } from './auth/principal.ts';
import type { AppDeps, AppEnv } from './env.ts';
import { Problem, problems } from './http/problem.ts';
import { Routes } from './http/route.ts';
import { registerDigestRoutes } from './routes/digest.ts';
import { registerExportRoutes } from './routes/export.ts';
import { registerOpinionRoutes } from './routes/opinions.ts';
import { registerOverviewRoutes } from './routes/overview.ts';
import { registerPlanRoutes } from './routes/plan.ts';
import { registerPublicationRoutes } from './routes/publication.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerSessionRoutes } from './routes/session.ts';

const MAX_BODY_BYTES = 64 * 1024;
const MAX_SHEET_BYTES = 2 * 1024 * 1024;
const PUBLIC_PATHS = new Set(['/health', '/dev/token', '/openapi.json']);

function problemResponse(problem: Problem, instance: string): Response {
  return new Response(JSON.stringify(problem.toJSON(instance)), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });
}

/** The whole API under /api: the same app runs in Lambda and on Node locally. */
export function createApi(deps: AppDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.onError((error, c) => {
    if (error instanceof Problem) return problemResponse(error, c.req.path);
    if (error instanceof HTTPException && error.status === 413) return problemResponse(problems.tooLarge(), c.req.path);
    console.error(JSON.stringify({ level: 'error', path: c.req.path, method: c.req.method, error: String(error), stack: (error as Error).stack }));
    return problemResponse(
      new Problem(500, 'システムエラー', '処理中に問題が発生しました。時間をおいてもう一度お試しください。続く場合は総合政策課へ連絡してください'),
      c.req.path,
    );
  });
  api.notFound((c) => problemResponse(problems.notFound('このURLのAPIはありません'), c.req.path));

  const jsonLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw problems.tooLarge(); } });
  // A filled-in progress sheet is a zip of a few hundred rows: it gets a larger allowance than JSON bodies.
  const sheetLimit = bodyLimit({ maxSize: MAX_SHEET_BYTES, onError: () => { throw problems.tooLarge('ファイルが大きすぎます（上限 2MB）'); } });
  api.use('*', (c, next) => (c.req.path.endsWith('/import') ? sheetLimit(c, next) : jsonLimit(c, next)));
  api.use('*', async (c, next) => {
    c.set('deps', deps);
    const path = c.req.path.replace(/^\/api/, '');
    if (PUBLIC_PATHS.has(path)) return next();
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
  registerReportRoutes(routes);
  registerOverviewRoutes(routes);
  registerExportRoutes(routes);
  registerDigestRoutes(routes);
  registerOpinionRoutes(routes);
  registerPublicationRoutes(routes);

  const document = routes.openApiDocument({
    title: 'Shinchoku API（東根市第8次行財政改革推進プラン 進捗管理）',
    version: '1.0.0',
  });
  api.get('/openapi.json', (c) => c.json(document));
  return api;
}

/** Mounts the API under /api. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/api', createApi(deps));
  return app;
}
