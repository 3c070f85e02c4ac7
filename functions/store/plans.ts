import { formatFiscalYear } from '../domain/calendar/index.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { PLAN_CONTENT_FORMAT } from '../domain/catalogue/content-format.ts';
import type { Plan } from '../domain/catalogue/schema.ts';
import type { PlanHeadRecord, PlanVersionRecord } from './plan-records.ts';
import type { AssignmentRecord } from './records.ts';
import type { Store } from './store.ts';

/** A plan's head with its versions, oldest first. */
export interface PlanEntry {
  head: PlanHeadRecord;
  versions: readonly PlanVersionRecord[];
}

/** Raised when no plan is loaded at all, or none covers the year asked: the service answers 404. */
export class NoPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoPlanError';
  }
}

/**
 * The deployment's plans as the table holds them, cached: the heads for `ttlMs` (a revision applied by
 * another instance is seen within that time; the instance that applied it calls `forget()`), each version's
 * content for as long as the process lives (content is immutable, named by its hash).
 *
 * Which plan and version answer for a fiscal year: the plan whose period covers the year (periods of one
 * deployment never overlap), at the latest version in force for it (`effectiveFrom` ≤ the year). So a
 * report of FY2026 is always read against the plan as it stood for FY2026, even after a 中間見直し from FY2028.
 */
export class PlanRegistry {
  private entries?: { at: number; plans: Promise<PlanEntry[]> };
  private assignmentsRead?: { at: number; assignments: Promise<AssignmentRecord[]> };
  private readonly catalogues = new Map<string, Promise<Catalogue>>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 30_000,
  ) {}

  /** Every plan with its versions, in period order. */
  list(): Promise<PlanEntry[]> {
    if (this.entries && Date.now() - this.entries.at < this.ttlMs) return this.entries.plans;
    const plans = this.store.listPlans().then(async (heads) => {
      const entries = await Promise.all(heads.map(async (head) => ({ head, versions: await this.store.listPlanVersions(head.id) })));
      return entries.sort((a, b) => a.head.firstFiscalYear - b.head.firstFiscalYear);
    });
    plans.catch(() => this.forget());
    this.entries = { at: Date.now(), plans };
    return plans;
  }

  /**
   * Starts reading the plans, the plan in force for `fiscalYear` and the assignments, without waiting: Lambda runs a
   * function's module before its first request, and this lets the plan's reads from the table overlap the
   * rest of that start (compiling the route, the first request's own work) instead of following it
   * (issue 22, the API's cold start). A failure is left to the request that needs the plan, which reads again.
   */
  warm(fiscalYear: number): void {
    this.forYear(fiscalYear).catch(() => undefined);
    this.assignments().catch(() => undefined);
  }

  /**
   * 関係各課の割当て (which departments answer for a measure the plan gives to 関係各課), cached as the heads
   * are and for the same reason: every request's permissions are decided with them, and reading them was a
   * second round trip to the table in each report GET and PUT, most of the API's time over a bare route's
   * (issue 22, bench/api.bench.ts). A change made on another instance is seen within `ttlMs`; this
   * instance's own (service/assignments.ts) calls `forget()`. Assignments change when HQ reorganises a
   * measure's departments, not in the flow of a day's reports.
   */
  assignments(): Promise<AssignmentRecord[]> {
    if (this.assignmentsRead && Date.now() - this.assignmentsRead.at < this.ttlMs) return this.assignmentsRead.assignments;
    const assignments = this.store.listAssignments();
    assignments.catch(() => {
      this.assignmentsRead = undefined;
    });
    this.assignmentsRead = { at: Date.now(), assignments };
    return assignments;
  }

  /** Drops the cached heads and assignments (after this instance changed a plan or an assignment). */
  forget(): void {
    this.entries = undefined;
    this.assignmentsRead = undefined;
  }

  /**
   * A version's plan, read once per content. Content of today's format (PLAN_CONTENT_FORMAT) is what
   * planSchema returned and the catalogue's validation passed when it was written: it is indexed as it is.
   * Older content is checked and completed by planSchema again.
   */
  catalogueOf(version: PlanVersionRecord): Promise<Catalogue> {
    let catalogue = this.catalogues.get(version.hash);
    if (!catalogue) {
      // The module that makes the catalogue loads while the plan is read: no request before the first plan
      // read compiles it, and that one does not wait longer for it. Only older content loads the plan's
      // schemas and checks (zod and the catalogue's validation, ~50 KB).
      const make =
        version.format === PLAN_CONTENT_FORMAT
          ? import('../domain/catalogue/catalogue.ts').then(
              ({ Catalogue }) =>
                (content: unknown) =>
                  new Catalogue(content as Plan),
            )
          : import('../domain/catalogue/parse.ts').then(({ parseCatalogue }) => parseCatalogue);
      catalogue = Promise.all([this.store.readPlanContent(version), make]).then(([content, make]) => make(content));
      catalogue.catch(() => this.catalogues.delete(version.hash));
      this.catalogues.set(version.hash, catalogue);
    }
    return catalogue;
  }

  /** The plan entry by id, or undefined. */
  async entry(planId: string): Promise<PlanEntry | undefined> {
    return (await this.list()).find((entry) => entry.head.id === planId);
  }

  /** The plan active for reporting, at its latest version. NoPlanError before any plan is loaded. */
  async active(): Promise<Catalogue> {
    const plans = await this.list();
    const entry = plans.find((plan) => plan.head.status === 'active') ?? plans.at(-1);
    if (!entry) throw new NoPlanError('計画データが読み込まれていません（npm start が読み込むか、推進本部が計画を登録してください）');
    return this.catalogueOf(entry.versions.at(-1)!);
  }

  /**
   * The plan entry whose period covers the fiscal year, or else the first plan after it: a KPI whose target
   * window starts before its plan (8件/年 (R7～11年度) in a plan from R8) takes that year's actual under
   * its plan. Undefined when no plan covers or follows the year.
   */
  async entryFor(fiscalYear: number): Promise<PlanEntry | undefined> {
    const plans = await this.list();
    return (
      plans.find(({ head }) => fiscalYear >= head.firstFiscalYear && fiscalYear <= head.lastFiscalYear) ??
      plans.find(({ head }) => head.firstFiscalYear === fiscalYear + 1)
    );
  }

  /** The plan as it stood for a fiscal year (see the class comment); NoPlanError when no plan covers it. */
  async forYear(fiscalYear: number): Promise<Catalogue> {
    const entry = await this.entryFor(fiscalYear);
    if (!entry) throw new NoPlanError(`${formatFiscalYear(fiscalYear)}の計画はありません`);
    return this.catalogueOf(versionInForce(entry.versions, fiscalYear));
  }
}

/** The latest version whose `effectiveFrom` is not after the year; the first version for years before every revision. */
export function versionInForce(versions: readonly PlanVersionRecord[], fiscalYear: number): PlanVersionRecord {
  let found = versions[0]!;
  for (const version of versions) if (version.effectiveFrom <= fiscalYear) found = version;
  return found;
}
