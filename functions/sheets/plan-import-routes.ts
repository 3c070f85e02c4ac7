import type { Context } from 'hono';
import { currentFiscalYear } from '../domain/calendar/index.ts';
import { FILE_MEDIA_TYPES } from '../contract/files.ts';
import { type PlanImportMatches, planImportMatchesBodySchema } from '../contract/index.ts';
import { answer, fileAnswer } from '../http/answer.ts';
import type { AppEnv } from '../http/deps.ts';
import { fileResponse } from '../http/files.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';
import { serviceContext } from '../http/service-context.ts';
import type { PlanMapping } from '../service/plan-import.ts';
import type { planSheets } from './plan-file.ts';
import { MAX_PLAN_FILE_BYTES, planCreateSpec, planExportSpec, planImportPreviewSpec, planMappingSpec, planTemplateSpec } from './plan-import-specs.ts';
import { SpreadsheetError } from './spreadsheet-error.ts';

/** The plan reader (~25 KB bundled), loaded with the first plan request rather than with every spreadsheet request. */
const planImport = () => import('../service/plan-import.ts');

/** A mapping as posted (JSON text in the form, or the PUT's body): the problem names the field at fault. */
async function mappingOf(data: unknown, field: string): Promise<PlanMapping> {
  const { MAPPING_FIELDS_TEXT, planMappingSchema } = await planImport();
  const result = planMappingSchema.safeParse(data);
  if (result.success) return result.data as PlanMapping;
  const issue = result.error.issues[0]!;
  throw problems.badRequest(
    `列の対応（${[field, ...issue.path].join('.')}）が分かりません。列ごとに ${MAPPING_FIELDS_TEXT} のどれかを指定してください（例：{"columns": {"C": "departments", "D": {"year": 2031}}}）`,
    field,
  );
}

/** The multipart form's file and mapping; every refusal a 400/415 naming the field. */
async function uploaded(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; csv: boolean; mapping?: PlanMapping; matches?: PlanImportMatches }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/form-data')) {
    throw problems.unsupportedMediaType('計画のファイルは multipart/form-data の file で送ってください（.xlsx または .csv）');
  }
  const form = await c.req.parseBody();
  const file = form.file;
  if (!(file instanceof File)) throw problems.badRequest('計画のファイル（.xlsx または .csv）を file で送ってください', 'file');
  if (file.size === 0) throw problems.badRequest('ファイルが空です。計画の表計算ファイル（.xlsx または .csv）を選んでください', 'file');
  if (file.size > MAX_PLAN_FILE_BYTES) throw problems.badRequest(`ファイルが大きすぎます（${MAX_PLAN_FILE_BYTES / 1024 / 1024}MB まで）`, 'file');
  let mapping: PlanMapping | undefined;
  if (typeof form.mapping === 'string' && form.mapping.trim() !== '') {
    let data: unknown;
    try {
      data = JSON.parse(form.mapping);
    } catch {
      throw problems.badRequest('列の対応（mapping）が正しい JSON ではありません', 'mapping');
    }
    mapping = await mappingOf(data, 'mapping');
  }
  let matches: PlanImportMatches | undefined;
  if (typeof form.matches === 'string' && form.matches.trim() !== '') {
    let data: unknown;
    try {
      data = JSON.parse(form.matches);
    } catch {
      throw problems.badRequest('行の対応（matches）が正しい JSON ではありません', 'matches');
    }
    const result = planImportMatchesBodySchema.safeParse(data);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const where = issue.path.length > 0 ? `（${issue.path.join('.')}）` : '';
      throw problems.badRequest(`行の対応${where}が分かりません。${issue.message}（例：{"実施計画!E5": "1-1", "KPI!B3": "new"}）`, 'matches');
    }
    matches = result.data;
  }
  const csv = /\.csv$/i.test(file.name) || file.type.startsWith('text/');
  return { bytes: new Uint8Array(await file.arrayBuffer()), csv, mapping, matches };
}

/** HQ's plan workbook routes: preview a file, remember a layout's mapping, export the plan or a template, create a plan. */
export function registerPlanImportRoutes(routes: Routes): void {
  routes.add(planImportPreviewSpec, async (c, { query }) => {
    if ((query.plan === undefined) === (query.new === undefined)) {
      throw problems.badRequest('見直す計画（?plan=計画ID）か新しい計画（?new=1）のどちらかを指定してください', 'plan');
    }
    const { bytes, csv, mapping, matches } = await uploaded(c);
    let sheets: ReturnType<typeof planSheets>;
    // SheetJS (and iconv-lite for a CSV) load with the first plan file, not with the function.
    const { planSheets: read } = await import('./plan-file.ts');
    try {
      sheets = read(bytes, csv ? 'csv' : 'workbook');
    } catch (error) {
      if (error instanceof SpreadsheetError) throw problems.badRequest(error.message, 'file');
      throw error;
    }
    const { previewPlanImport } = await planImport();
    return answer(c, await previewPlanImport(serviceContext(c), { sheets, planId: query.plan, mapping, matches }));
  });

  routes.add(planMappingSpec, async (c, { params, body }) => {
    const { rememberPlanMapping } = await planImport();
    return answer(c, await rememberPlanMapping(serviceContext(c), params.signature, await mappingOf(body.mapping, 'mapping')));
  });

  routes.add(planExportSpec, async (c, { params }) => {
    const ctx = serviceContext(c);
    const entry = await ctx.plans.entry(params.id);
    if (!entry) throw problems.notFound(`計画「${params.id}」はありません`);
    const { plan } = await ctx.plans.catalogueOf(entry.versions.at(-1)!);
    return fileAnswer(
      FILE_MEDIA_TYPES.xlsx,
      await fileResponse(c.var.deps.largeFiles, {
        bytes: new Uint8Array(await (await import('../plan-workbook/write.ts')).planWorkbook(plan)),
        contentType: FILE_MEDIA_TYPES.xlsx,
        filename: `${plan.title}.xlsx`,
      }),
    );
  });

  routes.add(planTemplateSpec, async (c, { query }) => {
    const next = currentFiscalYear(new Date(serviceContext(c).now)) + 1;
    const from = query.from === undefined ? next : Number(query.from);
    const to = query.to === undefined ? from + 4 : Number(query.to);
    if (to < from || to - from > 19) throw problems.badRequest('ひな形の期間は開始年度から終了年度まで（20年度以内）で指定してください', 'to');
    return fileAnswer(
      FILE_MEDIA_TYPES.xlsx,
      await fileResponse(c.var.deps.largeFiles, {
        bytes: new Uint8Array(await (await import('../plan-workbook/write.ts')).planTemplate(from, to)),
        contentType: FILE_MEDIA_TYPES.xlsx,
        filename: '計画のひな形.xlsx',
      }),
    );
  });

  routes.add(planCreateSpec, async (c, { body }) => answer(c, await (await planImport()).createPlan(serviceContext(c), body), { status: 201 }));
}
