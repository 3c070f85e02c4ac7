import type { AnyRouteSpec } from '../http/route.ts';

/*
 * GET /api/openapi.json as a Lambda bundle carries it: made at build time. zod's JSON Schema code is ~20 KB
 * that esbuild cannot keep out of the chunk every request loads (it shares a module with the zod every
 * request uses), so infra/constructs/bundle.ts sets SHINCHOKU_OPENAPI (esbuild `define`) to the JSON text
 * scripts/build/documents.ts prints, and the function below reduces to that text, its import() of the
 * generator removed as dead code. Running from source (the local server, the tests) the constant is
 * undefined and the document is made on first use by the same generator. Import this module with import().
 * The open data's JSON Schema is made the same way: functions/publication/progress-schema-json.ts.
 */
declare const SHINCHOKU_OPENAPI: string | undefined;

/**
 * The OpenAPI 3.1 document: the routes of the API app asking (`specs`, used only from source: the local
 * server has a sign-in route the Lambda does not) and the spreadsheet function's routes, served under the
 * same /api (functions/sheets/route-specs.ts: specs only, no spreadsheet library).
 */
export async function openApiJson(specs: readonly AnyRouteSpec[] | (() => Promise<readonly AnyRouteSpec[]>)): Promise<unknown> {
  // One conditional expression, which esbuild folds with the defined constant, dropping the imports with it
  // (an early `return` would leave the code after it, and zod's JSON Schema generator, in the bundle).
  // `specs` may be a function so that the API loads its lazy route groups only when it makes the document.
  return typeof SHINCHOKU_OPENAPI === 'string'
    ? JSON.parse(SHINCHOKU_OPENAPI)
    : Promise.all([import('../http/openapi.ts'), import('../sheets/route-specs.ts'), typeof specs === 'function' ? specs() : specs]).then(
        ([{ openApiDocument }, { SHEET_ROUTE_SPECS }, apiSpecs]) => openApiDocument([...apiSpecs, ...SHEET_ROUTE_SPECS]),
      );
}
