/**
 * The KPI form as the plan asks for it (the period a KPI counts, FY2025 for 33-K1, warnings that do not
 * block), a department HQ adds reporting under its own name, and a walk of the screens these touch in every
 * role at 1280 and 375 px: axe, nothing wider than the window, a screenshot of each in test-output/screenshots/.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/browser.ts';
import type { AxeViolation } from '../support/browser.ts';
import { overviewDrawn, SCREENSHOTS, useWebSystem, signInAs, submitReport } from '../support/web-app.ts';
import type { Session, Who } from '../support/web-app.ts';

const shots = SCREENSHOTS;
const web = useWebSystem();

const signIn = (who: Who) => signInAs(web.browser, web.url, who);
const shomu: Who = { role: 'department', department: 'shomu' };

async function open(page: Page, hash: string, heading: string | RegExp) {
  await page.goto(`${web.url}/${hash}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  // The overview draws itself a part per task (views/overview.ts); its table says aria-busy="false" once all is there.
  if (heading === '全体状況' || heading === '承認済みの進捗（推進懇談会）') await overviewDrawn(page);
}

/** Elements wider than the window or reaching past its right edge (content a phone would clip or scroll sideways). */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = document.documentElement.scrollWidth > width ? [`document ${document.documentElement.scrollWidth}px`] : [];
    for (const element of document.querySelectorAll('main *')) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1 && !element.closest('.scroll'))
        wide.push(`${element.tagName.toLowerCase()}.${element.className} right ${Math.round(box.right)}px`);
    }
    return wide;
  });

