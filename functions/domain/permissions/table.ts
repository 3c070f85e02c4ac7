import { REPORT_STATE_LABELS, WORKFLOW_ACTION_LABELS } from '../progress-reports/workflow.ts';
import type { ReportState } from '../progress-reports/workflow.ts';

/**
 * One permission rule for the whole API (issue 19 item 2): who may do which action on which thing in which
 * state, and the state it leaves behind. The service decides every action with it, `GET /api/me`'s flags
 * are "may do X somewhere" read from it, and every answer's `actions` lists what it allows now, so the
 * three cannot disagree. Anything not listed is refused.
 */

/** hq 推進本部, department 各課の職員, department_head 所属長（課長）, viewer 推進懇談会. */
export type Role = 'hq' | 'department' | 'department_head' | 'viewer';

/**
 * What a row is about. report: an action item's report or a KPI actual (per measure: a department's staff
 * and 所属長 act only on their own measures); opinion: 推進懇談会の意見; publication: 公表; annualReport: the
 * year's report (進捗状況報告書); assignment: 関係各課の割当て (its history per measure); digest: 年次ダイジェスト;
 * sheet: Excel/CSV export and import; overview: 全体状況; plan: the plan and the department list; session: /me;
 * notice: e-mail notices (each person's settings, HQ's log of what was sent).
 */
export type Subject = 'report' | 'opinion' | 'publication' | 'annualReport' | 'assignment' | 'digest' | 'sheet' | 'overview' | 'plan' | 'session' | 'notice';

/**
 * A state a row starts from. Reports: ReportState, or 'missing' before the first save. Opinions: 'missing'
 * (not recorded yet), 'submitted', 'approved'. Publications: 'unpublished', 'published', 'withdrawn'.
 */
export type State = ReportState | 'missing' | 'unpublished' | 'published' | 'withdrawn';

/**
 * A condition beyond the role. submitter: the person who last submitted the report; headOfSubmitter: the
 * 所属長 of a department the submitter submitted for (for a report submitted before that was recorded, the
 * 所属長 of any responsible department); author: the council member who submitted the opinion.
 */
export type Condition = 'submitter' | 'headOfSubmitter' | 'author';

export interface PermissionRow {
  subject: Subject;
  action: string;
  who: Role;
  /** The row holds only for this caller (see Condition); absent: for everyone in the role. */
  only?: Condition;
  /** States it may be done from; absent: any state (things without states: a digest, an export). */
  from?: readonly State[];
  /** The state afterwards; 'keep' leaves it (a report saved for the first time becomes a draft); absent: no state. */
  to?: State | 'keep';
  /** The row holds only with 課内確認 on (true) or off (false); absent: always. */
  headConfirmation?: boolean;
}

export type PermissionTable = readonly PermissionRow[];

/** What an opinion's answer may offer: 修正 (PUT) and 承認 (POST …/approve). */
export const OPINION_ACTIONS = ['save', 'approve'] as const;
/** What a publication's answer may offer: 公表・再公表 (POST) and 取下げ (DELETE). */
export const PUBLICATION_ACTIONS = ['publish', 'withdraw'] as const;

const everyone = (subject: Subject, action: string): PermissionRow[] =>
  (['hq', 'department_head', 'department', 'viewer'] as const).map((who) => ({ subject, action, who }));
const hqOnly = (subject: Subject, action: string, row: Partial<PermissionRow> = {}): PermissionRow => ({ subject, action, who: 'hq', ...row });

const EDITABLE: readonly State[] = ['missing', 'draft', 'returned'];

/**
 * The rules. Reports: saving keeps a returned report "returned" so the reviewer's comment stays in view until
 * it is resubmitted; a 所属長 may edit a report waiting for them and submit directly; withdrawal (取り下げ) is
 * open to the submitter and their 所属長 until HQ acts, not to a co-owning department's other staff; approved
 * reports are read-only until HQ reopens them; a report waiting for 課内確認 moves on only by the 所属長 of the
 * department that submitted it (confirm or return), never by HQ's submit; the council reads approved ones only. Opinions: HQ records
 * them (approved at once), a council member submits one and may correct it until HQ approves it. Source:
 * /work/shared/design.md "Review workflow", issue 18 items 3–4, issue 19 item 2.
 */
