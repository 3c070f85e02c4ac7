import { formatDate, formatDateTime } from '../../../functions/domain/calendar/index.ts';
import type { Opinion, OpinionRevision } from '../../../functions/contract/index.ts';
import { diffText } from '../diff.ts';
import { OpinionsModel } from '../models/opinions.ts';
import type { Draft, DraftErrors, Editing, Outcome } from '../models/opinions.ts';
import { OPINION_FIELD_LABELS, OPINION_HISTORY_LABELS, OPINION_STATE_LABELS } from '../labels.ts';
import { fyLabel, getMe, getPlan, permissions } from '../state.ts';
import type { Plan } from '../state.ts';
import { announce, badge, confirmAction, focusLater, html, live, mount, nothing } from '../ui.ts';
import { conflictPanel } from './conflict-panel.ts';
import type { Screen, Template } from '../ui.ts';
import { errorBox, fiscalYearPicker, okBox } from './common.ts';

/** 「施策16 …」 for an opinion's measure (its key), 年度全体 for none; a key the plan no longer has is shown as is. */
function measureTitle(plan: Plan, measure: string | null): string {
  if (measure === null) return '年度全体';
  const found = plan.measures.find((m) => m.key === measure);
  return found ? `${found.label} ${found.title}` : measure;
}

/** The opinion form, for a new opinion (`new`) and for correcting one (`edit`): the same fields, ids by prefix. */
function opinionForm(plan: Plan, prefix: 'new' | 'edit', draft: Draft, errors: DraftErrors, change: (patch: Partial<Draft>) => void): Template {
  const id = (field: keyof Draft) => `${prefix}-${field}`;
  const describedBy = (field: keyof Draft, hint = false) => `${id(field)}-error${hint ? ` ${id(field)}-hint` : ''}`;
  const error = (field: keyof Draft) => html`<p id="${id(field)}-error" class="field-error" ?hidden=${!errors[field]}>${errors[field] ?? ''}</p>`;
  const value = (event: Event) => (event.target as HTMLInputElement).value;
  return html`
    <div class="field">
      <label for=${id('measure')}>${OPINION_FIELD_LABELS.measure}</label>
      <select id=${id('measure')} aria-describedby=${describedBy('measure')} aria-invalid=${errors.measure ? 'true' : 'false'}
        @change=${(e: Event) => change({ measure: value(e) })}>
        <option value="" ?selected=${draft.measure === ''}>年度全体</option>
        ${plan.measures.map((m) => html`<option value=${m.key} ?selected=${draft.measure === m.key}>${m.label} ${m.title}</option>`)}
      </select>
      ${error('measure')}
    </div>
    <div class="field">
      <label for=${id('speaker')}>${OPINION_FIELD_LABELS.speaker}<span class="required">（必須）</span></label>
      <p id="${id('speaker')}-hint" class="hint">委員名、または会議としての意見は「推進懇談会」</p>
      <input id=${id('speaker')} type="text" autocomplete="off" aria-required="true" aria-describedby=${describedBy('speaker', true)}
        aria-invalid=${errors.speaker ? 'true' : 'false'} .value=${live(draft.speaker)} @input=${(e: Event) => change({ speaker: value(e) })} />
      ${error('speaker')}
    </div>
    <div class="field">
      <label for=${id('date')}>${OPINION_FIELD_LABELS.date}<span class="required">（必須）</span></label>
      <p id="${id('date')}-hint" class="hint">会議の日、または提出する日</p>
      <input id=${id('date')} type="date" aria-required="true" aria-describedby=${describedBy('date', true)}
        aria-invalid=${errors.date ? 'true' : 'false'} .value=${live(draft.date)} @input=${(e: Event) => change({ date: value(e) })} />
      ${error('date')}
    </div>
    <div class="field">
      <label for=${id('text')}>${OPINION_FIELD_LABELS.text}<span class="required">（必須）</span></label>
      <p id="${id('text')}-hint" class="hint">4,000文字以内</p>
      <textarea id=${id('text')} rows="5" aria-required="true" aria-describedby=${describedBy('text', true)}
        aria-invalid=${errors.text ? 'true' : 'false'} .value=${live(draft.text)} @input=${(e: Event) => change({ text: value(e) })}></textarea>
      ${error('text')}
    </div>`;
}

