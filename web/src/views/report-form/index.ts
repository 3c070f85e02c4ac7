/**
 * One report (an action item's 取組状況 or a KPI's 実績) for one fiscal year, drawn from its model
 * (models/report-form.ts): the form while the API lists `save`, the document otherwise, and the
 * 課内確認 / review / withdrawal buttons the report's `actions` name. Confirmations and focus are the
 * view's; every state and every call is the model's.
 */
import { formatDateTime, formatFiscalYear } from '../../../../functions/domain/calendar/index.ts';
import { serverClock, yearNotBegun } from '../../models/clock.ts';
import { actualPeriodFor, formatBaseline, formatTarget, kpiAcceptsFiscalYear, kpiActualYears } from '../../../../functions/domain/catalogue/kpi-periods.ts';
import { FIELD_LABELS, STATE_LABELS, asItemState, displayField, nextStep } from '../../labels.ts';
import { ReportFormModel } from '../../models/report-form.ts';
import type { Outcome, ReviewAction } from '../../models/report-form.ts';
import { getMe, getPlan, permissions } from '../../state.ts';
import { announce, confirmAction, focusLater, html, mount, nothing, show } from '../../ui.ts';
import type { Screen, Template } from '../../ui.ts';
import { errorBox, okBox, stateBadge } from '../common.ts';
import { conflictPanel } from '../conflict-panel.ts';
import type { FormBinding } from './controls.ts';
import { notApproved, reportDocument } from './document.ts';
import { itemFields } from './item-fields.ts';
import { kpiFields } from './kpi-fields.ts';
import { departmentSelector, partsTable } from './parts.ts';
import { plannedEffectLine, yearTargetLine } from '../../models/report-fields.ts';
import type { Kind } from '../../models/report-fields.ts';
import { reviewBar } from './review-bar.ts';

/** Whether the screen showing has input not yet saved: asked before the tab is closed or reloaded. */
let unsaved: () => boolean = () => false;
window.addEventListener('beforeunload', (event) => {
  if (!unsaved()) return;
  event.preventDefault();
  event.returnValue = '';
});

/**
 * `fy` is the year the route settled on (a plan year); `requestedYear` the one the link asked for, taken when
 * the KPI accepts it (33-K1/K2 also take FY2025, the first year of their R7～11年度 window). `department`: the
 * part of a shared action item asked for (?department=); the caller's own part when absent or not theirs to choose.
 */
