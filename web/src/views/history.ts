import { formatDateTime } from '../../../functions/domain/calendar/index.ts';
import { call } from '../api.ts';
import { HISTORY_ACTION_LABELS, STATE_LABELS, asItemState } from '../labels.ts';
import { fyLabel, getPlan } from '../state.ts';
import { html, nothing, show } from '../ui.ts';
import { changeView, meaningful } from './changes.ts';

/** 変更履歴: who changed what and when, newest first; text fields as an inline diff that reflows on a phone. */
export async function historyView(kind: 'action' | 'kpi', id: string, fy: number): Promise<void> {
  const [plan, { data }] = await Promise.all([
    getPlan(),
    call('revisionListSchema', `/fiscal-years/${fy}/${kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${id}/revisions`),
  ]);
  const measure = plan.measures.find((m) => (kind === 'action' ? m.actionItems.some((i) => i.id === id) : m.kpis.some((k) => k.id === id)));
  const kpi = measure?.kpis.find((k) => k.id === id);
  const name = kind === 'action' ? measure?.actionItems.find((i) => i.id === id)?.title : kpi?.name;
  const revisions = [...data.revisions].sort((a, b) => b.version - a.version);
  show(html`
    <p class="crumbs"><a href="#/report/${kind}/${id}?fy=${fy}">報告へ戻る</a></p>
    <h1>変更履歴 ${kind === 'kpi' ? 'KPI ' : ''}${id} ${name ?? ''}（${fyLabel(fy)}）</h1>
    <p class="muted">新しい順。受け付けたすべての変更が残ります（消したり書き換えたりできません）。文章の変更は、削除した部分を取り消し線、追加した部分を下線で示します。</p>
    <ol class="history" reversed>${revisions.map(
      (r) => html`<li>
      <h2>版${r.version} ${HISTORY_ACTION_LABELS[r.action] ?? r.action}${r.state ? `（${STATE_LABELS[asItemState(r.state)]}）` : ''}</h2>
      <p class="muted">${r.by.name}（${r.by.sub}）　${formatDateTime(r.at)}</p>
      ${r.comment ? html`<p><strong>コメント: </strong>${r.comment}</p>` : nothing}
      ${meaningful(r.changes).length ? html`<dl class="changes">${meaningful(r.changes).map((c) => changeView(c, kpi?.unit))}</dl>` : nothing}
    </li>`,
    )}</ol>`);
}
