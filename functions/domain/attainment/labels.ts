export type KpiRating = 'A' | 'B' | 'C' | 'D' | 'N';
export type ScheduleFlag = 'ahead' | 'on_plan' | 'behind' | 'unreported';

export const KPI_RATING_LABELS: Record<KpiRating, string> = {
  A: '達成',
  B: '順調',
  C: '遅れ',
  D: '後退',
  N: '未報告',
};

/**
 * Why a KPI has the rating it has when its numbers do not decide it: target_unset, a target the plan leaves
 * to be set later (rated N until a revision sets it); self_assessed, a qualitative KPI rated by its department.
 */
export type KpiRatingReason = 'target_unset' | 'self_assessed';

export const KPI_RATING_REASON_LABELS: Record<KpiRatingReason, string> = {
  target_unset: '目標未設定',
  self_assessed: '所管課の評価',
};

/** The schedule comparison; on_plan is 予定どおり, because 計画どおり is the self-assessment B (notation TERMS). */
export const SCHEDULE_FLAG_LABELS: Record<ScheduleFlag, string> = {
  ahead: '前倒し',
  on_plan: '予定どおり',
  behind: '遅れ',
  unreported: '未報告',
};

// A department's own words for an action item (A 計画以上 … D 遅れ・未着手; 未着手 … 完了) are the
// report form's labels; re-exported so the attainment views need one import.
export { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from '../progress-reports/labels.ts';
