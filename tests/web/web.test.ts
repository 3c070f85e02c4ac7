import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/browser.ts';
import { overviewDrawn, SCREENSHOTS, screenDrawn, useWebSystem, signInAs, submitReport } from '../support/web-app.ts';
import type { Who } from '../support/web-app.ts';
import type { AxeViolation } from '../support/browser.ts';
import { readSentEmails } from '../../scripts/local/ses-local.ts';
import { eventually } from '../support/processes.ts';

const root = resolve(import.meta.dirname, '../..');
const shots = SCREENSHOTS;
// This file covers a deployment that turns 課内確認 off (staff submit straight to HQ);
// head-confirmation.test.ts covers the default.
const web = useWebSystem({ HEAD_CONFIRMATION: 'off' });

/** A fresh browser profile signed in through the development sign-in page, as a person would. */
const signIn = (who: Who, viewport?: { width: number; height: number }) => signInAs(web.browser, web.url, who, viewport);

async function open(page: Page, hash: string, heading: string | RegExp) {
  await page.goto(`${web.url}/${hash}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await screenDrawn(page);
  // The overview draws itself a part per task (views/overview.ts); its table says aria-busy="false" once all is there.
  if (heading === '全体状況' || heading === '承認済みの進捗（推進懇談会）') await overviewDrawn(page);
}

/** Calls the API from inside the page with the page's own token: what the signed-in person could do by hand. */
function apiFrom(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(`/api${path}`, {
        method,
        headers: { authorization: `Bearer ${sessionStorage.getItem('shinchoku.token')}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    },
    { method, path, body },
  );
}

/**
 * A write as the page's own user, with the ETag read just before it (what the form does), so a test can
 * set up a report's history quickly and then look at the screens.
 */
