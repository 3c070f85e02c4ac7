import { resolveDepartments } from '../departments.ts';
import type { DepartmentAssignment } from '../departments.ts';
import { assessFiscalYear } from '../attainment/assess.ts';
import type { Tally } from '../attainment/assess.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS, KPI_RATING_LABELS, SCHEDULE_FLAG_LABELS } from '../attainment/labels.ts';
import type { Catalogue } from '../catalogue/catalogue.ts';
import { ASSIGNED_DEPARTMENTS, isReference } from '../catalogue/schema.ts';
import type { Kpi } from '../catalogue/schema.ts';
import { formatFiscalYear, formatPeriod, formatValue } from '../calendar/index.ts';
import type { ActionReportBody } from '../progress-reports/schema.ts';
import type { ReportActionItem, ReportKpi, ReportMeasure, ReportOpinion, YearReport } from './schema.ts';

/** An approved 取組項目 report of the year. */
export interface ApprovedActionReport {
  actionItem: string;
  body: ActionReportBody;
}

/** An approved KPI actual: period is the fiscal year (or calendar year for a calendar-year KPI). */
export interface ApprovedKpiActual {
  kpi: string;
  period: number;
  value: number;
}

const tallyOf = (tally: Tally) => ({
  kpiRatings: { ...tally.kpiRatings },
  actionRatings: { ...tally.actionRatings },
  scheduleFlags: { ...tally.scheduleFlags },
});

function kpiEntry(kpi: Kpi, assessed: { rating: ReportKpi['rating']; series: { period: number; value: number }[] }): ReportKpi {
  return {
    id: kpi.id,
    name: kpi.name,
    unit: kpi.unit,
    basis: kpi.basis,
    baseline: { value: kpi.baseline.value, label: kpi.baseline.label, period: kpi.baseline.period, periodLabel: formatPeriod(kpi.baseline.period, kpi.basis) },
    target: { value: kpi.target.value, label: kpi.target.label, period: kpi.target.period, periodLabel: formatPeriod(kpi.target.period, kpi.basis) },
    actuals: assessed.series.map(({ period, value }) => ({
      period,
      periodLabel: formatPeriod(period, kpi.basis),
      value,
      valueText: formatValue(value, kpi.unit),
    })),
    rating: assessed.rating,
    ratingLabel: KPI_RATING_LABELS[assessed.rating],
  };
}

/**
 * The year's report from the plan and APPROVED content only: the caller passes approved reports and
 * actuals, and anything else never reaches this function, so nothing unapproved can leak into the
 * print view, the Word document or a publication. An action item without an approved report reads
 * 未承認 (approved false, no text); ratings and roll-ups come from the attainment engine over the same
 * approved inputs (design.md, "KPI attainment rules").
 *
 * Throws what assessFiscalYear throws for ids the plan does not have or a fiscal year outside it.
 */
