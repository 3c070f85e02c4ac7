import { formatDate, formatDateTime, tokyoDate } from '../../../functions/domain/calendar/index.ts';
import { etagOf } from '../../../functions/contract/index.ts';
import type { Opinion, OpinionRevision } from '../../../functions/contract/index.ts';
import { opinionBodySchema } from '../../../functions/domain/annual-report/opinions.ts';
import type { OpinionBody } from '../../../functions/domain/annual-report/opinions.ts';
import { ApiError, call } from '../api.ts';
import { diffText } from '../diff.ts';
import { OPINION_FIELD_LABELS, OPINION_HISTORY_LABELS, OPINION_STATE_LABELS } from '../labels.ts';
import { fyLabel, getMe, getPlan, permissions } from '../state.ts';
import type { Plan } from '../state.ts';
import { announce, badge, confirmAction, focusLater, html, live, mount, nothing } from '../ui.ts';
import type { Screen, Template } from '../ui.ts';
import { errorBox, fiscalYearPicker, okBox, problemText } from './common.ts';

/** The form's fields as typed: the measure as the select's value ('' = the year as a whole). */
interface Draft {
  measure: string;
  speaker: string;
  date: string;
  text: string;
}
type DraftErrors = Partial<Record<keyof Draft, string>>;

interface Editing {
  id: string;
  draft: Draft;
  errors: DraftErrors;
  /** The version the edit started from, sent as If-Match. */
  etag: string;
  /** Set when someone else saved first (412): their version, to compare and take over. */
  latest?: Opinion;
}

interface OpinionsState {
  opinions: Opinion[];
  draft: Draft;
  errors: DraftErrors;
  editing: Editing | null;
  /** Revisions of the opinions whose history is open. */
  histories: Record<string, OpinionRevision[]>;
  status: Template;
}

const today = () => {
  const { year, month, day } = tokyoDate(new Date());
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};
const draftOf = (opinion: Opinion): Draft => ({ measure: opinion.measure === null ? '' : String(opinion.measure), speaker: opinion.speaker, date: opinion.date, text: opinion.text });

/** The draft checked with the API's own schema: the body to send, or each field's message. */
function checkDraft(draft: Draft): { body: OpinionBody } | { errors: DraftErrors } {
  const parsed = opinionBodySchema.safeParse({ ...draft, measure: draft.measure === '' ? null : Number(draft.measure) });
  if (parsed.success) return { body: parsed.data };
  const errors: DraftErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0]) as keyof Draft] ??= issue.message;
  return { errors };
}

/** The problem+json's field errors (`errors[].path`), for a refused save; null when it names no field. */
function fieldErrorsOf(error: unknown): DraftErrors | null {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return null;
  return Object.fromEntries(error.problem.errors.map((e) => [e.path.split('.')[0], e.message]));
}

const measureTitle = (plan: Plan, measure: number | null) =>
  measure === null ? '年度全体' : `施策${measure} ${plan.measures.find((m) => m.number === measure)?.title ?? ''}`;

/** The opinion form, for a new opinion (`new`) and for correcting one (`edit`): the same fields, ids by prefix. */
function opinionForm(
  plan: Plan,
  prefix: 'new' | 'edit',
  draft: Draft,
  errors: DraftErrors,
  change: (patch: Partial<Draft>) => void,
): Template {
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
        ${plan.measures.map((m) => html`<option value=${m.number} ?selected=${draft.measure === String(m.number)}>施策${m.number} ${m.title}</option>`)}
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
    field === 'measure' ? measureTitle(plan, value as number | null)
    : field === 'date' && typeof value === 'string' ? formatDate(value)
    : field === 'state' ? OPINION_STATE_LABELS[value as keyof typeof OPINION_STATE_LABELS] ?? String(value)
    : value === null || value === undefined || value === '' ? '（空）' : String(value);
  if (!revision.changes.length) return nothing;
  // The first version has nothing before it: its fields as written.
  const first = revision.action === 'record' || revision.action === 'submit';
  return html`<dl class="changes">${revision.changes.map((c) => html`<div class="change"><dt>${OPINION_FIELD_LABELS[c.field] ?? c.field}</dt>
    ${first ? html`<dd>${shown(c.field, c.after)}</dd>`
    : c.field === 'text' && typeof c.before === 'string' && c.before !== '' && typeof c.after === 'string'
      ? html`<dd class="diff">${diffText(c.before, c.after).map((part) => (part.kind === 'same' ? part.text : part.kind === 'removed' ? html`<del>${part.text}</del>` : html`<ins>${part.text}</ins>`))}</dd>`
      : html`<dd><span class="before">${shown(c.field, c.before)}</span> → <strong>${shown(c.field, c.after)}</strong></dd>`}</div>`)}</dl>`;
}

