import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { CACHE_CONTROL } from '../security-headers.ts';
import { principalFromClaims } from './auth/principal.ts';
import type { AppDeps, AppEnv } from './deps.ts';
import { Problem, problems } from './problem.ts';

/** A caller's x-request-id is used as the correlation id only when it looks like one (no log injection). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function problemResponse(problem: Problem, instance: string, headers: Record<string, string> = {}): Response {
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

/** Where a function's pipeline applies its size limit and skips sign-in. */
export interface PipelineOptions {
  maxBodyBytes: (path: string) => number;
  isPublic: (path: string) => boolean;
}

/**
 * What every request to a function of ours goes through, in order: the error handler (problem+json for
 * everything, a log line without personal text for our faults), a correlation id, a body size limit,
 * and sign-in (a verified token whose groups name a role) except on `isPublic` paths; every answer is
 * `Cache-Control: no-store`.
 * The API and the spreadsheet function share it, so both answer and authenticate the same way.
 * Answers leave uncompressed: CloudFront compresses /api/* (infra/stacks/web.ts), the local server likewise.
 */
export function usePipeline(api: Hono<AppEnv>, deps: AppDeps, options: PipelineOptions): void {
  answerErrors(api, deps);
  for (const step of pipelineSteps(deps, options)) api.use('*', step.handler);
}

/** The error handler of usePipeline: every error answered as application/problem+json (RFC 9457). */
export function answerErrors(api: Hono<AppEnv>, deps: AppDeps): void {
  api.onError(async (error, c) => {
    // A Problem (bad input, refused sign-in) is answered as it is; the translation of the service's and the
    // store's refusals (translate.ts, with the error classes and their messages) loads with the first of them,
    // so a cold start does not compile it.
    if (error instanceof Problem) return problemResponse(error, c.req.path);
    const problem = (await import('./translate.ts')).problemFor(error, c.var.answerShape);
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
}

/**
 * usePipeline's middleware, in the order it runs them, each named: bench/api.bench.ts adds them one at a
 * time to say what each costs a request.
 */
export function pipelineSteps(deps: AppDeps, options: PipelineOptions): { name: string; handler: MiddlewareHandler<AppEnv> }[] {
  const correlation: MiddlewareHandler<AppEnv> = async (c, next) => {
    const requestId = correlationId(c);
    c.set('requestId', requestId);
    // Every answer, errors and files (report.docx, exports) included: they are personal and change with
    // each write, so neither a browser nor a proxy may keep one (CloudFront does not cache /api/* either).
    // Set before the handler, they ride in the answer c.json() makes; set on a finished answer, each
    // c.header() copies the whole Response (hono's Context.header), which cost a JSON answer two copies.
    c.header('x-request-id', requestId);
    c.header('Cache-Control', CACHE_CONTROL.api);
    await next();
    // An answer made without the context (a problem, a file, a handler's own Cache-Control) gets them now.
    if (c.res.headers.get('x-request-id') !== requestId || c.res.headers.get('Cache-Control') !== CACHE_CONTROL.api) {
      c.header('x-request-id', requestId);
      c.header('Cache-Control', CACHE_CONTROL.api);
    }
  };
  // One limit middleware per size, made with the first request that needs it rather than with every request.
  const limits = new Map<number, MiddlewareHandler>();
  const limitOf = (maxSize: number) => {
    let limit = limits.get(maxSize);
    if (!limit) {
      const detail = `リクエストが大きすぎます（上限 ${maxSize >= 1024 * 1024 ? `${maxSize / 1024 / 1024}MB` : `${maxSize / 1024}KB`}）`;
      limit = bodyLimit({
        maxSize,
        onError: () => {
          throw problems.tooLarge(detail);
        },
      });
      limits.set(maxSize, limit);
    }
    return limit;
  };
  const sizeLimit: MiddlewareHandler<AppEnv> = (c, next) => limitOf(options.maxBodyBytes(c.req.path))(c, next);
  const signIn: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('deps', deps);
    const path = c.req.path.replace(/^\/api/, '');
    if (options.isPublic(path)) return next();
    const header = c.req.header('Authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (!token) throw problems.unauthorized();
    const claims = await deps.verifier.verify(token, c.env).catch(() => {
      throw problems.unauthorized();
    });
    const principal = principalFromClaims(claims);
    if (!principal) throw problems.forbidden('このアカウントには権限（hq・viewer・dept-課コード・head-課コード のグループ）がありません');
    c.set('principal', principal);
    return next();
  };
  return [
    { name: 'correlation id, Cache-Control', handler: correlation },
    { name: 'body size limit', handler: sizeLimit },
    { name: 'sign-in (claims → principal)', handler: signIn },
  ];
}
