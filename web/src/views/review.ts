import { formatDate, formatValue } from '../../../functions/domain/calendar/index.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from '../../../functions/domain/reports/labels.ts';
import type { ActionRating, ActionStatus } from '../../../functions/domain/reports/schema.ts';
import { returnBodySchema } from '../../../functions/domain/reports/schema.ts';
import { ApiError, call } from '../api.ts';
import { announce, h, render, scroller } from '../dom.ts';
import { fyLabel, getPlan } from '../state.ts';
import type { Report } from '../state.ts';
import { errorBox, fiscalYearPicker, problemText, stateBadge } from './common.ts';
import { FIELD_LABELS } from './report-form.ts';

const excerpt = (text: unknown, length = 80) => {
  const value = String(text ?? '');
  return value.length > length ? `${value.slice(0, length)}…` : value;
};

/** 審査待ち: every submitted report of the year, oldest first, with enough of its content to triage. */
export async function reviewQueueView(fy: number, message?: HTMLElement): Promise<void> {
  const [plan, { data }] = await Promise.all([getPlan(), call<{ reports: Report[] }>(`/fiscal-years/${fy}/reports`)]);
  const titles = new Map(plan.measures.flatMap((m) => [...m.actionItems.map((i) => [`action:${i.id}`, i.title] as const), ...m.kpis.map((k) => [`kpi:${k.id}`, k.name] as const)]));
  const units = new Map(plan.measures.flatMap((m) => m.kpis.map((k) => [k.id, k.unit] as const)));
  const queue = data.reports.filter((r) => r.state === 'submitted').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  const returned = data.reports.filter((r) => r.state === 'returned');
  const content = (r: Report) => {
    if (r.kind === 'kpi') {
      return [`${FIELD_LABELS.value}: ${formatValue(Number(r.body.value), units.get(r.id) ?? '')}`, h('br', {}), `${FIELD_LABELS.asOf}: ${r.body.asOf ? formatDate(String(r.body.asOf)) : '—'}`];
    }
    return [
      `${ACTION_STATUS_LABELS[r.body.status as ActionStatus] ?? ''}・自己評価 ${r.body.rating}（${ACTION_RATING_LABELS[r.body.rating as ActionRating] ?? ''}）`,
      h('br', {}),
      h('span', { class: 'muted' }, excerpt(r.body.achievements)),
    ];
  };
  const status = message ?? h('div', { role: 'status' });

  /**
   * Approve or return straight from the queue. The report is read first for its ETag; if it is no longer
   * the version listed here, nothing is sent and the reviewer is asked to look again.
   */
  const act = async (r: Report, action: 'approve' | 'return', comment?: string) => {
    const path = `/fiscal-years/${fy}/${r.kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${r.id}`;
    try {
      const current = await call<Report>(path);
      if (current.data.version !== r.version || current.data.state !== 'submitted') {
        status.replaceChildren(errorBox(`${r.id}は一覧を表示した後に変更されました（現在: ${current.data.stateLabel}、版${current.data.version}）。一覧を読み込み直しました。`));
        return reviewQueueView(fy, status);
      }
      await call<Report>(`${path}/${action}`, { method: 'POST', ifMatch: current.etag, body: comment === undefined ? {} : { comment } });
      const done = `${r.id}を${action === 'approve' ? '承認' : '差し戻'}しました`;
      await reviewQueueView(fy, status);
      status.replaceChildren(h('p', { class: 'alert alert-ok' }, done));
      announce(done);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      status.replaceChildren(errorBox(problemText(error, '審査を記録できませんでした')));
    }
  };

  const reviewControls = (r: Report) => {
    const key = `${r.kind}-${r.id}`;
    const comment = h('textarea', { id: `c-${key}`, rows: 2, 'aria-describedby': `ce-${key}` }) as HTMLTextAreaElement;
    const error = h('p', { id: `ce-${key}`, class: 'field-error', hidden: true });
    const sendReturn = () => {
      const parsed = returnBodySchema.safeParse({ comment: comment.value });
      error.textContent = parsed.success ? '' : parsed.error.issues[0]!.message;
      error.hidden = parsed.success;
      comment.setAttribute('aria-invalid', parsed.success ? 'false' : 'true');
      if (!parsed.success) return comment.focus();
      void act(r, 'return', parsed.data.comment);
    };
    return h('td', { class: 'review-cell' },
      h('button', { type: 'button', class: 'primary', onclick: () => void act(r, 'approve') }, '承認する', h('span', { class: 'visually-hidden' }, `（${r.id}）`)),
      h('details', {},
        h('summary', {}, '差し戻す', h('span', { class: 'visually-hidden' }, `（${r.id}）`)),
        h('label', { for: `c-${key}` }, '差し戻しの理由（必須）'), comment, error,
        h('button', { type: 'button', onclick: sendReturn }, '差し戻しを確定')));
  };

  const table = (reports: Report[], caption: string, review: boolean) =>
    scroller(`${caption}（横にスクロールできます）`, h('table', { class: 'queue' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '報告'), h('th', { scope: 'col' }, '内容'), h('th', { scope: 'col' }, '状態'), h('th', { scope: 'col' }, '最終更新'), review ? h('th', { scope: 'col' }, '審査') : null)),
      h('tbody', {}, reports.map((r) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/report/${r.kind}/${r.id}?fy=${fy}` }, `${r.kind === 'kpi' ? 'KPI ' : ''}${r.id} ${titles.get(`${r.kind}:${r.id}`) ?? ''}`), h('br', {}), h('span', { class: 'muted' }, `施策${r.measure}`)),
        h('td', {}, content(r)),
        h('td', {}, stateBadge(r.state), r.comment && r.state === 'returned' ? h('p', { class: 'muted' }, `コメント: ${excerpt(r.comment, 40)}`) : null),
        h('td', {}, `${r.updatedBy.name}`, h('br', {}), h('span', { class: 'muted' }, new Date(r.updatedAt).toLocaleString('ja-JP'))),
        review ? reviewControls(r) : null,
      )))));
  render(
    h('h1', {}, '審査待ち'),
    fiscalYearPicker(fy, '#/hq/review'),
    status,
    h('p', { class: 'summary' }, `${fyLabel(fy)}: 審査待ち ${queue.length}件・差し戻し中 ${returned.length}件`),
    queue.length
      ? [h('p', {}, '内容を確認して「承認する」か、理由を書いて「差し戻す」を選びます。報告を開くと全文と変更履歴を見られます。'), table(queue, '審査待ちの報告（提出の古い順）', true)]
      : h('p', {}, '審査待ちの報告はありません。'),
    returned.length ? [h('h2', {}, '差し戻し中（担当課の再提出待ち）'), table(returned, '差し戻し中の報告', false)] : null,
  );
}
