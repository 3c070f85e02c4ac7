/**
 * The parts of a shared action item (関係各課・共管) on a page: the 課 selector of a 兼務 user and the parts side
 * by side (課, 状態, 実績, 課題, 今後の取組). Drawn by the report form, the review queue and the measure page
 * from models/parts.ts.
 */
import { displayField } from '../../labels.ts';
import type { Part } from '../../models/parts.ts';
import { html, nothing } from '../../ui.ts';
import type { Template } from '../../ui.ts';
import { stateBadge } from '../common.ts';

/** 「報告する課」: a select of the parts the caller may open; choosing one opens that part. */
export function departmentSelector(choices: readonly { department: string; name: string }[], current: string | null, choose: (department: string) => void) {
  if (choices.length === 0) return nothing;
  return html`<p class="filter part-selector"><label for="f-department">報告する課</label>
    <select id="f-department" @change=${(e: Event) => choose((e.target as HTMLSelectElement).value)}>
      ${choices.map((c) => html`<option value=${c.department} ?selected=${c.department === current}>${c.name}</option>`)}
    </select></p>`;
}

/** A part's text field as the table shows it: the approved-only reader sees nothing of an unapproved part. */
function text(part: Part, name: 'status' | 'rating' | 'achievements' | 'challenges' | 'nextSteps', approvedOnly: boolean): string {
  if (part.report?.kind !== 'action' || (approvedOnly && part.report.state !== 'approved')) return '—';
  return displayField(name, part.report.body[name]);
}

/**
 * The parts as a table, one row per department; `extra` adds a last column (HQ's 承認 / 差し戻し, a link to
 * the part). `judged` adds each part's 進捗状況 and 自己評価 before its texts, with `judged.note(part)` under
 * the status (the review queue's 計画との比較): HQ weighs them, as on an unshared item's card. On a phone
 * the rows become blocks with their cells labelled (.stack).
 */
export function partsTable(
  caption: string,
  parts: readonly Part[],
  approvedOnly: boolean,
  extra?: { heading: string; cell: (part: Part) => Template },
  judged?: { note: (part: Part) => Template },
) {
  const heads = ['課', '状態', ...(judged ? ['進捗状況', '自己評価'] : []), '実績', '課題', '今後の取組', ...(extra ? [extra.heading] : [])];
  return html`<div class="scroll"><table class="parts stack">
    <caption>${caption}</caption>
    <thead><tr>${heads.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
    <tbody>${parts.map(
      (p) => html`<tr>
        <th scope="row">${p.departmentName}</th>
        <td data-label="状態">${stateBadge(p.state, approvedOnly)}</td>
        ${
          judged
            ? html`<td data-label="進捗状況">${text(p, 'status', approvedOnly)}${judged.note(p)}</td>
              <td data-label="自己評価">${text(p, 'rating', approvedOnly)}</td>`
            : nothing
        }
        <td data-label="実績">${text(p, 'achievements', approvedOnly)}</td>
        <td data-label="課題">${text(p, 'challenges', approvedOnly)}</td>
        <td data-label="今後の取組">${text(p, 'nextSteps', approvedOnly)}</td>
        ${extra ? html`<td data-label=${extra.heading}>${extra.cell(p)}</td>` : nothing}
      </tr>`,
    )}</tbody>
  </table></div>`;
}
