import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { fileNamePart } from '../domain/text.ts';
import { headerRowIndex, readProgressSheet } from '../domain/progress-reports/progress-import.ts';
import type { Cell } from '../domain/progress-reports/progress-import.ts';
import { progressRows, PROGRESS_COLUMNS } from '../domain/progress-reports/progress-sheet.ts';
import type { ProgressRow } from '../domain/progress-reports/progress-sheet.ts';
import { isShared } from '../domain/progress-reports/parts.ts';
import { REPORT_STATE_LABELS } from '../domain/progress-reports/workflow.ts';
import type { ReportState } from '../domain/progress-reports/workflow.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { serviceContext } from '../http/service-context.ts';
import type { AppDeps, AppEnv } from '../http/deps.ts';
import { usePipeline } from '../http/pipeline.ts';
import { problems } from '../http/problem.ts';
import { Routes } from '../http/route.ts';
import { idempotent } from '../http/idempotency/index.ts';
import { answer, fileAnswer } from '../http/answer.ts';
import { FILE_MEDIA_TYPES } from '../contract/files.ts';
import { exportCsvSpec, exportXlsxSpec, importSpec } from './route-specs.ts';
import { registerReportDocumentRoutes } from './report-docx-routes.ts';
import { registerPlanImportRoutes } from './plan-import-routes.ts';
import { importReports } from '../service/reports.ts';
// SheetJS, exceljs and iconv-lite are imported by the routes that use them (import(), a chunk each in the
// bundle): a cold start loads none of them, so a CSV export's is near a bare function's (issue 22).
import { encodeCsv } from './csv-write.ts';
import { fileResponse } from '../http/files.ts';
import { previewRows } from './import.ts';
import { SpreadsheetError } from './spreadsheet-error.ts';
import type { SheetData } from './workbook-read.ts';

const XLSX_TYPE = FILE_MEDIA_TYPES.xlsx;
/** A filled-in year's sheet is well under 1 MB zipped; the inflated parts are capped separately. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/**
 * Rows one .xlsx export holds at most. exceljs builds the workbook in memory, ~33 KB a row at its peak: HQ's
 * whole year at 100× today's plan (12,000 rows) peaked at 781 MB, past a 512 MB Lambda (`npm run bench:scale`).
 * Today's year is 121 rows; a department's sheet at 100× is ~3,700.
 */
const MAX_XLSX_ROWS = 5000;
/** Rows SheetJS reads of one sheet at most: far more than a year's sheet with blank rows in it. */
const MAX_SHEET_ROWS = 2000;

/** The overview's filters an export follows (route-specs.ts exportQuery); all optional. */
interface ExportFilters {
  department?: string | undefined;
  state?: ReportState | 'missing' | undefined;
  /** Group keys of the plan's top two levels (柱, 政策 in the 8th plan). */
  top?: string | undefined;
  group?: string | undefined;
}

/**
 * The year's rows this caller may see, as the sheet lays them out, narrowed as the overview narrows its list (a department's only by its items' keys):
 * HQ to one department's measures (`?department=`; a department always gets its own), to a group of the plan
 * (`?top=`, `?group=`) and to one report state (`?state=`). 400 for a department or group with no measures.
 */
async function visibleRows(c: Context<AppEnv>, fy: number, filters: ExportFilters): Promise<{ rows: ProgressRow[]; catalogue: Catalogue }> {
  const { catalogue, permissions, departments } = await serviceContext(c).access(fy);
  if (!permissions.mayEver('sheet', 'export')) throw problems.forbidden('この年度の進捗報告を出力する権限がありません');
  const { department, state, top, group } = filters;
  // Narrowed to one department, its measures are picked once, then only their items are read (store.getReports)
  // and laid out (progressRows' `measures`): its sheet costs its own rows, not the plan's or the year's (issue 22).
  const measures = department
    ? new Set(catalogue.measures.map(({ measure }) => measure.key).filter((key) => permissions.departmentsOf(key).includes(department)))
    : undefined;
  const records = department
    ? await c.var.deps.store.getReports([
        ...catalogue.scheduledActionItems
          .filter(({ measure }) => measures!.has(measure.key))
          .flatMap(({ item, measure }) => [
            { kind: 'action' as const, fiscalYear: fy, subject: item.key },
            // A shared item's row is its department's part, or the item's own record from before parts (legacyPartOf);
            // an unshared item has only its own record.
            ...(isShared(permissions.departmentsOf(measure.key)) ? [{ kind: 'action' as const, fiscalYear: fy, subject: item.key, department }] : []),
          ]),
        ...catalogue.kpis.filter(({ measure }) => measures!.has(measure.key)).map(({ kpi }) => ({ kind: 'kpi' as const, fiscalYear: fy, subject: kpi.key })),
      ])
    : await c.var.deps.store.listFiscalYear(fy);
  let rows = progressRows({ catalogue, fiscalYear: fy, records, access: permissions, departments, measures });
  const measureOf = (row: ProgressRow) => (row.kind === 'KPI' ? catalogue.kpi(String(row.id)) : catalogue.actionItem(String(row.id)))?.measure.key ?? '';
  if (department) {
    // A shared item's other departments' parts are theirs: narrowed to one department, its own part's row only.
    // 報告課 holds the department's name as progressRows wrote it.
    const name = departments.name(department);
    rows = rows.filter((row) => (row.department ?? name) === name);
    if (rows.length === 0) throw problems.badRequest(`課コード「${department}」の担当する施策はありません`, 'department');
  }
  for (const [field, key, level] of [
    ['top', top, 0],
    ['group', group, 1],
  ] as const) {
    if (!key) continue;
    if (catalogue.group(key)?.level !== level) throw problems.badRequest(`${catalogue.levelName(level)}「${key}」は計画にありません`, field);
    rows = rows.filter((row) => catalogue.measure(measureOf(row))?.path[level]?.key === key);
  }
  if (state) rows = rows.filter((row) => row.state === REPORT_STATE_LABELS[state]);
  return { rows, catalogue };
}

