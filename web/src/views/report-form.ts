import { formatFiscalYear, parseJapaneseNumber } from '../../../functions/domain/calendar/index.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from '../../../functions/domain/reports/labels.ts';
import { actionReportBodySchema, kpiActualBodySchema, returnBodySchema } from '../../../functions/domain/reports/schema.ts';
import { ApiError, call } from '../api.ts';
import { announce, h, render } from '../dom.ts';
import { getMe, getPlan } from '../state.ts';
import type { Report } from '../state.ts';
import { errorBox, stateBadge } from './common.ts';

type Kind = 'action' | 'kpi';
type Fields = Record<string, string>;

const FIELD_LABELS: Record<string, string> = {
  status: '進捗状況',
  rating: '自己評価',
  achievements: '実績',
  challenges: '課題',
  nextSteps: '今後の取組',
  value: '実績値',
  asOf: '時点',
  note: '出典・備考',
  comment: 'コメント',
};

/** A field's value as the form shows it: 実施中 rather than implementing. */
function display(name: string, value: string | undefined): string {
  if (!value) return '（空）';
  if (name === 'status') return ACTION_STATUS_LABELS[value as keyof typeof ACTION_STATUS_LABELS] ?? value;
  if (name === 'rating') return `${value}：${ACTION_RATING_LABELS[value as keyof typeof ACTION_RATING_LABELS] ?? ''}`;
  return value;
}

let leaveGuard: ((event: BeforeUnloadEvent) => void) | undefined;

/** Unsaved input survives a reload and an expired session: it is kept per report until it is saved. */
const draftKey = (kind: Kind, id: string, fy: number) => `shinchoku.draft.${kind}.${id}.${fy}`;

function fieldsFromReport(kind: Kind, report: Report | null): Fields {
  const body = (report?.body ?? {}) as Record<string, unknown>;
  if (kind === 'action') {
    return { status: String(body.status ?? ''), rating: String(body.rating ?? ''), achievements: String(body.achievements ?? ''), challenges: String(body.challenges ?? ''), nextSteps: String(body.nextSteps ?? '') };
  }
  return { value: body.value === undefined ? '' : String(body.value), asOf: String(body.asOf ?? ''), note: String(body.note ?? '') };
}

