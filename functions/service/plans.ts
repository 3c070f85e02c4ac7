import { formatPeriodLabel } from '../domain/calendar/index.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import type { PlanHeadRecord } from '../store/plan-records.ts';
import { versionInForce } from '../store/plans.ts';
import type { PlanEntry } from '../store/plans.ts';
import type { ServiceContext } from './context.ts';
import { NotFoundError } from './errors.ts';

/** A plan as GET /api/plans lists it (contract: planSummarySchema). */
export function planSummary(head: PlanHeadRecord) {
  return {
    id: head.id,
    title: head.title,
    city: head.city,
    firstFiscalYear: head.firstFiscalYear,
    lastFiscalYear: head.lastFiscalYear,
    periodLabel: formatPeriodLabel({ kind: 'fiscal_years', from: head.firstFiscalYear, to: head.lastFiscalYear }),
    status: head.status,
    version: head.version,
  };
}

/** Every plan of the deployment, in period order. Anyone signed in may read them: the plan is public. */
export async function listPlans(ctx: ServiceContext) {
  return (await ctx.plans.list()).map((entry) => planSummary(entry.head));
}

/** Which plan (and version) a plan view shows: the active plan's latest, a year's, or a plan's latest by id. */
export type PlanSelector = { active: true } | { fiscalYear: number } | { planId: string };

async function select(ctx: ServiceContext, selector: PlanSelector): Promise<{ entry: PlanEntry; catalogue: Catalogue; versionShown: number }> {
  const plans = await ctx.plans.list();
  let entry: PlanEntry | undefined;
  let version: PlanEntry['versions'][number] | undefined;
  if ('planId' in selector) {
    entry = plans.find((plan) => plan.head.id === selector.planId);
    if (!entry) throw new NotFoundError(`計画「${selector.planId}」はありません`);
    version = entry.versions.at(-1);
  } else if ('fiscalYear' in selector) {
    entry = await ctx.plans.entryFor(selector.fiscalYear);
    if (!entry) throw new NotFoundError(`${selector.fiscalYear}年度の計画はありません`);
    version = versionInForce(entry.versions, selector.fiscalYear);
  } else {
    entry = plans.find((plan) => plan.head.status === 'active') ?? plans.at(-1);
    if (!entry) throw new NotFoundError('計画データが読み込まれていません');
    version = entry.versions.at(-1);
  }
  return { entry, catalogue: await ctx.plans.catalogueOf(version!), versionShown: version!.version };
}

/**
 * The plan with its keys, its groups and measures in document order, and HQ's assignments folded in
 * (contract: planSchema). The assignments are the deployment's, by measure key.
 */
export async function planView(ctx: ServiceContext, selector: PlanSelector) {
  const [{ entry, catalogue, versionShown }, assignments] = await Promise.all([select(ctx, selector), ctx.store.listAssignments()]);
  const byMeasure = new Map(assignments.map((a) => [a.measure, a]));
  const assigned = Object.fromEntries(assignments.map((a) => [a.measure, a.departments]));
  const { plan } = catalogue;
  const nameOf = (code: string, names?: Record<string, string>) => catalogue.departmentName(code) ?? names?.[code] ?? code;
  return {
    ...planSummary(entry.head),
    versionShown,
    years: [...catalogue.years],
    hq: plan.hq,
    levels: plan.levels,
    scheduleVocabulary: plan.scheduleVocabulary,
    departments: plan.departments,
    groups: catalogue.groups.map(({ group, level }) => ({ ...group, level })),
    measures: catalogue.measures.map(({ measure, path }) => {
      const assignment = byMeasure.get(measure.key);
      return {
        ...measure,
        label: catalogue.measureLabel(measure),
        path: path.map((group) => group.key),
        assignedDepartments: (assignment?.departments ?? []).map((code) => ({ code, name: nameOf(code, assignment?.names) })),
        responsibleDepartments: catalogue.responsibleDepartments(measure, assigned),
      };
    }),
    financialIndicators: plan.financialIndicators,
    populationOutlook: plan.populationOutlook ?? null,
  };
}
