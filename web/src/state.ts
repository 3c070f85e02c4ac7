import { formatFiscalYear } from '../../functions/domain/calendar/index.ts';
import type { Me, Overview, Permissions, Plan, PlanMeasure, Report, Revision } from '../../functions/contract/index.ts';
import { call } from './api.ts';
import type { AnswerBody } from '../../functions/contract/answers.ts';
import { openingFiscalYear, serverClock } from './models/clock.ts';

/** The answers' shapes come from the API's contract: one declaration for the server, the app and the tests. */
export type { Me, Overview, Permissions, Plan, PlanMeasure, Report, Revision };
export type Role = Me['role'];
/** A measure's items and their states for a year, as GET /fiscal-years/{fy}/overview lists them. */
export type MeasureStatus = Overview['measures'][number];

let plan: Promise<Plan> | undefined;
let years: readonly number[] | undefined;
let me: Promise<Me> | undefined;

/**
 * The active plan (GET /api/plan), fetched once and kept until forgetPlan() or sign-out. The request in flight
 * is shared, as getMe's: route() asks for the plan twice at once (itself and routeFiscalYear), and the plan is the
 * largest answer the first screen waits for (about 18 KB compressed), so asking twice delayed every first screen.
 */
export function getPlan(): Promise<Plan> {
  plan ??= call('planSchema', '/plan').then(
    ({ data }) => {
      years = data.years;
      return data;
    },
    (error: unknown) => {
      plan = undefined;
      throw error;
    },
  );
  return plan;
}

/**
 * The signed-in person (GET /api/me), fetched once and kept until sign-out; the one request in flight is
 * shared. Its answer also sets the app's clock from the server's (models/clock.ts).
 */
export function getMe(): Promise<Me> {
  me ??= call('meSchema', '/me').then(
    ({ data }) => {
      serverClock.set(data.now);
      return data;
    },
    (error: unknown) => {
      me = undefined;
      throw error;
    },
  );
  return me;
}

/** What the signed-in user may do, as the API computed it (domain/permissions/permissions.ts): the views never re-derive it. */
export function permissions(me: Me): Permissions {
  return me.permissions;
}

/**
 * Every page of a paged list (GET …/overview, GET …/reports), in order: the first page, then each
 * `?cursor=<nextCursor>` until the API says there is none.
 */
async function allPages<K extends 'overviewSchema' | 'reportListSchema'>(answer: K, path: string): Promise<AnswerBody<K>[]> {
  const pages: AnswerBody<K>[] = [];
  let cursor: string | null = null;
  do {
    const { data: page }: { data: AnswerBody<K> } = await call(answer, cursor === null ? path : `${path}?cursor=${encodeURIComponent(cursor)}`);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

/**
 * A year's overview whole: the overview answers in pages of measures, each with its own measures' roll-ups
 * and 未提出, so a page costs what its measures do; the pages are added up here (contract joinOverviewPages).
 */
export async function getOverview(fy: number): Promise<Overview> {
  // Loaded with the overview, not with the app: the first screen's JavaScript has a budget (50 KB gzip).
  const [{ joinOverviewPages }, pages] = await Promise.all([
    import('../../functions/contract/overview-pages.ts'),
    allPages('overviewSchema', `/fiscal-years/${fy}/overview`),
  ]);
  return joinOverviewPages(pages);
}

/** A year's reports the user may read, every page of GET /fiscal-years/{fy}/reports joined, in the API's order. */
export async function getReports(fy: number): Promise<Report[]> {
  return (await allPages('reportListSchema', `/fiscal-years/${fy}/reports`)).flatMap((page) => page.reports);
}

export function forgetSession(): void {
  me = undefined;
  plan = undefined;
  years = undefined;
}

/**
 * The plan's fiscal years, first to last, as GET /api/plan gives them: the one place the app learns
 * them, so the year pickers, the schedule table and the charts follow whatever plan is in use.
 * Synchronous for the templates: route() awaits routeFiscalYear(), which loads the plan, before any
 * view draws; they stay known across forgetPlan() (an assignment does not change the years).
 * Throws Error when called before that (a programming error, not a user's).
 */
export function fiscalYears(): readonly number[] {
  if (!years) throw new Error('計画の年度がまだ読み込まれていません（getPlan() の前に呼ばれました）');
  return years;
}

/**
 * The fiscal year in the route (?fy=) when the plan has it, else the one departments report on now
 * (the last 年度 that has ended, by the server's clock), kept within the plan's years. Loads the plan and the
 * signed-in person (whose answer carries the server's clock).
 */
export async function routeFiscalYear(params: URLSearchParams): Promise<number> {
  await Promise.all([getPlan(), getMe()]);
  return openingFiscalYear(fiscalYears(), Number(params.get('fy')), serverClock.now());
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
