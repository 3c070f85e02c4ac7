import { defaultIsContentTypeBinary, handle } from 'hono/aws-lambda';
import { GatewayAuthorizerClaims } from '../http/auth/gateway.ts';
import { PlanRegistry } from '../store/plans.ts';
import { headConfirmationFromEnv } from '../http/deps.ts';
import { DynamoStore } from '../store/dynamo-store.ts';
import { createSheetsApp } from './app.ts';
import { lazyAdapter } from '../http/lazy-adapter.ts';
import { currentFiscalYear } from '../domain/calendar/dates.ts';
import { requiredEnv } from '../lambda-env.ts';

const store = new DynamoStore({ tableName: requiredEnv('TABLE_NAME') });
const plans = new PlanRegistry(store);
// Every spreadsheet request reads a plan, nearly always this fiscal year's: its reads start now, during the function's init.
plans.warm(currentFiscalYear());
// HQ's whole-year export outgrows a Lambda response at 100× today's plan: handed over through S3 (issue 9), whose
// client loads with the first such export.
const exportsBucket = process.env.EXPORTS_BUCKET;
const app = createSheetsApp({
  store,
  verifier: new GatewayAuthorizerClaims(),
  plans,
  headConfirmation: headConfirmationFromEnv(process.env),
  largeFiles: exportsBucket ? lazyAdapter(async () => new (await import('./s3-large-files.ts')).S3LargeFiles(exportsBucket)) : undefined,
});

/**
 * Whether an answer goes to API Gateway base64-encoded. Hono sends text/csv as text, decoding the bytes
 * as UTF-8: a Shift_JIS CSV came out garbled. Text in any other charset is sent as its bytes.
 */
function isContentTypeBinary(contentType: string): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) return true;
  return defaultIsContentTypeBinary(contentType);
}

/**
 * API Gateway routes the spreadsheet paths (SHEETS_ROUTES in gateway-routes.ts: export.xlsx, export.csv,
 * import, report.docx) here, so the API function carries no spreadsheet library. Same env and tokens as the API function, and
 * EXPORTS_BUCKET: where an export above a Lambda response's size is put (without it such an export is refused).
 */
export const handler = handle(app, { isContentTypeBinary });
