import { ACTION_RATING_LABELS, KPI_RATING_LABELS, SCHEDULE_FLAG_LABELS } from '../../../functions/domain/attainment/labels.ts';
import { approvalNote, effectLine, effectTotalsLine, kpiRatingText } from '../../../functions/domain/annual-report/effect-text.ts';
import { measuresWithHeadings } from '../../../functions/domain/annual-report/model.ts';
import type { ReportGroup, ReportMeasure, ReportOpinion, ReportTally, YearReport } from '../../../functions/domain/annual-report/schema.ts';
import { formatDate, formatFiscalYear, formatPercent } from '../../../functions/domain/calendar/index.ts';
import { TERMS } from '../../../functions/domain/notation/index.ts';
import { kpiChart } from '../../public/kpi-chart.ts';
import { call, download } from '../api.ts';
import { mayTake } from '../models/actions.ts';
import { getMe, permissions } from '../state.ts';
import { confirmAction, html, mount, nothing } from '../ui.ts';
import type { Screen, Template, TemplateResult } from '../ui.ts';
import { errorBox, fiscalYearPicker, okBox, problemText } from './common.ts';

/**
 * 進捗状況報告書, the print view (HQ and the council): cover, 目次, summary tables, then every
 * measure on its own pages. Printed by the browser as A4 with a running header and page numbers;
 * a KPI table never splits across pages. Its print layout is in style.css (the site's CSP allows
 * no inline styles), on the named page `annual-report`.
 */

const RATINGS = ['A', 'B', 'C', 'D', 'N'] as const;
const ACTIONS = ['A', 'B', 'C', 'D'] as const;

function tallyTable(caption: string, rows: { title: string; tally: ReportTally }[]): TemplateResult {
  return html`<table>
    <caption>${caption}</caption>
    <thead><tr><th scope="col">区分</th>${RATINGS.map((r) => html`<th scope="col">KPI ${r} ${KPI_RATING_LABELS[r]}</th>`)}
      ${ACTIONS.map((r) => html`<th scope="col">取組 ${r} ${ACTION_RATING_LABELS[r]}</th>`)}<th scope="col">取組 未承認</th></tr></thead>
    <tbody>${rows.map(
      ({ title, tally }) => html`<tr><th scope="row">${title}</th>${RATINGS.map((r) => html`<td>${tally.kpiRatings[r]}</td>`)}
      ${ACTIONS.map((r) => html`<td>${tally.actionRatings[r]}</td>`)}<td>${tally.actionRatings.unrated}</td></tr>`,
    )}</tbody>
  </table>`;
}

const opinionList = (opinions: ReportOpinion[]) =>
  html`<ul>${opinions.map((o) => html`<li><strong>${o.speaker}</strong>（${formatDate(o.date)}）：${o.text}</li>`)}</ul>`;

/** A group's heading: the top level with its level's name (柱I 行政改革), the levels below by number (I-1 …). */
const groupHeading = (group: ReportGroup) =>
  html`<h2 class="group" id="group-${group.key}">${group.level === 0 ? group.levelName : ''}${group.number} ${group.title}</h2>`;

/**
 * A measure on its own pages, headed by the groups that begin with it (see measuresWithHeadings), so a
 * heading is never left alone at the foot of the page before. Ids are the measure's key (#measure-16).
 */
function measureSection(measure: ReportMeasure, headings: ReportGroup[]): TemplateResult {
  return html`<section class="measure" id="measure-${measure.key}" aria-labelledby="measure-${measure.key}-title">
    ${headings.map(groupHeading)}
    <h3 id="measure-${measure.key}-title">${measure.label}　${measure.title}</h3>
    <p>担当課：${measure.departments.join('・')}</p>
    <h4>方向性</h4>
    ${measure.direction.map((paragraph) => html`<p>${paragraph}</p>`)}
    <h4>取組項目</h4>
    <table>
      <thead><tr><th scope="col">取組項目</th><th scope="col">${TERMS.yearShown}の計画</th><th scope="col">進捗状況</th><th scope="col">計画との比較</th><th scope="col">自己評価</th></tr></thead>
      <tbody>${measure.actionItems.map(
        (item) => html`<tr>
        <th scope="row">${item.number} ${item.title}</th>
        <td>${item.planned ?? item.scheduleLabel}</td>
        <td>${item.referenceTo ? '—' : (item.statusLabel ?? html`<span class="unapproved">未承認</span>`)}</td>
        <td>${item.referenceTo || !item.approved ? '—' : item.scheduleLabel}</td>
        <td>${item.rating ? `${item.rating} ${item.ratingLabel}` : '—'}</td></tr>`,
      )}</tbody>
    </table>
    ${measure.actionItems
      .filter((item) => !item.referenceTo)
      .map(
        (item) => html`<div class="item">
      <h5>${item.number} ${item.title}</h5>
      ${effectLine(item) ? html`<p class="effect">${effectLine(item)}</p>` : nothing}
      ${
        approvalNote(item) === '未承認'
          ? html`<p class="unapproved">未承認</p>`
          : html`<dl><dt>実績</dt><dd>${item.achievements}</dd><dt>課題</dt><dd>${item.challenges || '—'}</dd><dt>今後の取組</dt><dd>${item.nextSteps || '—'}</dd></dl>
            ${approvalNote(item) ? html`<p class="unapproved">${approvalNote(item)}</p>` : nothing}`
      }
    </div>`,
      )}
    ${measure.kpis.length ? html`<h4>KPI</h4>` : null}
    ${measure.kpis.map(
      (kpi) => html`<div class="kpi">
      <table class="kpi-table">
        <caption>${kpi.number} ${kpi.name}（${kpi.unit}）</caption>
        <thead><tr><th scope="col">基準値</th><th scope="col">目標値</th><th scope="col">実績値</th><th scope="col">評価</th></tr></thead>
        <tbody><tr><td>${kpi.baseline.text ?? kpi.baseline.label}</td><td>${kpi.target.text ?? kpi.target.label}</td>
          <td>${kpi.actuals.length ? kpi.actuals.map((a) => html`${a.periodLabel} ${a.valueText}<br />`) : '—'}</td>
          <td>${kpiRatingText(kpi)}</td></tr></tbody>
      </table>
      ${kpiChart(kpi)}
    </div>`,
    )}
    ${measure.opinions.length ? html`<h4>推進懇談会の意見</h4>${opinionList(measure.opinions)}` : null}
  </section>`;
}

