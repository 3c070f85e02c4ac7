import { formatFiscalYear, formatPeriod, formatValue, parseJapaneseNumber } from '../../../functions/domain/calendar/index.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from '../../../functions/domain/reports/labels.ts';
import { actionReportBodySchema, kpiActualBodySchema, returnBodySchema } from '../../../functions/domain/reports/schema.ts';
import { REPORT_STATE_LABELS } from '../../../functions/domain/reports/workflow.ts';
import { ApiError, call } from '../api.ts';
import { announce, h, render } from '../dom.ts';
import { getMe, getPlan } from '../state.ts';
import type { Report } from '../state.ts';
import { errorBox, nextStep, stateBadge } from './common.ts';

type Kind = 'action' | 'kpi';
type Fields = Record<string, string>;
type Control = HTMLInputElement | HTMLTextAreaElement;

export const FIELD_LABELS: Record<string, string> = {
  status: '進捗状況',
  rating: '自己評価',
  achievements: '実績',
  challenges: '課題',
  nextSteps: '今後の取組',
  value: '実績値',
  asOf: '時点',
  note: '出典・備考',
  comment: 'コメント',
  state: '状態',
};

const TEXT_LIMIT = 4000;

/** A field's value as the form shows it: 実施中 rather than implementing. */
export function displayField(name: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '（空）';
  const text = String(value);
  if (name === 'status') return ACTION_STATUS_LABELS[text as keyof typeof ACTION_STATUS_LABELS] ?? text;
  if (name === 'rating') return `${text}：${ACTION_RATING_LABELS[text as keyof typeof ACTION_RATING_LABELS] ?? ''}`;
  if (name === 'state') return REPORT_STATE_LABELS[text as keyof typeof REPORT_STATE_LABELS] ?? text;
  return text;
}

let leaveGuard: ((event: BeforeUnloadEvent) => void) | undefined;

/** Unsaved input survives a reload and an expired session: it is kept per report until it is saved. */
const draftKey = (kind: Kind, id: string, fy: number) => `shinchoku.draft.${kind}.${id}.${fy}`;

