import { ASSIGNED_DEPARTMENTS, departmentCodeSchema } from '../../../functions/domain/catalogue/schema.ts';
import type { Department } from '../../../functions/domain/catalogue/schema.ts';
import { ApiError, call } from '../api.ts';
import { announce, h, render } from '../dom.ts';
import { departmentName, forgetPlan, getPlan } from '../state.ts';
import { errorBox, problemText } from './common.ts';

interface Assignment {
  measure: number;
  departments: Department[];
  version: number;
}

/** 関係各課の割当て: the measures the plan leaves to 関係各課, and whom HQ has named for each. */
export async function assignmentsView(): Promise<void> {
  const plan = await getPlan();
  const measures = plan.measures.filter((m) => m.owners.includes(ASSIGNED_DEPARTMENTS));
  render(
    h('h1', {}, '関係各課の割当て'),
    h('p', {}, '計画で担当が「関係各課」とされている施策について、報告する課を割り当てます。割り当てた課は、その施策の報告を入力・提出できるようになります。'),
    h('div', { class: 'scroll' }, h('table', { class: 'assignments' },
      h('caption', {}, `関係各課の施策（${measures.length}施策）`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '施策'), h('th', { scope: 'col' }, '計画上の担当'), h('th', { scope: 'col' }, '割り当てた課'), h('th', { scope: 'col' }, '操作'))),
      h('tbody', {}, measures.map((m) => h('tr', {},
        h('th', { scope: 'row' }, `施策${m.number} ${m.title}`),
        h('td', {}, m.owners.map((c) => departmentName(plan, c)).join('・')),
        h('td', {}, m.assignedDepartments.length ? m.assignedDepartments.map((d) => d.name).join('・') : h('span', { class: 'muted' }, '未割当て')),
        h('td', {}, h('a', { href: `#/hq/assign/${m.number}` }, '変更する', h('span', { class: 'visually-hidden' }, `（施策${m.number}）`))),
      ))))),
  );
}

