import { ASSIGNED_DEPARTMENTS, isReference } from './schema.ts';
import type { ActionItem, DepartmentCode, Kpi, Measure, Pillar, Plan, Policy, ScheduledActionItem, SubPolicy } from './schema.ts';

/** A measure with the places it hangs from, so roll-ups need no tree walk. */
export interface MeasureEntry {
  measure: Measure;
  pillar: Pillar;
  policy: Policy;
  subPolicy: SubPolicy;
}

/** HQ's choice of departments for measures owned by 関係各課, by measure number. */
export type Assignments = Readonly<Record<number, readonly DepartmentCode[]>>;

/** Read-only lookups over a validated plan. */
export class Catalogue {
  readonly measures: readonly MeasureEntry[];
  readonly kpis: readonly { kpi: Kpi; measure: Measure }[];
  /** Action items that carry a schedule: the cross-reference row (施策11→施策5) is left out so it counts once. */
  readonly scheduledActionItems: readonly { item: ScheduledActionItem; measure: Measure }[];
  private readonly measureByNumber = new Map<number, MeasureEntry>();
  private readonly actionItemById = new Map<string, { item: ActionItem; measure: Measure }>();
  private readonly kpiById = new Map<string, { kpi: Kpi; measure: Measure }>();

  constructor(readonly plan: Plan) {
    const measures: MeasureEntry[] = [];
    for (const pillar of plan.pillars)
      for (const policy of pillar.policies)
        for (const subPolicy of policy.subPolicies) for (const measure of subPolicy.measures) measures.push({ measure, pillar, policy, subPolicy });
    this.measures = measures;

    const scheduled: { item: ScheduledActionItem; measure: Measure }[] = [];
    const kpis: { kpi: Kpi; measure: Measure }[] = [];
    for (const { measure } of measures) {
      this.measureByNumber.set(measure.number, measures.find((entry) => entry.measure === measure)!);
      for (const item of measure.actionItems) {
        this.actionItemById.set(item.id, { item, measure });
        if (!isReference(item)) scheduled.push({ item, measure });
      }
      for (const kpi of measure.kpis) {
        const entry = { kpi, measure };
        this.kpiById.set(kpi.id, entry);
        kpis.push(entry);
      }
    }
    this.scheduledActionItems = scheduled;
    this.kpis = kpis;
  }

  get departments() {
    return this.plan.departments;
  }

  measure(number: number): MeasureEntry | undefined {
    return this.measureByNumber.get(number);
  }

  actionItem(id: string): { item: ActionItem; measure: Measure } | undefined {
    return this.actionItemById.get(id);
  }

  /** The action item whose schedule and reports stand for this id (a reference row resolves to its target). */
  scheduledActionItem(id: string): { item: ScheduledActionItem; measure: Measure } | undefined {
    const found = this.actionItemById.get(id);
    if (!found) return undefined;
    if (!isReference(found.item)) return { item: found.item, measure: found.measure };
    return this.scheduledActionItem(found.item.referenceTo);
  }

  kpi(id: string): { kpi: Kpi; measure: Measure } | undefined {
    return this.kpiById.get(id);
  }

  /** The named owners plus, in place of 関係各課, the departments HQ assigned; each once, in the document's order. */
  responsibleDepartments(measure: Measure, assignments: Assignments = {}): DepartmentCode[] {
    const codes = measure.owners.flatMap((owner) => (owner === ASSIGNED_DEPARTMENTS ? [...(assignments[measure.number] ?? [])] : [owner]));
    return [...new Set(codes)];
  }

  departmentName(code: DepartmentCode): string | undefined {
    return this.plan.departments.find((department) => department.code === code)?.name;
  }
}
