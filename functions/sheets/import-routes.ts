import type { Context } from 'hono';
import { headerRowIndex, readProgressSheet } from '../domain/progress-reports/progress-import.ts';
import type { Cell } from '../domain/progress-reports/progress-import.ts';
import { serviceContext } from '../http/service-context.ts';
import type { AppEnv } from '../http/deps.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';
import { idempotent } from '../http/idempotency/index.ts';
import { answer } from '../http/answer.ts';
import { FILE_MEDIA_TYPES } from '../contract/files.ts';
import { importSpec } from './route-specs.ts';
import { importReports } from '../service/reports.ts';
import { previewRows } from './import.ts';
import { SpreadsheetError } from './spreadsheet-error.ts';
import type { SheetData } from './workbook-read.ts';

const XLSX_TYPE = FILE_MEDIA_TYPES.xlsx;
/** Rows SheetJS reads of one sheet at most: far more than a year's sheet with blank rows in it. */
const MAX_SHEET_ROWS = 2000;

/** The sheet holding the progress rows: the first visible one with the header row, else a hidden one. */
function progressSheet(sheets: SheetData[]): SheetData {
  const candidates = [...sheets.filter((sheet) => !sheet.hidden), ...sheets.filter((sheet) => sheet.hidden)];
  const found = candidates.find((sheet) => headerRowIndex(sheet.rows) >= 0);
  if (!found) {
    throw problems.badRequest(
      `進捗報告の見出し行（区分・ID・実績…）のあるシートがありません（シート：${sheets.map((sheet) => `「${sheet.name}」`).join('、')}）。出力した進捗報告シートに記入して取り込んでください`,
      'file',
    );
  }
  return found;
}

/** The rows of an uploaded file, workbook or CSV, with where they came from for error messages. */
async function uploadedRows(c: Context<AppEnv>): Promise<{ rows: Cell[][]; where: string }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw problems.badRequest('ファイルが空です。記入した進捗報告シート（.xlsx）を選んでください', 'file');
  const isZipOrOle = (bytes[0] === 0x50 && bytes[1] === 0x4b) || (bytes[0] === 0xd0 && bytes[1] === 0xcf);
  if (!isZipOrOle && (type.startsWith('text/csv') || type.startsWith('text/plain'))) {
    const { readCsv } = await import('./csv.ts');
    return { rows: readCsv(bytes, { maxRows: MAX_SHEET_ROWS }), where: '' };
  }
  if (![XLSX_TYPE, 'application/octet-stream', 'application/vnd.ms-excel', 'text/csv'].some((accepted) => type.startsWith(accepted))) {
    throw problems.unsupportedMediaType(`出力したExcelファイル（.xlsx）かCSVファイルを送ってください（${XLSX_TYPE} または text/csv）`);
  }
  const { readWorkbook } = await import('./workbook-read.ts');
  try {
    const sheet = progressSheet(readWorkbook(bytes, { maxRows: MAX_SHEET_ROWS }));
    if (sheet.rows.length >= MAX_SHEET_ROWS) {
      throw new SpreadsheetError(
        `シート「${sheet.name}」の行が多すぎます（${MAX_SHEET_ROWS.toLocaleString('ja-JP')}行以上）。出力した進捗報告シートに記入して取り込んでください`,
      );
    }
    return { rows: sheet.rows, where: `シート「${sheet.name}」` };
  } catch (error) {
    if (error instanceof SpreadsheetError) throw problems.badRequest(error.message, 'file');
    throw error;
  }
}

/** A filled-in progress sheet in (.xlsx or CSV), with a preview (dryRun) before anything is written (under /api). */
export function registerImportRoutes(routes: Routes): void {
  routes.add(
    importSpec,
    // An upload sent again with the same Idempotency-Key (the answer was lost) gets the first result back.
    idempotent(async (c, { params: { fy }, query }) => {
      const dryRun = query.dryRun === '1' || query.dryRun === 'true';
      const ctx = serviceContext(c);
      const { catalogue, permissions, departments } = await ctx.access();
      if (!permissions.mayEver('sheet', 'import')) throw problems.forbidden('閲覧専用のアカウントでは取り込めません');
      const { rows, where } = await uploadedRows(c);
      // A shared item (関係各課) has a row per responsible department.
      const parts = catalogue.scheduledActionItems.reduce((sum, { measure }) => sum + Math.max(1, permissions.departmentsOf(measure.key).length), 0);
      const capacity = parts + catalogue.kpis.length;
      // 報告課 is written as the department's name in force in the sheet's year (progressRows); a sheet kept from
      // before a renaming may carry the current one, and a sheet of the previous release the code itself.
      const codeOf = new Map(departments.all.flatMap(({ code, name }) => [[name, code] as const, [departments.name(code, fy), code] as const]));
      const sheet = readProgressSheet(rows, where, (written) => codeOf.get(written) ?? written);
      if (sheet.rows.length > capacity) {
        throw problems.badRequest(`${where || 'ファイル'}の記入行が${sheet.rows.length}行あります。1年度のシートは${capacity}行までです`, 'file');
      }
      const result = await importReports(ctx, { fiscalYear: fy, rows: sheet.rows, earlier: sheet.problems, dryRun });
      if (dryRun) {
        return answer(c, {
          dryRun: true,
          applied: result.changes.length,
          unchanged: result.unchanged,
          preview: previewRows(catalogue, result.changes),
          errors: result.errors,
        });
      }
      return answer(c, {
        applied: result.changes.length,
        unchanged: result.unchanged,
        reports: result.changes.map(({ record }) => ({ kind: record.kind, id: record.subject, version: record.version, state: record.state })),
      });
    }),
  );
}
