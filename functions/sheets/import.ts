import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS, FIELD_LABELS } from '../domain/progress-reports/labels.ts';
import type { ActionRating, ActionStatus } from '../domain/progress-reports/schema.ts';
import { REPORT_STATE_LABELS } from '../domain/progress-reports/workflow.ts';
import type { ImportChange } from '../service/reports.ts';

/** A row of the preview: what the row will change, field by field, in the sheet's words. */
export interface PreviewRow {
  line: number;
  kind: 'action' | 'kpi';
  id: string;
  title: string;
  measure: string;
  stateBefore: string;
  stateAfter: string;
  changes: { field: string; label: string; before: string | number | null; after: string | number | null }[];
}

function shown(field: string, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (field === 'status') return ACTION_STATUS_LABELS[value as ActionStatus] ?? String(value);
  if (field === 'rating') return `${value} ${ACTION_RATING_LABELS[value as ActionRating] ?? ''}`.trim();
  // Yen as the sheet shows it (1,234,000); the label says 円.
  if (field === 'effectAmount' && typeof value === 'number') return value.toLocaleString('ja-JP');
  return typeof value === 'number' ? value : String(value);
}

/** The preview of an import: each row's change in the sheet's words, before → after. */
export function previewRows(catalogue: Catalogue, changes: readonly ImportChange[]): PreviewRow[] {
  return changes.map(({ line, record, previous, revision }) => ({
    line,
    kind: record.kind,
    id: record.subject,
    title: record.kind === 'action' ? String(catalogue.actionItem(record.subject)?.item.title ?? '') : (catalogue.kpi(record.subject)?.kpi.name ?? ''),
    measure: record.measure,
    stateBefore: REPORT_STATE_LABELS[previous?.state ?? 'missing'],
    stateAfter: REPORT_STATE_LABELS[record.state],
    changes: revision.changes.map(({ field, before, after }) => ({
      field,
      label: FIELD_LABELS[field] ?? field,
      before: shown(field, before),
      after: shown(field, after),
    })),
  }));
}
