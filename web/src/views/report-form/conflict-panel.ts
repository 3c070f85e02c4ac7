import { formatDateTime } from '../../../../functions/domain/calendar/index.ts';
import { FIELD_LABELS, STATE_LABELS, asItemState, displayField } from '../../labels.ts';
import type { Report } from '../../state.ts';
import { html, nothing } from '../../ui.ts';
import type { Fields } from './model.ts';

export interface Conflict {
  /** The version someone else saved, and its ETag for overwriting it. */
  latest: Report;
  etag: string | null;
  theirs: Fields;
}

/**
 * A 412: someone saved first. Their version beside what was loaded and what the user typed, field by
 * field; the user chooses to take theirs or to overwrite it (only while the report is still editable).
 */
export function conflictPanel(conflict: Conflict, loaded: Fields, mine: Fields, loadedState: string, actions: { reload(): void; overwrite(): void }) {
  const { latest, theirs } = conflict;
  const changed = Object.keys(theirs).filter((name) => theirs[name] !== loaded[name] || theirs[name] !== mine[name]);
  const editable = latest.state === 'draft' || latest.state === 'returned';
  return html`<div class="alert alert-warning conflict" role="alert">
    <h2 id="conflict-title">他の人が先に変更しました</h2>
    <p>他の人（${latest.updatedBy.name}）が先に保存しました。あなたの入力はまだ残っています。最新は版${latest.version}（${formatDateTime(latest.updatedAt)}）です。</p>
    ${latest.state !== loadedState ? html`<p>状態: ${STATE_LABELS[asItemState(loadedState)]} → <strong>${STATE_LABELS[asItemState(latest.state)]}</strong></p>` : nothing}
    <table class="stack">
      <caption>項目ごとの違い</caption>
      <thead><tr><th scope="col">項目</th><th scope="col">読み込んだときの内容</th><th scope="col">相手の保存内容</th><th scope="col">あなたの入力</th></tr></thead>
      <tbody>
        ${changed.length
          ? changed.map((name) => html`<tr>
              <th scope="row">${FIELD_LABELS[name]}</th>
              <td data-label="読み込んだときの内容">${displayField(name, loaded[name])}</td>
              <td data-label="相手の保存内容">${displayField(name, theirs[name])}</td>
              <td data-label="あなたの入力">${displayField(name, mine[name])}</td>
            </tr>`)
          : html`<tr><td colspan="4">入力項目の違いはありません</td></tr>`}
      </tbody>
    </table>
    <div class="actions">
      <button type="button" class="primary" @click=${actions.reload}>最新の内容を読み込む（自分の入力は破棄）</button>
      ${editable ? html`<button type="button" @click=${actions.overwrite}>自分の入力で上書きする</button>` : nothing}
    </div>
  </div>`;
}
