import type { Phase } from '../catalogue/schema.ts';
import type { ActionStatus } from '../progress-reports/schema.ts';
import type { ScheduleFlag } from './labels.ts';

/** How far along a reported status is: 未着手 < 検討中 < 実施中 < 完了. */
const STATUS_ORDER: Record<ActionStatus, number> = { not_started: 0, studying: 1, implementing: 2, done: 3 };

/** The reported statuses that count as "as planned", an inclusive range [min, max]. */
export type StatusRange = readonly [min: ActionStatus, max: ActionStatus];

/**
 * What a phase asks of a year. `onPlan` is the range of statuses that are as planned: below it is
 * 遅れ, above it 前倒し. `afterHeldYear`, for work done every other year, replaces it in a year that
 * follows one in which the work was held (実施中 or 完了 reported for the year before).
 */
export interface PhaseRule {
  onPlan: StatusRange;
  afterHeldYear?: StatusRange;
}

/**
 * The one place that says which reported statuses count as "as planned" for each phase the plan
 * schedules for a year. Why these ranges:
 * - 検討 (study): the year is for studying; implementing or done already is ahead, not started is behind.
 * - 検討・実施 (study_implement): the plan allows either, so studying and implementing are both on plan.
 * - 実施 (implement), 策定 (draw_up): the work is due this year; finishing it is on plan, still studying is behind.
 * - 検討・策定 (study_draw_up, 15-1 in FY2026–27): studying towards the document or drawing it up are
 *   both what the plan asks, so 検討中 is on plan; not started is behind.
 * - 見直し (review): a review may be a study, an implementation or a finished revision; not starting it is behind.
 * - 隔年実施 (biennial, 14-2): held every other year. A year is due unless the work was held the year
 *   before; in a due year it must be held (実施中・完了), in the year after a held one nothing is
 *   behind or ahead. With no report for the year before (the plan's first year included) the year
 *   is due: the plan's R8 column starts with 隔年実施, and an unreported year is not a held one.
 * - 随時 (as_needed): done when the need arises, so no reported status is behind or ahead of it.
 * - nothing this year (none, a blank cell): nothing is due, so the item is not assessed unless reported;
 *   a report of work under way or done is ahead of the plan.
 */
export const ON_PLAN_STATUSES: Readonly<Record<Phase, PhaseRule>> = {
  study: { onPlan: ['studying', 'studying'] },
  study_implement: { onPlan: ['studying', 'implementing'] },
  implement: { onPlan: ['implementing', 'done'] },
  review: { onPlan: ['studying', 'done'] },
  draw_up: { onPlan: ['implementing', 'done'] },
  study_draw_up: { onPlan: ['studying', 'done'] },
  biennial: { onPlan: ['implementing', 'done'], afterHeldYear: ['not_started', 'done'] },
  as_needed: { onPlan: ['not_started', 'done'] },
  none: { onPlan: ['not_started', 'not_started'] },
};

/** Whether a status reports the work as held in its year: under way or finished. */
const held = (status: ActionStatus | undefined | null) => status === 'implementing' || status === 'done';

/**
 * A reported status against the plan's phase for the year; no report is 未報告. `previousYear` is
 * the status reported for the year before (null or omitted when there is none); only alternate-year
 * phases look at it.
 */
export function compareWithSchedule(phase: Phase, status: ActionStatus | undefined | null, previousYear?: ActionStatus | null): ScheduleFlag {
  if (!status) return 'unreported';
  const rule = ON_PLAN_STATUSES[phase];
  const [min, max] = rule.afterHeldYear && held(previousYear) ? rule.afterHeldYear : rule.onPlan;
  const level = STATUS_ORDER[status];
  if (level < STATUS_ORDER[min]) return 'behind';
  if (level > STATUS_ORDER[max]) return 'ahead';
  return 'on_plan';
}
