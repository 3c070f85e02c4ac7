import type { Catalogue } from '../catalogue/catalogue.ts';
import { kpiActualYears } from '../catalogue/kpi-periods.ts';
import { PLAN_FIRST_YEAR, PLAN_LAST_YEAR, isReference } from '../catalogue/schema.ts';
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
import type { KpiAssessment, PeriodValue } from './kpi.ts';
import type { KpiRating, ScheduleFlag } from './labels.ts';
import { compareWithSchedule } from './schedule.ts';

export interface ActionItemAssessment {
  id: string;
  measure: number;
  title: string;
  planned: { activity: string; phase: Phase };
  status: ActionStatus | null;
  rating: ActionRating | null;
  schedule: ScheduleFlag;
}

/** The distributions a measure shows, and that sub-policies, policies, pillars and departments add up. */
export interface Tally {
  kpiRatings: Record<KpiRating, number>;
  actionRatings: Record<ActionRating | 'unrated', number>;
  scheduleFlags: Record<ScheduleFlag, number>;
}

export interface Assessment {
  fiscalYear: number;
  kpis: KpiAssessment[];
  /** Scheduled items only: the reference row (施策11 → 施策5) is counted once, under 施策5. */
  actionItems: ActionItemAssessment[];
  total: Tally;
  measures: ({ number: number; title: string; pillar: string; policy: string; subPolicy: string; departments: string[] } & Tally)[];
  subPolicies: ({ id: string; title: string } & Tally)[];
  policies: ({ id: string; title: string } & Tally)[];
  pillars: ({ id: string; title: string } & Tally)[];
  /** Each department with the measures it is responsible for (関係各課 resolved through HQ's assignments). */
  departments: ({ code: string; name: string; measures: number[] } & Tally)[];
}

const emptyTally = (): Tally => ({
  kpiRatings: { A: 0, B: 0, C: 0, D: 0, N: 0 },
  actionRatings: { A: 0, B: 0, C: 0, D: 0, unrated: 0 },
  scheduleFlags: { ahead: 0, on_plan: 0, behind: 0, unreported: 0 },
});

/** Written out field by field: this runs for every measure at every level of the roll-up. */
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

type Node = { id: string; title: string } & Tally;

/**
 * One level of the roll-up (sub-policies, policies or pillars). Catalogue.measures is in document
 * order, so the measures of one node arrive as one contiguous run: a new node starts where the run
 * changes, and no lookup is needed.
 */
class Level {
  readonly nodes: Node[] = [];
  private source: object | undefined;
  private current: Node | undefined;

  nodeFor(source: { id: string; title: string }): Node {
    if (this.source !== source || !this.current) {
      this.source = source;
      this.current = { id: source.id, title: source.title, ...emptyTally() };
      this.nodes.push(this.current);
    }
    return this.current;
  }
}

const NO_ACTUALS: readonly PeriodValue[] = [];

function plannedFor(schedule: readonly PlannedActivity[], fiscalYear: number): PlannedActivity {
  // The catalogue guarantees one entry per plan year, in order; find() only if that ever changes.
  const entry = schedule[fiscalYear - PLAN_FIRST_YEAR];
  return entry?.fiscalYear === fiscalYear ? entry : schedule.find((e) => e.fiscalYear === fiscalYear)!;
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
  actuals: readonly KpiActual[];
  actionReports?: readonly ActionReportInput[];
  /** HQ's assignments for 関係各課 measures and every department's name (resolveDepartments). */
  departments?: Departments;
}): Assessment {
  const { catalogue, fiscalYear } = input;
  if (!Number.isInteger(fiscalYear) || fiscalYear < PLAN_FIRST_YEAR || fiscalYear > PLAN_LAST_YEAR) {
    throw new FiscalYearOutOfPlanError(fiscalYear);
  }

  // Grouped once by KPI; rateKpi puts each list in order and refuses a period given twice.
  const actualsByKpi = new Map<string, KpiActual[]>();
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
    const accepted = kpiActualYears(kpi);
    const refused = list.find((actual) => !accepted.includes(actual.period));
    if (refused) throw new KpiPeriodNotAcceptedError(id, refused.period, kpi.basis, accepted);
  }

  // Every reported id, with its report for this year (null when only other years were reported).
  // The walk below takes each scheduled item's entry; ids left over are not scheduled items.
  // The year before's status is kept too: alternate-year work (隔年実施) is due unless it was held then.
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

  // Without HQ's assignments, only the plan's named owners are responsible for measures.
  const roster = input.departments ?? resolveDepartments(catalogue, []);
  const kpis: KpiAssessment[] = [];
  const actionItems: ActionItemAssessment[] = [];
  const measures: Assessment['measures'] = [];
  const subPolicies = new Level();
  const policies = new Level();
  const pillars = new Level();
  const byDepartment = new Map<string, Assessment['departments'][number]>();
  const total = emptyTally();

  for (const { measure, pillar, policy, subPolicy } of catalogue.measures) {
    const tally = emptyTally();

    for (const kpi of measure.kpis) {
      const assessment = rateKpi(kpi, measure.number, actualsByKpi.get(kpi.id) ?? NO_ACTUALS, fiscalYear);
      tally.kpiRatings[assessment.rating]++;
      kpis.push(assessment);
    }

    for (const item of measure.actionItems) {
      if (isReference(item)) continue; // counted once, under the item it points to
      const planned = plannedFor(item.schedule, fiscalYear);
      const entry = reportByItem.get(item.id);
      if (entry !== undefined) reportedItemsSeen++;
      const status = entry?.status ?? null;
      const rating = entry?.rating ?? null;
      const schedule = compareWithSchedule(planned.phase, status, previousYearStatus.get(item.id));
      actionItems.push({
        id: item.id,
        measure: measure.number,
        title: item.title,
        planned: { activity: planned.activity, phase: planned.phase },
        status,
        rating,
        schedule,
      });
      tally.actionRatings[rating ?? 'unrated']++;
      tally.scheduleFlags[schedule]++;
    }

    const departments = catalogue.responsibleDepartments(measure, roster.assignments);
    measures.push({
      number: measure.number,
      title: measure.title,
      pillar: pillar.id,
      policy: policy.id,
      subPolicy: subPolicy.id,
      departments,
      kpiRatings: tally.kpiRatings,
      actionRatings: tally.actionRatings,
      scheduleFlags: tally.scheduleFlags,
    });
    addInto(subPolicies.nodeFor(subPolicy), tally);
    addInto(policies.nodeFor(policy), tally);
    addInto(pillars.nodeFor(pillar), tally);
    addInto(total, tally);

    // A measure several departments are responsible for counts for each of them.
    for (const code of departments) {
      let node = byDepartment.get(code);
      if (!node) {
        node = { code, name: roster.name(code), measures: [], ...emptyTally() };
        byDepartment.set(code, node);
      }
      node.measures.push(measure.number);
      addInto(node, tally);
    }
  }

  if (reportedItemsSeen < reportByItem.size) rejectUnmatchedReports(catalogue, reportByItem.keys());

  return {
    fiscalYear,
    kpis,
    actionItems,
    total,
    measures,
    subPolicies: subPolicies.nodes,
    policies: policies.nodes,
    pillars: pillars.nodes,
    departments: [...byDepartment.values()],
  };
}
