import { formatValue } from '../../../functions/domain/calendar/index.ts';
import { REPORT_STATE_LABELS } from '../../../functions/domain/reports/workflow.ts';
import type { ReportState } from '../../../functions/domain/reports/workflow.ts';
import type { Revision } from '../../../functions/contract/index.ts';
import { call } from '../api.ts';
import { h, render } from '../dom.ts';
import { fyLabel, getPlan } from '../state.ts';
import { displayField, FIELD_LABELS } from './report-form.ts';

const ACTION_LABELS: Record<string, string> = { save: '保存', submit: '提出', return: '差し戻し', approve: '承認', reopen: '承認の取消し', import: 'Excelから取込み', assign: '割当て' };

/** 変更履歴: who changed what and when, each field in the form's words. */
export async function historyView(kind: 'action' | 'kpi', id: string, fy: number): Promise<void> {
  const [plan, { data }] = await Promise.all([
    getPlan(),
    call<{ revisions: Revision[] }>(`/fiscal-years/${fy}/${kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${id}/revisions`),
  ]);
  const measure = plan.measures.find((m) => (kind === 'action' ? m.actionItems.some((i) => i.id === id) : m.kpis.some((k) => k.id === id)));
  const kpi = measure?.kpis.find((k) => k.id === id);
  const name = kind === 'action' ? measure?.actionItems.find((i) => i.id === id)?.title : kpi?.name;
  const show = (field: string, value: unknown) =>
    field === 'value' && typeof value === 'number' && kpi ? formatValue(value, kpi.unit) : displayField(field, value);
  const revisions = [...data.revisions].sort((a, b) => b.version - a.version);
  render(
    h('p', { class: 'crumbs' }, h('a', { href: `#/report/${kind}/${id}?fy=${fy}` }, '報告へ戻る')),
    h('h1', {}, `変更履歴 ${kind === 'kpi' ? 'KPI ' : ''}${id} ${name ?? ''}（${fyLabel(fy)}）`),
    h('p', { class: 'muted' }, '新しい順。受け付けたすべての変更が残ります（消したり書き換えたりできません）。'),
    h('ol', { class: 'history', reversed: true }, revisions.map((r) =>
      h('li', {},
        h('h2', {}, `版${r.version} ${ACTION_LABELS[r.action] ?? r.action}`, r.state ? `（${REPORT_STATE_LABELS[r.state as ReportState] ?? r.state}）` : ''),
        h('p', { class: 'muted' }, `${r.by.name}（${r.by.sub}）　${new Date(r.at).toLocaleString('ja-JP')}`),
        r.comment ? h('p', {}, h('strong', {}, 'コメント: '), r.comment) : null,
        r.changes.length
          ? h('div', { class: 'scroll' }, h('table', {},
              h('caption', { class: 'visually-hidden' }, `版${r.version}の変更内容`),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '項目'), h('th', { scope: 'col' }, '変更前'), h('th', { scope: 'col' }, '変更後'))),
              h('tbody', {}, r.changes.map((c) => h('tr', {}, h('th', { scope: 'row' }, FIELD_LABELS[c.field] ?? c.field), h('td', {}, show(c.field, c.before)), h('td', {}, show(c.field, c.after)))))))
          : null),
    )),
  );
}
