import type { Phase } from '../catalogue/schema.ts';
import type { ActionStatus } from '../reports/schema.ts';
import type { ScheduleFlag } from './labels.ts';

const STATUS_ORDER: Record<ActionStatus, number> = { not_started: 0, studying: 1, implementing: 2, done: 3 };

/**
 * The statuses that count as "as planned" for each phase the plan schedules. Below the range is
 * 遅れ, above it 前倒し: a year planned for study (検討) that reports implementation is ahead; a year
 * planned for implementation (実施) that is still being studied is behind. 随時 (as needed) has no
 * expected progress, so nothing reported is behind or ahead of it.
 */
const ON_PLAN: Record<Phase, [min: ActionStatus, max: ActionStatus]> = {
  study: ['studying', 'studying'],
  study_implement: ['studying', 'implementing'],
  implement: ['implementing', 'done'],
  review: ['studying', 'done'],
  draw_up: ['implementing', 'done'],
  as_needed: ['not_started', 'done'],
};

export function compareWithSchedule(phase: Phase, status: ActionStatus | undefined | null): ScheduleFlag {
  if (!status) return 'unreported';
  const [min, max] = ON_PLAN[phase];
  const level = STATUS_ORDER[status];
  if (level < STATUS_ORDER[min]) return 'behind';
  if (level > STATUS_ORDER[max]) return 'ahead';
  return 'on_plan';
}
