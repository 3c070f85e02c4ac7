import * as z from '../zod.ts';
import { REPORT_STATE_LABELS as STATE_WORDS } from './labels.ts';

/**
 * A report's place in review: 下書き → 課内確認待ち → 提出済 → 承認済, with 差戻し back to editing.
 * pending_head (課内確認待ち) is staff's submission waiting for the 所属長; HQ does not see it as submitted.
 */
export const reportStateSchema = z.enum(['draft', 'pending_head', 'submitted', 'returned', 'approved']);
export type ReportState = z.infer<typeof reportStateSchema>;

// The states' words live with the other labels (labels.ts, no zod): screens that only show a state load no schema.
export const REPORT_STATE_LABELS: Record<ReportState | 'missing', string> = STATE_WORDS;

/**
 * The one scope of a year's figures in what the city hands over: a report counts once HQ approved it. The
 * annual report (print view, .docx, publication) and the digest both draw their tallies through this, so the
 * digest's 未報告 is the report's (issue 23: the digest counted submitted reports and called drafts 報告のない).
 * A draft, one awaiting its 所属長, one submitted and not yet approved, or one returned is not a report there.
 */
export function countsInYearFigures(record: { state: ReportState }): boolean {
  return record.state === 'approved';
}

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

/** Whether the 所属長 confirms staff's submissions before HQ sees them (課内確認; a deployment setting, on by default). */
export interface WorkflowSettings {
  headConfirmation: boolean;
}

// Who may take which step from which state is the permission table's (./table.ts), with every other rule.

/** One step of a report's history as `returnedBy` reads it: the revision's action and its field changes (the state's among them). */
export interface ReturnStep {
  action: string;
  changes: readonly { field: string; before: unknown }[];
}

/**
 * Who sent a 差戻し report back, from its history (revisions, oldest first): 'head' when its last 差し戻し
 * was the 所属長's 課内確認 (from 課内確認待ち: HQ never had it), 'hq' when it was HQ's review (from 提出済);
 * null when the history holds no 差し戻し. The permission table's two `return` rows are the source: only
 * the 所属長 returns from pending_head, only HQ from submitted, so the state the step left says who took it.
 */
export function returnedBy(history: readonly ReturnStep[]): 'head' | 'hq' | null {
  const last = history.findLast((step) => step.action === 'return');
  if (!last) return null;
  return last.changes.find((change) => change.field === 'state')?.before === 'pending_head' ? 'head' : 'hq';
}
