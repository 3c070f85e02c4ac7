import { tokyoDate, tokyoDateTime } from '../calendar/index.ts';
import type { ReportState, WorkflowAction } from '../progress-reports/workflow.ts';

/**
 * The e-mail notices of issue 24, one kind per thing someone waits for:
 * - awaiting_head: a report reached 課内確認待ち; its department's 所属長 are told;
 * - returned: the 所属長 or HQ returned it (差戻し) with a comment; its writer is told;
 * - approved: HQ approved it; its writer is told;
 * - daily_submitted: a report reached 提出済 (submitted to HQ); not mailed at once but filed under its day
 *   (Japan time) and listed in HQ's one mail of that day (functions/notices/daily.ts).
 */
export const NOTICE_KINDS = ['awaiting_head', 'returned', 'approved', 'daily_submitted'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** The kinds one workflow step raises: every kind (daily_submitted's event is filed, the mail is the day's). */
export type StepNoticeKind = NoticeKind;

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
 * The notice a workflow step raises, or null: staff's submission that now waits for the 所属長; a report
 * reaching 提出済 (a submission without 課内確認, or the 所属長's confirm), for HQ's daily summary; a return;
 * an approval.
 */
export function noticeKindOf(action: WorkflowAction, next: ReportState): StepNoticeKind | null {
  if (action === 'submit' && next === 'pending_head') return 'awaiting_head';
  if ((action === 'submit' || action === 'confirm') && next === 'submitted') return 'daily_submitted';
  if (action === 'return') return 'returned';
  if (action === 'approve') return 'approved';
  return null;
}

/** Whether a person who turned kinds off (`off`) still wants `kind`: every kind is on until turned off. */
export const wantsNotice = (off: readonly NoticeKind[] | undefined, kind: NoticeKind): boolean => !(off ?? []).includes(kind);

/** The day (Japan time, `YYYY-MM-DD`) an instant belongs to: the day a submission is listed under in HQ's daily summary. */
export function noticeDay(instant: Date | string): string {
  const { year, month, day } = tokyoDate(instant);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * When HQ's daily summary of 提出済 goes out, Japan time: near the end of the working day. The AWS schedule
 * (infra/stacks/digest.ts) and the local system's timer (functions/notices/local-delivery.ts) both read it.
 */
export const DAILY_SUMMARY_TIME = { hour: 17, minute: 30 } as const;

/** Whether the day's summary is due at `now`: from DAILY_SUMMARY_TIME (Japan time) to the day's end. */
export function dailySummaryDue(now: Date): boolean {
  const { hour, minute } = tokyoDateTime(now);
  return hour * 60 + minute >= DAILY_SUMMARY_TIME.hour * 60 + DAILY_SUMMARY_TIME.minute;
}
