import { html, render } from 'lit-html';
import { ref } from 'lit-html/directives/ref.js';
import { repeat } from 'lit-html/directives/repeat.js';
import type { OpenDataIndex, ProgressDocument } from '../../functions/domain/annual-report/open-data.ts';
import { measuresWithHeadings } from '../../functions/domain/annual-report/headings.ts';
import type { ReportKpi, ReportMeasure, ReportTally } from '../../functions/domain/annual-report/schema.ts';
import { ACTION_RATING_LABELS, KPI_RATING_LABELS } from '../../functions/domain/attainment/labels.ts';
import { formatFiscalYear } from '../../functions/domain/calendar/index.ts';
import { kpiChart } from './kpi-chart.ts';

/**
 * The citizens' page (/public/): no sign-in, reads only the published files under /open-data/.
 * The year at a glance first (every rating counted, per pillar as stacked bars), then the measures, which
 * open one at a time (details), so a phone renders a short page first.
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

/** One rating scale as the bars and the summary show it: key in the tally, label, CSS class (its colour). */
type Scale = readonly { key: string; label: string; tone: string }[];
const ACTION_SCALE: Scale = [
  { key: 'A', label: ACTION_RATING_LABELS.A, tone: 'a' },
  { key: 'B', label: ACTION_RATING_LABELS.B, tone: 'b' },
  { key: 'C', label: ACTION_RATING_LABELS.C, tone: 'c' },
  { key: 'D', label: ACTION_RATING_LABELS.D, tone: 'd' },
  { key: 'unrated', label: '未報告', tone: 'n' },
];
const KPI_SCALE: Scale = (['A', 'B', 'C', 'D', 'N'] as const).map((key) => ({ key, label: KPI_RATING_LABELS[key], tone: key.toLowerCase() }));

const countsOf = (scale: Scale, counts: Record<string, number>) => scale.map((step) => ({ ...step, count: counts[step.key] ?? 0 }));

/** 「達成 3・順調 7・遅れ 2・後退 1・未報告 4」: every step named, zeros too, so nothing is hidden. */
const countsText = (scale: Scale, counts: Record<string, number>) =>
  countsOf(scale, counts)
    .map(({ label, count }) => `${label} ${count}`)
    .join('・');

/**
 * A segment's share of its bar, set through the CSSOM: the site's CSP (style-src 'self') refuses style
 * attributes, which is how lit-html's styleMap writes a first render.
 */
const grow = (count: number) => (element?: Element) => (element as HTMLElement | undefined)?.style.setProperty('flex-grow', String(count));

/** A stacked bar: one segment per rating, as wide as its share, with its number written in it. */
function stackedBar(title: string, scale: Scale, counts: Record<string, number>) {
  const steps = countsOf(scale, counts);
  const total = steps.reduce((sum, step) => sum + step.count, 0);
  return html`<div class="bar-row">
    <span class="bar-title">${title}</span>
    <span class="bar" role="img" aria-label="${title}：${countsText(scale, counts)}">
      ${
        total === 0
          ? html`<span class="seg empty">なし</span>`
          : steps.filter((step) => step.count > 0).map((step) => html`<span class="seg ${step.tone}" ${ref(grow(step.count))}>${step.count}</span>`)
      }
    </span>
  </div>`;
}

function legend(scale: Scale) {
  return html`<ul class="legend">${scale.map((step) => html`<li><span class="swatch ${step.tone}"></span>${step.label}</li>`)}</ul>`;
}

/** The year at a glance: every rating counted, and each pillar (top-level group) as two stacked bars. */
function overview(document: ProgressDocument) {
  const { report } = document;
  const total = report.summary.total;
  const kpiCount = Object.values(total.kpiRatings).reduce((a, b) => a + b, 0);
  const itemCount = Object.values(total.actionRatings).reduce((a, b) => a + b, 0);
  return html`<section aria-labelledby="overview-title">
    <h2 id="overview-title">${report.fiscalYearLabel}の概要</h2>
    <p>計画期間 ${report.plan.periodLabel}（目標年度 ${formatFiscalYear(report.plan.lastFiscalYear)}）。公表日 ${document.publishedOn}。</p>
    <dl class="totals">
      <div><dt>KPI（${kpiCount}指標）</dt><dd>${countsText(KPI_SCALE, total.kpiRatings)}</dd></div>
      <div><dt>取組項目（${itemCount}項目）の自己評価</dt><dd>${countsText(ACTION_SCALE, total.actionRatings)}</dd></div>
    </dl>
    <h3>${report.plan.levels[0] ?? '分類'}ごとの評価</h3>
    <div class="legends"><span>KPI:</span>${legend(KPI_SCALE)}<span>取組項目:</span>${legend(ACTION_SCALE)}</div>
    ${report.summary.groups.map(
      (group) => html`<div class="pillar">
        <h4>${group.title}</h4>
        ${stackedBar('KPI', KPI_SCALE, group.tally.kpiRatings)} ${stackedBar('取組項目', ACTION_SCALE, group.tally.actionRatings)}
      </div>`,
    )}
  </section>`;
}