function reportDocument(report: YearReport): TemplateResult {
  const measures = report.measures;
  const total = report.summary.total;
  const { plan } = report;
  // A plan whose measures sit under no group (施策 and 取組項目 only) has no top level to sort by.
  const topName = plan.levels.length > 2 ? plan.levels[0]! : null;
  const tops = report.groups.filter((group) => group.level === 0);
  const groupNumber = new Map(report.groups.map((group) => [group.key, group.number]));
  const tocEntry = (m: ReportMeasure) => html`<li>${m.label} ${m.title}</li>`;
  return html`<article class="annual-report">
    <section class="cover">
      <p>${report.planTitle}</p>
      <h1>${report.fiscalYearLabel} 進捗状況報告書</h1>
      <p>${plan.city.name} ${plan.hq.name}（事務局 ${plan.hq.secretariat}）</p>
    </section>
    <nav class="toc" aria-labelledby="toc-title">
      <h2 id="toc-title">目次</h2>
      <ol>
        <li>概要（${topName ? `${topName}別・` : ''}課別の評価、主な財政指標${report.populationOutlook ? '、人口の見通し' : ''}）</li>
        ${
          topName
            ? tops.map(
                (top) => html`<li>${top.levelName}${top.number} ${top.title}
          <ol>${measures.filter((m) => m.path[0] === top.key).map(tocEntry)}</ol></li>`,
              )
            : measures.map(tocEntry)
        }
        <li>推進懇談会の意見（年度全体）</li>
      </ol>
    </nav>
    <section class="report-summary" aria-labelledby="summary-title">
      <h2 id="summary-title">概要</h2>
      <p>施策${measures.length}・KPI ${RATINGS.reduce((n, r) => n + total.kpiRatings[r], 0)}指標。計画との比較:
        ${(['ahead', 'on_plan', 'behind', 'unreported'] as const).map((f) => `${SCHEDULE_FLAG_LABELS[f]} ${total.scheduleFlags[f]}`).join('・')}</p>
      <p class="effect-totals">${effectTotalsLine(report)}（計画期間の初年度から${report.fiscalYearLabel}まで）</p>
      ${
        topName
          ? tallyTable(
              `${topName}別の評価`,
              report.summary.groups.map((g) => ({ title: `${groupNumber.get(g.id) ?? g.id} ${g.title}`, tally: g.tally })),
            )
          : nothing
      }
      ${tallyTable('課別の評価', report.summary.departments)}
      <table>
        <caption>主な財政指標</caption>
        <thead><tr><th scope="col">指標</th><th scope="col">${formatFiscalYear(2019)}</th><th scope="col">${formatFiscalYear(2024)}</th><th scope="col">${formatFiscalYear(2024)} ${plan.city.prefecture}内の市の平均</th></tr></thead>
        <tbody>${report.financialIndicators.map(
          (f) => html`<tr><th scope="row">${f.name}</th>
          ${[f.fy2019, f.fy2024, f.prefectureCityAverageFy2024].map((v) => html`<td>${v === null ? '—' : f.unit === '%' ? formatPercent(v) : v}</td>`)}</tr>`,
        )}</tbody>
      </table>
      ${
        report.populationOutlook
          ? html`<table>
        <caption>人口の見通し（${report.populationOutlook.source}）</caption>
        <thead><tr><th scope="col">年</th><th scope="col">推計人口</th></tr></thead>
        <tbody>${report.populationOutlook.projections.map((p) => html`<tr><th scope="row">${p.label}</th><td>${p.population.toLocaleString('ja-JP')}人</td></tr>`)}</tbody>
      </table>`
          : nothing
      }
    </section>
    ${measuresWithHeadings(report).map(({ measure, headings }) => measureSection(measure, headings))}
    <section class="measure" aria-labelledby="opinions-title">
      <h2 id="opinions-title">推進懇談会の意見（年度全体）</h2>
      ${report.opinions.length ? opinionList(report.opinions) : html`<p>記録された意見はありません。</p>`}
    </section>
  </article>`;
}

