import type { Department } from '../../../functions/domain/catalogue/schema.ts';
import { ApiError, call } from '../api.ts';
import { h, render } from '../dom.ts';
import { apiBase, hasReturnRoute, isLocal, returnRoute, setToken, startCognitoSignIn } from '../session.ts';
import { forgetSession } from '../state.ts';
import { errorBox, problemText } from './common.ts';

const LAST_CHOICE = 'shinchoku.signin';
let departments: Department[] | undefined;

/**
 * The plan's departments, from GET /api/plan. That route needs a token, so the development sign-in
 * borrows a read-only 推進懇談会 token for this one call and then forgets it.
 */
async function planDepartments(): Promise<Department[]> {
  if (departments) return departments;
  const post = await fetch(`${apiBase()}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: 'signin-page', role: 'viewer' }),
  });
  if (!post.ok) throw new ApiError({ status: post.status, title: 'エラー', detail: '開発用サインインが使えません（AUTH_MODE=local で起動してください）' });
  const { token } = (await post.json()) as { token: string };
  const plan = await fetch(`${apiBase()}/api/plan`, { headers: { authorization: `Bearer ${token}` } });
  if (!plan.ok) throw new ApiError({ status: plan.status, title: 'エラー', detail: '課の一覧を読み込めませんでした' });
  departments = ((await plan.json()) as { departments: Department[] }).departments;
  return departments;
}

export async function signInView(): Promise<void> {
  const expired = hasReturnRoute();
  const notice = expired
    ? h('div', { class: 'alert alert-warning', role: 'alert' }, 'サインインの有効期限が切れました。もう一度サインインすると、元の画面に戻り、保存していない入力も復元されます。')
    : null;
  if (!isLocal()) {
    render(
      h('h1', {}, 'サインイン'),
      notice,
      h('p', {}, '職員のアカウントでサインインしてください。'),
      h('button', { type: 'button', class: 'primary', onclick: () => void startCognitoSignIn() }, 'サインイン画面へ'),
    );
    return;
  }
  let list: Department[];
  try {
    list = await planDepartments();
  } catch (error) {
    render(h('h1', {}, 'サインイン（開発用）'), errorBox(problemText(error, 'サーバーに接続できません。npm start で起動しているか確認してください。')));
    return;
  }
  const last = JSON.parse(sessionStorage.getItem(LAST_CHOICE) ?? '{}') as { role?: string; department?: string; sub?: string };
  const role = h('select', { id: 'role', name: 'role' },
    h('option', { value: 'department', selected: last.role === 'department' }, '各課（担当施策の報告）'),
    h('option', { value: 'hq', selected: last.role === 'hq' }, '行財政改革推進本部（総合政策課）'),
    h('option', { value: 'viewer', selected: last.role === 'viewer' }, '行財政改革推進懇談会（閲覧のみ）'),
  ) as HTMLSelectElement;
  const department = h('select', { id: 'department', name: 'department' },
    list.map((d) => h('option', { value: d.code, selected: d.code === last.department }, d.name))) as HTMLSelectElement;
  const user = h('input', { id: 'user', name: 'user', type: 'text', value: last.sub ?? 'yamada', autocomplete: 'username', 'aria-describedby': 'user-hint' }) as HTMLInputElement;
  const departmentRow = h('div', { class: 'field', hidden: role.value !== 'department' }, h('label', { for: 'department' }, '課'), department);
  role.addEventListener('change', () => (departmentRow.hidden = role.value !== 'department'));
  const message = h('div', {});
  const form = h('form', { class: 'card signin', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'role' }, '立場'), role),
    departmentRow,
    h('div', { class: 'field' }, h('label', { for: 'user' }, '利用者ID'), h('p', { id: 'user-hint', class: 'hint' }, '変更履歴に記録される名前です（開発用）'), user),
    message,
    h('button', { type: 'submit', class: 'primary' }, 'サインイン'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const choice = { role: role.value, sub: user.value.trim() || 'user', ...(role.value === 'department' ? { department: department.value } : {}) };
    try {
      const { data } = await call<{ token: string }>('/dev/token', { method: 'POST', body: choice });
      sessionStorage.setItem(LAST_CHOICE, JSON.stringify(choice));
      setToken(data.token);
      forgetSession();
      location.hash = returnRoute();
    } catch (error) {
      message.replaceChildren(errorBox(problemText(error, 'サインインできませんでした')));
    }
  });
  render(
    h('h1', {}, 'サインイン（開発用）'),
    notice,
    h('p', {}, 'ローカル環境の開発用サインインです。AWS では職員のアカウント（多要素認証つき）でサインインします。'),
    form,
  );
}