/** One measure's assignment: the plan's departments as checkboxes, plus departments the plan does not name. */
export async function assignmentEditView(number: number): Promise<void> {
  const plan = await getPlan();
  const measure = plan.measures.find((m) => m.number === number);
  if (!measure || !measure.owners.includes(ASSIGNED_DEPARTMENTS)) {
    return render(h('h1', {}, '関係各課の割当て'), errorBox(`施策${number}は「関係各課」の施策ではありません`), h('p', {}, h('a', { href: '#/hq/assign' }, '一覧へ戻る')));
  }
  const loaded = await call<Assignment>(`/measures/${number}/departments`);
  let etag = loaded.etag;
  let current = loaded.data;
  const named = new Set(measure.owners);
  const status = h('div', { role: 'status' });
  const list = h('div', { class: 'checks' });
  const box = (d: Department, checked: boolean, extra = false) => {
    const id = `d-${d.code}`;
    return h('span', { class: 'check' },
      h('input', { type: 'checkbox', id, value: d.code, checked, 'data-name': extra ? d.name : null }),
      h('label', { for: id }, d.name, extra ? h('span', { class: 'muted' }, `（${d.code}・計画にない課）`) : null));
  };
  const fill = (assignment: Assignment) => {
    const chosen = new Set(assignment.departments.map((d) => d.code));
    const planCodes = new Set(plan.departments.map((d) => d.code));
    list.replaceChildren(
      ...plan.departments.filter((d) => !named.has(d.code)).map((d) => box(d, chosen.has(d.code))),
      ...assignment.departments.filter((d) => !planCodes.has(d.code)).map((d) => box(d, true, true)),
    );
  };
  fill(current);

  // A department the plan does not list: its code (for tokens and groups) and name, checked with the shared schema.
  const code = h('input', { id: 'new-code', type: 'text', autocomplete: 'off', 'aria-describedby': 'new-code-hint new-code-error' }) as HTMLInputElement;
  const name = h('input', { id: 'new-name', type: 'text', autocomplete: 'off', 'aria-describedby': 'new-name-error' }) as HTMLInputElement;
  const codeError = h('p', { id: 'new-code-error', class: 'field-error', hidden: true });
  const nameError = h('p', { id: 'new-name-error', class: 'field-error', hidden: true });
  const setError = (input: HTMLInputElement, node: HTMLElement, message: string | null) => {
    node.textContent = message ?? '';
    node.hidden = !message;
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
  };
  const add = () => {
    const parsed = departmentCodeSchema.safeParse(code.value.trim());
    const taken = parsed.success && list.querySelector(`input[value="${parsed.data}"]`);
    setError(code, codeError, !parsed.success ? parsed.error.issues[0]!.message : taken ? 'この課コードは既に一覧にあります' : null);
    const trimmed = name.value.trim();
    setError(name, nameError, trimmed === '' ? '課の名称を入力してください' : trimmed.length > 50 ? '課の名称は50文字以内です' : null);
    if (!parsed.success || taken || trimmed === '' || trimmed.length > 50) {
      (codeError.hidden ? name : code).focus();
      return;
    }
    list.append(box({ code: parsed.data, name: trimmed }, true, true));
    code.value = '';
    name.value = '';
    announce(`${trimmed}を追加しました。保存すると割り当てが確定します`);
  };

  const form = h('form', { class: 'card', novalidate: true },
    h('fieldset', {}, h('legend', {}, '報告する課（複数選べます）'), list),
    h('details', { class: 'add-department' },
      h('summary', {}, '計画にない課を追加する'),
      h('div', { class: 'field' }, h('label', { for: 'new-code' }, '課コード'), h('p', { id: 'new-code-hint', class: 'hint' }, '英小文字・数字・ハイフン（例: toshi-keikaku）'), code, codeError),
      h('div', { class: 'field' }, h('label', { for: 'new-name' }, '課の名称'), name, nameError),
      h('button', { type: 'button', onclick: add }, '一覧に追加')),
    status,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '保存する')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const departments = [...list.querySelectorAll<HTMLInputElement>('input:checked')].map((input) =>
      input.dataset.name ? { code: input.value, name: input.dataset.name } : { code: input.value });
    try {
      const result = await call<Assignment>(`/measures/${number}/departments`, { method: 'PUT', body: { departments }, ifMatch: etag });
      etag = result.etag;
      current = result.data;
      forgetPlan();
      status.replaceChildren(h('p', { class: 'alert alert-ok' }, `保存しました（${current.departments.map((d) => d.name).join('・') || '割当てなし'}、版${current.version}）`));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 412 || error.status === 428)) {
        const latest = await call<Assignment>(`/measures/${number}/departments`);
        status.replaceChildren(h('div', { class: 'alert alert-warning', role: 'alert' },
          h('p', {}, '他の人が先に割当てを変更しました。'),
          h('p', {}, `現在の割当て（版${latest.data.version}）: ${latest.data.departments.map((d) => d.name).join('・') || 'なし'}`),
          h('p', {}, `あなたの選択: ${departments.map((d) => ('name' in d ? d.name : departmentName(plan, d.code))).join('・') || 'なし'}`),
          h('button', { type: 'button', onclick: () => { etag = latest.etag; current = latest.data; fill(current); status.replaceChildren(h('p', {}, '最新の割当てを読み込みました。選び直して保存してください。')); } }, '最新の割当てを読み込む')));
      } else if (!(error instanceof ApiError && error.status === 401)) {
        status.replaceChildren(errorBox(problemText(error, '保存できませんでした')));
      }
    }
  });

  render(
    h('p', { class: 'crumbs' }, h('a', { href: '#/hq/assign' }, '関係各課の割当て一覧へ戻る')),
    h('h1', {}, `関係各課の割当て：施策${measure.number} ${measure.title}`),
    h('p', {}, `計画上の担当: ${measure.owners.map((c) => departmentName(plan, c)).join('・')}。計画で名前のある課は、割り当てなくても報告できます。`),
    form,
  );
}