interface PublicationState {
  state: 'unpublished' | 'published' | 'withdrawn';
  stateLabel: string;
  snapshot: number | null;
  history: { on: string; actionLabel: string; by: { name: string } }[];
}

interface ReportScreen {
  /** HQ's 公表 state with the ETag it was read with (null for the council, who cannot publish). */
  publication: { data: PublicationState; etag: string | null } | null;
  status: Template;
}

/**
 * HQ's 公表 controls: publish, republish (a new snapshot) and withdraw, each with the ETag read; each button
 * appears as the publication's `actions` list `publish` and `withdraw`.
 */
function publicationPanel(fy: number, screen: Screen<ReportScreen>, total: ReportTally): Template {
  const { publication, status } = screen.state;
  if (!publication) return nothing;
  const { data, etag } = publication;
  const act = async (method: 'POST' | 'DELETE', question: string, detail: string, yes: string, done: string) => {
    if (!(await confirmAction(question, detail, yes))) return;
    try {
      screen.set({ publication: await call('publicationSchema', `/fiscal-years/${fy}/publication`, { method, ifMatch: etag }), status: okBox(done) });
    } catch (error) {
      screen.set({ status: errorBox(problemText(error, '操作できませんでした')) });
    }
  };
  const published = data.state === 'published';
  // What will be public, counted before HQ confirms: a year published with little approved shows mostly 未報告.
  const { A, B, C, D } = total.actionRatings;
  const items = A + B + C + D;
  const kpis = total.kpiRatings.A + total.kpiRatings.B + total.kpiRatings.C + total.kpiRatings.D;
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const approvedLine = `承認済みの取組項目 ${items}件（全${sum(total.actionRatings)}件）、KPI実績 ${kpis}件（全${sum(total.kpiRatings)}件）`;
  return html`<section class="no-print card" aria-labelledby="publication-title">
    <h2 id="publication-title">公表</h2>
    <p>状態：<strong>${data.stateLabel}</strong>${data.snapshot ? `（第${data.snapshot}版）` : ''}</p>
    <p class="muted">公表の対象：${approvedLine}</p>
    ${status}
    <div class="report-toolbar">
      ${
        mayTake(data, 'publish')
          ? html`<button type="button" @click=${() =>
              published
                ? act('POST', '再公表しますか？', `現在の${approvedLine}で新しい版を公表します。前の版は履歴に残ります。`, '再公表する', '再公表しました')
                : act(
                    'POST',
                    '公表しますか？',
                    `${approvedLine}を、サインインなしで誰でも見られるように公開します。承認されていないものは「未報告」と表示されます。`,
                    '公表する',
                    '公表しました',
                  )}>
        ${published ? '再公表する' : '公表する'}</button>`
          : nothing
      }
      ${mayTake(data, 'withdraw') ? html`<button type="button" @click=${() => act('DELETE', '公表を取り下げますか？', '公開中のページとオープンデータを取り下げます。', '取り下げる', '公表を取り下げました')}>公表を取り下げる</button>` : nothing}
    </div>
    ${data.history.length ? html`<ul>${data.history.map((h) => html`<li>${h.on} ${h.actionLabel}（${h.by.name}）</li>`)}</ul>` : nothing}
  </section>`;
}

/**
 * The printed pages' running header. Page margin boxes inherit from the root element, not from the
 * report, and the CSP forbids inline styles: so the text goes to style.css as a custom property on
 * :root, set through the CSSOM (which the CSP permits). Only the `annual-report` page reads it.
 */
function setRunningHeader(text: string): void {
  const cssString = `"${text.replace(/["\\]/g, '\\$&').replace(/[\r\n]+/g, ' ')}"`;
  document.documentElement.style.setProperty('--report-running-header', cssString);
}

/** The print view of a fiscal year's report, at #/report/annual?fy=<年度> (HQ and the council). */
export async function annualReportView(fy: number): Promise<void> {
  const me = await getMe();
  const [{ data: report }, publication] = await Promise.all([
    call('yearReportSchema', `/fiscal-years/${fy}/report`),
    permissions(me).canPublish ? call('publicationSchema', `/fiscal-years/${fy}/publication`) : null,
  ]);
  setRunningHeader(`${report.planTitle}　${report.fiscalYearLabel} 進捗状況報告書`);
  mount<ReportScreen>(
    { publication, status: nothing },
    (screen) => html`
    <div class="report-toolbar no-print">
      ${fiscalYearPicker(fy, '#/report/annual')}
      <button type="button" @click=${() => window.print()}>印刷する（A4）</button>
      <button type="button" @click=${() => download(`/fiscal-years/${fy}/report.docx`, `${report.fiscalYearLabel}_進捗状況報告書.docx`)}>Word で出力</button>
    </div>
    ${publicationPanel(fy, screen, report.summary.total)}${reportDocument(report)}`,
  );
}
