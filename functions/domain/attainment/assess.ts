import type { Assignments, Catalogue } from '../catalogue/catalogue.ts';
import { PLAN_FIRST_YEAR, PLAN_LAST_YEAR } from '../catalogue/schema.ts';
import type { Phase } from '../catalogue/schema.ts';
import type { ActionRating, ActionStatus } from '../reports/schema.ts';
import { FiscalYearOutOfPlanError, UnknownActionItemError, UnknownKpiError } from './errors.ts';
import type { ActionReportInput, KpiActual } from './inputs.ts';
import { rateKpi } from './kpi.ts';
import type { KpiAssessment } from './kpi.ts';
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
  actionItems: ActionItemAssessment[];
  total: Tally;
  measures: ({ number: number; title: string; pillar: string; policy: string; subPolicy: string; departments: string[] } & Tally)[];
  subPolicies: ({ id: string; title: string } & Tally)[];
  policies: ({ id: string; title: string } & Tally)[];
  pillars: ({ id: string; title: string } & Tally)[];
  departments: ({ code: string; name: string; measures: number[] } & Tally)[];
}

const emptyTally = (): Tally => ({
  kpiRatings: { A: 0, B: 0, C: 0, D: 0, N: 0 },
  actionRatings: { A: 0, B: 0, C: 0, D: 0, unrated: 0 },
  scheduleFlags: { ahead: 0, on_plan: 0, behind: 0, unreported: 0 },
});

const KPI_KEYS = ['A', 'B', 'C', 'D', 'N'] as const;
const ACTION_KEYS = ['A', 'B', 'C', 'D', 'unrated'] as const;
const FLAG_KEYS = ['ahead', 'on_plan', 'behind', 'unreported'] as const;

/** Fixed key lists rather than Object.entries: this runs for every measure at every level of the roll-up. */
function addInto(sum: Tally, part: Tally): void {
  for (const key of KPI_KEYS) sum.kpiRatings[key] += part.kpiRatings[key];
  for (const key of ACTION_KEYS) sum.actionRatings[key] += part.actionRatings[key];
  for (const key of FLAG_KEYS) sum.scheduleFlags[key] += part.scheduleFlags[key];
}

/**
 * Everything HQ needs about one fiscal year: every KPI rated, every action item compared with the
 * plan's schedule, and the tallies rolled up the plan's hierarchy and by department. Linear in the
 * size of the plan plus the inputs: actuals and reports are grouped once by id.
 */
export function assessFiscalYear(input: {
  catalogue: Catalogue;
  fiscalYear: number;
  actuals: readonly KpiActual[];
  actionReports?: readonly ActionReportInput[];
  assignments?: Assignments;
}): Assessment {
  const { catalogue, fiscalYear } = input;
  if (!Number.isInteger(fiscalYear) || fiscalYear < PLAN_FIRST_YEAR || fiscalYear > PLAN_LAST_YEAR) {
    throw new FiscalYearOutOfPlanError(fiscalYear);
  }

  const actualsByKpi = new Map<string, { period: number; value: number }[]>();
  for (const actual of input.actuals) {
    if (!catalogue.kpi(actual.kpi)) throw new UnknownKpiError(actual.kpi);
    const list = actualsByKpi.get(actual.kpi) ?? [];
    list.push(actual);
    actualsByKpi.set(actual.kpi, list);
  }
  const reportByItem = new Map<string, ActionReportInput>();
  for (const report of input.actionReports ?? []) {
    const found = catalogue.actionItem(report.actionItem);
    if (!found || 'referenceTo' in found.item) throw new UnknownActionItemError(report.actionItem);
    if (report.fiscalYear === fiscalYear) reportByItem.set(report.actionItem, report);
  }

  const tallies = new Map<number, Tally>(catalogue.measures.map(({ measure }) => [measure.number, emptyTally()]));

  const kpis = catalogue.kpis.map(({ kpi, measure }) => {
    const assessment = rateKpi(kpi, measure.number, actualsByKpi.get(kpi.id) ?? [], fiscalYear);
    tallies.get(measure.number)!.kpiRatings[assessment.rating]++;
    return assessment;
  });

  const actionItems = catalogue.scheduledActionItems.map(({ item, measure }): ActionItemAssessment => {
    const planned = item.schedule.find((entry) => entry.fiscalYear === fiscalYear)!;
    const report = reportByItem.get(item.id);
    const assessment = {
      id: item.id,
      measure: measure.number,
      title: item.title,
      planned: { activity: planned.activity, phase: planned.phase },
      status: report?.status ?? null,
      rating: report?.rating ?? null,
      schedule: compareWithSchedule(planned.phase, report?.status),
    };
    const tally = tallies.get(measure.number)!;
    tally.actionRatings[assessment.rating ?? 'unrated']++;
    tally.scheduleFlags[assessment.schedule]++;
    return assessment;
  });

  const rollUp = <K>(keyOf: (entry: (typeof catalogue.measures)[number]) => K) => {
    const sums = new Map<K, Tally>();
    for (const entry of catalogue.measures) {
      const key = keyOf(entry);
      const sum = sums.get(key) ?? emptyTally();
      addInto(sum, tallies.get(entry.measure.number)!);
      sums.set(key, sum);
    }
    return sums;
  };
  const bySubPolicy = rollUp((e) => e.subPolicy);
  const byPolicy = rollUp((e) => e.policy);
  const byPillar = rollUp((e) => e.pillar);

  const byDepartment = new Map<string, { measures: number[]; tally: Tally }>();
  const measures = catalogue.measures.map(({ measure, pillar, policy, subPolicy }) => {
    const departments = catalogue.responsibleDepartments(measure, input.assignments);
    for (const code of departments) {
      const entry = byDepartment.get(code) ?? { measures: [], tally: emptyTally() };
      entry.measures.push(measure.number);
      addInto(entry.tally, tallies.get(measure.number)!);
      byDepartment.set(code, entry);
    }
    return { number: measure.number, title: measure.title, pillar: pillar.id, policy: policy.id, subPolicy: subPolicy.id, departments, ...tallies.get(measure.number)! };
  });

  const total = emptyTally();
  for (const tally of tallies.values()) addInto(total, tally);

  return {
    fiscalYear,
    kpis,
    actionItems,
    total,
    measures,
    subPolicies: [...bySubPolicy].map(([node, tally]) => ({ id: node.id, title: node.title, ...tally })),
    policies: [...byPolicy].map(([node, tally]) => ({ id: node.id, title: node.title, ...tally })),
    pillars: [...byPillar].map(([node, tally]) => ({ id: node.id, title: node.title, ...tally })),
    departments: [...byDepartment].map(([code, { measures: numbers, tally }]) => ({
      code,
      name: catalogue.departmentName(code) ?? code,
      measures: numbers,
      ...tally,
    })),
  };
}