/** The latest approved actual as text, with its 時点 and 出典 where the department gave them. */
function actualText(kpi: ReportKpi, fiscalYear: number) {
  const latest = kpi.actuals.at(-1);
  if (!latest) return '承認済みの実績なし';
  const details = [latest.asOf ? `時点 ${latest.asOf.replaceAll('-', '/')}` : '', latest.note ? `出典 ${latest.note}` : ''].filter(Boolean);
  const old = latest.period === fiscalYear ? '' : '（前年までの実績）';
  return `${latest.periodLabel} ${latest.valueText}${old}${details.length ? `（${details.join('、')}）` : ''}`;
}

function kpiCard(kpi: ReportKpi, fiscalYear: number) {
  return html`<div class="kpi">
    <h5>${kpi.number} ${kpi.name}</h5>
    <dl class="kpi-figures">
      <div><dt>基準値</dt><dd>${kpi.baseline.label}</dd></div>
      <div><dt>目標値</dt><dd>${kpi.target.label}（${kpi.target.periodLabel}）</dd></div>
      <div><dt>実績値</dt><dd>${actualText(kpi, fiscalYear)}</dd></div>
      <div><dt>評価</dt><dd><span class="rating ${kpi.rating.toLowerCase()}">${kpi.ratingLabel}</span></dd></div>
    </dl>
    ${kpiChart(kpi)}
  </div>`;
}

/** A measure's content, inside its <details>; see fillBodies for when it is written. */
function measureBody(measure: ReportMeasure, fiscalYear: number) {
  const tally: ReportTally = measure.tally;
  return html`<p class="muted">担当：${measure.departments.join('・')}</p>
    ${measure.direction.map((p) => html`<p>${p}</p>`)}
    <h4>取組項目</h4>
    <table class="items">
      <thead><tr><th scope="col">取組項目</th><th scope="col">年度の計画</th><th scope="col">進捗</th><th scope="col">計画との比較</th></tr></thead>
      <tbody>${measure.actionItems.map(
        (item) => html`<tr><th scope="row">${item.title}</th><td data-label="年度の計画">${item.planned ?? item.scheduleLabel}</td>
        <td data-label="進捗">${item.referenceTo ? '—' : (item.statusLabel ?? '未承認')}</td><td data-label="計画との比較">${item.approved ? item.scheduleLabel : '—'}</td></tr>`,
      )}</tbody>
    </table>
    ${measure.actionItems
      .filter((item) => item.approved)
      .map(
        (item) => html`<h5>${item.title}</h5>
      <p><strong>実績</strong> ${item.achievements}</p>
      ${item.challenges ? html`<p><strong>課題</strong> ${item.challenges}</p>` : null}
      ${item.nextSteps ? html`<p><strong>今後の取組</strong> ${item.nextSteps}</p>` : null}`,
      )}
    ${measure.kpis.length ? html`<h4>KPI（${countsText(KPI_SCALE, tally.kpiRatings)}）</h4>` : null}
    ${measure.kpis.map((kpi) => kpiCard(kpi, fiscalYear))}
    ${measure.opinions.length ? html`<h4>推進懇談会の意見</h4><ul>${measure.opinions.map((o) => html`<li>${o.text}（${o.speaker}）</li>`)}</ul>` : null}`;
}

/**
 * The bodies of the measures' <details> wait until the first screen is painted: a phone then parses and lays
 * out the year at a glance and the 44 headings only (Lighthouse counted a second of blocking time for writing
 * every table and chart up front). A closed <details> lays out nothing of its body, so filling it moves
 * nothing on screen (CLS 0); they are filled a few at a time, each in its own task, so a tap is answered in
 * between, and a <details> opened before its turn is filled on the spot. All are in the page soon after, so
 * the browser's find-in-page finds any text. `pending` holds the bodies still to write, by element.
 */
const pending = new Map<HTMLElement, () => void>();

function fillBody(details: HTMLElement): void {
  const write = pending.get(details);
  if (!write) return;
  pending.delete(details);
  write();
}

/** Registers a <details> for its measure's body (lit-html's ref: called with the element once it is in the page). */
const bodyOf = (measure: ReportMeasure, fiscalYear: number) => (element?: Element) => {
  if (!element) return;
  const details = element as HTMLElement;
  pending.set(details, () => render(measureBody(measure, fiscalYear), details.querySelector('.measure-body')!));
};

