import { nameInForce, successorsIn } from './dated-departments.ts';
import { ASSIGNED_DEPARTMENTS, isReference } from './schema.ts';
import type { ActionItem, DepartmentCode, Group, Kpi, Measure, Plan, ScheduledActionItem } from './schema.ts';

/** A measure with the groups it hangs from (top first), so roll-ups need no tree walk. */
export interface MeasureEntry {
  measure: Measure;
  /** Its groups from the top level down: [柱, 政策, 施策の方向性] in the 8th plan; [] in a plan of two levels. */
  path: readonly Group[];
}

/** A group with its level (0 at the top) and its parent groups. */
export interface GroupEntry {
  group: Group;
  level: number;
  path: readonly Group[];
}

/** HQ's choice of departments for measures owned by 関係各課, by measure key. */
export type Assignments = Readonly<Record<string, readonly DepartmentCode[]>>;

/** Read-only lookups over a validated plan. */
export class Catalogue {
  readonly measures: readonly MeasureEntry[];
  /** Every group in document order, with its level. */
  readonly groups: readonly GroupEntry[];
  readonly kpis: readonly { kpi: Kpi; measure: Measure }[];
  /** Action items that carry a schedule: the cross-reference row (施策11→施策5) is left out so it counts once. */
  readonly scheduledActionItems: readonly { item: ScheduledActionItem; measure: Measure }[];
  /** The plan's fiscal years, first to last. */
  readonly years: readonly number[];
  private readonly measureByKey = new Map<string, MeasureEntry>();
  private readonly groupByKey = new Map<string, GroupEntry>();
  private readonly actionItemByKey = new Map<string, { item: ActionItem; measure: Measure }>();
  private readonly kpiByKey = new Map<string, { kpi: Kpi; measure: Measure }>();
  /**
   * successorsIn by code and 年度 ("code\nyear"), worked out once: the plan does not change, and every permission
   * check asks again (a department's export asks for each of 4,400 measures at 100× the 8th plan; issue 22).
   */
  private readonly successorsByYear = new Map<string, DepartmentCode[]>();

  constructor(readonly plan: Plan) {
    const groups: GroupEntry[] = [];
    for (const group of plan.groups) {
      const parent = group.parent === undefined ? undefined : this.groupByKey.get(group.parent);
      const entry = { group, level: parent ? parent.level + 1 : 0, path: parent ? [...parent.path, parent.group] : [] };
      this.groupByKey.set(group.key, entry);
      groups.push(entry);
    }
    this.groups = groups;

    const measures: MeasureEntry[] = [];
    const scheduled: { item: ScheduledActionItem; measure: Measure }[] = [];
    const kpis: { kpi: Kpi; measure: Measure }[] = [];
    for (const measure of plan.measures) {
      const parent = measure.group === undefined ? undefined : this.groupByKey.get(measure.group);
      const entry = { measure, path: parent ? [...parent.path, parent.group] : [] };
      measures.push(entry);
      this.measureByKey.set(measure.key, entry);
      for (const item of measure.actionItems) {
        this.actionItemByKey.set(item.key, { item, measure });
        if (!isReference(item)) scheduled.push({ item, measure });
      }
      for (const kpi of measure.kpis) {
        const kpiEntry = { kpi, measure };
        this.kpiByKey.set(kpi.key, kpiEntry);
        kpis.push(kpiEntry);
      }
    }
    this.measures = measures;
    this.scheduledActionItems = scheduled;
    this.kpis = kpis;
    const { firstFiscalYear, lastFiscalYear } = plan.period;
    this.years = Array.from({ length: lastFiscalYear - firstFiscalYear + 1 }, (_, i) => firstFiscalYear + i);
  }

  get id() {
    return this.plan.id;
  }

  get city() {
    return this.plan.city;
  }

  get departments() {
    return this.plan.departments;
  }

  /** Whether the fiscal year lies in the plan's period. */
  covers(fiscalYear: number): boolean {
    return fiscalYear >= this.plan.period.firstFiscalYear && fiscalYear <= this.plan.period.lastFiscalYear;
  }

  /** The name of a level: 0 is the top; `measureLevel` and `actionItemLevel` name the last two. */
  levelName(level: number): string {
    return this.plan.levels[level]?.name ?? '';
  }

  /** How many levels of groups stand above measures (3 in the 8th plan, 0 in a plan of two levels). */
  get groupDepth(): number {
    return this.plan.levels.length - 2;
  }

  /** 「施策」 in the 8th plan. */
  get measureLevelName(): string {
    return this.levelName(this.plan.levels.length - 2);
  }

  /** 「取組項目」 in the 8th plan. */
  get actionItemLevelName(): string {
    return this.levelName(this.plan.levels.length - 1);
  }

  /** A measure as people name it: 「施策3」. */
  measureLabel(measure: Measure): string {
    return `${this.measureLevelName}${measure.number}`;
  }

  /** Groups at one level (0: the top), in document order. */
  groupsAt(level: number): GroupEntry[] {
    return this.groups.filter((entry) => entry.level === level);
  }

  group(key: string): GroupEntry | undefined {
    return this.groupByKey.get(key);
  }

  measure(key: string): MeasureEntry | undefined {
    return this.measureByKey.get(key);
  }

  actionItem(key: string): { item: ActionItem; measure: Measure } | undefined {
    return this.actionItemByKey.get(key);
  }

  /** The action item whose schedule and reports stand for this key (a reference row resolves to its target). */
  scheduledActionItem(key: string): { item: ScheduledActionItem; measure: Measure } | undefined {
    const found = this.actionItemByKey.get(key);
    if (!found) return undefined;
    if (!isReference(found.item)) return { item: found.item, measure: found.measure };
    return this.scheduledActionItem(found.item.referenceTo);
  }

  kpi(key: string): { kpi: Kpi; measure: Measure } | undefined {
    return this.kpiByKey.get(key);
  }

  /**
   * The named owners plus, in place of 関係各課, the departments HQ assigned; each once, in the document's order.
   * With a 年度, an owner that ended before it (機構改革) is replaced by its successors in force that year, so a
   * merged department's work belongs to the new one from its first year; without one, the plan as written.
   */
  responsibleDepartments(measure: Measure, assignments: Assignments = {}, fiscalYear?: number): DepartmentCode[] {
    const codes = measure.owners.flatMap((owner) => (owner === ASSIGNED_DEPARTMENTS ? [...(assignments[measure.key] ?? [])] : [owner]));
    const inForce = fiscalYear === undefined ? codes : codes.flatMap((code) => this.successorsIn(code, fiscalYear));
    return [...new Set(inForce)];
  }

  private successorsIn(code: DepartmentCode, fiscalYear: number): DepartmentCode[] {
    const key = `${code}\n${fiscalYear}`;
    let found = this.successorsByYear.get(key);
    if (!found) {
      found = successorsIn(this.plan, code, fiscalYear);
      this.successorsByYear.set(key, found);
    }
    return found;
  }

  /** A plan department's name: the one in force in the 年度 (庶務課 until its rename, 総務課 after), else its current name. */
  departmentName(code: DepartmentCode, fiscalYear?: number): string | undefined {
    const department = this.plan.departments.find((candidate) => candidate.code === code);
    if (!department) return undefined;
    return fiscalYear === undefined ? department.name : nameInForce(department, fiscalYear);
  }
}
