export type KpiRating = 'A' | 'B' | 'C' | 'D' | 'N';
export type ScheduleFlag = 'ahead' | 'on_plan' | 'behind' | 'unreported';

export const KPI_RATING_LABELS: Record<KpiRating, string> = {
  A: '達成',
  B: '順調',
  C: '遅れ',
  D: '後退',
  N: '未報告',
};

export const SCHEDULE_FLAG_LABELS: Record<ScheduleFlag, string> = {
  ahead: '前倒し',
  on_plan: '計画どおり',
  behind: '遅れ',
  unreported: '未報告',
};
