import { html, svg } from 'lit-html';
import type { TemplateResult } from 'lit-html';
import type { ReportKpi } from '../../functions/domain/annual-report/schema.ts';

const W = 240;
const H = 96;
const PAD = { left: 8, right: 8, top: 10, bottom: 18 };

/**
 * A KPI's small chart for the print view and the public page: the baseline (grey), the target (dashed),
 * and the approved actuals (dots joined by a line), in inline SVG so it prints sharply and needs no
 * script. The words say the same as the picture, for screen readers and greyscale print.
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
  const actualText = kpi.actuals.length ? kpi.actuals.map((a) => `${a.periodLabel} ${a.valueText}`).join('、') : '承認済みの実績なし';
  const label = `${kpi.name}: 基準値 ${kpi.baseline.label}、目標 ${kpi.target.label}、実績 ${actualText}`;
  const line = points.map((p) => `${x(p.period).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return html`<svg class="kpi-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label=${label}>
    ${svg`<line x1=${PAD.left} x2=${W - PAD.right} y1=${y(kpi.baseline.value)} y2=${y(kpi.baseline.value)} stroke="#9aa5b1" stroke-width="1" />`}
    ${
      kpi.target.value === null
        ? null
        : svg`<line x1=${PAD.left} x2=${W - PAD.right} y1=${y(kpi.target.value)} y2=${y(kpi.target.value)} stroke="#0b5a27" stroke-width="1.5" stroke-dasharray="5 3" />
          <text x=${W - PAD.right} y=${y(kpi.target.value) - 3} text-anchor="end" font-size="10" fill="#0b5a27">目標</text>`
    }
    ${kpi.actuals.length ? svg`<polyline points=${line} fill="none" stroke="#0b3d91" stroke-width="2" />` : null}
    ${kpi.actuals.map((a) => svg`<circle cx=${x(a.period)} cy=${y(a.value)} r="3.5" fill="#0b3d91" />`)}
    <text x=${PAD.left} y=${H - 4} font-size="10" fill="#3d4550">${kpi.baseline.periodLabel}</text>
    <text x=${W - PAD.right} y=${H - 4} font-size="10" fill="#3d4550" text-anchor="end">${kpi.target.periodLabel}</text>
  </svg>`;
}
