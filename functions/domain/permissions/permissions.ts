import type { Assignments, Catalogue } from '../catalogue/catalogue.ts';
import { PERMISSION_TABLE, allowedActions, decide, mayEver } from './table.ts';
import type { Condition, Decision, PermissionTable, Role, State, Subject } from './table.ts';
import type { ReportState } from '../progress-reports/workflow.ts';

export type { Role };

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
  'canSetNotices',
] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];

/**
 * Each flag of `GET /api/me` is "may do this action somewhere" in the permission table (./table.ts),
 * so a flag cannot say yes where the API says no: canReport 報告の入力, canConfirm 課内確認, canReview 承認,
 * canAssign 関係各課の割当て, canSendDigest ダイジェスト, canSeeHistory 変更履歴, canSeeOverview 全体状況,
 * canExport 出力, canImport 取込, canRecordOpinion 懇談会の意見の記録, canPublish 公表,
 * canSetNotices 通知メールの設定.
 */
const FLAGS: Record<PermissionName, readonly [Subject, string]> = {
  canReport: ['report', 'save'],
  canConfirm: ['report', 'confirm'],
  canReview: ['report', 'approve'],
  canAssign: ['assignment', 'assign'],
  canSendDigest: ['digest', 'send'],
  canSeeHistory: ['report', 'history'],
  canSeeOverview: ['overview', 'read'],
  canExport: ['sheet', 'export'],
  canImport: ['sheet', 'import'],
  canRecordOpinion: ['opinion', 'create'],
  canPublish: ['publication', 'publish'],
  canSetNotices: ['notice', 'settings'],
};

/** What is known of one thing when deciding on it; every field optional (a digest has none of them). */
export interface Target {
  /** The measure (施策) it belongs to; absent for things of the whole plan or year (the caller's roles anywhere count). */
  measure?: string;
  /**
   * A shared item's part (関係各課): the department whose own report it is. The caller acts on it with their
   * membership in that department only (plus HQ and the council), never with another responsible department's.
   */
  department?: string;
  state?: State;
  /** Who last submitted the report (their sub) and for which departments (absent on reports submitted before that was recorded). */
  submittedBy?: string;
  submittedFrom?: readonly string[];
  /** Who created the opinion (their sub). */
  createdBy?: string;
  /** 課内確認 on or off. */
  headConfirmation?: boolean;
}

/**
 * What one caller may see and do, decided in one place for every route and for `GET /api/me`, by the
 * permission table (./table.ts; injectable so that a test can change one row and watch every
 * answer follow). Reports of a measure none of the caller's departments is responsible for are invisible to
 * them (404, not 403: nothing leaks) unless they are HQ; the council sees approved reports only. For one
 * measure the caller acts with the roles they hold there: HQ everywhere, and their membership in each
 * department responsible for it (a 所属長 of 庶務課 who is staff of 財政課 confirms 庶務課's reports, not 財政課's).
 */
export class Permissions {
  /** Every role held anywhere, strongest first. */
  private readonly roles: readonly Role[];
  /**
   * departmentsOf and rolesOn by measure (and part), kept for this instance: its catalogue, assignments and
   * year never change, and one answer asks them a dozen times (every candidate action, every canRead).
   */
  private readonly responsibleByMeasure = new Map<string, readonly string[]>();
  private readonly rolesByMeasure = new Map<string, readonly Role[]>();

  constructor(
    readonly caller: Caller,
    private readonly catalogue: Catalogue,
    private readonly assignments: Assignments,
    readonly table: PermissionTable = PERMISSION_TABLE,
    /** The 年度 the caller acts in: departments responsible for a measure are those in force then (機構改革); absent: the plan as written. */
    readonly fiscalYear?: number,
  ) {
    this.roles = rolesOf(caller);
  }

  /** Whether the caller holds a permission anywhere (the flags `GET /api/me` returns). */
  has(name: PermissionName): boolean {
    const [subject, action] = FLAGS[name];
    return mayEver(this.table, subject, action, this.roles);
  }

  /** Whether the caller holds a permission for one measure (施策), in some state. */
  on(name: PermissionName, measure: string): boolean {
    const [subject, action] = FLAGS[name];
    return mayEver(this.table, subject, action, this.rolesOn(measure));
  }

  /** All flags, for the web app to read instead of re-encoding the rules. */
  flags(): Record<PermissionName, boolean> {
    return Object.fromEntries(PERMISSION_NAMES.map((name) => [name, this.has(name)])) as Record<PermissionName, boolean>;
  }

