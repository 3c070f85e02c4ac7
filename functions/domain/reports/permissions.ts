import type { Assignments, Catalogue } from '../catalogue/catalogue.ts';
import type { Actor, ReportState } from './workflow.ts';

/** hq 推進本部, department 各課の職員, department_head 所属長（課長）, viewer 推進懇談会. */
export type Role = 'hq' | 'department' | 'department_head' | 'viewer';

/** Who is asking, as far as permissions care. */
export interface Caller {
  sub: string;
  role: Role;
  /** The departments (課) the caller works for; empty for HQ and the council. */
  departments: readonly string[];
}

export const PERMISSION_NAMES = [
  'canReport',
  'canConfirm',
  'canReview',
  'canAssign',
  'canSendDigest',
  'canSeeHistory',
  'canSeeOverview',
  'canExport',
  'canImport',
  'canRecordOpinion',
  'canPublish',
] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];

/**
 * The whole rule at once: what each role may do anywhere. canReport 報告の入力・提出, canConfirm 課内確認,
 * canReview 差し戻し・承認, canAssign 関係各課の割当て, canSendDigest ダイジェスト, canSeeHistory 変更履歴,
 * canSeeOverview 全体状況, canExport 出力, canImport 取込, canRecordOpinion 懇談会の意見の記録, canPublish 公表.
 * A department's staff and head hold theirs only for the measures their department is responsible for
 * (see `Permissions.on`).
 */
const GRANTS: Record<Role, readonly PermissionName[]> = {
  hq: ['canReport', 'canReview', 'canAssign', 'canSendDigest', 'canSeeHistory', 'canSeeOverview', 'canExport', 'canImport', 'canRecordOpinion', 'canPublish'],
  department_head: ['canReport', 'canConfirm', 'canSeeHistory', 'canExport', 'canImport'],
  department: ['canReport', 'canSeeHistory', 'canExport', 'canImport'],
  viewer: ['canSeeOverview', 'canExport', 'canRecordOpinion'],
};

/** Permissions that hold per measure: a department holds them only for its own measures. */
const PER_MEASURE: ReadonlySet<PermissionName> = new Set(['canReport', 'canConfirm', 'canSeeHistory', 'canImport']);

/**
 * What one caller may see and do, decided in one place for every route and for `GET /api/me`.
 * Reports of a measure a department is not responsible for are invisible to it (404, not 403: nothing
 * leaks); the council sees approved reports only.
 */
export class Permissions {
  constructor(
    readonly caller: Caller,
    private readonly catalogue: Catalogue,
    private readonly assignments: Assignments,
  ) {}

  /** Whether the caller holds a permission anywhere (the flags `GET /api/me` returns). */
  has(name: PermissionName): boolean {
    return GRANTS[this.caller.role].includes(name);
  }

  /** Whether the caller holds a permission for one measure (施策). */
  on(name: PermissionName, measure: number): boolean {
    if (!this.has(name)) return false;
    return this.caller.role === 'hq' || !PER_MEASURE.has(name) || this.isResponsibleFor(measure);
  }

  /** All flags, for the web app to read instead of re-encoding the rules. */
  flags(): Record<PermissionName, boolean> {
    return Object.fromEntries(PERMISSION_NAMES.map((name) => [name, this.has(name)])) as Record<PermissionName, boolean>;
  }

  /** Departments responsible for a measure: named owners plus HQ's assignments for 関係各課. */
  departmentsOf(measure: number): string[] {
    const entry = this.catalogue.measure(measure);
    return entry ? this.catalogue.responsibleDepartments(entry.measure, this.assignments) : [];
  }

  isResponsibleFor(measure: number): boolean {
    return this.departmentsOf(measure).some((code) => this.caller.departments.includes(code));
  }

  /** Whether a report (or, with state 'draft', a report not written yet) of a measure is visible at all. */
  canRead(measure: number, state: ReportState): boolean {
    switch (this.caller.role) {
      case 'hq':
        return true;
      case 'department':
      case 'department_head':
        return this.isResponsibleFor(measure);
      case 'viewer':
        return state === 'approved';
    }
  }

  /**
   * 取り下げ: the one who submitted it, or the 所属長 of a responsible department. (The workflow table
   * decides from which states.)
   */
  canWithdraw(measure: number, submittedBy: string | undefined): boolean {
    if (!this.on('canReport', measure)) return false;
    return submittedBy === this.caller.sub || this.on('canConfirm', measure);
  }

  /** The caller's part in the workflow, or null for the council, which only reads. */
  get actor(): Actor | null {
    return this.caller.role === 'viewer' ? null : this.caller.role;
  }

  /** Measures whose reports the caller works on: a department's own; every measure for HQ; none for the council. */
  reportableMeasures(): number[] {
    return this.catalogue.measures.map((entry) => entry.measure.number).filter((number) => this.on('canReport', number));
  }
}
