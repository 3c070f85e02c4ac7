import { ApiError } from './api.ts';
import { completeCognitoSignIn, loadConfig, rememberRoute, signOut, token } from './session.ts';
import { forgetSession, getMe, getPlan, permissions, routeFiscalYear } from './state.ts';
import type { Me, Permissions, Plan } from './state.ts';
import { html, nothing, show, showNavigation } from './ui.ts';
import { errorBox, notAllowed } from './views/messages.ts';
import { signInView } from './views/signin.ts';

/** Where the route points: `#/hq/assign/3?fy=<年度>` → parts ['hq', 'assign', '3'] and the year. */
interface Destination {
  parts: string[];
  fy: number;
  params: URLSearchParams;
}

/**
 * A screen: who may open it (a screen someone may not use is refused by URL too, not only left out of the menu),
 * its code (`load`, a dynamic import: each screen is a chunk of its own) and how to draw it from that code.
 */
interface Route {
  allowed?: (may: Permissions) => boolean;
  load: () => Promise<unknown>;
  view: (module: unknown, to: Destination) => Promise<void> | void;
}

/** A Route whose `view` is typed by what its `load` gives. */
function screen<M>(load: () => Promise<M>, view: (module: M, to: Destination) => Promise<void> | void, allowed?: (may: Permissions) => boolean): Route {
  return { allowed, load, view: (module, to) => view(module as M, to) };
}

const kindOf = (part: string | undefined) => (part === 'kpi' ? 'kpi' : 'action');

/**
 * Every screen, by the first one or two parts of its route. A new screen is one line here (and, if it
 * belongs in the menu, one in `menu` below). Every screen is imported when opened, departments' too: the first
 * load carries only the router, the API client and the sign-in (vite.config.ts's budget): Lighthouse measured HQ's
 * overview waiting on departments' screens' code, and on zod that their labels bring, before its first paint.
 */
const ROUTES: Record<string, Route> = {
  department: screen(
    () => import('./views/department.ts'),
    (m, { fy }) => m.departmentView(fy),
    (may) => may.canReport,
  ),
  measures: screen(
    () => import('./views/measure.ts'),
    (m, { parts, fy }) => m.measureView(parts[1] ?? '', fy),
  ),
  // A KPI may take a year before the plan's (33-K1/K2: FY2025); the form checks the year asked for against the KPI.
  report: screen(
    () => import('./views/report-form/index.ts'),
    (m, { parts, fy, params }) =>
      m.reportFormView(kindOf(parts[1]), parts[2] ?? '', fy, Number(params.get('fy')) || undefined, params.get('department') ?? undefined),
  ),
  history: screen(
    () => import('./views/history.ts'),
    (m, { parts, fy, params }) => m.historyView(kindOf(parts[1]), parts[2] ?? '', fy, params.get('department') ?? undefined),
    (may) => may.canSeeHistory,
  ),
  years: screen(
    () => import('./views/years.ts'),
    (m, { parts, fy }) => m.actionItemYearsView(parts[2] ?? '', fy),
  ),
  viewer: screen(
    () => import('./views/overview.ts'),
    (m, { fy, params }) => m.overviewView(fy, params),
    (may) => may.canSeeOverview,
  ),
  'viewer/attainment': screen(
    () => import('./views/attainment.ts'),
    (m, { fy }) => m.attainmentView(fy),
    (may) => may.canSeeOverview,
  ),
  'hq/overview': screen(
    () => import('./views/overview.ts'),
    (m, { fy, params }) => m.overviewView(fy, params),
    (may) => may.canReview,
  ),
  'hq/review': screen(
    () => import('./views/review.ts'),
    (m, { fy }) => m.reviewQueueView(fy),
    (may) => may.canReview,
  ),
  'hq/attainment': screen(
    () => import('./views/attainment.ts'),
    (m, { fy }) => m.attainmentView(fy),
    (may) => may.canReview,
  ),
  'hq/assign': screen(
    () => import('./views/assignments.ts'),
    (m, { parts }) => (parts[2] ? m.assignmentEditView(parts[2]) : m.assignmentsView()),
    (may) => may.canAssign,
  ),
  'hq/plans': screen(
    () => import('./views/plans.ts'),
    (m, { parts }) => m.plansView(parts[2]),
    (may) => may.canAssign,
  ),
  'hq/digest': screen(
    () => import('./views/digest.ts'),
    (m, { fy }) => m.digestView(fy),
    (may) => may.canSendDigest,
  ),
  excel: screen(
    () => import('./views/excel.ts'),
    (m, { fy, params }) => m.excelView(fy, params),
    (may) => may.canImport,
  ),
  'report/annual': screen(
    () => import('./views/report.ts'),
    (m, { fy }) => m.annualReportView(fy),
    (may) => may.canSeeOverview,
  ),
  search: screen(
    () => import('./views/search.ts'),
    (m, { fy, params }) => m.searchView(params.get('q') ?? '', fy),
  ),
  'settings/notices': screen(
    () => import('./views/notices.ts'),
    (m) => m.noticeSettingsView(),
  ),
  'hq/notices': screen(
    () => import('./views/notices.ts'),
    (m, { fy }) => m.sentNoticesView(fy),
    (may) => may.canSendDigest,
  ),
  opinions: screen(
    () => import('./views/opinions.ts'),
    (m, { fy }) => m.opinionsView(fy),
    (may) => may.canRecordOpinion,
  ),
};

/** The first screen after signing in: what the person is there to do. */
function home(may: Permissions): string {
  if (may.canReview) return '#/hq/overview';
  if (may.canReport) return '#/department';
  return '#/viewer';
}

