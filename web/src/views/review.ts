import { formatDate, formatDateTime, formatValue } from '../../../functions/domain/calendar/index.ts';
import { returnBodySchema } from '../../../functions/domain/progress-reports/schema.ts';
import { ApiError, call } from '../api.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS, FIELD_LABELS } from '../labels.ts';
import { fyLabel, getPlan, getReports } from '../state.ts';
import type { Report } from '../state.ts';
import { announce, confirmAction, focusLater, html, mount, nothing } from '../ui.ts';
import type { Template } from '../ui.ts';
import { changeView, changesSinceApproval, lastBy } from './changes.ts';
import { errorBox, fiscalYearPicker, okBox, problemText, stateBadge } from './common.ts';

interface QueueState {
  status: Template;
  /** Return comments being written, and their messages, per report. */
  comments: Record<string, string>;
  commentErrors: Record<string, string>;
}

const path = (fy: number, r: Report) => `/fiscal-years/${fy}/${r.kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${r.id}`;
const keyOf = (r: Report) => `${r.kind}-${r.id}`;

/**
 * 審査待ち: every report submitted to HQ, oldest first, as cards that reflow on a phone. Each shows all its
 * fields, who submitted (and who confirmed it for the department), and what changed since the version HQ
 * last approved, so most reports can be decided here.
 */