/** One revision's changes: the text as an inline diff, the other fields as before → after. */
function revisionChanges(plan: Plan, revision: OpinionRevision): Template {
  const shown = (field: string, value: unknown) =>
    field === 'measure'
      ? measureTitle(plan, value as string | null)
      : field === 'date' && typeof value === 'string'
        ? formatDate(value)
        : field === 'state'
          ? (OPINION_STATE_LABELS[value as keyof typeof OPINION_STATE_LABELS] ?? String(value))
          : value === null || value === undefined || value === ''
            ? '（空）'
            : String(value);
  if (!revision.changes.length) return nothing;
  // The first version has nothing before it: its fields as written.
  const first = revision.action === 'record' || revision.action === 'submit';
  return html`<dl class="changes">${revision.changes.map(
    (c) => html`<div class="change"><dt>${OPINION_FIELD_LABELS[c.field] ?? c.field}</dt>
    ${
      first
        ? html`<dd>${shown(c.field, c.after)}</dd>`
        : c.field === 'text' && typeof c.before === 'string' && c.before !== '' && typeof c.after === 'string'
          ? html`<dd class="diff">${diffText(c.before, c.after).map((part) => (part.kind === 'same' ? part.text : part.kind === 'removed' ? html`<del>${part.text}</del>` : html`<ins>${part.text}</ins>`))}</dd>`
          : html`<dd><span class="before">${shown(c.field, c.before)}</span> → <strong>${shown(c.field, c.after)}</strong></dd>`
    }</div>`,
  )}</dl>`;
}

/**
 * 推進懇談会の意見 (#/opinions?fy=<年度>), for HQ and the council, drawn from models/opinions.ts. HQ records
 * what the meeting said, per measure or for the year (approved at once), approves a member's submission,
 * and corrects any opinion; a council member submits their own and corrects it until HQ approves it. Each
 * opinion's 直す and 承認する appear exactly when its `actions` list `save` and `approve`.
 */
