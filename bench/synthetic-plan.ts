import type { Measure, Plan } from '../functions/domain/catalogue/schema.ts';
import { isReference } from '../functions/domain/catalogue/schema.ts';

/**
 * The real plan with every sub-policy holding `factor` copies of its measures, renumbered in
 * document order so ids, references and KPIs stay valid: a realistic catalogue `factor`× the size.
 */
export function scaledPlan(plan: Plan, factor: number): Plan {
  // First pass: the number each (copy, original measure) gets, walking the plan in order.
  const numberOf = new Map<string, number>();
  let next = 1;
  for (const pillar of plan.pillars)
    for (const policy of pillar.policies)
      for (const sub of policy.subPolicies) for (let copy = 0; copy < factor; copy++) for (const m of sub.measures) numberOf.set(`${copy}:${m.number}`, next++);

  const copyOf = (measure: Measure, copy: number): Measure => {
    const n = numberOf.get(`${copy}:${measure.number}`)!;
    return {
      ...measure,
      number: n,
      actionItems: measure.actionItems.map((item, i) =>
        isReference(item)
          ? { ...item, id: `${n}-${i + 1}`, referenceTo: item.referenceTo.replace(/^\d+/, (m) => String(numberOf.get(`${copy}:${m}`))) }
          : { ...item, id: `${n}-${i + 1}` },
      ),
      kpis: measure.kpis.map((kpi, i) => ({ ...kpi, id: `${n}-K${i + 1}` })),
    };
  };

  return {
    ...plan,
    pillars: plan.pillars.map((pillar) => ({
      ...pillar,
      policies: pillar.policies.map((policy) => ({
        ...policy,
        subPolicies: policy.subPolicies.map((sub) => ({
          ...sub,
          measures: Array.from({ length: factor }, (_, copy) => sub.measures.map((m) => copyOf(m, copy))).flat(),
        })),
      })),
    })),
  };
}
