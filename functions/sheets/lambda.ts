import { handle } from 'hono/aws-lambda';
import { Hono } from 'hono/tiny';
import { GatewayAuthorizerClaims } from '../api/auth/gateway.ts';
import { CatalogueSource } from '../store/catalogue-source.ts';
import { headConfirmationFromEnv } from '../api/env.ts';
import type { AppEnv } from '../api/env.ts';
import { DynamoStore } from '../store/dynamo-store.ts';
import { createSheetsApi } from './app.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`環境変数 ${name} が設定されていません`);
  return value;
}

const store = new DynamoStore({ tableName: required('TABLE_NAME') });
const app = new Hono<AppEnv>();
app.route(
  '/api',
  createSheetsApi({
    store,
    verifier: new GatewayAuthorizerClaims(),
    catalogue: new CatalogueSource(store),
    headConfirmation: headConfirmationFromEnv(process.env),
  }),
);

/**
 * API Gateway routes the spreadsheet paths (/api/fiscal-years/{fy}/export.xlsx, export.csv, import)
 * here, so the API function carries no spreadsheet library. Same env and tokens as the API function.
 */
export const handler = handle(app);
