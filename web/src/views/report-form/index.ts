/**
 * One report (an action item's 取組状況 or a KPI's 実績) for one fiscal year: the form while it can be
 * edited, the document once it cannot, and the 課内確認 / review / withdrawal actions that apply to it.
 * This file holds the screen's state and its calls; the parts it draws are in the files beside it.
 */
import { kpiActualWarnings } from '../../../../functions/domain/attainment/plausibility.ts';
import { currentFiscalYear, formatDateTime, formatFiscalYear, parseJapaneseNumber } from '../../../../functions/domain/calendar/index.ts';
import { actualPeriodFor, formatBaseline, formatTarget, kpiAcceptsFiscalYear, kpiActualYears } from '../../../../functions/domain/catalogue/kpi-periods.ts';
import { returnBodySchema } from '../../../../functions/domain/progress-reports/schema.ts';
import { ApiError, call } from '../../api.ts';
import { STATE_LABELS, asItemState, nextStep } from '../../labels.ts';
import type { ItemState } from '../../labels.ts';
import { FISCAL_YEARS, getMe, getPlan, permissions } from '../../state.ts';
import type { Report } from '../../state.ts';
import { announce, confirmAction, focusLater, html, mount, nothing, show } from '../../ui.ts';
import type { Screen, Template } from '../../ui.ts';
import { errorBox, okBox, stateBadge } from '../common.ts';
import { conflictPanel } from './conflict-panel.ts';
import type { Conflict } from './conflict-panel.ts';
import type { FormBinding } from './controls.ts';
import { notApproved, reportDocument } from './document.ts';
import { itemFields } from './item-fields.ts';
import { japanToday } from '../../../../functions/domain/progress-reports/as-of.ts';
import { kpiFields } from './kpi-fields.ts';
import { draftKey, fieldsFromReport, reportPath, serverErrors, validate } from './model.ts';
import type { Errors, Fields, Kind, Purpose } from './model.ts';
import { reviewBar } from './review-bar.ts';
import type { ReviewAction } from './review-bar.ts';

interface FormState {
  report: Report | null;
  etag: string | null;
  /** The fields as last loaded or saved, to tell unsaved input apart. */
  saved: Fields;
  fields: Fields;
  errors: Errors;
  /** Which rules the messages showing came from: 'submit' after 提出 was refused for a missing field, else 'draft'. */
  checking: Purpose;
  message: Template;
  /** Unsaved input was brought back from an earlier visit. */
  restored: boolean;
  conflict: Conflict | null;
  comment: string;
  commentError?: string;
}

const EDITABLE: readonly ItemState[] = ['missing', 'draft', 'returned'];
const INVALID_FORM = '入力内容に誤りがあります。各項目のメッセージを確認してください。';
const SUBMIT_INCOMPLETE = '提出するには、各項目のメッセージを確認して入力してください（下書き保存は入力の途中でもできます）。';

/** Whether the screen showing has input not yet saved: asked before the tab is closed or reloaded. */
let unsaved: () => boolean = () => false;
window.addEventListener('beforeunload', (event) => {
  if (!unsaved()) return;
  event.preventDefault();
  event.returnValue = '';
});

/**
 * `fy` is the year the route settled on (a plan year); `requestedYear` the one the link asked for, taken when
 * the KPI accepts it (33-K1/K2 also take FY2025, the first year of their R7～11年度 window).
 */
