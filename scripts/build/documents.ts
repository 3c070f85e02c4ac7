/**
 * Prints the generated documents as the Lambda bundles carry them (functions/api/openapi-json.ts, functions/publication/progress-schema-json.ts): one
 * JSON object { openapi, progressSchema }, the OpenAPI document of the routes the API function serves (no
 * local sign-in) and of the spreadsheet function's routes beside them under /api (openApiJson adds those).
 * Run by infra/constructs/bundle.ts before each build.
 */
import { Hono } from 'hono/tiny';
import { registerApiRoutes } from '../../functions/api/routes/index.ts';
import type { AppEnv } from '../../functions/http/deps.ts';
import { Routes } from '../../functions/http/route.ts';
import { openApiJson } from '../../functions/api/openapi-json.ts';
import { progressSchemaJson } from '../../functions/publication/progress-schema-json.ts';

const routes = new Routes(new Hono<AppEnv>());
registerApiRoutes(routes, { localSignIn: false });
process.stdout.write(JSON.stringify({ openapi: await openApiJson(routes.specs), progressSchema: await progressSchemaJson() }));
