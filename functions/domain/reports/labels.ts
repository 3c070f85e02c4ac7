import type { ActionRating, ActionStatus } from './schema.ts';

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
