import { PLAN_YEARS } from '../../functions/domain/catalogue/schema.ts';
import { formatFiscalYear, lastEndedFiscalYear } from '../../functions/domain/calendar/index.ts';
import type { Me, Plan, PlanMeasure, Report } from '../../functions/contract/index.ts';
import { call } from './api.ts';

/** The answers' shapes come from the API's contract: one declaration for the server, the app and the tests. */
export type { Me, Plan, PlanMeasure, Report };

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
