import { PLAN_YEARS } from '../../functions/domain/catalogue/schema.ts';
import { formatFiscalYear, lastEndedFiscalYear } from '../../functions/domain/calendar/index.ts';
import type { Me, Overview, Permissions, Plan, PlanMeasure, Report, Revision } from '../../functions/contract/index.ts';
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

/**
 * The rules as the API applied them before it returned `permissions` (one place, so it can go once every
 * deployment sends them): HQ does everything but the 所属長's confirmation; staff report; a 所属長 reports
 * and confirms; the council reads.
 */
function permissionsOfRole(role: Role): Permissions {
  const hq = role === 'hq';
  const department = role === 'department' || role === 'department_head';
  return {
    canReport: hq || department,
    canConfirm: role === 'department_head',
    canReview: hq,
    canAssign: hq,
    canSendDigest: hq,
    canSeeHistory: hq || department,
    canSeeOverview: hq || role === 'viewer',
    canExport: hq,
    canImport: hq,
    canRecordOpinion: hq || role === 'viewer',
    canPublish: hq,
  };
}

/** The one accessor the views use: the server's flags, else the same rules derived from the role. */
export function permissions(me: Me): Permissions {
  return me.permissions ?? permissionsOfRole(me.role);
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