/** Writes the pending bodies in document order, a few per task; stops if the page was drawn again meanwhile. */
async function fillBodies(drawing: number): Promise<void> {
  const BATCH = 4;
  while (pending.size > 0 && drawing === drawn) {
    await new Promise((next) => setTimeout(next, 0));
    for (const details of [...pending.keys()].slice(0, BATCH)) fillBody(details);
  }
}

function measureDetails(measure: ReportMeasure, fiscalYear: number) {
  return html`<details ${ref(bodyOf(measure, fiscalYear))} @toggle=${(e: Event) => fillBody(e.currentTarget as HTMLElement)}>
    <summary>${measure.label} ${measure.title}</summary>
    <div class="measure-body"></div>
  </details>`;
}

/**
 * The page for a year; `whole` false draws it down to the year at a glance only. show() draws that first and the
 * rest (the measures' headings, the opinions and the files) in the next task: drawn at once it was one long task
 * (Lighthouse: up to 160 ms on its simulated mobile CPU under load), and the rest lands below the first screen
 * (main is a screen tall, so the footer is out of view), so it moves nothing in view (CLS 0).
 */
function page(index: OpenDataIndex, document: ProgressDocument, pillar: string, whole: boolean) {
  const { report } = document;
  const year = index.years.find((y) => y.fiscalYear === report.fiscalYear)!;
  const tops = report.groups.filter((g) => g.level === 0);
  const shown = measuresWithHeadings(report).filter(({ measure }) => pillar === 'all' || measure.path[0] === pillar);
  // An index.json written before the file list existed names the CSV and JSON only.
  const distributions = year.distributions ?? [
    { path: year.files.csv, format: 'CSV', title: '取組項目とKPIの進捗（UTF-8 BOM付き）' },
    { path: year.files.json, format: 'JSON', title: '進捗状況報告書の全内容' },
  ];
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
    ${overview(document)}
    ${whole ? rest(report, shown, document, distributions) : null}`;
}

/** What follows the year at a glance: each measure (its <details>), the council's opinions and the open data files. */
function rest(
  report: ProgressDocument['report'],
  shown: ReturnType<typeof measuresWithHeadings>,
  document: ProgressDocument,
  distributions: NonNullable<OpenDataIndex['years'][number]['distributions']>,
) {
  return html`<h2>施策ごとの進捗</h2>
    ${repeat(
      shown,
      ({ measure }) => `${report.fiscalYear}/${measure.key}`,
      ({
        measure,
        headings,
      }) => html`${headings.map((g) => (g.level === 0 ? html`<h3 class="pillar-heading">${g.number} ${g.title}</h3>` : html`<h4>${g.number} ${g.title}</h4>`))}
      ${measureDetails(measure, report.fiscalYear)}`,
    )}
    ${report.opinions.length ? html`<h2>推進懇談会の意見</h2><ul>${report.opinions.map((o) => html`<li>${o.text}（${o.speaker}）</li>`)}</ul>` : null}
    <h2>オープンデータ</h2>
    <ul>${distributions.map((file) => html`<li><a href=${file.path}>${file.title}</a>（${file.format}）</li>`)}</ul>
    <p>ライセンス：<a href=${document.license.url} rel="license">${document.license.name}</a>。出典：${document.license.attribution}。
      全国地方公共団体コード ${document.municipality.code}</p>`;
}

/** The header and the contact come from the published report, so the page names whatever plan and city it shows. */
function frame(document: ProgressDocument) {
  const { plan } = document.report;
  window.document.getElementById('city')!.textContent = `${plan.city.name}（${plan.city.prefecture}）`;
  window.document.getElementById('plan-title')!.textContent = `${plan.title} 進捗状況`;
  window.document.getElementById('contact')!.textContent = `問い合わせ先：${plan.city.name} ${plan.hq.secretariat}（${plan.hq.name}事務局）`;
  window.document.title = `行財政改革の進捗状況｜${plan.city.name}`;
}

/** How many times the page has been drawn: a year or pillar chosen meanwhile stops the filling of the last one. */
let drawn = 0;

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
    frame(document);
    const drawing = ++drawn;
    pending.clear();
    render(page(index, document, pillar, false), app);
    await new Promise((next) => setTimeout(next, 0));
    if (drawing !== drawn) return;
    render(page(index, document, pillar, true), app);
    void fillBodies(drawing);
  } catch {
    status.textContent = '公表されている年度はまだありません（または読み込めませんでした）。';
  }
}

void show();
