import { KPI_RATING_LABELS } from '../../../functions/domain/attainment/labels.ts';
import type { KpiAssessment } from '../../../functions/domain/attainment/index.ts';
import { formatPeriod, formatValue, reiwaYear } from '../../../functions/domain/calendar/index.ts';
import { call } from '../api.ts';
import { h, render } from '../dom.ts';
import { FISCAL_YEARS, fyLabel, getMe } from '../state.ts';
import { fiscalYearPicker, ratingBadge, withPeriod } from './common.ts';
import type { Overview } from './overview.ts';

const SVG = 'http://www.w3.org/2000/svg';
const W = 360;
const H = 190;
const M = { left: 12, right: 16, top: 22, bottom: 30 };

function svgEl(parent: Element, tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  parent.appendChild(el);
  return el;
}

const valueText = (kpi: KpiAssessment, value: number) => formatValue(value, kpi.unit);

/** The whole trajectory in words: what a screen reader hears for the chart. */
function describe(kpi: KpiAssessment): string {
  const actuals = kpi.series.map((p) => `${formatPeriod(p.period, kpi.basis)} ${valueText(kpi, p.value)}`).join('、') || 'まだありません';
  return `${kpi.name}の推移。現在値 ${withPeriod(kpi.baseline.label, kpi.baseline.period, kpi.basis)}、目標 ${withPeriod(kpi.target.label, kpi.target.period, kpi.basis)}、実績 ${actuals}。評価 ${kpi.rating} ${KPI_RATING_LABELS[kpi.rating]}。`;
}

/**
 * A KPI's actuals against the straight line from the baseline to the target, as inline SVG.
 * Shapes and line styles tell the series apart (● 現在値, ◆ 目標, ■ 実績; dashed = 計画線), not colour.
 */