/**
 * 推進懇談会の意見 (#/opinions?fy=2026), for HQ and the council. HQ records what the meeting said, per
 * measure or for the year (approved at once), approves a member's submission, and corrects any opinion;
 * a council member submits their own and corrects it until HQ approves it. Only approved opinions enter
 * the 進捗状況報告書 and its publication. Saving sends the version read (If-Match); each opinion's history
 * of revisions can be opened in place.
 */
export async function opinionsView(fy: number): Promise<void> {
  const [plan, me, { data }] = await Promise.all([getPlan(), getMe(), call('opinionListSchema', `/fiscal-years/${fy}/opinions`)]);
  const may = permissions(me);
  const hq = may.canReview;
  const base = `/fiscal-years/${fy}/opinions`;
  const blank = (): Draft => ({ measure: '', speaker: hq ? '推進懇談会' : me.name, date: today(), text: '' });

  const screen: Screen<OpinionsState> = mount<OpinionsState>(
    { opinions: data.opinions, draft: blank(), errors: {}, editing: null, histories: {}, status: nothing },
    ({ state }) => {
      const replace = (opinion: Opinion) => state.opinions.map((o) => (o.id === opinion.id ? opinion : o));
      const failed = (error: unknown, fallback: string) => {
        if (error instanceof ApiError && error.status === 401) return;
        screen.set({ status: errorBox(problemText(error, fallback)) });
        focusLater('[role="alert"]');
      };

      const record = async (event: Event) => {
        event.preventDefault();
        const checked = checkDraft(state.draft);
        if ('errors' in checked) {
          screen.set({ errors: checked.errors });
          return focusLater(`#new-${Object.keys(checked.errors)[0]}`);
        }
        if (!hq && !(await confirmAction('意見を提出しますか？', '推進本部が承認すると、進捗状況報告書に載ります。承認されるまでは自分で直せます。', '提出する'))) return;
        try {
          const { data: created } = await call('opinionSchema', base, { method: 'POST', body: checked.body });
          screen.set({ opinions: [...state.opinions, created], draft: blank(), errors: {}, status: okBox(hq ? '意見を記録しました' : '意見を提出しました（推進本部の承認待ち）') });
          announce(hq ? '意見を記録しました' : '意見を提出しました');
        } catch (error) {
          const errors = fieldErrorsOf(error);
          if (errors) return screen.set({ errors, status: errorBox(problemText(error, '記録できませんでした')) });
          failed(error, '記録できませんでした');
        }
      };

      const saveEdit = async (event: Event) => {
        event.preventDefault();
        const editing = state.editing!;
        const checked = checkDraft(editing.draft);
        if ('errors' in checked) {
          screen.set({ editing: { ...editing, errors: checked.errors } });
          return focusLater(`#edit-${Object.keys(checked.errors)[0]}`);
        }
        try {
          const { data: saved } = await call('opinionSchema', `${base}/${editing.id}`, { method: 'PUT', body: checked.body, ifMatch: editing.etag });
          screen.set({ opinions: replace(saved), editing: null, status: okBox(`直しました（版${saved.version}）`) });
        } catch (error) {
          if (error instanceof ApiError && (error.status === 412 || error.status === 428)) {
            const { data: latest } = await call('opinionSchema', `${base}/${editing.id}`);
            screen.set({ editing: { ...editing, latest }, status: nothing });
            return focusLater('.conflict');
          }
          const errors = fieldErrorsOf(error);
          if (errors) return screen.set({ editing: { ...editing, errors }, status: errorBox(problemText(error, '保存できませんでした')) });
          failed(error, '保存できませんでした');
        }
      };

      const approve = async (opinion: Opinion) => {
        const asked = await confirmAction('この意見を承認しますか？', `${opinion.speaker}の意見が進捗状況報告書に載り、次の公表で公開されます。委員からは直せなくなります。`, '承認する');
        if (!asked) return;
        try {
          const { data: approved } = await call('opinionSchema', `${base}/${opinion.id}/approve`, { method: 'POST', ifMatch: etagOf(opinion.version) });
          screen.set({ opinions: replace(approved), status: okBox(`${approved.speaker}の意見を承認しました`) });
        } catch (error) {
          failed(error, '承認できませんでした');
        }
      };

      const toggleHistory = async (opinion: Opinion) => {
        if (state.histories[opinion.id]) {
          const { [opinion.id]: _closed, ...open } = state.histories;
          return screen.set({ histories: open });
        }
        try {
          const { data: history } = await call('opinionRevisionListSchema', `${base}/${opinion.id}/revisions`);
          screen.set({ histories: { ...state.histories, [opinion.id]: [...history.revisions].sort((a, b) => b.version - a.version) } });
        } catch (error) {
          failed(error, '変更履歴を読み込めませんでした');
        }
      };

      const mayEdit = (o: Opinion) => hq || (o.createdBy.sub === me.sub && o.state === 'submitted');

      const editForm = (editing: Editing) => html`<form class="card" novalidate @submit=${saveEdit} aria-labelledby="edit-title">
        <h4 id="edit-title">意見を直す</h4>
        ${editing.latest
          ? html`<div class="alert alert-warning conflict" role="alert">
              <p>他の人が先にこの意見を直しました（版${editing.latest.version}、${editing.latest.updatedBy.name}、${formatDateTime(editing.latest.updatedAt)}）。</p>
              <p>現在の内容: ${editing.latest.text}</p>
              <button type="button" @click=${() => screen.set({ editing: { id: editing.id, draft: draftOf(editing.latest!), errors: {}, etag: etagOf(editing.latest!.version) } })}>最新の内容を読み込んで直す</button>
            </div>`
          : nothing}
        ${opinionForm(plan, 'edit', editing.draft, editing.errors, (patch) => screen.set({ editing: { ...editing, draft: { ...editing.draft, ...patch } } }))}
        <div class="actions">
          <button type="submit" class="primary">保存する</button>
          <button type="button" @click=${() => screen.set({ editing: null })}>やめる</button>
        </div>
      </form>`;

      const item = (o: Opinion) => {
        const history = state.histories[o.id];
        return html`<li class="card opinion" id="opinion-${o.id}">
          <h3>${measureTitle(plan, o.measure)}</h3>
          <p>${badge(`${o.state === 'approved' ? '✓' : '…'} ${o.stateLabel}`, o.state === 'approved' ? 'approved' : 'submitted')}</p>
          <p class="opinion-text">${o.text}</p>
          <p class="muted">発言者: ${o.speaker}　日付: ${formatDate(o.date)}　${o.createdByRole === 'hq' ? '記録' : '提出'}: ${o.createdBy.name}（${formatDateTime(o.createdAt)}）${o.version > 1 ? `　最終更新: ${o.updatedBy.name}（${formatDateTime(o.updatedAt)}、版${o.version}）` : ''}</p>
          ${state.editing?.id === o.id ? editForm(state.editing) : nothing}
          <div class="actions">
            ${hq && o.state === 'submitted' ? html`<button type="button" class="primary" @click=${() => void approve(o)}>承認する<span class="visually-hidden">（${o.speaker}、${formatDate(o.date)}）</span></button>` : nothing}
            ${mayEdit(o) && state.editing?.id !== o.id
              ? html`<button type="button" @click=${() => { screen.set({ editing: { id: o.id, draft: draftOf(o), errors: {}, etag: etagOf(o.version) } }); focusLater('#edit-text'); }}>直す<span class="visually-hidden">（${o.speaker}、${formatDate(o.date)}）</span></button>`
              : nothing}
            <button type="button" aria-expanded=${history ? 'true' : 'false'} aria-controls="history-${o.id}" @click=${() => void toggleHistory(o)}>
              変更履歴${history ? 'を閉じる' : 'を見る'}<span class="visually-hidden">（${o.speaker}、${formatDate(o.date)}）</span></button>
          </div>
          <div id="history-${o.id}">
            ${history
              ? html`<ol class="history" reversed aria-label="変更履歴">${history.map((r) => html`<li>
                  <p><strong>版${r.version} ${OPINION_HISTORY_LABELS[r.action] ?? r.action}</strong>　<span class="muted">${r.by.name}（${formatDateTime(r.at)}）</span></p>
                  ${revisionChanges(plan, r)}</li>`)}</ol>`
              : nothing}
          </div>
        </li>`;
      };

      const yearWide = state.opinions.filter((o) => o.measure === null);
      const perMeasure = state.opinions.filter((o) => o.measure !== null).sort((a, b) => a.measure! - b.measure! || a.date.localeCompare(b.date));
      const pending = state.opinions.filter((o) => o.state === 'submitted').length;
      const list = (opinions: Opinion[], empty: string) =>
        opinions.length ? html`<ul class="opinion-list">${opinions.map(item)}</ul>` : html`<p class="muted">${empty}</p>`;
      return html`
        <h1>推進懇談会の意見（${fyLabel(fy)}）</h1>
        ${fiscalYearPicker(fy, '#/opinions')}
        <p>${hq
          ? '推進懇談会での意見を、施策ごとまたは年度全体について記録します。記録した意見はそのまま進捗状況報告書に載ります。委員が提出した意見は、承認すると報告書に載ります。'
          : '推進懇談会の委員として意見を提出できます。推進本部が承認すると進捗状況報告書に載ります。承認されるまでは自分で直せます。'}</p>
        ${hq && pending ? html`<p><strong>承認待ちの意見が${pending}件あります。</strong></p>` : nothing}
        <div role="status">${state.status}</div>
        <form class="card" novalidate @submit=${record} aria-labelledby="new-title">
          <h2 id="new-title">${hq ? '意見を記録する' : '意見を提出する'}</h2>
          ${opinionForm(plan, 'new', state.draft, state.errors, (patch) => screen.set({ draft: { ...state.draft, ...patch } }))}
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
    },
  );
}
