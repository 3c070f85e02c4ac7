/**
 * A report's changes as people read them: a text field as an inline diff (removed struck through, added
 * underlined; the style sheet names each for screen readers), other fields as "before → after" in the form's words.
 */
import { formatValue } from '../../../functions/domain/calendar/index.ts';
import { diffText } from '../diff.ts';
import { FIELD_LABELS, displayField } from '../labels.ts';
import type { Revision } from '../state.ts';
import { html } from '../ui.ts';

const TEXT_FIELDS = new Set(['achievements', 'challenges', 'nextSteps', 'note']);

export type FieldChange = Revision['changes'][number];

function shown(field: string, value: unknown, unit?: string): string {
  return field === 'value' && typeof value === 'number' && unit ? formatValue(value, unit) : displayField(field, value);
}

export function changeView(change: FieldChange, unit?: string) {
  const label = FIELD_LABELS[change.field] ?? change.field;
  if (TEXT_FIELDS.has(change.field) && typeof change.after === 'string' && typeof change.before === 'string' && change.before !== '') {
    return html`<div class="change"><dt>${label}</dt><dd class="diff">${diffText(change.before, change.after).map((part) =>
      part.kind === 'same' ? part.text : part.kind === 'removed' ? html`<del>${part.text}</del>` : html`<ins>${part.text}</ins>`,
    )}</dd></div>`;
  }
  return html`<div class="change"><dt>${label}</dt><dd><span class="before">${shown(change.field, change.before, unit)}</span> → <strong>${shown(change.field, change.after, unit)}</strong></dd></div>`;
}

/**
 * The changes worth a line: the comment is shown as the step's own comment, and a field that stayed empty
 * (（空） → （空）) did not change for the reader.
 */
export const meaningful = (changes: readonly FieldChange[]) =>
  changes.filter((c) => c.field !== 'comment' && displayField(c.field, c.before) !== displayField(c.field, c.after));

/**
 * Each field's change since the last approved version (its value then → now), or null when the report
 * was never approved. Revisions in any order.
 */
export function changesSinceApproval(revisions: readonly Revision[]): FieldChange[] | null {
  const ordered = [...revisions].sort((a, b) => a.version - b.version);
  const approved = ordered.findLastIndex((r) => r.action === 'approve');
  if (approved < 0) return null;
  const byField = new Map<string, FieldChange>();
  for (const revision of ordered.slice(approved + 1)) {
    for (const change of revision.changes) {
      const earlier = byField.get(change.field);
      byField.set(change.field, { field: change.field, before: earlier ? earlier.before : change.before, after: change.after });
    }
  }
  // The state moved from 承認済 by definition; what the reviewer needs is what the department changed.
  return meaningful([...byField.values()]).filter((c) => c.field !== 'state');
}

/** The latest revision made by an action, e.g. who submitted and when. */
export const lastBy = (revisions: readonly Revision[], action: string) => [...revisions].sort((a, b) => b.version - a.version).find((r) => r.action === action);
