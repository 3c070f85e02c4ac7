import type { Department, Measure } from '../../functions/domain/catalogue/schema.ts';
import type { FinancialIndicator } from '../../functions/domain/catalogue/schema.ts';
import { formatFiscalYear } from '../../functions/domain/calendar/index.ts';
import { call } from './api.ts';

export type PlanMeasure = Measure & { pillar: string; policy: string; subPolicy: string; responsibleDepartments: string[]; assignedDepartments: Department[] };
export interface Plan {
  title: string;
  departments: Department[];
  pillars: { id: string; title: string; policies: { id: string; title: string; subPolicies: { id: string; title: string; measures: number[] }[] }[] }[];
  measures: PlanMeasure[];
  financialIndicators: FinancialIndicator[];
}
export interface Me {
  sub: string;
  name: string;
  role: 'hq' | 'department' | 'viewer';
  departments: Department[];
  measures: number[];
}
export interface Report {
  kind: 'action' | 'kpi';
  fiscalYear: number;
  id: string;
  measure: number;
  state: 'draft' | 'submitted' | 'returned' | 'approved';
  stateLabel: string;
  comment: string | null;
  version: number;
  updatedAt: string;
  updatedBy: { sub: string; name: string };
  body: Record<string, unknown>;
}

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

export const FISCAL_YEARS = [2026, 2027, 2028, 2029, 2030];

/** The fiscal year in the route (?fy=), else the one departments are reporting on now. */
export function routeFiscalYear(params: URLSearchParams): number {
  const fy = Number(params.get('fy'));
  if (FISCAL_YEARS.includes(fy)) return fy;
  const now = new Date(Date.now() + 9 * 3600_000);
  const current = now.getUTCMonth() + 1 >= 4 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return Math.min(2030, Math.max(2026, current - 1));
}

export const fyLabel = formatFiscalYear;
