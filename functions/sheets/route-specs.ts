import * as z from '../domain/zod.ts';
import { fiscalYearSchema } from '../domain/progress-reports/schema.ts';
import { FILE_MEDIA_TYPES } from '../contract/files.ts';
import { IDEMPOTENCY_KEY } from '../http/idempotency/index.ts';
import { routeSpec } from '../http/route.ts';
import type { AnyRouteSpec } from '../http/route.ts';
import { planCreateSpec, planExportSpec, planImportPreviewSpec, planMappingSpec, planTemplateSpec } from './plan-import-specs.ts';

/*
 * The spreadsheet function's routes as specs, apart from their handlers: the OpenAPI document (made from
 * source, or at build time for the API's bundle) lists them with the API's routes without loading exceljs,
 * SheetJS or docx. app.ts and report-docx-routes.ts register them with their handlers.
 */

const params = z.object({ fy: fiscalYearSchema });

const exportQuery = z.object({
  department: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, { error: '課コードは英小文字とハイフンで指定してください（例：shomu）' }))),
  encoding: z.optional(z.enum(['utf-8', 'shift_jis'], { error: '文字コードは utf-8 か shift_jis で指定してください' })),
  // The overview's filters, so an export holds what the screen shows (issue 23).
  state: z.optional(
    z.enum(['missing', 'draft', 'pending_head', 'submitted', 'returned', 'approved'], {
      error: '報告の状態は missing・draft・pending_head・submitted・returned・approved のいずれかで指定してください',
    }),
  ),
  top: z.optional(z.string().check(z.maxLength(100, { error: '分類（柱）のキーが長すぎます' }))),
  group: z.optional(z.string().check(z.maxLength(100, { error: '分類（政策）のキーが長すぎます' }))),
});

export const exportCsvSpec = routeSpec({
  method: 'get',
  path: '/fiscal-years/:fy/export.csv',
  summary: '年度の進捗報告をCSVで出力（UTF-8 BOM付き、?encoding=shift_jis でShift_JIS。推進本部は ?department= で課を指定）',
  tag: '出力・取込',
  params,
  query: exportQuery,
  response: FILE_MEDIA_TYPES.csv,
});

export const exportXlsxSpec = routeSpec({
  method: 'get',
  path: '/fiscal-years/:fy/export.xlsx',
  summary: '年度の進捗報告をExcelで出力（記入方法つき。記入して取込に使えます。推進本部は ?department= で課を指定）',
  tag: '出力・取込',
  params,
  query: exportQuery,
  response: FILE_MEDIA_TYPES.xlsx,
});

export const importSpec = routeSpec({
  method: 'post',
  path: '/fiscal-years/:fy/import',
  summary: '記入済みの進捗報告（.xlsx またはCSV）を取り込む。全行を検証し、すべて下書きとして反映するか、何も反映しないか。?dryRun=1 は反映せずに変更点を返す',
  tag: '出力・取込',
  params,
  // Read by the handler (the body is a file, not JSON); declared so the document and the 400s name it.
  query: z.object({ dryRun: z.optional(z.enum(['1', 'true', '0', 'false'], { error: 'dryRun は 1 か 0 で指定してください' })) }),
  response: 'importResultSchema',
  headers: [IDEMPOTENCY_KEY],
});

export const reportDocxSpec = routeSpec({
  method: 'get',
  path: '/fiscal-years/:fy/report.docx',
  summary: '進捗状況報告書を Word（.docx）で出力（?font=ms で本文をＭＳ 明朝に）',
  tag: '進捗状況報告書',
  params,
  query: z.object({ font: z.optional(z.enum(['ms'], { error: 'font は ms だけを指定できます（既定は游明朝）' })) }),
  response: FILE_MEDIA_TYPES.docx,
});

/** Every route the spreadsheet function serves under /api, for the OpenAPI document. */
export const SHEET_ROUTE_SPECS: readonly AnyRouteSpec[] = [
  exportCsvSpec,
  exportXlsxSpec,
  importSpec,
  reportDocxSpec,
  planImportPreviewSpec,
  planMappingSpec,
  planExportSpec,
  planTemplateSpec,
  planCreateSpec,
] as unknown as AnyRouteSpec[];
