import type { DepartmentDirectory } from '../departments/directory.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { resolveDepartments } from '../domain/departments.ts';
import type { Departments } from '../domain/departments.ts';
import { Permissions } from '../domain/permissions/permissions.ts';
import type { Caller } from '../domain/permissions/permissions.ts';
import type { PermissionTable } from '../domain/permissions/table.ts';
import type { WorkflowSettings } from '../domain/progress-reports/workflow.ts';
import type { Author } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { fiscalYearOf } from '../domain/calendar/index.ts';
import { NoPlanError } from '../store/plans.ts';
import type { PlanRegistry } from '../store/plans.ts';
import type { AssignmentRecord } from '../store/records.ts';
import { NotFoundError } from './errors.ts';

/** The plan, what the caller may do in it, and every department's name (HQ's added ones too). */
export interface Access {
  catalogue: Catalogue;
  permissions: Permissions;
  departments: Departments;
}

/** Everything one request's reads and writes are decided with. */
export interface ServiceContext {
  store: Store;
  /**
   * The plan and the caller's permissions, read on first use and kept for the request (the plans are
   * cached; HQ's assignments are one Query). A promise, so a caller can read a report alongside it.
   * With a fiscal year: the plan as it stood for that year (NotFoundError when no plan covers it);
   * without: the plan active for reporting.
   */
  access(fiscalYear?: number): Promise<Access>;
  /** The deployment's plans (for the plan routes). */
  plans: PlanRegistry;
  /** The caller as revisions record them. */
  by: Author;
  /** The request's one reading of the clock (ISO 8601, UTC): every record and revision it writes carries it. */
  now: string;
  settings: WorkflowSettings;
  /** Where a department HQ adds gets its sign-in groups (Cognito in AWS); absent locally. */
  departmentDirectory?: DepartmentDirectory;
}

export function openContext(input: {
  store: Store;
  plans: PlanRegistry;
  caller: Caller & { name: string };
  now: Date;
  settings: WorkflowSettings;
  departmentDirectory?: DepartmentDirectory;
  /** Who may do what (domain/permissions/table.ts); absent: the real one. A test passes a changed copy. */
  permissionTable?: PermissionTable;
}): ServiceContext {
  const accesses = new Map<number | 'active', Promise<Access>>();
  let assignmentsRead: Promise<AssignmentRecord[]> | undefined;
  const assignmentsOnce = () => {
    assignmentsRead ??= input.plans.assignments();
    return assignmentsRead;
  };
  // With a year, who is responsible and by what name follow the departments in force then (機構改革).
  const accessFor = (catalogue: Promise<Catalogue>, year?: number) =>
    Promise.all([catalogue, assignmentsOnce()]).then(([catalogue, assignments]) => {
      // Without a year asked (the home page, /me): the plan's year now, so a department renamed or merged
      // this April sees its measures; before the plan's first year, its first; after its last, its last.
      const { firstFiscalYear, lastFiscalYear } = catalogue.plan.period;
      const fiscalYear = year ?? Math.min(lastFiscalYear, Math.max(firstFiscalYear, fiscalYearOf(input.now.toISOString())));
      const byMeasure = Object.fromEntries(assignments.map((a) => [a.measure, a.departments]));
      let departments: Departments | undefined;
      return {
        catalogue,
        permissions: new Permissions(input.caller, catalogue, byMeasure, input.permissionTable, fiscalYear),
        // Made on first use: most answers (a report's GET and PUT) never name a department, and the roster
        // of every department is the costliest part of a request's access (issue 22: per-request overhead).
        get departments() {
          departments ??= resolveDepartments(catalogue, assignments, fiscalYear);
          return departments;
        },
      };
    });
  return {
    store: input.store,
    plans: input.plans,
    access: (fiscalYear?: number) => {
      const key = fiscalYear ?? 'active';
      let access = accesses.get(key);
      if (!access) {
        const catalogue = fiscalYear === undefined ? input.plans.active() : input.plans.forYear(fiscalYear);
        access = accessFor(
          catalogue.catch((error: unknown) => {
            throw error instanceof NoPlanError ? new NotFoundError(error.message) : error;
          }),
          fiscalYear,
        );
        accesses.set(key, access);
      }
      return access;
    },
    by: { sub: input.caller.sub, name: input.caller.name },
    now: input.now.toISOString(),
    settings: input.settings,
    departmentDirectory: input.departmentDirectory,
  };
}
