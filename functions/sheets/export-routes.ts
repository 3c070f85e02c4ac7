import type { Context } from 'hono';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { fileNamePart } from '../domain/text.ts';
import { progressRows, PROGRESS_COLUMNS } from '../domain/progress-reports/progress-sheet.ts';
import type { ProgressRow } from '../domain/progress-reports/progress-sheet.ts';
import { isShared } from '../domain/progress-reports/parts.ts';
import { REPORT_STATE_LABELS } from '../domain/progress-reports/workflow.ts';
import type { ReportState } from '../domain/progress-reports/workflow.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { serviceContext } from '../http/service-context.ts';
import type { AppEnv } from '../http/deps.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';
import { fileAnswer } from '../http/answer.ts';
import { fileResponse } from '../http/files.ts';
import { FILE_MEDIA_TYPES } from '../contract/files.ts';
import { exportCsvSpec, exportXlsxSpec } from './route-specs.ts';
// exceljs and iconv-lite are imported by the routes that use them (import(), a chunk each in the bundle):
// a CSV export in UTF-8 loads neither.
import { encodeCsv } from './csv-write.ts';

const XLSX_TYPE = FILE_MEDIA_TYPES.xlsx;
/**
 * Rows one .xlsx export holds at most, sized by measurement (`npm run bench:scale -- --factors 100 --cases
 * export-xlsx`, and the writer alone on synthetic rows of the bench's text length, Node 24, heap capped as in the
 * function). The workbook is written as a stream (workbook-write.ts):
 * - HQ's whole year at 100× today's plan, 14,700 rows: peak 382 MB of the function's 1,536 MB, 3.6 s of CPU, 1.6 MB
 *   (exceljs's in-memory workbook: 599 MB, 5.0 s; it was capped at 5,000 rows for that);
 * - the writer alone: 303 MB and 3.4 s at 14,700 rows, 528 MB and 8.6 s at 40,000 (5.5 MB, handed over through S3).
 * At 40,000 rows, 2.7× that year, the function stays near 40 % of its memory and a third of API Gateway's 29 s of
 * CPU; a larger sheet is refused with the way round it (a department's sheet, or the CSV). Today's year is 121 rows.
 */
const MAX_XLSX_ROWS = 40_000;
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

/** The year's progress sheet out, as .xlsx or CSV, narrowed as the overview narrows its list (under /api). */
export function registerExportRoutes(routes: Routes): void {
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
}