export function trajectory(kpi: KpiAssessment): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', describe(kpi));
  svg.setAttribute('class', 'chart');

  const firstYear = Math.min(kpi.baseline.period, ...kpi.series.map((p) => p.period));
  const lastYear = Math.max(kpi.target.period, FISCAL_YEARS.at(-1)!, ...kpi.series.map((p) => p.period));
  const target = kpi.target.value;
  const values = [kpi.baseline.value, ...(target === null ? [] : [target]), ...kpi.series.map((p) => p.value)];
  let [low, high] = [Math.min(...values), Math.max(...values)];
  const pad = (high - low || Math.abs(high) || 1) * 0.25;
  low = Math.max(low >= 0 ? 0 : -Infinity, low - pad);
  high += pad;
  const x = (year: number) => M.left + ((year - firstYear) / Math.max(1, lastYear - firstYear)) * (W - M.left - M.right);
  const y = (value: number) => H - M.bottom - ((value - low) / (high - low || 1)) * (H - M.top - M.bottom);

  // Plan years, shaded lightly and named, so the reporting window is visible in greyscale too.
  svgEl(svg, 'rect', { x: x(FISCAL_YEARS[0]!), y: M.top, width: x(FISCAL_YEARS.at(-1)!) - x(FISCAL_YEARS[0]!), height: H - M.top - M.bottom, fill: '#f1f4f8' });
  svgEl(svg, 'text', { x: x(FISCAL_YEARS[0]!) + 4, y: M.top - 6, 'font-size': 11, fill: '#3d4550' }, '計画期間');
  // Axis: one tick per year (R6, R7 …).
  svgEl(svg, 'line', { x1: M.left, y1: H - M.bottom, x2: W - M.right, y2: H - M.bottom, stroke: '#7b8794' });
  for (let year = firstYear; year <= lastYear; year++) {
    svgEl(svg, 'line', { x1: x(year), y1: H - M.bottom, x2: x(year), y2: H - M.bottom + 4, stroke: '#7b8794' });
    svgEl(svg, 'text', { x: x(year), y: H - M.bottom + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#3d4550' }, `R${reiwaYear(year)}`);
  }

  // 計画線: baseline → target (dashed); for 現状より向上, the baseline level itself (dotted).
  if (target !== null) {
    svgEl(svg, 'line', { x1: x(kpi.baseline.period), y1: y(kpi.baseline.value), x2: x(kpi.target.period), y2: y(target), stroke: '#5f6b7a', 'stroke-width': 2, 'stroke-dasharray': '6 4' });
    const tx = x(kpi.target.period);
    const ty = y(target);
    svgEl(svg, 'path', { d: `M${tx} ${ty - 7}L${tx + 7} ${ty}L${tx} ${ty + 7}L${tx - 7} ${ty}Z`, fill: '#fff', stroke: '#1f2933', 'stroke-width': 2 });
    svgEl(svg, 'text', { x: tx - 10, y: ty - 10, 'text-anchor': 'end', 'font-size': 12, fill: '#1f2933' }, `目標 ${valueText(kpi, target)}`);
  } else {
    svgEl(svg, 'line', { x1: x(kpi.baseline.period), y1: y(kpi.baseline.value), x2: x(lastYear), y2: y(kpi.baseline.value), stroke: '#5f6b7a', 'stroke-width': 2, 'stroke-dasharray': '2 3' });
    svgEl(svg, 'text', { x: x(lastYear), y: y(kpi.baseline.value) - 8, 'text-anchor': 'end', 'font-size': 11, fill: '#1f2933' }, '目標: 現状より向上');
  }

  // 実績: a solid line from the baseline through each actual, squares on the points.
  if (kpi.series.length) {
    const points = [[kpi.baseline.period, kpi.baseline.value], ...kpi.series.map((p) => [p.period, p.value])];
    svgEl(svg, 'polyline', { points: points.map(([a, b]) => `${x(a!)},${y(b!)}`).join(' '), fill: 'none', stroke: '#0b3d91', 'stroke-width': 3 });
    for (const p of kpi.series) svgEl(svg, 'rect', { x: x(p.period) - 5, y: y(p.value) - 5, width: 10, height: 10, fill: '#0b3d91' });
    const last = kpi.series.at(-1)!;
    svgEl(svg, 'text', { x: x(last.period), y: y(last.value) - 10, 'text-anchor': 'middle', 'font-size': 12, fill: '#0b3d91', 'font-weight': 'bold' }, valueText(kpi, last.value));
  }
  svgEl(svg, 'circle', { cx: x(kpi.baseline.period), cy: y(kpi.baseline.value), r: 5, fill: '#1f2933' });
  // The label goes on the side of the point with more room, never onto the axis.
  const by = y(kpi.baseline.value);
  svgEl(svg, 'text', { x: x(kpi.baseline.period) + 8, y: by > (H - M.bottom + M.top) / 2 ? by - 10 : by + 18, 'font-size': 12, fill: '#1f2933' }, `現在値 ${valueText(kpi, kpi.baseline.value)}`);
  return svg;
}

/** The chart's data as a table: the same numbers for anyone who cannot or would rather not read the chart. */
function dataTable(kpi: KpiAssessment): HTMLElement {
  const byPeriod = new Map(kpi.series.map((p) => [p.period, p.value]));
  return h('table', { class: 'data' },
    h('caption', {}, `${kpi.id}の値（グラフのデータ）`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '時点'), h('th', { scope: 'col' }, '値'))),
    h('tbody', {},
      h('tr', {}, h('th', { scope: 'row' }, '● 現在値'), h('td', {}, withPeriod(kpi.baseline.label, kpi.baseline.period, kpi.basis))),
      FISCAL_YEARS.filter((year) => year <= kpi.period).map((year) =>
        h('tr', {}, h('th', { scope: 'row' }, `■ ${formatPeriod(year, kpi.basis)}`), h('td', {}, byPeriod.has(year) ? valueText(kpi, byPeriod.get(year)!) : '未報告'))),
      h('tr', {}, h('th', { scope: 'row' }, '◆ 目標'), h('td', {}, withPeriod(kpi.target.label, kpi.target.period, kpi.basis)))));
}

/** 達成度: every KPI's rating with its trajectory against the target line. */
export async function attainmentView(fy: number): Promise<void> {
  const [me, { data }] = await Promise.all([getMe(), call<Overview>(`/fiscal-years/${fy}/overview`)]);
  const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);
  render(
    h('h1', {}, 'KPI達成度'),
    fiscalYearPicker(fy, me.role === 'viewer' ? '#/viewer/attainment' : '#/hq/attainment'),
    h('p', { class: 'muted' },
      `${fyLabel(fy)}時点。${me.role === 'viewer' ? '承認済み' : '提出済み・承認済み'}の実績で評価しています。`,
      '● 現在値、◆ 目標、破線は現在値から目標への計画線、実線と ■ は実績です。評価: A 達成・B 順調・C 遅れ・D 後退・N 未報告。'),
    h('div', { class: 'grid' }, data.attainment.kpis.map((kpi) =>
      h('section', { class: 'card kpi', 'aria-labelledby': `a-${kpi.id}` },
        h('h2', { id: `a-${kpi.id}` }, `${kpi.id} ${kpi.name}`),
        h('p', {}, ratingBadge(kpi.rating),
          kpi.progress === null ? null : h('span', { class: 'muted' }, `　進捗 ${percent(kpi.progress)}（目安 ${percent(kpi.expected)}）`)),
        trajectory(kpi),
        dataTable(kpi),
      ),
    )),
  );
}