  /** Whether the caller's roles for the target (anywhere, when it has no measure) have the action in some state. */
  mayEver(subject: Subject, action: string, target: Target = {}): boolean {
    return mayEver(this.table, subject, action, this.rolesFor(target));
  }

  /** May the caller do `action` on the target now, and the state afterwards; or why not (see table.ts decide). */
  decide(subject: Subject, action: string, target: Target = {}): Decision {
    return decide(this.table, subject, action, this.situation(target));
  }

  /** The ones of `candidates` the caller may do on the target now: an answer's `actions`. */
  actions<A extends string>(subject: Subject, candidates: readonly A[], target: Target): A[] {
    return allowedActions(this.table, subject, candidates, this.situation(target));
  }

  /**
   * Whether the roles the caller holds everywhere (HQ, the council; not a department's, which hold per
   * measure) may do the action in this state, e.g. read unapproved reports across the year (全体状況).
   */
  everywhere(subject: Subject, action: string, state?: State): boolean {
    const roles = this.roles.filter((role) => role === 'hq' || role === 'viewer');
    return decide(this.table, subject, action, { roles, ...(state === undefined ? {} : { state }) }).ok;
  }

  /** The roles that decide on a target: anywhere without a measure, the measure's, or one part's department's. */
  rolesFor(target: Target): readonly Role[] {
    if (target.measure === undefined) return this.roles;
    return this.rolesOn(target.measure, target.department);
  }

  private situation(target: Target) {
    const roles = this.rolesFor(target);
    const conditions = new Set<Condition>();
    if (target.submittedBy !== undefined && target.submittedBy === this.caller.sub) conditions.add('submitter');
    if (target.createdBy !== undefined && target.createdBy === this.caller.sub) conditions.add('author');
    // A report submitted before the submitting departments were recorded: any responsible department's 所属長, as before.
    const submittingHead =
      target.department !== undefined
        ? this.caller.departments.get(target.department) === 'head'
        : target.submittedFrom
          ? target.submittedFrom.some((code) => this.caller.departments.get(code) === 'head')
          : roles.includes('department_head');
    if (submittingHead) conditions.add('headOfSubmitter');
    return {
      roles,
      conditions,
      ...(target.state === undefined ? {} : { state: target.state }),
      ...(target.headConfirmation === undefined ? {} : { headConfirmation: target.headConfirmation }),
    };
  }

  /** Departments responsible for a measure in the 年度: named owners (or their successors) plus HQ's assignments for 関係各課. */
  departmentsOf(measure: string): readonly string[] {
    let found = this.responsibleByMeasure.get(measure);
    if (!found) {
      const entry = this.catalogue.measure(measure);
      found = entry ? this.catalogue.responsibleDepartments(entry.measure, this.assignments, this.fiscalYear) : [];
      this.responsibleByMeasure.set(measure, found);
    }
    return found;
  }

  /** The caller's departments responsible for a measure: whom a submission is made for. */
  ownDepartmentsOf(measure: string): string[] {
    return this.departmentsOf(measure).filter((code) => this.caller.departments.has(code));
  }

  /** Whether one of the caller's departments is responsible for the measure. */
  isResponsibleFor(measure: string): boolean {
    return this.ownDepartmentsOf(measure).length > 0;
  }

  /**
   * The roles the caller holds for one measure, strongest first: hq and viewer hold everywhere; a
   * department role only where that department is responsible for the measure (with `department`, a shared
   * item's part: only that one department's).
   */
  rolesOn(measure: string, department?: string): readonly Role[] {
    const key = department === undefined ? measure : `${measure}\n${department}`;
    let roles = this.rolesByMeasure.get(key);
    if (!roles) {
      const here = new Set<Role>();
      const responsible = this.departmentsOf(measure);
      for (const code of department === undefined ? responsible : responsible.filter((code) => code === department)) {
        const membership = this.caller.departments.get(code);
        if (membership) here.add(MEMBERSHIP_ROLES[membership]);
      }
      roles = this.roles.filter((role) => role === 'hq' || role === 'viewer' || here.has(role));
      this.rolesByMeasure.set(key, roles);
    }
    return roles;
  }

  /** Whether a report (or, with state 'draft', a report not written yet) of a measure is visible at all. */
  canRead(measure: string, state: ReportState): boolean {
    return this.decide('report', 'read', { measure, state }).ok;
  }

  /** Measures the caller's departments report on (their home page); none for one who is only HQ or the council. */
  ownMeasures(): string[] {
    return this.catalogue.measures.map((entry) => entry.measure.key).filter((key) => this.isResponsibleFor(key));
  }
}
