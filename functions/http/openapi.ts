import * as z from '../domain/zod.ts';
import * as contract from '../contract/index.ts';
import type { AnyRouteSpec } from './route.ts';
import type { AnswerSchemaName, AnswerSpec } from './answer.ts';

const isSchemaName = (response: AnswerSpec): response is AnswerSchemaName => response in contract;

/** A route's success content: JSON by its contract schema, or a download as binary of its media type. */
function answerContent(response: AnswerSpec) {
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the document names every answer schema; this runs at build time, not in a bundle that could tree-shake.
  if (isSchemaName(response)) return { 'application/json': { schema: json(contract[response], 'output') } };
  return { [response]: { schema: { type: 'string', contentMediaType: response } } };
}

/** Every problem answer a route can give besides its success (RFC 9457 bodies). */
const PROBLEM_STATUSES = [400, 401, 403, 404, 405, 409, 412, 413, 415, 428, 503];

const json = (schema: z.ZodMiniType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/**
 * The OpenAPI 3.1 document of the routes' specs: request schemas as they are validated, answers as the
 * contract (functions/contract/) states them. Made at build time for a Lambda bundle, on first use from
 * source (functions/api/openapi-json.ts).
 */
export function openApiDocument(specs: readonly AnyRouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const problemResponses = Object.fromEntries(
    PROBLEM_STATUSES.map((status) => [
      status,
      { description: '問題（RFC 9457）', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    ]),
  );
  for (const spec of specs) {
    const path = `/api${spec.path.replace(/:(\w+)/g, '{$1}')}`;
    const paramProperties = spec.params instanceof z.ZodMiniObject ? (spec.params.shape as Record<string, z.ZodMiniType>) : {};
    const queryProperties = spec.query instanceof z.ZodMiniObject ? (spec.query.shape as Record<string, z.ZodMiniType>) : {};
    paths[path] ??= {};
    paths[path][spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.public ? { security: [] } : {}),
      parameters: [
        ...Object.entries(paramProperties).map(([name, schema]) => ({ name, in: 'path', required: true, schema: json(schema, 'input') })),
        ...Object.entries(queryProperties).map(([name, schema]) => ({ name, in: 'query', required: false, schema: json(schema, 'input') })),
        ...(spec.headers ?? []).map((name) => ({ name, in: 'header', required: false, schema: { type: 'string' } })),
      ],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(spec.body, 'input') } } } } : {}),
      responses: {
        [spec.status ?? 200]: {
          description: '成功',
          content: answerContent(spec.response),
        },
        ...problemResponses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Shinchoku API（行財政改革推進プラン 進捗管理）', version: '1.0.0' },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: json(contract.problemSchema, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ bearer: [] }],
  };
}
