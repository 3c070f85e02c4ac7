import type { ActionRating, ActionStatus } from './schema.ts';

/**
 * A report's state in the workflow's words; `missing` when nothing is stored. workflow.ts checks that the keys
 * are its states (this module imports nothing of it, so the screens' labels load no schema).
 */
export const REPORT_STATE_LABELS = {
  missing: '未入力',
  draft: '下書き',
  pending_head: '課内確認待ち',
  submitted: '提出済',
  returned: '差戻し',
  approved: '承認済',
} as const;

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: '未着手',
  studying: '検討中',
  implementing: '実施中',
  done: '完了',
};

export const ACTION_RATING_LABELS: Record<ActionRating, string> = {
  A: '計画以上',
  B: '計画どおり',
  C: 'やや遅れ',
  D: '遅れ・未着手',
};

/** The fields of both report forms and of HQ's review, as the forms, the sheet's import preview and the history label them. */
export const FIELD_LABELS: Record<string, string> = {
  status: '進捗状況',
  rating: '自己評価',
  achievements: '実績',
  challenges: '課題',
  nextSteps: '今後の取組',
  effectAmount: '効果額（円）',
  value: '実績値',
  assessment: '評価',
  asOf: '時点',
  note: '出典・備考',
  comment: 'コメント',
  state: '状態',
};