/** axe's findings and anything clipped, at 1280 and 375 px, with a screenshot of each. */
async function walk(page: Page, name: string): Promise<Record<string, (AxeViolation | string)[]>> {
  const found: Record<string, (AxeViolation | string)[]> = {};
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    const problems = [...(await axeViolations(page)), ...(await overflowing(page))];
    if (problems.length) found[`${name}@${width}`] = problems;
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
    if (width === 375) await page.screenshot({ path: `${shots}/${name}-${width}-top.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return found;
}

async function closeAll(...sessions: Session[]) {
  for (const session of sessions) expect(session.errors).toEqual([]);
  await Promise.all(sessions.map((session) => session.context.close()));
}

describe('the KPI form asks for the KPI’s own period and questions an implausible value', () => {
  it('warns beside a % value over 100 as it is typed and after saving, without refusing it', async () => {
    const staff = await signIn(shomu);
    await open(staff.page, '#/report/kpi/38-K1?fy=2026', /KPI 38-K1 男性の育児休業取得率/);
    expect(await staff.page.locator('main').innerText()).toContain('基準値 87.5%（令和6年度） → 目標値 90%（令和11年度）');
    const value = staff.page.getByLabel('実績値（必須）');
    await value.fill('120');
    const warning = staff.page.locator('#w-value');
    await warning.getByText('120%は100%を超えています。割合（%）の値か確認してください。').waitFor();
    expect(await value.getAttribute('aria-describedby')).toContain('w-value');
    expect(await value.getAttribute('aria-invalid')).toBe('false');
    // A 時点 may not lie after today (the browser's and the server's clock): a FY2026 date already past.
    await staff.page.getByLabel('時点（必須）').fill('2026-11-30');
    await staff.page.getByRole('button', { name: '下書き保存' }).click();
    await staff.page.getByText('保存しました（下書き、版1）').waitFor();
    expect(await warning.innerText()).toContain('100%を超えています');

    // Submitting asks once more, with the question in the confirmation.
    await staff.page.getByRole('button', { name: '提出する' }).click();
    const dialog = staff.page.getByRole('dialog', { name: '提出しますか？' });
    expect(await dialog.innerText()).toContain('実績値について確認してください：120%は100%を超えています。');
    await dialog.getByRole('button', { name: 'やめる' }).click();

    await value.fill('92.5');
    await staff.page.getByText('読み取った値：92.5%').waitFor();
    expect(await warning.innerText()).toBe('');
    await closeAll(staff);
  }, 90_000);

  it('asks 36-K1 for the calendar year’s value with a 時点 hint of 31 December', async () => {
    const staff = await signIn(shomu);
    await open(staff.page, '#/report/kpi/36-K1?fy=2026', /36-K1/);
    const main = await staff.page.locator('main').innerText();
    expect(main).toContain('この指標は暦年で集計します。令和8年（1月〜12月）の値を入力してください。');
    expect(await staff.page.locator('#h-value').innerText()).toContain('令和8年の値です。');
    expect(await staff.page.locator('#h-asOf').innerText()).toBe('令和8年（1月〜12月）の値を入力してください。時点は令和8年12月31日です。');
    expect(main).not.toContain('令和8年度の実績値');
    await closeAll(staff);
  }, 60_000);

  it('refuses a 時点 after today or outside the year beside the field, with the API’s words, sending nothing', async () => {
    const staff = await signIn(shomu);
    // The browser's clock stands on 6 December 2026, 12:00 in Japan: the form takes today from it.
    await staff.page.clock.setFixedTime(new Date('2026-12-06T12:00:00+09:00'));
    const writes: string[] = [];
    staff.page.on('request', (request) => {
      if (request.method() !== 'GET') writes.push(`${request.method()} ${request.url()}`);
    });
    await open(staff.page, '#/report/kpi/38-K2?fy=2026', /38-K2/);
    await staff.page.getByLabel('実績値（必須）').fill('50');
    const asOf = staff.page.getByLabel('時点（必須）');
    const message = staff.page.locator('#e-asOf');
    await asOf.fill('2026-12-31');
    await staff.page.getByRole('button', { name: '下書き保存' }).click();
    await message.getByText('時点に今日（令和8年12月6日）より後の日付は入力できません。実績を測った日を入力してください').waitFor();
    await asOf.fill('1999-01-01');
    await staff.page.getByRole('button', { name: '下書き保存' }).click();
    await message.getByText('時点は令和8年度の実績の日付（令和8年4月1日〜令和9年5月31日の出納閉鎖まで）で入力してください').waitFor();
    expect(writes).toEqual([]);
    await closeAll(staff);
  }, 60_000);

  it('offers 33-K1’s FY2025 actual on the FY2026 home and saves it for 令和7年度', async () => {
    const staff = await signIn({ role: 'department', department: 'sogo-seisaku' });
    await open(staff.page, '#/department?fy=2026', /担当施策/);
    await staff.page.getByRole('link', { name: /^33-K1 職員提案制度の提案件数（令和7年度の実績）/ }).click();
    await staff.page.getByRole('heading', { level: 1, name: /33-K1/ }).waitFor();
    expect(await staff.page.locator('.state-line').innerText()).toContain('令和7年度');
    expect(await staff.page.locator('#h-asOf').innerText()).toContain('令和8年3月31日');
    await staff.page.getByLabel('実績値（必須）').fill('6');
    await staff.page.getByLabel('時点（必須）').fill('2026-03-31');
    await staff.page.getByRole('button', { name: '下書き保存' }).click();
    await staff.page.getByText('保存しました（下書き、版1）').waitFor();
    expect(staff.page.url()).toContain('fy=2025');

    await open(staff.page, '#/department?fy=2026', /担当施策/);
    expect(await staff.page.getByRole('row').filter({ hasText: '33-K1 職員提案制度の提案件数（令和7年度の実績）' }).innerText()).toMatch(
      /令和7年度の実績：6件[\s\S]*下書き/,
    );

    // The FY2026 actual's page leads to it too (HQ reviews from there).
    await open(staff.page, '#/report/kpi/33-K1?fy=2026', /33-K1/);
    await staff.page.getByRole('link', { name: '令和7年度の実績' }).click();
    await staff.page.getByText('令和7年度　状態：').waitFor();
    expect(await staff.page.getByLabel('実績値（必須）').inputValue()).toBe('6');
    await closeAll(staff);
  }, 60_000);
});

describe('a department HQ adds reports under its name', () => {
  it('signs in, reports on its 関係各課 measure, and is named (never its code) in the digest and the CSV', async () => {
    const hq = await signIn({ role: 'hq' });
    await open(hq.page, '#/hq/assign/1', /関係各課の割当て：施策1 /);
    await hq.page.getByText('計画にない課を追加する').click();
    await hq.page.getByLabel('課コード').fill('kikaku-chosei');
    await hq.page.getByLabel('課の名称').fill('企画調整課');
    await hq.page.getByRole('button', { name: '一覧に追加' }).click();
    await hq.page.getByRole('button', { name: '保存する' }).click();
    await hq.page.getByText(/保存しました（.*企画調整課.*）/).waitFor();

    const added = await signIn({ role: 'department', department: 'kikaku-chosei' });
    expect(await added.page.getByRole('heading', { level: 1 }).innerText()).toBe('担当施策（企画調整課）');
    await added.page.getByRole('link', { name: /^1-1 / }).first().click();
    await added.page.getByRole('heading', { level: 1, name: /^1-1 / }).waitFor();
    await added.page.getByLabel('実施中').check();
    await added.page.getByLabel('B：計画どおり').check();
    await added.page.getByLabel('実績（必須）').fill('企画調整課として電子申請の対象手続を洗い出した。');
    await submitReport(added.page);
    await added.page.getByText('… 課内確認待ち').waitFor();
    await open(added.page, '#/history/action/1-1?fy=2026', /変更履歴/);
    expect(await added.page.locator('main').innerText()).toContain('企画調整課');

    // The digest counts 課内確認待ち as not yet with HQ: the added department is listed, by name.
    await open(hq.page, '#/hq/digest?fy=2026', '年次ダイジェスト');
    const preview = hq.page.frameLocator('iframe.digest-preview');
    await preview.getByText('企画調整課').first().waitFor();
    expect(await preview.locator('body').innerText()).not.toContain('kikaku-chosei');

    await open(hq.page, '#/hq/overview?fy=2026', '全体状況');
    expect(await hq.page.getByRole('row').filter({ hasText: '施策1 ' }).first().innerText()).toContain('企画調整課');
    const [download] = await Promise.all([hq.page.waitForEvent('download'), hq.page.getByRole('button', { name: 'CSVで出力' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const row = csv.split(/\r?\n/).find((line) => line.includes('企画調整課として'));
    expect(row).toContain('企画調整課');
    expect(csv).not.toContain('kikaku-chosei');
    await closeAll(hq, added);
  }, 120_000);
});

describe('the screens these touch, in every role, at 1280 and 375 px', () => {
  it('has no axe findings and nothing wider than the window for staff, 所属長, HQ and the council', async () => {
    const found: Record<string, (AxeViolation | string)[]> = {};
    // A KPI actual with a question on it, waiting for the 所属長.
    const staff = await signIn(shomu);
    await open(staff.page, '#/report/kpi/38-K2?fy=2026', /38-K2/);
    await staff.page.getByLabel('実績値（必須）').fill('400');
    await staff.page.getByLabel('時点（必須）').fill('2026-11-30');
    Object.assign(found, await walk(staff.page, 'walk-staff-kpi-form'));
    await submitReport(staff.page);
    await staff.page.getByText('… 課内確認待ち').waitFor();
    Object.assign(found, await walk(staff.page, 'walk-staff-kpi-pending'));
    await open(staff.page, '#/department?fy=2026', /担当施策/);
    Object.assign(found, await walk(staff.page, 'walk-staff-home'));

    const head = await signIn({ role: 'department_head', department: 'shomu' });
    await open(head.page, '#/report/kpi/38-K2?fy=2026', /38-K2/);
    await head.page.getByRole('region', { name: '所属長の確認（課内確認）' }).waitFor();
    Object.assign(found, await walk(head.page, 'walk-head-kpi-confirm'));
    await head.page.getByRole('button', { name: '確認して提出' }).click();
    await head.page.getByRole('dialog').getByRole('button', { name: '確認して提出' }).click();
    await head.page.getByText('↑ 提出済').waitFor();
    await open(head.page, '#/department?fy=2026', /担当施策/);
    Object.assign(found, await walk(head.page, 'walk-head-home'));

    const hq = await signIn({ role: 'hq' });
    await open(hq.page, '#/report/kpi/38-K2?fy=2026', /38-K2/);
    await hq.page.getByRole('region', { name: '推進本部の審査' }).waitFor();
    // HQ reviews the value with the question the department was asked.
    expect(await hq.page.locator('.report-document').innerText()).toContain('大きく変わっています');
    Object.assign(found, await walk(hq.page, 'walk-hq-kpi-review'));
    await open(hq.page, '#/report/kpi/36-K1?fy=2026', /36-K1/);
    Object.assign(found, await walk(hq.page, 'walk-hq-kpi-form'));

    const council = await signIn({ role: 'viewer' });
    await open(council.page, '#/report/kpi/38-K2?fy=2026', /38-K2/);
    const document = await council.page.locator('main').innerText();
    expect(document).toContain('未承認');
    expect(document).not.toContain('大きく変わっています');
    expect(await council.page.locator('main input, main textarea').count()).toBe(0);
    Object.assign(found, await walk(council.page, 'walk-council-kpi'));

    expect(found).toEqual({});
    await closeAll(staff, head, hq, council);
  }, 240_000);
});
