import * as z from '../zod.ts';

/** A report's place in review: 下書き → 提出済 → 差戻し → 提出済 → 承認済. */
export const reportStateSchema = z.enum(['draft', 'submitted', 'returned', 'approved']);
export type ReportState = z.infer<typeof reportStateSchema>;

export const REPORT_STATE_LABELS: Record<ReportState | 'missing', string> = {
  missing: '未入力',
  draft: '下書き',
  submitted: '提出済',
  returned: '差戻し',
  approved: '承認済',
};

export type WorkflowAction = 'save' | 'submit' | 'return' | 'approve' | 'reopen';
export type Actor = 'department' | 'hq';

interface Transition {
  from: readonly (ReportState | 'missing')[];
  to: ReportState | 'keep';
  by: readonly Actor[];
}

/**
 * Who may do what from which state. Saving keeps a returned report "returned" so HQ's comment stays in view
 * until the department resubmits; approved reports are read-only until HQ reopens them.
 */
const TRANSITIONS: Record<WorkflowAction, Transition> = {
  save: { from: ['missing', 'draft', 'returned'], to: 'keep', by: ['department', 'hq'] },
  submit: { from: ['draft', 'returned'], to: 'submitted', by: ['department', 'hq'] },
  return: { from: ['submitted'], to: 'returned', by: ['hq'] },
  approve: { from: ['submitted'], to: 'approved', by: ['hq'] },
  reopen: { from: ['approved'], to: 'returned', by: ['hq'] },
};

export type TransitionResult =
  | { ok: true; state: ReportState }
  | { ok: false; reason: 'forbidden' | 'invalid_state'; message: string };

const ACTION_LABELS: Record<WorkflowAction, string> = {
  save: '保存',
  submit: '提出',
  return: '差し戻し',
  approve: '承認',
  reopen: '承認の取消し（再開）',
};

export function transition(current: ReportState | 'missing', action: WorkflowAction, actor: Actor): TransitionResult {
  const rule = TRANSITIONS[action];
  if (!rule.by.includes(actor)) {
    return { ok: false, reason: 'forbidden', message: `${ACTION_LABELS[action]}は推進本部（総合政策課）だけが行えます` };
  }
  if (!rule.from.includes(current)) {
    return {
      ok: false,
      reason: 'invalid_state',
      message: `${REPORT_STATE_LABELS[current]}の報告は${ACTION_LABELS[action]}できません`,
    };
  }
  if (rule.to !== 'keep') return { ok: true, state: rule.to };
  return { ok: true, state: current === 'missing' ? 'draft' : current };
}
