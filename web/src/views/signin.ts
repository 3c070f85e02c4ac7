import type { Department } from '../../../functions/domain/catalogue/schema.ts';
import { ApiError, call, typedAnswer } from '../api.ts';
import { apiBase, hasReturnRoute, isLocal, returnRoute, setToken, startCognitoSignIn } from '../session.ts';
import { forgetSession } from '../state.ts';
import type { Role } from '../state.ts';
import { html, live, mount, nothing, show } from '../ui.ts';
import type { Template } from '../ui.ts';
import { errorBox, problemText } from './messages.ts';

const LAST_CHOICE = 'shinchoku.signin';
let departments: Department[] | undefined;

/** The roles the development sign-in offers, in the words a city uses. */
const ROLES: [Role, string][] = [
  ['department', '各課の担当者（担当施策の報告）'],
  ['department_head', '所属長（課内確認して推進本部へ提出）'],
  ['hq', '行財政改革推進本部（総合政策課）'],
  ['viewer', '行財政改革推進懇談会（閲覧のみ）'],
];
const hasDepartment = (role: string) => role === 'department' || role === 'department_head';

/**
 * The plan's departments and those HQ added, from GET /api/plan. That route needs a token, so the development sign-in
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
  const { token } = typedAnswer('tokenSchema', await post.json());
  const plan = await fetch(`${apiBase()}/api/plan`, { headers: { authorization: `Bearer ${token}` } });
  if (!plan.ok) throw new ApiError({ status: plan.status, title: 'エラー', detail: '課の一覧を読み込めませんでした' });
  // Departments HQ added to a 関係各課 measure sign in like the plan's own (issue 12.4).
  const body = typedAnswer('planSchema', await plan.json());
  const added = body.measures.flatMap((m) => m.assignedDepartments).filter((d) => !body.departments.some((known) => known.code === d.code));
  departments = [...body.departments, ...new Map(added.map((d) => [d.code, d])).values()];
  return departments;
}

export async function signInView(): Promise<void> {
  const notice = hasReturnRoute()
    ? html`<div class="alert alert-warning" role="alert">サインインの有効期限が切れました。もう一度サインインすると、元の画面に戻り、保存していない入力も復元されます。</div>`
    : nothing;
  if (!isLocal()) {
    return show(html`<h1>サインイン</h1>${notice}<p>職員のアカウントでサインインしてください。</p>
      <button type="button" class="primary" @click=${() => void startCognitoSignIn()}>サインイン画面へ</button>`);
  }
  let list: Department[];
  try {
    list = await planDepartments();
  } catch (error) {
    return show(html`<h1>サインイン（開発用）</h1>${errorBox(problemText(error, 'サーバーに接続できません。npm start で起動しているか確認してください。'))}`);
  }
  const last = JSON.parse(sessionStorage.getItem(LAST_CHOICE) ?? '{}') as { role?: string; department?: string; sub?: string; email?: string };
  const screen = mount<{ role: string; department: string; sub: string; email: string; message: Template }>(
    {
      role: last.role ?? 'department',
      department: last.department ?? list[0]?.code ?? '',
      sub: last.sub ?? 'yamada',
      email: last.email ?? '',
      message: nothing,
    },
    ({ state }) => {
      const submit = async (event: Event) => {
        event.preventDefault();
        const email = state.email.trim();
        const choice = {
          role: state.role,
          sub: state.sub.trim() || 'user',
          ...(hasDepartment(state.role) ? { department: state.department } : {}),
          // The token's email claim, as Cognito's ID token carries it: where this person's notices go (the local SES).
          ...(email ? { email } : {}),
        };
        try {
          const { data } = await call('tokenSchema', '/dev/token', { method: 'POST', body: choice });
          sessionStorage.setItem(LAST_CHOICE, JSON.stringify(choice));
          setToken(data.token);
          forgetSession();
          location.hash = returnRoute();
        } catch (error) {
          screen.set({ message: errorBox(problemText(error, 'サインインできませんでした')) });
        }
      };
      const pick = (key: 'role' | 'department' | 'sub' | 'email') => (event: Event) => screen.set({ [key]: (event.target as HTMLInputElement).value });
      return html`
        <h1>サインイン（開発用）</h1>
        ${notice}
        <p>ローカル環境の開発用サインインです。AWS では職員のアカウント（多要素認証つき）でサインインします。</p>
        <form class="card signin" novalidate @submit=${submit}>
          <div class="field"><label for="role">立場</label>
            <select id="role" name="role" @change=${pick('role')}>${ROLES.map(([value, text]) => html`<option value=${value} ?selected=${value === state.role}>${text}</option>`)}</select></div>
          <div class="field" ?hidden=${!hasDepartment(state.role)}><label for="department">課</label>
            <select id="department" name="department" @change=${pick('department')}>${list.map((d) => html`<option value=${d.code} ?selected=${d.code === state.department}>${d.name}</option>`)}</select></div>
          <div class="field"><label for="user">利用者ID</label><p id="user-hint" class="hint">変更履歴に記録される名前です（開発用）</p>
            <input id="user" name="user" type="text" autocomplete="username" aria-describedby="user-hint" .value=${live(state.sub)} @input=${pick('sub')} /></div>
          <div class="field"><label for="email">メールアドレス（任意）</label><p id="email-hint" class="hint">通知メールの宛先です。空欄なら通知メールは届きません。ローカルでは npm start が表示する「メール受信箱」に届きます</p>
            <input id="email" name="email" type="email" autocomplete="email" aria-describedby="email-hint" .value=${live(state.email)} @input=${pick('email')} /></div>
          ${state.message}
          <button type="submit" class="primary">サインイン</button>
        </form>`;
    },
  );
}
