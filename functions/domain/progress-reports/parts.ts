import type { ReportState } from './workflow.ts';
import type { ActionRating, ActionStatus } from './schema.ts';

/**
 * Shared items (関係各課・共管): an action item whose measure two or more departments are responsible for
 * in the fiscal year. Each responsible department reports its own part; the item as a whole is as far as
 * its least advanced part. Source: issue 20 item 7.
 */

/** A part's state, or 'missing' where its department has written nothing. */
export type PartState = ReportState | 'missing';

/** How far each state is on the way to 承認済: a returned part is back to being edited, like a draft. */
const PROGRESS: Record<PartState, number> = { missing: 0, draft: 1, returned: 1, pending_head: 2, submitted: 3, approved: 4 };

/** Whether the item is shared in the year: two or more responsible departments. */
export const isShared = (responsible: readonly string[]) => responsible.length >= 2;

/** The item's state: its least advanced part's ('missing' when it has no parts). */
export function leastAdvancedState(states: readonly PartState[]): PartState {
  return (
    states.reduce<PartState | undefined>((least, state) => (least === undefined || PROGRESS[state] < PROGRESS[least] ? state : least), undefined) ?? 'missing'
  );
}

/**
 * Whose part a shared item's record is when it was written before parts existed (no `department`): the
 * first department it was submitted for, else the first responsible department.
 */
export function legacyPartOf(record: { submittedFrom?: readonly string[] }, responsible: readonly string[]): string | undefined {
  return record.submittedFrom?.[0] ?? responsible[0];
}

/**
 * Whether an item's records of a year are one report written before parts existed, and no part since: that
 * report was the whole item's (one shared report), so it still stands for the whole item — its state, body
 * and rating — until a department writes its own part. An upgraded table keeps its approved items approved.
 */
export function isWholeItemReport(records: readonly { department?: string }[]): boolean {
  return records.length > 0 && records.every((record) => !record.department);
}

const STATUS_PROGRESS: Record<ActionStatus, number> = { not_started: 0, studying: 1, implementing: 2, done: 3 };
const RATING_ORDER: Record<ActionRating, number> = { D: 0, C: 1, B: 2, A: 3 };

/**
 * One report's status and rating from its parts' (every responsible department's): the least advanced
 * status and the worst rating (D < C < B < A), so the item is no further than its slowest department.
 */
export function rollUpAssessment<P extends { status: ActionStatus; rating: ActionRating }>(
  parts: readonly [P, ...P[]],
): { status: ActionStatus; rating: ActionRating } {
  const status = parts.map((part) => part.status).reduce((a, b) => (STATUS_PROGRESS[b] < STATUS_PROGRESS[a] ? b : a));
  const rating = parts.map((part) => part.rating).reduce((a, b) => (RATING_ORDER[b] < RATING_ORDER[a] ? b : a));
  return { status, rating };
}
