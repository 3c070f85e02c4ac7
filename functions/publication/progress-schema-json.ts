/*
 * open-data/{fy}/progress.schema.json as a Lambda bundle carries it: made at build time, like the OpenAPI
 * document (functions/api/openapi-json.ts says why). infra/constructs/bundle.ts sets SHINCHOKU_PROGRESS_SCHEMA
 * to the JSON text scripts/build/documents.ts prints; from source it is made on first use.
 */
declare const SHINCHOKU_PROGRESS_SCHEMA: string | undefined;

/** The JSON Schema (2020-12) published beside progress.json. */
export async function progressSchemaJson(): Promise<object> {
  return typeof SHINCHOKU_PROGRESS_SCHEMA === 'string'
    ? JSON.parse(SHINCHOKU_PROGRESS_SCHEMA)
    : (await import('../domain/annual-report/progress-json-schema.ts')).progressJsonSchema();
}
