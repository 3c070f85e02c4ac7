import type { Assignments, Catalogue } from '../catalogue/catalogue.ts';
import type { Actor, ReportState } from './workflow.ts';

/** hq 推進本部, department 各課の職員, department_head 所属長（課長）, viewer 推進懇談会. */
export type Role = 'hq' | 'department' | 'department_head' | 'viewer';

/** What a person is in one department (課): its staff (Cognito group dept-<code>) or its 所属長 (head-<code>). */
export type Membership = 'staff' | 'head';

/**
 * Who is asking, as far as permissions care: every group the person is in, kept apart. A person may be
 * HQ, a council member and in several departments at once (兼務); their rights are the union, and for a
 * report what counts is their membership in that report's departments (or HQ), never their strongest
 * role elsewhere. Source: issue 18 item 4.
 */
export interface Caller {
  sub: string;
  /** In the hq group (推進本部). */
  hq: boolean;
  /** In the viewer group (推進懇談会). */
  viewer: boolean;
  /** Department code → membership; a head who is also staff of the same department is its head. */
  departments: ReadonlyMap<string, Membership>;
}

const MEMBERSHIP_ROLES: Record<Membership, Role> = { staff: 'department', head: 'department_head' };

/** Strongest first: the order in which a person's roles are tried, and which one names them in one word. */
const ROLE_ORDER: readonly Role[] = ['hq', 'department_head', 'department', 'viewer'];

/** Every role a caller holds somewhere, strongest first (hq, 所属長, staff, viewer). */
export function rolesOf(caller: Caller): Role[] {
  const held = new Set<Role>([...caller.departments.values()].map((membership) => MEMBERSHIP_ROLES[membership]));
  if (caller.hq) held.add('hq');
  if (caller.viewer) held.add('viewer');
  return ROLE_ORDER.filter((role) => held.has(role));
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
 * (see `Permissions.on`). A person in several groups holds the union of their roles' grants.
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
 * Reports of a measure none of the caller's departments is responsible for are invisible to them (404,
 * not 403: nothing leaks) unless they are HQ; the council sees approved reports only. For one measure the
 * caller acts with the roles they hold there: HQ everywhere, and their membership in each department
 * responsible for it (a 所属長 of 庶務課 who is staff of 財政課 confirms 庶務課's reports, not 財政課's).
 */
export class Permissions {
  /** Every role held anywhere, strongest first. */
  private readonly roles: readonly Role[];

  constructor(
    readonly caller: Caller,
    private readonly catalogue: Catalogue,
    private readonly assignments: Assignments,
  ) {
    this.roles = rolesOf(caller);
  }

  /** Whether the caller holds a permission anywhere (the flags `GET /api/me` returns). */
  has(name: PermissionName): boolean {
    return this.roles.some((role) => GRANTS[role].includes(name));
  }

  /** Whether the caller holds a permission for one measure (施策). */
  on(name: PermissionName, measure: number): boolean {
    if (!PER_MEASURE.has(name)) return this.has(name);
    return this.rolesOn(measure).some((role) => GRANTS[role].includes(name));
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

  /** Whether one of the caller's departments is responsible for the measure. */
  isResponsibleFor(measure: number): boolean {
    return this.departmentsOf(measure).some((code) => this.caller.departments.has(code));
  }

  /**
   * The roles the caller holds for one measure, strongest first: hq and viewer hold everywhere; a
   * department role only where that department is responsible for the measure.
   */
  rolesOn(measure: number): Role[] {
    const here = new Set<Role>();
    for (const code of this.departmentsOf(measure)) {
      const membership = this.caller.departments.get(code);
      if (membership) here.add(MEMBERSHIP_ROLES[membership]);
    }
    return this.roles.filter((role) => role === 'hq' || role === 'viewer' || here.has(role));
  }

  /** Whether a report (or, with state 'draft', a report not written yet) of a measure is visible at all. */
  canRead(measure: number, state: ReportState): boolean {
    if (this.caller.hq || this.isResponsibleFor(measure)) return true;
    return this.caller.viewer && state === 'approved';
  }

  /**
   * 取り下げ: the one who submitted it, or the 所属長 of a responsible department. (The workflow table
   * decides from which states.)
   */
  canWithdraw(measure: number, submittedBy: string | undefined): boolean {
    if (!this.on('canReport', measure)) return false;
    return submittedBy === this.caller.sub || this.on('canConfirm', measure);
  }

  /** The caller's parts in the workflow for one measure, strongest first; empty for one who only reads it. */
  actorsOn(measure: number): Actor[] {
    return this.rolesOn(measure).filter((role): role is Actor => role !== 'viewer');
  }

  /** Measures the caller's departments report on (their home page); none for one who is only HQ or the council. */
  ownMeasures(): number[] {
    return this.catalogue.measures.map((entry) => entry.measure.number).filter((number) => this.isResponsibleFor(number));
  }
}
