import type { Context, Hono } from 'hono';
import * as z from '../../domain/zod.ts';
import { problems } from './problem.ts';
import { parseOrThrow } from './validate.ts';
import type { AppEnv } from '../env.ts';

type Method = 'get' | 'put' | 'post' | 'delete';

export interface RouteSpec<P extends z.ZodMiniType, B extends z.ZodMiniType> {
  method: Method;
  /** Hono path under /api, e.g. "/fiscal-years/:fy/action-reports/:id". */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  body?: B;
  /** The success answer's shape, for the OpenAPI document. */
  response?: z.ZodMiniType;
  /** Extra documented answers besides the problem answers every route has. */
  status?: number;
  public?: boolean;
  /** Documented request headers, e.g. If-Match. */
  headers?: string[];
}

type Parsed<P, B> = { params: P extends z.ZodMiniType ? z.output<P> : undefined; body: B extends z.ZodMiniType ? z.output<B> : undefined };
export type Handler<P, B> = (c: Context<AppEnv>, input: Parsed<P, B>) => Response | Promise<Response>;

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z.string(),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

/** An empty body reads as {} so that optional bodies (a comment) may be left out. */
async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw problems.unsupportedMediaType('本文は application/json で送ってください');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw problems.badRequest('本文が正しい JSON ではありません');
  }
}

/**
 * Registers routes on a Hono app so that each is validated by its zod schemas and documented once:
 * the OpenAPI 3.1 document is generated from the same specs.
 */
export class Routes {
  private readonly specs: RouteSpec<z.ZodMiniType, z.ZodMiniType>[] = [];

  constructor(private readonly app: Hono<AppEnv>) {}

  add<P extends z.ZodMiniType = never, B extends z.ZodMiniType = never>(spec: RouteSpec<P, B>, handler: Handler<P, B>): void {
    this.specs.push(spec as unknown as RouteSpec<z.ZodMiniType, z.ZodMiniType>);
    this.app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      const params = spec.params ? parseOrThrow(spec.params, c.req.param()) : undefined;
      const body = spec.body ? parseOrThrow(spec.body, await readJson(c)) : undefined;
      return handler(c, { params, body } as Parsed<P, B>);
    });
  }

  openApiDocument(info: { title: string; version: string; description?: string }) {
    const json = (schema: z.ZodMiniType, io: 'input' | 'output') =>
      z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
    const paths: Record<string, Record<string, unknown>> = {};
    for (const spec of this.specs) {
      const path = `/api${spec.path.replace(/:(\w+)/g, '{$1}')}`;
      const paramProperties =
        spec.params instanceof z.ZodMiniObject ? (spec.params.shape as Record<string, z.ZodMiniType>) : {};
      const errorResponses = Object.fromEntries(
        [400, 401, 403, 404, 409, 412, 413, 415, 428].map((status) => [
          status,
          { description: `問題（RFC 9457）`, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        ]),
      );
      (paths[path] ??= {})[spec.method] = {
        summary: spec.summary,
        tags: [spec.tag],
        ...(spec.public ? { security: [] } : {}),
        parameters: [
          ...Object.entries(paramProperties).map(([name, schema]) => ({
            name,
            in: 'path',
            required: true,
            schema: json(schema, 'input'),
          })),
          ...(spec.headers ?? []).map((name) => ({ name, in: 'header', required: false, schema: { type: 'string' } })),
        ],
        ...(spec.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: json(spec.body, 'input') } } } }
          : {}),
        responses: {
          [spec.status ?? 200]: {
            description: '成功',
            ...(spec.response ? { content: { 'application/json': { schema: json(spec.response, 'output') } } } : {}),
          },
          ...errorResponses,
        },
      };
    }
    return {
      openapi: '3.1.0',
      info,
      servers: [{ url: '/' }],
      paths,
      components: {
        schemas: { Problem: json(problemSchema, 'output') },
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
    };
  }
}
