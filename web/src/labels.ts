/**
 * Every word the screens use for a state, a rating, a field or a history step, in one place. The domain's
 * own labels are reused where they exist, so the web app, the API's messages and the digest say the same.
 */
import { KPI_RATING_LABELS } from '../../functions/domain/attainment/labels.ts';
import type { KpiRating } from '../../functions/domain/attainment/labels.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS, FIELD_LABELS, REPORT_STATE_LABELS } from '../../functions/domain/progress-reports/labels.ts';

export { ACTION_RATING_LABELS, ACTION_STATUS_LABELS, FIELD_LABELS, KPI_RATING_LABELS };
export type { KpiRating };

/** A report's state as the screens know it; `missing` when nothing is stored. */
export type ItemState = keyof typeof REPORT_STATE_LABELS;

/** The workflow's own words (domain/progress-reports/workflow.ts): 未入力・下書き・課内確認待ち・提出済・差戻し・承認済. */
export const STATE_LABELS: Record<ItemState, string> = REPORT_STATE_LABELS;

/** A mark as well as a colour, so a state reads the same in greyscale and to a screen reader. */
export const STATE_MARKS: Record<ItemState, string> = { missing: '○', draft: '✎', pending_head: '…', submitted: '↑', returned: '↩', approved: '✓' };

/** The council sees approved reports only: anything else is "not approved yet", never "not entered". */
export const UNAPPROVED = '未承認';

export const asItemState = (state: string | undefined): ItemState => (state && state in STATE_LABELS ? (state as ItemState) : 'missing');

/** A field's value as the form shows it: 実施中 rather than implementing, （空） for nothing. */
export function displayField(name: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '（空）';
  const text = String(value);
  if (name === 'status') return ACTION_STATUS_LABELS[text as keyof typeof ACTION_STATUS_LABELS] ?? text;
  if (name === 'rating') return `${text}：${ACTION_RATING_LABELS[text as keyof typeof ACTION_RATING_LABELS] ?? ''}`;
  if (name === 'state') return STATE_LABELS[asItemState(text)];
  return text;
}

/** The steps of a report's history (変更履歴), in the words of the buttons that made them. */
export const HISTORY_ACTION_LABELS: Record<string, string> = {
  save: '保存',
  submit: '提出',
  confirm: '課内確認（所属長が提出）',
  withdraw: '取り下げ',
  return: '差し戻し',
  approve: '承認',
  reopen: '承認の取消し',
  import: 'Excelから取込み',
  carry_forward: '前年度から引継ぎ',
  attach: '根拠資料の添付',
  detach: '根拠資料の削除',
  assign: '割当て',
};

/** Rating letters explained once per screen, in the summary above a table. */
export const ACTION_RATING_LEGEND = 'A 計画以上・B 計画どおり・C やや遅れ・D 遅れ・未着手';
export const KPI_RATING_LEGEND = 'A 達成・B 順調・C 遅れ・D 後退・N 未報告';

/** What a department still has to do about a report in this state; `due` while it has not reached HQ. */
export function nextStep(state: ItemState, canConfirm = false): { text: string; due: boolean; urgent?: boolean } {
  switch (state) {
    case 'missing':
      return { text: '入力して提出', due: true };
    case 'draft':
      return { text: '下書きを提出', due: true };
    case 'returned':
      return { text: '修正して再提出', due: true, urgent: true };
    case 'pending_head':
      // 課内確認 is the 所属長's work (design.md, review workflow): staff wait for it, they cannot act on it.
      return canConfirm ? { text: '確認して提出', due: true, urgent: true } : { text: '所属長の確認待ち', due: false };
    case 'submitted':
      return { text: '推進本部の審査待ち', due: false };
    case 'approved':
      return { text: 'なし（承認済み）', due: false };
  }
}

/**
 * The home's counts: 要対応 is what the person can act on now; 所属長の確認待ち, for staff, is waiting on
 * their 所属長 (for a 所属長 it is their own work, so it is counted as 要対応 instead).
 */
export function homeCounts(states: readonly ItemState[], canConfirm: boolean): { due: number; waitingForHead: number } {
  return {
    due: states.filter((state) => nextStep(state, canConfirm).due).length,
    waitingForHead: canConfirm ? 0 : states.filter((state) => state === 'pending_head').length,
  };
}

/** 推進懇談会の意見: its states, fields and history steps. */
export { OPINION_STATE_LABELS } from '../../functions/domain/annual-report/opinions.ts';
export const OPINION_FIELD_LABELS: Record<string, string> = { measure: '対象', speaker: '発言者', date: '日付', text: '意見', state: '状態' };
export const OPINION_HISTORY_LABELS: Record<string, string> = { record: '記録（推進本部）', submit: '提出（委員）', edit: '修正', approve: '承認' };
