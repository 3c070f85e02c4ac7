import { formatCalendarYear, formatDate, formatPeriod, formatValue, formatYen } from '../../../functions/domain/calendar/index.ts';
import { formatBaseline, formatTarget } from '../../../functions/domain/catalogue/kpi-periods.ts';
import type { Kpi, ScheduledActionItem } from '../../../functions/domain/catalogue/schema.ts';
import { isReference } from '../../../functions/domain/catalogue/schema.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from '../labels.ts';
import { ApiError, call } from '../api.ts';
import { serverClock } from '../models/clock.ts';
import { loadParts, rollUpLine } from '../models/parts.ts';
import { plannedEffect } from '../models/report-fields.ts';
import type { ReportParts } from '../models/parts.ts';
import { fiscalYears, departmentName, fyLabel, getMe, getPlan, permissions } from '../state.ts';
import type { Report } from '../state.ts';
import { html, nothing, show } from '../ui.ts';
import { errorBox, stateBadge } from './common.ts';
import { partsTable } from './report-form/parts.ts';

// 当該年度, not 今年度: the year shown may be a past one (README 「表記の決まり」).
const THIS_YEAR = html`<span class="tag">当該年度</span>`;

/**
 * A KPI's actual for each plan year (null where there is none or the reader may not see it), from one request
 * for the KPI's whole series (GET /api/kpis/{id}/actuals).
 */
async function actualsByYear(kpi: Kpi): Promise<(Report | null)[]> {
  try {
    const { actuals } = (await call('kpiSeriesSchema', `/kpis/${encodeURIComponent(kpi.key)}/actuals`)).data;
    return fiscalYears().map((year) => actuals.find((report) => report.fiscalYear === year) ?? null);
  } catch (error) {
    if (error instanceof ApiError && error.status !== 401) return fiscalYears().map(() => null);
    throw error;
  }
}

/**
 * The parts of each of the measure's items shared in year `fy` (関係各課・共管), by item key; only asked when the
 * measure has two or more responsible departments. A part the reader may not read comes with `report` null;
 * an item the API will not show (403/404) is left out, as the KPI series are.
 */
async function sharedParts(keys: readonly string[], fy: number): Promise<Map<string, ReportParts>> {
  const answers = await Promise.all(
    keys.map(async (key) => {
      try {
        return [key, await loadParts(fy, key)] as const;
      } catch (error) {
        if (error instanceof ApiError && error.status !== 401) return [key, null] as const;
        throw error;
      }
    }),
  );
  return new Map(answers.flatMap(([key, parts]) => (parts?.shared ? [[key, parts] as const] : [])));
}

/** An unshared item's report for year `fy`, null when there is none or the reader may not see it. */
async function actionReport(key: string, fy: number): Promise<Report | null> {
  try {
    return (await call('reportSchema', `/fiscal-years/${fy}/action-reports/${encodeURIComponent(key)}`)).data;
  } catch (error) {
    if (error instanceof ApiError && error.status !== 401) return null;
    throw error;
  }
}

/**
 * The year's approved progress of each unshared item (a shared item's parts have their own section): what
 * 「A4で印刷」 hands over with the plan. Only approved reports: a printout leaves the office.
 */
function approvedProgress(items: { item: ScheduledActionItem; report: Report | null }[], fy: number) {
  const approved = items.filter(({ report }) => report?.kind === 'action' && report.state === 'approved');
  return html`<h2>${fyLabel(fy)}の進捗（承認済み）</h2>
    ${
      approved.length === 0
        ? html`<p class="muted">${fyLabel(fy)}の承認済みの報告はまだありません。</p>`
        : html`<dl class="approved-progress">${approved.map(({ item, report }) => {
            const body = report?.kind === 'action' ? report.body : undefined;
            return html`<dt>${item.number} ${item.title}</dt>
              <dd>進捗状況：${body?.status ? ACTION_STATUS_LABELS[body.status] : '—'}／自己評価：${body?.rating ? `${body.rating} ${ACTION_RATING_LABELS[body.rating]}` : '—'}</dd>
              <dd>実績：${body?.achievements || '—'}</dd>
              ${body?.challenges ? html`<dd>課題：${body.challenges}</dd>` : nothing}
              ${body?.nextSteps ? html`<dd>今後の取組：${body.nextSteps}</dd>` : nothing}`;
          })}</dl>`
    }`;
}

/**
 * 効果額 reported for an item in year `fy`, in yen: the sum over its parts for a shared item (each department
 * states its own), else its report's; null where none is stated or the reader may not see it (the council
 * sees approved reports only).
 */
async function reportedEffect(key: string, fy: number, parts: ReportParts | undefined, approvedOnly: boolean): Promise<number | null> {
  let reports: (Report | null)[];
  if (parts) reports = parts.parts.map((part) => part.report);
  else {
    try {
      reports = [(await call('reportSchema', `/fiscal-years/${fy}/action-reports/${encodeURIComponent(key)}`)).data];
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) return null;
      throw error;
    }
  }
  const amounts = reports.flatMap((report) =>
    report?.kind === 'action' && report.body.effectAmount !== undefined && (!approvedOnly || report.state === 'approved') ? [report.body.effectAmount] : [],
  );
  return amounts.length ? amounts.reduce((a, b) => a + b, 0) : null;
}

