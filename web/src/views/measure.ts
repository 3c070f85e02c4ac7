import { formatValue } from '../../../functions/domain/calendar/index.ts';
import { call } from '../api.ts';
import { h, render } from '../dom.ts';
import { FISCAL_YEARS, fyLabel, getPlan } from '../state.ts';
import type { Report } from '../state.ts';
import { errorBox } from './common.ts';

/** A measure as the plan states it: 方向性, the five-year schedule with this year marked, KPIs and their series. */
export async function measureView(number: number, fy: number): Promise<void> {
  const plan = await getPlan();
  const measure = plan.measures.find((m) => m.number === number);
  if (!measure) return render(h('h1', {}, '施策が見つかりません'), errorBox(`施策${number}は計画にありません`));
  const series = await Promise.all(
    measure.kpis.map(async (kpi) =>
      Promise.all(FISCAL_YEARS.filter((year) => year <= fy).map((year) => call<Report>(`/fiscal-years/${year}/kpi-actuals/${kpi.id}`).then((r) => r.data).catch(() => null))),
    ),
  );
  const names = new Map(plan.departments.map((d) => [d.code, d.name]));
  const owners = measure.owners.map((code) => (code === 'kankei-kakuka' ? '関係各課' : (names.get(code) ?? code))).join('・');
  const schedule = h('table', { class: 'schedule' },
    h('caption', {}, '実施スケジュール（', h('strong', {}, '太字'), 'が表示中の年度）'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '取組項目'), FISCAL_YEARS.map((year) => h('th', { scope: 'col', class: year === fy ? 'current' : null }, fyLabel(year), year === fy ? h('span', { class: 'tag' }, '今年度') : null)))),
    h('tbody', {}, measure.actionItems.map((item) =>
      h('tr', {}, h('th', { scope: 'row' }, `${item.id} ${item.title}`),
        'schedule' in item
          ? item.schedule.map((s) => h('td', { class: s.fiscalYear === fy ? 'current' : null }, s.fiscalYear === fy ? h('strong', {}, s.activity) : s.activity))
          : h('td', { colspan: 5 }, `施策${item.referenceTo.split('-')[0]}（${item.referenceTo}）に記載`),
      ))),
  );
  const kpis = measure.kpis.map((kpi, i) =>
    h('section', { class: 'card' },
      h('h3', {}, `${kpi.id} ${kpi.name}`),
      h('dl', { class: 'facts' },
        h('dt', {}, '現在値'), h('dd', {}, kpi.baseline.label),
        h('dt', {}, '目標'), h('dd', {}, kpi.target.label),
        h('dt', {}, '実績'), h('dd', {}, series[i]!.filter(Boolean).length
          ? h('ul', {}, series[i]!.filter((r): r is Report => Boolean(r)).map((r) => h('li', {}, `${fyLabel(r.fiscalYear)}: ${formatValue(Number(r.body.value), kpi.unit)}（${r.stateLabel}）`)))
          : 'まだありません'),
      ),
      kpi.note ? h('p', { class: 'note' }, `※${kpi.note}`) : null,
    ),
  );
  render(
    h('h1', {}, `施策${measure.number} ${measure.title}`),
    h('p', { class: 'muted' }, `${measure.policy} ／ ${measure.subPolicy} ／ 担当: ${owners}`),
    h('h2', {}, '方向性'), measure.direction.map((p) => h('p', {}, p)),
    h('h2', {}, '取組内容'), h('div', { class: 'scroll' }, schedule),
    measure.kpis.length ? [h('h2', {}, 'KPI（重要業績評価指標）'), kpis] : null,
    measure.footnotes.length ? h('section', { class: 'footnotes' }, h('h2', {}, '注'), measure.footnotes.map((f) => h('p', {}, `※${f}`))) : null,
    h('p', { class: 'no-print' }, h('button', { type: 'button', onclick: () => print() }, 'A4で印刷')),
  );
}
