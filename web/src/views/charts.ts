/**
 * Small pictures of the year: a stacked bar of how ratings are distributed, and a KPI's sparkline. Each
 * is drawn with its numbers in words beside it (the text alternative everyone can read), so the picture
 * itself is hidden from screen readers rather than described twice.
 */
import type { KpiAssessment, Tally } from '../../../functions/domain/attainment/index.ts';
import { formatPeriod, formatValue } from '../../../functions/domain/calendar/index.ts';
import { html, nothing, svg } from '../ui.ts';

type Segment = { key: string; label: string; count: number };

/** Patterns as well as colours tell the segments apart, from best (A) to not yet known. */
const SEGMENT_CLASS: Record<string, string> = { A: 'seg-a', B: 'seg-b', C: 'seg-c', D: 'seg-d', N: 'seg-n', unrated: 'seg-n' };

export const actionSegments = (t: Tally): Segment[] =>
  (['A', 'B', 'C', 'D', 'unrated'] as const).map((key) => ({ key, label: key === 'unrated' ? '未評価' : key, count: t.actionRatings[key] }));
export const kpiSegments = (t: Tally): Segment[] => (['A', 'B', 'C', 'D', 'N'] as const).map((key) => ({ key, label: key, count: t.kpiRatings[key] }));

/**
 * One stacked bar (widths proportional to the counts) with the counts written under it ("A 2・B 3").
 * The widths are set as the `.style` property (the CSSOM), which the site's CSP `style-src 'self'` allows;
 * a style attribute in the markup would be refused, and so would lit's styleMap, which writes one at first.
 */
export function stackedBar(name: string, segments: Segment[]) {
  const total = segments.reduce((sum, s) => sum + s.count, 0);
  const words =
    segments
      .filter((s) => s.count > 0)
      .map((s) => `${s.label} ${s.count}`)
      .join('・') || 'なし';
  return html`<div class="bar-row">
    <span class="bar-name">${name}</span>
    <span class="bar" aria-hidden="true">${
      total
        ? segments
            .filter((s) => s.count > 0)
            .map((s) => html`<span class="seg ${SEGMENT_CLASS[s.key]}" .style=${`flex-grow:${s.count}`}>${s.count / total >= 0.12 ? s.label : ''}</span>`)
        : html`<span class="seg seg-empty">—</span>`
    }</span>
    <span class="bar-words">${words}</span>
  </div>`;
}

const SW = 120;
const SH = 32;

/**
 * A KPI's baseline and actuals as a line, with the target as a dashed level: enough to see the direction
 * at a glance. The values are written beside it; `target` is the 目標値 as the screen writes it (formatTarget).
 */
export function sparkline(kpi: KpiAssessment, target: string) {
  const points = [{ period: kpi.baseline.period, value: kpi.baseline.value }, ...kpi.series];
  const values = [...points.map((p) => p.value), ...(kpi.target.value === null ? [] : [kpi.target.value])];
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const first = kpi.baseline.period;
  const last = Math.max(kpi.target.period, ...points.map((p) => p.period));
  const x = (period: number) => 4 + ((period - first) / Math.max(1, last - first)) * (SW - 8);
  const y = (value: number) => SH - 4 - ((value - low) / (high - low || 1)) * (SH - 8);
  const latest = kpi.series.at(-1);
  return html`<span class="spark">
    <svg class="sparkline" viewBox="0 0 ${SW} ${SH}" width=${SW} height=${SH} aria-hidden="true" focusable="false">
      ${kpi.target.value === null ? nothing : svg`<line x1="4" x2=${SW - 4} y1=${y(kpi.target.value)} y2=${y(kpi.target.value)} stroke="#5f6b7a" stroke-dasharray="4 3" />`}
      <polyline points=${points.map((p) => `${x(p.period)},${y(p.value)}`).join(' ')} fill="none" stroke="#0b3d91" stroke-width="2" />
      ${points.map((p, i) => (i === 0 ? svg`<circle cx=${x(p.period)} cy=${y(p.value)} r="2.5" fill="#1f2933" />` : svg`<rect x=${x(p.period) - 2.5} y=${y(p.value) - 2.5} width="5" height="5" fill="#0b3d91" />`))}
    </svg>
    <span class="spark-words">${latest ? `${formatPeriod(latest.period, kpi.basis)} ${formatValue(latest.value, kpi.unit)}` : '実績なし'}（基準値 ${formatValue(kpi.baseline.value, kpi.unit)}・目標値 ${target}）</span>
  </span>`;
}
