import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { asOfProblem } from '../domain/reports/as-of.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from '../domain/reports/labels.ts';
import type { ImportedRow, SheetProblem } from '../domain/reports/progress-import.ts';
import type { ActionRating, ActionStatus } from '../domain/reports/schema.ts';
import { REPORT_STATE_LABELS, transition } from '../domain/reports/workflow.ts';
import type { Actor } from '../domain/reports/workflow.ts';
import { AlreadyExistsError, VersionMismatchError } from '../store/errors.ts';
import { diffFields, savedReport } from '../store/records.ts';
import type { Author, ReportRecord, Revision } from '../store/records.ts';
import type { Store } from '../store/store.ts';

/** One report write of an import: the next record, the version it replaces (null: new) and its revision. */
export interface ImportWrite {
  next: ReportRecord;
  expectedVersion: number | null;
  revision: Revision;
  previous: ReportRecord | undefined;
}

/** A row of the preview: what the row will change, field by field, in the sheet's words. */
export interface PreviewRow {
  line: number;
  kind: 'action' | 'kpi';
  id: string;
  title: string;
  measure: number;
  stateBefore: string;
  stateAfter: string;
  changes: { field: string; label: string; before: string | number | null; after: string | number | null }[];
}

export interface ImportPlan {
  writes: ImportWrite[];
  preview: PreviewRow[];
  unchanged: number;
  errors: SheetProblem[];
}

/** The body fields under the sheet's column headers. */
const FIELD_LABELS: Record<string, string> = {
  status: '進捗状況',
  rating: '自己評価',
  achievements: '実績',
  challenges: '課題',
  nextSteps: '今後の取組',
  value: '実績値',
  asOf: '時点',
  note: '出典・備考',
};

function shown(field: string, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (field === 'status') return ACTION_STATUS_LABELS[value as ActionStatus] ?? String(value);
  if (field === 'rating') return `${value} ${ACTION_RATING_LABELS[value as ActionRating] ?? ''}`.trim();
  return typeof value === 'number' ? value : String(value);
}

/**
 * Decides what an import would do, without writing: every row is checked against the plan, the
 * caller's measures, the version it was exported at and the workflow; a KPI's 時点 against its
 * period (the form's rule). Rows equal to what is stored change nothing. Pure apart from its inputs.
 */
export function planImport(input: {
  rows: readonly ImportedRow[];
  problems: readonly SheetProblem[];
  catalogue: Catalogue;
  fiscalYear: number;
  stored: readonly ReportRecord[];
  canWrite: (measure: number) => boolean;
  actor: Actor | null;
  by: Author;
  at: string;
}): ImportPlan {
  const { catalogue, fiscalYear: fy, by, at } = input;
  const stored = new Map(input.stored.map((record) => [`${record.kind}:${record.subject}`, record]));
  const errors: SheetProblem[] = [...input.problems];
  const plan: ImportPlan = { writes: [], preview: [], unchanged: 0, errors };

  for (const row of input.rows) {
    const where = `${row.line}行目（${row.id}）`;
    const action = row.kind === 'action' ? catalogue.scheduledActionItem(row.id) : undefined;
    const kpi = row.kind === 'kpi' ? catalogue.kpi(row.id) : undefined;
    const found = row.kind === 'action' ? (action?.item.id === row.id ? action : undefined) : kpi;
    if (!found) {
      errors.push({ path: `${where}.ID`, message: `「${row.id}」は計画にない${row.kind === 'action' ? '取組項目' : 'KPI'}です` });
      continue;
    }
    const measure = found.measure.number;
    if (!input.canWrite(measure) || !input.actor) {
      errors.push({ path: `${where}.ID`, message: `施策${measure}は担当外のため取り込めません` });
      continue;
    }
    if (row.kind === 'kpi' && kpi) {
      const problem = asOfProblem(row.body.asOf, fy, kpi.kpi.basis);
      if (problem) {
        errors.push({ path: `${where}.時点`, message: problem });
        continue;
      }
    }
    const current = stored.get(`${row.kind}:${row.id}`);
    if ((current?.version ?? null) !== row.version) {
      errors.push({
        path: `${where}.版`,
        message: `出力後に更新されています（出力時の版 ${row.version ?? 'なし'}、現在の版 ${current?.version ?? 'なし'}）。最新を出力し直してください`,
      });
      continue;
    }
    const changes = diffFields(current?.body, row.body);
    if (current && changes.length === 0) {
      plan.unchanged++;
      continue;
    }
    const next = transition(current?.state ?? 'missing', 'save', input.actor);
    if (!next.ok) {
      errors.push({ path: `${where}.状態`, message: next.message });
      continue;
    }
    const { record, revision } = savedReport({
      ref: { kind: row.kind, fiscalYear: fy, subject: row.id },
      measure,
      current,
      state: next.state,
      body: row.body,
      by,
      at,
      action: 'import',
    });
    plan.writes.push({ next: record, expectedVersion: current?.version ?? null, revision, previous: current });
    plan.preview.push({
      line: row.line,
      kind: row.kind,
      id: row.id,
      title: row.kind === 'action' ? (action!.item.title as string) : kpi!.kpi.name,
      measure,
      stateBefore: REPORT_STATE_LABELS[current?.state ?? 'missing'],
      stateAfter: REPORT_STATE_LABELS[next.state],
      changes: changes.map(({ field, before, after }) => ({
        field,
        label: FIELD_LABELS[field] ?? field,
        before: shown(field, before),
        after: shown(field, after),
      })),
    });
  }
  return plan;
}

/** Rows per transaction: each row is the report and its revision, and DynamoDB takes 100 items in one. */
export const ROWS_PER_TRANSACTION = 50;

/** A write of the import met a report that someone changed after the import checked it. */
export class ImportConflictError extends Error {
  constructor(readonly key: string) {
    super(`取込中に ${key} が他の人によって更新されました`);
    this.name = 'ImportConflictError';
  }
}

/**
 * Applies an import's writes all or nothing. Every write is conditional on the version the plan
 * read; up to 50 rows go in one DynamoDB transaction. When a later transaction fails on a
 * condition, the transactions that already landed are reverted (each report back to its previous
 * record, its import revision removed) before ImportConflictError is thrown, so readers see at
 * most a moment of the partial state and the store ends as it was.
 * This is the one place the spreadsheet import writes; it can be pointed at the service's batch write.
 */
export async function applyImport(store: Store, writes: readonly ImportWrite[]): Promise<void> {
  const landed: ImportWrite[] = [];
  for (let at = 0; at < writes.length; at += ROWS_PER_TRANSACTION) {
    const chunk = writes.slice(at, at + ROWS_PER_TRANSACTION);
    try {
      await store.writeReports(chunk);
    } catch (error) {
      if (landed.length > 0) await store.revertReportWrites(landed);
      if (error instanceof VersionMismatchError || error instanceof AlreadyExistsError) throw new ImportConflictError(error.key);
      throw error;
    }
    landed.push(...chunk);
  }
}
