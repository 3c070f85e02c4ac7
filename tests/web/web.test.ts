import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { startSystem, stopSystem, systemEnv } from '../support/system.ts';

const root = resolve(import.meta.dirname, '../..');
const shots = resolve(root, 'test-output/screenshots');
let system: Awaited<ReturnType<typeof startSystem>>;
let browser: Browser;

beforeAll(async () => {
  await build({ configFile: resolve(root, 'web/vite.config.ts'), logLevel: 'warn' });
  system = await startSystem(await systemEnv());
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (system) await stopSystem(system.child);
});

/** A fresh browser profile signed in through the development sign-in page, as a person would. */
async function signIn(who: { role: 'department' | 'hq' | 'viewer'; department?: string }, viewport = { width: 1200, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'ja-JP' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(system.url);
  await page.getByLabel('立場').selectOption(who.role);
  if (who.department) await page.getByLabel('課', { exact: true }).selectOption(who.department);
  await page.getByLabel('利用者ID').fill(`${who.department ?? who.role}-user`);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.waitForURL(/#\/(department|hq|viewer)/);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { context, page };
}

async function open(page: Page, hash: string, heading: string | RegExp) {
  await page.goto(`${system.url}/${hash}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

const report = '#/report/action/12-1?fy=2026';

describe('the web app', () => {
  it('takes a report from draft through return and resubmission to approval', async () => {
    const shomu = await signIn({ role: 'department', department: 'shomu' });
    await shomu.page.screenshot({ path: `${shots}/department-home.png`, fullPage: true });
    await expect(shomu.page.getByText('施策12 定員管理の適正化・職員の適正配置')).toBeDefined();

    await open(shomu.page, report, /12-1 定員管理計画に基づく定員管理の適正化/);
    await shomu.page.getByLabel('実施中').check();
    await shomu.page.getByLabel('B：計画どおり').check();
    await shomu.page.getByLabel('実績', { exact: true }).fill('定員管理計画に基づき、職員数を適正化した。');
    await shomu.page.getByRole('button', { name: '下書き保存' }).click();
    await shomu.page.getByText('保存しました（下書き、版1）').waitFor();

    await shomu.page.reload();
    await shomu.page.getByRole('heading', { level: 1 }).waitFor();
    expect(await shomu.page.getByLabel('実績', { exact: true }).inputValue()).toBe('定員管理計画に基づき、職員数を適正化した。');
    await shomu.page.screenshot({ path: `${shots}/report-form.png`, fullPage: true });
    await shomu.page.getByRole('button', { name: '提出する' }).click();
    await shomu.page.getByText('↑ 提出済').waitFor();

    const zeimu = await signIn({ role: 'department', department: 'zeimu' });
    await zeimu.page.goto(`${system.url}/${report}`);
    await zeimu.page.getByRole('heading', { level: 1, name: '表示できませんでした' }).waitFor();
    expect(await zeimu.page.locator('[role=alert]').innerText()).toContain('見つかりません');
    expect(await zeimu.page.locator('textarea').count()).toBe(0);

    const hq = await signIn({ role: 'hq' });
    await open(hq.page, '#/hq/review?fy=2026', '審査待ち');
    await hq.page.getByRole('link', { name: /12-1 定員管理計画/ }).click();
    await hq.page.getByRole('heading', { level: 1, name: /12-1/ }).waitFor();
    await hq.page.getByRole('button', { name: '差し戻す' }).click();
    await hq.page.getByText('差し戻しの理由を入力してください').waitFor();
    await hq.page.getByLabel('コメント（差し戻しでは必須）').fill('適正化した人数を記載してください。');
    await hq.page.getByRole('button', { name: '差し戻す' }).click();
    await hq.page.getByText('↩ 差戻し').waitFor();

    await shomu.page.reload();
    await shomu.page.getByText('推進本部からの差し戻しコメント:').waitFor();
    expect(await shomu.page.getByRole('note').innerText()).toContain('適正化した人数を記載してください。');
    await shomu.page.getByLabel('実績', { exact: true }).fill('定員管理計画に基づき、職員数を3人適正化した。');
    await shomu.page.getByRole('button', { name: '提出する' }).click();
    await shomu.page.getByText('↑ 提出済').waitFor();

    await hq.page.reload();
    await hq.page.getByRole('button', { name: '承認する' }).click();
    await hq.page.getByText('✓ 承認済').first().waitFor();
    await open(hq.page, '#/hq/overview?fy=2026', '全体状況');
    const row = hq.page.getByRole('row').filter({ hasText: '施策12 定員管理の適正化・職員の適正配置' });
    expect(await row.getByRole('listitem').filter({ hasText: '12-1' }).innerText()).toContain('承認済');
    await hq.page.screenshot({ path: `${shots}/hq-overview.png`, fullPage: true });

    const viewer = await signIn({ role: 'viewer' });
    const viewerRow = viewer.page.getByRole('row').filter({ hasText: '施策12' });
    expect(await viewerRow.getByRole('listitem').filter({ hasText: '12-1' }).innerText()).toContain('承認済');
    expect(await viewerRow.getByRole('listitem').filter({ hasText: '12-2' }).innerText()).toContain('未入力');
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
    await page.getByLabel('時点').fill('2027-03-31');
    await page.getByRole('button', { name: '下書き保存' }).click();
    const message = page.locator('#e-value');
    await message.waitFor();
    expect(await message.innerText()).toBe('実績値は数値で入力してください');
    expect(await page.getByLabel('実績値').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('実績値').getAttribute('aria-describedby')).toContain('e-value');
    expect(writes).toEqual([]);
    await page.screenshot({ path: `${shots}/kpi-form-error.png`, fullPage: true });

    await page.getByLabel('実績値').fill('９２．５');
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page.getByText('保存しました（下書き、版1）').waitFor();
    expect(writes).toHaveLength(1);
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
    await first.page.getByLabel('実績', { exact: true }).fill('ストレスチェックを全職員に実施した。');
    await first.page.getByRole('button', { name: '下書き保存' }).click();
    await first.page.getByText('保存しました（下書き、版1）').waitFor();

    await second.page.getByLabel('実績', { exact: true }).fill('集団分析を各課に返した。');
    await second.page.getByRole('button', { name: '下書き保存' }).click();
    await second.page.getByText(/が先に保存しました。あなたの入力はまだ残っています。/).waitFor();
    const changed = second.page.getByRole('row').filter({ hasText: '実績' });
    expect(await changed.innerText()).toContain('ストレスチェックを全職員に実施した。');
    expect(await changed.innerText()).toContain('集団分析を各課に返した。');
    await second.page.screenshot({ path: `${shots}/conflict.png`, fullPage: true });
    await second.page.getByRole('button', { name: '最新の内容を読み込む（自分の入力は破棄）' }).click();
    await second.page.getByText('✎ 下書き').waitFor();
    expect(await second.page.getByLabel('実績', { exact: true }).inputValue()).toBe('ストレスチェックを全職員に実施した。');
    await Promise.all([first.context.close(), second.context.close()]);
  }, 60_000);

  it('keeps unsaved input when the session expires and restores it after signing in again', async () => {
    const { context, page } = await signIn({ role: 'department', department: 'shomu' });
    await open(page, '#/report/action/12-3?fy=2027', /12-3/);
    await page.getByLabel('実施中').check();
    await page.getByLabel('A：計画以上').check();
    await page.getByLabel('実績', { exact: true }).fill('再任用職員を窓口に配置した。');
    await page.evaluate(() => sessionStorage.setItem('shinchoku.token', 'expired'));
    await page.getByRole('button', { name: '下書き保存' }).click();
    await page.getByRole('heading', { level: 1, name: 'サインイン（開発用）' }).waitFor();
    await page.getByLabel('課', { exact: true }).selectOption('shomu');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { level: 1, name: /12-3/ }).waitFor();
    expect(await page.getByLabel('実績', { exact: true }).inputValue()).toBe('再任用職員を窓口に配置した。');
    await page.getByText('保存していない入力を復元しました。').waitFor();
    await context.close();
  }, 60_000);

  it('has no axe-core violations on any main screen, at desktop and phone widths', async () => {
    const screens: { who: Parameters<typeof signIn>[0]; hash: string; heading: string | RegExp; name: string }[] = [
      { who: { role: 'department', department: 'shomu' }, hash: '#/department?fy=2026', heading: /担当施策/, name: 'department' },
      { who: { role: 'department', department: 'shomu' }, hash: '#/measures/12?fy=2027', heading: /施策12/, name: 'measure' },
      { who: { role: 'department', department: 'shomu' }, hash: '#/report/action/12-2?fy=2026', heading: /12-2/, name: 'action-form' },
      { who: { role: 'department', department: 'shomu' }, hash: '#/report/kpi/36-K1?fy=2026', heading: /36-K1/, name: 'kpi-form' },
      { who: { role: 'hq' }, hash: '#/hq/overview?fy=2026', heading: '全体状況', name: 'overview' },
      { who: { role: 'hq' }, hash: '#/hq/review?fy=2026', heading: '審査待ち', name: 'review' },
      { who: { role: 'hq' }, hash: '#/hq/attainment?fy=2026', heading: 'KPI達成度', name: 'attainment' },
      { who: { role: 'hq' }, hash: '#/hq/assign', heading: '関係各課の割当て', name: 'assignments' },
      { who: { role: 'hq' }, hash: '#/hq/digest?fy=2026', heading: '年次ダイジェスト', name: 'digest' },
      { who: { role: 'hq' }, hash: '#/history/action/12-1?fy=2026', heading: /変更履歴/, name: 'history' },
      { who: { role: 'viewer' }, hash: '#/viewer?fy=2026', heading: /承認済みの進捗/, name: 'viewer' },
    ];
    const signInPage = await browser.newPage();
    await signInPage.goto(system.url);
    await signInPage.getByRole('heading', { level: 1 }).waitFor();
    const found: Record<string, unknown> = { signin: await axeViolations(signInPage) };
    await signInPage.screenshot({ path: `${shots}/signin.png` });
    await signInPage.close();
    for (const screen of screens) {
      for (const width of [1200, 375]) {
        const { context, page } = await signIn(screen.who, { width, height: 800 });
        await open(page, screen.hash, screen.heading);
        const violations = await axeViolations(page);
        if (violations.length) found[`${screen.name}@${width}`] = violations;
        await page.screenshot({ path: `${shots}/${screen.name}${width === 375 ? '-375' : ''}.png`, fullPage: true });
        await context.close();
      }
    }
    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => (v as unknown[]).length > 0))).toEqual({});
  }, 180_000);

  it('works from the keyboard alone and prints a measure page as A4', async () => {
    const { context, page } = await signIn({ role: 'department', department: 'shomu' });
    await open(page, '#/report/action/12-2?fy=2026', /12-2/);
    // From the heading, Tab reaches the first status option and Space chooses it.
    await page.keyboard.press('Tab');
    for (let i = 0; i < 6 && !(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'status')); i++) {
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('status');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('未着手', { exact: true }).isChecked()).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');

    await open(page, '#/measures/28?fy=2028', /施策28/);
    expect(await page.locator('th.current').innerText()).toContain('令和10年度今年度');
    expect(await page.locator('td.current strong').first().innerText()).toBe('実施');
    const pdf = await page.pdf({ format: 'A4', path: resolve(root, 'test-output/measure-28.pdf') });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await context.close();
  });
});
