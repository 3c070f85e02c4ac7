import { formatPeriod, formatValue } from '../../../functions/domain/calendar/index.ts';
import type { Kpi } from '../../../functions/domain/catalogue/schema.ts';
import { isReference } from '../../../functions/domain/catalogue/schema.ts';
import { ApiError, call } from '../api.ts';
import { h, render, scroller } from '../dom.ts';
import { FISCAL_YEARS, departmentName, fyLabel, getMe, getPlan } from '../state.ts';
import type { Report } from '../state.ts';
import { errorBox, stateBadge, withPeriod } from './common.ts';

const THIS_YEAR = () => h('span', { class: 'tag' }, '今年度');

/** A KPI's actual for one plan year, or null when there is none (or the reader may not see it). */
async function actual(year: number, kpi: Kpi): Promise<Report | null> {
  try {
    return (await call<Report>(`/fiscal-years/${year}/kpi-actuals/${kpi.id}`)).data;
  } catch (error) {
    if (error instanceof ApiError && error.status !== 401) return null;
    throw error;
  }
}

function kpiSection(kpi: Kpi, series: (Report | null)[], fy: number, linkReports: boolean): HTMLElement {
  return h('section', { class: 'card kpi-card', 'aria-labelledby': `k-${kpi.id}` },
    h('h3', { id: `k-${kpi.id}` }, `${kpi.id} ${kpi.name}`),
    h('dl', { class: 'facts' },
      h('dt', {}, '単位'), h('dd', {}, kpi.unit),
      h('dt', {}, '現在値（基準）'), h('dd', {}, withPeriod(kpi.baseline.label, kpi.baseline.period, kpi.basis)),
      h('dt', {}, '目標'), h('dd', {}, withPeriod(kpi.target.label, kpi.target.period, kpi.basis)),
      kpi.basis === 'calendar_year' ? [h('dt', {}, '集計の単位'), h('dd', {}, '暦年（1月〜12月）。令和8年度の報告には令和8年の値を入力します。')] : null,
    ),
    h('div', { class: 'scroll' }, h('table', { class: 'series' },
      h('caption', {}, '実績の推移'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, kpi.basis === 'calendar_year' ? '年' : '年度'), h('th', { scope: 'col' }, '実績'), h('th', { scope: 'col' }, '状態'))),
      h('tbody', {}, FISCAL_YEARS.map((year, i) => {
        const report = series[i];
        const current = year === fy;
        const value = report?.kind === 'kpi' && report.body.value !== undefined ? formatValue(report.body.value, kpi.unit) : '—';
        return h('tr', { class: current ? 'current' : null },
          h('th', { scope: 'row' }, formatPeriod(year, kpi.basis), current ? THIS_YEAR() : null),
          h('td', {}, current ? h('strong', {}, value) : value),
          h('td', {}, report ? stateBadge(report.state) : linkReports && year <= fy ? h('a', { href: `#/report/kpi/${kpi.id}?fy=${year}` }, '入力する') : '—'));
      })))),
    kpi.note ? h('p', { class: 'note' }, `※${kpi.note}`) : null,
  );
}

/** A measure as the plan states it: 方向性, the five-year schedule with this year marked, KPIs and their series. */
export async function measureView(number: number, fy: number): Promise<void> {
  const [plan, me] = await Promise.all([getPlan(), getMe()]);
  const measure = plan.measures.find((m) => m.number === number);
  if (!measure) return render(h('h1', {}, '施策が見つかりません'), errorBox(`施策${number}は計画にありません`));
  const series = await Promise.all(measure.kpis.map((kpi) => Promise.all(FISCAL_YEARS.map((year) => actual(year, kpi)))));
  const pillar = plan.pillars.find((p) => p.id === measure.pillar);
  const policy = pillar?.policies.find((p) => p.id === measure.policy);
  const subPolicy = policy?.subPolicies.find((s) => s.id === measure.subPolicy);
  const owners = measure.owners.map((code) => departmentName(plan, code)).join('・');
  const assigned = measure.assignedDepartments.map((d) => d.name).join('・');
  const mayReport = me.role === 'hq' || (me.role === 'department' && me.measures.includes(number));

  const schedule = h('table', { class: 'schedule' },
    h('caption', {}, `実施スケジュール（${fyLabel(fy)}を太字と「今年度」で表示）`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, '取組項目'),
      FISCAL_YEARS.map((year) => h('th', { scope: 'col', class: year === fy ? 'current' : null }, fyLabel(year), year === fy ? THIS_YEAR() : null)))),
    h('tbody', {}, measure.actionItems.map((item) =>
      h('tr', {},
        h('th', { scope: 'row' }, mayReport && !isReference(item) ? h('a', { href: `#/report/action/${item.id}?fy=${fy}` }, `${item.id} ${item.title}`) : `${item.id} ${item.title}`),
        isReference(item)
          ? h('td', { colspan: FISCAL_YEARS.length }, `施策${item.referenceTo.split('-')[0]}（${item.referenceTo}）に記載`)
          : item.schedule.map((s) => s.fiscalYear === fy
              ? h('td', { class: 'current' }, h('strong', {}, s.activity), h('span', { class: 'visually-hidden' }, '（今年度）'))
              : h('td', {}, s.activity)),
      ))),
  );

  render(
    h('p', { class: 'print-only' }, `東根市第8次行財政改革推進プラン（令和8年度〜令和12年度）　${fyLabel(fy)}の状況　${new Date().toLocaleDateString('ja-JP')}印刷`),
    h('p', { class: 'context' }, `${pillar ? `${pillar.id} ${pillar.title}` : measure.pillar} ／ ${policy ? `${policy.id} ${policy.title}` : measure.policy} ／ ${subPolicy ? `${subPolicy.id} ${subPolicy.title}` : measure.subPolicy}`),
    h('h1', {}, `施策${measure.number} ${measure.title}`),
    h('dl', { class: 'facts' },
      h('dt', {}, '担当課'), h('dd', {}, owners),
      measure.owners.includes('kankei-kakuka') ? [h('dt', {}, '関係各課'), h('dd', {}, assigned || '未割当て（推進本部が割り当てます）')] : null,
      h('dt', {}, '表示年度'), h('dd', {}, fyLabel(fy)),
    ),
    h('h2', {}, '方向性'), measure.direction.map((p) => h('p', {}, p)),
    h('h2', {}, '取組内容'), scroller('実施スケジュール（横にスクロールできます）', schedule),
    measure.kpis.length ? [h('h2', {}, 'KPI（重要業績評価指標）'), h('div', { class: 'kpi-list' }, measure.kpis.map((kpi, i) => kpiSection(kpi, series[i]!, fy, mayReport)))] : null,
    measure.footnotes.length ? h('section', { class: 'footnotes', 'aria-labelledby': 'notes' }, h('h2', { id: 'notes' }, '注'), measure.footnotes.map((f) => h('p', {}, `※${f}`))) : null,
    h('p', { class: 'no-print' }, h('button', { type: 'button', onclick: () => print() }, 'A4で印刷')),
  );
}
