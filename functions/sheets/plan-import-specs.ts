import * as z from '../domain/zod.ts';
import { planIdSchema } from '../domain/catalogue/keys.ts';
import { text } from '../domain/text-field.ts';
import { FILE_MEDIA_TYPES } from '../contract/files.ts';
import { routeSpec } from '../http/route.ts';

/*
 * The plan workbook's routes (issue 21, HQ's 計画の管理 screen) as specs, apart from their handlers
 * (plan-import-routes.ts), for the OpenAPI document: see route-specs.ts.
 */

/** A plan workbook is a few hundred rows; the progress import's upload limit (2 MB) leaves room for any. */
export const MAX_PLAN_FILE_BYTES = 2 * 1024 * 1024;

const year = z.optional(z.string().check(z.regex(/^\d{4}$/, '年度は西暦4桁で指定してください（例：2031）')));

export const planImportPreviewSpec = routeSpec({
  method: 'post',
  path: '/plans/import/preview',
  summary:
    '計画の表計算ファイル（.xlsx またはCSV、multipart の file。列の対応は任意で mapping に JSON、行と項目の対応の訂正は任意で matches に JSON {"実施計画!E5": キー または "new"}）を読み、件数・読めないセル・行ごとの対応・見直しの違いを返す（推進本部。何も保存しない）。?plan= は見直す計画、?new=1 は新しい計画',
  tag: '計画',
  // The body is multipart (file, mapping), read by the handler; declared here so the document and the 400s name the query.
  query: z.object({
    plan: z.optional(planIdSchema),
    new: z.optional(z.enum(['1'], { error: 'new は 1 を指定してください' })),
  }),
  response: 'planImportPreviewSchema',
});

export const planMappingSpec = routeSpec({
  method: 'put',
  path: '/plans/import/mappings/:signature',
  summary: '計画の表計算ファイルの列の対応を記憶する（推進本部）。同じ見出しのファイルは次からこの対応で読む',
  tag: '計画',
  params: z.object({ signature: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'signature は読込の確認で返された値を指定してください')) }),
  body: z.strictObject({ mapping: z.unknown() }),
  response: 'planMappingAnswerSchema',
});

export const planExportSpec = routeSpec({
  method: 'get',
  path: '/plans/:id/export.xlsx',
  summary: '計画（最新版）を Excel で出力（実施計画・KPI・課のシート。そのまま読込に使えます）',
  tag: '計画',
  params: z.object({ id: planIdSchema }),
  response: FILE_MEDIA_TYPES.xlsx,
});

export const planTemplateSpec = routeSpec({
  method: 'get',
  path: '/plans/import/template.xlsx',
  summary: '新しい計画の Excel のひな形（?from=&to= の年度の列。省略時は翌年度から5年間）',
  tag: '計画',
  query: z.object({ from: year, to: year }),
  response: FILE_MEDIA_TYPES.xlsx,
});

export const planCreateSpec = routeSpec({
  method: 'post',
  path: '/plans',
  summary: '新しい計画を登録する（推進本部）：版1・策定中として保存。計画IDが使用中なら409、期間が他の計画と重なれば400',
  tag: '計画',
  body: z.strictObject({ plan: z.unknown(), comment: z.optional(z.nullable(text('登録の説明', { max: 1000, multiline: true }))) }),
  response: 'planSummarySchema',
  status: 201,
});
