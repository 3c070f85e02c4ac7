import { assessFiscalYear, departmentTally, ON_PLAN_STATUSES } from '../domain/attainment/index.ts';
import type { ActionReportInput, Assessment, Tally } from '../domain/attainment/index.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { earliestActualYear, kpiActualYears } from '../domain/catalogue/kpi-periods.ts';
import { resolveDepartments } from '../domain/departments.ts';
import type { DepartmentAssignment } from '../domain/departments.ts';
import type { ActionReportBody, KpiActualBody } from '../domain/progress-reports/schema.ts';
import { countsInYearFigures, REPORT_STATE_LABELS } from '../domain/progress-reports/workflow.ts';
import type { ReportState } from '../domain/progress-reports/workflow.ts';
import { isShared, isWholeItemReport, leastAdvancedState, legacyPartOf, rollUpAssessment } from '../domain/progress-reports/parts.ts';
import type { ReportRef, ReportStatusRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

export type ItemState = ReportState | 'missing';

export interface MeasureStatus {
  key: string;
  number: string;
  title: string;
  /** Its groups' keys from the top. */
  path: string[];
  departments: string[];
  /** A shared item's (関係各課) state is its least advanced part's; `parts` lists them (null for an unshared item). */
  actionItems: { id: string; title: string; state: ItemState; stateLabel: string; parts: PartStatus[] | null }[];
  kpis: { id: string; name: string; state: ItemState; stateLabel: string }[];
}

/** One responsible department's part of a shared action item. */
export interface PartStatus {
  department: string;
  name: string;
  state: ItemState;
  stateLabel: string;
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
 * Reports the tallies count: what departments have submitted to HQ (課内確認待ち is not yet), the overview's live
 * view; or the annual report's scope (countsInYearFigures: approved only), for a reader who sees approved
 * reports alone and for the digest.
 */
const counts = (record: ReportStatusRecord, reportScope: boolean) =>
  reportScope ? countsInYearFigures(record) : record.state === 'submitted' || record.state === 'approved';

/**
 * Which department's part each action report is, by the departments responsible in its year (機構改革,
 * HQ's assignments): `shared` when two or more are. An unshared item's record has no part.
 */
function partsReader(catalogue: Catalogue, assignments: readonly DepartmentAssignment[]) {
  const rosters = new Map<number, ReturnType<typeof resolveDepartments>>();
  const rosterOf = (year: number) => rosters.get(year) ?? rosters.set(year, resolveDepartments(catalogue, assignments, year)).get(year)!;
  return {
    rosterOf,
    responsible(subject: string, year: number): string[] {
      const found = catalogue.actionItem(subject);
      return found ? catalogue.responsibleDepartments(found.measure, rosterOf(year).assignments, year) : [];
    },
    partOf(record: ReportStatusRecord, responsible: readonly string[]): string | undefined {
      return record.department ?? (isShared(responsible) ? legacyPartOf(record, responsible) : undefined);
    },
  };
}

/**
 * The engine over the counted reports of the plan's items: a report of an item the plan no longer has (廃止 or
 * 統合 in a revision, written before it) is left out here; its history stays readable on its own. A shared
 * item (関係各課) is reported once every responsible department's part counts: its least advanced status
 * and worst rating (domain/progress-reports/parts.ts rollUpAssessment).
 */
function assess(catalogue: Catalogue, fiscalYear: number, counted: ReportStatusRecord[], assignments: readonly DepartmentAssignment[]): Assessment {
  const inPlan = counted.filter((record) => (record.kind === 'kpi' ? catalogue.kpi(record.subject) : catalogue.scheduledActionItem(record.subject)));
  const parts = partsReader(catalogue, assignments);
  const byItem = new Map<string, ReportStatusRecord[]>();
  for (const record of inPlan.filter((r) => r.kind === 'action' && r.fiscalYear <= fiscalYear)) {
    const key = `${record.fiscalYear}:${record.subject}`;
    byItem.set(key, [...(byItem.get(key) ?? []), record]);
  }
  const actionParts: (ActionReportInput & { department: string })[] = [];
  const actionReports = [...byItem.values()].flatMap((records) => {
    const { subject, fiscalYear: year } = records[0]!;
    const responsible = parts.responsible(subject, year);
    const byPart = isShared(responsible) && !isWholeItemReport(records);
    const bodies = (
      byPart ? responsible.map((code) => records.find((r) => parts.partOf(r, responsible) === code)) : [records.find((r) => !r.department) ?? records[0]]
    ).map((record) => record?.body as ActionReportBody | undefined);
    // Each counted part for its own department's tally, before the item's roll-up waits for every part.
    if (byPart && year === fiscalYear) {
      bodies.forEach((body, i) => {
        if (body) actionParts.push({ actionItem: subject, fiscalYear: year, department: responsible[i]!, status: body.status, rating: body.rating });
      });
    }
    if (bodies.some((body) => body === undefined)) return [];
    const [first, ...rest] = bodies as ActionReportBody[];
    return [{ actionItem: subject, fiscalYear: year, ...rollUpAssessment([first!, ...rest]) }];
  });
  return assessFiscalYear({
    catalogue,
    fiscalYear,
    actuals: inPlan
      .filter((record) => record.kind === 'kpi' && record.fiscalYear <= fiscalYear)
      .map((record) => ({ kpi: record.subject, period: record.fiscalYear, value: (record.body as KpiActualBody).value })),
    // The year before too: alternate-year work (隔年実施) is due unless it was held then.
    actionReports,
    actionParts,
    // Each year rolled up by the departments in force that year (機構改革), the year before by its own.
    departments: resolveDepartments(catalogue, assignments, fiscalYear),
  });
}

/**
 * Where a fiscal year stands: each measure's report states, what is missing by department, and the
 * attainment engine's output over the stored actuals. One Query per plan year so far, never a Scan, each
 * projected to the fields a roll-up weighs (store.listFiscalYearStatus: no texts), and of the years before
 * the engine's window only the KPI actuals: a year's action reports are most of its bytes. The engine takes KPI
 * actuals of every year so far (a window's mean, the baseline's year), the action reports of its year, and of
 * the year before only those of the items done every other year (隔年実施: whether it was held then decides
 * what is on plan now). With `previous` (the digest's "what changed": the same assessment a year earlier) the
 * two years before are read whole. `withPrevious: false` (the overview, which does not show it) leaves
 * `previous` null and reads the year before's 隔年実施 reports alone, by key (store.getReports).
 */
export async function loadYearStatus(input: {
  store: Store;
  catalogue: Catalogue;
  fiscalYear: number;
  approvedOnly?: boolean;
  /**
   * Tally in the annual report's scope (countsInYearFigures) while the states and `missing` stay as HQ sees
   * them: the digest, whose figures must be the report's and whose lists chase what is not yet submitted.
   */
  reportScope?: boolean;
  withPrevious?: boolean;
}): Promise<YearStatus> {
  const { store, catalogue, fiscalYear } = input;
  const withPrevious = input.withPrevious ?? true;
  // From the earliest year a KPI takes an actual for (FY2025 for 33-K1/K2's window), not the plan's first.
  const first = earliestActualYear(
    catalogue.kpis.map(({ kpi }) => kpi),
    catalogue.plan.period,
  );
  /** Years from this one on are read whole; earlier ones, their KPI actuals only. */
  const wholeFrom = withPrevious ? fiscalYear - 2 : fiscalYear;
  const years = Array.from({ length: fiscalYear - first + 1 }, (_, i) => first + i);
  const assignments = store.listAssignments();
  const [recordsByYear, assignmentRecords, heldYearBefore] = await Promise.all([
    Promise.all(years.map((year) => store.listFiscalYearStatus(year, year < wholeFrom ? 'kpi' : undefined))),
    assignments,
    withPrevious ? [] : assignments.then((read) => store.getReports(alternateYearRefs(catalogue, read, fiscalYear))),
  ]);
  return buildYearStatus({
    catalogue,
    fiscalYear,
    records: [...recordsByYear.flat(), ...heldYearBefore],
    assignments: assignmentRecords,
    approvedOnly: input.approvedOnly ?? false,
    reportScope: input.reportScope ?? false,
    withPrevious,
  });
}

/**
 * The year before's reports of the items whose phase this year looks at it (隔年実施, ON_PLAN_STATUSES'
 * `afterHeldYear`): each item's own record and every part a department responsible in either year may have written.
 */
function alternateYearRefs(catalogue: Catalogue, assignments: readonly DepartmentAssignment[], fiscalYear: number): ReportRef[] {
  const years = [fiscalYear - 1, fiscalYear];
  const rosters = years.map((year) => resolveDepartments(catalogue, assignments, year).assignments);
  return catalogue.scheduledActionItems.flatMap(({ item, measure }) => {
    const phase = item.schedule.find((entry) => entry.fiscalYear === fiscalYear)?.phase;
    if (!phase || !ON_PLAN_STATUSES[phase].afterHeldYear) return [];
    const departments = new Set(years.flatMap((year, i) => catalogue.responsibleDepartments(measure, rosters[i]!, year)));
    const ref = { kind: 'action' as const, fiscalYear: fiscalYear - 1, subject: item.key };
    return [ref, ...[...departments].map((department) => ({ ...ref, department }))];
  });
}

/** A page of the overview: its measures' keys, and whether it lists every group of the plan (the first page). */
export interface OverviewPage {
  measures: ReadonlySet<string>;
  everyGroup: boolean;
}

/**
 * One page of a year's overview (GET …/overview?cursor=): the status of `measures` alone, read by key
 * without their texts (store.getReportStatuses, BatchGet) rather than by Query of whole years, so its cost follows the page, not the
 * table (issue 22: ≤ 3 s at 100×). The keys read: each of the page's KPIs in every year up to this one it takes
 * an actual for, and each of its action items this year, whole and, when two or more departments are responsible
 * this year or the year before (関係各課, 機構改革), as each one's part; with the 隔年実施 items' year before.
 * A part kept by a department responsible in neither year is not read: no screen lets one be written.
 * The roll-ups are the page's measures' (narrowAssessment): contract joinOverviewPages adds pages up to the year's.
 */
export async function loadOverviewPage(input: {
  store: Store;
  catalogue: Catalogue;
  fiscalYear: number;
  measures: readonly string[];
  everyGroup: boolean;
  approvedOnly: boolean;
}): Promise<YearStatus> {
  const { store, catalogue, fiscalYear } = input;
  const page: OverviewPage = { measures: new Set(input.measures), everyGroup: input.everyGroup };
  const first = earliestActualYear(
    catalogue.kpis.map(({ kpi }) => kpi),
    catalogue.plan.period,
  );
  const assignments = await store.listAssignments();
  const rosters = [fiscalYear - 1, fiscalYear].map((year) => resolveDepartments(catalogue, assignments, year).assignments);
  // Only the years a KPI takes an actual for: the engine refuses any other (KpiPeriodNotAcceptedError).
  const kpiRefs = catalogue.kpis
    .filter(({ measure }) => page.measures.has(measure.key))
    .flatMap(({ kpi }) =>
      kpiActualYears(kpi, catalogue.plan.period)
        .filter((year) => year >= first && year <= fiscalYear)
        .map((year): ReportRef => ({ kind: 'kpi', fiscalYear: year, subject: kpi.key })),
    );
  // Parts are written for shared items only (関係各課): an item one department holds both years has its own record alone.
  const actionRefs = catalogue.scheduledActionItems
    .filter(({ measure }) => page.measures.has(measure.key))
    .flatMap(({ item, measure }) => {
      const ref: ReportRef = { kind: 'action', fiscalYear, subject: item.key };
      const departments = new Set(rosters.flatMap((roster, i) => catalogue.responsibleDepartments(measure, roster, fiscalYear - 1 + i)));
      return departments.size < 2 ? [ref] : [ref, ...[...departments].map((department) => ({ ...ref, department }))];
    });
  const heldYearBefore = alternateYearRefs(catalogue, assignments, fiscalYear).filter((ref) => {
    const found = catalogue.actionItem(ref.subject);
    return found !== undefined && page.measures.has(found.measure.key);
  });
  const records = await store.getReportStatuses([...kpiRefs, ...actionRefs, ...heldYearBefore]);
  return buildYearStatus({ catalogue, fiscalYear, records, assignments, approvedOnly: input.approvedOnly, withPrevious: false, page });
}

const emptyTally = (): Tally => ({
  kpiRatings: { A: 0, B: 0, C: 0, D: 0, N: 0 },
  actionRatings: { A: 0, B: 0, C: 0, D: 0, unrated: 0 },
  scheduleFlags: { ahead: 0, on_plan: 0, behind: 0, unreported: 0 },
});

function addTally(sum: Tally, part: Tally): void {
  for (const key of Object.keys(sum.kpiRatings) as (keyof Tally['kpiRatings'])[]) sum.kpiRatings[key] += part.kpiRatings[key];
  for (const key of Object.keys(sum.actionRatings) as (keyof Tally['actionRatings'])[]) sum.actionRatings[key] += part.actionRatings[key];
  for (const key of Object.keys(sum.scheduleFlags) as (keyof Tally['scheduleFlags'])[]) sum.scheduleFlags[key] += part.scheduleFlags[key];
}

/**
 * The engine's output for a page's measures: their KPIs, items and tallies, and the roll-ups (total, groups,
 * departments) added up again from those measures' tallies alone, as the engine adds them (a measure counts
 * for each group on its path and each department responsible). Groups in the plan's order, every group when
 * `everyGroup`, else those the page's measures are under; departments in order of first appearance.
 */
function narrowAssessment(whole: Assessment, page: OverviewPage): Assessment {
  const measures = whole.measures.filter((measure) => page.measures.has(measure.key));
  const itemsByMeasure = new Map<string, Assessment['actionItems']>();
  for (const item of whole.actionItems) itemsByMeasure.set(item.measure, [...(itemsByMeasure.get(item.measure) ?? []), item]);
  const itemsOf = (key: string) => itemsByMeasure.get(key) ?? [];
  const total = emptyTally();
  const groups = new Map(whole.groups.map((group) => [group.key, { ...group, ...emptyTally(), touched: page.everyGroup }]));
  const names = new Map(whole.departments.map((department) => [department.code, department.name]));
  const departments = new Map<string, Assessment['departments'][number]>();
  for (const measure of measures) {
    addTally(total, measure);
    for (const key of measure.path) {
      const group = groups.get(key)!;
      group.touched = true;
      addTally(group, measure);
    }
    for (const code of measure.departments) {
      const node = departments.get(code) ?? departments.set(code, { code, name: names.get(code) ?? code, measures: [], ...emptyTally() }).get(code)!;
      node.measures.push(measure.key);
      addTally(node, departmentTally(measure, itemsOf(measure.key), code));
    }
  }
  return {
    fiscalYear: whole.fiscalYear,
    kpis: whole.kpis.filter((kpi) => page.measures.has(kpi.measure)),
    actionItems: whole.actionItems.filter((item) => page.measures.has(item.measure)),
    total,
    measures,
    groups: [...groups.values()].filter((group) => group.touched).map(({ touched: _touched, ...group }) => group),
    departments: [...departments.values()],
  };
}

/** The same, from records already read: every plan year's reports up to the fiscal year. */
export function buildYearStatus(input: {
  catalogue: Catalogue;
  fiscalYear: number;
  records: readonly ReportStatusRecord[];
  /** HQ's assignment records: which departments, and the names of those HQ added. */
  assignments: readonly DepartmentAssignment[];
  approvedOnly: boolean;
  /** Tally approved reports only (countsInYearFigures), as `approvedOnly` does, without hiding other states. */
  reportScope?: boolean;
  /** False: `previous` is null (and of the years before, `records` need hold only KPI actuals and 隔年実施 reports). */
  withPrevious?: boolean;
  /**
   * One page of measures (their keys): `measures`, `missing` and the attainment's lists and roll-ups are the
   * page's alone, and `records` need hold only its items' reports (loadOverviewPage). Absent: the whole plan.
   */
  page?: OverviewPage;
}): YearStatus {
  const { catalogue, fiscalYear, approvedOnly, page } = input;
  const departments = resolveDepartments(catalogue, input.assignments, fiscalYear);
  const { assignments } = departments;
  const first = catalogue.plan.period.firstFiscalYear;
  const counted = input.records.filter((record) => counts(record, approvedOnly || input.reportScope === true));
  const whole = assess(catalogue, fiscalYear, counted, input.assignments);
  const attainment = page ? narrowAssessment(whole, page) : whole;
  const previous = fiscalYear > first && input.withPrevious !== false ? assess(catalogue, fiscalYear - 1, counted, input.assignments) : null;

  const parts = partsReader(catalogue, input.assignments);
  const thisYearRecords = input.records.filter((record) => record.fiscalYear === fiscalYear);
  const thisYear = new Map(thisYearRecords.filter((record) => !record.department).map((record) => [`${record.kind}:${record.subject}`, record]));
  const visibleState = (record: ReportStatusRecord | undefined): ItemState =>
    !record || (approvedOnly && record.state !== 'approved') ? 'missing' : record.state;
  const stateOf = (kind: 'action' | 'kpi', id: string): ItemState => visibleState(thisYear.get(`${kind}:${id}`));
  // By item, so a shared item's parts are found without going through the whole year for each (100×: 12,000 records).
  const actionRecordsOf = new Map<string, ReportStatusRecord[]>();
  for (const record of thisYearRecords) {
    if (record.kind === 'action') actionRecordsOf.set(record.subject, [...(actionRecordsOf.get(record.subject) ?? []), record]);
  }
  /** A shared item's parts in the responsible departments' order; null for an unshared item. */
  const partsOf = (id: string): PartStatus[] | null => {
    const responsible = parts.responsible(id, fiscalYear);
    if (!isShared(responsible)) return null;
    const records = actionRecordsOf.get(id) ?? [];
    if (isWholeItemReport(records)) return null;
    return responsible.map((code) => {
      const state = visibleState(records.find((record) => parts.partOf(record, responsible) === code));
      return { department: code, name: departments.name(code), state, stateLabel: REPORT_STATE_LABELS[state] };
    });
  };
  const reported = new Set(thisYearRecords.filter((record) => record.kind === 'action').map((record) => record.subject));

  // The items due this year: those with something scheduled, and any reported anyway. A year the plan
  // leaves blank asks nothing, so such an item is neither listed nor 未提出, and no reminder names it.
  const itemsByMeasure = new Map<string, { key: string; title: string }[]>();
  for (const { item, measure } of catalogue.scheduledActionItems) {
    const planned = item.schedule.find((entry) => entry.fiscalYear === fiscalYear);
    if ((!planned || planned.phase === 'none') && !reported.has(item.key)) continue;
    itemsByMeasure.set(measure.key, [...(itemsByMeasure.get(measure.key) ?? []), item]);
  }
  const inPage = page ? catalogue.measures.filter(({ measure }) => page.measures.has(measure.key)) : catalogue.measures;
  const measures: MeasureStatus[] = inPage.map(({ measure, path }) => ({
    key: measure.key,
    number: measure.number,
    title: measure.title,
    path: path.map((group) => group.key),
    departments: catalogue.responsibleDepartments(measure, assignments, fiscalYear),
    actionItems: (itemsByMeasure.get(measure.key) ?? []).map((item) => {
      const itemParts = partsOf(item.key);
      const state = itemParts ? leastAdvancedState(itemParts.map((part) => part.state)) : stateOf('action', item.key);
      return { id: item.key, title: item.title, state, stateLabel: REPORT_STATE_LABELS[state], parts: itemParts };
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
      const kpis = measure.kpis.filter((kpi) => open(kpi.state)).map((kpi) => kpi.id);
      for (const code of measure.departments.length > 0 ? measure.departments : [UNASSIGNED]) {
        // A shared item is 未提出 for the departments whose own part is not submitted yet, not for the others.
        const actionItems = measure.actionItems
          .filter((item) => (item.parts ? item.parts.some((part) => part.department === code && open(part.state)) : open(item.state)))
          .map((item) => item.id);
        if (actionItems.length + kpis.length === 0) continue;
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
