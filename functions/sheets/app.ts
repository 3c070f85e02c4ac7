import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { bodyLimit } from 'hono/body-limit';
import * as z from '../domain/zod.ts';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { headerRowIndex, readProgressSheet } from '../domain/reports/progress-import.ts';
import type { Cell } from '../domain/reports/progress-import.ts';
import { progressRows, PROGRESS_COLUMNS } from '../domain/reports/progress-sheet.ts';
import type { ProgressRow } from '../domain/reports/progress-sheet.ts';
import { fiscalYearSchema } from '../domain/reports/schema.ts';
import { principalFromClaims } from '../api/auth/principal.ts';
import type { AppDeps, AppEnv } from '../api/env.ts';
import { Problem, problems } from '../api/http/problem.ts';
import { Routes } from '../api/http/route.ts';
import { accessFor } from '../api/routes/reports.ts';
import { readCsv, writeCsv } from './csv.ts';
import { applyImport, ImportConflictError, planImport } from './import.ts';
import { readWorkbook, SpreadsheetError } from './workbook-read.ts';
import type { SheetData } from './workbook-read.ts';
import { writeProgressWorkbook } from './workbook-write.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A filled-in year's sheet is well under 1 MB zipped; the inflated parts are capped separately. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** Rows SheetJS reads of one sheet at most: far more than a year's sheet with blank rows in it. */
const MAX_SHEET_ROWS = 2000;

function problemResponse(problem: Problem, instance: string): Response {
  return new Response(JSON.stringify(problem.toJSON(instance)), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });
}

