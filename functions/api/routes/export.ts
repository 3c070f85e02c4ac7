import type { Context } from 'hono';
import * as z from '../../domain/zod.ts';
import { importResultSchema } from '../../contract/index.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { fiscalYearSchema } from '../../domain/reports/schema.ts';
import { readProgressSheet } from '../../domain/reports/progress-import.ts';
import { progressRows, PROGRESS_COLUMNS } from '../../domain/reports/progress-sheet.ts';
import { importReports } from '../../service/reports.ts';
import { serviceContext } from '../context.ts';
import { problems } from '../http/problem.ts';
import type { AppEnv } from '../env.ts';
import type { Routes } from '../http/route.ts';
import { readXlsx, SpreadsheetError, writeXlsx } from '../spreadsheet/xlsx.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COLUMN_WIDTHS = [8, 7, 16, 6, 28, 18, 36, 24, 9, 13, 48, 36, 36, 12, 6, 12, 24, 8, 5];

/** RFC 4180 quoting: Excel reads it back the same way. */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function attachment(filename: string): string {
  return `attachment; filename="export"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The year's rows this caller may see: the same for the CSV and the workbook. */
async function visibleRows(c: Context<AppEnv>, fy: number) {
  const [{ catalogue, permissions }, records] = await Promise.all([serviceContext(c).access(), c.var.deps.store.listFiscalYear(fy)]);
  const rows = progressRows({ catalogue, fiscalYear: fy, records, access: permissions });
  return [PROGRESS_COLUMNS.map((column) => column.header), ...rows.map((row) => PROGRESS_COLUMNS.map((column) => row[column.key]))];
}

export function registerExportRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/export.csv',
      summary: '年度の進捗報告をCSVで出力（UTF-8 BOM付き、Excelでそのまま開けます）',
      tag: '出力・取込',
      params: z.object({ fy: fiscalYearSchema }),
    },
    async (c, { params: { fy } }) => {
      const lines = (await visibleRows(c, fy)).map((cells) => cells.map(csvField).join(',')).join('\r\n');
      return new Response(`\uFEFF${lines}\r\n`, {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': attachment(`${formatFiscalYear(fy)}_行財政改革推進プラン進捗報告.csv`),
        },
      });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/export.xlsx',
      summary: '年度の進捗報告をExcelで出力（記入して取込に使えます）',
      tag: '出力・取込',
      params: z.object({ fy: fiscalYearSchema }),
    },
    async (c, { params: { fy } }) => {
      const bytes = writeXlsx([{ name: `${formatFiscalYear(fy)}進捗報告`, rows: await visibleRows(c, fy), widths: COLUMN_WIDTHS }]);
      return new Response(new Uint8Array(bytes), {
        headers: {
          'content-type': XLSX_TYPE,
          'content-disposition': attachment(`${formatFiscalYear(fy)}_行財政改革推進プラン進捗報告.xlsx`),
        },
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/fiscal-years/:fy/import',
      summary: '記入済みの進捗報告Excelを取り込む（全行を検証し、すべて反映するか、何も反映しないか）',
      tag: '出力・取込',
      params: z.object({ fy: fiscalYearSchema }),
      response: importResultSchema,
    },
    async (c, { params: { fy } }) => {
      const ctx = serviceContext(c);
      // Refused before the file is read: the council never imports.
      if (!(await ctx.access()).permissions.has('canImport')) throw problems.forbidden('閲覧専用のアカウントでは取り込めません');
      const type = c.req.header('content-type') ?? '';
      if (!type.startsWith(XLSX_TYPE) && !type.startsWith('application/octet-stream')) {
        throw problems.unsupportedMediaType(`出力したExcelファイル（${XLSX_TYPE}）を送ってください`);
      }
      let sheetRows;
      try {
        const [sheet] = readXlsx(new Uint8Array(await c.req.arrayBuffer()));
        if (!sheet) throw new SpreadsheetError('シートがありません');
        sheetRows = sheet.rows;
      } catch (error) {
        if (error instanceof SpreadsheetError) throw problems.badRequest(error.message, 'file');
        throw error;
      }
      const sheet = readProgressSheet(sheetRows);
      const { applied, unchanged } = await importReports(ctx, { fiscalYear: fy, rows: sheet.rows, earlier: sheet.problems });
      return c.json({ applied, unchanged });
    },
  );
}
