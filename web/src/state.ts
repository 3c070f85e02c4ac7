import { PLAN_YEARS } from '../../functions/domain/catalogue/schema.ts';
import { formatFiscalYear, lastEndedFiscalYear } from '../../functions/domain/calendar/index.ts';
import type { Me, Overview, Permissions, Plan, PlanMeasure, Report, ReportList, Revision } from '../../functions/contract/index.ts';
import { call } from './api.ts';

/** The answers' shapes come from the API's contract: one declaration for the server, the app and the tests. */
export type { Me, Overview, Permissions, Plan, PlanMeasure, Report, Revision };
export type Role = Me['role'];
/** A measure's items and their states for a year, as GET /fiscal-years/{fy}/overview lists them. */
export type MeasureStatus = Overview['measures'][number];

let plan: Plan | undefined;
let me: Me | undefined;

export async function getPlan(): Promise<Plan> {
  plan ??= (await call<Plan>('/plan')).data;
  return plan;
}

export async function getMe(): Promise<Me> {
  me ??= (await call<Me>('/me')).data;
  return me;
}

/** What the signed-in user may do, as the API computed it (domain/reports/permissions.ts): the views never re-derive it. */
export function permissions(me: Me): Permissions {
  return me.permissions;
}

/**
 * A year's overview whole: GET /fiscal-years/{fy}/overview answers in pages of measures (the totals and
 * the 未提出 list on every page), so the pages' measures and attainment lists are joined here.
 */
export async function getOverview(fy: number): Promise<Overview> {
  let { data: overview } = await call<Overview>(`/fiscal-years/${fy}/overview`);
  while (overview.nextCursor) {
    const { data: page } = await call<Overview>(`/fiscal-years/${fy}/overview?cursor=${encodeURIComponent(overview.nextCursor)}`);
    overview = {
      ...page,
      measures: [...overview.measures, ...page.measures],
      attainment: {
        ...page.attainment,
        kpis: [...overview.attainment.kpis, ...page.attainment.kpis],
        actionItems: [...overview.attainment.actionItems, ...page.attainment.actionItems],
        measures: [...overview.attainment.measures, ...page.attainment.measures],
      },
    };
  }
  return overview;
}

/** A year's reports the user may read, every page of GET /fiscal-years/{fy}/reports joined, in the API's order. */
export async function getReports(fy: number): Promise<Report[]> {
  let { data: page } = await call<ReportList>(`/fiscal-years/${fy}/reports`);
  const reports = [...page.reports];
  while (page.nextCursor) {
    ({ data: page } = await call<ReportList>(`/fiscal-years/${fy}/reports?cursor=${encodeURIComponent(page.nextCursor)}`));
    reports.push(...page.reports);
  }
  return reports;
}

export function forgetSession(): void {
  me = undefined;
  plan = undefined;
}

export const FISCAL_YEARS: readonly number[] = PLAN_YEARS;

/** The fiscal year in the route (?fy=), else the one departments report on now: the last 年度 that has ended. */
export function routeFiscalYear(params: URLSearchParams): number {
  const fy = Number(params.get('fy'));
  if (FISCAL_YEARS.includes(fy)) return fy;
  return Math.min(FISCAL_YEARS.at(-1)!, Math.max(FISCAL_YEARS[0]!, lastEndedFiscalYear()));
}

export const fyLabel = formatFiscalYear;

/** A department's name: the plan's, else the one HQ gave when assigning it; the code as a last resort. */
export function departmentName(plan: Plan, code: string): string {
  if (code === 'kankei-kakuka') return '関係各課';
  const named = plan.departments.find((d) => d.code === code) ?? plan.measures.flatMap((m) => m.assignedDepartments).find((d) => d.code === code);
  return named?.name ?? code;
}

/** Forgets the cached plan (after HQ changes an assignment, the plan's responsible departments change). */
export function forgetPlan(): void {
  plan = undefined;
}
