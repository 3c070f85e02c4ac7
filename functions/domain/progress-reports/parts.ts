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

/**
 * The rule for one department's view of a shared item (関係各課), in one place. Source: design.md 「Shared
 * items」 (each responsible department reports its own part; the item is as far as its least advanced part) and
 * the new-user trial of issue 24, where 全体状況 filtered to 庶務課 + 承認済 left out 14-1, whose 庶務課 part was
 * approved, while the CSV and Excel of the same filter listed it:
 * - narrowed to a department (全体状況's 課 filter, the CSV/xlsx `?department=`), a shared item is that
 *   department's own part: its state is the part's, so the screen and the downloads keep the same rows;
 * - the per-department tallies (課別, 自己評価 by 課) count each department's own part's rating;
 * - without a department, the item is one row at its least advanced part's state (leastAdvancedState), and
 *   the item-level totals count it once, by rollUpAssessment, when every part counts.
 *
 * `item.parts` is null for an unshared item (or one whose report was written before parts existed): its own state.
 */
export function stateForDepartment<S extends string>(
  item: { state: S; parts: readonly { department: string; state: S }[] | null },
  department: string | undefined,
): S {
  if (!department || !item.parts) return item.state;
  return item.parts.find((part) => part.department === department)?.state ?? item.state;
}

/**
 * One text field of a shared item's parts, each under its department's name (【課名】text), a line per part.
 * A part with nothing written in the field prints nothing: no bare 【庶務課】 with no text after it (the same
 * trial: the report's 課題 and 今後の取組 read 「【庶務課】」 alone). '' when no part has text.
 */
export function joinPartTexts(parts: readonly { name: string; text: string }[]): string {
  return parts
    .filter(({ text }) => text.trim() !== '')
    .map(({ name, text }) => `【${name}】${text}`)
    .join('\n');
}