export async function reviewQueueView(fy: number, message: Template = nothing): Promise<void> {
  const [plan, reports] = await Promise.all([getPlan(), getReports(fy)]);
  const titles = new Map(plan.measures.flatMap((m) => [...m.actionItems.map((i) => [`action:${i.id}`, i.title] as const), ...m.kpis.map((k) => [`kpi:${k.id}`, k.name] as const)]));
  const units = new Map(plan.measures.flatMap((m) => m.kpis.map((k) => [k.id, k.unit] as const)));
  const queue = reports.filter((r) => r.state === 'submitted').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  const returned = reports.filter((r) => r.state === 'returned');
  const histories = new Map(await Promise.all(queue.map(async (r) =>
    [keyOf(r), (await call('revisionListSchema', `${path(fy, r)}/revisions`)).data.revisions] as const)));

  const fields = (r: Report) => {
    const body: Record<string, unknown> = r.body;
    const text = (value: unknown) => (value === undefined || value === null || value === '' ? '（空）' : String(value));
    const entries: [string, string][] = r.kind === 'kpi'
      ? [['value', formatValue(Number(body.value), units.get(r.id) ?? '')], ['asOf', body.asOf ? formatDate(String(body.asOf)) : '—'], ['note', text(body.note)]]
      : [['status', ACTION_STATUS_LABELS[body.status as keyof typeof ACTION_STATUS_LABELS] ?? text(body.status)],
          ['rating', `${text(body.rating)}（${ACTION_RATING_LABELS[body.rating as keyof typeof ACTION_RATING_LABELS] ?? ''}）`],
          ['achievements', text(body.achievements)], ['challenges', text(body.challenges)], ['nextSteps', text(body.nextSteps)]];
    return html`<dl class="document">${entries.map(([name, value]) => html`<dt>${FIELD_LABELS[name]}</dt><dd>${value}</dd>`)}</dl>`;
  };

  const screen = mount<QueueState>({ status: message, comments: {}, commentErrors: {} }, ({ state }) => {
    /**
     * Approve or return straight from the queue. The report is read first for its ETag; if it is no longer
     * the version listed here, nothing is sent and the reviewer is asked to look again.
     */
    const act = async (r: Report, action: 'approve' | 'return') => {
      const key = keyOf(r);
      let comment: string | undefined;
      if (action === 'return') {
        const parsed = returnBodySchema.safeParse({ comment: state.comments[key] ?? '' });
        if (!parsed.success) {
          screen.set({ commentErrors: { ...state.commentErrors, [key]: parsed.error.issues[0]!.message } });
          return focusLater(`#c-${key}`);
        }
        comment = parsed.data.comment;
      } else if (!(await confirmAction(`${r.id}を承認しますか？`, '承認すると、推進懇談会と公表の対象になります（取り消すと差し戻しになります）。', '承認する'))) {
        return;
      }
      try {
        const current = await call('reportSchema', path(fy, r));
        if (current.data.version !== r.version || current.data.state !== 'submitted') {
          return reviewQueueView(fy, errorBox(`${r.id}は一覧を表示した後に変更されました（現在: ${current.data.stateLabel}、版${current.data.version}）。一覧を読み込み直しました。`));
        }
        await call('reportSchema', `${path(fy, r)}/${action}`, { method: 'POST', ifMatch: current.etag, body: comment === undefined ? {} : { comment } });
        const done = `${r.id}を${action === 'approve' ? '承認' : '差し戻'}しました`;
        await reviewQueueView(fy, okBox(done));
        announce(done);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return;
        screen.set({ status: errorBox(problemText(error, '審査を記録できませんでした')) });
      }
    };

    const card = (r: Report, review: boolean) => {
      const key = keyOf(r);
      const revisions = histories.get(key) ?? [];
      const submitted = lastBy(revisions, 'submit');
      const confirmed = lastBy(revisions, 'confirm');
      const since = review ? changesSinceApproval(revisions) : null;
      return html`<article class="card queue-item" aria-labelledby="t-${key}">
        <h3 id="t-${key}"><a href="#/report/${r.kind}/${r.id}?fy=${fy}">${r.kind === 'kpi' ? 'KPI ' : ''}${r.id} ${titles.get(`${r.kind}:${r.id}`) ?? ''}</a></h3>
        <p class="muted">施策${r.measure}　${stateBadge(r.state)}　版${r.version}</p>
        <p class="who-line">${submitted ? html`提出: ${submitted.by.name}（${formatDateTime(submitted.at)}）` : html`最終更新: ${r.updatedBy.name}（${formatDateTime(r.updatedAt)}）`}
          ${confirmed ? html`<br />課内確認: ${confirmed.by.name}（${formatDateTime(confirmed.at)}）` : nothing}</p>
        ${fields(r)}
        ${review
          ? html`<div class="since">
              <h4>前回の承認からの変更</h4>
              ${since === null ? html`<p class="muted">初めての提出です（承認された版はまだありません）。</p>`
                : since.length ? html`<dl class="changes">${since.map((c) => changeView(c, units.get(r.id)))}</dl>`
                : html`<p class="muted">承認された版から変更はありません。</p>`}
            </div>`
          : r.comment ? html`<p class="muted">コメント: ${r.comment}</p>` : nothing}
        ${review
          ? html`<div class="review-controls">
              <button type="button" class="primary" @click=${() => void act(r, 'approve')}>承認する<span class="visually-hidden">（${r.id}）</span></button>
              <details>
                <summary>差し戻す<span class="visually-hidden">（${r.id}）</span></summary>
                <label for="c-${key}">差し戻しの理由（必須）</label>
                <textarea id="c-${key}" rows="3" aria-describedby="ce-${key}" aria-invalid=${state.commentErrors[key] ? 'true' : 'false'}
                  @input=${(e: Event) => screen.set({ comments: { ...state.comments, [key]: (e.target as HTMLTextAreaElement).value }, commentErrors: { ...state.commentErrors, [key]: '' } })}></textarea>
                <p id="ce-${key}" class="field-error" ?hidden=${!state.commentErrors[key]}>${state.commentErrors[key] ?? ''}</p>
                <button type="button" @click=${() => void act(r, 'return')}>差し戻しを確定</button>
              </details>
            </div>`
          : nothing}
      </article>`;
    };

    return html`
      <h1>審査待ち</h1>
      ${fiscalYearPicker(fy, '#/hq/review')}
      <div role="status">${state.status}</div>
      <p class="summary">${fyLabel(fy)}: 審査待ち ${queue.length}件・差し戻し中 ${returned.length}件</p>
      ${queue.length
        ? html`<p>内容を確認して「承認する」か、理由を書いて「差し戻す」を選びます。報告を開くと変更履歴も見られます。</p>
            <h2>審査待ちの報告（提出の古い順）</h2>
            <div class="queue">${queue.map((r) => card(r, true))}</div>`
        : html`<p>審査待ちの報告はありません。</p>`}
      ${returned.length ? html`<h2>差し戻し中（担当課の再提出待ち）</h2><div class="queue">${returned.map((r) => card(r, false))}</div>` : nothing}`;
  });
}
