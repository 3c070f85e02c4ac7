import { formatDate, formatDateTime, formatValue } from '../../../functions/domain/calendar/index.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS, FIELD_LABELS } from '../labels.ts';
import { rollUpLine } from '../models/parts.ts';
import { ReviewQueueModel, reportKey, reviewContext, sharedReviewContext } from '../models/review-queue.ts';
import type { QueueItem } from '../models/review-queue.ts';
import { fyLabel, getPlan } from '../state.ts';
import type { Report } from '../state.ts';
import { announce, confirmAction, focusLater, html, mount, nothing } from '../ui.ts';
import type { Screen } from '../ui.ts';
import type { AttachmentsModel } from '../models/attachments.ts';
import { reviewFileModels, reviewFiles } from './attachments.ts';
import { changeView, changesSinceApproval, lastBy } from './changes.ts';
import { errorBox, fiscalYearPicker, okBox, stateBadge } from './common.ts';
import { partsTable } from './report-form/parts.ts';

/**
 * 審査待ち: every report submitted to HQ, oldest first, as cards that reflow on a phone. Each shows all its
 * fields, who submitted (and who confirmed it for the department), and what changed since the version HQ
 * last approved, so most reports can be decided here. 承認する and 差し戻す appear as each report's
 * `actions` list them. A shared action item (関係各課・共管) is one card with its parts side by side, each part
 * approved or returned on its own, and the item's roll-up state.
 */