/**
 * What an export's file is called, saying what it holds: the year, the plan's own title (the active plan's,
 * made safe for a file name) and the filters, 「令和8年度_〇〇市第N次行財政改革推進プラン進捗報告_庶務課_提出済.csv」;
 * and for clients that read only the ASCII name, `progress-<年度>-shomu-submitted.csv`.
 */
function exportNames(
  fy: number,
  filters: ExportFilters,
  names: { planTitle: string; department: (code: string) => string; group: (key: string) => string },
  extension: 'csv' | 'xlsx',
): { filename: string; asciiName: string } {
  const { department, state, top, group } = filters;
  const narrowedBy = [
    department && names.department(department),
    top && names.group(top),
    group && names.group(group),
    state && REPORT_STATE_LABELS[state],
  ].filter(Boolean);
  const ascii = [department, top, group, state].filter((part): part is string => !!part && /^[A-Za-z0-9_-]+$/.test(part));
  return {
    filename: `${[`${formatFiscalYear(fy)}_${fileNamePart(names.planTitle)}進捗報告`, ...narrowedBy].join('_')}.${extension}`,
    asciiName: `${['progress', String(fy), ...ascii].join('-')}.${extension}`,
  };
}

/** The filters a file name states: a department's own staff get their department's rows, so it is named too. */
function namedFilters(c: Context<AppEnv>, filters: ExportFilters): ExportFilters {
  const { principal } = c.var;
  const own = principal && !principal.hq && principal.departments.size === 1 ? [...principal.departments.keys()][0] : undefined;
  return { ...filters, department: filters.department ?? own };
}

/** Names for a file name: the plan's title, a department's in force, a group's number and title (「I 行政改革」 → 「I行政改革」). */
function namesOf(catalogue: Catalogue, departments: { name: (code: string) => string }) {
  return {
    planTitle: catalogue.plan.title,
    department: (code: string) => departments.name(code),
    group: (key: string) => {
      const found = catalogue.group(key)?.group;
      return found ? `${found.number}${found.title}` : key;
    },
  };
}

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

/** The spreadsheet routes (under /api): export as .xlsx or CSV, import with a preview. */
export function registerSheetRoutes(routes: Routes): void {
  routes.add(exportCsvSpec, async (c, { params: { fy }, query }) => {
    const { rows, catalogue } = await visibleRows(c, fy, query);
    const { departments } = await serviceContext(c).access(fy);
    const cells = [PROGRESS_COLUMNS.map((column) => column.header), ...rows.map((row) => PROGRESS_COLUMNS.map((column) => row[column.key]))];
    const encoding = query.encoding ?? 'utf-8';
    return fileAnswer(
      FILE_MEDIA_TYPES.csv,
      await fileResponse(c.var.deps.largeFiles, {
        bytes: await encodeCsv(cells, encoding),
        contentType: `text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'utf-8'}`,
        ...exportNames(fy, namedFilters(c, query), namesOf(catalogue, departments), 'csv'),
      }),
    );
  });

  routes.add(exportXlsxSpec, async (c, { params: { fy }, query }) => {
    const { rows, catalogue } = await visibleRows(c, fy, query);
    if (rows.length > MAX_XLSX_ROWS) {
      throw problems.badRequest(
        `Excel で一度に出力できるのは${MAX_XLSX_ROWS.toLocaleString('ja-JP')}行までです（${rows.length.toLocaleString('ja-JP')}行）。課を指定して（?department=課コード）出力するか、CSV で出力してください`,
        'department',
      );
    }
    const { departments } = await serviceContext(c).access(fy);
    return fileAnswer(
      FILE_MEDIA_TYPES.xlsx,
      await fileResponse(c.var.deps.largeFiles, {
        bytes: await (await import('./workbook-write.ts')).writeProgressWorkbook(fy, rows),
        contentType: XLSX_TYPE,
        ...exportNames(fy, namedFilters(c, query), namesOf(catalogue, departments), 'xlsx'),
      }),
    );
  });

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

/**
 * The spreadsheet function's app (routes relative to /api): the same sign-in as the API (the
 * token verifier and principal from its auth modules) and the same problem+json answers.
 */
export function createSheetsApi(deps: AppDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  usePipeline(api, deps, { maxBodyBytes: () => MAX_UPLOAD_BYTES, isPublic: () => false });
  const routes = new Routes(api);
  registerSheetRoutes(routes);
  registerReportDocumentRoutes(routes);
  registerPlanImportRoutes(routes);
  return api;
}

/**
 * The sheets function's whole app, the API's paths under /api: what functions/sheets/lambda.ts hands to API
 * Gateway and the local server hands the same requests (functions/sheets/gateway-routes.ts).
 */
export function createSheetsApp(deps: AppDeps): Hono<AppEnv> {
  return new Hono<AppEnv>().route('/api', createSheetsApi(deps));
}
