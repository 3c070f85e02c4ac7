import type { Catalogue } from '../catalogue/catalogue.ts';
import { kpiActualYears } from '../catalogue/kpi-periods.ts';
import { isReference } from '../catalogue/schema.ts';
import type { Phase, PlannedActivity } from '../catalogue/schema.ts';
import { resolveDepartments } from '../departments.ts';
import type { Departments } from '../departments.ts';
import type { ActionRating, ActionStatus } from '../progress-reports/schema.ts';
import {
  DuplicateActionReportError,
  FiscalYearOutOfPlanError,
  KpiPeriodNotAcceptedError,
  ReferenceActionItemError,
  UnknownActionItemError,
  UnknownKpiError,
} from './errors.ts';
import type { ActionReportInput, KpiActual } from './inputs.ts';
import { rateKpi } from './kpi.ts';
import type { KpiAssessment, KpiPeriodActual } from './kpi.ts';

/** A KPI actual as the engine takes it: a value, or for a qualitative KPI its department's assessment. */
type ActualInput = KpiActual | (KpiPeriodActual & { kpi: string });
import type { KpiRating, ScheduleFlag } from './labels.ts';
import { compareWithSchedule } from './schedule.ts';

export interface ActionItemAssessment {
  /** The action item's key. */
  id: string;
  /** Its measure's key. */
  measure: string;
  title: string;
  planned: { activity: string; phase: Phase };
  status: ActionStatus | null;
  rating: ActionRating | null;
  schedule: ScheduleFlag;
  /**
   * A shared item's (関係各課) parts, one per responsible department in order, when any part counts: each
   * department's own status, rating and schedule flag, which its 課別 tally counts (departmentTally). The item's
   * own fields are the roll-up, set once every part counts. Absent for an unshared item.
   */
  parts?: ActionPartAssessment[];
}

/** One responsible department's part of a shared item, as its 課別 tally counts it; null fields: not reported. */
export interface ActionPartAssessment {
  department: string;
  status: ActionStatus | null;
  rating: ActionRating | null;
  schedule: ScheduleFlag;
}

/** The distributions a measure shows, and that the groups above it (柱・政策・施策の方向性) and departments add up. */
export interface Tally {
  kpiRatings: Record<KpiRating, number>;
  actionRatings: Record<ActionRating | 'unrated', number>;
  scheduleFlags: Record<ScheduleFlag, number>;
}

export interface Assessment {
  fiscalYear: number;
  kpis: KpiAssessment[];
  /**
   * The action items due this year: scheduled items with something planned for the year, and any item
   * reported for it. The reference row (施策11 → 施策5) is counted once, under 施策5; a year the plan
   * leaves blank for an item asks nothing of it, so it is not 未報告.
   */
  actionItems: ActionItemAssessment[];
  total: Tally;
  /** Every measure, with its groups' keys from the top (`path`). */
  measures: ({ key: string; number: string; title: string; path: string[]; departments: string[] } & Tally)[];
  /** Every group of the plan in document order, `level` 0 at the top (柱 in the 8th plan). */
  groups: GroupTally[];
  /** Each department with the measures it is responsible for (関係各課 resolved through HQ's assignments). */
  departments: ({ code: string; name: string; measures: string[] } & Tally)[];
}

export type GroupTally = { key: string; number: string; title: string; level: number } & Tally;

const emptyTally = (): Tally => ({
  kpiRatings: { A: 0, B: 0, C: 0, D: 0, N: 0 },
  actionRatings: { A: 0, B: 0, C: 0, D: 0, unrated: 0 },
  scheduleFlags: { ahead: 0, on_plan: 0, behind: 0, unreported: 0 },
});

/** Written out field by field: this runs for every measure at every level of the roll-up. */
/**
 * A measure's tally as one responsible department counts it: each shared item by that department's own part,
 * not by the item's roll-up (the rule in domain/progress-reports/parts.ts stateForDepartment: 庶務課's approved C
 * of 14-1 counts for 庶務課 while the other department's part is still open). `items` are the measure's assessed
 * action items; the measure's tally is not changed.
 */
export function departmentTally(measure: Tally, items: readonly Pick<ActionItemAssessment, 'rating' | 'schedule' | 'parts'>[], code: string): Tally {
  const tally: Tally = {
    kpiRatings: { ...measure.kpiRatings },
    actionRatings: { ...measure.actionRatings },
    scheduleFlags: { ...measure.scheduleFlags },
  };
  for (const item of items) {
    const part = item.parts?.find((candidate) => candidate.department === code);
    if (!part) continue;
    tally.actionRatings[item.rating ?? 'unrated']--;
    tally.scheduleFlags[item.schedule]--;
    tally.actionRatings[part.rating ?? 'unrated']++;
    tally.scheduleFlags[part.schedule]++;
  }
  return tally;
}

