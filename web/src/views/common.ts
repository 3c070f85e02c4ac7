import type { Tally } from '../../../functions/domain/attainment/index.ts';
import { formatPeriod } from '../../../functions/domain/calendar/index.ts';
import type { PeriodBasis } from '../../../functions/domain/calendar/index.ts';
import { STATE_LABELS, STATE_MARKS, KPI_RATING_LABELS, UNAPPROVED, asItemState } from '../labels.ts';
import type { KpiRating } from '../labels.ts';
import { fiscalYears, fyLabel } from '../state.ts';
import { badge, html } from '../ui.ts';

/** The fiscal-year picker every list screen has; changing it reloads the route with ?fy=. */
export const fiscalYearPicker = (current: number, path: string) => html`
  <p class="fy-picker">
    <label for="fy">年度</label>
    <select id="fy" @change=${(event: Event) => (location.hash = `${path}?fy=${(event.target as HTMLSelectElement).value}`)}>
      ${fiscalYears().map((fy) => html`<option value=${fy} ?selected=${fy === current}>${fyLabel(fy)}</option>`)}
    </select>
  </p>`;

/**
 * A report's state. `approvedOnly`: the reader sees approved reports only (the council), so everything
 * else is 未承認 — never 未入力, which would say the department did nothing.
 */
export function stateBadge(state: string, approvedOnly = false) {
  const known = asItemState(state);
  if (approvedOnly && known !== 'approved') return badge(`○ ${UNAPPROVED}`, 'missing');
  return badge(`${STATE_MARKS[known]} ${STATE_LABELS[known]}`, known);
}

const RATING_KIND: Record<KpiRating, string> = { A: 'approved', B: 'submitted', C: 'draft', D: 'returned', N: 'missing' };
export const ratingBadge = (rating: KpiRating) => badge(`${rating} ${KPI_RATING_LABELS[rating]}`, RATING_KIND[rating]);

// The messages live in messages.ts (the router loads them before any screen); the screens take them from here as before.
export { errorBox, notAllowed, okBox, problemText } from './messages.ts';

/** Counts as "未入力 3・下書き 1", leaving out zeros; "なし" when empty. */
export function tallyText(counts: Record<string, number>, labels: Record<string, string>): string {
  const parts = Object.entries(labels)
    .filter(([key]) => (counts[key] ?? 0) > 0)
    .map(([key, label]) => `${label} ${counts[key]}`);
  return parts.join('・') || 'なし';
}

/** "B 2・未評価 1": the letters are explained once, in the summary above the table. */
export const ratingTally = (tally: Tally) => ({
  actions: tallyText(tally.actionRatings, { A: 'A', B: 'B', C: 'C', D: 'D', unrated: '未評価' }),
  kpis: tallyText(tally.kpiRatings, { A: 'A', B: 'B', C: 'C', D: 'D', N: 'N' }),
});

/** The plan's own label for a baseline or target, with its period added when the label names none ("100件" → "100件（令和12年度）"). */
export const withPeriod = (label: string, period: number, basis: PeriodBasis) => (/年|R\d/.test(label) ? label : `${label}（${formatPeriod(period, basis)}）`);
