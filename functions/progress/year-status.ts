import { assessFiscalYear } from '../domain/attainment/index.ts';
import type { Assessment } from '../domain/attainment/index.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { earliestActualYear } from '../domain/catalogue/kpi-periods.ts';
import { resolveDepartments } from '../domain/departments.ts';
import type { DepartmentAssignment } from '../domain/departments.ts';
import type { ActionReportBody, KpiActualBody } from '../domain/progress-reports/schema.ts';
import { REPORT_STATE_LABELS } from '../domain/progress-reports/workflow.ts';
import type { ReportState } from '../domain/progress-reports/workflow.ts';
import type { ReportRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

export type ItemState = ReportState | 'missing';

export interface MeasureStatus {
  key: string;
  number: string;
  title: string;
  /** Its groups' keys from the top. */
  path: string[];
  departments: string[];
  actionItems: { id: string; title: string; state: ItemState; stateLabel: string }[];
  kpis: { id: string; name: string; state: ItemState; stateLabel: string }[];
}

/**
 * 未提出 for one department: nothing submitted to HQ yet (no report, a draft, a returned one awaiting a fix,
 * or one waiting for the 所属長's 課内確認).
 */
export interface MissingReports {
  department: string;
  name: string;
  actionItems: string[];
  kpis: string[];
}

export interface YearStatus {
  fiscalYear: number;
  basis: 'submitted' | 'approved';
  measures: MeasureStatus[];
  missing: MissingReports[];
  attainment: Assessment;
  /** The same year's assessment one year earlier, for "what changed" (null in the plan's first year). */
  previous: Assessment | null;
}

export const UNASSIGNED = 'unassigned';

/**
 * Reports that count: what departments have submitted to HQ (課内確認待ち is not yet), or, for the council,
 * only what HQ approved.
 */
const counts = (record: ReportRecord, approvedOnly: boolean) =>
  approvedOnly ? record.state === 'approved' : record.state === 'submitted' || record.state === 'approved';

/**
 * The engine over the counted reports of the plan's items: a report of an item the plan no longer has (廃止 or
 * 統合 in a revision, written before it) is left out here; its history stays readable on its own.
 */
function assess(catalogue: Catalogue, fiscalYear: number, counted: ReportRecord[], assignments: readonly DepartmentAssignment[]): Assessment {
  const inPlan = counted.filter((record) => (record.kind === 'kpi' ? catalogue.kpi(record.subject) : catalogue.scheduledActionItem(record.subject)));
  return assessFiscalYear({
    catalogue,
    fiscalYear,
    actuals: inPlan
      .filter((record) => record.kind === 'kpi' && record.fiscalYear <= fiscalYear)
      .map((record) => ({ kpi: record.subject, period: record.fiscalYear, value: (record.body as KpiActualBody).value })),
    actionReports: inPlan
      // The year before too: alternate-year work (隔年実施) is due unless it was held then.
      .filter((record) => record.kind === 'action' && record.fiscalYear <= fiscalYear)
      .map((record) => {
        const body = record.body as ActionReportBody;
        return { actionItem: record.subject, fiscalYear: record.fiscalYear, status: body.status, rating: body.rating };
      }),
    // Each year rolled up by the departments in force that year (機構改革), the year before by its own.
    departments: resolveDepartments(catalogue, assignments, fiscalYear),
  });
}

/**
 * Where a fiscal year stands: each measure's report states, what is missing by department, and the
 * attainment engine's output over the stored actuals. One Query per plan year so far, never a Scan.
 */
export async function loadYearStatus(input: { store: Store; catalogue: Catalogue; fiscalYear: number; approvedOnly?: boolean }): Promise<YearStatus> {
  const { store, catalogue, fiscalYear } = input;
  // From the earliest year a KPI takes an actual for (FY2025 for 33-K1/K2's window), not the plan's first.
  const first = earliestActualYear(
    catalogue.kpis.map(({ kpi }) => kpi),
    catalogue.plan.period,
  );
  const years = Array.from({ length: fiscalYear - first + 1 }, (_, i) => first + i);
  const [recordsByYear, assignmentRecords] = await Promise.all([Promise.all(years.map((year) => store.listFiscalYear(year))), store.listAssignments()]);
  return buildYearStatus({ catalogue, fiscalYear, records: recordsByYear.flat(), assignments: assignmentRecords, approvedOnly: input.approvedOnly ?? false });
}

/** The same, from records already read: every plan year's reports up to the fiscal year. */
export function buildYearStatus(input: {
  catalogue: Catalogue;
  fiscalYear: number;
  records: readonly ReportRecord[];
  /** HQ's assignment records: which departments, and the names of those HQ added. */
  assignments: readonly DepartmentAssignment[];
  approvedOnly: boolean;
}): YearStatus {
  const { catalogue, fiscalYear, approvedOnly } = input;
  const departments = resolveDepartments(catalogue, input.assignments, fiscalYear);
  const { assignments } = departments;
  const first = catalogue.plan.period.firstFiscalYear;
  const counted = input.records.filter((record) => counts(record, approvedOnly));
  const attainment = assess(catalogue, fiscalYear, counted, input.assignments);
  const previous = fiscalYear > first ? assess(catalogue, fiscalYear - 1, counted, input.assignments) : null;

  const thisYear = new Map(input.records.filter((record) => record.fiscalYear === fiscalYear).map((record) => [`${record.kind}:${record.subject}`, record]));
  const stateOf = (kind: 'action' | 'kpi', id: string): ItemState => {
    const record = thisYear.get(`${kind}:${id}`);
    if (!record || (approvedOnly && record.state !== 'approved')) return 'missing';
    return record.state;
  };

  // The items due this year: those with something scheduled, and any reported anyway. A year the plan
  // leaves blank asks nothing, so such an item is neither listed nor 未提出, and no reminder names it.
  const itemsByMeasure = new Map<string, { key: string; title: string }[]>();
  for (const { item, measure } of catalogue.scheduledActionItems) {
    const planned = item.schedule.find((entry) => entry.fiscalYear === fiscalYear);
    if ((!planned || planned.phase === 'none') && !thisYear.has(`action:${item.key}`)) continue;
    itemsByMeasure.set(measure.key, [...(itemsByMeasure.get(measure.key) ?? []), item]);
  }
  const measures: MeasureStatus[] = catalogue.measures.map(({ measure, path }) => ({
    key: measure.key,
    number: measure.number,
    title: measure.title,
    path: path.map((group) => group.key),
    departments: catalogue.responsibleDepartments(measure, assignments, fiscalYear),
    actionItems: (itemsByMeasure.get(measure.key) ?? []).map((item) => {
      const state = stateOf('action', item.key);
      return { id: item.key, title: item.title, state, stateLabel: REPORT_STATE_LABELS[state] };
    }),
    kpis: measure.kpis.map((kpi) => {
      const state = stateOf('kpi', kpi.key);
      return { id: kpi.key, name: kpi.name, state, stateLabel: REPORT_STATE_LABELS[state] };
    }),
  }));

  const open = (state: ItemState) => state !== 'submitted' && state !== 'approved';
  const missing = new Map<string, MissingReports>();
  if (!approvedOnly) {
    for (const measure of measures) {
      const actionItems = measure.actionItems.filter((item) => open(item.state)).map((item) => item.id);
      const kpis = measure.kpis.filter((kpi) => open(kpi.state)).map((kpi) => kpi.id);
      if (actionItems.length + kpis.length === 0) continue;
      for (const code of measure.departments.length > 0 ? measure.departments : [UNASSIGNED]) {
        const entry = missing.get(code) ?? {
          department: code,
          name: code === UNASSIGNED ? '関係各課（未割当て）' : departments.name(code),
          actionItems: [],
          kpis: [],
        };
        entry.actionItems.push(...actionItems);
        entry.kpis.push(...kpis);
        missing.set(code, entry);
      }
    }
  }

  return { fiscalYear, basis: approvedOnly ? 'approved' : 'submitted', measures, missing: [...missing.values()], attainment, previous };
}
