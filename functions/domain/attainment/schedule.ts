import type { Phase } from '../catalogue/schema.ts';
import type { ActionStatus } from '../reports/schema.ts';
import type { ScheduleFlag } from './labels.ts';

/** How far along a reported status is: 未着手 < 検討中 < 実施中 < 完了. */
const STATUS_ORDER: Record<ActionStatus, number> = { not_started: 0, studying: 1, implementing: 2, done: 3 };

/**
 * The one place that says which reported statuses count as "as planned" for each phase the plan
 * schedules for a year, as an inclusive range [min, max]. Below the range is 遅れ, above it 前倒し.
 * Why these ranges:
 * - 検討 (study): the year is for studying; implementing or done already is ahead, not started is behind.
 * - 検討・実施 (study_implement): the plan allows either, so studying and implementing are both on plan.
 * - 実施 (implement), 策定 (draw_up): the work is due this year; finishing it is on plan, still studying is behind.
 * - 見直し (review): a review may be a study, an implementation or a finished revision; not starting it is behind.
 * - 随時 (as_needed): done when the need arises, so no reported status is behind or ahead of it.
 */
export const ON_PLAN_STATUSES: Readonly<Record<Phase, readonly [min: ActionStatus, max: ActionStatus]>> = {
  study: ['studying', 'studying'],
  study_implement: ['studying', 'implementing'],
  implement: ['implementing', 'done'],
  review: ['studying', 'done'],
  draw_up: ['implementing', 'done'],
  as_needed: ['not_started', 'done'],
};

/** A reported status against the plan's phase for the year; no report is 未報告. */
export function compareWithSchedule(phase: Phase, status: ActionStatus | undefined | null): ScheduleFlag {
  if (!status) return 'unreported';
  const [min, max] = ON_PLAN_STATUSES[phase];
  const level = STATUS_ORDER[status];
  if (level < STATUS_ORDER[min]) return 'behind';
  if (level > STATUS_ORDER[max]) return 'ahead';
  return 'on_plan';
}
