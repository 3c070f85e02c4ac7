import { parseJapaneseNumber } from '../calendar/index.ts';
import { parseDateText } from './as-of.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from './labels.ts';
import { PROGRESS_COLUMNS } from './progress-sheet.ts';
import { actionReportBodySchema, actionReportDraftSchema, kpiActualBodySchema, kpiActualDraftSchema } from './schema.ts';
import type { ActionReportDraft, KpiActualDraft } from './schema.ts';
import { textProblem, withoutUnsafeCharacters } from '../text.ts';

/** A cell as read from a workbook or CSV: text, a number, or empty. Date cells arrive as "YYYY-MM-DD". */
export type Cell = string | number | null;
type Key = (typeof PROGRESS_COLUMNS)[number]['key'];

export interface SheetProblem {
  path: string;
  message: string;
}

/**
 * A filled-in row of the progress sheet, validated as the form validates a 下書き: what is filled in must be
 * right, but a row may leave fields blank (a draft saved on the web without 進捗状況 comes back as it went
 * out). Submitting checks completeness, as it does for the form.
 */
export type ImportedRow = (
  | { line: number; kind: 'action'; id: string; department?: string; version: number | null; body: ActionReportDraft }
  | { line: number; kind: 'kpi'; id: string; department?: string; version: number | null; body: KpiActualDraft }
) & {
  /**
   * The body fields the sheet has a column for (`body` holds those filled in; one left blank is cleared). Any
   * other field of the stored report is kept as stored: the import builds the body so (service/reports.ts).
   */
  fields: readonly string[];
};

const statusByLabel = new Map(Object.entries(ACTION_STATUS_LABELS).map(([status, label]) => [label, status]));
const ratingLetters = Object.keys(ACTION_RATING_LABELS);

/** A bare number in 時点 is an Excel day serial (1900 system) whose date format was lost; text is read as a typed date. */
function isoDate(cell: Cell): unknown {
  if (typeof cell === 'number') return new Date(Date.UTC(1899, 11, 30) + Math.floor(cell) * 86_400_000).toISOString().slice(0, 10);
  if (cell === null) return undefined;
  if (typeof cell !== 'string') return cell;
  return parseDateText(cell) ?? cell.trim();
}

const text = (cell: Cell) => (cell === null ? '' : String(cell).trim());
/** Codes and labels typed with full-width characters (５－１, Ａ) read as the half-width ones. */
const code = (cell: Cell) => text(cell).normalize('NFKC');

/**
 * A 効果額 cell as the schema reads it: a number cell as it is; text as written 「1,234,000」「１２３４０００」
 * 「1,234,000円」 (parseJapaneseNumber) becomes its number, and anything else stays text for the schema to
 * refuse in its words (整数, 0円以上). Empty stays '', which a draft drops (none reported).
 */
const amount = (cell: Cell): unknown => (typeof cell === 'number' ? cell : (parseJapaneseNumber(text(cell), '円') ?? text(cell)));

/**
 * Headers the previous release wrote for a column: a sheet exported before plans were data (分類 was 柱)
 * may come back filled in after the upgrade and still imports; 当該年度の計画 was 今年度の計画 (wrong for a past year).
 */
const EARLIER_HEADERS: Partial<Record<Key, readonly string[]>> = {
  group: ['柱'],
  planned: ['今年度の計画'],
  // As a person adding the column by hand may head it.
  effectAmount: ['効果額', '効果額(円)'],
};

/** Each kind's body fields, from the forms' schemas: a sheet column keyed by one of them carries it. */
const BODY_FIELDS: Record<ImportedRow['kind'], readonly string[]> = {
  action: Object.keys(actionReportBodySchema.shape),
  kpi: Object.keys(kpiActualBodySchema.shape),
};

/**
 * Columns that may be missing. 報告課 came with shared items (関係各課); a row without it is the importer's
 * part (service/reports.ts importReports decides). A body field's column (効果額 came after the first
 * release; a CSV may have columns removed): the field is then not in the rows' `fields`, and the import
 * keeps what is stored rather than erasing it.
 */
const OPTIONAL_COLUMNS: ReadonlySet<string> = new Set(['department', ...BODY_FIELDS.action, ...BODY_FIELDS.kpi]);

/** Rows searched for the header: a title or a note above it is allowed. */
const HEADER_SEARCH_ROWS = 10;

/** The index of the sheet's header row (区分 and ID among its cells), or -1 when it has none. */
export function headerRowIndex(rows: readonly Cell[][]): number {
  return rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => {
    const cells = row.map(text);
    return cells.includes('区分') && cells.includes('ID');
  });
}

/**
 * Reads the sheet the export wrote, after a department filled it in offline (or a colleague's tool
 * rewrote it): the header row is found among the first rows and columns are mapped by their header,
 * so their order does not matter. Rows left blank are skipped; every other row is validated with
 * the forms' draft schemas, and each problem names the place (`where`, e.g. the sheet), the row, the item
 * and the column. Two rows for the same ID and 報告課 are refused naming both lines. A sheet without the
 * 報告課 column (exported before shared items) is read with every row's left empty; one without a body field's
 * column (効果額 before it was added) reads rows whose `fields` leave it out, and one with none at all is refused.
 * `departmentCode` turns the 報告課 the export wrote (a department's name) into its code; what it does not know
 * (a code, from a sheet of the previous release) passes as written, for the import to judge.
 */
