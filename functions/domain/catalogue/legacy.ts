import type { PlanInput } from './schema.ts';

/**
 * The plan's first stored shape (releases before plans were data): one nested tree of 柱 › 政策 ›
 * 施策の方向性 › 施策, measures numbered 1…n, action items "1-1" and KPIs "1-K1", and nothing about the
 * city, the levels or the schedule words. Tables written then still hold it; fromLegacyPlan turns it into
 * today's shape with the old ids as keys, so every stored report stays on its entry.
 */
interface LegacyPlan {
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
  departments: PlanInput['departments'];
  pillars: {
    id: string;
    title: string;
    policies: { id: string; title: string; subPolicies: { id: string; title: string; measures: LegacyMeasure[] }[] }[];
  }[];
  financialIndicators?: PlanInput['financialIndicators'];
  populationOutlook?: PlanInput['populationOutlook'];
}

interface LegacyMeasure {
  number: number;
  title: string;
  owners: string[];
  direction?: string[];
  footnotes?: string[];
  actionItems: (
    | { id: string; title: string; schedule: { fiscalYear: number; activity: string; phase: string }[] }
    | { id: string; title: string; referenceTo: string }
  )[];
  kpis?: ({ id: string } & Record<string, unknown>)[];
}

/** What the first shape did not say: it comes from the plan's seed (seeds/plans/<id>/plan.json). */
export type PlanMetadata = Pick<PlanInput, 'id' | 'city' | 'hq' | 'levels' | 'scheduleVocabulary' | 'status'>;

export function isLegacyPlan(input: unknown): input is LegacyPlan {
  return typeof input === 'object' && input !== null && 'pillars' in input && !('measures' in input);
}

/** The first shape in today's: groups and measures flattened in document order, every old id kept as the key. */
export function fromLegacyPlan(legacy: LegacyPlan, metadata: PlanMetadata): PlanInput {
  const groups: NonNullable<PlanInput['groups']> = [];
  const measures: PlanInput['measures'] = [];
  for (const pillar of legacy.pillars) {
    groups.push({ key: pillar.id, number: pillar.id, title: pillar.title });
    for (const policy of pillar.policies) {
      groups.push({ key: policy.id, number: policy.id, title: policy.title, parent: pillar.id });
      for (const subPolicy of policy.subPolicies) {
        groups.push({ key: subPolicy.id, number: subPolicy.id, title: subPolicy.title, parent: policy.id });
        for (const measure of subPolicy.measures) {
          measures.push({
            key: String(measure.number),
            number: String(measure.number),
            group: subPolicy.id,
            title: measure.title,
            owners: measure.owners,
            direction: measure.direction ?? [],
            footnotes: measure.footnotes ?? [],
            actionItems: measure.actionItems.map((item) =>
              'referenceTo' in item
                ? { key: item.id, number: item.id, title: item.title, referenceTo: item.referenceTo }
                : { key: item.id, number: item.id, title: item.title, schedule: item.schedule as never },
            ),
            kpis: (measure.kpis ?? []).map(({ id, ...kpi }) => ({ key: id, number: id, ...kpi }) as never),
          });
        }
      }
    }
  }
  return {
    ...metadata,
    title: legacy.title,
    period: { firstFiscalYear: legacy.firstFiscalYear, lastFiscalYear: legacy.lastFiscalYear },
    departments: legacy.departments,
    groups,
    measures,
    financialIndicators: legacy.financialIndicators ?? [],
    ...(legacy.populationOutlook ? { populationOutlook: legacy.populationOutlook } : {}),
  };
}
