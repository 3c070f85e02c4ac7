import type { Catalogue } from '../catalogue/catalogue.ts';
import { formatTarget, targetFor } from '../catalogue/kpi-periods.ts';
import type { Departments } from '../departments.ts';
import type { ActionReportDraft, KpiActualDraft } from './schema.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from './labels.ts';
import { isShared, legacyPartOf } from './parts.ts';
import { REPORT_STATE_LABELS } from './workflow.ts';
import type { ReportState } from './workflow.ts';

/** What the sheet needs of a stored report (the store's record satisfies it). */
export interface SheetRecord {
  kind: 'action' | 'kpi';
  subject: string;
  /** A shared item's part (関係各課): its department; absent on unshared items, KPIs and records from before parts. */
  department?: string;
  /** Read for a shared item's record from before parts existed: whose part it is (legacyPartOf). */
  submittedFrom?: readonly string[];
  state: ReportState;
  version: number;
  body: ActionReportDraft | KpiActualDraft;
}

/** Who sees which rows, and who is responsible for a measure (HQ's assignments included). */
export interface SheetAccess {
  canRead(measure: string, state: ReportState): boolean;
  departmentsOf(measure: string): readonly string[];
  /** The caller's own departments among those responsible for the measure (empty for HQ and the council). */
  ownDepartmentsOf(measure: string): string[];
}

/**
 * The year's progress report as municipalities exchange it: one row per action item, then one per KPI.
 * ID is the item's key (what an import reads back); 施策番号 and 分類 (the top group: 柱) are as the plan
 * numbers them now. A shared item (関係各課) has one row per part, 報告課 holding the part's department name
 * as the 担当課 column writes it (empty for other items and KPIs); ID and 報告課 together name a row's report
 * (the import reads the name back to its code: readProgressSheet's `departmentCode`). A column keyed by a body
 * field (進捗状況 … 効果額, 実績値 … 出典・備考) carries that field: the import reads it back by the key.
 */
export const PROGRESS_COLUMNS = [
  { key: 'kind', header: '区分' },
  { key: 'id', header: 'ID' },
  { key: 'department', header: '報告課' },
  { key: 'group', header: '分類' },
  { key: 'measure', header: '施策番号' },
  { key: 'measureTitle', header: '施策名' },
  { key: 'departments', header: '担当課' },
  { key: 'item', header: '取組項目・KPI' },
  // 当該年度, not 今年度: a sheet of a past year is exported too, and its plan is that year's.
  { key: 'planned', header: '当該年度の計画' },
  { key: 'status', header: '進捗状況' },
  { key: 'rating', header: '自己評価' },
  { key: 'achievements', header: '実績' },
  { key: 'challenges', header: '課題' },
  { key: 'nextSteps', header: '今後の取組' },
  // An integer in yen: the xlsx shows it with thousands separators, the CSV as plain digits.
  { key: 'effectAmount', header: '効果額（円）' },
  { key: 'value', header: '実績値' },
  { key: 'unit', header: '単位' },
  { key: 'asOf', header: '時点' },
  { key: 'note', header: '出典・備考' },
  { key: 'state', header: '状態' },
  { key: 'version', header: '版' },
] as const;

export type ProgressRow = Record<(typeof PROGRESS_COLUMNS)[number]['key'], string | number | null>;