export function readProgressSheet(
  rows: readonly Cell[][],
  where = '',
  departmentCode: (written: string) => string = (written) => written,
): { rows: ImportedRow[]; problems: SheetProblem[] } {
  const headerAt = Math.max(headerRowIndex(rows), 0);
  const header = rows[headerAt] ?? [];
  const index = new Map<Key, number>();
  const problems: SheetProblem[] = [];
  for (const column of PROGRESS_COLUMNS) {
    const names = [column.header, ...(EARLIER_HEADERS[column.key] ?? [])];
    const at = header.findIndex((cell) => names.includes(text(cell)));
    if (at < 0 && !OPTIONAL_COLUMNS.has(column.key))
      problems.push({
        path: `${where}${headerAt + 1}行目.${column.header}`,
        message: `見出し「${column.header}」の列がありません。出力したシートをそのまま使ってください`,
      });
    index.set(column.key, at);
  }
  if (problems.length > 0) return { rows: [], problems };
  const carried = (kind: ImportedRow['kind']) => BODY_FIELDS[kind].filter((field) => (index.get(field as Key) ?? -1) >= 0);
  const fields = { action: carried('action'), kpi: carried('kpi') };
  // Without a single column to fill in, nothing would be read: say so rather than import nothing in silence.
  if (fields.action.length === 0 && fields.kpi.length === 0)
    return {
      rows: [],
      problems: [
        {
          path: `${where}${headerAt + 1}行目.実績`,
          message: '記入する列（進捗状況・実績・効果額（円）・実績値など）がありません。出力したシートをそのまま使ってください',
        },
      ],
    };

  const imported: ImportedRow[] = [];
  const firstLineOf = new Map<string, number>();
  rows.slice(headerAt + 1).forEach((row, i) => {
    const line = headerAt + i + 2;
    const cell = (key: Key) => (index.get(key)! < 0 ? null : (row[index.get(key)!] ?? null));
    const kind = code(cell('kind'));
    const id = code(cell('id')).replace(/ｰ|−|‐/g, '-');
    if (!kind && !id) return;
    // The ID is echoed in every message about its row: a bidi override in it would reorder what HQ reads there.
    const idProblem = textProblem(id, { multiline: false });
    const at = `${where}${line}行目（${withoutUnsafeCharacters(id) || 'IDなし'}）`;
    if (idProblem) {
      problems.push({ path: `${at}.ID`, message: `IDに${idProblem}` });
      return;
    }
    const header = (key: string) => PROGRESS_COLUMNS.find((column) => column.key === key)?.header ?? key;
    const report = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) => {
      for (const issue of issues) problems.push({ path: `${at}.${header(String(issue.path[0] ?? ''))}`, message: issue.message });
    };
    const department = code(cell('department'));
    // Echoed in messages like the ID: refused on the same grounds.
    const departmentProblem = textProblem(department, { multiline: false });
    if (departmentProblem) {
      problems.push({ path: `${at}.報告課`, message: `報告課に${departmentProblem}` });
      return;
    }
    const part = department === '' ? {} : { department: departmentCode(department) };
    const versionText = code(cell('version'));
    const version = versionText === '' ? null : Number(versionText);
    if (version !== null && !Number.isInteger(version)) {
      problems.push({ path: `${at}.版`, message: '版は出力されたままにしてください' });
      return;
    }

    /** The row's issues, or none: read by the report(...) below for both kinds. */
    let issues: readonly { path: readonly PropertyKey[]; message: string }[] = [];
    if (kind === '取組項目') {
      const filled = [cell('status'), cell('rating'), cell('achievements'), cell('challenges'), cell('nextSteps'), cell('effectAmount')];
      if (filled.every((field) => text(field) === '')) return;
      const statusText = code(cell('status'));
      const ratingText = code(cell('rating')).charAt(0).toUpperCase();
      const parsed = actionReportDraftSchema.safeParse({
        status: statusByLabel.get(statusText) ?? statusText,
        rating: ratingLetters.includes(ratingText) ? ratingText : text(cell('rating')),
        achievements: text(cell('achievements')),
        challenges: text(cell('challenges')),
        nextSteps: text(cell('nextSteps')),
        effectAmount: amount(cell('effectAmount')),
      });
      if (parsed.success) imported.push({ line, kind: 'action', id, ...part, version, body: parsed.data, fields: fields.action });
      else issues = parsed.error.issues;
    } else if (kind === 'KPI') {
      if ([cell('value'), cell('asOf'), cell('note')].every((field) => text(field) === '')) return;
      const value = cell('value');
      const parsed = kpiActualDraftSchema.safeParse({
        value: typeof value === 'number' ? value : (parseJapaneseNumber(text(value)) ?? text(value)),
        asOf: isoDate(cell('asOf')),
        note: text(cell('note')),
      });
      if (parsed.success) imported.push({ line, kind: 'kpi', id, ...part, version, body: parsed.data, fields: fields.kpi });
      else issues = parsed.error.issues;
    } else {
      problems.push({ path: `${at}.区分`, message: '区分は「取組項目」か「KPI」です' });
      return;
    }
    if (issues.length > 0) report(issues);
    // A shared item has a row per part: ID and 報告課 together name one report.
    // Keyed by the code, so 会計課 and kaikei (a sheet of the previous release) are one part; named as written.
    const name = department === '' ? id : `${id}（${department}）`;
    const key = `${id}\u0000${'department' in part ? part.department : ''}`;
    const first = firstLineOf.get(key);
    if (first === undefined) firstLineOf.set(key, line);
    else problems.push({ path: `${at}.ID`, message: `「${name}」の行が2つあります（${first}行目と${line}行目）。どちらか1行にしてください` });
  });
  return { rows: imported, problems };
}
