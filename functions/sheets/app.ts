import { Hono } from 'hono/tiny';
import type { AppDeps, AppEnv } from '../http/deps.ts';
import { usePipeline } from '../http/pipeline.ts';
import { addLazyGroup } from '../http/route-groups.ts';
import type { RouteGroup } from '../http/route-groups.ts';

/** A filled-in year's sheet is well under 1 MB zipped; the inflated parts are capped separately. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/**
 * The spreadsheet function's route groups (http/route-groups.ts), each loaded with its first request: a CSV
 * export loads the export routes alone, not the import's checks, the plan workbook's or the Word report's
 * (issue 22: a CSV export's cold start). SheetJS, exceljs, iconv-lite and docx load later still, with the
 * request that uses them. tests/api/openapi-routes.test.ts checks the lists against what each group registers.
 */
export const SHEETS_ROUTE_GROUPS: RouteGroup<undefined>[] = [
  {
    load: async () => (await import('./export-routes.ts')).registerExportRoutes,
    routes: ['GET /fiscal-years/:fy/export.csv', 'GET /fiscal-years/:fy/export.xlsx'],
  },
  { load: async () => (await import('./import-routes.ts')).registerImportRoutes, routes: ['POST /fiscal-years/:fy/import'] },
  { load: async () => (await import('./report-docx-routes.ts')).registerReportDocumentRoutes, routes: ['GET /fiscal-years/:fy/report.docx'] },
  {
    load: async () => (await import('./plan-import-routes.ts')).registerPlanImportRoutes,
    routes: [
      'POST /plans/import/preview',
      'PUT /plans/import/mappings/:signature',
      'GET /plans/:id/export.xlsx',
      'GET /plans/import/template.xlsx',
      'POST /plans',
    ],
  },
];
/**
 * The spreadsheet function's app (routes relative to /api): the same sign-in as the API (the
 * token verifier and principal from its auth modules) and the same problem+json answers.
 */
export function createSheetsApi(deps: AppDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  usePipeline(api, deps, { maxBodyBytes: () => MAX_UPLOAD_BYTES, isPublic: () => false });
  for (const group of SHEETS_ROUTE_GROUPS) addLazyGroup(api, group, undefined);
  return api;
}

/**
 * The sheets function's whole app, the API's paths under /api: what functions/sheets/lambda.ts hands to API
 * Gateway and the local server hands the same requests (functions/sheets/gateway-routes.ts).
 */
export function createSheetsApp(deps: AppDeps): Hono<AppEnv> {
  return new Hono<AppEnv>().route('/api', createSheetsApi(deps));
}