export function progressRows(input: {
  catalogue: Catalogue;
  fiscalYear: number;
  records: readonly SheetRecord[];
  access: SheetAccess;
  /** Names the departments of the 担当課 column, those HQ added included (domain/departments.ts). */
  departments: Pick<Departments, 'name'>;
  /** Only these measures' rows (one department's sheet): the others are skipped before any work on them. Absent: every measure. */
  measures?: ReadonlySet<string>;
}): ProgressRow[] {
  const { catalogue, fiscalYear, access, departments, measures } = input;
  const wanted = (measure: string) => measures === undefined || measures.has(measure);
  /** The department whose part a record is: its own, or for a shared item's record from before parts, legacyPartOf. */
  const partOf = (record: SheetRecord, responsible: readonly string[]) =>
    record.department ?? (record.kind === 'action' && isShared(responsible) ? legacyPartOf(record, responsible) : undefined);
  const byKey = new Map<string, SheetRecord>();
  for (const record of input.records) {
    const measure = (record.kind === 'action' ? catalogue.actionItem(record.subject) : catalogue.kpi(record.subject))?.measure.key;
    const part = measure === undefined ? record.department : partOf(record, access.departmentsOf(measure));
    byKey.set(`${record.kind}:${record.subject}:${part ?? ''}`, record);
  }
  const departmentNames = (measure: string) =>
    access
      .departmentsOf(measure)
      .map((code) => departments.name(code))
      .join('・');
  /** The columns every row has, whether it is an action item or a KPI. */
  const measureColumns = (key: string) => {
    const { measure, path } = catalogue.measure(key)!;
    const top = path[0];
    return { group: top ? `${top.number} ${top.title}` : null, measure: measure.number, measureTitle: measure.title, departments: departmentNames(key) };
  };
  const blank = {
    department: null,
    status: null,
    rating: null,
    achievements: null,
    challenges: null,
    nextSteps: null,
    effectAmount: null,
    value: null,
    unit: null,
    asOf: null,
    note: null,
  };
  const rows: ProgressRow[] = [];

  for (const { item, measure } of catalogue.scheduledActionItems) {
    if (!wanted(measure.key)) continue;
    const planned = item.schedule.find((s) => s.fiscalYear === fiscalYear);
    const responsible = access.departmentsOf(measure.key);
    // A shared item has a row per part: a department's staff see their own parts (they fill those in), HQ
    // and the council every part. An unshared item has one row, its report's.
    const own = access.ownDepartmentsOf(measure.key);
    const parts = isShared(responsible) ? (own.length > 0 ? own : responsible) : [undefined];
    for (const part of parts) {
      const record = byKey.get(`action:${item.key}:${part ?? ''}`);
      // A year the plan leaves blank asks nothing of the item: no row, unless someone reported anyway.
      if (!record && (!planned || planned.phase === 'none')) continue;
      // A missing report is visible wherever a draft would be: departments and HQ fill those rows in.
      if (!access.canRead(measure.key, record?.state ?? 'draft')) continue;
      const body = record?.body as ActionReportDraft | undefined;
      rows.push({
        ...blank,
        kind: '取組項目',
        id: item.key,
        // The name people read (庶務課), not the code the system keys by (shomu).
        department: part ? departments.name(part) : null,
        ...measureColumns(measure.key),
        item: item.title,
        planned: planned?.activity || null,
        status: body?.status ? ACTION_STATUS_LABELS[body.status] : null,
        rating: body?.rating ? `${body.rating} ${ACTION_RATING_LABELS[body.rating]}` : null,
        achievements: body?.achievements ?? null,
        challenges: body?.challenges ?? null,
        nextSteps: body?.nextSteps ?? null,
        effectAmount: body?.effectAmount ?? null,
        state: REPORT_STATE_LABELS[record?.state ?? 'missing'],
        version: record?.version ?? null,
      });
    }
  }

  for (const { kpi, measure } of catalogue.kpis) {
    if (!wanted(measure.key)) continue;
    const record = byKey.get(`kpi:${kpi.key}:`);
    if (!access.canRead(measure.key, record?.state ?? 'draft')) continue;
    const body = record?.body as KpiActualDraft | undefined;
    rows.push({
      ...blank,
      kind: 'KPI',
      id: kpi.key,
      ...measureColumns(measure.key),
      item: kpi.name,
      // The target in force for this year (the plan's own for the year, else the final one), with its year.
      planned: `目標値 ${formatTarget(kpi, targetFor(kpi, fiscalYear))}`,
      value: body?.value ?? null,
      unit: kpi.unit,
      asOf: body?.asOf ?? null,
      note: body?.note ?? null,
      state: REPORT_STATE_LABELS[record?.state ?? 'missing'],
      version: record?.version ?? null,
    });
  }
  return rows;
}
