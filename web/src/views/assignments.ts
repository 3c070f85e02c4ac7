import { ASSIGNED_DEPARTMENTS, departmentCodeSchema } from '../../../functions/domain/catalogue/schema.ts';
import type { Department } from '../../../functions/domain/catalogue/schema.ts';
import type { Assignment } from '../../../functions/contract/index.ts';
import { ApiError, call } from '../api.ts';
import { departmentName, forgetPlan, getPlan } from '../state.ts';
import { announce, focusLater, html, live, mount, nothing, show } from '../ui.ts';
import type { Template } from '../ui.ts';
import { conflictOf, isConflict } from '../models/conflict.ts';
import { errorBox, okBox, problemText } from './common.ts';
import { conflictPanel } from './conflict-panel.ts';

/** 関係各課の割当て: the measures the plan leaves to 関係各課, and whom HQ has named for each. */
export async function assignmentsView(): Promise<void> {
  const plan = await getPlan();
  const measures = plan.measures.filter((m) => m.owners.includes(ASSIGNED_DEPARTMENTS));
  show(html`
    <h1>関係各課の割当て</h1>
    <p>計画で担当が「関係各課」とされている施策について、報告する課を割り当てます。割り当てた課は、その施策の報告を入力・提出できるようになります。</p>
    <table class="assignments stack">
      <caption>関係各課の施策（${measures.length}施策）</caption>
      <thead><tr><th scope="col">施策</th><th scope="col">計画上の担当</th><th scope="col">割り当てた課</th><th scope="col">操作</th></tr></thead>
      <tbody>${measures.map(
        (m) => html`<tr>
        <th scope="row">${m.label} ${m.title}</th>
        <td data-label="計画上の担当">${m.owners.map((c) => departmentName(plan, c)).join('・')}</td>
        <td data-label="割り当てた課">${m.assignedDepartments.length ? m.assignedDepartments.map((d) => d.name).join('・') : html`<span class="muted">未割当て</span>`}</td>
        <td data-label="操作"><a href="#/hq/assign/${encodeURIComponent(m.key)}">変更する<span class="visually-hidden">（${m.label}）</span></a></td>
      </tr>`,
      )}</tbody>
    </table>`);
}

interface EditState {
  etag: string | null;
  /** Every department offered, in order; `extra` ones are not in the plan (HQ typed their code and name). */
  offered: (Department & { extra?: boolean })[];
  chosen: Set<string>;
  code: string;
  name: string;
  codeError?: string;
  nameError?: string;
  status: Template;
}