export const PERMISSION_TABLE: PermissionTable = [
  // ——— 報告・KPI実績 ———
  { subject: 'report', action: 'read', who: 'hq' },
  { subject: 'report', action: 'read', who: 'department_head' },
  { subject: 'report', action: 'read', who: 'department' },
  { subject: 'report', action: 'read', who: 'viewer', from: ['approved'] },
  ...everyone('report', 'list'),
  { subject: 'report', action: 'history', who: 'hq' },
  { subject: 'report', action: 'history', who: 'department_head' },
  { subject: 'report', action: 'history', who: 'department' },
  { subject: 'report', action: 'save', who: 'department', from: EDITABLE, to: 'keep' },
  { subject: 'report', action: 'save', who: 'hq', from: EDITABLE, to: 'keep' },
  { subject: 'report', action: 'save', who: 'department_head', from: [...EDITABLE, 'pending_head'], to: 'keep' },
  { subject: 'report', action: 'submit', who: 'department', from: ['draft', 'returned'], to: 'pending_head', headConfirmation: true },
  { subject: 'report', action: 'submit', who: 'department', from: ['draft', 'returned'], to: 'submitted', headConfirmation: false },
  // A report waiting for 課内確認 goes on only through its own 所属長's confirm or return: HQ cannot skip the
  // step, and on a measure two departments share, the other department's 所属長 does not confirm it.
  { subject: 'report', action: 'submit', who: 'department_head', from: ['draft', 'returned'], to: 'submitted' },
  { subject: 'report', action: 'submit', who: 'hq', from: ['draft', 'returned'], to: 'submitted' },
  { subject: 'report', action: 'confirm', who: 'department_head', only: 'headOfSubmitter', from: ['pending_head'], to: 'submitted' },
  { subject: 'report', action: 'return', who: 'department_head', only: 'headOfSubmitter', from: ['pending_head'], to: 'returned' },
  { subject: 'report', action: 'return', who: 'hq', from: ['submitted'], to: 'returned' },
  { subject: 'report', action: 'withdraw', who: 'department', only: 'submitter', from: ['pending_head', 'submitted'], to: 'draft' },
  { subject: 'report', action: 'withdraw', who: 'department_head', only: 'headOfSubmitter', from: ['pending_head', 'submitted'], to: 'draft' },
  { subject: 'report', action: 'withdraw', who: 'hq', only: 'submitter', from: ['pending_head', 'submitted'], to: 'draft' },
  { subject: 'report', action: 'approve', who: 'hq', from: ['submitted'], to: 'approved' },
  { subject: 'report', action: 'reopen', who: 'hq', from: ['approved'], to: 'returned' },

  // ——— 推進懇談会の意見 ———
  { subject: 'opinion', action: 'read', who: 'hq' },
  { subject: 'opinion', action: 'read', who: 'viewer', from: ['approved'] },
  { subject: 'opinion', action: 'read', who: 'viewer', only: 'author' },
  { subject: 'opinion', action: 'create', who: 'hq', from: ['missing'], to: 'approved' },
  { subject: 'opinion', action: 'create', who: 'viewer', from: ['missing'], to: 'submitted' },
  { subject: 'opinion', action: 'save', who: 'hq', from: ['submitted', 'approved'], to: 'keep' },
  { subject: 'opinion', action: 'save', who: 'viewer', only: 'author', from: ['submitted'], to: 'keep' },
  { subject: 'opinion', action: 'approve', who: 'hq', from: ['submitted'], to: 'approved' },

  // ——— 進捗状況報告書と公表 ———
  { subject: 'annualReport', action: 'read', who: 'hq' },
  { subject: 'annualReport', action: 'read', who: 'viewer' },
  hqOnly('publication', 'read'),
  hqOnly('publication', 'publish', { from: ['unpublished', 'published', 'withdrawn'], to: 'published' }),
  hqOnly('publication', 'withdraw', { from: ['published'], to: 'withdrawn' }),

  // ——— 全体状況・割当て・ダイジェスト・出力と取込・計画 ———
  { subject: 'overview', action: 'read', who: 'hq' },
  { subject: 'overview', action: 'read', who: 'viewer' },
  ...everyone('assignment', 'read'),
  hqOnly('assignment', 'assign'),
  { subject: 'assignment', action: 'history', who: 'hq' },
  { subject: 'assignment', action: 'history', who: 'department_head' },
  { subject: 'assignment', action: 'history', who: 'department' },
  hqOnly('digest', 'preview'),
  hqOnly('digest', 'send'),
  hqOnly('digest', 'list'),
  ...everyone('sheet', 'export'),
  { subject: 'sheet', action: 'import', who: 'hq' },
  { subject: 'sheet', action: 'import', who: 'department_head' },
  { subject: 'sheet', action: 'import', who: 'department' },
  // The plan is everyone's to read (its versions too); only HQ revises it (中間見直し) and sets its status.
  ...everyone('plan', 'read'),
  hqOnly('plan', 'revise'),
  hqOnly('plan', 'status'),
  ...everyone('session', 'read'),
  // E-mail notices: each person who receives some kind their own settings (the council receives none); HQ the
  // log of what was sent to whom.
  ...(['hq', 'department_head', 'department'] as const).map((who) => ({ subject: 'notice' as const, action: 'settings', who })),
  hqOnly('notice', 'list'),
];

