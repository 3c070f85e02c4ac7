/**
 * What can be done to a report after it is written: the 所属長's 課内確認 (確認して提出 / 差し戻し),
 * HQ's review (承認 / 差し戻し / 承認の取消し) and the submitter's 取り下げ. Each button appears exactly
 * when the report's `actions` name it (models/report-form.ts `buttons`); the state only picks the words.
 */
import type { ItemState } from '../../labels.ts';
import type { ReviewAction } from '../../models/report-form.ts';
import { html, live, nothing } from '../../ui.ts';

export interface ReviewBinding {
  state: ItemState;
  buttons: Record<ReviewAction, boolean>;
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
  const { state, buttons } = bar;
  // 差し戻し belongs to the 所属長's step while the report waits for them, to HQ's after.
  const headConfirms = buttons.confirm || (buttons.return && state === 'pending_head');
  const hqReviews = buttons.approve || buttons.reopen || (buttons.return && state !== 'pending_head');
  return html`
    ${
      headConfirms
        ? html`<section class="card review" aria-labelledby="confirm-title-head">
          <h2 id="confirm-title-head">所属長の確認（課内確認）</h2>
          ${commentField(bar, 'コメント（差し戻しでは必須）', '担当者に表示されます（2,000文字以内）')}
          <div class="actions">${buttons.confirm ? button(bar, 'confirm', '確認して提出', true) : nothing}${buttons.return ? button(bar, 'return', '差し戻す') : nothing}</div>
        </section>`
        : nothing
    }
    ${
      hqReviews
        ? html`<section class="card review" aria-labelledby="review-title">
          <h2 id="review-title">推進本部の審査</h2>
          ${commentField(bar, buttons.reopen ? 'コメント（承認を取り消す理由）' : 'コメント（差し戻しでは必須）', '担当課に表示されます（2,000文字以内）')}
          <div class="actions">
            ${buttons.approve ? button(bar, 'approve', '承認する', true) : nothing}
            ${buttons.return ? button(bar, 'return', '差し戻す') : nothing}
            ${buttons.reopen ? button(bar, 'reopen', '承認を取り消して差し戻す') : nothing}
          </div>
        </section>`
        : nothing
    }
    ${
      buttons.withdraw
        ? html`<section class="card" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">提出の取り下げ</h2>
          <p>推進本部が審査する前なら、取り下げて下書きに戻し、直してから提出し直せます。</p>
          <div class="actions">${button(bar, 'withdraw', '取り下げる')}</div>
        </section>`
        : nothing
    }`;
}
