import type { Measure, Plan } from '../functions/domain/catalogue/schema.ts';
import { isReference } from '../functions/domain/catalogue/schema.ts';

/** Where the copies of a steady department's measures go (scaledPlan's `steady`), so the plan still grows by the factor. */
export const BRANCH_DEPARTMENT = { code: 'shomu-bunshitsu', name: '庶務課分室' };

/**
 * The real plan with every deepest group holding `factor` copies of its measures: a realistic catalogue
 * `factor`× the size, with the same groups. Copy 0 keeps the plan's keys, so its entries are still found
 * by them; copy c > 0 suffixes every key with `_c` (keys stay unique, and a reference row points to the
 * item of its own copy). Numbers are redone in document order (施策1…, "n-1", "n-K1") as a plan numbers them.
 *
 * With `steady` (the benches' tables, bench/scale-data.ts), that department keeps today's share at every factor:
 * the copies (c > 0) of its measures go to BRANCH_DEPARTMENT instead. So its own sheet is the same work at 1× and
 * 100×, and a one-department export shows whether its cost follows its rows or the plan's (issue 22: ≤ 2× its 1×
 * time). Every other department's share grows with the plan.
 */
export function scaledPlan(plan: Plan, factor: number, options: { steady?: string } = {}): Plan {
  const steady = options.steady;
  // Measures by the group they hang from (undefined in a plan of two levels), in document order.
  const byGroup = new Map<string | undefined, Measure[]>();
  for (const measure of plan.measures) byGroup.set(measure.group, [...(byGroup.get(measure.group) ?? []), measure]);

  const keyOf = (key: string, copy: number) => (copy === 0 ? key : `${key}_${copy}`);
  let next = 1;
  const copyOf = (measure: Measure, copy: number): Measure => {
    const n = next++;
    return {
      ...measure,
      key: keyOf(measure.key, copy),
      owners: copy === 0 || !steady ? measure.owners : measure.owners.map((owner) => (owner === steady ? BRANCH_DEPARTMENT.code : owner)),
      number: String(n),
      actionItems: measure.actionItems.map((item, i) =>
        isReference(item)
          ? { ...item, key: keyOf(item.key, copy), number: `${n}-${i + 1}`, referenceTo: keyOf(item.referenceTo, copy) }
          : { ...item, key: keyOf(item.key, copy), number: `${n}-${i + 1}` },
      ),
      kpis: measure.kpis.map((kpi, i) => ({ ...kpi, key: keyOf(kpi.key, copy), number: `${n}-K${i + 1}` })),
    };
  };

  const measures = [...byGroup.values()].flatMap((group) => Array.from({ length: factor }, (_, copy) => group.map((m) => copyOf(m, copy))).flat());
  return { ...plan, departments: steady && factor > 1 ? [...plan.departments, BRANCH_DEPARTMENT] : plan.departments, measures };
}
