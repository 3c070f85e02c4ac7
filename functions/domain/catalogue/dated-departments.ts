import type { Department, DepartmentCode, Plan } from './schema.ts';

// 機構改革: a plan's departments are dated (schema.ts departmentSchema). These rules read that history for one
// 年度; the catalogue and the department roster (../departments.ts) both ask here, so they cannot disagree.

/** Whether a department exists in the 年度: from its `from` (or always) to its `until` (or on), both inclusive. */
export function existsIn(department: Department, fiscalYear: number): boolean {
  return (department.from ?? -Infinity) <= fiscalYear && fiscalYear <= (department.until ?? Infinity);
}

/** The name in force in the 年度: the earliest `names` entry whose `until` is that year or later, else `name`. */
export function nameInForce(department: Department, fiscalYear: number): string {
  const earlier = [...(department.names ?? [])].sort((a, b) => a.until - b.until).find((entry) => entry.until >= fiscalYear);
  return earlier?.name ?? department.name;
}

/** 機構改革: the plan's departments that exist in the 年度, in the plan's order, each with the name in force then. */
export function departmentsInForce(plan: Pick<Plan, 'departments'>, fiscalYear: number): Department[] {
  return plan.departments
    .filter((department) => existsIn(department, fiscalYear))
    .map((department) => ({ ...department, name: nameInForce(department, fiscalYear) }));
}

/**
 * Who does a department's work in the 年度: itself while it exists; after its `until`, its successors,
 * followed on while they too have ended (a merge then a rename of the merged one); none before its `from`
 * or when it ended without successors. A code the plan does not list (one HQ added for 関係各課) is not
 * dated, so it stands for itself. Each code once, in the order the successors are named.
 */
export function successorsIn(plan: Pick<Plan, 'departments'>, code: DepartmentCode, fiscalYear: number): DepartmentCode[] {
  const byCode = new Map(plan.departments.map((department) => [department.code, department]));
  const found = new Set<DepartmentCode>();
  const seen = new Set<DepartmentCode>();
  const walk = (current: DepartmentCode) => {
    if (seen.has(current)) return; // validate.ts refuses cycles; this keeps an unvalidated plan from looping
    seen.add(current);
    const department = byCode.get(current);
    if (!department || existsIn(department, fiscalYear)) {
      found.add(current);
      return;
    }
    if (department.until !== undefined && department.until < fiscalYear) for (const next of department.successors ?? []) walk(next);
  };
  walk(code);
  return [...found];
}