/** The menu: only screens the person may open. Links that show a year keep the year being looked at. */
function menu(me: Me, may: Permissions): [string, string][] {
  return [
    ...(may.canReport && me.departments.length ? [['#/department', '担当施策'] as [string, string]] : []),
    ...(may.canReview
      ? ([
          ['#/hq/overview', '全体状況'],
          ['#/hq/review', '審査待ち'],
          ['#/hq/attainment', 'KPI達成度'],
        ] as [string, string][])
      : may.canSeeOverview
        ? ([
            ['#/viewer', '承認済みの進捗'],
            ['#/viewer/attainment', 'KPI達成度'],
          ] as [string, string][])
        : []),
    ...(may.canImport ? [['#/excel', 'Excelで記入'] as [string, string]] : []),
    ...(may.canSeeOverview ? [['#/report/annual', '進捗状況報告書'] as [string, string]] : []),
    ...(may.canRecordOpinion ? [['#/opinions', '懇談会の意見'] as [string, string]] : []),
    ...(may.canAssign ? [['#/hq/assign', '関係各課の割当て'] as [string, string], ['#/hq/plans', '計画の管理'] as [string, string]] : []),
    ...(may.canSendDigest ? [['#/hq/digest', '年次ダイジェスト'] as [string, string], ['#/hq/notices', '送信した通知'] as [string, string]] : []),
  ];
}

function navigation(me: Me | undefined, fy?: number) {
  if (!me) return nothing;
  const may = permissions(me);
  const current = location.hash.split('?')[0]!.split('/').slice(0, 3).join('/');
  const who = me.departments.length ? `${me.departments.map((d) => d.name).join('・')}（${me.sub}${may.canConfirm ? '・所属長' : ''}）` : me.name;
  return html`
    <ul>${menu(me, may).map(([href, text]) => html`<li><a href=${fy && href !== '#/hq/assign' ? `${href}?fy=${fy}` : href} aria-current=${current === href ? 'page' : nothing}>${text}</a></li>`)}</ul>
    <form role="search" aria-label="サイト内検索" class="header-search" @submit=${(e: Event) => {
      e.preventDefault();
      const q = new FormData(e.target as HTMLFormElement).get('q');
      location.hash = `#/search?q=${encodeURIComponent(String(q ?? ''))}${fy ? `&fy=${fy}` : ''}`;
    }}><input name="q" type="search" maxlength="100" aria-label="施策・取組・報告を検索" placeholder="施策・報告を検索" /><button type="submit">検索</button></form>
    <span class="who">${who}</span>
    ${may.canSetNotices ? html`<a href="#/settings/notices" aria-current=${current === '#/settings/notices' ? 'page' : nothing}>通知の設定</a>` : nothing}
    <button type="button" class="link" @click=${() => {
      forgetSession();
      signOut();
    }}>サインアウト</button>`;
}

/** The header and the tab name the plan in use (its title as the plan states it): the plan's data, never the page's. */
function showPlanTitle(plan: Plan): void {
  document.getElementById('plan-title')!.textContent = plan.title;
  document.title = `Shinchoku（進捗）${plan.title}`;
}

async function route(): Promise<void> {
  const [path = '#/', query = ''] = location.hash.split('?');
  const params = new URLSearchParams(query);
  if (path === '#/signin' || !token()) {
    showNavigation(nothing);
    if (path !== '#/signin') {
      // A deep link opened before signing in: come back to it afterwards.
      rememberRoute(false);
      location.hash = '#/signin';
      return;
    }
    return signInView();
  }
  // Keys travel encoded in links (encodeURIComponent); the views get them as the plan spells them.
  const parts = path.split('/').slice(1).map(decodeURIComponent);
  const found: Route | undefined = ROUTES[parts.slice(0, 2).join('/')] ?? ROUTES[parts[0] ?? ''];
  const [me, fy, plan] = await Promise.all([getMe(), routeFiscalYear(params), getPlan()]);
  const may = permissions(me);
  showPlanTitle(plan);
  showNavigation(navigation(me, fy));
  if (!found) {
    location.hash = home(may);
    return;
  }
  if (found.allowed && !found.allowed(may)) return show(notAllowed());
  // The screen's code is asked for only now, once the header is drawn: asked for beside the plan, on a slow line it
  // shared the bandwidth with the plan and delayed the header (Lighthouse's largest paint) by about what it saved.
  const module = await found.load();
  // Its modules have just run their set-up (zod builds its schemas as it loads): the screen is drawn in a task of
  // its own, not in one long task with that (Lighthouse counted it against departments' home).
  await new Promise((next) => setTimeout(next, 0));
  return found.view(module, { parts, fy, params });
}

async function run(): Promise<void> {
  const address = location.hash;
  try {
    await route();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    show(
      html`<h1>表示できませんでした</h1>${errorBox(error instanceof ApiError ? error.problem.detail : '通信に失敗しました。時間をおいて再読み込みしてください。')}`,
    );
  } finally {
    // The address whose screen is now drawn (its first part: a screen drawn in parts, the overview, says aria-busy
    // until its last), or its error. Until then the previous screen may still show under the new address.
    document.body.dataset.drawn = address;
  }
}

/** Navigations run one after another, so a slow earlier screen can never paint over a later one. */
let navigating: Promise<void> = Promise.resolve();
function navigate(): Promise<void> {
  navigating = navigating.then(run);
  return navigating;
}

await loadConfig();
await completeCognitoSignIn();
window.addEventListener('hashchange', () => void navigate());
void navigate();
