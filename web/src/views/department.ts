import { formatValue } from '../../../functions/domain/calendar/index.ts';
import { isReference } from '../../../functions/domain/catalogue/schema.ts';
import { REPORT_STATE_LABELS } from '../../../functions/domain/reports/workflow.ts';
import { call } from '../api.ts';
import { h, render } from '../dom.ts';
import { fyLabel, getMe, getPlan } from '../state.ts';
import type { Report } from '../state.ts';
import { fiscalYearPicker, nextStep, stateBadge, tallyText } from './common.ts';

/** 担当施策: a department's measures for a fiscal year, each item's state and what is still due. */
export async function departmentView(fy: number): Promise<void> {
  const [plan, me, { data }] = await Promise.all([getPlan(), getMe(), call<{ reports: Report[] }>(`/fiscal-years/${fy}/reports`)]);
  const byKey = new Map(data.reports.map((r) => [`${r.kind}:${r.id}`, r]));
  const measures = plan.measures.filter((m) => me.measures.includes(m.number));
  const counts: Record<string, number> = {};
  let due = 0;
  const count = (state: string) => {
    counts[state] = (counts[state] ?? 0) + 1;
    if (nextStep(state).due) due++;
  };
  const todo = (state: string) => {
    const step = nextStep(state);
    return h('td', { class: step.urgent ? 'due urgent' : step.due ? 'due' : null }, step.due ? h('strong', {}, step.text) : step.text);
  };

  const columns = () => h('colgroup', {}, h('col', { class: 'c-item' }), h('col', { class: 'c-state' }), h('col', { class: 'c-next' }));
  const sections = measures.map((measure) => {
    const items = measure.actionItems.flatMap((item) => {
      if (isReference(item)) return [];
      const state = byKey.get(`action:${item.id}`)?.state ?? 'missing';
      count(state);
      const planned = item.schedule.find((s) => s.fiscalYear === fy)?.activity ?? '';
      return [h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/report/action/${item.id}?fy=${fy}` }, `${item.id} ${item.title}`),
          h('span', { class: 'sub' }, `${fyLabel(fy)}の計画: ${planned}`)),
        h('td', {}, stateBadge(state)),
        todo(state))];
    });
    const kpis = measure.kpis.map((kpi) => {
      const report = byKey.get(`kpi:${kpi.id}`);
      const state = report?.state ?? 'missing';
      count(state);
      return h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/report/kpi/${kpi.id}?fy=${fy}` }, `${kpi.id} ${kpi.name}`),
          h('span', { class: 'sub' }, `${fyLabel(fy)}の実績: ${report?.kind === 'kpi' && report.body.value !== undefined ? formatValue(report.body.value, kpi.unit) : '未入力'}（目標 ${kpi.target.label}）`)),
        h('td', {}, stateBadge(state)),
        todo(state));
    });
    return h('section', { class: 'card', 'aria-labelledby': `m${measure.number}` },
      h('h2', { id: `m${measure.number}` }, h('a', { href: `#/measures/${measure.number}?fy=${fy}` }, `施策${measure.number} ${measure.title}`)),
      h('div', { class: 'scroll' }, h('table', { class: 'items-table' },
        h('caption', {}, '取組項目'), columns(),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '取組項目と今年度の計画'), h('th', { scope: 'col' }, '状態'), h('th', { scope: 'col' }, '次にすること'))),
        h('tbody', {}, items))),
      kpis.length
        ? h('div', { class: 'scroll' }, h('table', { class: 'items-table' },
            h('caption', {}, 'KPI（実績値）'), columns(),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'KPIと今年度の実績'), h('th', { scope: 'col' }, '状態'), h('th', { scope: 'col' }, '次にすること'))),
            h('tbody', {}, kpis)))
        : null,
    );
  });

  render(
    h('h1', {}, `担当施策（${me.departments.map((d) => d.name).join('・')}）`),
    fiscalYearPicker(fy, '#/department'),
    measures.length
      ? h('div', { class: 'card summary-box', role: 'status' },
          h('p', { class: 'summary' }, `${fyLabel(fy)}の報告: 要対応 ${due}件`),
          h('p', { class: 'muted' }, tallyText(counts, REPORT_STATE_LABELS)))
      : null,
    measures.length ? sections : h('p', {}, '担当の施策はありません（「関係各課」の施策は推進本部が割り当てます）。'),
  );
}
