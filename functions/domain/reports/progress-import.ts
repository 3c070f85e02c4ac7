import { parseJapaneseNumber } from '../calendar/index.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from './labels.ts';
import { PROGRESS_COLUMNS } from './progress-sheet.ts';
import { actionReportBodySchema, kpiActualBodySchema } from './schema.ts';
import type { ActionReportBody, KpiActualBody } from './schema.ts';

type Cell = string | number | null;
type Key = (typeof PROGRESS_COLUMNS)[number]['key'];

export interface SheetProblem {
  path: string;
  message: string;
}

/** A filled-in row of the progress sheet, validated with the same schemas as the forms. */
export type ImportedRow =
  | { line: number; kind: 'action'; id: string; version: number | null; body: ActionReportBody }
  | { line: number; kind: 'kpi'; id: string; version: number | null; body: KpiActualBody };

const statusByLabel = new Map(Object.entries(ACTION_STATUS_LABELS).map(([status, label]) => [label, status]));
const ratingLetters = Object.keys(ACTION_RATING_LABELS);

/** Excel stores dates as days since 1899-12-30; a typed "2027/3/31" stays text. */
function isoDate(cell: Cell): unknown {
  if (typeof cell === 'number') return new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000).toISOString().slice(0, 10);
  if (typeof cell !== 'string') return cell;
  const match = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$/.exec(cell);
  return match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : cell.trim();
}

const text = (cell: Cell) => (cell === null ? '' : String(cell).trim());

/**
 * Reads the sheet the export wrote, after a department filled it in offline. Rows left blank are
 * skipped; every other row is validated, and each problem names the row, the item and the column.
 */
export function readProgressSheet(rows: readonly Cell[][]): { rows: ImportedRow[]; problems: SheetProblem[] } {
  const [header = [], ...data] = rows;
  const index = new Map<Key, number>();
  const problems: SheetProblem[] = [];
  for (const column of PROGRESS_COLUMNS) {
    const at = header.findIndex((cell) => text(cell) === column.header);
    if (at < 0) problems.push({ path: `1行目.${column.header}`, message: `見出し「${column.header}」の列がありません。出力したシートをそのまま使ってください` });
    index.set(column.key, at);
  }
  if (problems.length > 0) return { rows: [], problems };

  const imported: ImportedRow[] = [];
  data.forEach((row, i) => {
    const line = i + 2;
    const cell = (key: Key) => row[index.get(key)!] ?? null;
    const kind = text(cell('kind'));
    const id = text(cell('id'));
    if (!kind && !id) return;
    const where = `${line}行目（${id || 'IDなし'}）`;
    const versionText = text(cell('version'));
    const version = versionText === '' ? null : Number(versionText);
    if (version !== null && !Number.isInteger(version)) {
      problems.push({ path: `${where}.版`, message: '版は出力されたままにしてください' });
      return;
    }
    const header = (key: string) => PROGRESS_COLUMNS.find((column) => column.key === key)?.header ?? key;
    const report = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) => {
      for (const issue of issues) problems.push({ path: `${where}.${header(String(issue.path[0] ?? ''))}`, message: issue.message });
    };

    if (kind === '取組項目') {
      const fields = [cell('status'), cell('rating'), cell('achievements'), cell('challenges'), cell('nextSteps')];
      if (fields.every((field) => text(field) === '')) return;
      const statusText = text(cell('status'));
      const ratingText = text(cell('rating')).charAt(0).toUpperCase();
      const parsed = actionReportBodySchema.safeParse({
        status: statusByLabel.get(statusText) ?? statusText,
        rating: ratingLetters.includes(ratingText) ? ratingText : text(cell('rating')),
        achievements: text(cell('achievements')),
        challenges: text(cell('challenges')),
        nextSteps: text(cell('nextSteps')),
      });
      if (parsed.success) imported.push({ line, kind: 'action', id, version, body: parsed.data });
      else report(parsed.error.issues);
    } else if (kind === 'KPI') {
      if ([cell('value'), cell('asOf'), cell('note')].every((field) => text(field) === '')) return;
      const value = cell('value');
      const parsed = kpiActualBodySchema.safeParse({
        value: typeof value === 'number' ? value : (parseJapaneseNumber(text(value)) ?? text(value)),
        asOf: isoDate(cell('asOf')),
        note: text(cell('note')),
      });
      if (parsed.success) imported.push({ line, kind: 'kpi', id, version, body: parsed.data });
      else report(parsed.error.issues);
    } else {
      problems.push({ path: `${where}.区分`, message: '区分は「取組項目」か「KPI」です' });
    }
  });
  return { rows: imported, problems };
}
