/**
 * 前年度から引継ぎ for all of a department's items at once (POST /api/fiscal-years/{fy}/action-reports/carry-forward):
 * which items the home offers it for, the call, and the sentence that tells the user what it did. The offer
 * and the API use one rule (domain/progress-reports/carry-forward.ts), so the number offered is the number of
 * drafts made. Tests drive it against the real API.
 */
import type { Report } from '../../../functions/contract/index.ts';
import { formatFiscalYear } from '../../../functions/domain/calendar/index.ts';
import { hasCarryableText } from '../../../functions/domain/progress-reports/carry-forward.ts';
import { ApiError, call } from '../api.ts';

/** Whether a report has text to carry into next year (domain hasCarryableText); false for a KPI actual. */
export function carryableText(report: Pick<Report, 'kind' | 'body'> | undefined): boolean {
  return report?.kind === 'action' && hasCarryableText(report.body);
}

/** An action item's row on the home: its key, a shared item's part (関係各課), and this year's report if any. */
export interface CarryRow {
  id: string;
  department?: string;
  report?: unknown;
}

/**
 * The rows 前年度から引継ぎ would make a draft for: nothing written this year (no report), and last year's
 * report of the same item and part (`previous`, the list of the year before) has text. Same order as `rows`.
 */
export function carryCandidates<R extends CarryRow>(rows: readonly R[], previous: readonly Report[]): R[] {
  const key = (id: string, department?: string | null) => `${id}:${department ?? ''}`;
  const withText = new Set(previous.filter((r) => carryableText(r)).map((r) => key(r.id, r.department)));
  return rows.filter((row) => row.report === undefined && withText.has(key(row.id, row.department)));
}

export interface CarryOutcome {
  /** false when the API refused (the message is its detail, in Japanese). */
  ok: boolean;
  /** The drafts made, by item key. */
  carried: string[];
  /** What the screen announces: how many drafts were made (the number the home offered, unless someone wrote meanwhile). */
  message: string;
}

/**
 * Makes a draft from last year's report for every due item of `department` with nothing written yet and
 * text last year. The items left are not counted in the message: the home offered only the others, and a
 * count of items that never had anything to carry reads as a failure (issue 24's trial).
 */
export async function carryForwardAll(fiscalYear: number, department: string): Promise<CarryOutcome> {
  const answer = await call('carryForwardResultSchema', `/fiscal-years/${fiscalYear}/action-reports/carry-forward`, {
    method: 'POST',
    body: { department },
  }).catch((error: unknown) => {
    if (error instanceof ApiError) return error;
    throw error;
  });
  if (answer instanceof ApiError) return { ok: false, carried: [], message: answer.problem.detail ?? '前年度の報告から始められませんでした' };
  const carried = answer.data.carried.map((report) => report.id);
  const previous = formatFiscalYear(fiscalYear - 1);
  const message = carried.length
    ? `${carried.length}件の下書きを${previous}の報告から作りました。内容を直して提出してください。`
    : `${previous}の報告から写せる取組項目はありませんでした（まだ入力していない取組項目に、${previous}の報告がありません）。`;
  return { ok: true, carried, message };
}