function writeFrom(page: Page, method: 'PUT' | 'POST', path: string, body: unknown, etagOf = path): Promise<{ status: number; text: string }> {
  return page.evaluate(
    async ({ method, path, body, etagOf }) => {
      const auth = { authorization: `Bearer ${sessionStorage.getItem('shinchoku.token')}` };
      // From the answer's version, as the app writes it: the header's tag arrives weak when the answer was compressed.
      const { version } = await (await fetch(`/api${etagOf}`, { headers: auth })).json();
      const etag = typeof version === 'number' ? `"${version}"` : null;
      const response = await fetch(`/api${path}`, {
        method,
        headers: { ...auth, 'content-type': 'application/json', ...(etag ? { 'if-match': etag } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    },
    { method, path, body, etagOf },
  );
}

/** Elements of the main area that stick out of the viewport sideways (ignoring 1-px visually hidden text). */
function outsideViewport(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('main *')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && (box.left < -0.5 || box.right > width + 0.5);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${(el.textContent ?? '').slice(0, 20)}`)
      .slice(0, 5);
  });
}

const report = '#/report/action/12-1?fy=2026';
const achievements = '実績（必須）';

describe('the web app', () => {
  it('takes a report from draft through return and resubmission to approval', async () => {
    const shomu = await signIn({ role: 'department', department: 'shomu' });
    await shomu.page.getByRole('heading', { level: 2, name: '施策12 定員管理の適正化・職員の適正配置' }).waitFor();
    await shomu.page.screenshot({ path: `${shots}/department-home.png`, fullPage: true });

    await open(shomu.page, report, /12-1 定員管理計画に基づく定員管理の適正化/);
    await shomu.page.getByLabel('実施中').check();
    await shomu.page.getByLabel('B：計画どおり').check();
    await shomu.page.getByLabel(achievements).fill('定員管理計画に基づき、職員数を適正化した。');
    await shomu.page.getByRole('button', { name: '下書き保存' }).click();
    await shomu.page.getByText('保存しました（下書き、版1）').waitFor();

    await shomu.page.reload();
    await shomu.page.getByRole('heading', { level: 1, name: /12-1/ }).waitFor();
    expect(await shomu.page.getByLabel(achievements).inputValue()).toBe('定員管理計画に基づき、職員数を適正化した。');
    expect(await shomu.page.getByLabel('実施中').isChecked()).toBe(true);
    await shomu.page.screenshot({ path: `${shots}/report-form.png`, fullPage: true });
    await submitReport(shomu.page);
    await shomu.page.getByText('↑ 提出済').waitFor();
    await shomu.page.getByText('提出済みのため編集できません').waitFor();

    // 税務課 neither sees the report in the app nor reaches it through the API with its own token.
    const zeimu = await signIn({ role: 'department', department: 'zeimu' });
    expect(await zeimu.page.getByText('施策12 定員管理の適正化').count()).toBe(0);
    await zeimu.page.goto(`${web.url}/${report}`);
    await zeimu.page.getByRole('heading', { level: 1, name: '表示できませんでした' }).waitFor();
    expect(await zeimu.page.locator('[role=alert]').innerText()).toContain('見つかりません');
    expect(await zeimu.page.locator('textarea').count()).toBe(0);
    expect((await apiFrom(zeimu.page, 'GET', '/fiscal-years/2026/action-reports/12-1')).status).toBe(404);
    expect((await apiFrom(zeimu.page, 'GET', '/fiscal-years/2026/reports')).text).not.toContain('"12-1"');
    const write = await apiFrom(zeimu.page, 'PUT', '/fiscal-years/2026/action-reports/12-1', { status: 'done', rating: 'A', achievements: '上書き' });
    expect([403, 404]).toContain(write.status);

    const hq = await signIn({ role: 'hq' });
    await open(hq.page, '#/hq/review?fy=2026', '審査待ち');
    await hq.page.screenshot({ path: `${shots}/review-queue.png`, fullPage: true });
    await hq.page.getByRole('link', { name: /12-1 定員管理計画/ }).click();
    await hq.page.getByRole('heading', { level: 1, name: /12-1/ }).waitFor();
    await hq.page.getByRole('button', { name: '差し戻す' }).click();
    await hq.page.getByText('差し戻しの理由を入力してください').waitFor();
    expect(await hq.page.getByLabel('コメント（差し戻しでは必須）').getAttribute('aria-invalid')).toBe('true');
    await hq.page.getByLabel('コメント（差し戻しでは必須）').fill('適正化した人数を記載してください。');
    await hq.page.getByRole('button', { name: '差し戻す' }).click();
    await hq.page.getByText('↩ 差戻し').waitFor();

    await shomu.page.reload();
    await shomu.page.getByText('差し戻しコメント（行財政改革推進本部（総合政策課））：').waitFor();
    expect(await shomu.page.getByRole('note').innerText()).toContain('適正化した人数を記載してください。');
    await shomu.page.screenshot({ path: `${shots}/returned.png`, fullPage: true });
    await shomu.page.getByLabel(achievements).fill('定員管理計画に基づき、職員数を3人適正化した。');
    await submitReport(shomu.page);
    await shomu.page.getByText('↑ 提出済').waitFor();

    // This time HQ approves straight from the queue.
    await open(hq.page, '#/hq/review?fy=2026', '審査待ち');
    const queued = hq.page.getByRole('article').filter({ hasText: '職員数を3人適正化した。' });
    expect(await queued.innerText()).toContain('提出：庶務課');
    await queued.getByRole('button', { name: /承認する/ }).click();
    await hq.page.getByRole('dialog').getByRole('button', { name: '承認する' }).click();
    await hq.page.locator('.alert-ok', { hasText: '12-1を承認しました' }).waitFor();
    await hq.page.getByText('審査待ちの報告はありません。').waitFor();
    await open(hq.page, '#/hq/overview?fy=2026', '全体状況');
    const row = hq.page.getByRole('row').filter({ hasText: '施策12 定員管理の適正化・職員の適正配置' });
    expect(await row.getByRole('listitem').filter({ hasText: '12-1' }).innerText()).toContain('承認済');
    await hq.page.screenshot({ path: `${shots}/hq-overview.png`, fullPage: true });

    await open(hq.page, '#/history/action/12-1?fy=2026', /変更履歴/);
    const history = await hq.page.locator('ol.history').innerText();
    for (const step of ['保存', '提出', '差し戻し', '承認']) expect(history).toContain(step);
    expect(history).toContain('職員数を3人適正化した。');

    const viewer = await signIn({ role: 'viewer' });
    const viewerRow = viewer.page.getByRole('row').filter({ hasText: '施策12' });
    expect(await viewerRow.getByRole('listitem').filter({ hasText: '12-1' }).innerText()).toContain('承認済');
    expect(await viewerRow.getByRole('listitem').filter({ hasText: '12-2' }).innerText()).toContain('未承認');
    // The council may download what it may read: the export holds approved rows only (tests/api/authorization.test.ts).
    expect(await viewer.page.getByRole('button', { name: 'CSVで出力' }).count()).toBe(1);
    for (const who of [shomu, zeimu, hq, viewer]) expect(who.errors).toEqual([]);
    await Promise.all([shomu.context.close(), zeimu.context.close(), hq.context.close(), viewer.context.close()]);
  }, 120_000);

  it('rejects a KPI value that is not a number, next to the field, and sends nothing', async () => {
    const { context, page } = await signIn({ role: 'department', department: 'shomu' });
    await open(page, '#/report/kpi/38-K1?fy=2026', /KPI 38-K1 男性の育児休業取得率/);
    const writes: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') writes.push(`${request.method()} ${request.url()}`);
    });
    await page.getByLabel('実績値').fill('九十');
    await page.getByLabel('時点').fill('2026-11-30');
    await page.getByRole('button', { name: '下書き保存' }).click();
    const message = page.locator('#e-value');
    await message.waitFor();
    expect(await message.innerText()).toBe('実績値は数値で入力してください');
    expect(await page.getByLabel('実績値').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('実績値').getAttribute('aria-describedby')).toContain('e-value');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-value');
    expect(writes).toEqual([]);
    await page.screenshot({ path: `${shots}/kpi-form-error.png`, fullPage: true });

    // Full-width digits are a number; the message goes as soon as the value is fixed.
    await page.getByLabel('実績値').fill('９２．５');
    await message.waitFor({ state: 'hidden' });
    await page.getByText('読み取った値：92.5%').waitFor();
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page.getByText('保存しました（下書き、版1）').waitFor();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^PUT .*\/api\/fiscal-years\/2026\/kpi-actuals\/38-K1$/);
    await submitReport(page);
    await page.getByText('↑ 提出済').waitFor();
    expect(writes[1]).toMatch(/^POST .*\/kpi-actuals\/38-K1\/submit$/);
    await context.close();
  });

  it("shows the server's field errors (problem+json errors[].path) next to the same fields", async () => {
    const { context, page } = await signIn({ role: 'department', department: 'shomu' });
    await open(page, '#/report/action/13-1?fy=2026', /13-1/);
    await page.getByLabel('検討中').check();
    await page.getByLabel('C：やや遅れ').check();
    await page.getByLabel(achievements).fill('採用方法の見直しを検討した。');
    // The form's own check passes; the request is altered on its way so that the real API rejects it.
    await page.route('**/api/fiscal-years/2026/action-reports/13-1', (route) =>
      route.request().method() === 'PUT'
        ? route.continue({ postData: JSON.stringify({ ...route.request().postDataJSON(), rating: 'E', achievements: 'あ'.repeat(4001) }) })
        : route.continue(),
    );
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page.locator('#e-rating').waitFor();
    expect(await page.locator('#e-rating').innerText()).toBe('自己評価をA〜Dから選んでください');
    expect(await page.locator('#e-achievements').innerText()).toBe('実績は4,000文字以内で入力してください');
    expect(await page.getByLabel('C：やや遅れ').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel(achievements).getAttribute('aria-invalid')).toBe('true');
    await page.unroute('**/api/fiscal-years/2026/action-reports/13-1');
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page.getByText('保存しました（下書き、版1）').waitFor();
    expect(await page.locator('#e-rating').isHidden()).toBe(true);
    await context.close();
  });

  it('shows what changed when someone else saved first, and offers to reload', async () => {
    const first = await signIn({ role: 'department', department: 'shomu' });
    const second = await signIn({ role: 'department', department: 'shomu' });
    const path = '#/report/action/35-1?fy=2026';
    for (const { page } of [first, second]) {
      await open(page, path, /35-1/);
      await page.getByLabel('実施中').check();
      await page.getByLabel('B：計画どおり').check();
    }
    await first.page.getByLabel(achievements).fill('ストレスチェックを全職員に実施した。');
    await first.page.getByRole('button', { name: '下書き保存' }).click();
    await first.page.getByText('保存しました（下書き、版1）').waitFor();
    // Said beside the buttons too, where the person is looking on a long form.
    expect(await first.page.locator('.report-form .actions .saved-note').innerText()).toBe('✓ 保存しました');

    await second.page.getByLabel(achievements).fill('集団分析を各課に返した。');
    await second.page.getByRole('button', { name: '下書き保存' }).click();
    await second.page.getByText(/が先に保存しました。あなたの入力はまだ残っています。/).waitFor();
    const changed = second.page.getByRole('row').filter({ hasText: '実績' });
    expect(await changed.innerText()).toContain('ストレスチェックを全職員に実施した。');
    expect(await changed.innerText()).toContain('集団分析を各課に返した。');
    await second.page.screenshot({ path: `${shots}/conflict.png`, fullPage: true });
    await second.page.getByRole('button', { name: '最新の内容を読み込む（自分の入力は破棄）' }).click();
    await second.page.getByText('✎ 下書き').waitFor();
    expect(await second.page.getByLabel(achievements).inputValue()).toBe('ストレスチェックを全職員に実施した。');
    await Promise.all([first.context.close(), second.context.close()]);
  });

  it('keeps unsaved input when the session expires and restores it after signing in again', async () => {
    const { context, page } = await signIn({ role: 'department', department: 'shomu' });
    await open(page, '#/report/action/12-3?fy=2026', /12-3/);
    await page.getByLabel('実施中').check();
    await page.getByLabel('A：計画以上').check();
    await page.getByLabel(achievements).fill('再任用職員を窓口に配置した。');
    await page.evaluate(() => sessionStorage.setItem('shinchoku.token', 'expired'));
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page.getByRole('heading', { level: 1, name: 'サインイン（開発用）' }).waitFor();
    await page.getByText('サインインの有効期限が切れました').waitFor();
    await page.getByLabel('課', { exact: true }).selectOption('shomu');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { level: 1, name: /12-3/ }).waitFor();
    // The form of the address signed back into, not one drawn before it (its restored input is what the tab would lose).
    await screenDrawn(page);
    expect(await page.getByLabel(achievements).inputValue()).toBe('再任用職員を窓口に配置した。');
    expect(await page.getByLabel('A：計画以上').isChecked()).toBe(true);
    await page.getByText('保存していない入力を復元しました。').waitFor();
    // Leaving with unsaved input asks first (beforeunload).
    const dialog = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const prompt = await dialog;
    expect(prompt.type()).toBe('beforeunload');
    await prompt.dismiss();
    expect(page.isClosed()).toBe(false);
    // Headless Chromium crashes, taking every other test's pages with it, when a context is closed over a
    // page whose beforeunload was dismissed; closing the page first (no beforeunload this time) does not.
    await page.close();
    await context.close();
  });

  it('lets HQ assign departments (one the plan does not name), chart KPIs and export', async () => {
    const hq = await signIn({ role: 'hq' });
    await open(hq.page, '#/hq/assign', '関係各課の割当て');
    await hq.page.getByRole('link', { name: /^変更する\s?（施策1）$/ }).click();
    await hq.page.getByRole('heading', { level: 1, name: /施策1 / }).waitFor();
    await hq.page.getByLabel('財政課').check();
    await hq.page.getByText('計画にない課を追加する').click();
    await hq.page.getByLabel('課コード').fill('都市計画課');
    await hq.page.getByRole('button', { name: '一覧に追加' }).click();
    expect(await hq.page.locator('#new-code-error').innerText()).toContain('英小文字');
    await hq.page.getByLabel('課コード').fill('toshi-keikaku');
    await hq.page.getByLabel('課の名称').fill('都市計画課');
    await hq.page.getByRole('button', { name: '一覧に追加' }).click();
    expect(await hq.page.getByLabel(/都市計画課/).isChecked()).toBe(true);
    await hq.page.getByRole('button', { name: '保存する' }).click();
    await hq.page.getByText('保存しました（財政課・都市計画課、版1）').waitFor();
    await open(hq.page, '#/hq/overview?fy=2026', '全体状況');
    expect(await hq.page.getByRole('row').filter({ hasText: '施策1 ' }).first().innerText()).toContain('都市計画課');

    await open(hq.page, '#/hq/attainment?fy=2026', 'KPI達成度');
    const chart = hq.page.locator('section').filter({ hasText: '38-K1' }).locator('svg[role=img]');
    expect(await chart.getAttribute('aria-label')).toMatch(/基準値 87\.5%.*目標値 90%.*実績値 令和8年度 92\.5%/);
    expect(await hq.page.getByRole('table', { name: '38-K1の値（グラフのデータ）' }).innerText()).toContain('92.5%');

    await open(hq.page, '#/hq/overview?fy=2026', '全体状況');
    const [download] = await Promise.all([hq.page.waitForEvent('download'), hq.page.getByRole('button', { name: 'CSVで出力' }).click()]);
    expect(download.suggestedFilename()).toBe('令和8年度_東根市第8次行財政改革推進プラン進捗報告.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('12-1');
    expect(hq.errors).toEqual([]);
    await hq.context.close();
  });

  it('has no axe-core violations on any main screen, at desktop and phone widths', async () => {
    const screens: { who: Who; hash: string; heading: string | RegExp; name: string }[] = [
      { who: { role: 'department', department: 'shomu' }, hash: '#/department?fy=2026', heading: /担当施策/, name: 'department' },
      { who: { role: 'department', department: 'shomu' }, hash: '#/measures/38?fy=2026', heading: /施策38/, name: 'measure' },
      { who: { role: 'department', department: 'shomu' }, hash: '#/report/action/12-2?fy=2026', heading: /12-2/, name: 'action-form' },
      { who: { role: 'department', department: 'shomu' }, hash: '#/report/kpi/36-K1?fy=2026', heading: /36-K1/, name: 'kpi-form' },
      { who: { role: 'hq' }, hash: '#/hq/overview?fy=2026', heading: '全体状況', name: 'overview' },
      { who: { role: 'hq' }, hash: '#/hq/review?fy=2026', heading: '審査待ち', name: 'review' },
      { who: { role: 'hq' }, hash: '#/report/action/12-1?fy=2026', heading: /12-1/, name: 'hq-report' },
      { who: { role: 'hq' }, hash: '#/hq/attainment?fy=2026', heading: 'KPI達成度', name: 'attainment' },
      { who: { role: 'hq' }, hash: '#/hq/assign', heading: '関係各課の割当て', name: 'assignments' },
      { who: { role: 'hq' }, hash: '#/hq/assign/1', heading: /関係各課の割当て：施策1 /, name: 'assignment-edit' },
      { who: { role: 'hq' }, hash: '#/hq/digest?fy=2026', heading: '年次ダイジェスト', name: 'digest' },
      { who: { role: 'hq' }, hash: '#/history/action/12-1?fy=2026', heading: /変更履歴/, name: 'history' },
      { who: { role: 'viewer' }, hash: '#/viewer?fy=2026', heading: /承認済みの進捗/, name: 'viewer' },
      { who: { role: 'viewer' }, hash: '#/viewer/attainment?fy=2026', heading: 'KPI達成度', name: 'viewer-attainment' },
      { who: { role: 'viewer' }, hash: '#/measures/12?fy=2026', heading: /施策12/, name: 'viewer-measure' },
    ];
    const found: Record<string, AxeViolation[]> = {};
    const signInPage = await web.browser.newPage();
    await signInPage.goto(web.url);
    await signInPage.getByLabel('立場').waitFor();
    found.signin = await axeViolations(signInPage);
    await signInPage.screenshot({ path: `${shots}/signin.png` });
    await signInPage.close();

    // One signed-in profile per role; each screen is checked at 1200 px and again at 375 px.
    const sessions = new Map<string, Awaited<ReturnType<typeof signIn>>>();
    for (const screen of screens) {
      const key = `${screen.who.role}:${screen.who.department ?? ''}`;
      if (!sessions.has(key)) sessions.set(key, await signIn(screen.who));
      const { page } = sessions.get(key)!;
      for (const width of [1200, 375]) {
        await page.setViewportSize({ width, height: 800 });
        await open(page, screen.hash, screen.heading);
        const violations = await axeViolations(page);
        if (violations.length) found[`${screen.name}@${width}`] = violations;
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (width === 375 && overflow > 0)
          found[`${screen.name}@375 overflow`] = [{ id: 'horizontal-scroll', help: `ページ全体が ${overflow}px 横にはみ出しています`, nodes: [] }];
        await page.screenshot({ path: `${shots}/${screen.name}${width === 375 ? '-375' : ''}.png`, fullPage: true });
      }
    }
    for (const session of sessions.values()) {
      expect(session.errors).toEqual([]);
      await session.context.close();
    }
    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual({});
  }, 180_000);

  it('works from the keyboard alone and prints a measure page as A4', async () => {
    const { context, page } = await signIn({ role: 'department', department: 'shomu' });
    await open(page, '#/report/action/12-2?fy=2026', /12-2/);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return { name: el?.name ?? '', text: el?.textContent ?? '', outline: el ? getComputedStyle(el).outlineStyle : 'none' };
      });
    /** Tab until the focused element matches, as a keyboard user would. */
    const tabTo = async (match: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        if (match(await focused())) return focused();
      }
      throw new Error(`Tab で到達できませんでした: ${JSON.stringify(await focused())}`);
    };
    const status = await tabTo((f) => f.name === 'status');
    expect(status.outline).not.toBe('none');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('未着手', { exact: true }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('検討中', { exact: true }).isChecked()).toBe(true);
    await tabTo((f) => f.name === 'rating');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('A：計画以上').isChecked()).toBe(true);
    await tabTo((f) => f.name === 'achievements');
    await page.keyboard.type('業務量調査を始めた。');
    const save = await tabTo((f) => f.text === '下書き保存');
    expect(save.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByText('保存しました（下書き、版1）').waitFor();

    await open(page, '#/measures/28?fy=2028', /施策28/);
    expect(await page.locator('.schedule th.current').innerText()).toContain('令和10年度当該年度');
    expect(await page.locator('.schedule td.current strong').first().innerText()).toBe('実施');
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    expect(await page.locator('.top').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'A4で印刷' }).isVisible()).toBe(false);
    // The printout carries the year's approved progress with the plan (none approved yet for 施策28 in 令和10年度).
    expect(await page.getByRole('heading', { name: '令和10年度の進捗（承認済み）' }).isVisible()).toBe(true);
    await page.screenshot({ path: `${shots}/measure-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, path: resolve(root, 'test-output/measure-28.pdf') });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    const pages = (document: Buffer) => (document.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages(pdf)).toBe(1);

    // The densest page (three KPIs with their series) still fits one sheet.
    await page.emulateMedia({ media: 'screen' });
    await open(page, '#/measures/16?fy=2026', /施策16 /);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${shots}/measure-16-print.png`, fullPage: true });
    expect(pages(await page.pdf({ format: 'A4', preferCSSPageSize: true, path: resolve(root, 'test-output/measure-16.pdf') }))).toBe(1);
    await context.close();
  });

  it('shows the council documents, 未承認 for the rest, and keeps HQ-only screens out of its reach', async () => {
    const hq = await signIn({ role: 'hq' });
    const item = '/fiscal-years/2026/action-reports/16-1';
    expect(
      (
        await writeFrom(hq.page, 'PUT', item, {
          status: 'implementing',
          rating: 'B',
          achievements: '市公式SNSで毎週発信した。\n閲覧数も伸びた。',
          challenges: '',
          nextSteps: '',
        })
      ).status,
    ).toBeLessThan(300);
    expect((await writeFrom(hq.page, 'POST', `${item}/submit`, {}, item)).status).toBeLessThan(300);
    expect((await writeFrom(hq.page, 'POST', `${item}/approve`, { comment: '' }, item)).status).toBeLessThan(300);

    const viewer = await signIn({ role: 'viewer' });
    expect(await viewer.page.locator('#nav a').allInnerTexts()).toEqual(['承認済みの進捗', 'KPI達成度', '進捗状況報告書', '懇談会の意見']);
    for (const width of [1200, 375]) {
      await viewer.page.setViewportSize({ width, height: 800 });
      await open(viewer.page, '#/report/action/16-1?fy=2026', /16-1/);
      const main = viewer.page.locator('main');
      expect(await main.locator('input, textarea, select').count()).toBe(0);
      expect(await main.innerText()).not.toMatch(/必須|文字以内|未入力/);
      expect(await main.locator('.state-line').innerText()).toContain('✓ 承認済');
      expect(await main.locator('dl.document').innerText()).toContain('市公式SNSで毎週発信した。\n閲覧数も伸びた。');
      expect(await axeViolations(viewer.page)).toEqual([]);
      await viewer.page.screenshot({ path: `${shots}/council-document${width === 375 ? '-375' : ''}.png`, fullPage: true });
    }
    await open(viewer.page, '#/report/action/16-2?fy=2026', /16-2/);
    expect(await viewer.page.locator('main').innerText()).toContain('未承認');
    expect(await viewer.page.locator('main').innerText()).not.toContain('未入力');
    expect(await viewer.page.locator('main input, main textarea').count()).toBe(0);
    await open(viewer.page, '#/measures/16?fy=2026', /施策16/);
    expect(await viewer.page.locator('main').innerText()).not.toContain('入力する');

    for (const hash of [
      '#/hq/review?fy=2026',
      '#/hq/digest?fy=2026',
      '#/hq/assign',
      '#/hq/assign/1',
      '#/hq/overview?fy=2026',
      '#/history/action/16-1?fy=2026',
    ]) {
      await open(viewer.page, hash, 'このページは表示できません');
    }
    expect(viewer.errors).toEqual([]);
    await Promise.all([hq.context.close(), viewer.context.close()]);
  }, 120_000);

  it('gives a department its year, deadline and next steps, and no form for a year not yet begun', async () => {
    const { context, page, errors } = await signIn({ role: 'department', department: 'shomu' });
    await open(page, '#/department?fy=2026', /担当施策/);
    const summary = await page.locator('.summary-box').innerText();
    expect(summary).toContain('提出期限 令和9年5月31日');
    const due = Number(/要対応 (\d+)件/.exec(summary)?.[1]);
    expect(due).toBeGreaterThan(8);
    const steps = page.getByRole('region', { name: '次にすること' }).getByRole('link');
    expect(await steps.count()).toBe(8);
    expect(await page.getByText(`ほか${due - 8}件は、下の施策ごとの一覧にあります。`).count()).toBe(1);
    const first = await steps.first().innerText();
    await steps.first().click();
    await page.getByRole('heading', { level: 1, name: new RegExp(first.split('：')[1]!.replace(/^KPI /, '').split(' ')[0]!) }).waitFor();

    await open(page, '#/report/action/13-3?fy=2026', /13-3/);
    await page.getByLabel('検討中').check();
    await page.getByLabel('B：計画どおり').check();
    await page.getByLabel(achievements).fill('採用試験の日程を見直した。');
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page.getByText('保存しました（下書き、版1）').waitFor();
    expect(await page.locator('.state-line').innerText()).toMatch(/最終更新 庶務課（令和\d+年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}）/);

    // 提出 asks first; choosing やめる sends nothing.
    await page.getByRole('button', { name: '提出する' }).click();
    await page.getByRole('dialog', { name: '提出しますか？' }).getByRole('button', { name: 'やめる' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.locator('.state-line').innerText()).toContain('下書き');

    await open(page, '#/department?fy=2027', /担当施策/);
    expect(await page.locator('.summary-box').innerText()).toContain('令和9年度はまだ始まっていないため、報告できません。');
    expect(await page.locator('main a[href*="#/report/"]').count()).toBe(0);
    await open(page, '#/report/action/13-3?fy=2027', /13-3/);
    expect(await page.locator('main textarea, main input').count()).toBe(0);
    await page.getByText('令和9年度はまだ始まっていないため、報告できません。').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('lets HQ review on a phone: all fields, who submitted, what changed since approval, nothing clipped', async () => {
    const shomu = await signIn({ role: 'department', department: 'shomu' });
    const hq = await signIn({ role: 'hq' }, { width: 375, height: 800 });
    const item = '/fiscal-years/2026/action-reports/13-2';
    const body = {
      status: 'implementing',
      rating: 'B',
      achievements: '会計年度任用職員の任用を見直した。研修を年2回行った。',
      challenges: '応募が少ない。',
      nextSteps: '',
    };
    expect((await writeFrom(shomu.page, 'PUT', item, body)).status).toBeLessThan(300);
    expect((await writeFrom(shomu.page, 'POST', `${item}/submit`, {}, item)).status).toBeLessThan(300);
    expect((await writeFrom(hq.page, 'POST', `${item}/approve`, { comment: '' }, item)).status).toBeLessThan(300);
    expect((await writeFrom(hq.page, 'POST', `${item}/reopen`, { comment: '研修の回数を確認してください。' }, item)).status).toBeLessThan(300);
    expect((await writeFrom(shomu.page, 'PUT', item, { ...body, achievements: '会計年度任用職員の任用を見直した。研修を年3回行った。' })).status).toBeLessThan(
      300,
    );
    expect((await writeFrom(shomu.page, 'POST', `${item}/submit`, {}, item)).status).toBeLessThan(300);

    await open(hq.page, '#/hq/review?fy=2026', '審査待ち');
    const card = hq.page.getByRole('article').filter({ hasText: '13-2' });
    const text = await card.innerText();
    for (const field of ['進捗状況', '自己評価', '実績', '課題', '今後の取組', '応募が少ない。', '提出：庶務課', '前回の承認からの変更'])
      expect(text).toContain(field);
    expect(await card.locator('ins').innerText()).toBe('3');
    expect(await card.locator('del').innerText()).toBe('2');
    expect(await outsideViewport(hq.page)).toEqual([]);
    expect(await axeViolations(hq.page)).toEqual([]);
    await hq.page.screenshot({ path: `${shots}/review-changes-375.png`, fullPage: true });

    for (const [hash, heading, name] of [
      ['#/history/action/13-2?fy=2026', /変更履歴/, 'history-diff-375'],
      ['#/hq/assign', '関係各課の割当て', 'assignments-stacked-375'],
      ['#/measures/13?fy=2026', /施策13/, 'schedule-stacked-375'],
      ['#/hq/digest?fy=2026', '年次ダイジェスト', 'digest-page-375'],
    ] as const) {
      await open(hq.page, hash, heading);
      expect(await outsideViewport(hq.page), hash).toEqual([]);
      await hq.page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
    }
    expect(hq.errors).toEqual([]);
    await Promise.all([shomu.context.close(), hq.context.close()]);
  }, 120_000);

  it('draws the overview as bars and sparklines with their numbers, and filters items and 未提出 by 課 and 状態', async () => {
    const hq = await signIn({ role: 'hq' });
    await open(hq.page, '#/hq/overview?fy=2026', '全体状況');
    expect(await hq.page.locator('.pillar-bars .bar-group').count()).toBe(4);
    expect(await hq.page.locator('.department-bars .bar-title').allInnerTexts()).toContain('庶務課');
    const pillarWords = await hq.page.locator('.pillar-bars .bar-group').first().locator('.bar-words').allInnerTexts();
    expect(pillarWords).toHaveLength(2);
    for (const words of pillarWords) expect(words).toMatch(/^([A-DN]|未評価) \d+|なし/);
    expect(await hq.page.locator('svg.sparkline').count()).toBe(17);
    expect(await hq.page.locator('.sparks li').first().innerText()).toMatch(/基準値 .*目標値/);
    // Drawn a part per task, the table ends with every measure the line above it counts, and 未提出 after it.
    const shownCount = Number(/^(\d+)施策を表示/.exec(await hq.page.locator('p.summary').innerText())?.[1]);
    expect(shownCount).toBeGreaterThan(40);
    expect(await hq.page.locator('table.overview tbody tr').count()).toBe(shownCount);
    expect(await hq.page.getByRole('region', { name: '未提出（課ごと）' }).count()).toBe(1);

    /** The heading is the same before and after a filter: wait for the filter itself to show the choice. */
    const filtered = async (id: string, value: string) => {
      await hq.page.waitForFunction(([id, value]) => (document.getElementById(id) as HTMLSelectElement | null)?.value === value, [id, value] as const);
      // The filtered screen's first part replaced the table; wait for its last.
      await overviewDrawn(hq.page);
    };
    await open(hq.page, '#/hq/overview?fy=2026&department=shomu', '全体状況');
    await filtered('filter-department', 'shomu');
    const missing = await hq.page.getByRole('region', { name: '未提出（課ごと）' }).getByRole('listitem').allInnerTexts();
    expect(missing.length).toBe(1);
    expect(missing[0]).toMatch(/^庶務課：/);
    // The filter narrows the summary and the KPIs too (issue 23), and on a phone it comes before them.
    expect(await hq.page.locator('.department-bars .bar-title').allInnerTexts()).toEqual(['庶務課']);
    const shomuKpis = await hq.page.locator('svg.sparkline').count();
    expect(shomuKpis).toBeGreaterThan(0);
    expect(shomuKpis).toBeLessThan(17);
    await hq.page.setViewportSize({ width: 375, height: 800 });
    const top = async (selector: string) => (await hq.page.locator(selector).first().boundingBox())!.y;
    expect(await top('#filter-department')).toBeLessThan(await top('#summary-title'));
    expect(await top('#filter-state')).toBeLessThan(800);
    // Each measure is one block with its cells labelled (README): nothing is wider than the phone, nothing scrolls sideways.
    expect(await hq.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // What is drawn: not a closed <details>'s contents, nor the column heads kept for screen readers only.
    const wide = await hq.page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((e) => e.checkVisibility() && !e.closest('thead'))
        .filter((e) => e.getBoundingClientRect().right > 375 || e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(wide).toEqual([]);
    // Each cell's line is headed by its column's name (drawn by CSS, so read from the computed ::before).
    const labels = await hq.page
      .locator('table.overview tbody tr')
      .first()
      .locator('td')
      .evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell, '::before').content));
    expect(labels).toEqual(['"担当課"', '"取組項目"', '"KPI"', '"評価の分布"']);
    // 目標値 in the one notation every screen uses: 令和, full-width parentheses.
    const targets = await hq.page.locator('.spark-words').allInnerTexts();
    for (const words of targets) expect(words).toMatch(/目標値 .+（令和[^）]+）/);
    expect(targets.join('')).not.toMatch(/ \(|R\d/);
    await hq.page.screenshot({ path: `${shots}/overview-filtered-375.png`, fullPage: true });
    await hq.page.setViewportSize({ width: 1280, height: 800 });

    await open(hq.page, '#/hq/overview?fy=2026&state=missing', '全体状況');
    await filtered('filter-state', 'missing');
    // A shared item's chip holds its parts' states in a closed list of its own: the chips are the outer items.
    const chips = await hq.page.locator('table.overview .chips > li').allInnerTexts();
    expect(chips.length).toBeGreaterThan(0);
    for (const chip of chips) expect(chip).toContain('未入力');
    expect(hq.errors).toEqual([]);
    await hq.context.close();
  }, 90_000);

  it('asks before sending the digest, then shows when and to whom it went, and offers 再送 only after that', async () => {
    const hq = await signIn({ role: 'hq' });
    await open(hq.page, '#/hq/digest?fy=2027', '年次ダイジェスト');
    await hq.page.getByText('令和9年度のダイジェストはまだ送信していません。').waitFor();
    // The date the reminders give the departments (the default deadline setting, 5月31日 after the year).
    expect(await hq.page.locator('main p', { hasText: '提出期限' }).innerText()).toBe('提出期限：令和10年5月31日（各課への督促メールが示す期限です）');
    // The mail's inline styles apply in the preview (its own document and CSP), with no CSP error on the page.
    const preview = hq.page.frameLocator('iframe.digest-preview');
    await preview.getByText('令和9年度').first().waitFor();
    // A style attribute the CSP refused would leave its declarations unparsed (element.style empty).
    const declarations = await preview.locator('[style]').evaluateAll((elements) => elements.map((element) => (element as HTMLElement).style.length));
    expect(declarations.length).toBeGreaterThan(0);
    expect(declarations.every((count) => count > 0)).toBe(true);
    expect(await hq.page.getByRole('button', { name: '再送する' }).count()).toBe(0);
    await hq.page.getByRole('button', { name: '今すぐ送信' }).click();
    await hq.page.getByRole('dialog', { name: '令和9年度のダイジェストを送信しますか？' }).getByRole('button', { name: '送信する' }).click();
    await hq.page.locator('.alert-ok', { hasText: '送信しました（' }).waitFor();
    const sent = await hq.page.locator('.sent-list li').allInnerTexts();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^令和\d+年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}　宛先：.+@/);
    await hq.page.getByRole('button', { name: '再送する' }).click();
    await hq.page.getByRole('dialog').getByRole('button', { name: 'やめる' }).click();
    expect(await hq.page.locator('.sent-list li').count()).toBe(1);
    await hq.page.reload();
    await hq.page.getByRole('heading', { level: 1, name: '年次ダイジェスト' }).waitFor();
    expect(await hq.page.locator('.sent-list li').count()).toBe(1);
    expect(await hq.page.getByRole('button', { name: '再送する' }).count()).toBe(1);
    expect(hq.errors).toEqual([]);
    await hq.context.close();
  }, 60_000);
});

describe('通知メール: the writer hears of a return by mail, turns a kind off in 通知の設定, and HQ sees what was sent', () => {
  it('mails the local SES after the return, and shows the settings and the sent log at 1280 and 375 px', async () => {
    const address = 'jogesuido-staff@city.higashine.example';
    const item = '/fiscal-years/2026/action-reports/28-1';
    const writer = await signIn({ role: 'department', department: 'jogesuido', email: address }, { width: 1280, height: 900 });
    expect(
      (
        await writeFrom(writer.page, 'PUT', item, {
          status: 'implementing',
          rating: 'B',
          achievements: '漏水調査を2地区で実施した。',
          challenges: '調査員の確保。',
          nextSteps: '残る地区を調査する。',
        })
      ).status,
    ).toBe(201);
    expect((await writeFrom(writer.page, 'POST', `${item}/submit`, {}, item)).status).toBe(200);
    const hq = await signIn({ role: 'hq' }, { width: 1280, height: 900 });
    expect((await writeFrom(hq.page, 'POST', `${item}/return`, { comment: '調査した延長（km）を記載してください。' }, item)).status).toBe(200);

    // The answer came first; the local server mails after it, to the local SES's inbox.
    const mailsTo = async () => (await readSentEmails(web.sesEndpoint)).filter((mail) => mail.destination.to.includes(address));
    await eventually(async () => (await mailsTo()).length > 0, 30_000, 'the return notice');
    const mails = await mailsTo();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('【行財政改革】取組項目 28-1 の報告が差し戻されました');
    expect(mails[0]!.body.text).toContain('調査した延長（km）を記載してください。');
    expect(mails[0]!.body.text).toContain('/#/report/action/28-1?fy=2026');

    await writer.page.getByRole('link', { name: '通知の設定' }).click();
    await writer.page.getByRole('heading', { level: 1, name: '通知の設定' }).waitFor();
    await writer.page.getByLabel('承認されたとき（提出した人へ）').uncheck();
    await writer.page.getByRole('button', { name: '保存する' }).click();
    await writer.page.getByText('通知の設定を保存しました').waitFor();
    expect(await writer.page.getByLabel('承認されたとき（提出した人へ）').isChecked()).toBe(false);
    expect(await writer.page.getByLabel('差し戻されたとき（提出した人へ）').isChecked()).toBe(true);
    await writer.page.screenshot({ path: `${shots}/notice-settings-1280.png`, fullPage: true });
    await writer.page.setViewportSize({ width: 375, height: 800 });
    await writer.page.reload();
    await writer.page.getByRole('heading', { level: 1, name: '通知の設定' }).waitFor();
    expect(await writer.page.getByLabel('承認されたとき（提出した人へ）').isChecked()).toBe(false);
    expect(await outsideViewport(writer.page)).toEqual([]);
    await writer.page.screenshot({ path: `${shots}/notice-settings-375.png`, fullPage: true });

    await open(hq.page, '#/hq/notices?fy=2026', '送信した通知');
    const row = hq.page.locator('.sent-notices li').filter({ hasText: '28-1' });
    await row.waitFor();
    expect(await row.innerText()).toContain(address);
    expect(await row.innerText()).toContain('差戻し');
    // No reminder went out this 年度 here (tests/digest.test.ts checks the listed ones through the API).
    await hq.page.getByRole('heading', { level: 2, name: '督促メール' }).waitFor();
    await hq.page.getByText('この年度に送信した督促メールはありません。').waitFor();
    await hq.page.screenshot({ path: `${shots}/sent-notices-1280.png`, fullPage: true });
    await hq.page.setViewportSize({ width: 375, height: 800 });
    await hq.page.reload();
    await hq.page.getByRole('heading', { level: 1, name: '送信した通知' }).waitFor();
    expect(await outsideViewport(hq.page)).toEqual([]);
    await hq.page.screenshot({ path: `${shots}/sent-notices-375.png`, fullPage: true });
    expect([...writer.errors, ...hq.errors]).toEqual([]);
    await writer.context.close();
    await hq.context.close();
  });
});