export async function reportFormView(kind: Kind, id: string, routedYear: number, requestedYear?: number, department?: string): Promise<void> {
  // The form is drawn again after a step (again(), outside the router's queue): if the person has moved on
  // meanwhile, the late redraw must not paint the form over the screen they went to.
  const requestedAt = location.hash;
  const [plan, me] = await Promise.all([getPlan(), getMe()]);
  const may = permissions(me);
  const measure = plan.measures.find((m) => (kind === 'action' ? m.actionItems.some((i) => i.key === id) : m.kpis.some((k) => k.key === id)));
  const kpi = measure?.kpis.find((k) => k.key === id);
  const item = measure?.actionItems.find((i) => i.key === id);
  const fy = kpi && requestedYear !== undefined && kpiAcceptsFiscalYear(kpi, requestedYear, plan) ? requestedYear : routedYear;
  // `id` is the item's key (routes, API); people read its number, which a revision may change.
  const shownNumber = (kpi ?? item)?.number ?? id;
  unsaved = () => false;
  if (!measure || (!kpi && !item)) return show(html`<h1>見つかりません</h1>${errorBox(`「${id}」は計画にありません`)}`);
  if (item && 'referenceTo' in item) {
    const target = plan.measures.flatMap((m) => m.actionItems).find((i) => i.key === item.referenceTo);
    const targetNumber = target?.number ?? item.referenceTo;
    return show(html`<h1>${shownNumber} ${item.title}</h1>${errorBox(`この取組項目は「${targetNumber}」に記載されています。`)}
      <p><a href="#/report/action/${encodeURIComponent(item.referenceTo)}?fy=${fy}">${targetNumber} の報告へ</a></p>`);
  }
  if (!me.measures.includes(measure.key) && !may.canSeeOverview) {
    // The API answers 404 for another department's report; the page says the same, without the form.
    return show(html`<h1>表示できませんでした</h1>${errorBox(`この報告は見つかりません（${measure.label}は担当外です）`)}`);
  }
  // The council reads approved reports only (a screen-level fact of who reads, not a per-report button).
  const approvedOnly = !may.canReport;
  const title = kind === 'action' ? `${shownNumber} ${item!.title}` : `KPI ${shownNumber} ${kpi!.name}`;
  const notBegun = yearNotBegun(fy, serverClock.now());

  let screen: Screen<object> | undefined;
  const model = await ReportFormModel.load({
    kind,
    id,
    fy,
    kpi,
    readsHistory: may.canSeeHistory,
    readsSeries: may.canReport,
    ownDepartments: me.departments.map((d) => d.code),
    department,
    onChange: () => screen?.set({}),
  });
  /** The screen again for the same item, year and part (after a step, or to load the latest version). */
  const again = () => reportFormView(kind, id, fy, undefined, model.department ?? undefined);
  const state = model.itemState;
  // A year not yet begun is never reported on, whatever the answer lists.
  const editable = model.editable && !notBegun;

  const binding = (): FormBinding => ({
    fields: model.state.fields,
    errors: model.state.errors,
    input: (name, value) => model.edit(name, value),
    check: (name) => model.check(name),
  });

  /** Where focus goes after a write: the first field at fault, the conflict panel, or the page again when the step is taken. */
  async function after(outcome: Outcome, done?: string): Promise<void> {
    if (outcome === 'invalid' || outcome === 'failed') {
      const first = Object.keys(model.state.errors)[0];
      if (first) focusLater(`[name="${first}"]`);
      else if (model.state.commentError) focusLater('#f-comment');
    } else if (outcome === 'conflict') {
      focusLater('#conflict-title');
    } else if (done) {
      announce(done);
      await again();
    } else {
      announce('保存しました');
    }
  }

  async function submit(): Promise<void> {
    const check = model.readyToSubmit();
    if (!check.ready) return after('invalid');
    const asked = await confirmAction(
      '提出しますか？',
      '提出すると審査に回り、編集できなくなります（審査の前なら取り下げられます）。' +
        (check.warnings.length ? `実績値について確認してください：${check.warnings.join('')}` : ''),
      '提出する',
    );
    if (!asked) return;
    const outcome = await model.submit();
    await after(outcome, outcome === 'done' ? `${STATE_LABELS[model.itemState]}になりました` : undefined);
  }

  async function act(action: ReviewAction): Promise<void> {
    if (
      action === 'approve' &&
      !(await confirmAction('承認しますか？', '承認すると、推進懇談会と公表の対象になります（取り消すと差し戻しになります）。', '承認する'))
    )
      return;
    if (action === 'confirm' && !(await confirmAction('推進本部に提出しますか？', '課の報告として推進本部の審査に回ります。', '確認して提出'))) return;
    const outcome = await model.act(action);
    await after(outcome, outcome === 'done' ? `${STATE_LABELS[model.itemState]}になりました` : undefined);
  }

  function lockedReason(): string | null {
    if (editable || approvedOnly) return null;
    if (notBegun) return `${formatFiscalYear(fy)}はまだ始まっていないため、報告できません。`;
    if (state === 'pending_head')
      return model.buttons.confirm
        ? '担当者が提出しました。内容を確認して、推進本部に提出するか差し戻してください。'
        : '所属長の確認待ちです（課内確認の後に推進本部へ提出されます）。';
    if (state === 'submitted') return `提出済みのため編集できません（${nextStep('submitted').text}）。`;
    if (state === 'approved')
      return model.buttons.reopen
        ? '承認済みです。修正が必要なときは「承認を取り消して差し戻す」を使います。'
        : '承認済みのため編集できません。修正が必要なときは推進本部に連絡してください。';
    return null;
  }

  function conflict() {
    const c = model.state.conflict;
    if (!c) return nothing;
    const loadedState = model.state.report?.state ?? 'missing';
    return conflictPanel({
      title: '他の人が先に変更しました',
      who: c.current.updatedBy.name,
      version: c.current.version,
      at: c.current.updatedAt,
      stateChange:
        c.current.state !== loadedState
          ? html`<p>状態：${STATE_LABELS[asItemState(loadedState)]} → <strong>${STATE_LABELS[asItemState(c.current.state)]}</strong></p>`
          : undefined,
      rows: Object.keys(c.theirs).map((name) => ({
        label: FIELD_LABELS[name] ?? name,
        loaded: displayField(name, model.state.saved[name]),
        theirs: displayField(name, c.theirs[name]),
        mine: displayField(name, model.state.fields[name]),
      })),
      reload: {
        label: '最新の内容を読み込む（自分の入力は破棄）',
        run: () => {
          model.discardInput();
          unsaved = () => false;
          void again();
        },
      },
      // Their version may have left the editable states (提出・承認); then only taking theirs is offered.
      overwrite: c.current.state === 'draft' || c.current.state === 'returned' ? { label: '自分の入力で上書きする', run: () => model.overwrite() } : undefined,
    });
  }

  /** 「前年度の報告から始める」 while nothing is written; the 引継ぎ mark while the draft's text is still last year's. */
  function carryLine() {
    const from = model.carriedFrom;
    if (from !== null) {
      return html`<p class="carried"><span class="badge">前年度から引継ぎ</span> ${formatFiscalYear(from)}の報告を写した下書きです。${formatFiscalYear(fy)}の内容に直して保存してください。</p>`;
    }
    if (!editable || !model.canCarryForward(plan.firstFiscalYear)) return nothing;
    return html`<p class="carried"><button type="button" @click=${async () => {
      const outcome = await model.carryForward();
      await after(outcome, outcome === 'done' ? '前年度の報告を写して下書きにしました' : undefined);
    }}>前年度（${formatFiscalYear(fy - 1)}）の報告から始める</button>
      <span class="muted">進捗状況・実績・課題・今後の取組を写します（自己評価と効果額は写しません）。提出はされません。</span></p>`;
  }

  /**
   * 根拠資料: read once the form is drawn, its code loaded then too (not part of the app's first load). The
   * council reads approved reports only, so it sees files of approved reports only (the API answers the same).
   */
  let files: ((approved: boolean) => Template) | undefined;
  const showsFiles = !(approvedOnly && state !== 'approved') && !notBegun;
  async function loadFiles(): Promise<void> {
    const { loadAttachmentsSection } = await import('../attachments.ts');
    files = await loadAttachmentsSection({ kind, fiscalYear: fy, id, department: model.department }, () => screen?.set({}));
    screen?.set({});
  }

  if (location.hash !== requestedAt) return;
  screen = mount({}, draw);
  unsaved = () => editable && screen!.current() && model.dirty;
  if (showsFiles) void loadFiles();

  function draw() {
    const s = model.state;
    const current = s.report;
    const planned = item && 'schedule' in item ? item.schedule.find((p) => p.fiscalYear === fy && p.phase !== 'none')?.activity : undefined;
    const yearTarget = kpi ? yearTargetLine(kpi, actualPeriodFor(kpi, fy).period) : null;
    const home = may.canReview ? `#/hq/overview?fy=${fy}` : approvedOnly ? `#/viewer?fy=${fy}` : `#/department?fy=${fy}`;
    const reason = lockedReason();
    const body =
      approvedOnly && state !== 'approved'
        ? notApproved(kind === 'action' ? '取組状況の報告' : 'KPIの実績')
        : editable
          ? html`<form class="card report-form" novalidate aria-labelledby="form-title" @submit=${(event: Event) => {
              event.preventDefault();
              void model.save().then((o) => after(o));
            }}>
            <h2 id="form-title" class="visually-hidden">${kind === 'action' ? '取組状況の報告' : 'KPI実績の入力'}</h2>
            ${kind === 'action' ? itemFields(binding(), item && 'schedule' in item && item.effect ? plannedEffectLine(item, fy) : undefined) : kpiFields(binding(), kpi!, fy, model.warnings)}
            <div class="actions">
              <button type="submit">下書き保存</button>
              ${model.buttons.submit ? html`<button type="button" class="primary" @click=${() => void submit()}>提出する</button>` : nothing}
              ${
                // Beside the buttons too: the message box is at the top, off screen when the form is long. Hidden
                // from screen readers, which have heard it already (role=status and announce).
                s.notice?.kind === 'ok' && s.notice.text.startsWith('保存しました') && !model.dirty
                  ? html`<span class="saved-note" aria-hidden="true">✓ 保存しました</span>`
                  : nothing
              }
            </div>
          </form>`
          : current || approvedOnly
            ? reportDocument(kind, s.saved, kpi, approvedOnly ? [] : model.warnings)
            : nothing;
    return html`
      <p class="crumbs"><a href=${home}>一覧へ戻る</a> ／ <a href="#/measures/${encodeURIComponent(measure!.key)}?fy=${fy}">${measure!.label} ${measure!.title}</a>${
        kind === 'action' ? html` ／ <a href="#/years/action/${encodeURIComponent(id)}?fy=${fy}">年度ごとの報告</a>` : nothing
      }</p>
      <h1>${title}</h1>
      ${model.sharedLine ? html`<p class="shared-line"><strong>${model.sharedLine}</strong></p>` : nothing}
      ${departmentSelector(model.choices, model.department, (code) => {
        // Another part is another report: the route names it, so a reload opens the same part.
        location.hash = `#/report/action/${encodeURIComponent(id)}?fy=${fy}&department=${encodeURIComponent(code)}`;
      })}
      <p class="state-line">${formatFiscalYear(fy)}　状態：${stateBadge(current?.state ?? 'missing', approvedOnly)}
        ${current && !approvedOnly ? html`<span class="muted">　版${current.version}・最終更新 ${current.updatedBy.name}（${formatDateTime(current.updatedAt)}）</span>` : nothing}</p>
      ${planned ? html`<p class="planned">${formatFiscalYear(fy)}の計画：<strong>${planned}</strong></p>` : nothing}
      ${carryLine()}
      ${
        kpi
          ? html`<p class="planned">基準値 ${formatBaseline(kpi)} → 目標値 ${formatTarget(kpi)}</p>
            ${yearTarget ? html`<p class="planned"><strong>${yearTarget}</strong></p>` : nothing}
            ${kpiActualYears(kpi, plan)
              .filter((year) => year < plan.firstFiscalYear && year !== fy)
              .map(
                (year) =>
                  html`<p class="planned">${formatFiscalYear(year)}の実績も目標の平均に入ります：<a href="#/report/kpi/${encodeURIComponent(id)}?fy=${year}">${formatFiscalYear(year)}の実績</a></p>`,
              )}
            ${
              kpi.basis === 'calendar_year'
                ? html`<p class="planned">この指標は暦年で集計します。<strong>${actualPeriodFor(kpi, fy).label}（1月〜12月）</strong>の値${editable ? 'を入力してください' : 'です'}。</p>`
                : editable
                  ? html`<p class="planned"><strong>${actualPeriodFor(kpi, fy).label}</strong>の実績値を入力してください。</p>`
                  : nothing
            }`
          : nothing
      }
      ${
        current?.comment && !approvedOnly && (current.state === 'returned' || current.state === 'approved')
          ? html`<div class="alert alert-warning" role="note" aria-label=${current.state === 'returned' ? '差し戻しコメント' : '推進本部のコメント'}>
            <strong>${current.state === 'returned' ? `差し戻しコメント${s.returnedBy ? `（${s.returnedBy}）` : ''}：` : '推進本部のコメント：'}</strong>${current.comment}</div>`
          : nothing
      }
      ${reason ? html`<p class="alert">${reason}</p>` : nothing}
      ${s.restored ? html`<p class="alert" role="status">保存していない入力を復元しました。</p>` : nothing}
      <div class="messages">${s.notice ? (s.notice.kind === 'ok' ? okBox(s.notice.text) : errorBox(s.notice.text)) : nothing}</div>
      ${conflict()}
      ${body}
      ${showsFiles ? (files?.(state === 'approved') ?? html`<section class="card attachments"><h2>根拠資料</h2><p class="muted">読み込んでいます…</p></section>`) : nothing}
      ${
        current && !approvedOnly
          ? reviewBar({
              state,
              buttons: model.buttons,
              comment: s.comment,
              commentError: s.commentError,
              onComment: (value) => model.setComment(value),
              act: (action) => void act(action),
            })
          : nothing
      }
      ${
        model.otherParts.length
          ? html`<section class="other-parts" aria-labelledby="other-parts-title">
            <h2 id="other-parts-title">関係各課の報告</h2>
            <p class="muted">${model.rollUpLine}</p>
            ${partsTable('ほかの課の報告（閲覧のみ）', model.otherParts, approvedOnly)}
          </section>`
          : nothing
      }
      ${current && may.canSeeHistory ? html`<p><a href="#/history/${kind}/${encodeURIComponent(id)}?fy=${fy}${model.department ? `&department=${encodeURIComponent(model.department)}` : ''}">変更履歴を見る</a></p>` : nothing}`;
  }
}
