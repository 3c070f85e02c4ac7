import type { KpiAssessment } from '../../../functions/domain/attainment/index.ts';
import { formatBaseline, formatTarget } from '../../../functions/domain/catalogue/kpi-periods.ts';
import type { Kpi } from '../../../functions/domain/catalogue/schema.ts';
import { formatPeriod, eraYear, formatValue } from '../../../functions/domain/calendar/index.ts';
import { progressLabel, TERMS } from '../../../functions/domain/notation/index.ts';
import { KPI_RATING_LABELS, KPI_RATING_LEGEND } from '../labels.ts';
import { fiscalYears, fyLabel, getMe, getOverview, getPlan, permissions } from '../state.ts';
import { html, nothing, show, svg } from '../ui.ts';
import { fiscalYearPicker, ratingBadge, withPeriod } from './common.ts';

const W = 360;
const H = 190;
const M = { left: 12, right: 16, top: 22, bottom: 30 };

/** An axis tick: R1 for 2019, H27 for 2015 — a plan may begin before 令和. */
function eraLabel(year: number): string {
  const era = eraYear(year);
  return `${era.letter}${era.year}`;
}

const valueText = (kpi: KpiAssessment, value: number) => formatValue(value, kpi.unit);

/**
 * 基準値 and 目標値 in the one notation (「83件（令和7年12月末）」), from the plan's KPI; the plan's own label
 * (「83件 (R7.12月末)」) only for a KPI the plan no longer has, so R7 and 令和7年 never share a row.
 */
const baselineText = (kpi: KpiAssessment, planned: Kpi | undefined) =>
  planned ? formatBaseline(planned) : withPeriod(kpi.baseline.label, kpi.baseline.period, kpi.basis);
const targetText = (kpi: KpiAssessment, planned: Kpi | undefined) =>
  planned ? formatTarget(planned) : withPeriod(kpi.target.label, kpi.target.period, kpi.basis);

/** The whole trajectory in words: what a screen reader hears for the chart. */
function describe(kpi: KpiAssessment, planned: Kpi | undefined): string {
  const actuals = kpi.series.map((p) => `${formatPeriod(p.period, kpi.basis)} ${valueText(kpi, p.value)}`).join('、') || 'まだありません';
  return `${kpi.name}の推移。${TERMS.baseline} ${baselineText(kpi, planned)}、${TERMS.target} ${targetText(kpi, planned)}、${TERMS.actual} ${actuals}。評価 ${kpi.rating} ${KPI_RATING_LABELS[kpi.rating]}。`;
}

/**
 * A KPI's actuals against the straight line from the baseline to the target, as inline SVG.
 * Shapes and line styles tell the series apart (● 基準値, ◆ 目標値, ■ 実績値; dashed = 計画線), not colour.
 */