/** One measure's assignment: the plan's departments as checkboxes, plus departments the plan does not name. */
/** `key`: the measure's key, as the route carries it (#/hq/assign/16). */
export async function assignmentEditView(key: string): Promise<void> {
  const plan = await getPlan();
  const measure = plan.measures.find((m) => m.key === key);
  if (!measure?.owners.includes(ASSIGNED_DEPARTMENTS)) {
    return show(
      html`<h1>関係各課の割当て</h1>${errorBox(`${measure?.label ?? `施策「${key}」`}は「関係各課」の施策ではありません`)}<p><a href="#/hq/assign">一覧へ戻る</a></p>`,
    );
  }
  const named = new Set(measure.owners);
  const planCodes = new Set(plan.departments.map((d) => d.code));
  const offer = (assignment: Assignment) => [
    ...plan.departments.filter((d) => !named.has(d.code)),
    ...assignment.departments.filter((d) => !planCodes.has(d.code)).map((d) => ({ ...d, extra: true })),
  ];
  const loaded = await call('assignmentSchema', `/measures/${encodeURIComponent(key)}/departments`);

  const screen = mount<EditState>(
    { etag: loaded.etag, offered: offer(loaded.data), chosen: new Set(loaded.data.departments.map((d) => d.code)), code: '', name: '', status: nothing },
    ({ state }) => {
      const toggle = (code: string, on: boolean) => {
        const chosen = new Set(state.chosen);
        if (on) chosen.add(code);
        else chosen.delete(code);
        screen.set({ chosen });
      };
      // A department the plan does not list: its code (for tokens and groups) and name, checked with the shared schema.
      const add = () => {
        const parsed = departmentCodeSchema.safeParse(state.code.trim());
        const taken = parsed.success && state.offered.some((d) => d.code === parsed.data);
        const trimmed = state.name.trim();
        const codeError = !parsed.success ? parsed.error.issues[0]!.message : taken ? 'この課コードは既に一覧にあります' : undefined;
        const nameError = trimmed === '' ? '課の名称を入力してください' : trimmed.length > 50 ? '課の名称は50文字以内です' : undefined;
        if (codeError || nameError || !parsed.success) {
          screen.set({ codeError, nameError });
          return focusLater(codeError ? '#new-code' : '#new-name');
        }
        screen.set({
          offered: [...state.offered, { code: parsed.data, name: trimmed, extra: true }],
          chosen: new Set([...state.chosen, parsed.data]),
          code: '',
          name: '',
          codeError: undefined,
          nameError: undefined,
        });
        announce(`${trimmed}を追加しました。保存すると割り当てが確定します`);
      };
      const save = async (event: Event) => {
        event.preventDefault();
        const departments = state.offered.filter((d) => state.chosen.has(d.code)).map((d) => (d.extra ? { code: d.code, name: d.name } : { code: d.code }));
        try {
          const result = await call('assignmentSchema', `/measures/${encodeURIComponent(key)}/departments`, {
            method: 'PUT',
            body: { departments },
            ifMatch: state.etag,
          });
          forgetPlan();
          screen.set({
            etag: result.etag,
            status: okBox(`保存しました（${result.data.departments.map((d) => d.name).join('・') || '割当てなし'}、版${result.data.version}）`),
          });
        } catch (error) {
          if (isConflict(error)) {
            // The one conflict panel: the other person's assignment (from the 412 itself) beside the user's choice.
            const { current: latest, etag } = await conflictOf(error, 'assignmentSchema', `/measures/${encodeURIComponent(key)}/departments`);
            const names = (list: readonly { name?: string; code: string }[]) => list.map((d) => d.name ?? departmentName(plan, d.code)).join('・') || 'なし';
            screen.set({
              status: conflictPanel({
                title: '他の人が先に割当てを変更しました',
                who: latest.updatedBy?.name ?? '推進本部',
                version: latest.version,
                at: latest.updatedAt ?? new Date().toISOString(),
                rows: [{ label: '報告する課', theirs: names(latest.departments), mine: names(departments) }],
                reload: {
                  label: '相手の割当てを読み込む',
                  run: () =>
                    screen.set({
                      etag,
                      offered: offer(latest),
                      chosen: new Set(latest.departments.map((d) => d.code)),
                      status: html`<p>最新の割当てを読み込みました。選び直して保存してください。</p>`,
                    }),
                },
                // Keeping one's own choice is a save over their version, as the report form's 上書き.
                overwrite: {
                  label: '自分の選択で上書きする',
                  run: () => {
                    screen.set({ etag });
                    void save(new Event('submit'));
                  },
                },
              }),
            });
          } else if (!(error instanceof ApiError && error.status === 401)) {
            screen.set({ status: errorBox(problemText(error, '保存できませんでした')) });
          }
        }
      };
      const error = (id: string, message?: string) => html`<p id=${id} class="field-error" ?hidden=${!message}>${message ?? ''}</p>`;
      return html`
        <p class="crumbs"><a href="#/hq/assign">関係各課の割当て一覧へ戻る</a></p>
        <h1>関係各課の割当て：${measure.label} ${measure.title}</h1>
        <p>計画上の担当：${measure.owners.map((c) => departmentName(plan, c)).join('・')}。計画で名前のある課は、割り当てなくても報告できます。</p>
        <form class="card" novalidate @submit=${save}>
          <fieldset><legend>報告する課（複数選べます）</legend>
            <div class="checks">${state.offered.map(
              (d) => html`<span class="check">
              <input type="checkbox" id="d-${d.code}" value=${d.code} .checked=${live(state.chosen.has(d.code))} @change=${(e: Event) => toggle(d.code, (e.target as HTMLInputElement).checked)} />
              <label for="d-${d.code}">${d.name}${d.extra ? html`<span class="muted">（${d.code}・計画にない課）</span>` : nothing}</label>
            </span>`,
            )}</div>
          </fieldset>
          <details class="add-department">
            <summary>計画にない課を追加する</summary>
            <div class="field"><label for="new-code">課コード</label><p id="new-code-hint" class="hint">英小文字・数字・ハイフン（例：toshi-keikaku）</p>
              <input id="new-code" type="text" autocomplete="off" aria-describedby="new-code-hint new-code-error" aria-invalid=${state.codeError ? 'true' : 'false'}
                .value=${live(state.code)} @input=${(e: Event) => screen.set({ code: (e.target as HTMLInputElement).value })} />${error('new-code-error', state.codeError)}</div>
            <div class="field"><label for="new-name">課の名称</label>
              <input id="new-name" type="text" autocomplete="off" aria-describedby="new-name-error" aria-invalid=${state.nameError ? 'true' : 'false'}
                .value=${live(state.name)} @input=${(e: Event) => screen.set({ name: (e.target as HTMLInputElement).value })} />${error('new-name-error', state.nameError)}</div>
            <button type="button" @click=${add}>一覧に追加</button>
          </details>
          <div role="status">${state.status}</div>
          <div class="actions"><button type="submit" class="primary">保存する</button></div>
        </form>`;
    },
  );
}
