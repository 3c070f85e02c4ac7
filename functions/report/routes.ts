import { Hono } from 'hono/tiny';
import * as z from '../domain/zod.ts';
import { fiscalYearSchema } from '../domain/reports/schema.ts';
import type { AppDeps, AppEnv } from '../api/env.ts';
import { Problem, problems } from '../api/http/problem.ts';
import { Routes } from '../api/http/route.ts';
import { buildReportDocx } from './docx.ts';
import { loadYearReport } from './load.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * GET /fiscal-years/{fy}/report.docx (HQ and the council). Registered on the spreadsheet function's
 * routes, never the API function's: `docx` is larger than the API's whole bundle budget.
 */
export function registerReportDocumentRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/report.docx',
      summary: '進捗状況報告書を Word（.docx）で出力（?font=ms で本文をＭＳ 明朝に）',
      tag: '進捗状況報告書',
      params: z.object({ fy: fiscalYearSchema }),
    },
    async (c, { params: { fy } }) => {
      if (!c.var.principal) throw problems.unauthorized();
      if (c.var.principal.role !== 'hq' && c.var.principal.role !== 'viewer') {
        throw problems.forbidden('進捗状況報告書は推進本部と推進懇談会が出力できます');
      }
      const report = await loadYearReport({ store: c.var.deps.store, catalogue: await c.var.deps.catalogue.get(), fiscalYear: fy });
      const bytes = await buildReportDocx(report, { bodyFont: c.req.query('font') === 'ms' ? 'ＭＳ 明朝' : '游明朝' });
      const name = `${report.fiscalYearLabel}_行財政改革推進プラン進捗状況報告書.docx`;
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': DOCX_TYPE,
        'content-disposition': `attachment; filename="report.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      });
    },
  );
}

/**
 * Until the spreadsheet function's app exists on this branch: the report routes on their own app,
 * mounted under /api after the main API (whose middleware has authenticated the caller by then).
 */
export function createReportDocumentApi(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError((error, c) => {
    const problem = error instanceof Problem ? error : new Problem(500, 'システムエラー', '報告書を作成できませんでした。時間をおいてもう一度お試しください');
    if (!(error instanceof Problem)) console.error(JSON.stringify({ level: 'error', path: c.req.path, error: String(error) }));
    return c.body(JSON.stringify(problem.toJSON(c.req.path)), problem.status as 500, { 'content-type': 'application/problem+json; charset=utf-8' });
  });
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    return next();
  });
  registerReportDocumentRoutes(new Routes(app));
  return app;
}
