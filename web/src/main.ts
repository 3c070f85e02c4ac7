import { ApiError } from './api.ts';
import { h, render } from './dom.ts';
import { completeCognitoSignIn, loadConfig, rememberRoute, signOut, token } from './session.ts';
import { forgetSession, getMe, routeFiscalYear } from './state.ts';
import { errorBox } from './views/common.ts';
import { departmentView } from './views/department.ts';
import { assignmentEditView, assignmentsView } from './views/assignments.ts';
import { attainmentView } from './views/attainment.ts';
import { digestView } from './views/digest.ts';
import { historyView } from './views/history.ts';
import { overviewView } from './views/overview.ts';
import { reviewQueueView } from './views/review.ts';
import { measureView } from './views/measure.ts';
import { reportFormView } from './views/report-form.ts';
import { annualReportView } from './views/report.ts';
import { signInView } from './views/signin.ts';

function navigation(role: string | undefined, fy?: number, who?: string): HTMLElement[] {
  const links: [string, string][] =
    role === 'hq'
      ? [['#/hq/overview', '全体状況'], ['#/hq/review', '審査待ち'], ['#/hq/attainment', 'KPI達成度'], ['#/hq/assign', '関係各課の割当て'], ['#/hq/digest', '年次ダイジェスト'], ['#/report/annual', '進捗状況報告書']]
      : role === 'viewer'
        ? [['#/viewer', '承認済みの進捗'], ['#/viewer/attainment', 'KPI達成度'], ['#/report/annual', '進捗状況報告書']]
        : role === 'department'
          ? [['#/department', '担当施策']]
          : [];
  const current = location.hash.split('?')[0]!.split('/').slice(0, 3).join('/');
  return [
    h('ul', {}, links.map(([href, text]) => h('li', {}, h('a', { href: fy && href !== '#/hq/assign' ? `${href}?fy=${fy}` : href, 'aria-current': current === href ? 'page' : null }, text)))),
    ...(who ? [h('span', { class: 'who' }, who)] : []),
    ...(role ? [h('button', { type: 'button', class: 'link', onclick: () => { forgetSession(); signOut(); } }, 'サインアウト')] : []),
  ];
}

async function route(): Promise<void> {
  const [path = '#/', query = ''] = location.hash.split('?');
  const params = new URLSearchParams(query);
  const fy = routeFiscalYear(params);
  const nav = document.getElementById('nav')!;
  if (path === '#/signin' || !token()) {
    nav.replaceChildren(...navigation(undefined));
    if (path !== '#/signin') {
      // A deep link opened before signing in: come back to it afterwards.
      rememberRoute(false);
      location.hash = '#/signin';
      return;
    }
    return signInView();
  }
  const me = await getMe();
  nav.replaceChildren(...navigation(me.role, fy, me.role === 'department' ? `${me.departments.map((d) => d.name).join('・')}（${me.sub}）` : me.name));
  const parts = path.split('/').slice(1);
  switch (parts[0]) {
    case 'department':
      return departmentView(fy);
    case 'measures':
      return measureView(Number(parts[1]), fy);
    case 'report':
      if (parts[1] === 'annual') return annualReportView(fy);
      return reportFormView(parts[1] === 'kpi' ? 'kpi' : 'action', parts[2] ?? '', fy);
    case 'history':
      return historyView(parts[1] === 'kpi' ? 'kpi' : 'action', parts[2] ?? '', fy);
    case 'viewer':
      return parts[1] === 'attainment' ? attainmentView(fy) : overviewView(fy, params);
    case 'hq':
      if (parts[1] === 'review') return reviewQueueView(fy);
      if (parts[1] === 'assign') return parts[2] ? assignmentEditView(Number(parts[2])) : assignmentsView();
      if (parts[1] === 'attainment') return attainmentView(fy);
      if (parts[1] === 'digest') return digestView(fy);
      return overviewView(fy, params);
    default:
      location.hash = me.role === 'hq' ? '#/hq/overview' : me.role === 'viewer' ? '#/viewer' : '#/department';
  }
}

async function run(): Promise<void> {
  try {
    await route();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    render(h('h1', {}, '表示できませんでした'), errorBox(error instanceof ApiError ? error.problem.detail : '通信に失敗しました。時間をおいて再読み込みしてください。'));
  }
}

/** Navigations run one after another, so a slow earlier screen can never paint over a later one. */
let navigating: Promise<void> = Promise.resolve();
function show(): Promise<void> {
  navigating = navigating.then(run);
  return navigating;
}

await loadConfig();
await completeCognitoSignIn();
window.addEventListener('hashchange', () => void show());
void show();
