import type { Context, Hono } from 'hono';
import type * as z from '../domain/zod.ts';
import { problems } from './problem.ts';
import { parseOrThrow } from './validate.ts';
import type { AppEnv } from './deps.ts';
import type { AnswerOf, AnswerSpec } from './answer.ts';

type Method = 'get' | 'put' | 'post' | 'delete';

export interface RouteSpec<P extends z.ZodMiniType, B extends z.ZodMiniType, Q extends z.ZodMiniType = z.ZodMiniType, R extends AnswerSpec = AnswerSpec> {
  method: Method;
  /** Hono path under /api, e.g. "/fiscal-years/:fy/action-reports/:id". */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  /** The query string's parameters (?cursor=, ?department=), each named in a 400 when it is wrong. */
  query?: Q;
  body?: B;
  /**
   * The success answer: the name of its schema in the contract (functions/contract/index.ts), or a file's
   * media type (contract/files.ts). The handler must return that type (answer.ts: answer(), fileAnswer()),
   * and the OpenAPI document states it.
   */
  response: R;
  /** Extra documented answers besides the problem answers every route has. */
  status?: number;
  public?: boolean;
  /** Documented request headers, e.g. If-Match. */
  headers?: string[];
}

/** A route as the OpenAPI document describes it (functions/http/openapi.ts). */
export type AnyRouteSpec = RouteSpec<z.ZodMiniType, z.ZodMiniType, z.ZodMiniType, AnswerSpec>;

type Parsed<P, B, Q> = {
  params: P extends z.ZodMiniType ? z.output<P> : undefined;
  body: B extends z.ZodMiniType ? z.output<B> : undefined;
  query: Q extends z.ZodMiniType ? z.output<Q> : undefined;
};
/** A route's handler: its parsed input in, the answer its spec names out (a TypedAnswer or FileAnswer, answer.ts). */
export type Handler<P, B, Q = never, R extends AnswerSpec = AnswerSpec> = (c: Context<AppEnv>, input: Parsed<P, B, Q>) => AnswerOf<R> | Promise<AnswerOf<R>>;

/** A route spec declared apart from its routes.add, keeping its answer's literal type (the sheets' specs, shared with the OpenAPI document). */
export const routeSpec = <
  P extends z.ZodMiniType = never,
  B extends z.ZodMiniType = never,
  Q extends z.ZodMiniType = never,
  const R extends AnswerSpec = never,
>(
  spec: RouteSpec<P, B, Q, R>,
): RouteSpec<P, B, Q, R> => spec;

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The request body as JSON. An empty body reads as {} so that optional bodies (a comment) may be left
 * out. Only UTF-8 is read (RFC 8259 §8.1): a declared charset other than UTF-8 is a 415 and bytes that are
 * not UTF-8 a 400, never text silently garbled into U+FFFD.
 */
async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0) return {};
  const [mediaType = '', ...parameters] = (c.req.header('content-type') ?? '').split(';').map((part) => part.trim());
  if (!JSON_TYPE.test(mediaType)) throw problems.unsupportedMediaType('本文は application/json で送ってください');
  const charset = parameters.map((parameter) => /^charset\s*=\s*"?([^";]*)"?$/i.exec(parameter)?.[1]).find((value) => value !== undefined);
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw problems.unsupportedMediaType(`本文の文字コードは UTF-8 だけを受け付けます（${charset} は使えません）`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw problems.badRequest('本文が正しい UTF-8 ではありません。UTF-8 で送ってください');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw problems.badRequest('本文が正しい JSON ではありません');
  }
}

/** "/fiscal-years/:fy/digest" → a pattern for the concrete path, for 405 answers. */
function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Registers routes on a Hono app so that each is validated by its zod schemas and documented once:
 * the OpenAPI 3.1 document is generated from the same specs (functions/http/openapi.ts).
 */
export class Routes {
  readonly specs: AnyRouteSpec[] = [];
  /**
   * Each route's handler behind its validation, by "METHOD /path" as its spec says it (e.g. "GET /plans/:id"):
   * what the API's lazily loaded route groups are answered with (functions/api/app.ts).
   */
  readonly handlers = new Map<string, (c: Context<AppEnv>) => Promise<Response>>();

  /** `app`: the Hono app the routes are added to; without one they are only kept (specs, handlers). */
  constructor(private readonly app?: Hono<AppEnv>) {}

  add<P extends z.ZodMiniType = never, B extends z.ZodMiniType = never, Q extends z.ZodMiniType = never, const R extends AnswerSpec = never>(
    spec: RouteSpec<P, B, Q, R>,
    handler: Handler<P, B, Q, NoInfer<R>>,
  ): void {
    this.specs.push(spec as unknown as AnyRouteSpec);
    const validated = async (c: Context<AppEnv>): Promise<Response> => {
      const params = spec.params ? parseOrThrow(spec.params, c.req.param()) : undefined;
      const query = spec.query ? parseOrThrow(spec.query, c.req.query()) : undefined;
      const body = spec.body ? parseOrThrow(spec.body, await readJson(c)) : undefined;
      return handler(c, { params, query, body } as Parsed<P, B, Q>);
    };
    const method = spec.method.toUpperCase();
    this.handlers.set(`${method} ${spec.path}`, validated);
    this.app?.on(method, spec.path, validated);
  }

  /**
   * The methods a path under /api answers (GET also answers HEAD), for 405's Allow header;
   * empty when no route has the path.
   */
  allowedMethods(path: string): string[] {
    const methods = new Set(this.specs.filter((spec) => pathPattern(spec.path).test(path)).map((spec) => spec.method.toUpperCase()));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}
