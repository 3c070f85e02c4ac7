import { resolveDepartments } from '../departments.ts';
import type { DepartmentAssignment } from '../departments.ts';
import { assessFiscalYear } from '../attainment/assess.ts';
import type { Tally } from '../attainment/assess.ts';
import type { KpiSelfAssessment } from '../attainment/kpi.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS, KPI_RATING_LABELS, SCHEDULE_FLAG_LABELS } from '../attainment/labels.ts';
import type { Catalogue } from '../catalogue/catalogue.ts';
import { ASSIGNED_DEPARTMENTS, isReference } from '../catalogue/schema.ts';
import type { Kpi } from '../catalogue/schema.ts';
import { formatFiscalYear, formatPeriod, formatPeriodLabel, formatValue } from '../calendar/index.ts';
import { formatBaseline, formatTarget } from '../catalogue/kpi-periods.ts';
import type { ActionReportBody } from '../progress-reports/schema.ts';
import { isShared, isWholeItemReport, joinPartTexts, legacyPartOf, rollUpAssessment } from '../progress-reports/parts.ts';
import type { ReportActionItem, ReportActionPart, ReportKpi, ReportMeasure, ReportOpinion, YearReport } from './schema.ts';

/** An approved 取組項目 report of the year. */
export interface ApprovedActionReport {
  actionItem: string;
  body: ActionReportBody;
  /** A shared item's part (関係各課): its department; absent on an unshared item's report and on one written before parts existed. */
  department?: string;
  /** The departments it was submitted for: names the part of a shared item's report written before parts existed. */
  submittedFrom?: readonly string[];
}

/**
 * A shared item's (関係各課) approved parts as one report: each text prefixed 【課名】, joined by line breaks (joinPartTexts: an empty one prints nothing);
 * the least advanced status and worst rating (rollUpAssessment); 効果額 the parts' sum. Undefined unless
 * every responsible department's part is approved (the item is not approved before), except the texts.
 */
function combinedParts(parts: readonly { name: string; body: ActionReportBody | undefined }[]): {
  body: ActionReportBody | undefined;
  texts: Pick<ActionReportBody, 'achievements' | 'challenges' | 'nextSteps'> | undefined;
} {
  const approved = parts.flatMap(({ name, body }) => (body ? [{ name, body }] : []));
  const [first, ...rest] = approved;
  if (!first) return { body: undefined, texts: undefined };
  const joined = (field: 'achievements' | 'challenges' | 'nextSteps') => joinPartTexts(approved.map(({ name, body }) => ({ name, text: body[field] })));
  const texts = { achievements: joined('achievements'), challenges: joined('challenges'), nextSteps: joined('nextSteps') };
  if (approved.length < parts.length) return { body: undefined, texts };
  const amounts = approved.flatMap(({ body }) => (body.effectAmount === undefined ? [] : [body.effectAmount]));
  const effect = amounts.length === 0 ? {} : { effectAmount: amounts.reduce((a, b) => a + b, 0) };
  return { body: { ...texts, ...rollUpAssessment([first.body, ...rest.map((part) => part.body)]), ...effect }, texts };
}

/** An approved KPI actual: period is the fiscal year (or calendar year for a calendar-year KPI). */
export interface ApprovedKpiActual {
  kpi: string;
  period: number;
  /** Absent for a qualitative KPI's actual, which carries its department's assessment instead. */
  value?: number;
  assessment?: KpiSelfAssessment;
  /** 時点 as the department entered it, YYYY-MM-DD. */
  asOf?: string;
  /** 出典・備考 as the department entered it. */
  note?: string;
}

/** 効果額 an approved action report of an earlier fiscal year stated, in yen. */
export interface ApprovedEffect {
  actionItem: string;
  fiscalYear: number;
  amount: number;
}

/**
 * 効果額 over the plan's years up to `fiscalYear`, in yen: what the plan expects of every scheduled item
 * in those years, and what approved reports state (this year's from `bodies`, earlier ones from `earlier`).
 */
