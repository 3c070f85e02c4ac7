import type { AnyRouteSpec } from '../api/http/route.ts';

/*
 * JSON documents generated from zod schemas. zod's JSON Schema code is ~20 KB that esbuild cannot keep
 * out of the chunk every request loads (it shares a module with the zod every request uses), so a Lambda
 * bundle carries the documents made at build time instead of that code: infra/constructs/bundle.ts sets
 * these constants (esbuild `define`) to the JSON text that scripts/build/documents.ts prints, and each
 * function below then reduces to that text, its import() of the generator removed as dead code. Running
 * from source (the local server, the tests) they are undefined and the documents are made on first use,
 * by the same functions the build calls. Import this module with import(): in a bundle it holds the texts.
 */
declare const SHINCHOKU_OPENAPI: string | undefined;
declare const SHINCHOKU_PROGRESS_SCHEMA: string | undefined;

/**
 * GET /api/openapi.json (OpenAPI 3.1). `specs` are the routes of the app asking, used only from source
 * (the local server has a sign-in route the Lambda does not).
 */
export async function openApiJson(specs: readonly AnyRouteSpec[]): Promise<unknown> {
  return typeof SHINCHOKU_OPENAPI === 'string' ? JSON.parse(SHINCHOKU_OPENAPI) : (await import('../api/http/openapi.ts')).openApiDocument(specs);
}

/** open-data/{fy}/progress.schema.json, published beside progress.json (JSON Schema 2020-12). */
export async function progressSchemaJson(): Promise<object> {
  return typeof SHINCHOKU_PROGRESS_SCHEMA === 'string' ? JSON.parse(SHINCHOKU_PROGRESS_SCHEMA) : (await import('../domain/report/progress-json-schema.ts')).progressJsonSchema();
}
