import { formatDateTime } from '../../../functions/domain/calendar/index.ts';
import { call } from '../api.ts';
import { HISTORY_ACTION_LABELS, STATE_LABELS, asItemState } from '../labels.ts';
import { fyLabel, getPlan } from '../state.ts';
import { html, nothing, show } from '../ui.ts';
import { departmentQuery } from '../models/parts.ts';
import { changeView, meaningful } from './changes.ts';

/**
 * 変更履歴: who changed what and when, newest first; text fields as an inline diff that reflows on a phone.
 * `department`: the part of a shared action item (?department=), whose revisions are its own; absent for
 * an unshared item or a KPI (the API then answers the caller's own part where it can tell).
 */
export async function historyView(kind: 'action' | 'kpi', id: string, fy: number, department?: string): Promise<void> {
  const part = kind === 'action' ? departmentQuery(department ?? null) : '';
  const [plan, { data }] = await Promise.all([
    getPlan(),
    call('revisionListSchema', `/fiscal-years/${fy}/${kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${encodeURIComponent(id)}/revisions${part}`),
  ]);
  const measure = plan.measures.find((m) => (kind === 'action' ? m.actionItems.some((i) => i.key === id) : m.kpis.some((k) => k.key === id)));
  const entry = kind === 'action' ? measure?.actionItems.find((i) => i.key === id) : measure?.kpis.find((k) => k.key === id);
  const name = entry && ('name' in entry ? entry.name : entry.title);
  const revisions = [...data.revisions].sort((a, b) => b.version - a.version);
  show(html`
    <p class="crumbs"><a href="#/report/${kind}/${encodeURIComponent(id)}?fy=${fy}${part.replace('?', '&')}">報告へ戻る</a></p>
    <h1>変更履歴 ${kind === 'kpi' ? 'KPI ' : ''}${entry?.number ?? id} ${name ?? ''}（${fyLabel(fy)}）</h1>
    <p class="muted">新しい順。受け付けたすべての変更が残ります（消したり書き換えたりできません）。文章の変更は、削除した部分を取り消し線、追加した部分を下線で示します。</p>
    <ol class="history" reversed>${revisions.map(
      (r) => html`<li>
      <h2>版${r.version} ${HISTORY_ACTION_LABELS[r.action] ?? r.action}${r.state ? `（${STATE_LABELS[asItemState(r.state)]}）` : ''}</h2>
      <p class="muted">${r.by.name}（${r.by.sub}）　${formatDateTime(r.at)}</p>
      ${r.comment ? html`<p><strong>コメント：</strong>${r.comment}</p>` : nothing}
      ${meaningful(r.changes).length ? html`<dl class="changes">${meaningful(r.changes).map((c) => changeView(c, entry && 'unit' in entry ? entry.unit : undefined))}</dl>` : nothing}
    </li>`,
    )}</ol>`);
}