export function trajectory(kpi: KpiAssessment, planned?: Kpi) {
  const firstYear = Math.min(kpi.baseline.period, ...kpi.series.map((p) => p.period));
  const lastYear = Math.max(kpi.target.period, fiscalYears().at(-1)!, ...kpi.series.map((p) => p.period));
  const target = kpi.target.value;
  const values = [kpi.baseline.value, ...(target === null ? [] : [target]), ...kpi.series.map((p) => p.value)];
  let [low, high] = [Math.min(...values), Math.max(...values)];
  const pad = (high - low || Math.abs(high) || 1) * 0.25;
  low = Math.max(low >= 0 ? 0 : -Infinity, low - pad);
  high += pad;
  const x = (year: number) => M.left + ((year - firstYear) / Math.max(1, lastYear - firstYear)) * (W - M.left - M.right);
  const y = (value: number) => H - M.bottom - ((value - low) / (high - low || 1)) * (H - M.top - M.bottom);
  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i);
  const [planStart, planEnd] = [x(fiscalYears()[0]!), x(fiscalYears().at(-1)!)];
  const tx = x(kpi.target.period);
  const by = y(kpi.baseline.value);
  const last = kpi.series.at(-1);
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label=${describe(kpi, planned)}>
    ${svg`
      <rect x=${planStart} y=${M.top} width=${planEnd - planStart} height=${H - M.top - M.bottom} fill="#f1f4f8" />
      <text x=${planStart + 4} y=${M.top - 6} font-size="11" fill="#3d4550">計画期間</text>
      <line x1=${M.left} y1=${H - M.bottom} x2=${W - M.right} y2=${H - M.bottom} stroke="#7b8794" />
      ${years.map(
        (year) => svg`<line x1=${x(year)} y1=${H - M.bottom} x2=${x(year)} y2=${H - M.bottom + 4} stroke="#7b8794" />
        <text x=${x(year)} y=${H - M.bottom + 16} text-anchor="middle" font-size="11" fill="#3d4550">${eraLabel(year)}</text>`,
      )}
      ${
        target !== null
          ? svg`<line x1=${x(kpi.baseline.period)} y1=${by} x2=${tx} y2=${y(target)} stroke="#5f6b7a" stroke-width="2" stroke-dasharray="6 4" />
            <path d="M${tx} ${y(target) - 7}L${tx + 7} ${y(target)}L${tx} ${y(target) + 7}L${tx - 7} ${y(target)}Z" fill="#fff" stroke="#1f2933" stroke-width="2" />
            <text x=${tx - 10} y=${y(target) - 10} text-anchor="end" font-size="12" fill="#1f2933">${TERMS.target} ${valueText(kpi, target)}</text>`
          : svg`<line x1=${x(kpi.baseline.period)} y1=${by} x2=${x(lastYear)} y2=${by} stroke="#5f6b7a" stroke-width="2" stroke-dasharray="2 3" />
            <text x=${x(lastYear)} y=${by - 8} text-anchor="end" font-size="11" fill="#1f2933">目標：現状より向上</text>`
      }
      ${
        last
          ? svg`<polyline points=${[[kpi.baseline.period, kpi.baseline.value], ...kpi.series.map((p) => [p.period, p.value])].map(([a, b]) => `${x(a!)},${y(b!)}`).join(' ')} fill="none" stroke="#0b3d91" stroke-width="3" />
            ${kpi.series.map((p) => svg`<rect x=${x(p.period) - 5} y=${y(p.value) - 5} width="10" height="10" fill="#0b3d91" />`)}
            <text x=${x(last.period)} y=${y(last.value) - 10} text-anchor="middle" font-size="12" fill="#0b3d91" font-weight="bold">${valueText(kpi, last.value)}</text>`
          : nothing
      }
      <circle cx=${x(kpi.baseline.period)} cy=${by} r="5" fill="#1f2933" />
      <text x=${x(kpi.baseline.period) + 8} y=${by > (H - M.bottom + M.top) / 2 ? by - 10 : by + 18} font-size="12" fill="#1f2933">${TERMS.baseline} ${valueText(kpi, kpi.baseline.value)}</text>
    `}
  </svg>`;
}

/** The chart's data as a table: the same numbers for anyone who cannot or would rather not read the chart. */
function dataTable(kpi: KpiAssessment, planned: Kpi | undefined) {
  const byPeriod = new Map(kpi.series.map((p) => [p.period, p.value]));
  return html`<table class="data">
    <caption>${kpi.id}の値（グラフのデータ）</caption>
    <thead><tr><th scope="col">時点</th><th scope="col">値</th></tr></thead>
    <tbody>
      <tr><th scope="row">● ${TERMS.baseline}</th><td>${baselineText(kpi, planned)}</td></tr>
      ${fiscalYears()
        .filter((year) => year <= kpi.period)
        .map(
          (year) =>
            html`<tr><th scope="row">■ ${formatPeriod(year, kpi.basis)}</th><td>${byPeriod.has(year) ? valueText(kpi, byPeriod.get(year)!) : '未報告'}</td></tr>`,
        )}
      <tr><th scope="row">◆ ${TERMS.target}</th><td>${targetText(kpi, planned)}</td></tr>
    </tbody>
  </table>`;
}

/** 達成度: every KPI's rating with its trajectory against the target line. */
export async function attainmentView(fy: number): Promise<void> {
  const [me, data, plan] = await Promise.all([getMe(), getOverview(fy), getPlan()]);
  const plannedKpis = new Map(plan.measures.flatMap((measure) => measure.kpis.map((kpi) => [kpi.key, kpi] as const)));
  const approvedOnly = !permissions(me).canReview;
  show(html`
    <h1>KPI達成度</h1>
    ${fiscalYearPicker(fy, approvedOnly ? '#/viewer/attainment' : '#/hq/attainment')}
    <p class="muted">${fyLabel(fy)}時点。${approvedOnly ? '承認済み' : '提出済み・承認済み'}の実績で評価しています。● 基準値、◆ 目標値、破線は基準値から目標値への計画線、実線と ■ は実績値です。評価：${KPI_RATING_LEGEND}。</p>
    <div class="grid">${data.attainment.kpis.map(
      (kpi) => html`<section class="card kpi" aria-labelledby="a-${kpi.id}">
      <h2 id="a-${kpi.id}">${kpi.id} ${kpi.name}</h2>
      <p>${ratingBadge(kpi.rating)}${kpi.progress === null ? nothing : html`<span class="muted">　進捗 ${progressLabel(kpi.progress, kpi.expected, { meanOverYears: kpi.target.comparison === 'window_mean' })}</span>`}</p>
      ${trajectory(kpi, plannedKpis.get(kpi.id))}
      ${dataTable(kpi, plannedKpis.get(kpi.id))}
    </section>`,
    )}</div>`);
}