export function buildYearReport(input: {
  catalogue: Catalogue;
  fiscalYear: number;
  /** HQ's assignment records: which departments, and the names of those HQ added (one resolver names them all). */
  assignments: readonly DepartmentAssignment[];
  actionReports: readonly ApprovedActionReport[];
  kpiActuals: readonly ApprovedKpiActual[];
  opinions: readonly ReportOpinion[];
}): YearReport {
  const { catalogue, fiscalYear } = input;
  const departmentsResolved = resolveDepartments(catalogue, input.assignments);
  const { assignments } = departmentsResolved;
  const assessment = assessFiscalYear({
    catalogue,
    fiscalYear,
    departments: departmentsResolved,
    actuals: input.kpiActuals.filter((actual) => actual.period <= fiscalYear),
    actionReports: input.actionReports.map(({ actionItem, body }) => ({ actionItem, fiscalYear, status: body.status, rating: body.rating })),
  });
  const bodies = new Map(input.actionReports.map((report) => [report.actionItem, report.body]));
  const assessedItems = new Map(assessment.actionItems.map((item) => [item.id, item]));
  const assessedKpis = new Map(assessment.kpis.map((kpi) => [kpi.id, kpi]));
  const tallies = new Map(assessment.measures.map((measure) => [measure.number, measure]));
  const opinionsOf = (measure: number | null) => input.opinions.filter((opinion) => opinion.measure === measure);
  const departmentName = (code: string) => departmentsResolved.name(code);

  const pillars: YearReport['pillars'] = catalogue.plan.pillars.map((pillar) => ({
    id: pillar.id,
    title: pillar.title,
    tally: tallyOf(assessment.pillars.find((node) => node.id === pillar.id)!),
    policies: pillar.policies.map((policy) => ({
      id: policy.id,
      title: policy.title,
      tally: tallyOf(assessment.policies.find((node) => node.id === policy.id)!),
      measures: policy.subPolicies.flatMap((subPolicy) =>
        subPolicy.measures.map((measure): ReportMeasure => {
          const departments = catalogue.responsibleDepartments(measure, assignments).map(departmentName);
          const unassigned = measure.owners.includes(ASSIGNED_DEPARTMENTS) && !assignments[measure.number]?.length;
          return {
            number: measure.number,
            title: measure.title,
            pillar: pillar.id,
            policy: policy.id,
            subPolicy: { id: subPolicy.id, title: subPolicy.title },
            departments: unassigned ? [...departments, '関係各課'] : departments,
            direction: measure.direction,
            actionItems: measure.actionItems.map((item): ReportActionItem => {
              if (isReference(item)) {
                return {
                  id: item.id,
                  title: item.title,
                  planned: null,
                  referenceTo: item.referenceTo,
                  approved: false,
                  status: null,
                  statusLabel: null,
                  schedule: 'unreported',
                  scheduleLabel: `施策${item.referenceTo.split('-')[0]}に記載`,
                  rating: null,
                  ratingLabel: null,
                  achievements: null,
                  challenges: null,
                  nextSteps: null,
                };
              }
              const assessed = assessedItems.get(item.id)!;
              const body = bodies.get(item.id);
              return {
                id: item.id,
                title: item.title,
                planned: assessed.planned.activity,
                referenceTo: null,
                approved: Boolean(body),
                status: body?.status ?? null,
                statusLabel: body ? ACTION_STATUS_LABELS[body.status] : null,
                schedule: assessed.schedule,
                scheduleLabel: SCHEDULE_FLAG_LABELS[assessed.schedule],
                rating: body?.rating ?? null,
                ratingLabel: body ? ACTION_RATING_LABELS[body.rating] : null,
                achievements: body?.achievements ?? null,
                challenges: body?.challenges ?? null,
                nextSteps: body?.nextSteps ?? null,
              };
            }),
            kpis: measure.kpis.map((kpi) => kpiEntry(kpi, assessedKpis.get(kpi.id)!)),
            opinions: opinionsOf(measure.number),
            tally: tallyOf(tallies.get(measure.number)!),
          };
        }),
      ),
    })),
  }));

  return {
    planTitle: catalogue.plan.title,
    fiscalYear,
    fiscalYearLabel: formatFiscalYear(fiscalYear),
    pillars,
    summary: {
      total: tallyOf(assessment.total),
      pillars: assessment.pillars.map((node) => ({ id: node.id, title: node.title, tally: tallyOf(node) })),
      departments: assessment.departments.map((node) => ({ id: node.code, title: departmentName(node.code), tally: tallyOf(node) })),
    },
    financialIndicators: catalogue.plan.financialIndicators.map((indicator) => ({
      name: indicator.name,
      unit: indicator.unit,
      ...indicator.values,
      note: indicator.note,
    })),
    populationOutlook: catalogue.plan.populationOutlook,
    opinions: opinionsOf(null),
  };
}

/** Every measure of a report in document order (施策1 … 施策44). */
export function reportMeasures(report: YearReport): ReportMeasure[] {
  return report.pillars.flatMap((pillar) => pillar.policies.flatMap((policy) => policy.measures));
}