export async function opinionsView(fy: number): Promise<void> {
  const [plan, me] = await Promise.all([getPlan(), getMe()]);
  // Screen-level wording only: 推進本部 records for the meeting, a council member submits their own.
  const hq = permissions(me).canReview;
  let screen: Screen<object> | undefined;
  const model = await OpinionsModel.load({ fy, records: hq, speaker: me.name, onChange: () => screen?.set({}) });
  const label = (o: Opinion) => html`<span class="visually-hidden">（${o.speaker}、${formatDate(o.date)}）</span>`;
  const focusFailure = (outcome: Outcome) => {
    if (outcome === 'failed') focusLater('[role="alert"]');
  };

  const record = async (event: Event) => {
    event.preventDefault();
    if (!hq && !(await confirmAction('意見を提出しますか？', '推進本部が承認すると、進捗状況報告書に載ります。承認されるまでは自分で直せます。', '提出する')))
      return;
    const outcome = await model.record();
    if (outcome === 'invalid') focusLater(`#new-${Object.keys(model.state.errors)[0] ?? 'text'}`);
    else if (outcome === 'done') announce(hq ? '意見を記録しました' : '意見を提出しました');
    else focusFailure(outcome);
  };

  const saveEdit = async (event: Event) => {
    event.preventDefault();
    const outcome = await model.saveEdit();
    if (outcome === 'invalid') focusLater(`#edit-${Object.keys(model.state.editing?.errors ?? {})[0] ?? 'text'}`);
    else if (outcome === 'conflict') focusLater('.conflict');
    else focusFailure(outcome);
  };

  const approve = async (opinion: Opinion) => {
    const asked = await confirmAction(
      'この意見を承認しますか？',
      `${opinion.speaker}の意見が進捗状況報告書に載り、次の公表で公開されます。委員からは直せなくなります。`,
      '承認する',
    );
    if (asked) focusFailure(await model.approve(opinion));
  };

  const conflict = (editing: Editing) => {
    const c = editing.conflict;
    if (!c) return nothing;
    const rows = (['measure', 'speaker', 'date', 'text'] as const).map((field) => ({
      label: OPINION_FIELD_LABELS[field] ?? field,
      theirs: field === 'measure' ? measureTitle(plan, c.current.measure) : String(c.current[field]),
      mine: field === 'measure' ? measureTitle(plan, editing.draft.measure === '' ? null : editing.draft.measure) : editing.draft[field],
    }));
    return conflictPanel({
      title: '他の人が先にこの意見を直しました',
      who: c.current.updatedBy.name,
      version: c.current.version,
      at: c.current.updatedAt,
      rows,
      reload: { label: '最新の内容を読み込んで直す', run: () => model.takeTheirs() },
      overwrite: model.buttons(c.current).edit ? { label: '自分の入力で上書きする', run: () => void model.overwrite().then(focusFailure) } : undefined,
    });
  };

  const editForm = (editing: Editing) => html`<form class="card" novalidate @submit=${saveEdit} aria-labelledby="edit-title">
    <h4 id="edit-title">意見を直す</h4>
    ${conflict(editing)}
    ${opinionForm(plan, 'edit', editing.draft, editing.errors, (patch) => model.editCorrection(patch))}
    <div class="actions">
      <button type="submit" class="primary">保存する</button>
      <button type="button" @click=${() => model.cancelEdit()}>やめる</button>
    </div>
  </form>`;

  const item = (o: Opinion) => {
    const { state } = model;
    const history = state.histories[o.id];
    const buttons = model.buttons(o);
    return html`<li class="card opinion" id="opinion-${o.id}">
      <h3>${measureTitle(plan, o.measure)}</h3>
      <p>${badge(`${o.state === 'approved' ? '✓' : '…'} ${o.stateLabel}`, o.state === 'approved' ? 'approved' : 'submitted')}</p>
      <p class="opinion-text">${o.text}</p>
      <p class="muted">発言者：${o.speaker}　日付：${formatDate(o.date)}　${o.createdByRole === 'hq' ? '記録' : '提出'}：${o.createdBy.name}（${formatDateTime(o.createdAt)}）${o.version > 1 ? `　最終更新：${o.updatedBy.name}（${formatDateTime(o.updatedAt)}、版${o.version}）` : ''}</p>
      ${state.editing?.id === o.id ? editForm(state.editing) : nothing}
      <div class="actions">
        ${buttons.approve ? html`<button type="button" class="primary" @click=${() => void approve(o)}>承認する${label(o)}</button>` : nothing}
        ${
          buttons.edit && state.editing?.id !== o.id
            ? html`<button type="button" @click=${() => {
                model.startEdit(o);
                focusLater('#edit-text');
              }}>直す${label(o)}</button>`
            : nothing
        }
        <button type="button" aria-expanded=${history ? 'true' : 'false'} aria-controls="history-${o.id}" @click=${() => void model.toggleHistory(o).then(focusFailure)}>
          変更履歴${history ? 'を閉じる' : 'を見る'}${label(o)}</button>
      </div>
      <div id="history-${o.id}">
        ${
          history
            ? html`<ol class="history" reversed aria-label="変更履歴">${history.map(
                (r) => html`<li>
              <p><strong>版${r.version} ${OPINION_HISTORY_LABELS[r.action] ?? r.action}</strong>　<span class="muted">${r.by.name}（${formatDateTime(r.at)}）</span></p>
              ${revisionChanges(plan, r)}</li>`,
              )}</ol>`
            : nothing
        }
      </div>
    </li>`;
  };

  const draw = () => {
    const { state } = model;
    const yearWide = state.opinions.filter((o) => o.measure === null);
    // In the plan's order of measures (keys do not sort by number: "10" < "9"), then by date.
    const order = new Map(plan.measures.map((m, i) => [m.key, i]));
    const perMeasure = state.opinions
      .filter((o) => o.measure !== null)
      .sort((a, b) => (order.get(a.measure!) ?? Infinity) - (order.get(b.measure!) ?? Infinity) || a.date.localeCompare(b.date));
    const list = (opinions: Opinion[], empty: string) =>
      opinions.length ? html`<ul class="opinion-list">${opinions.map(item)}</ul>` : html`<p class="muted">${empty}</p>`;
    return html`
      <h1>推進懇談会の意見（${fyLabel(fy)}）</h1>
      ${fiscalYearPicker(fy, '#/opinions')}
      <p>${
        hq
          ? '推進懇談会での意見を、施策ごとまたは年度全体について記録します。記録した意見はそのまま進捗状況報告書に載ります。委員が提出した意見は、承認すると報告書に載ります。'
          : '推進懇談会の委員として意見を提出できます。推進本部が承認すると進捗状況報告書に載ります。承認されるまでは自分で直せます。'
      }</p>
      ${hq && model.pending ? html`<p><strong>承認待ちの意見が${model.pending}件あります。</strong></p>` : nothing}
      <div role="status">${state.notice ? (state.notice.kind === 'ok' ? okBox(state.notice.text) : errorBox(state.notice.text)) : nothing}</div>
      <form class="card" novalidate @submit=${record} aria-labelledby="new-title">
        <h2 id="new-title">${hq ? '意見を記録する' : '意見を提出する'}</h2>
        ${opinionForm(plan, 'new', state.draft, state.errors, (patch) => model.editDraft(patch))}
        <div class="actions"><button type="submit" class="primary">${hq ? '記録する' : '提出する'}</button></div>
      </form>
      <section aria-labelledby="year-title">
        <h2 id="year-title">年度全体への意見</h2>
        ${list(yearWide, 'まだありません。')}
      </section>
      <section aria-labelledby="measures-title">
        <h2 id="measures-title">施策への意見</h2>
        ${list(perMeasure, 'まだありません。')}
      </section>`;
  };
  screen = mount({}, draw);
}