/** 効果額 of the items the plan gives one, for the year shown: 計画 from the plan, 実績 as reported. */
function effectTable(rows: { item: ScheduledActionItem; achieved: number | null }[], fy: number) {
  const yen = (amount: number | null) => (amount === null ? '—' : formatYen(amount));
  return html`<div class="scroll"><table class="effect">
    <caption>効果額（${fyLabel(fy)}）</caption>
    <thead><tr><th scope="col">取組項目</th><th scope="col">計画</th><th scope="col">実績</th></tr></thead>
    <tbody>${rows.map(
      ({ item, achieved }) => html`<tr><th scope="row">${item.number} ${item.title}</th><td>${yen(plannedEffect(item, fy))}</td><td>${yen(achieved)}</td></tr>`,
    )}</tbody>
  </table></div>`;
}

function kpiSection(kpi: Kpi, series: (Report | null)[], fy: number, linkReports: boolean, approvedOnly: boolean) {
  return html`<section class="card kpi-card" aria-labelledby="k-${kpi.key}">
    <h3 id="k-${kpi.key}">${kpi.number} ${kpi.name}</h3>
    <dl class="facts">
      <dt>単位</dt><dd>${kpi.unit}</dd>
      <dt>基準値</dt><dd>${formatBaseline(kpi)}</dd>
      <dt>目標値</dt><dd>${formatTarget(kpi)}</dd>
      ${kpi.basis === 'calendar_year' ? html`<dt>集計の単位</dt><dd>暦年（1月〜12月）。${fyLabel(fy)}の報告には${formatCalendarYear(fy)}の値を入力します。</dd>` : nothing}
    </dl>
    <div class="scroll"><table class="series">
      <caption>実績の推移</caption>
      <thead><tr><th scope="col">${kpi.basis === 'calendar_year' ? '年' : '年度'}</th><th scope="col">実績</th><th scope="col">状態</th></tr></thead>
      <tbody>${fiscalYears().map((year, i) => {
        const report = series[i];
        const current = year === fy;
        const value = report?.kind === 'kpi' && report.body.value !== undefined ? formatValue(report.body.value, kpi.unit) : '—';
        return html`<tr class=${current ? 'current' : nothing}>
          <th scope="row">${formatPeriod(year, kpi.basis)}${current ? THIS_YEAR : nothing}</th>
          <td>${current ? html`<strong>${value}</strong>` : value}</td>
          <td>${
            report
              ? stateBadge(report.state, approvedOnly)
              : approvedOnly && year <= fy
                ? stateBadge('missing', true)
                : linkReports && year <= fy
                  ? html`<a href="#/report/kpi/${encodeURIComponent(kpi.key)}?fy=${year}">入力する</a>`
                  : '—'
          }</td>
        </tr>`;
      })}</tbody>
    </table></div>
    ${kpi.note ? html`<p class="note">※${kpi.note}</p>` : nothing}
  </section>`;
}