function effectTotalsOf(catalogue: Catalogue, fiscalYear: number, bodies: ReadonlyMap<string, ActionReportBody>, earlier: readonly ApprovedEffect[]) {
  let planned = 0;
  for (const { measure } of catalogue.measures) {
    for (const item of measure.actionItems) {
      if (isReference(item)) continue; // its amount is the item it points to
      for (const entry of item.effect?.planned ?? []) {
        if (entry.fiscalYear >= catalogue.plan.period.firstFiscalYear && entry.fiscalYear <= fiscalYear) planned += entry.amount;
      }
    }
  }
  let achieved = 0;
  for (const effect of earlier) {
    if (effect.fiscalYear >= catalogue.plan.period.firstFiscalYear && effect.fiscalYear < fiscalYear) achieved += effect.amount;
  }
  for (const body of bodies.values()) achieved += body.effectAmount ?? 0;
  return { planned, achieved };
}

const tallyOf = (tally: Tally) => ({
  kpiRatings: { ...tally.kpiRatings },
  actionRatings: { ...tally.actionRatings },
  scheduleFlags: { ...tally.scheduleFlags },
});

/** One department's part of a shared item in the report: its approved texts, or nulls until HQ approves it. */
function partEntry({ department, name, body }: { department: string; name: string; body: ActionReportBody | undefined }): ReportActionPart {
  return {
    department,
    name,
    status: body?.status ?? null,
    statusLabel: body ? ACTION_STATUS_LABELS[body.status] : null,
    rating: body?.rating ?? null,
    ratingLabel: body ? ACTION_RATING_LABELS[body.rating] : null,
    achievements: body?.achievements ?? null,
    challenges: body?.challenges ?? null,
    nextSteps: body?.nextSteps ?? null,
  };
}

/**
 * The target as the report prints it, in the one notation (formatTarget): its period once —
 * 「90%（令和11年度）」, never 「90% (R11年度)（令和11年度）」 — and a mean over years said so:
 * 「8件/年（令和7〜11年度平均）」 (33-K1), where 「（令和11年度）」 read as a single year.
 */
export function kpiTargetText(kpi: Kpi): string {
  const text = formatTarget(kpi);
  return kpi.target.comparison === 'window_mean' ? text.replace(/）$/, '平均）') : text;
}

/** Decimals the plan writes a KPI with: the most of any number in its baseline and target labels (99.48% → 2). */
function planDecimals(kpi: Kpi): number {
  const fractions = `${kpi.baseline.label} ${kpi.target.label}`.match(/\d\.\d+/g) ?? [];
  return Math.max(0, ...fractions.map((number) => number.length - number.indexOf('.') - 1));
}

/** A value in its unit with at least `decimals` decimals (0.5 → 0.50 beside a plan that writes 99.48%); yen are whole. */
export function formatKpiValue(value: number, unit: string, decimals: number): string {
  const text = formatValue(value, unit);
  if (decimals === 0 || unit === '円') return text;
  return text.replace(/^([\d,]+)(?:\.(\d+))?/, (_, integer: string, fraction = '') => `${integer}.${fraction.padEnd(decimals, '0')}`);
}