/**
 * Where one caller stands towards one thing: the roles they hold for it (for a report, HQ and the council
 * everywhere and their membership in its responsible departments; strongest first), its state, and which
 * conditions hold for them.
 */
export interface Situation {
  roles: readonly Role[];
  /** Absent for things without a state. */
  state?: State;
  conditions?: ReadonlySet<Condition>;
  /** 課内確認 on or off (the deployment's setting); absent: rows of either setting count. */
  headConfirmation?: boolean;
}

export type Decision = { ok: true; row: PermissionRow; to: State | undefined } | { ok: false; reason: 'forbidden' | 'invalid_state'; message: string };

const ROLE_LABELS: Record<Role, string> = {
  hq: '推進本部（総合政策課）',
  department_head: '所属長',
  department: '担当課',
  viewer: '推進懇談会の委員',
};
const CONDITION_LABELS: Record<Condition, string> = { submitter: '提出した本人', headOfSubmitter: '提出した課の所属長', author: '提出した委員本人' };
const ACTION_LABELS: Partial<Record<Subject, Record<string, string>>> = {
  report: { ...WORKFLOW_ACTION_LABELS, read: '閲覧', list: '一覧', history: '変更履歴の閲覧' },
  opinion: { read: '意見の閲覧', create: '意見の記録', save: '意見の修正', approve: '意見の承認' },
  publication: { read: '公表の状態の閲覧', publish: '公表', withdraw: '公表の取下げ' },
  plan: { read: '計画の閲覧', revise: '計画の見直し', status: '計画の状態の変更' },
};
const STATE_LABELS: Record<State, string> = {
  ...REPORT_STATE_LABELS,
  unpublished: '未公表',
  published: '公表中',
  withdrawn: '取り下げた公表',
};

/**
 * Each table's rows by "subject action", in the table's order: made once per table (the real one, or a test's
 * changed copy), since every answer decides a dozen actions and the table has some seventy rows.
 */
const rowIndexes = new WeakMap<PermissionTable, ReadonlyMap<string, readonly PermissionRow[]>>();

