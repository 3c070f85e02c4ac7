import { describe, expect, it } from 'vitest';
import {
  ACTION_RATING_LABELS,
  ACTION_STATUS_LABELS,
  ON_PLAN_STATUSES,
  SCHEDULE_FLAG_LABELS,
  actionRatingSchema,
  actionStatusSchema,
  compareWithSchedule,
} from '../functions/domain/attainment/index.ts';
import type { ActionStatus, ScheduleFlag } from '../functions/domain/attainment/index.ts';
import { phaseSchema } from '../functions/domain/catalogue/schema.ts';
import type { Phase } from '../functions/domain/catalogue/schema.ts';

const STATUSES = ['not_started', 'studying', 'implementing', 'done'] as const satisfies readonly ActionStatus[];

/**
 * The whole phase × status table, written out by hand from the brief:
 * study [studying], study_implement [studying, implementing], implement [implementing, done],
 * review [studying, done], draw_up [implementing, done], study_draw_up [studying, done],
 * biennial [implementing, done] in a due year, as_needed [not_started, done], and none (a blank cell:
 * nothing scheduled) [not_started], so reporting work under way or done for such a year is ahead of the plan.
 */
const TABLE: Record<Phase, Record<ActionStatus, ScheduleFlag>> = {
  study: { not_started: 'behind', studying: 'on_plan', implementing: 'ahead', done: 'ahead' },
  study_implement: { not_started: 'behind', studying: 'on_plan', implementing: 'on_plan', done: 'ahead' },
  implement: { not_started: 'behind', studying: 'behind', implementing: 'on_plan', done: 'on_plan' },
  review: { not_started: 'behind', studying: 'on_plan', implementing: 'on_plan', done: 'on_plan' },
  draw_up: { not_started: 'behind', studying: 'behind', implementing: 'on_plan', done: 'on_plan' },
  study_draw_up: { not_started: 'behind', studying: 'on_plan', implementing: 'on_plan', done: 'on_plan' },
  biennial: { not_started: 'behind', studying: 'behind', implementing: 'on_plan', done: 'on_plan' },
  as_needed: { not_started: 'on_plan', studying: 'on_plan', implementing: 'on_plan', done: 'on_plan' },
  none: { not_started: 'on_plan', studying: 'ahead', implementing: 'ahead', done: 'ahead' },
};

const cells = phaseSchema.options.flatMap((phase) => STATUSES.map((status) => [phase, status, TABLE[phase][status]] as const));

describe('compareWithSchedule: a reported status against the phase the plan schedules for the year', () => {
  it.each(cells)('%s reported as %s → %s', (phase, status, flag) => {
    expect(compareWithSchedule(phase, status)).toBe(flag);
  });

  it.each(
    phaseSchema.options.flatMap(
      (phase) =>
        [
          [phase, undefined],
          [phase, null],
        ] as const,
    ),
  )('%s with no report (%s) → unreported', (phase, status) => {
    expect(compareWithSchedule(phase, status)).toBe('unreported');
  });

  it('covers every phase the catalogue knows, and every status a department can report', () => {
    expect(Object.keys(ON_PLAN_STATUSES).sort()).toEqual([...phaseSchema.options].sort());
    expect(actionStatusSchema.options).toEqual([...STATUSES]);
    expect(cells).toHaveLength(36);
  });

  it.each(phaseSchema.options)('%s: moving along the status order never goes from ahead back to behind', (phase) => {
    const rank = { behind: 0, on_plan: 1, ahead: 2, unreported: -1 } as const;
    const flags = STATUSES.map((status) => rank[compareWithSchedule(phase, status)]);
    expect(flags).toEqual([...flags].sort((a, b) => a - b));
    // Every phase has at least one status that is on plan.
    expect(flags).toContain(1);
  });

  // 隔年実施: the year after a held one (実施中 or 完了 reported) asks nothing; any other year is due.
  it.each([
    ['implementing', 'not_started', 'on_plan'],
    ['done', 'not_started', 'on_plan'],
    ['done', 'studying', 'on_plan'],
    ['done', 'done', 'on_plan'],
    ['not_started', 'not_started', 'behind'],
    ['studying', 'studying', 'behind'],
    [null, 'not_started', 'behind'],
    [undefined, 'implementing', 'on_plan'],
  ] as const)('biennial, the year before %s, this year %s → %s', (previous, status, flag) => {
    expect(compareWithSchedule('biennial', status, previous)).toBe(flag);
  });

  it.each(phaseSchema.options.filter((phase) => phase !== 'biennial'))('%s does not depend on the year before', (phase) => {
    for (const status of STATUSES) {
      for (const previous of [...STATUSES, null]) expect(compareWithSchedule(phase, status, previous)).toBe(TABLE[phase][status]);
    }
  });
});

describe('labels and input enums for action items', () => {
  it('words statuses, ratings and flags in Japanese', () => {
    expect(ACTION_STATUS_LABELS).toEqual({ not_started: '未着手', studying: '検討中', implementing: '実施中', done: '完了' });
    expect(ACTION_RATING_LABELS).toEqual({ A: '計画以上', B: '計画どおり', C: 'やや遅れ', D: '遅れ・未着手' });
    // 予定どおり: 計画どおり is the self-assessment B, and one term names one thing.
    expect(SCHEDULE_FLAG_LABELS).toEqual({ ahead: '前倒し', on_plan: '予定どおり', behind: '遅れ', unreported: '未報告' });
  });

  it.each([
    [actionStatusSchema, 'implementing', true],
    [actionStatusSchema, 'in_progress', false],
    [actionRatingSchema, 'A', true],
    [actionRatingSchema, 'E', false],
  ] as const)('%#: accepts only the listed values', (schema, value, ok) => {
    expect(schema.safeParse(value).success).toBe(ok);
  });
});