function kpiEntry(
  kpi: Kpi,
  assessed: { rating: ReportKpi['rating']; reason: NonNullable<ReportKpi['reason']> | null; series: { period: number; value: number }[] },
  entered: ReadonlyMap<number, { asOf?: string; note?: string }>,
): ReportKpi {
  const decimals = planDecimals(kpi);
  return {
    id: kpi.key,
    number: kpi.number,
    name: kpi.name,
    unit: kpi.unit,
    basis: kpi.basis,
    baseline: {
      value: kpi.baseline.value,
      label: kpi.baseline.label,
      period: kpi.baseline.period,
      periodLabel: formatPeriod(kpi.baseline.period, kpi.basis),
      text: formatBaseline(kpi),
      ...(kpi.baseline.date ? { date: kpi.baseline.date } : {}),
    },
    target: {
      value: kpi.target.value,
      label: kpi.target.label,
      period: kpi.target.period,
      periodLabel: formatPeriod(kpi.target.period, kpi.basis),
      text: kpiTargetText(kpi),
    },
    actuals: assessed.series.map(({ period, value }) => {
      const { asOf, note } = entered.get(period) ?? {};
      return {
        period,
        periodLabel: formatPeriod(period, kpi.basis),
        value,
        valueText: formatKpiValue(value, kpi.unit, decimals),
        ...(asOf ? { asOf } : {}),
        ...(note ? { note } : {}),
      };
    }),
    rating: assessed.rating,
    ratingLabel: KPI_RATING_LABELS[assessed.rating],
    reason: assessed.reason,
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
  /** 効果額 of approved action reports of the plan's earlier fiscal years (this year's are in actionReports). */
  earlierEffects: readonly ApprovedEffect[];
  opinions: readonly ReportOpinion[];
}): YearReport {
  const { catalogue, fiscalYear } = input;
  // Departments as they stood in the year reported on (機構改革): that year's owners and names.
  const departmentsResolved = resolveDepartments(catalogue, input.assignments, fiscalYear);
  const { assignments } = departmentsResolved;
  const departmentName = (code: string) => departmentsResolved.name(code);
  // A shared item's parts, each under its department's name, and the one body the item is reported with.
  const partsOf = new Map<string, { department: string; name: string; body: ActionReportBody | undefined }[]>();
  const bodies = new Map<string, ActionReportBody>();
  const sharedTexts = new Map<string, Pick<ActionReportBody, 'achievements' | 'challenges' | 'nextSteps'>>();
  for (const { measure } of catalogue.measures) {
    const responsible = catalogue.responsibleDepartments(measure, assignments, fiscalYear);
    for (const item of measure.actionItems) {
      const reports = input.actionReports.filter((report) => report.actionItem === item.key);
      if (!isShared(responsible) || isWholeItemReport(reports)) {
        const body = (reports.find((report) => !report.department) ?? reports[0])?.body;
        if (body) bodies.set(item.key, body);
        continue;
      }
      const parts = responsible.map((department) => ({
        department,
        name: departmentName(department),
        body: reports.find((report) => (report.department ?? legacyPartOf(report, responsible)) === department)?.body,
      }));
      partsOf.set(item.key, parts);
      const { body, texts } = combinedParts(parts);
      if (body) bodies.set(item.key, body);
      if (texts) sharedTexts.set(item.key, texts);
    }
  }
  const assessment = assessFiscalYear({
    catalogue,
    fiscalYear,
    departments: departmentsResolved,
    actuals: input.kpiActuals.filter((actual) => actual.period <= fiscalYear),
    actionReports: [...bodies].map(([actionItem, body]) => ({ actionItem, fiscalYear, status: body.status, rating: body.rating })),
    // Each approved part counts for its own department's tally (課別), before every part is approved.
    actionParts: [...partsOf].flatMap(([actionItem, parts]) =>
      parts.flatMap(({ department, body }) => (body ? [{ actionItem, fiscalYear, department, status: body.status, rating: body.rating }] : [])),
    ),
  });
  const assessedItems = new Map(assessment.actionItems.map((item) => [item.id, item]));
  const assessedKpis = new Map(assessment.kpis.map((kpi) => [kpi.id, kpi]));
  const tallies = new Map(assessment.measures.map((measure) => [measure.key, measure]));
  // 時点 and 出典 of each approved actual, by KPI and period: the attainment engine passes on values only.
  const enteredOf = (kpi: string) => new Map(input.kpiActuals.filter((actual) => actual.kpi === kpi).map(({ period, asOf, note }) => [period, { asOf, note }]));
  const opinionsOf = (measure: string | null) => input.opinions.filter((opinion) => opinion.measure === measure);
  const { plan } = catalogue;

  const measures = catalogue.measures.map(({ measure, path }): ReportMeasure => {
    const departments = catalogue.responsibleDepartments(measure, assignments, fiscalYear).map(departmentName);
    const unassigned = measure.owners.includes(ASSIGNED_DEPARTMENTS) && !assignments[measure.key]?.length;
    return {
      key: measure.key,
      number: measure.number,
      label: catalogue.measureLabel(measure),
      title: measure.title,
      path: path.map((group) => group.key),
      departments: unassigned ? [...departments, '関係各課'] : departments,
      direction: measure.direction,
      footnotes: measure.footnotes,
      actionItems: measure.actionItems.map((item): ReportActionItem => {
        const common = {
          id: item.key,
          number: item.number,
          title: item.title,
          achievements: null,
          challenges: null,
          nextSteps: null,
          effect: null,
          parts: null,
        };
        const unrated = { approved: false, status: null, statusLabel: null, rating: null, ratingLabel: null };
        if (isReference(item)) {
          const target = catalogue.actionItem(item.referenceTo);
          const where = target ? catalogue.measureLabel(target.measure) : item.referenceTo;
          return { ...common, ...unrated, planned: null, referenceTo: item.referenceTo, schedule: 'unreported', scheduleLabel: `${where}に記載` };
        }
        const assessed = assessedItems.get(item.key);
        // Nothing scheduled this year and nothing reported: the plan asks nothing of the item.
        if (!assessed) return { ...common, ...unrated, planned: null, referenceTo: null, schedule: 'not_scheduled', scheduleLabel: '予定なし' };
        const body = bodies.get(item.key);
        const planned = item.effect?.planned.find((entry) => entry.fiscalYear === fiscalYear)?.amount ?? null;
        const achieved = body?.effectAmount ?? null;
        return {
          ...common,
          effect: planned === null && achieved === null ? null : { planned, achieved },
          planned: assessed.planned.activity || null,
          referenceTo: null,
          approved: Boolean(body),
          status: body?.status ?? null,
          statusLabel: body ? ACTION_STATUS_LABELS[body.status] : null,
          schedule: assessed.schedule,
          scheduleLabel: SCHEDULE_FLAG_LABELS[assessed.schedule],
          rating: body?.rating ?? null,
          ratingLabel: body ? ACTION_RATING_LABELS[body.rating] : null,
          achievements: (body ?? sharedTexts.get(item.key))?.achievements ?? null,
          challenges: (body ?? sharedTexts.get(item.key))?.challenges ?? null,
          nextSteps: (body ?? sharedTexts.get(item.key))?.nextSteps ?? null,
          parts: partsOf.get(item.key)?.map(partEntry) ?? null,
        };
      }),
      kpis: measure.kpis.map((kpi) => kpiEntry(kpi, assessedKpis.get(kpi.key)!, enteredOf(kpi.key))),
      opinions: opinionsOf(measure.key),
      tally: tallyOf(tallies.get(measure.key)!),
    };
  });

  const levels = plan.levels.map((level) => level.name);
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      city: { ...plan.city },
      firstFiscalYear: plan.period.firstFiscalYear,
      lastFiscalYear: plan.period.lastFiscalYear,
      periodLabel: formatPeriodLabel({ kind: 'fiscal_years', from: plan.period.firstFiscalYear, to: plan.period.lastFiscalYear }),
      hq: { name: plan.hq.name, secretariat: departmentName(plan.hq.department) },
      levels,
    },
    planTitle: plan.title,
    fiscalYear,
    fiscalYearLabel: formatFiscalYear(fiscalYear),
    groups: assessment.groups.map((group) => ({
      key: group.key,
      level: group.level,
      levelName: levels[group.level] ?? '',
      number: group.number,
      title: group.title,
      parent: catalogue.group(group.key)?.group.parent ?? null,
      tally: tallyOf(group),
    })),
    measures,
    summary: {
      total: tallyOf(assessment.total),
      groups: assessment.groups
        .filter((group) => group.level === 0)
        .map((group) => ({ id: group.key, title: `${group.number} ${group.title}`, tally: tallyOf(group) })),
      departments: assessment.departments.map((node) => ({ id: node.code, title: departmentName(node.code), tally: tallyOf(node) })),
    },
    financialIndicators: plan.financialIndicators.map((indicator) => ({
      name: indicator.name,
      unit: indicator.unit,
      ...indicator.values,
      note: indicator.note,
    })),
    populationOutlook: plan.populationOutlook ?? null,
    opinions: opinionsOf(null),
    effectTotals: effectTotalsOf(catalogue, fiscalYear, bodies, input.earlierEffects),
  };
}

/** Every measure of a report in document order (施策1 … 施策44). */
export function reportMeasures(report: YearReport): ReportMeasure[] {
  return report.measures;
}

export { measuresWithHeadings } from './headings.ts';
