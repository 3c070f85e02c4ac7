/**
 * The one panel every screen shows for a 412 (someone saved first): who saved and when, then field by
 * field the other person's current text beside the user's own (and, where the screen keeps it, what was
 * loaded), with a button to take theirs and, while the record may still be written, one to overwrite it.
 * Used by the report and KPI forms, the opinions screen and the 関係各課 assignments (models/conflict.ts reads
 * the other record).
 */
import { formatDateTime } from '../../../functions/domain/calendar/index.ts';
import { html, nothing } from '../ui.ts';
import type { Template } from '../ui.ts';

export interface ConflictRow {
  label: string;
  /** As the screen loaded it, when the screen keeps that; the column is left out otherwise. */
  loaded?: string;
  theirs: string;
  mine: string;
}

export interface ConflictPanel {
  /** The heading (its id is conflict-title, for focus). */
  title: string;
  who: string;
  version: number;
  /** ISO date-time of their save. */
  at: string;
  /** A line about the state, when theirs moved it on (差し戻し → 提出済). */
  stateChange?: Template;
  rows: ConflictRow[];
  reload: { label: string; run(): void };
  /** Absent when the record can no longer be written (it was submitted or approved meanwhile). */
  overwrite?: { label: string; run(): void };
}

export function conflictPanel(panel: ConflictPanel) {
  const changed = panel.rows.filter((row) => row.theirs !== row.mine || (row.loaded !== undefined && row.loaded !== row.theirs));
  const withLoaded = panel.rows.some((row) => row.loaded !== undefined);
  return html`<div class="alert alert-warning conflict" role="alert">
    <h2 id="conflict-title">${panel.title}</h2>
    <p>他の人（${panel.who}）が先に保存しました。あなたの入力はまだ残っています。最新は版${panel.version}（${formatDateTime(panel.at)}）です。</p>
    ${panel.stateChange ?? nothing}
    <table class="stack">
      <caption>項目ごとの違い</caption>
      <thead><tr><th scope="col">項目</th>${withLoaded ? html`<th scope="col">読み込んだときの内容</th>` : nothing}<th scope="col">相手の保存内容</th><th scope="col">あなたの入力</th></tr></thead>
      <tbody>
        ${
          changed.length
            ? changed.map(
                (row) => html`<tr>
              <th scope="row">${row.label}</th>
              ${withLoaded ? html`<td data-label="読み込んだときの内容">${row.loaded ?? ''}</td>` : nothing}
              <td data-label="相手の保存内容">${row.theirs}</td>
              <td data-label="あなたの入力">${row.mine}</td>
            </tr>`,
              )
            : html`<tr><td colspan=${withLoaded ? 4 : 3}>入力項目の違いはありません</td></tr>`
        }
      </tbody>
    </table>
    <div class="actions">
      <button type="button" class="primary" @click=${panel.reload.run}>${panel.reload.label}</button>
      ${panel.overwrite ? html`<button type="button" @click=${panel.overwrite.run}>${panel.overwrite.label}</button>` : nothing}
    </div>
  </div>`;
}