/** A measure as the plan states it: 方向性, the five-year schedule with this year marked, KPIs and their series. */
export async function measureView(key: string, fy: number): Promise<void> {
  const [plan, me] = await Promise.all([getPlan(), getMe()]);
  const may = permissions(me);
  const measure = plan.measures.find((m) => m.key === key);
  if (!measure) return show(html`<h1>施策が見つかりません</h1>${errorBox(`施策「${key}」は計画にありません`)}`);
  const itemKeys = measure.actionItems.filter((item) => !isReference(item)).map((item) => item.key);
  const [series, parts] = await Promise.all([
    Promise.all(measure.kpis.map(actualsByYear)),
    measure.responsibleDepartments.length > 1 ? sharedParts(itemKeys, fy) : new Map<string, ReportParts>(),
  ]);
  const groups = new Map(plan.groups.map((group) => [group.key, group]));
  const context = measure.path.map((groupKey) => {
    const group = groups.get(groupKey);
    return group ? `${group.number} ${group.title}` : groupKey;
  });
  /** The row that only points to another measure's item: 「施策5（5-2）に記載」, found by the item's key. */
  const referenceText = (itemKey: string) => {
    const owner = plan.measures.find((m) => m.actionItems.some((item) => item.key === itemKey));
    const item = owner?.actionItems.find((i) => i.key === itemKey);
    return owner && item ? `${owner.label}（${item.number}）に記載` : `${itemKey}に記載`;
  };
  const withEffect = measure.actionItems.flatMap((item) => (!isReference(item) && item.effect ? [item] : []));
  const effects = await Promise.all(
    withEffect.map(async (item) => ({ item, achieved: await reportedEffect(item.key, fy, parts.get(item.key), !may.canReport && !may.canReview) })),
  );
  const unshared = measure.actionItems.flatMap((item) => (!isReference(item) && !parts.has(item.key) ? [item] : []));
  const progress = await Promise.all(unshared.map(async (item) => ({ item, report: await actionReport(item.key, fy) })));
  const owners = measure.owners.map((code) => departmentName(plan, code)).join('・');
  const assigned = measure.assignedDepartments.map((d) => d.name).join('・');
  const mayReport = may.canReport && (may.canReview || me.measures.includes(measure.key));
  const approvedOnly = !may.canReport && !may.canReview;
  const own = me.departments.map((d) => d.code);

  // On a phone each item becomes a block with its years labelled (see .stack), instead of a wide table.
  const schedule = html`<table class="schedule stack">
    <caption>実施スケジュール（${fyLabel(fy)}を太字と「当該年度」で表示）</caption>
    <thead><tr><th scope="col">取組項目</th>${fiscalYears().map((year) => html`<th scope="col" class=${year === fy ? 'current' : nothing}>${fyLabel(year)}${year === fy ? THIS_YEAR : nothing}</th>`)}</tr></thead>
    <tbody>${measure.actionItems.map(
      (item) => html`<tr>
      <th scope="row">${mayReport && !isReference(item) ? html`<a href="#/report/action/${encodeURIComponent(item.key)}?fy=${fy}">${item.number} ${item.title}</a>` : `${item.number} ${item.title}`}</th>
      ${
        isReference(item)
          ? html`<td colspan=${fiscalYears().length}>${referenceText(item.referenceTo)}</td>`
          : fiscalYears().map((year) => {
              // A year the plan schedules nothing for has no entry (or phase 'none'): an empty cell.
              const activity = item.schedule.find((s) => s.fiscalYear === year && s.phase !== 'none')?.activity ?? '';
              return year === fy
                ? html`<td class="current" data-label=${`${fyLabel(year)}（当該年度）`}><strong>${activity}</strong></td>`
                : html`<td data-label=${fyLabel(year)}>${activity}</td>`;
            })
      }
    </tr>`,
    )}</tbody>
  </table>`;

  /** Each shared item's parts side by side, with a link to each part's report for those who report or review. */
  const partsSection = parts.size
    ? html`<h2>関係各課の報告（${fyLabel(fy)}）</h2>
      ${measure.actionItems.flatMap((item) => {
        const itemParts = parts.get(item.key);
        if (!itemParts) return [];
        return [
          html`<section class="card shared-item" aria-labelledby="p-${item.key}">
            <h3 id="p-${item.key}">${item.number} ${item.title}</h3>
            <p class="muted">${rollUpLine(itemParts)}</p>
            ${partsTable(
              `${item.number}の課ごとの報告`,
              itemParts.parts,
              approvedOnly,
              mayReport
                ? {
                    heading: '報告',
                    // A department opens its own part; HQ opens any (the form opens the caller's own part otherwise).
                    cell: (part) =>
                      may.canReview || own.includes(part.department)
                        ? html`<a href="#/report/action/${encodeURIComponent(item.key)}?fy=${fy}&department=${encodeURIComponent(part.department)}">開く<span class="visually-hidden">（${part.departmentName}）</span></a>`
                        : html`<span class="muted">—</span>`,
                  }
                : undefined,
            )}
          </section>`,
        ];
      })}`
    : nothing;

  show(html`
    <p class="print-only">${plan.title}（${plan.periodLabel}）　${fyLabel(fy)}の状況　${formatDate(serverClock.now())}印刷</p>
    <p class="context">${context.join(' ／ ')}</p>
    <h1>${measure.label} ${measure.title}</h1>
    <dl class="facts">
      <dt>担当課</dt><dd>${owners}</dd>
      ${measure.owners.includes('kankei-kakuka') ? html`<dt>関係各課</dt><dd>${assigned || '未割当て（推進本部が割り当てます）'}</dd>` : nothing}
      <dt>表示年度</dt><dd>${fyLabel(fy)}</dd>
    </dl>
    <h2>方向性</h2>${measure.direction.map((p) => html`<p>${p}</p>`)}
    <h2>取組内容</h2>${schedule}
    ${effects.length ? effectTable(effects, fy) : nothing}
    ${unshared.length ? approvedProgress(progress, fy) : nothing}
    ${partsSection}
    ${measure.kpis.length ? html`<h2>KPI（重要業績評価指標）</h2><div class="kpi-list">${measure.kpis.map((kpi, i) => kpiSection(kpi, series[i]!, fy, mayReport, approvedOnly))}</div>` : nothing}
    ${measure.footnotes.length ? html`<section class="footnotes" aria-labelledby="notes"><h2 id="notes">注</h2>${measure.footnotes.map((f) => html`<p>※${f}</p>`)}</section>` : nothing}
    <p class="no-print"><button type="button" @click=${() => print()}>A4で印刷</button></p>`);
}