export async function reviewQueueView(fy: number): Promise<void> {
  const plan = await getPlan();
  const titles = new Map(
    plan.measures.flatMap((m) => [...m.actionItems.map((i) => [`action:${i.key}`, i.title] as const), ...m.kpis.map((k) => [`kpi:${k.key}`, k.name] as const)]),
  );
  const units = new Map(plan.measures.flatMap((m) => m.kpis.map((k) => [k.key, k.unit] as const)));
  // Reports name items by key; people read the plan's display numbers (a revision may renumber).
  const numbers = new Map(plan.measures.flatMap((m) => [...m.actionItems, ...m.kpis].map((item) => [item.key, item.number] as const)));
  const shown = (r: Pick<Report, 'id'>) => numbers.get(r.id) ?? r.id;
  /** The link to a report's page: a part's names its department. */
  const href = (r: Report) => `#/report/${r.kind}/${encodeURIComponent(r.id)}?fy=${fy}${r.department ? `&department=${encodeURIComponent(r.department)}` : ''}`;
  /** A screen reader's name for a button: the item, and the 課 of a part. */
  const buttonName = (r: Report) => `${shown(r)}${r.departmentName ? ` ${r.departmentName}` : ''}`;
  let screen: Screen<object> | undefined;
  const model = new ReviewQueueModel(fy, () => screen?.set({}));
  await model.load();
  /** Each queued report's 根拠資料 (issue 24), by reportKey: read after the queue is drawn, so it never waits on them. */
  let files = new Map<string, AttachmentsModel>();

  /** The report's fields, and its 根拠資料 once read, as one list. */
  const fields = (r: Report) => {
    const body: Record<string, unknown> = r.body;
    const text = (value: unknown) => (value === undefined || value === null || value === '' ? '（空）' : String(value));
    const entries: [string, string][] =
      r.kind === 'kpi'
        ? [
            ['value', formatValue(Number(body.value), units.get(r.id) ?? '')],
            ['asOf', body.asOf ? formatDate(String(body.asOf)) : '—'],
            ['note', text(body.note)],
          ]
        : [
            ['status', ACTION_STATUS_LABELS[body.status as keyof typeof ACTION_STATUS_LABELS] ?? text(body.status)],
            ['rating', `${text(body.rating)}（${ACTION_RATING_LABELS[body.rating as keyof typeof ACTION_RATING_LABELS] ?? ''}）`],
            ['achievements', text(body.achievements)],
            ['challenges', text(body.challenges)],
            ['nextSteps', text(body.nextSteps)],
          ];
    return html`<dl class="document">${entries.map(([name, value]) => html`<dt>${FIELD_LABELS[name]}</dt><dd>${value}</dd>`)}${reviewFiles(files.get(reportKey(r)))}</dl>`;
  };

  /** The plan's side of a report: what was planned this year and how the status compares (with the year before's approved status where the schedule alternates or plans nothing), or a KPI's baseline, target and warnings. */
  const context = (r: Report) => {
    const found = reviewContext(plan, r, model.state.warnings.get(reportKey(r)), model.state.yearsBefore.get(reportKey(r)));
    if (!found) return nothing;
    return found.kind === 'action'
      ? html`<p class="review-context">${fyLabel(fy)}の予定：${found.activity}　<span class="badge badge-flag-${found.flag}">計画との比較：${found.flagLabel}</span>${found.yearBefore ? html`<br />${found.yearBefore}` : nothing}</p>`
      : html`<p class="review-context">基準値 ${found.baseline}　→　目標値 ${found.target}</p>
          ${found.warnings.map((w) => html`<p class="field-warning shown" role="note">${w}</p>`)}`;
  };

  /** 一括承認: one confirmation for every ticked report, then what happened to each. */
  const approveSelected = async () => {
    const chosen = model.selectedReports;
    if (!chosen.length) return;
    const names = chosen.map((r) => `${shown(r)}${r.departmentName ? `（${r.departmentName}）` : ''}`).join('、');
    if (
      !(await confirmAction(`${chosen.length}件を承認しますか？`, `${names}。承認すると、推進懇談会と公表の対象になります。`, `${chosen.length}件を承認する`))
    )
      return;
    await model.approveSelected();
    announce(model.state.notice?.text ?? '');
  };

  const act = async (r: Report, action: 'approve' | 'return') => {
    if (
      action === 'approve' &&
      !(await confirmAction(
        `${shown(r)}${r.departmentName ? `（${r.departmentName}）` : ''}を承認しますか？`,
        '承認すると、推進懇談会と公表の対象になります（取り消すと差し戻しになります）。',
        '承認する',
      ))
    )
      return;
    const outcome = await model.act(r, action);
    if (outcome === 'invalid') focusLater(`#c-${reportKey(r)}`);
    else if (outcome === 'done') announce(model.state.notice?.text ?? '');
    else focusLater('[role="alert"]');
  };

  const draw = () => {
    const { state } = model;
    const { queue, returned } = state;
    /** 承認する and 差し戻す of one report (a part, for a shared item), as its `actions` list them. */
    const controls = (r: Report) => {
      const key = reportKey(r);
      const buttons = model.buttons(r);
      if (!buttons.approve && !buttons.return) return nothing;
      return html`<div class="review-controls">
        ${
          buttons.approve
            ? html`<label class="bulk-pick"><input type="checkbox" .checked=${state.selected.has(key)}
                @change=${(e: Event) => model.select(r, (e.target as HTMLInputElement).checked)} />まとめて承認に含める<span class="visually-hidden">（${buttonName(r)}）</span></label>`
            : nothing
        }
        ${buttons.approve ? html`<button type="button" class="primary" @click=${() => void act(r, 'approve')}>承認する<span class="visually-hidden">（${buttonName(r)}）</span></button>` : nothing}
        ${
          buttons.return
            ? html`<details>
          <summary>差し戻す<span class="visually-hidden">（${buttonName(r)}）</span></summary>
          <label for="c-${key}">差し戻しの理由（必須）</label>
          <textarea id="c-${key}" rows="3" aria-describedby="ce-${key}" aria-invalid=${state.commentErrors[key] ? 'true' : 'false'}
            @input=${(e: Event) => model.setComment(r, (e.target as HTMLTextAreaElement).value)}></textarea>
          <p id="ce-${key}" class="field-error" ?hidden=${!state.commentErrors[key]}>${state.commentErrors[key] ?? ''}</p>
          <button type="button" @click=${() => void act(r, 'return')}>差し戻しを確定</button>
        </details>`
            : nothing
        }
      </div>`;
    };
    /** Who submitted (and confirmed) a queued report, from its revisions. */
    const whoLine = (r: Report) => {
      const revisions = state.histories.get(reportKey(r)) ?? [];
      const submitted = lastBy(revisions, 'submit');
      const confirmed = lastBy(revisions, 'confirm');
      return html`${submitted ? html`提出：${submitted.by.name}（${formatDateTime(submitted.at)}）` : html`最終更新：${r.updatedBy.name}（${formatDateTime(r.updatedAt)}）`}
        ${confirmed ? html`<br />課内確認：${confirmed.by.name}（${formatDateTime(confirmed.at)}）` : nothing}`;
    };
    /** What changed since the version HQ last approved. */
    const sinceApproval = (r: Report) => {
      const since = changesSinceApproval(state.histories.get(reportKey(r)) ?? []);
      return since === null
        ? html`<p class="muted">初めての提出です（承認された版はまだありません）。</p>`
        : since.length
          ? html`<dl class="changes">${since.map((c) => changeView(c, units.get(r.id)))}</dl>`
          : html`<p class="muted">承認された版から変更はありません。</p>`;
    };
    const card = (r: Report, review: boolean) => {
      const key = reportKey(r);
      return html`<article class="card queue-item" aria-labelledby="t-${key}">
        <h3 id="t-${key}"><a href=${href(r)}>${r.kind === 'kpi' ? 'KPI ' : ''}${shown(r)} ${titles.get(`${r.kind}:${r.id}`) ?? ''}</a></h3>
        <p class="muted">施策${r.measure}${r.departmentName ? `　${r.departmentName}の報告` : ''}　${stateBadge(r.state)}　版${r.version}</p>
        <p class="who-line">${whoLine(r)}</p>
        ${review ? context(r) : nothing}
        ${fields(r)}
        ${
          review
            ? html`<div class="since"><h4>前回の承認からの変更</h4>${sinceApproval(r)}</div>`
            : r.comment
              ? html`<p class="muted">コメント：${r.comment}</p>`
              : nothing
        }
        ${review ? controls(r) : nothing}
      </article>`;
    };
    /**
     * A shared item waiting for HQ: the year's plan, then every part side by side (課, 状態, 進捗状況 with
     * its 計画との比較, 自己評価, 実績, 課題, 今後の取組), the queued ones with their own 承認 / 差し戻し, then
     * who submitted each and what changed since its last approval. The title opens the first queued part.
     */
    const sharedCard = (item: QueueItem & { parts: NonNullable<QueueItem['parts']> }) => {
      const key = `shared-${item.id}`;
      const queued = (department: string) => item.reports.find((r) => r.department === department);
      const weighed = sharedReviewContext(plan, item, state.yearsBefore);
      const compared = (department: string) => {
        const found = weighed?.parts.get(department);
        return found
          ? html`<br /><span class="badge badge-flag-${found.flag}">計画との比較：${found.flagLabel}</span>${found.yearBefore ? html`<br /><span class="muted">${found.yearBefore}</span>` : nothing}`
          : nothing;
      };
      return html`<article class="card queue-item shared-item" aria-labelledby="t-${key}">
        <h3 id="t-${key}"><a href=${href(item.reports[0]!)}>${shown(item)} ${titles.get(`action:${item.id}`) ?? ''}</a></h3>
        <p class="muted">関係各課の取組項目（${item.parts.parts.length}課）　${rollUpLine(item.parts)}</p>
        ${weighed ? html`<p class="review-context">${fyLabel(fy)}の予定：${weighed.activity}</p>` : nothing}
        ${partsTable(
          '課ごとの報告',
          item.parts.parts,
          false,
          {
            heading: '審査',
            cell: (part) => {
              const r = queued(part.department);
              return r ? controls(r) : html`<span class="muted">審査待ちではありません</span>`;
            },
          },
          { note: (part) => compared(part.department) },
        )}
        ${item.reports.map(
          (r) => html`<details class="since">
            <summary>${r.departmentName ?? r.department}：提出と前回の承認からの変更</summary>
            <p class="who-line">${whoLine(r)}　<a href=${href(r)}>報告を開く</a></p>
            <dl class="document">${reviewFiles(files.get(reportKey(r)))}</dl>
            ${sinceApproval(r)}
          </details>`,
        )}
      </article>`;
    };
    const itemCard = (item: QueueItem) => (item.parts?.shared ? sharedCard({ ...item, parts: item.parts }) : item.reports.map((r) => card(r, true)));

    return html`
      <h1>審査待ち</h1>
      ${fiscalYearPicker(fy, '#/hq/review')}
      <div role="status">${state.notice ? (state.notice.kind === 'ok' ? okBox(state.notice.text) : errorBox(state.notice.text)) : nothing}</div>
      ${
        state.bulk.length
          ? html`<ul class="bulk-outcomes" aria-label="まとめて承認した結果">${state.bulk.map((o) => html`<li class=${`bulk-${o.result}`}>${o.result === 'approved' ? '✓' : '✗'} ${o.text}</li>`)}</ul>`
          : nothing
      }
      <p class="summary">${fyLabel(fy)}：審査待ち ${queue.length}件・差し戻し中 ${returned.length}件</p>
      ${
        queue.length
          ? html`<p>内容を確認して「承認する」か、理由を書いて「差し戻す」を選びます。報告を開くと変更履歴も見られます。</p>
            <h2>審査待ちの報告（提出の古い順）</h2>
            <div class="bulk-bar">
              <button type="button" class="primary" ?disabled=${!state.selected.size} @click=${() => void approveSelected()}>選んだ${state.selected.size}件をまとめて承認する</button>
              <span class="muted">各報告の「まとめて承認に含める」で選びます。確認は一度だけです。</span>
            </div>
            <div class="queue">${model.items.map(itemCard)}</div>`
          : html`<p>審査待ちの報告はありません。</p>`
      }
      ${returned.length ? html`<h2>差し戻し中（担当課の再提出待ち）</h2><div class="queue">${returned.map((r) => card(r, false))}</div>` : nothing}`;
  };
  screen = mount({}, draw);
  files = await reviewFileModels(
    model.state.queue.map((r) => ({ key: reportKey(r), kind: r.kind, fiscalYear: fy, id: r.id, department: r.department ?? null })),
  );
  screen.set({});
}