function addInto(sum: Tally, part: Tally): void {
  const sk = sum.kpiRatings;
  const pk = part.kpiRatings;
  sk.A += pk.A;
  sk.B += pk.B;
  sk.C += pk.C;
  sk.D += pk.D;
  sk.N += pk.N;
  const sa = sum.actionRatings;
  const pa = part.actionRatings;
  sa.A += pa.A;
  sa.B += pa.B;
  sa.C += pa.C;
  sa.D += pa.D;
  sa.unrated += pa.unrated;
  const sf = sum.scheduleFlags;
  const pf = part.scheduleFlags;
  sf.ahead += pf.ahead;
  sf.on_plan += pf.on_plan;
  sf.behind += pf.behind;
  sf.unreported += pf.unreported;
}

const NO_ACTUALS: readonly KpiPeriodActual[] = [];

/** What the plan schedules for the year; a year the schedule does not list has nothing scheduled. */
function plannedFor(schedule: readonly PlannedActivity[], fiscalYear: number): PlannedActivity {
  return schedule.find((e) => e.fiscalYear === fiscalYear) ?? { fiscalYear, activity: '', phase: 'none' };
}

/** Names the first reported id that is not a scheduled action item of the plan. */
function rejectUnmatchedReports(catalogue: Catalogue, reportedIds: Iterable<string>): never {
  for (const id of reportedIds) {
    const found = catalogue.actionItem(id);
    if (!found) throw new UnknownActionItemError(id);
    if (isReference(found.item)) throw new ReferenceActionItemError(id, found.item.referenceTo);
  }
  throw new Error('unreachable: every reported id is a scheduled action item');
}

/**
 * Everything HQ needs about one fiscal year: every KPI rated, every action item compared with the
 * plan's schedule, and the tallies rolled up the plan's hierarchy and by department.
 *
 * `actionReports` may hold other years' reports: the year before's status decides whether
 * alternate-year work is due (see ON_PLAN_STATUSES), later and earlier years are ignored.
 *
 * Linear in the size of the plan plus the inputs: actuals and reports are grouped once by id in a
 * Map, the plan is walked once, and each measure's tally is added once per level and department.
 * Throws FiscalYearOutOfPlanError, UnknownKpiError, KpiPeriodNotAcceptedError (an actual for a year
 * the KPI does not take, see kpiActualYears), UnknownActionItemError (ReferenceActionItemError
 * for the reference row), DuplicateActualError, DuplicateActionReportError.
 */
