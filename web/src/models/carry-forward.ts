/**
 * 前年度から引継ぎ for all of a department's items at once (POST /api/fiscal-years/{fy}/action-reports/carry-forward):
 * the call and the sentence that tells the user what it did. The department home offers it; tests drive it
 * against the real API.
 */
import { formatFiscalYear } from '../../../functions/domain/calendar/index.ts';
import { ApiError, call } from '../api.ts';

export interface CarryOutcome {
  /** false when the API refused (the message is its detail, in Japanese). */
  ok: boolean;
  /** The drafts made, by item key. */
  carried: string[];
  /** What the screen announces: how many drafts, and how many were left and why (the API's reasons, counted). */
  message: string;
}

/** Makes a draft from last year's report for every due item of `department` with nothing written yet. */
export async function carryForwardAll(fiscalYear: number, department: string): Promise<CarryOutcome> {
  const answer = await call('carryForwardResultSchema', `/fiscal-years/${fiscalYear}/action-reports/carry-forward`, {
    method: 'POST',
    body: { department },
  }).catch((error: unknown) => {
    if (error instanceof ApiError) return error;
    throw error;
  });
  if (answer instanceof ApiError) return { ok: false, carried: [], message: answer.problem.detail ?? '前年度の報告から始められませんでした' };
  const { data } = answer;
  const carried = data.carried.map((report) => report.id);
  const noSource = data.skipped.filter((s) => s.reason.includes('報告がない')).length;
  const written = data.skipped.length - noSource;
  const left = [written ? `${written}件は入力済み` : '', noSource ? `${noSource}件は${formatFiscalYear(fiscalYear - 1)}の報告がありません` : ''].filter(
    Boolean,
  );
  const message = `${carried.length}件の下書きを${formatFiscalYear(fiscalYear - 1)}の報告から作りました${left.length ? `（${left.join('、')}）` : ''}。内容を直して提出してください。`;
  return { ok: true, carried, message };
}
