import type { Assignments, Catalogue } from './catalogue/catalogue.ts';
import type { DepartmentCode } from './catalogue/schema.ts';

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
  name: string;
  /** true for a department HQ added for a 関係各課 measure; false for one the plan names. */
  addedByHq: boolean;
}

/**
 * Every department there is: the plan's, and those HQ added for 関係各課 measures (more departments
 * exist than the plan lists). The one place a department's code becomes its name — the digest,
 * reminders, exports, the overview, the history and sign-in all ask here, so an added department
 * is never shown as its bare code.
 */
export class Departments {
  /** The plan's departments in the document's order, then the added ones in the order HQ's assignments name them. */
  readonly all: readonly DepartmentEntry[];
  /** HQ's departments by measure, as the catalogue and the attainment engine take them. */
  readonly assignments: Assignments;
  private readonly byCode: ReadonlyMap<DepartmentCode, DepartmentEntry>;

  constructor(catalogue: Catalogue, assignments: readonly DepartmentAssignment[]) {
    const byCode = new Map<DepartmentCode, DepartmentEntry>();
    for (const { code, name } of catalogue.departments) byCode.set(code, { code, name, addedByHq: false });
    const order = new Map(catalogue.measures.map((entry, i) => [entry.measure.key, i]));
    const sorted = [...assignments].sort((a, b) => (order.get(a.measure) ?? Infinity) - (order.get(b.measure) ?? Infinity));
    for (const assignment of sorted) {
      for (const code of assignment.departments) {
        const name = assignment.names?.[code];
        // A code HQ assigned without a name is one the plan lists; the first name given (in the plan's order) stands.
        if (!byCode.has(code) && name) byCode.set(code, { code, name, addedByHq: true });
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

  /** The department's name: 庶務課, or the name HQ gave an added one. A code nobody knows is said to be unknown, in words. */
  name(code: DepartmentCode): string {
    return this.byCode.get(code)?.name ?? `未登録の課（${code}）`;
  }
}

/** The departments of a plan and HQ's assignments (see Departments). */
export function resolveDepartments(catalogue: Catalogue, assignments: readonly DepartmentAssignment[]): Departments {
  return new Departments(catalogue, assignments);
}
