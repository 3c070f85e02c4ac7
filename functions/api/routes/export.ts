import type { Context } from 'hono';
import * as z from '../../domain/zod.ts';
import { importResultSchema } from '../../contract/index.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { fiscalYearSchema } from '../../domain/reports/schema.ts';
import { readProgressSheet } from '../../domain/reports/progress-import.ts';
import { progressRows, PROGRESS_COLUMNS } from '../../domain/reports/progress-sheet.ts';
import { transition } from '../../domain/reports/workflow.ts';
import { AlreadyExistsError, VersionMismatchError } from '../../store/errors.ts';
import { diffFields, savedReport } from '../../store/records.ts';
import type { ReportRecord, Revision } from '../../store/records.ts';
import { problems } from '../http/problem.ts';
import type { FieldError } from '../http/problem.ts';
import type { AppEnv } from '../env.ts';
import type { Routes } from '../http/route.ts';
import { readXlsx, SpreadsheetError, writeXlsx } from '../spreadsheet/xlsx.ts';
import { accessFor } from './reports.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** DynamoDB takes at most 100 writes in one transaction: each row is a report plus its revision. */
const MAX_IMPORT_ROWS = 50;
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
  const { access, catalogue } = await accessFor(c);
  const records = await c.var.deps.store.listFiscalYear(fy);
  const rows = progressRows({ catalogue, fiscalYear: fy, records, access });
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
      if (c.var.principal.role === 'viewer') throw problems.forbidden('閲覧専用のアカウントでは取り込めません');
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
      const errors: FieldError[] = [...sheet.problems];
      const { access, catalogue } = await accessFor(c);
      const { store } = c.var.deps;
      const stored = new Map((await store.listFiscalYear(fy)).map((record) => [`${record.kind}:${record.subject}`, record]));
      const now = (c.var.deps.now?.() ?? new Date()).toISOString();
      const by = { sub: c.var.principal.sub, name: c.var.principal.name };
      const writes: { next: ReportRecord; expectedVersion: number | null; revision: Revision }[] = [];
      let unchanged = 0;

      for (const row of sheet.rows) {
        const where = `${row.line}行目（${row.id}）`;
        const measure = row.kind === 'action' ? catalogue.scheduledActionItem(row.id)?.measure : catalogue.kpi(row.id)?.measure;
        if (!measure || (row.kind === 'action' && catalogue.scheduledActionItem(row.id)?.item.id !== row.id)) {
          errors.push({ path: `${where}.ID`, message: `「${row.id}」は計画にない${row.kind === 'action' ? '取組項目' : 'KPI'}です` });
          continue;
        }
        if (!access.canWrite(measure.number) || !access.actor) {
          errors.push({ path: `${where}.ID`, message: `施策${measure.number}は担当外のため取り込めません` });
          continue;
        }
        const current = stored.get(`${row.kind}:${row.id}`);
        if ((current?.version ?? null) !== row.version) {
          errors.push({
            path: `${where}.版`,
            message: `出力後に更新されています（出力時の版 ${row.version ?? 'なし'}、現在の版 ${current?.version ?? 'なし'}）。最新を出力し直してください`,
          });
          continue;
        }
        if (current && diffFields(current.body, row.body).length === 0) {
          unchanged++;
          continue;
        }
        const next = transition(current?.state ?? 'missing', 'save', access.actor);
        if (!next.ok) {
          errors.push({ path: `${where}.状態`, message: next.message });
          continue;
        }
        const { record, revision } = savedReport({
          ref: { kind: row.kind, fiscalYear: fy, subject: row.id },
          measure: measure.number,
          current,
          state: next.state,
          body: row.body,
          by,
          at: now,
          action: 'import',
        });
        writes.push({ next: record, expectedVersion: current?.version ?? null, revision });
      }

      if (errors.length > 0) {
        throw problems.importRejected(errors);
      }
      if (writes.length > MAX_IMPORT_ROWS) {
        throw problems.tooLarge(`一度に取り込める変更は${MAX_IMPORT_ROWS}行までです（今回 ${writes.length}行）。施策ごとに分けて取り込んでください`);
      }
      if (writes.length > 0) {
        await store.writeReports(writes).catch((error) => {
          if (error instanceof VersionMismatchError || error instanceof AlreadyExistsError) throw problems.preconditionFailed();
          throw error;
        });
      }
      return c.json({ applied: writes.length, unchanged });
    },
  );
}
