/**
 * What can be done to a report after it is written: the 所属長's 課内確認 (確認して提出 / 差し戻し),
 * HQ's review (承認 / 差し戻し / 承認の取消し) and the submitter's 取り下げ. Which buttons appear follows the
 * report's state and the person's permissions; the server checks the same again.
 */
import type { ItemState } from '../../labels.ts';
import type { Permissions } from '../../state.ts';
import { html, live, nothing } from '../../ui.ts';

export type ReviewAction = 'confirm' | 'withdraw' | 'return' | 'approve' | 'reopen';

export interface ReviewBinding {
  state: ItemState;
  permissions: Permissions;
  /** The person reports on this measure (their department's, or the 所属長's). */
  reportsOnMeasure: boolean;
  comment: string;
  commentError?: string;
  onComment(value: string): void;
  act(action: ReviewAction): void;
}

function commentField(bar: ReviewBinding, label: string, hint: string) {
  return html`<div class="field">
    <label for="f-comment">${label}</label>
    <p id="h-comment" class="hint">${hint}</p>
    <textarea id="f-comment" name="comment" rows="3" aria-describedby="e-comment h-comment" aria-invalid=${bar.commentError ? 'true' : 'false'}
      .value=${live(bar.comment)} @input=${(event: Event) => bar.onComment((event.target as HTMLTextAreaElement).value)}></textarea>
    <p id="e-comment" class="field-error" ?hidden=${!bar.commentError}>${bar.commentError ?? ''}</p>
  </div>`;
}

const button = (bar: ReviewBinding, action: ReviewAction, text: string, primary = false) =>
  html`<button type="button" class=${primary ? 'primary' : nothing} @click=${() => bar.act(action)}>${text}</button>`;

export function reviewBar(bar: ReviewBinding) {
  const { state, permissions } = bar;
  const headConfirms = permissions.canConfirm && bar.reportsOnMeasure && state === 'pending_head';
  const hqReviews = permissions.canReview && (state === 'submitted' || state === 'approved');
  const mayWithdraw = permissions.canReport && bar.reportsOnMeasure && (state === 'pending_head' || state === 'submitted');
  return html`
    ${headConfirms
      ? html`<section class="card review" aria-labelledby="confirm-title-head">
          <h2 id="confirm-title-head">所属長の確認（課内確認）</h2>
          ${commentField(bar, 'コメント（差し戻しでは必須）', '担当者に表示されます（2,000文字以内）')}
          <div class="actions">${button(bar, 'confirm', '確認して提出', true)}${button(bar, 'return', '差し戻す')}</div>
        </section>`
      : nothing}
    ${hqReviews
      ? html`<section class="card review" aria-labelledby="review-title">
          <h2 id="review-title">推進本部の審査</h2>
          ${commentField(bar, state === 'submitted' ? 'コメント（差し戻しでは必須）' : 'コメント（承認を取り消す理由）', '担当課に表示されます（2,000文字以内）')}
          <div class="actions">
            ${state === 'submitted' ? [button(bar, 'approve', '承認する', true), button(bar, 'return', '差し戻す')] : button(bar, 'reopen', '承認を取り消して差し戻す')}
          </div>
        </section>`
      : nothing}
    ${mayWithdraw
      ? html`<section class="card" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">提出の取り下げ</h2>
          <p>推進本部が審査する前なら、取り下げて下書きに戻し、直してから提出し直せます。</p>
          <div class="actions">${button(bar, 'withdraw', '取り下げる')}</div>
        </section>`
      : nothing}`;
}
