import type { Assignments, Catalogue } from './catalogue/catalogue.ts';
import { departmentsInForce } from './catalogue/dated-departments.ts';
import type { DepartmentCode } from './catalogue/schema.ts';

// The dated-department rules live beside the catalogue (which needs them too); this is where callers look.
export { departmentsInForce, existsIn, nameInForce, successorsIn } from './catalogue/dated-departments.ts';

/**
 * What the resolver needs of HQ's assignment for a 関係各課 measure: the departments, and the names of
 * those the plan does not list (as HQ typed them). The store's AssignmentRecord has this shape.
 */
export interface DepartmentAssignment {
  /** The measure's key. */
  measure: string;
  departments: readonly DepartmentCode[];
  names?: Readonly<Record<DepartmentCode, string>>;
}

/** A department (課) someone can sign in as and report for. */
export interface DepartmentEntry {
  code: DepartmentCode;
  /** The name in force in the roster's 年度 (the current name when the roster has no year). */
  name: string;
  /** true for a department HQ added for a 関係各課 measure; false for one the plan names. */
  addedByHq: boolean;
}

/**
 * Every department there is: the plan's, and those HQ added for 関係各課 measures (more departments
 * exist than the plan lists). The one place a department's code becomes its name — the digest,
 * reminders, exports, the overview, the history and sign-in all ask here, so an added department
 * is never shown as its bare code.
 *
 * With a 年度 it is the roster of that year (機構改革): the plan's departments that exist then, by the name in
 * force then. Without one it is every department the plan ever has, by its current name, which is what
 * sign-in accepts (a group of any year of the plan is a real group).
 */
export class Departments {
  /** The plan's departments in the document's order, then the added ones in the order HQ's assignments name them. */
  readonly all: readonly DepartmentEntry[];
  /** HQ's departments by measure, as the catalogue and the attainment engine take them. */
  readonly assignments: Assignments;
  private readonly byCode: ReadonlyMap<DepartmentCode, DepartmentEntry>;

  constructor(
    private readonly catalogue: Catalogue,
    assignments: readonly DepartmentAssignment[],
    /** The 年度 the roster is for; absent: every department of the plan. */
    readonly fiscalYear?: number,
  ) {
    const byCode = new Map<DepartmentCode, DepartmentEntry>();
    const planned = fiscalYear === undefined ? catalogue.departments : departmentsInForce(catalogue.plan, fiscalYear);
    for (const { code, name } of planned) byCode.set(code, { code, name, addedByHq: false });
    // A plan department outside this year is still named (an old report's), just not listed in `all`.
    const known = new Set(catalogue.departments.map((department) => department.code));
    const order = new Map(catalogue.measures.map((entry, i) => [entry.measure.key, i]));
    const sorted = [...assignments].sort((a, b) => (order.get(a.measure) ?? Infinity) - (order.get(b.measure) ?? Infinity));
    for (const assignment of sorted) {
      for (const code of assignment.departments) {
        const name = assignment.names?.[code];
        // A code HQ assigned without a name is one the plan lists; the first name given (in the plan's order) stands.
        if (!byCode.has(code) && !known.has(code) && name) byCode.set(code, { code, name, addedByHq: true });
      }
    }
    this.byCode = byCode;
    this.all = [...byCode.values()];
    this.assignments = Object.fromEntries(sorted.map((a) => [a.measure, a.departments]));
  }

  /** Whether the code is a department: named in the plan or assigned by HQ with a name. */
  has(code: DepartmentCode): boolean {
    return this.byCode.has(code);
  }

  /**
   * The department's name in force in the 年度 (default: the roster's): 庶務課 in FY2026 and 総務課 from FY2027
   * when it was renamed, or the name HQ gave an added one. A code nobody knows is said to be unknown, in words.
   */
  name(code: DepartmentCode, fiscalYear: number | undefined = this.fiscalYear): string {
    return this.catalogue.departmentName(code, fiscalYear) ?? this.byCode.get(code)?.name ?? `未登録の課（${code}）`;
  }
}

/** The departments of a plan and HQ's assignments (see Departments), for one 年度 or, without one, every year. */
export function resolveDepartments(catalogue: Catalogue, assignments: readonly DepartmentAssignment[], fiscalYear?: number): Departments {
  return new Departments(catalogue, assignments, fiscalYear);
}