export async function reportFormView(kind: Kind, id: string, routedYear: number, requestedYear?: number): Promise<void> {
  const [plan, me] = await Promise.all([getPlan(), getMe()]);
  const may = permissions(me);
  const measure = plan.measures.find((m) => (kind === 'action' ? m.actionItems.some((i) => i.id === id) : m.kpis.some((k) => k.id === id)));
  const kpi = measure?.kpis.find((k) => k.id === id);
  const item = measure?.actionItems.find((i) => i.id === id);
  const fy = kpi && requestedYear !== undefined && kpiAcceptsFiscalYear(kpi, requestedYear) ? requestedYear : routedYear;
  unsaved = () => false;
  if (!measure || (!kpi && !item)) return show(html`<h1>見つかりません</h1>${errorBox(`「${id}」は計画にありません`)}`);
  if (item && 'referenceTo' in item) {
    return show(html`<h1>${id} ${item.title}</h1>${errorBox(`この取組項目は「${item.referenceTo}」に記載されています。`)}
      <p><a href="#/report/action/${item.referenceTo}?fy=${fy}">${item.referenceTo} の報告へ</a></p>`);
  }
  const reportsOnMeasure = me.measures.includes(measure.number);
  const seesAll = may.canReview || may.canSeeOverview;
  if (!reportsOnMeasure && !seesAll) {
    // The API answers 404 for another department's report; the page says the same, without the form.
    return show(html`<h1>表示できませんでした</h1>${errorBox(`この報告は見つかりません（施策${measure.number}は担当外です）`)}`);
  }
  const approvedOnly = !may.canReport && !may.canReview;
  const title = kind === 'action' ? `${id} ${item!.title}` : `KPI ${id} ${kpi!.name}`;
  const path = reportPath(kind, id, fy);
  const key = draftKey(kind, id, fy);
  const commentKey = `${key}.comment`;
  const notBegun = fy > currentFiscalYear();

  let report: Report | null = null;
  let etag: string | null = null;
  try {
    ({ data: report, etag } = await call('reportSchema', path));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  const state = asItemState(report?.state);
  const editable = may.canReport && (reportsOnMeasure || may.canReview) && EDITABLE.includes(state) && !notBegun;
  const [earlier, returnedBy] = await Promise.all([earlierActuals(), returner()]);

  /** The KPI's actuals of other years, for the questions a value raises as it is typed (the API asks the same on save). */
  async function earlierActuals(): Promise<{ period: number; value: number }[]> {
    if (!kpi || !may.canReport) return [];
    const { data: series } = await call('kpiSeriesSchema', `/kpis/${id}/actuals`);
    return series.actuals.flatMap((actual) =>
      actual.kind === 'kpi' && actual.fiscalYear !== fy && actual.body.value !== undefined ? [{ period: actual.fiscalYear, value: actual.body.value }] : []);
  }

  /** Who returned it (所属長 or 推進本部): the last return in the history, not whoever saved it since. */
  async function returner(): Promise<string | undefined> {
    if (state !== 'returned' || !report?.comment || !may.canSeeHistory) return undefined;
    const { data } = await call('revisionListSchema', `${path}/revisions`);
    return data.revisions.filter((r) => r.action === 'return' || r.action === 'reopen').at(-1)?.by.name;
  }
  const saved = fieldsFromReport(kind, report);
  const kept = editable ? sessionStorage.getItem(key) : null;
  const fields: Fields = kept ? { ...saved, ...(JSON.parse(kept) as Fields) } : { ...saved };
  const isDirty = (s: FormState) => JSON.stringify(s.fields) !== JSON.stringify(s.saved);

  /**
   * Questions the KPI value raises: the API's answer for the value as saved, the same rule (plausibility.ts)
   * on the value being typed. Warnings only: saving and submitting stay open.
   */
  function warningsOf(s: FormState): string[] {
    if (!kpi) return [];
    if (s.fields.value === s.saved.value && s.report?.kind === 'kpi' && s.report.warnings) return s.report.warnings;
    const value = parseJapaneseNumber(s.fields.value ?? '', kpi.unit);
    return value === null ? [] : kpiActualWarnings(kpi, fy, value, earlier);
  }

  const screen: Screen<FormState> = mount<FormState>(
    { report, etag, saved, fields, errors: {}, checking: 'draft', message: nothing, restored: Boolean(kept && JSON.stringify(fields) !== JSON.stringify(saved)), conflict: null, comment: sessionStorage.getItem(commentKey) ?? '' },
    draw,
  );
  unsaved = () => editable && screen.current() && isDirty(screen.state);

  function binding(s: FormState): FormBinding {
    return {
      fields: s.fields,
      errors: s.errors,
      input(name, value) {
        const next = { ...s.fields, [name]: value };
        if (JSON.stringify(next) === JSON.stringify(s.saved)) sessionStorage.removeItem(key);
        else sessionStorage.setItem(key, JSON.stringify(next));
        // A message that is showing is checked again as the user types, so it goes as soon as it is fixed.
        screen.set({ fields: next, errors: s.errors[name] ? only(name, next, s) : s.errors });
      },
      check(name) {
        screen.set({ errors: only(name, s.fields, s) });
      },
    };
  }

  /** The 時点 rule the API applies, with today taken from this browser's clock when the form checks. */
  const asOfRule = () => (kpi ? { period: fy, basis: kpi.basis, today: japanToday(new Date()) } : undefined);

  /**
   * The errors with one field's message brought up to date. While drafting, a field left empty is no
   * mistake; once 提出 has asked for the required fields, an empty one is shown again.
   */
  function only(name: string, current: Fields, s: FormState): Errors {
    const { [name]: _old, ...rest } = s.errors;
    const message = validate(kind, current, kpi?.unit, s.checking, asOfRule()).errors[name];
    return message ? { ...rest, [name]: message } : rest;
  }

  /** Shows the messages and moves focus to the first field at fault. */
  function refuse(errors: Errors, summary: string, checking: Purpose = 'draft'): void {
    screen.set({ errors, checking, message: errorBox(summary) });
    const first = Object.keys(errors)[0];
    if (first) focusLater(`[name="${first}"]`);
  }

  async function failed(error: unknown): Promise<void> {
    // 428: the report did not exist when this page loaded, and someone has created it since.
    if (error instanceof ApiError && (error.status === 412 || error.status === 428)) {
      const latest = await call('reportSchema', path);
      screen.set({ conflict: { latest: latest.data, etag: latest.etag, theirs: fieldsFromReport(kind, latest.data) }, message: nothing });
      focusLater('#conflict-title');
    } else if (error instanceof ApiError && error.status !== 401) {
      const errors = serverErrors(error.problem.errors);
      const onForm = Object.keys(errors).some((name) => name in screen.state.fields);
      refuse(onForm ? errors : {}, onForm ? INVALID_FORM : error.problem.detail);
    } else if (!(error instanceof ApiError)) {
      throw error;
    }
  }

  async function save(): Promise<boolean> {
    const s = screen.state;
    const { body, errors } = validate(kind, s.fields, kpi?.unit, 'draft', asOfRule());
    if (!body) {
      refuse(errors, INVALID_FORM);
      return false;
    }
    try {
      const result = await call('reportSchema', path, { method: 'PUT', body, ifMatch: s.etag });
      sessionStorage.removeItem(key);
      const stored = fieldsFromReport(kind, result.data);
      screen.set({ report: result.data, etag: result.etag, saved: stored, fields: { ...stored }, errors: {}, checking: 'draft', restored: false, conflict: null,
        message: okBox(`保存しました（${STATE_LABELS[asItemState(result.data.state)]}、版${result.data.version}）`) });
      announce('保存しました');
      return true;
    } catch (error) {
      await failed(error);
      return false;
    }
  }

  async function transition(action: 'submit' | ReviewAction, comment?: string): Promise<void> {
    try {
      const result = await call('reportSchema', `${path}/${action}`, { method: 'POST', ifMatch: screen.state.etag, body: comment === undefined ? undefined : { comment } });
      sessionStorage.removeItem(commentKey);
      announce(`${STATE_LABELS[asItemState(result.data.state)]}になりました`);
      await reportFormView(kind, id, fy);
    } catch (error) {
      await failed(error);
    }
  }

  async function submit(): Promise<void> {
    const { errors } = validate(kind, screen.state.fields, kpi?.unit, 'submit', asOfRule());
    if (Object.keys(errors).length) return refuse(errors, SUBMIT_INCOMPLETE, 'submit');
    const warnings = warningsOf(screen.state);
    const asked = await confirmAction('提出しますか？', (may.canConfirm || may.canReview
      ? '提出すると推進本部の審査に回り、編集できなくなります（審査の前なら取り下げられます）。'
      : '提出すると所属長の確認を経て推進本部の審査に回り、編集できなくなります（審査の前なら取り下げられます）。')
      + (warnings.length ? `実績値について確認してください: ${warnings.join('')}` : ''), '提出する');
    if (!asked) return;
    if (screen.state.report && !isDirty(screen.state)) return transition('submit');
    if (await save()) await transition('submit');
  }

  async function act(action: ReviewAction): Promise<void> {
    const comment = screen.state.comment;
    if (action === 'return') {
      const parsed = returnBodySchema.safeParse({ comment });
      if (!parsed.success) {
        screen.set({ commentError: parsed.error.issues[0]!.message });
        return focusLater('#f-comment');
      }
      return transition('return', parsed.data.comment);
    }
    if (action === 'approve' && !(await confirmAction('承認しますか？', '承認すると、推進懇談会と公表の対象になります（取り消すと差し戻しになります）。', '承認する'))) return;
    if (action === 'confirm' && !(await confirmAction('推進本部に提出しますか？', '課の報告として推進本部の審査に回ります。', '確認して提出'))) return;
    return transition(action, action === 'withdraw' ? undefined : comment);
  }

  function lockedReason(): string | null {
    if (editable || approvedOnly) return null;
    if (notBegun) return `${formatFiscalYear(fy)}はまだ始まっていないため、報告できません。`;
    if (!may.canReport) return null;
    if (state === 'pending_head') return may.canConfirm ? '担当者が提出しました。内容を確認して、推進本部に提出するか差し戻してください。' : '所属長の確認待ちです（課内確認の後に推進本部へ提出されます）。';
    if (state === 'submitted') return `提出済みのため編集できません（${nextStep('submitted').text}）。`;
    if (state === 'approved') return may.canReview ? '承認済みです。修正が必要なときは「承認を取り消して差し戻す」を使います。' : '承認済みのため編集できません。修正が必要なときは推進本部に連絡してください。';
    return null;
  }

  function draw(screen: Screen<FormState>) {
    const s = screen.state;
    const current = s.report;
    const planned = item && 'schedule' in item ? item.schedule.find((p) => p.fiscalYear === fy)?.activity : undefined;
    const home = may.canReview ? `#/hq/overview?fy=${fy}` : approvedOnly ? `#/viewer?fy=${fy}` : `#/department?fy=${fy}`;
    const reason = lockedReason();
    const body = approvedOnly && state !== 'approved'
      ? notApproved(kind === 'action' ? '取組状況の報告' : 'KPIの実績')
      : editable
        ? html`<form class="card report-form" novalidate aria-labelledby="form-title" @submit=${(event: Event) => { event.preventDefault(); void save(); }}>
            <h2 id="form-title" class="visually-hidden">${kind === 'action' ? '取組状況の報告' : 'KPI実績の入力'}</h2>
            ${kind === 'action' ? itemFields(binding(s)) : kpiFields(binding(s), kpi!, fy, warningsOf(s))}
            <div class="actions">
              <button type="submit">下書き保存</button>
              <button type="button" class="primary" @click=${() => void submit()}>提出する</button>
            </div>
          </form>`
        : current || !may.canReport ? reportDocument(kind, s.saved, kpi, approvedOnly ? [] : warningsOf(s)) : nothing;
    return html`
      <p class="crumbs"><a href=${home}>一覧へ戻る</a> ／ <a href="#/measures/${measure!.number}?fy=${fy}">施策${measure!.number} ${measure!.title}</a></p>
      <h1>${title}</h1>
      <p class="state-line">${formatFiscalYear(fy)}　状態: ${stateBadge(current?.state ?? 'missing', approvedOnly)}
        ${current && !approvedOnly ? html`<span class="muted">　版${current.version}・最終更新 ${current.updatedBy.name}（${formatDateTime(current.updatedAt)}）</span>` : nothing}</p>
      ${planned ? html`<p class="planned">${formatFiscalYear(fy)}の計画: <strong>${planned}</strong></p>` : nothing}
      ${kpi
        ? html`<p class="planned">現在値 ${formatBaseline(kpi)} → 目標 ${formatTarget(kpi)}</p>
            ${kpiActualYears(kpi).filter((year) => year < FISCAL_YEARS[0]! && year !== fy).map((year) =>
              html`<p class="planned">${formatFiscalYear(year)}の実績も目標の平均に入ります: <a href="#/report/kpi/${id}?fy=${year}">${formatFiscalYear(year)}の実績</a></p>`)}
            ${kpi.basis === 'calendar_year'
              ? html`<p class="planned">この指標は暦年で集計します。<strong>${actualPeriodFor(kpi, fy).label}（1月〜12月）</strong>の値${editable ? 'を入力してください' : 'です'}。</p>`
              : editable ? html`<p class="planned"><strong>${actualPeriodFor(kpi, fy).label}</strong>の実績値を入力してください。</p>` : nothing}`
        : nothing}
      ${current?.comment && !approvedOnly && (current.state === 'returned' || current.state === 'approved')
        ? html`<div class="alert alert-warning" role="note" aria-label=${current.state === 'returned' ? '差し戻しコメント' : '推進本部のコメント'}>
            <strong>${current.state === 'returned' ? `差し戻しコメント${returnedBy ? `（${returnedBy}）` : ''}: ` : '推進本部のコメント: '}</strong>${current.comment}</div>`
        : nothing}
      ${reason ? html`<p class="alert">${reason}</p>` : nothing}
      ${s.restored ? html`<p class="alert" role="status">保存していない入力を復元しました。</p>` : nothing}
      <div class="messages">${s.message}</div>
      ${s.conflict
        ? conflictPanel(s.conflict, s.saved, s.fields, current?.state ?? 'missing', {
            reload: () => { sessionStorage.removeItem(key); unsaved = () => false; void reportFormView(kind, id, fy); },
            overwrite: () => {
              const latest = s.conflict!;
              screen.set({ etag: latest.etag, report: latest.latest, saved: latest.theirs, conflict: null,
                message: html`<p class="alert" role="status">最新の版に対して、あなたの入力で上書きできます。もう一度「下書き保存」を押してください。</p>` });
            },
          })
        : nothing}
      ${body}
      ${current && !approvedOnly
        ? reviewBar({
            state,
            permissions: may,
            reportsOnMeasure,
            comment: s.comment,
            commentError: s.commentError,
            onComment: (value) => {
              if (value) sessionStorage.setItem(commentKey, value);
              else sessionStorage.removeItem(commentKey);
              screen.set({ comment: value, commentError: undefined });
            },
            act: (action) => void act(action),
          })
        : nothing}
      ${current && may.canSeeHistory ? html`<p><a href="#/history/${kind}/${id}?fy=${fy}">変更履歴を見る</a></p>` : nothing}`;
  }
}
