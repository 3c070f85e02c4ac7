import type { ReportState, WorkflowAction } from '../progress-reports/workflow.ts';

/**
 * The e-mail notices of issue 24, one kind per thing someone waits for:
 * - awaiting_head: a report reached 課内確認待ち; its department's 所属長 are told;
 * - returned: the 所属長 or HQ returned it (差戻し) with a comment; its writer is told;
 * - approved: HQ approved it; its writer is told;
 * - daily_submitted: HQ's daily summary of what reached 提出済 that day (a setting, not an event of one report).
 */
export const NOTICE_KINDS = ['awaiting_head', 'returned', 'approved', 'daily_submitted'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** The kinds one workflow step raises (the daily summary is a schedule's, not a step's). */
export type StepNoticeKind = Exclude<NoticeKind, 'daily_submitted'>;

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  awaiting_head: '課内確認待ちになったとき（所属長へ）',
  returned: '差し戻されたとき（提出した人へ）',
  approved: '承認されたとき（提出した人へ）',
  daily_submitted: '提出済になった報告の一覧（推進本部へ、1日1回）',
};

/** Short names for the sent log. */
export const NOTICE_KIND_SHORT_LABELS: Record<NoticeKind, string> = {
  awaiting_head: '課内確認待ち',
  returned: '差戻し',
  approved: '承認',
  daily_submitted: '提出済の一覧',
};

/**
 * The notice a workflow step raises, or null: staff's submission that now waits for the 所属長
 * (not a 所属長's own submission, which goes straight to 提出済), a return, an approval.
 */
export function noticeKindOf(action: WorkflowAction, next: ReportState): StepNoticeKind | null {
  if (action === 'submit' && next === 'pending_head') return 'awaiting_head';
  if (action === 'return') return 'returned';
  if (action === 'approve') return 'approved';
  return null;
}

/** Whether a person who turned kinds off (`off`) still wants `kind`: every kind is on until turned off. */
export const wantsNotice = (off: readonly NoticeKind[] | undefined, kind: NoticeKind): boolean => !(off ?? []).includes(kind);