function rowsOf(table: PermissionTable, subject: Subject, action: string): readonly PermissionRow[] {
  let index = rowIndexes.get(table);
  if (!index) {
    const built = new Map<string, PermissionRow[]>();
    for (const row of table) {
      const key = `${row.subject} ${row.action}`;
      const rows = built.get(key);
      if (rows) rows.push(row);
      else built.set(key, [row]);
    }
    index = built;
    rowIndexes.set(table, index);
  }
  return index.get(`${subject} ${action}`) ?? [];
}

const rowsFor = (table: PermissionTable, subject: Subject, action: string, headConfirmation: boolean | undefined) =>
  rowsOf(table, subject, action).filter(
    (row) => headConfirmation === undefined || row.headConfirmation === undefined || row.headConfirmation === headConfirmation,
  );

/**
 * Whether the caller may do `action` on `subject` now, and the state afterwards. The roles are tried
 * strongest first and the first row that holds decides the new state (a 所属長's submission goes to HQ,
 * not to themselves). Refusals, in Japanese: 'forbidden' (HTTP 403) when no row of the caller's roles whose
 * condition holds for them has the action, in any state (HQ may never withdraw another's report);
 * 'invalid_state' (HTTP 409) when one has it, but not from this state.
 */
export function decide(table: PermissionTable, subject: Subject, action: string, situation: Situation): Decision {
  const rows = rowsFor(table, subject, action, situation.headConfirmation);
  const label = ACTION_LABELS[subject]?.[action] ?? 'この操作';
  const mine = rows.filter((row) => situation.roles.includes(row.who));
  if (mine.length === 0) {
    // Who may, from every row: a role, or the condition a row asks for (「提出した課の所属長」).
    const allowed = [...new Set(rows.map((row) => (row.only ? CONDITION_LABELS[row.only] : ROLE_LABELS[row.who])))];
    const message = allowed.length > 0 ? `${label}は${allowed.join('・')}だけが行えます` : `${label}は行えません`;
    return { ok: false, reason: 'forbidden', message };
  }
  const holds = (row: PermissionRow) => !row.only || situation.conditions?.has(row.only) === true;
  if (!mine.some(holds)) {
    // Named from every row, not only the caller's: the message says who may, e.g. 「提出した本人か所属長」.
    const who = [...new Set(rows.map((row) => (row.only ? CONDITION_LABELS[row.only] : ROLE_LABELS[row.who])))];
    return { ok: false, reason: 'forbidden', message: `${label}は${who.join('か')}だけが行えます` };
  }
  const fromHere = (row: PermissionRow) => row.from === undefined || (situation.state !== undefined && row.from.includes(situation.state));
  const row = situation.roles
    .map((role) => mine.find((candidate) => candidate.who === role && holds(candidate) && fromHere(candidate)))
    .find((candidate) => candidate !== undefined);
  if (!row) {
    const state = situation.state === undefined ? '' : `${STATE_LABELS[situation.state]}の`;
    const noun = subject === 'report' ? '報告' : subject === 'opinion' ? '意見' : '';
    return { ok: false, reason: 'invalid_state', message: `${state}${noun}は${label}できません` };
  }
  const to = row.to === 'keep' ? (situation.state === 'missing' ? 'draft' : situation.state) : row.to;
  return { ok: true, row, to };
}

/** The actions of `candidates` the caller may take on the thing now, in the candidates' order (an answer's `actions`). */
export function allowedActions<A extends string>(table: PermissionTable, subject: Subject, candidates: readonly A[], situation: Situation): A[] {
  return candidates.filter((action) => decide(table, subject, action, situation).ok);
}

/**
 * Whether any of `roles` has a row for the action, in any state and whatever its condition: "may do X
 * somewhere" (the flags of `GET /api/me`, and the first check before a request's If-Match is read).
 */
export function mayEver(table: PermissionTable, subject: Subject, action: string, roles: readonly Role[]): boolean {
  return rowsOf(table, subject, action).some((row) => roles.includes(row.who));
}