function fieldsFromReport(kind: Kind, report: Report | null): Fields {
  const body = (report?.body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  if (kind === 'action') {
    return { status: text(body.status), rating: text(body.rating), achievements: text(body.achievements), challenges: text(body.challenges), nextSteps: text(body.nextSteps) };
  }
  return { value: text(body.value), asOf: text(body.asOf), note: text(body.note) };
}

/**
 * The same schema the API validates with, so a message shown here is the one the server would give.
 * A KPI value may be typed the Japanese way (92.5%、26億3,000万円、１２３); anything else stays text and fails.
 */
function validate(kind: Kind, fields: Fields, unit?: string): { body?: unknown; errors: Record<string, string> } {
  const input =
    kind === 'action'
      ? { ...fields, status: fields.status || undefined, rating: fields.rating || undefined }
      : {
          value: (fields.value ?? '').trim() === '' ? undefined : (parseJapaneseNumber(fields.value ?? '', unit) ?? fields.value),
          asOf: fields.asOf || undefined,
          note: fields.note ?? '',
        };
  const result = (kind === 'action' ? actionReportBodySchema : kpiActualBodySchema).safeParse(input);
  if (result.success) return { body: result.data, errors: {} };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return { errors };
}

export async function reportFormView(kind: Kind, id: string, fy: number): Promise<void> {
  const [plan, me] = await Promise.all([getPlan(), getMe()]);
  const measure = plan.measures.find((m) => (kind === 'action' ? m.actionItems.some((i) => i.id === id) : m.kpis.some((k) => k.id === id)));
  const kpi = measure?.kpis.find((k) => k.id === id);
  const item = measure?.actionItems.find((i) => i.id === id);
  if (!measure || (!kpi && !item)) return render(h('h1', {}, '見つかりません'), errorBox(`「${id}」は計画にありません`));
  if (item && 'referenceTo' in item) {
    return render(h('h1', {}, `${id} ${item.title}`), errorBox(`この取組項目は「${item.referenceTo}」に記載されています。`), h('p', {}, h('a', { href: `#/report/action/${item.referenceTo}?fy=${fy}` }, `${item.referenceTo} の報告へ`)));
  }
  if (me.role === 'department' && !me.measures.includes(measure.number)) {
    // The API answers 404 for another department's report; the page says the same, without the form.
    return render(h('h1', {}, '表示できませんでした'), errorBox(`この報告は見つかりません（施策${measure.number}は担当外です）`));
  }
  const title = kind === 'action' ? `${id} ${item!.title}` : `KPI ${id} ${kpi!.name}`;
  const path = `/fiscal-years/${fy}/${kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${id}`;
  const unit = kpi?.unit;

  let report: Report | null = null;
  let etag: string | null = null;
  try {
    const result = await call<Report>(path);
    report = result.data;
    etag = result.etag;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }

  const isHq = me.role === 'hq';
  const canEdit = me.role !== 'viewer' && (!report || report.state === 'draft' || report.state === 'returned');
  const saved = fieldsFromReport(kind, report);
  const kept = sessionStorage.getItem(draftKey(kind, id, fy));
  const fields: Fields = canEdit && kept ? { ...saved, ...(JSON.parse(kept) as Fields) } : { ...saved };
  let dirty = Boolean(canEdit && kept && JSON.stringify(fields) !== JSON.stringify(saved));
  /** Fields whose message is showing: they are checked again as the user types, so the message goes as soon as it is fixed. */
  const flagged = new Set<string>();

  const messageArea = h('div', { class: 'messages' });
  const errorNodes: Record<string, HTMLElement> = {};
  const controls: Record<string, Control[]> = {};

  const markDirty = () => {
    dirty = JSON.stringify(fields) !== JSON.stringify(saved);
    if (dirty) sessionStorage.setItem(draftKey(kind, id, fy), JSON.stringify(fields));
    else sessionStorage.removeItem(draftKey(kind, id, fy));
  };

  const showErrors = (errors: Record<string, string>, options: { only?: string; focus?: boolean } = {}) => {
    for (const [name, node] of Object.entries(errorNodes)) {
      if (options.only && name !== options.only) continue;
      const message = errors[name];
      node.textContent = message ?? '';
      node.hidden = !message;
      for (const control of controls[name] ?? []) control.setAttribute('aria-invalid', message ? 'true' : 'false');
      if (message) flagged.add(name);
      else flagged.delete(name);
    }
    const first = Object.keys(errors).find((name) => controls[name]);
    if (options.focus !== false && !options.only && first) controls[first]![0]!.focus();
  };

  /** Inline check of one field, with the shared schema (on leaving it, and while its message is showing). */
  const check = (name: string) => {
    if (name === 'comment') return;
    showErrors(validate(kind, fields, unit).errors, { only: name });
  };

  const required = (on: boolean) => (on ? h('span', { class: 'required' }, '（必須）') : null);

  const field = (name: string, control: Control, options: { hint?: string; required?: boolean; after?: Node } = {}) => {
    control.id = `f-${name}`;
    control.setAttribute('name', name);
    control.setAttribute('aria-describedby', `e-${name}${options.hint ? ` h-${name}` : ''}`);
    if (options.required) control.setAttribute('aria-required', 'true');
    control.toggleAttribute('disabled', !canEdit);
    control.value = fields[name] ?? '';
    control.addEventListener('input', () => {
      fields[name] = control.value;
      markDirty();
      if (flagged.has(name)) check(name);
    });
    control.addEventListener('change', () => check(name));
    controls[name] = [control];
    errorNodes[name] = h('p', { id: `e-${name}`, class: 'field-error', hidden: true });
    return h('div', { class: 'field' },
      h('label', { for: control.id }, FIELD_LABELS[name], required(Boolean(options.required))),
      options.hint ? h('p', { id: `h-${name}`, class: 'hint' }, options.hint) : null,
      options.after ? h('div', { class: 'with-unit' }, control, options.after) : control,
      errorNodes[name]);
  };

  const radios = (name: string, options: [string, string, string?][]) => {
    errorNodes[name] = h('p', { id: `e-${name}`, class: 'field-error', hidden: true });
    controls[name] = options.map(([value]) => {
      const input = h('input', { type: 'radio', name, value, id: `f-${name}-${value}`, checked: fields[name] === value, disabled: !canEdit, 'aria-describedby': `e-${name}` }) as HTMLInputElement;
      input.addEventListener('change', () => {
        fields[name] = value;
        markDirty();
        check(name);
      });
      return input;
    });
    return h('fieldset', { class: 'field choices' }, h('legend', {}, FIELD_LABELS[name], required(true)),
      options.map(([, label, meaning], i) => h('div', { class: 'radio' }, controls[name]![i]!, h('label', { for: controls[name]![i]!.id }, label, meaning ? h('span', { class: 'meaning' }, meaning) : null))),
      errorNodes[name]);
  };

  const counted = (name: string, required = false) => {
    const area = h('textarea', { rows: 6, maxlength: TEXT_LIMIT }) as HTMLTextAreaElement;
    const counter = h('span', { class: 'counter' });
    const update = () => (counter.textContent = `${area.value.length.toLocaleString('ja-JP')} ／ ${TEXT_LIMIT.toLocaleString('ja-JP')}文字`);
    area.addEventListener('input', update);
    const group = field(name, area, { hint: `${TEXT_LIMIT.toLocaleString('ja-JP')}文字以内`, required });
    update();
    group.querySelector('.hint')!.append('（', counter, '）');
    return group;
  };

  const valuePreview = h('p', { class: 'hint', id: 'h-preview', 'aria-live': 'polite' });
  const preview = () => {
    const parsed = parseJapaneseNumber(fields.value ?? '', unit);
    valuePreview.textContent = parsed === null || !kpi ? '' : `読み取った値: ${formatValue(parsed, kpi.unit)}`;
  };

  const formFields =
    kind === 'action'
      ? [
          radios('status', Object.entries(ACTION_STATUS_LABELS)),
          radios('rating', Object.entries(ACTION_RATING_LABELS).map(([letter, meaning]) => [letter, `${letter}：${meaning}`] as [string, string])),
          counted('achievements', true),
          counted('challenges'),
          counted('nextSteps'),
        ]
      : [
          field('value', h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'value' }) as HTMLInputElement, {
            required: true,
            hint: `単位は「${kpi!.unit}」です（例: ${formatValue(kpi!.baseline.value, kpi!.unit)}）。数字だけでも入力できます。`,
            after: h('span', { class: 'unit', 'aria-hidden': 'true' }, kpi!.unit),
          }),
          valuePreview,
          field('asOf', h('input', { type: 'date' }) as HTMLInputElement, { required: true, hint: `いつ時点の値か（例: ${fy + 1}-03-31）` }),
          field('note', h('input', { type: 'text' }) as HTMLInputElement, { hint: '出典（システム名・資料名など）' }),
        ];
  if (kind === 'kpi') {
    controls.value![0]!.addEventListener('input', preview);
    preview();
  }

  const applyServerErrors = (error: ApiError) => {
    const errors: Record<string, string> = {};
    for (const e of error.problem.errors ?? []) errors[e.path.split('.')[0]!] ??= e.message;
    showErrors(errors);
    messageArea.replaceChildren(errorBox(Object.keys(errors).some((name) => controls[name]) ? '入力内容に誤りがあります。各項目のメッセージを確認してください。' : error.problem.detail));
  };

  /** A 412: someone saved first. Show their version beside the user's input, field by field; the user chooses. */
  const showConflict = async () => {
    const latest = await call<Report>(path);
    const theirs = fieldsFromReport(kind, latest.data);
    const changed = Object.keys(theirs).filter((name) => theirs[name] !== saved[name] || theirs[name] !== fields[name]);
    const stateChanged = latest.data.state !== (report?.state ?? 'missing');
    const editable = latest.data.state === 'draft' || latest.data.state === 'returned';
    const by = latest.data.updatedBy.name;
    messageArea.replaceChildren(
      h('div', { class: 'alert alert-warning conflict', role: 'alert' },
        h('h2', {}, '他の人が先に変更しました'),
        h('p', {}, `他の人（${by}）が先に保存しました。あなたの入力はまだ残っています。最新は版${latest.data.version}（${new Date(latest.data.updatedAt).toLocaleString('ja-JP')}）です。`),
        stateChanged ? h('p', {}, `状態: ${displayField('state', report?.state ?? 'missing')} → `, h('strong', {}, latest.data.stateLabel)) : null,
        h('div', { class: 'scroll' }, h('table', {},
          h('caption', {}, '項目ごとの違い'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '項目'), h('th', { scope: 'col' }, '読み込んだときの内容'), h('th', { scope: 'col' }, '相手の保存内容'), h('th', { scope: 'col' }, 'あなたの入力'))),
          h('tbody', {}, changed.length
            ? changed.map((name) => h('tr', {}, h('th', { scope: 'row' }, FIELD_LABELS[name]), h('td', {}, displayField(name, saved[name])), h('td', {}, displayField(name, theirs[name])), h('td', {}, displayField(name, fields[name]))))
            : h('tr', {}, h('td', { colspan: 4 }, '入力項目の違いはありません'))))),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', onclick: () => { sessionStorage.removeItem(draftKey(kind, id, fy)); dirty = false; void reportFormView(kind, id, fy); } }, '最新の内容を読み込む（自分の入力は破棄）'),
          editable
            ? h('button', { type: 'button', onclick: () => { etag = latest.etag; Object.assign(saved, theirs); report = latest.data; markDirty(); messageArea.replaceChildren(h('p', { class: 'alert', role: 'status' }, '最新の版に対して、あなたの入力で上書きできます。もう一度「下書き保存」を押してください。')); } }, '自分の入力で上書きする')
            : null),
      ),
    );
    messageArea.querySelector('h2')?.setAttribute('tabindex', '-1');
    (messageArea.querySelector('h2') as HTMLElement | null)?.focus();
  };

  const failed = async (error: unknown) => {
    // 428: the report did not exist when this page loaded, and someone has created it since.
    if (error instanceof ApiError && (error.status === 412 || error.status === 428)) await showConflict();
    else if (error instanceof ApiError && error.status !== 401) applyServerErrors(error);
    else if (!(error instanceof ApiError)) throw error;
  };

  const save = async (): Promise<boolean> => {
    const { body, errors } = validate(kind, fields, unit);
    showErrors(errors);
    if (!body) {
      messageArea.replaceChildren(errorBox('入力内容に誤りがあります。各項目のメッセージを確認してください。'));
      return false;
    }
    try {
      const result = await call<Report>(path, { method: 'PUT', body, ifMatch: etag });
      etag = result.etag;
      report = result.data;
      Object.assign(saved, fieldsFromReport(kind, report));
      sessionStorage.removeItem(draftKey(kind, id, fy));
      dirty = false;
      stateLine.replaceChildren(...stateParts(report).filter((part) => part !== null));
      messageArea.replaceChildren(h('p', { class: 'alert alert-ok', role: 'status' }, `保存しました（${report.stateLabel}、版${report.version}）`));
      announce('保存しました');
      return true;
    } catch (error) {
      await failed(error);
      return false;
    }
  };

  const transition = async (action: 'submit' | 'approve' | 'return' | 'reopen', comment?: string) => {
    try {
      const result = await call<Report>(`${path}/${action}`, { method: 'POST', ifMatch: etag, body: comment === undefined ? undefined : { comment } });
      etag = result.etag;
      sessionStorage.removeItem(commentKey);
      announce(`${result.data.stateLabel}になりました`);
      await reportFormView(kind, id, fy);
    } catch (error) {
      await failed(error);
    }
  };

  const commentBox = h('textarea', { id: 'f-comment', name: 'comment', rows: 3, 'aria-describedby': 'e-comment h-comment' }) as HTMLTextAreaElement;
  // HQ's comment is kept like the report's fields, so a session that expires mid-sentence loses nothing.
  const commentKey = `${draftKey(kind, id, fy)}.comment`;
  commentBox.value = sessionStorage.getItem(commentKey) ?? '';
  commentBox.addEventListener('input', () => (commentBox.value ? sessionStorage.setItem(commentKey, commentBox.value) : sessionStorage.removeItem(commentKey)));
  errorNodes.comment = h('p', { id: 'e-comment', class: 'field-error', hidden: true });
  controls.comment = [commentBox];
  const returnReport = () => {
    const parsed = returnBodySchema.safeParse({ comment: commentBox.value });
    if (!parsed.success) return showErrors({ comment: parsed.error.issues[0]!.message });
    void transition('return', parsed.data.comment);
  };

  const stateParts = (current: Report | null) => [
    `${formatFiscalYear(fy)}　状態: `, stateBadge(current?.state ?? 'missing'),
    current ? h('span', { class: 'muted' }, `　版${current.version}・最終更新 ${current.updatedBy.name}（${new Date(current.updatedAt).toLocaleString('ja-JP')}）`) : null,
  ];
  const stateLine = h('p', { class: 'state-line' }, ...stateParts(report));

  const form = h('form', { class: 'card report-form', novalidate: true, 'aria-labelledby': 'form-title', onsubmit: (event: Event) => { event.preventDefault(); void save(); } },
    h('h2', { id: 'form-title', class: 'visually-hidden' }, kind === 'action' ? '取組状況の報告' : 'KPI実績の入力'),
    formFields,
    canEdit
      ? h('div', { class: 'actions' },
          h('button', { type: 'submit' }, '下書き保存'),
          h('button', { type: 'button', class: 'primary', onclick: async () => { if (!dirty && report) return transition('submit'); if (await save()) await transition('submit'); } }, '提出する'),
        )
      : null,
  );

  if (leaveGuard) window.removeEventListener('beforeunload', leaveGuard);
  leaveGuard = (event) => {
    if (!dirty || !form.isConnected) return;
    event.preventDefault();
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', leaveGuard);

  const planned = item && 'schedule' in item ? item.schedule.find((s) => s.fiscalYear === fy)?.activity : undefined;
  const lockedReason = !canEdit && report && me.role !== 'viewer'
    ? report.state === 'submitted'
      ? `提出済みのため編集できません（${nextStep('submitted').text}）。`
      : '承認済みのため編集できません。修正が必要なときは推進本部に連絡してください。'
    : null;
  render(
    h('p', { class: 'crumbs' },
      h('a', { href: me.role === 'hq' ? `#/hq/overview?fy=${fy}` : me.role === 'viewer' ? `#/viewer?fy=${fy}` : `#/department?fy=${fy}` }, '一覧へ戻る'), ' ／ ',
      h('a', { href: `#/measures/${measure.number}?fy=${fy}` }, `施策${measure.number} ${measure.title}`)),
    h('h1', {}, title),
    stateLine,
    planned ? h('p', { class: 'planned' }, `${formatFiscalYear(fy)}の計画: `, h('strong', {}, planned)) : null,
    kpi
      ? h('p', { class: 'planned' }, `現在値 ${kpi.baseline.label} → 目標 ${kpi.target.label}`,
          kpi.basis === 'calendar_year' ? h('span', { class: 'muted' }, `　この指標は暦年で集計します（${formatPeriod(fy, 'calendar_year')}の値を入力）`) : null)
      : null,
    report?.comment
      ? h('div', { class: 'alert alert-warning', role: 'note', 'aria-label': '推進本部のコメント' },
          h('strong', {}, report.state === 'returned' ? '推進本部からの差し戻しコメント: ' : '推進本部のコメント: '), report.comment)
      : null,
    lockedReason ? h('p', { class: 'alert' }, lockedReason) : null,
    dirty ? h('p', { class: 'alert', role: 'status' }, '保存していない入力を復元しました。') : null,
    messageArea,
    form,
    isHq && report && (report.state === 'submitted' || report.state === 'approved')
      ? h('section', { class: 'card review', 'aria-labelledby': 'review-title' }, h('h2', { id: 'review-title' }, '推進本部の審査'),
          h('div', { class: 'field' },
            h('label', { for: 'f-comment' }, report.state === 'submitted' ? 'コメント（差し戻しでは必須）' : 'コメント（承認を取り消す理由）'),
            h('p', { id: 'h-comment', class: 'hint' }, '担当課に表示されます（2,000文字以内）'),
            commentBox, errorNodes.comment),
          report.state === 'submitted'
            ? h('div', { class: 'actions' },
                h('button', { type: 'button', class: 'primary', onclick: () => void transition('approve', commentBox.value) }, '承認する'),
                h('button', { type: 'button', onclick: returnReport }, '差し戻す'))
            : h('button', { type: 'button', onclick: () => void transition('reopen', commentBox.value) }, '承認を取り消して差し戻す'))
      : null,
    report && me.role !== 'viewer' ? h('p', {}, h('a', { href: `#/history/${kind}/${id}?fy=${fy}` }, '変更履歴を見る')) : null,
  );
}
