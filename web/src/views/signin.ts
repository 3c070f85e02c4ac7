import { call } from '../api.ts';
import { h, render } from '../dom.ts';
import { isLocal, returnRoute, setToken, startCognitoSignIn } from '../session.ts';
import { forgetSession } from '../state.ts';

/** Departments as the plan lists them, for the development sign-in (the plan route is public to signed-in users only). */
const DEPARTMENTS: [string, string][] = [
  ['sogo-seisaku', '総合政策課'], ['shomu', '庶務課'], ['zaisei', '財政課'], ['kaikei', '会計課'], ['kiki-kanri', '危機管理室'],
  ['zeimu', '税務課'], ['brand-senryaku', 'ブランド戦略推進課'], ['jogesuido', '上下水道課'], ['fukushi', '福祉課'],
  ['shoko-kanko', '商工観光課'], ['shogai-gakushu', '生涯学習課'], ['seikatsu-kankyo', '生活環境課'], ['kenko-suishin', '健康推進課'],
];

export function signInView(): void {
  if (!isLocal()) {
    render(
      h('h1', {}, 'サインイン'),
      h('p', {}, '職員のアカウントでサインインしてください。'),
      h('button', { type: 'button', class: 'primary', onclick: () => void startCognitoSignIn() }, 'サインイン画面へ'),
    );
    return;
  }
  const role = h('select', { id: 'role', name: 'role' },
    h('option', { value: 'department' }, '各課（担当施策の報告）'),
    h('option', { value: 'hq' }, '行財政改革推進本部（総合政策課）'),
    h('option', { value: 'viewer' }, '行財政改革推進懇談会（閲覧）'),
  ) as HTMLSelectElement;
  const department = h('select', { id: 'department', name: 'department' }, DEPARTMENTS.map(([code, name]) => h('option', { value: code }, name))) as HTMLSelectElement;
  const user = h('input', { id: 'user', name: 'user', value: 'yamada', autocomplete: 'username' }) as HTMLInputElement;
  const departmentRow = h('p', {}, h('label', { for: 'department' }, '課'), department);
  role.addEventListener('change', () => (departmentRow.hidden = role.value !== 'department'));
  const form = h('form', { class: 'card', novalidate: true },
    h('p', {}, h('label', { for: 'role' }, '立場'), role),
    departmentRow,
    h('p', {}, h('label', { for: 'user' }, '利用者ID'), user),
    h('button', { type: 'submit', class: 'primary' }, 'サインイン'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { data } = await call<{ token: string }>('/dev/token', {
      method: 'POST',
      body: { sub: user.value || 'user', role: role.value, ...(role.value === 'department' ? { department: department.value } : {}) },
    });
    setToken(data.token);
    forgetSession();
    location.hash = returnRoute();
  });
  render(h('h1', {}, 'サインイン（開発用）'), h('p', {}, 'ローカル環境の開発用サインインです。AWS では職員アカウントでサインインします。'), form);
}