function attachment(filename: string): string {
  return `attachment; filename="export"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const exportQuery = z.object({
  department: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, { error: '課コードは英小文字とハイフンで指定してください（例: shomu）' }))),
  encoding: z.optional(z.enum(['utf-8', 'shift_jis'], { error: '文字コードは utf-8 か shift_jis で指定してください' })),
});

/**
 * The year's rows this caller may see, as the sheet lays them out; HQ may narrow them to one
 * department's measures (`?department=`), a department always gets its own.
 */
async function visibleRows(c: Context<AppEnv>, fy: number, department: string | undefined): Promise<ProgressRow[]> {
  const { access, catalogue } = await accessFor(c);
  const records = await c.var.deps.store.listFiscalYear(fy);
  const rows = progressRows({ catalogue, fiscalYear: fy, records, access });
  if (!department) return rows;
  const mine = rows.filter((row) => access.departmentsOf(Number(row.measure)).includes(department));
  if (mine.length === 0) throw problems.badRequest(`課コード「${department}」の担当する施策はありません`, 'department');
  return mine;
}

/** The sheet holding the progress rows: the first visible one with the header row, else a hidden one. */
function progressSheet(sheets: SheetData[]): SheetData {
  const candidates = [...sheets.filter((sheet) => !sheet.hidden), ...sheets.filter((sheet) => sheet.hidden)];
  const found = candidates.find((sheet) => headerRowIndex(sheet.rows) >= 0);
  if (!found) {
    throw problems.badRequest(
      `進捗報告の見出し行（区分・ID・実績…）のあるシートがありません（シート: ${sheets.map((sheet) => `「${sheet.name}」`).join('、')}）。出力した進捗報告シートに記入して取り込んでください`,
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
    return { rows: readCsv(bytes, { maxRows: MAX_SHEET_ROWS }), where: '' };
  }
  if (![XLSX_TYPE, 'application/octet-stream', 'application/vnd.ms-excel', 'text/csv'].some((accepted) => type.startsWith(accepted))) {
    throw problems.unsupportedMediaType(`出力したExcelファイル（.xlsx）かCSVファイルを送ってください（${XLSX_TYPE} または text/csv）`);
  }
  try {
    const sheet = progressSheet(readWorkbook(bytes, { maxRows: MAX_SHEET_ROWS }));
    if (sheet.rows.length >= MAX_SHEET_ROWS) {
      throw new SpreadsheetError(`シート「${sheet.name}」の行が多すぎます（${MAX_SHEET_ROWS.toLocaleString('ja-JP')}行以上）。出力した進捗報告シートに記入して取り込んでください`);
    }
    return { rows: sheet.rows, where: `シート「${sheet.name}」` };
  } catch (error) {
    if (error instanceof SpreadsheetError) throw problems.badRequest(error.message, 'file');
    throw error;
  }
}

/** The spreadsheet routes (under /api): export as .xlsx or CSV, import with a preview. */
function registerSheetRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/export.csv',
      summary: '年度の進捗報告をCSVで出力（UTF-8 BOM付き、?encoding=shift_jis でShift_JIS。推進本部は ?department= で課を指定）',
      tag: '出力・取込',
      params: z.object({ fy: fiscalYearSchema }),
    },
    async (c, { params: { fy } }) => {
      const query = exportQuery.safeParse(c.req.query());
      if (!query.success) throw problems.badRequest(query.error.issues[0]!.message, String(query.error.issues[0]!.path[0]));
      const rows = await visibleRows(c, fy, query.data.department);
      const cells = [PROGRESS_COLUMNS.map((column) => column.header), ...rows.map((row) => PROGRESS_COLUMNS.map((column) => row[column.key]))];
      const encoding = query.data.encoding ?? 'utf-8';
      return new Response(writeCsv(cells, encoding), {
        headers: {
          'content-type': `text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'utf-8'}`,
          'content-disposition': attachment(`${formatFiscalYear(fy)}_行財政改革推進プラン進捗報告.csv`),
        },
      });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/export.xlsx',
      summary: '年度の進捗報告をExcelで出力（記入方法つき。記入して取込に使えます。推進本部は ?department= で課を指定）',
      tag: '出力・取込',
      params: z.object({ fy: fiscalYearSchema }),
    },
    async (c, { params: { fy } }) => {
      const query = exportQuery.safeParse(c.req.query());
      if (!query.success) throw problems.badRequest(query.error.issues[0]!.message, String(query.error.issues[0]!.path[0]));
      const department = query.data.department;
      const rows = await visibleRows(c, fy, department);
      const { catalogue } = await accessFor(c);
      const who = department ? `_${catalogue.departmentName(department) ?? department}` : '';
      return new Response(await writeProgressWorkbook(fy, rows), {
        headers: {
          'content-type': XLSX_TYPE,
          'content-disposition': attachment(`${formatFiscalYear(fy)}_行財政改革推進プラン進捗報告${who}.xlsx`),
        },
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/fiscal-years/:fy/import',
      summary:
        '記入済みの進捗報告（.xlsx またはCSV）を取り込む。全行を検証し、すべて下書きとして反映するか、何も反映しないか。?dryRun=1 は反映せずに変更点を返す',
      tag: '出力・取込',
      params: z.object({ fy: fiscalYearSchema }),
    },
    async (c, { params: { fy } }) => {
      if (c.var.principal.role === 'viewer') throw problems.forbidden('閲覧専用のアカウントでは取り込めません');
      const dryRun = ['1', 'true'].includes(c.req.query('dryRun') ?? '');
      const { rows, where } = await uploadedRows(c);
      const { access, catalogue } = await accessFor(c);
      const capacity = catalogue.scheduledActionItems.length + catalogue.kpis.length;
      const sheet = readProgressSheet(rows, where);
      if (sheet.rows.length > capacity) {
        throw problems.badRequest(`${where || 'ファイル'}の記入行が${sheet.rows.length}行あります。1年度のシートは${capacity}行までです`, 'file');
      }
      const { deps, principal } = c.var;
      const plan = planImport({
        rows: sheet.rows,
        problems: sheet.problems,
        catalogue,
        fiscalYear: fy,
        stored: await deps.store.listFiscalYear(fy),
        canWrite: (measure) => access.canWrite(measure),
        actor: access.actor,
        by: { sub: principal.sub, name: principal.name },
        at: (deps.now?.() ?? new Date()).toISOString(),
      });
      if (dryRun) {
        return c.json({ dryRun: true, applied: plan.writes.length, unchanged: plan.unchanged, preview: plan.preview, errors: plan.errors });
      }
      if (plan.errors.length > 0) throw problems.importRejected(plan.errors);
      await applyImport(deps.store, plan.writes).catch((error) => {
        if (error instanceof ImportConflictError) {
          throw problems.preconditionFailed('取込の途中で他の人が同じ報告を更新したため、何も反映していません。最新を出力し直して、もう一度取り込んでください');
        }
        throw error;
      });
      return c.json({
        applied: plan.writes.length,
        unchanged: plan.unchanged,
        reports: plan.writes.map(({ next }) => ({ kind: next.kind, id: next.subject, version: next.version, state: next.state })),
      });
    },
  );
}

/**
 * The spreadsheet function's app (routes relative to /api): the same sign-in as the API (the
 * token verifier and principal from its auth modules) and the same problem+json answers.
 */
export function createSheetsApi(deps: AppDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  api.onError((error, c) => {
    if (error instanceof Problem) return problemResponse(error, c.req.path);
    console.error(JSON.stringify({ level: 'error', path: c.req.path, method: c.req.method, error: String(error), stack: (error as Error).stack }));
    return problemResponse(
      new Problem(500, 'システムエラー', '処理中に問題が発生しました。時間をおいてもう一度お試しください。続く場合は総合政策課へ連絡してください'),
      c.req.path,
    );
  });
  api.use('*', bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: () => { throw problems.tooLarge('ファイルが大きすぎます（上限 2MB）'); } }));
  api.use('*', async (c, next) => {
    c.set('deps', deps);
    const token = /^Bearer\s+(.+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (!token) throw problems.unauthorized();
    const claims = await deps.verifier.verify(token).catch(() => {
      throw problems.unauthorized();
    });
    const principal = principalFromClaims(claims);
    if (!principal) throw problems.forbidden('このアカウントには権限（hq・viewer・dept-課コード のグループ）がありません');
    c.set('principal', principal);
    return next();
  });
  registerSheetRoutes(new Routes(api));
  return api;
}
