import { html, svg } from 'lit-html';
import type { TemplateResult } from 'lit-html';
import { formatValue } from '../../functions/domain/calendar/index.ts';
import type { ReportKpi } from '../../functions/domain/annual-report/schema.ts';

/** The chart's box in SVG units (it scales down to the width it is given, never up). */
const W = 320;
const H = 150;
/** Room for the value labels above the lines (top) and the period axis (bottom). */
const PAD = { left: 10, right: 10, top: 26, bottom: 34 };
const FONT = 11;

/**
 * A KPI's small chart for the print view and the public page: the baseline (grey, its value under it at the right,
 * where the actuals' line, which starts at the left, does not run through it),
 * the target (dashed, its value and year at the right), the approved actuals (dots joined by a line, each
 * with its value), and the period axis from the baseline's period to the target's. Inline SVG, so it prints
 * sharply and needs no script. The words say the same as the picture, for screen readers and greyscale print.
 */
export function kpiChart(kpi: ReportKpi): TemplateResult {
  const points = [{ period: kpi.baseline.period, value: kpi.baseline.value }, ...kpi.actuals];
  const values = [...points.map((p) => p.value), ...(kpi.target.value === null ? [] : [kpi.target.value])];
  const low = Math.min(0, ...values);
  const high = Math.max(...values) || 1;
  const periods = [kpi.baseline.period, kpi.target.period, ...kpi.actuals.map((a) => a.period)];
  const first = Math.min(...periods);
  const last = Math.max(...periods);
  const x = (period: number) => PAD.left + ((period - first) / Math.max(1, last - first)) * (W - PAD.left - PAD.right);
  const y = (value: number) => H - PAD.bottom - ((value - low) / (high - low)) * (H - PAD.top - PAD.bottom);
  /** A label's anchor that keeps it inside the box: left-aligned near the left edge, right-aligned near the right. */
  const anchor = (at: number) => (at < W * 0.25 ? 'start' : at > W * 0.75 ? 'end' : 'middle');
  const actualText = kpi.actuals.length ? kpi.actuals.map((a) => `${a.periodLabel} ${a.valueText}`).join('、') : '承認済みの実績なし';
  const label = `${kpi.name}：基準値 ${kpi.baseline.label}、目標値 ${kpi.target.label}（${kpi.target.periodLabel}）、実績 ${actualText}`;
  const line = points.map((p) => `${x(p.period).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const axisY = H - PAD.bottom + 6;
  // Period labels under the axis: both ends always, an actual's only where it does not run into an end's.
  const middle = kpi.actuals.filter((a) => x(a.period) - x(first) > 70 && x(last) - x(a.period) > 70);
  return html`<svg class="kpi-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label=${label}>
    ${svg`<line x1=${PAD.left} x2=${W - PAD.right} y1=${axisY} y2=${axisY} stroke="#3d4550" stroke-width="1" />
      <line x1=${PAD.left} x2=${PAD.left} y1=${PAD.top - 6} y2=${axisY} stroke="#3d4550" stroke-width="1" />
      <line x1=${PAD.left} x2=${W - PAD.right} y1=${y(kpi.baseline.value)} y2=${y(kpi.baseline.value)} stroke="#9aa5b1" stroke-width="1" />
      <text x=${W - PAD.right} y=${Math.min(H - PAD.bottom - 2, y(kpi.baseline.value) + 14)} text-anchor="end" font-size=${FONT} fill="#3d4550">基準値 ${formatValue(kpi.baseline.value, kpi.unit)}</text>`}
    ${
      kpi.target.value === null
        ? null
        : svg`<line x1=${PAD.left} x2=${W - PAD.right} y1=${y(kpi.target.value)} y2=${y(kpi.target.value)} stroke="#0b5a27" stroke-width="1.5" stroke-dasharray="5 3" />
          <text x=${W - PAD.right} y=${Math.max(FONT + 1, y(kpi.target.value) - 4)} text-anchor="end" font-size=${FONT} fill="#0b5a27">目標値 ${formatValue(kpi.target.value, kpi.unit)}</text>`
    }
    ${kpi.actuals.length ? svg`<polyline points=${line} fill="none" stroke="#0b3d91" stroke-width="2" />` : null}
    ${kpi.actuals.map(
      (a) => svg`<circle cx=${x(a.period)} cy=${y(a.value)} r="3.5" fill="#0b3d91" />
        <text x=${x(a.period)} y=${y(a.value) + 16} text-anchor=${anchor(x(a.period))} font-size=${FONT} font-weight="bold" fill="#0b3d91">${a.valueText}</text>`,
    )}
    ${svg`<text x=${PAD.left} y=${H - 8} font-size=${FONT} fill="#3d4550">${kpi.baseline.periodLabel}</text>
      <text x=${W - PAD.right} y=${H - 8} font-size=${FONT} fill="#0b5a27" text-anchor="end">${kpi.target.periodLabel}（目標）</text>`}
    ${middle.map((a) => svg`<text x=${x(a.period)} y=${H - 8} font-size=${FONT} fill="#0b3d91" text-anchor="middle">${a.periodLabel}</text>`)}
  </svg>`;
}
