import { html, render } from 'lit-html';
import type { OpenDataIndex, ProgressDocument } from '../../functions/domain/annual-report/open-data.ts';
import { measuresWithHeadings } from '../../functions/domain/annual-report/model.ts';
import type { ReportMeasure } from '../../functions/domain/annual-report/schema.ts';
import { kpiChart } from './kpi-chart.ts';

/**
 * The citizens' page (/public/): no sign-in, reads only the published files under /open-data/.
 * Measures open one at a time (details), so a phone renders a short page first.
 */
const app = document.getElementById('app')!;
const status = document.getElementById('status')!;

/**
 * Open data is served with max-age=300 for other consumers; this page asks the server every time
 * (a 304 when nothing changed), so a republished or withdrawn year shows on the next visit.
 */
async function json<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-cache' });
  if (!response.ok) throw new Error(String(response.status));
  return (await response.json()) as T;
}

function measureDetails(measure: ReportMeasure) {
  const k = measure.tally.kpiRatings;
  return html`<details>
    <summary>${measure.label} ${measure.title}</summary>
    <p class="muted">担当: ${measure.departments.join('・')}</p>
    ${measure.direction.map((p) => html`<p>${p}</p>`)}
    <h4>取組項目</h4>
    <div class="scroll" role="region" aria-label="${measure.label}の取組項目" tabindex="0"><table>
      <thead><tr><th scope="col">取組項目</th><th scope="col">今年度の計画</th><th scope="col">進捗</th><th scope="col">計画との比較</th></tr></thead>
      <tbody>${measure.actionItems.map(
        (item) => html`<tr><th scope="row">${item.title}</th><td>${item.planned ?? item.scheduleLabel}</td>
        <td>${item.referenceTo ? '—' : (item.statusLabel ?? '未承認')}</td><td>${item.approved ? item.scheduleLabel : '—'}</td></tr>`,
      )}</tbody>
    </table></div>
    ${measure.actionItems
      .filter((item) => item.approved)
      .map(
        (item) => html`<h5>${item.title}</h5>
      <p><strong>実績</strong> ${item.achievements}</p>
      ${item.challenges ? html`<p><strong>課題</strong> ${item.challenges}</p>` : null}
      ${item.nextSteps ? html`<p><strong>今後の取組</strong> ${item.nextSteps}</p>` : null}`,
      )}
    ${measure.kpis.length ? html`<h4>KPI（評価: 達成 ${k.A}・順調 ${k.B}・遅れ ${k.C}・後退 ${k.D}・未報告 ${k.N}）</h4>` : null}
    ${measure.kpis.map((kpi) => html`<p><strong>${kpi.name}</strong>: 基準 ${kpi.baseline.label} → 目標 ${kpi.target.label}。評価 ${kpi.ratingLabel}</p>${kpiChart(kpi)}`)}
    ${measure.opinions.length ? html`<h4>推進懇談会の意見</h4><ul>${measure.opinions.map((o) => html`<li>${o.text}（${o.speaker}）</li>`)}</ul>` : null}
  </details>`;
}

function page(index: OpenDataIndex, document: ProgressDocument, pillar: string) {
  const { report } = document;
  const year = index.years.find((y) => y.fiscalYear === report.fiscalYear)!;
  // The city and plan come from the published report, so the page names whatever plan it shows.
  window.document.getElementById('city')!.textContent = `${report.plan.city.name}（${report.plan.city.prefecture}）`;
  window.document.getElementById('plan-title')!.textContent = `${report.plan.title} 進捗状況`;
  window.document.title = `行財政改革の進捗状況｜${report.plan.city.name}`;
  const tops = report.groups.filter((g) => g.level === 0);
  const shown = measuresWithHeadings(report).filter(({ measure }) => pillar === 'all' || measure.path[0] === pillar);
  return html`
    <div class="controls">
      <div><label for="year">年度</label>
        <select id="year" @change=${(e: Event) => show(Number((e.target as HTMLSelectElement).value), 'all')}>
          ${index.years.map((y) => html`<option value=${y.fiscalYear} ?selected=${y.fiscalYear === report.fiscalYear}>${y.fiscalYearLabel}</option>`)}
        </select></div>
      ${
        tops.length
          ? html`<div><label for="pillar">${tops[0]!.levelName}</label>
        <select id="pillar" @change=${(e: Event) => show(report.fiscalYear, (e.target as HTMLSelectElement).value)}>
          <option value="all" ?selected=${pillar === 'all'}>すべて</option>
          ${tops.map((g) => html`<option value=${g.key} ?selected=${g.key === pillar}>${g.number} ${g.title}</option>`)}
        </select></div>`
          : null
      }
    </div>
    <p>${report.fiscalYearLabel}の進捗（公表日 ${document.publishedOn}）。KPI ${Object.values(report.summary.total.kpiRatings).reduce((a, b) => a + b, 0)}指標のうち
      達成 ${report.summary.total.kpiRatings.A}・順調 ${report.summary.total.kpiRatings.B}。</p>
    ${shown.map(
      ({ measure, headings }) => html`${headings.map((g) => (g.level === 0 ? html`<h2>${g.number} ${g.title}</h2>` : html`<h3>${g.number} ${g.title}</h3>`))}
      ${measureDetails(measure)}`,
    )}
    ${report.opinions.length ? html`<h2>推進懇談会の意見</h2><ul>${report.opinions.map((o) => html`<li>${o.text}（${o.speaker}）</li>`)}</ul>` : null}
    <h2>オープンデータ</h2>
    <ul>
      <li><a href=${year.files.csv} download>CSV（UTF-8 BOM付き）</a></li>
      <li><a href=${year.files.json}>JSON</a>（<a href=${year.files.schema}>JSON Schema</a>）</li>
    </ul>
    <p>ライセンス: <a href=${document.license.url} rel="license">${document.license.name}</a>。出典: ${document.license.attribution}。
      全国地方公共団体コード ${document.municipality.code}</p>`;
}

async function show(fiscalYear?: number, pillar = 'all'): Promise<void> {
  try {
    const index = await json<OpenDataIndex>('/open-data/index.json');
    if (index.years.length === 0) {
      status.textContent = '公表されている年度はまだありません。';
      render(null, app);
      return;
    }
    const year = index.years.find((y) => y.fiscalYear === fiscalYear) ?? index.years.at(-1)!;
    const document = await json<ProgressDocument>(year.files.json);
    status.textContent = `${year.fiscalYearLabel}を表示しています。`;
    render(page(index, document, pillar), app);
  } catch {
    status.textContent = '公表されている年度はまだありません（または読み込めませんでした）。';
  }
}

void show();
