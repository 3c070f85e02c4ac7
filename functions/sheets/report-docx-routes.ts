import { FILE_MEDIA_TYPES } from '../contract/files.ts';
import { fileAnswer } from '../http/answer.ts';
import { reportDocxSpec } from './route-specs.ts';
import { requireAction, serviceContext } from '../http/service-context.ts';
import type { Routes } from '../http/route.ts';
import { attachment } from '../http/files.ts';
import { fileNamePart } from '../domain/text.ts';

const DOCX_TYPE = FILE_MEDIA_TYPES.docx;

/**
 * GET /fiscal-years/{fy}/report.docx (HQ and the council). Registered on the spreadsheet function's
 * routes, never the API function's: `docx` is larger than the API's whole bundle budget.
 */
export function registerReportDocumentRoutes(routes: Routes): void {
  routes.add(reportDocxSpec, async (c, { params: { fy }, query }) => {
    await requireAction(c, 'annualReport', 'read', '進捗状況報告書は推進本部と推進懇談会が出力できます');
    const { loadAttachmentNames, loadYearReport } = await import('../annual-report-docx/load.ts');
    const [report, attachments] = await Promise.all([
      loadYearReport({ store: c.var.deps.store, catalogue: await c.var.deps.plans.forYear(fy), fiscalYear: fy }),
      // Only the document lists 根拠資料 (by name); the report's JSON and what is published never carry them.
      loadAttachmentNames({ store: c.var.deps.store, fiscalYear: fy }),
    ]);
    // docx (~230 KB bundled) and the report's model load with the first report, not with every spreadsheet request.
    const { buildReportDocx } = await import('../annual-report-docx/docx.ts');
    // Dated by the request's clock (the cover's 作成日), as every other write and answer is.
    const bytes = await buildReportDocx(report, { bodyFont: query.font === 'ms' ? 'ＭＳ 明朝' : '游明朝', date: new Date(serviceContext(c).now), attachments });
    // The plan's own title, as the export sheets are named (sheets/app.ts exportNames).
    const name = `${report.fiscalYearLabel}_${fileNamePart(report.planTitle)}進捗状況報告書.docx`;
    return fileAnswer(
      DOCX_TYPE,
      c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': DOCX_TYPE,
        'content-disposition': attachment(name, 'report.docx'),
      }),
    );
  });
}