export function assessFiscalYear(input: {
  catalogue: Catalogue;
  fiscalYear: number;
  actuals: readonly ActualInput[];
  actionReports?: readonly ActionReportInput[];
  /**
   * This year's counted parts of shared items (関係各課), whether or not every part counts yet (the item's own
   * report in `actionReports` is their roll-up, once they all do): each department's tally counts its own.
   */
  actionParts?: readonly (ActionReportInput & { department: string })[];
  /**
   * HQ's assignments for 関係各課 measures and every department's name (resolveDepartments). Whatever year the
   * roster is for, measures roll up to the departments in force in `fiscalYear`, by their names then (機構改革).
   */
  departments?: Departments;
}): Assessment {
  const { catalogue, fiscalYear } = input;
  if (!Number.isInteger(fiscalYear) || !catalogue.covers(fiscalYear)) {
    throw new FiscalYearOutOfPlanError(fiscalYear, catalogue.plan.period);
  }

  // Grouped once by KPI; rateKpi puts each list in order and refuses a period given twice.
  const actualsByKpi = new Map<string, ActualInput[]>();
  for (const actual of input.actuals) {
    const list = actualsByKpi.get(actual.kpi);
    if (list) list.push(actual);
    else {
      if (!catalogue.kpi(actual.kpi)) throw new UnknownKpiError(actual.kpi);
      actualsByKpi.set(actual.kpi, [actual]);
    }
  }
  for (const [id, list] of actualsByKpi) {
    const { kpi } = catalogue.kpi(id)!;
    const accepted = kpiActualYears(kpi, catalogue.plan.period);
    const refused = list.find((actual) => !accepted.includes(actual.period));
    if (refused) throw new KpiPeriodNotAcceptedError(id, refused.period, kpi.basis, accepted);
  }

  // Every reported id, with its report for this year (null when only other years were reported), so a
  // report naming no scheduled item is refused whatever its year. The walk below takes each scheduled
  // item's entry; ids left over are not scheduled items. Other years' reports only give the year before's
  // status: alternate-year work (隔年実施) is due unless it was held then.
  const reportByItem = new Map<string, ActionReportInput | null>();
  const previousYearStatus = new Map<string, ActionStatus>();
  for (const report of input.actionReports ?? []) {
    if (report.fiscalYear === fiscalYear - 1) previousYearStatus.set(report.actionItem, report.status);
    const thisYear = report.fiscalYear === fiscalYear;
    const previous = reportByItem.get(report.actionItem);
    if (previous === undefined) reportByItem.set(report.actionItem, thisYear ? report : null);
    else if (thisYear) {
      if (previous) throw new DuplicateActionReportError(report.actionItem, fiscalYear);
      reportByItem.set(report.actionItem, report);
    }
  }
  let reportedItemsSeen = 0;
  const partsByItem = new Map<string, (ActionReportInput & { department: string })[]>();
  for (const part of input.actionParts ?? []) {
    if (part.fiscalYear === fiscalYear) partsByItem.set(part.actionItem, [...(partsByItem.get(part.actionItem) ?? []), part]);
  }

  // Without HQ's assignments, only the plan's named owners are responsible for measures.
  const roster = input.departments ?? resolveDepartments(catalogue, []);
  const kpis: KpiAssessment[] = [];
  const actionItems: ActionItemAssessment[] = [];
  const measures: Assessment['measures'] = [];
  const groups: GroupTally[] = catalogue.groups.map(({ group, level }) => ({
    key: group.key,
    number: group.number,
    title: group.title,
    level,
    ...emptyTally(),
  }));
  const groupIndex = new Map(groups.map((group, i) => [group.key, i]));
  const byDepartment = new Map<string, Assessment['departments'][number]>();
  const total = emptyTally();

  for (const { measure, path } of catalogue.measures) {
    const tally = emptyTally();
    const measureItems: ActionItemAssessment[] = [];

    for (const kpi of measure.kpis) {
      const assessment = rateKpi(kpi, measure.key, actualsByKpi.get(kpi.key) ?? NO_ACTUALS, fiscalYear);
      tally.kpiRatings[assessment.rating]++;
      kpis.push(assessment);
    }

    for (const item of measure.actionItems) {
      if (isReference(item)) continue; // counted once, under the item it points to
      const planned = plannedFor(item.schedule, fiscalYear);
      const entry = reportByItem.get(item.key);
      if (entry !== undefined) reportedItemsSeen++;
      if (planned.phase === 'none' && !entry) continue; // nothing scheduled, nothing reported: nothing due
      const status = entry?.status ?? null;
      const rating = entry?.rating ?? null;
      const schedule = compareWithSchedule(planned.phase, status, previousYearStatus.get(item.key));
      const written = partsByItem.get(item.key);
      const responsible = written ? catalogue.responsibleDepartments(measure, roster.assignments, fiscalYear) : [];
      const parts = responsible.map((department): ActionPartAssessment => {
        const part = written!.find((candidate) => candidate.department === department);
        const partStatus = part?.status ?? null;
        return {
          department,
          status: partStatus,
          rating: part?.rating ?? null,
          schedule: compareWithSchedule(planned.phase, partStatus, previousYearStatus.get(item.key)),
        };
      });
      measureItems.push({
        id: item.key,
        measure: measure.key,
        title: item.title,
        planned: { activity: planned.activity, phase: planned.phase },
        status,
        rating,
        schedule,
        ...(parts.length >= 2 ? { parts } : {}),
      });
      tally.actionRatings[rating ?? 'unrated']++;
      tally.scheduleFlags[schedule]++;
    }

    actionItems.push(...measureItems);
    const departments = catalogue.responsibleDepartments(measure, roster.assignments, fiscalYear);
    measures.push({
      key: measure.key,
      number: measure.number,
      title: measure.title,
      path: path.map((group) => group.key),
      departments,
      kpiRatings: tally.kpiRatings,
      actionRatings: tally.actionRatings,
      scheduleFlags: tally.scheduleFlags,
    });
    for (const group of path) addInto(groups[groupIndex.get(group.key)!]!, tally);
    addInto(total, tally);

    // A measure several departments are responsible for counts for each of them, a shared item by each one's own part.
    for (const code of departments) {
      let node = byDepartment.get(code);
      if (!node) {
        node = { code, name: roster.name(code, fiscalYear), measures: [], ...emptyTally() };
        byDepartment.set(code, node);
      }
      node.measures.push(measure.key);
      addInto(node, departmentTally(tally, measureItems, code));
    }
  }

  if (reportedItemsSeen < reportByItem.size) rejectUnmatchedReports(catalogue, reportByItem.keys());

  return {
    fiscalYear,
    kpis,
    actionItems,
    total,
    measures,
    groups,
    departments: [...byDepartment.values()],
  };
}
