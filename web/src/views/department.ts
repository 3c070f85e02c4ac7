import { formatValue } from '../../../functions/domain/calendar/index.ts';
import { call } from '../api.ts';
import { h, render } from '../dom.ts';
import { fyLabel, getMe, getPlan } from '../state.ts';
import type { Report } from '../state.ts';
import { fiscalYearPicker, stateBadge } from './common.ts';

/** 担当施策: a department's measures for a fiscal year, each item's state and what is due. */
export async function departmentView(fy: number): Promise<void> {
  const [plan, me, { data }] = await Promise.all([getPlan(), getMe(), call<{ reports: Report[] }>(`/fiscal-years/${fy}/reports`)]);
  const byKey = new Map(data.reports.map((r) => [`${r.kind}:${r.id}`, r]));
  const measures = plan.measures.filter((m) => me.measures.includes(m.number));
  const due = (state: string) => state === 'missing' || state === 'draft' || state === 'returned';
  let open = 0;
  const sections = measures.map((measure) => {
    const items = measure.actionItems.filter((item) => 'schedule' in item).map((item) => {
      const report = byKey.get(`action:${item.id}`);
      const state = report?.state ?? 'missing';
      if (due(state)) open++;
      const planned = 'schedule' in item ? item.schedule.find((s) => s.fiscalYear === fy)?.activity : '';
      return h('li', {}, h('a', { href: `#/report/action/${item.id}?fy=${fy}` }, `${item.id} ${item.title}`), ' ', stateBadge(state),
        h('span', { class: 'muted' }, ` 今年度の計画: ${planned}`));
    });
    const kpis = measure.kpis.map((kpi) => {
      const report = byKey.get(`kpi:${kpi.id}`);
      const state = report?.state ?? 'missing';
      if (due(state)) open++;
      const value = report ? formatValue(Number(report.body.value), kpi.unit) : '';
      return h('li', {}, h('a', { href: `#/report/kpi/${kpi.id}?fy=${fy}` }, `KPI ${kpi.id} ${kpi.name}`), ' ', stateBadge(state), value ? h('span', { class: 'muted' }, ` ${value}`) : null);
    });
    return h('section', { class: 'card' },
      h('h2', {}, h('a', { href: `#/measures/${measure.number}?fy=${fy}` }, `施策${measure.number} ${measure.title}`)),
      h('h3', {}, '取組項目'), h('ul', { class: 'items' }, items),
      kpis.length ? [h('h3', {}, 'KPI（実績値）'), h('ul', { class: 'items' }, kpis)] : null,
    );
  });
  render(
    h('h1', {}, `担当施策（${me.departments.map((d) => d.name).join('・')}）`),
    fiscalYearPicker(fy, '#/department'),
    h('p', { class: 'summary' }, `${fyLabel(fy)}の未提出: ${open}件`),
    measures.length ? sections : h('p', {}, '担当の施策はありません（関係各課の施策は推進本部が割り当てます）。'),
  );
}
