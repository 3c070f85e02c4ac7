import { KPI_RATING_LABELS } from '../../../functions/domain/attainment/labels.ts';
import type { KpiRating } from '../../../functions/domain/attainment/labels.ts';
import { formatPeriod } from '../../../functions/domain/calendar/index.ts';
import type { PeriodBasis } from '../../../functions/domain/calendar/index.ts';
import { REPORT_STATE_LABELS } from '../../../functions/domain/reports/workflow.ts';
import { ApiError } from '../api.ts';
import { badge, h } from '../dom.ts';
import { FISCAL_YEARS, fyLabel } from '../state.ts';

export type ItemState = keyof typeof REPORT_STATE_LABELS;

/** The fiscal-year picker every list screen has; changing it reloads the route with ?fy=. */
export function fiscalYearPicker(current: number, path: string): HTMLElement {
  const select = h(
    'select',
    { id: 'fy', onchange: (event: Event) => (location.hash = `${path}?fy=${(event.target as HTMLSelectElement).value}`) },
    FISCAL_YEARS.map((fy) => h('option', { value: fy, selected: fy === current }, fyLabel(fy))),
  );
  return h('p', { class: 'fy-picker' }, h('label', { for: 'fy' }, '年度'), select);
}

/** A mark as well as a colour, so a state reads the same in greyscale and to a screen reader. */
const STATE_MARK: Record<ItemState, string> = { missing: '○', draft: '✎', pending_head: '…', submitted: '↑', returned: '↩', approved: '✓' };

export function stateBadge(state: string): HTMLElement {
  const known = (state in REPORT_STATE_LABELS ? state : 'missing') as ItemState;
  return badge(`${STATE_MARK[known]} ${REPORT_STATE_LABELS[known]}`, known);
}

/** What a department still has to do about a report in this state; `due` while it is not yet submitted. */
export function nextStep(state: string): { text: string; due: boolean; urgent?: boolean } {
  switch (state) {
    case 'missing':
      return { text: '入力して提出', due: true };
    case 'draft':
      return { text: '下書きを提出', due: true };
    case 'returned':
      return { text: '修正して再提出', due: true, urgent: true };
    case 'submitted':
      return { text: '推進本部の審査待ち', due: false };
    default:
      return { text: 'なし（承認済み）', due: false };
  }
}

const RATING_KIND: Record<KpiRating, string> = { A: 'approved', B: 'submitted', C: 'draft', D: 'returned', N: 'missing' };
export const ratingBadge = (rating: KpiRating) => badge(`${rating} ${KPI_RATING_LABELS[rating]}`, RATING_KIND[rating]);

export function errorBox(message: string): HTMLElement {
  return h('div', { class: 'alert alert-error', role: 'alert' }, message);
}

/** The user-facing words of a failed call. */
export const problemText = (error: unknown, fallback: string) => (error instanceof ApiError ? error.problem.detail || error.problem.title : fallback);

/** Counts as "未入力 3・下書き 1", leaving out zeros; "なし" when empty. */
export function tallyText(counts: Record<string, number>, labels: Record<string, string>): string {
  const parts = Object.entries(labels).filter(([key]) => (counts[key] ?? 0) > 0).map(([key, label]) => `${label} ${counts[key]}`);
  return parts.join('・') || 'なし';
}

/** The plan's own label for a baseline or target, with its period added when the label names none ("100件" → "100件（令和12年度）"). */
export const withPeriod = (label: string, period: number, basis: PeriodBasis) => (/年|R\d/.test(label) ? label : `${label}（${formatPeriod(period, basis)}）`);