/** The same schema the API validates with, so a message shown here is the one the server would give. */
function validate(kind: Kind, fields: Fields): { body?: unknown; errors: Record<string, string> } {
  const input =
    kind === 'action'
      ? { ...fields, status: fields.status || undefined, rating: fields.rating || undefined }
      : { value: (fields.value ?? '').trim() === '' ? undefined : (parseJapaneseNumber(fields.value ?? '') ?? fields.value), asOf: fields.asOf || undefined, note: fields.note };
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
  if (me.role === 'department' && !me.measures.includes(measure.number)) {
    // The API answers 404 for another department's report; the page says the same, without the form.
    return render(h('h1', {}, '表示できませんでした'), errorBox(`この報告は見つかりません（施策${measure.number}は担当外です）`));
  }
  const title = kind === 'action' ? `${id} ${item!.title}` : `KPI ${id} ${kpi!.name}`;
  const path = `/fiscal-years/${fy}/${kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${id}`;

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

  const messageArea = h('div', { class: 'messages' });
  const errorNodes: Record<string, HTMLElement> = {};
  const controls: Record<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement> = {};

  const markDirty = () => {
    dirty = JSON.stringify(fields) !== JSON.stringify(saved);
    if (dirty) sessionStorage.setItem(draftKey(kind, id, fy), JSON.stringify(fields));
    else sessionStorage.removeItem(draftKey(kind, id, fy));
  };
  if (leaveGuard) window.removeEventListener('beforeunload', leaveGuard);
  leaveGuard = (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', leaveGuard);

  const showErrors = (errors: Record<string, string>) => {
    for (const [name, node] of Object.entries(errorNodes)) {
      node.textContent = errors[name] ?? '';
      node.hidden = !errors[name];
      controls[name]?.setAttribute('aria-invalid', errors[name] ? 'true' : 'false');
    }
    const first = Object.keys(errors).find((name) => controls[name]);
    if (first) controls[first]!.focus();
  };

  const field = (name: string, control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, hint?: string) => {
    control.id = `f-${name}`;
    control.setAttribute('name', name);
    control.setAttribute('aria-describedby', `e-${name}${hint ? ` h-${name}` : ''}`);
    control.toggleAttribute('disabled', !canEdit);
    control.value = fields[name] ?? '';
    control.addEventListener('input', () => {
      fields[name] = control.value;
      markDirty();
    });
    controls[name] = control;
    errorNodes[name] = h('p', { id: `e-${name}`, class: 'field-error', hidden: true });
    return h('div', { class: 'field' }, h('label', { for: control.id }, FIELD_LABELS[name]), hint ? h('p', { id: `h-${name}`, class: 'hint' }, hint) : null, control, errorNodes[name]);
  };

  const radios = (name: string, options: [string, string][]) => {
    const group = h('fieldset', { class: 'field' }, h('legend', {}, FIELD_LABELS[name]),
      options.map(([value, label]) => {
        const input = h('input', { type: 'radio', name, value, id: `f-${name}-${value}`, checked: fields[name] === value, disabled: !canEdit, 'aria-describedby': `e-${name}` }) as HTMLInputElement;
        input.addEventListener('change', () => {
          fields[name] = value;
          markDirty();
        });
        return h('div', { class: 'radio' }, input, h('label', { for: input.id }, label));
      }),
    );
    controls[name] = group.querySelector('input') as HTMLInputElement;
    errorNodes[name] = h('p', { id: `e-${name}`, class: 'field-error', hidden: true });
    group.append(errorNodes[name]);
    return group;
  };

  const counted = (name: string) => {
    const area = h('textarea', { rows: 6, maxlength: 4000 }) as HTMLTextAreaElement;
    return field(name, area, '4,000文字以内');
  };

  const formFields =
    kind === 'action'
      ? [
          radios('status', Object.entries(ACTION_STATUS_LABELS)),
          radios('rating', Object.entries(ACTION_RATING_LABELS).map(([letter, meaning]) => [letter, `${letter}：${meaning}`])),
          counted('achievements'),
          counted('challenges'),
          counted('nextSteps'),
        ]
      : [
          field('value', h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off' }) as HTMLInputElement, `単位: ${kpi!.unit}（例: ${kpi!.baseline.value.toLocaleString('ja-JP')}）`),
          field('asOf', h('input', { type: 'date' }) as HTMLInputElement, 'いつ時点の値か'),
          field('note', h('input', { type: 'text' }) as HTMLInputElement, '出典（システム名・資料名など）'),
        ];

  const applyServerErrors = (error: ApiError) => {
    const errors: Record<string, string> = {};
    for (const e of error.problem.errors ?? []) errors[e.path.split('.')[0]!] = e.message;
    showErrors(errors);
    messageArea.replaceChildren(errorBox(error.problem.detail));
  };

  /** A 412: someone saved first. Show their version beside the user's input; the user chooses. */
  const showConflict = async () => {
    const latest = await call<Report>(path);
    const theirs = fieldsFromReport(kind, latest.data);
    const changed = Object.keys(theirs).filter((name) => theirs[name] !== saved[name]);
    messageArea.replaceChildren(
      h('div', { class: 'alert alert-warning', role: 'alert' },
        h('p', {}, `他の人（${latest.data.updatedBy.name}）が先に保存しました。あなたの入力はまだ残っています。`),
        h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, '項目'), h('th', {}, '相手の保存内容'), h('th', {}, 'あなたの入力'))),
          h('tbody', {}, changed.map((name) => h('tr', {}, h('th', {}, FIELD_LABELS[name]), h('td', {}, display(name, theirs[name])), h('td', {}, display(name, fields[name])))))),
        h('button', { type: 'button', onclick: () => { sessionStorage.removeItem(draftKey(kind, id, fy)); dirty = false; void reportFormView(kind, id, fy); } }, '最新の内容を読み込む（自分の入力は破棄）'),
        ' ',
        h('button', { type: 'button', onclick: () => { etag = latest.etag; messageArea.replaceChildren(h('p', { class: 'alert' }, '最新の版に対して、あなたの入力で上書きできます。もう一度「下書き保存」を押してください。')); } }, '自分の入力で上書きする'),
      ),
    );
  };

  const save = async (): Promise<boolean> => {
    const { body, errors } = validate(kind, fields);
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
      messageArea.replaceChildren(h('p', { class: 'alert alert-ok', role: 'status' }, `保存しました（${report.stateLabel}、版${report.version}）`));
      announce('保存しました');
      return true;
    } catch (error) {
      // 428: the report did not exist when this page loaded, and someone has created it since.
      if (error instanceof ApiError && (error.status === 412 || error.status === 428)) await showConflict();
      else if (error instanceof ApiError) applyServerErrors(error);
      else throw error;
      return false;
    }
  };

  const transition = async (action: 'submit' | 'approve' | 'return' | 'reopen', comment?: string) => {
    try {
      const result = await call<Report>(`${path}/${action}`, { method: 'POST', ifMatch: etag, body: comment === undefined ? undefined : { comment } });
      etag = result.etag;
      announce(`${result.data.stateLabel}になりました`);
      await reportFormView(kind, id, fy);
    } catch (error) {
      // 428: the report did not exist when this page loaded, and someone has created it since.
      if (error instanceof ApiError && (error.status === 412 || error.status === 428)) await showConflict();
      else if (error instanceof ApiError) applyServerErrors(error);
      else throw error;
    }
  };

  const commentBox = h('textarea', { id: 'f-comment', rows: 3, 'aria-describedby': 'e-comment' }) as HTMLTextAreaElement;
  errorNodes.comment = h('p', { id: 'e-comment', class: 'field-error', hidden: true });
  controls.comment = commentBox;
  const review = () => {
    const parsed = returnBodySchema.safeParse({ comment: commentBox.value });
    if (!parsed.success) return showErrors({ comment: parsed.error.issues[0]!.message });
    void transition('return', parsed.data.comment);
  };

  const form = h('form', { class: 'card report-form', novalidate: true, onsubmit: (event: Event) => { event.preventDefault(); void save(); } },
    formFields,
    canEdit
      ? h('div', { class: 'actions' },
          h('button', { type: 'submit' }, '下書き保存'),
          h('button', { type: 'button', class: 'primary', onclick: async () => { if (!dirty && report) return transition('submit'); if (await save()) await transition('submit'); } }, '提出する'),
        )
      : null,
  );

  const planned = item && 'schedule' in item ? item.schedule.find((s) => s.fiscalYear === fy)?.activity : undefined;
  render(
    h('p', { class: 'crumbs' }, h('a', { href: me.role === 'hq' ? `#/hq/overview?fy=${fy}` : `#/department?fy=${fy}` }, '一覧へ戻る'), ' ／ ', h('a', { href: `#/measures/${measure.number}?fy=${fy}` }, `施策${measure.number} ${measure.title}`)),
    h('h1', {}, title),
    h('p', {}, `${formatFiscalYear(fy)}　状態: `, stateBadge(report?.state ?? 'missing'), report ? h('span', { class: 'muted' }, `　版${report.version}・最終更新 ${report.updatedBy.name}`) : null),
    planned ? h('p', { class: 'planned' }, `今年度の計画: `, h('strong', {}, planned)) : null,
    kpi ? h('p', { class: 'planned' }, `現在値 ${kpi.baseline.label} → 目標 ${kpi.target.label}`) : null,
    report?.comment ? h('div', { class: 'alert alert-warning', role: 'note' }, h('strong', {}, report.state === 'returned' ? '推進本部からの差し戻しコメント: ' : '推進本部のコメント: '), report.comment) : null,
    dirty ? h('p', { class: 'alert', role: 'status' }, '保存していない入力を復元しました。') : null,
    messageArea,
    form,
    isHq && report && (report.state === 'submitted' || report.state === 'approved')
      ? h('section', { class: 'card review' }, h('h2', {}, '推進本部の審査'),
          h('div', { class: 'field' }, h('label', { for: 'f-comment' }, 'コメント（差し戻しでは必須）'), commentBox, errorNodes.comment),
          report.state === 'submitted'
            ? h('div', { class: 'actions' },
                h('button', { type: 'button', class: 'primary', onclick: () => void transition('approve', commentBox.value) }, '承認する'),
                h('button', { type: 'button', onclick: review }, '差し戻す'))
            : h('button', { type: 'button', onclick: () => void transition('reopen', commentBox.value) }, '承認を取り消して差し戻す'))
      : null,
    report && me.role !== 'viewer' ? h('p', {}, h('a', { href: `#/history/${kind}/${id}?fy=${fy}` }, '変更履歴を見る')) : null,
  );
}
