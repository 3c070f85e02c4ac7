import * as z from '../zod.ts';

/**
 * A report's place in review: 下書き → 課内確認待ち → 提出済 → 承認済, with 差戻し back to editing.
 * pending_head (課内確認待ち) is staff's submission waiting for the 所属長; HQ does not see it as submitted.
 */
export const reportStateSchema = z.enum(['draft', 'pending_head', 'submitted', 'returned', 'approved']);
export type ReportState = z.infer<typeof reportStateSchema>;

export const REPORT_STATE_LABELS: Record<ReportState | 'missing', string> = {
  missing: '未入力',
  draft: '下書き',
  pending_head: '課内確認待ち',
  submitted: '提出済',
  returned: '差戻し',
  approved: '承認済',
};

export const WORKFLOW_ACTIONS = ['save', 'submit', 'confirm', 'withdraw', 'return', 'approve', 'reopen'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export const WORKFLOW_ACTION_LABELS: Record<WorkflowAction, string> = {
  save: '保存',
  submit: '提出',
  confirm: '課内確認（推進本部へ提出）',
  withdraw: '取り下げ',
  return: '差し戻し',
  approve: '承認',
  reopen: '承認の取消し（再開）',
};

/** Who acts in the workflow: a department's staff, its 所属長 (課長), or HQ (推進本部). The council never acts. */
export type Actor = 'department' | 'department_head' | 'hq';

const ACTOR_LABELS: Record<Actor, string> = {
  department: '担当課',
  department_head: '所属長',
  hq: '推進本部（総合政策課）',
};

/** Whether the 所属長 confirms staff's submissions before HQ sees them (課内確認; a deployment setting, on by default). */
export interface WorkflowSettings {
  headConfirmation: boolean;
}

interface Transition {
  action: WorkflowAction;
  by: readonly Actor[];
  from: readonly (ReportState | 'missing')[];
  /** 'keep': the state stays (a save); missing becomes draft. */
  to: ReportState | 'keep';
  /** The row applies only with 課内確認 on (true) or off (false); absent: always. */
  headConfirmation?: boolean;
}

/**
 * The whole workflow, one row per allowed step; anything not listed is refused. Saving keeps a returned
 * report "returned" so the reviewer's comment stays in view until it is resubmitted. A 所属長 may edit a
 * report waiting for them and submit directly; withdrawal (取り下げ) is open until HQ acts. Approved reports
 * are read-only until HQ reopens them.
 */
const TRANSITIONS: readonly Transition[] = [
  { action: 'save', by: ['department', 'hq'], from: ['missing', 'draft', 'returned'], to: 'keep' },
  { action: 'save', by: ['department_head'], from: ['missing', 'draft', 'returned', 'pending_head'], to: 'keep' },
  { action: 'submit', by: ['department'], from: ['draft', 'returned'], to: 'pending_head', headConfirmation: true },
  { action: 'submit', by: ['department'], from: ['draft', 'returned'], to: 'submitted', headConfirmation: false },
  { action: 'submit', by: ['department_head', 'hq'], from: ['draft', 'returned', 'pending_head'], to: 'submitted' },
  { action: 'confirm', by: ['department_head'], from: ['pending_head'], to: 'submitted' },
  { action: 'return', by: ['department_head'], from: ['pending_head'], to: 'returned' },
  { action: 'return', by: ['hq'], from: ['submitted'], to: 'returned' },
  { action: 'withdraw', by: ['department', 'department_head', 'hq'], from: ['pending_head', 'submitted'], to: 'draft' },
  { action: 'approve', by: ['hq'], from: ['submitted'], to: 'approved' },
  { action: 'reopen', by: ['hq'], from: ['approved'], to: 'returned' },
];

export type TransitionResult =
  | { ok: true; state: ReportState }
  | { ok: false; reason: 'forbidden' | 'invalid_state'; message: string };

/**
 * The state after someone acting as `actors` does `action` to a report in `current`, or why not:
 * 'forbidden' when none of the actors ever may (HTTP 403), 'invalid_state' when not from this state
 * (HTTP 409). `actors` are the parts the person holds for this report's measure, strongest first
 * (Permissions.actorsOn): a person who is both HQ and staff, or 所属長 of one responsible department
 * and staff of another, may do what any of them may, and the first that may decides the new state (so
 * a 所属長's submission goes to HQ, not to themselves). Messages are Japanese.
 */
export function transition(
  current: ReportState | 'missing',
  action: WorkflowAction,
  actors: readonly Actor[],
  settings: WorkflowSettings,
): TransitionResult {
  const rows = TRANSITIONS.filter(
    (row) => row.action === action && (row.headConfirmation === undefined || row.headConfirmation === settings.headConfirmation),
  );
  const mine = rows.filter((row) => row.by.some((who) => actors.includes(who)));
  if (mine.length === 0) {
    const allowed = [...new Set(rows.flatMap((row) => row.by))].map((who) => ACTOR_LABELS[who]).join('・');
    return { ok: false, reason: 'forbidden', message: `${WORKFLOW_ACTION_LABELS[action]}は${allowed}だけが行えます` };
  }
  const row = actors
    .map((actor) => mine.find((candidate) => candidate.by.includes(actor) && candidate.from.includes(current)))
    .find((candidate) => candidate !== undefined);
  if (!row) {
    return {
      ok: false,
      reason: 'invalid_state',
      message: `${REPORT_STATE_LABELS[current]}の報告は${WORKFLOW_ACTION_LABELS[action]}できません`,
    };
  }
  if (row.to !== 'keep') return { ok: true, state: row.to };
  return { ok: true, state: current === 'missing' ? 'draft' : current };
}
