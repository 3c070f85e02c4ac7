/**
 * A shared action item (関係各課・共管) in the browser: 4-1 is 庶務課・財政課・会計課's in FY2026, so each 課
 * writes and submits its own part from its 担当施策 list, and HQ reads the parts side by side and approves
 * each on its own. 課内確認 is off so a submission goes straight to HQ. The 会計課 form and HQ's card are
 * photographed at 1280 and 375 px into test-output/screenshots/shared-*.png and checked with axe.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/browser.ts';
import type { AxeViolation } from '../support/browser.ts';
import { SCREENSHOTS, signInAs, submitReport, useWebSystem } from '../support/web-app.ts';

const web = useWebSystem({ HEAD_CONFIRMATION: 'off' });
const title = /4-1 書面規制・対面規制/;

/** axe's findings at desktop and phone width, with a full-page screenshot of each. */
async function checkScreen(page: Page, name: string): Promise<Record<string, AxeViolation[]>> {
  const found: Record<string, AxeViolation[]> = {};
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    const violations = await axeViolations(page);
    if (violations.length) found[`${name}@${width}`] = violations;
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return found;
}

/** The department's staff open 4-1 from their 担当施策 list (the link names their part), fill it in and submit it. */
async function reportPart(department: string, name: string, achievements: string) {
  const staff = await signInAs(web.browser, web.url, { role: 'department', department });
  await staff.page.goto(`${web.url}/#/department?fy=2026`);
  // The measure's table (「次にすること」 above links the same item too).
  const link = staff.page.locator('table.items-table').getByRole('link', { name: title });
  expect(await link.getAttribute('href')).toBe(`#/report/action/4-1?fy=2026&department=${department}`);
  await link.click();
  await staff.page.getByRole('heading', { level: 1, name: title }).waitFor();
  await staff.page.getByText(`関係各課の取組項目: ${name}の報告`).waitFor();
  await staff.page.getByLabel('実施中').check();
  await staff.page.getByLabel('B：計画どおり').check();
  await staff.page.getByLabel('実績（必須）').fill(achievements);
  await submitReport(staff.page);
  await staff.page.getByText('↑ 提出済').waitFor();
  return staff;
}

describe('a shared action item in the browser', () => {
  it('takes each 課’s part from its own form to HQ, who approves the parts one by one', async () => {
    const zaisei = await reportPart('zaisei', '財政課', '財政課の申請書類の押印を廃止した。');
    const kaikei = await reportPart('kaikei', '会計課', '会計課の支出書類を電子化した。');
    const found = await checkScreen(kaikei.page, 'shared-form-kaikei');
    // 会計課 reads the other parts, 財政課's submitted one among them, but cannot write them.
    const others = kaikei.page.getByRole('table', { name: 'ほかの課の報告（閲覧のみ）' });
    expect(await others.getByRole('row', { name: /財政課/ }).innerText()).toContain('財政課の申請書類の押印を廃止した。');

    // Its own list shows its own part submitted; the history is its part's alone.
    await kaikei.page.goto(`${web.url}/#/department?fy=2026`);
    const row = kaikei.page.locator('table.items-table tr', { hasText: title });
    expect(await row.innerText()).toContain('提出済');
    await kaikei.page.goto(`${web.url}/#/report/action/4-1?fy=2026&department=kaikei`);
    await kaikei.page.getByRole('link', { name: '変更履歴を見る' }).click();
    await kaikei.page.getByRole('heading', { level: 1, name: /変更履歴 4-1/ }).waitFor();
    expect(kaikei.page.url()).toContain('department=kaikei');
    expect(await kaikei.page.locator('.history > li').count()).toBe(2);

    const hq = await signInAs(web.browser, web.url, { role: 'hq' });
    await hq.page.goto(`${web.url}/#/hq/review?fy=2026`);
    await hq.page.getByRole('heading', { level: 1, name: '審査待ち' }).waitFor();
    const card = hq.page.getByRole('article').filter({ hasText: '関係各課の取組項目' });
    const parts = card.getByRole('table', { name: '課ごとの報告' });
    expect(await parts.getByRole('row', { name: /財政課/ }).innerText()).toContain('財政課の申請書類の押印を廃止した。');
    expect(await parts.getByRole('row', { name: /会計課/ }).innerText()).toContain('会計課の支出書類を電子化した。');
    Object.assign(found, await checkScreen(hq.page, 'shared-review'));

    for (const name of ['財政課', '会計課']) {
      await parts
        .getByRole('row', { name: new RegExp(`^${name}`) })
        .getByRole('button', { name: /承認する/ })
        .click();
      await hq.page.getByRole('dialog').getByRole('button', { name: '承認する' }).click();
      await hq.page.locator('.alert-ok', { hasText: `4-1（${name}）を承認しました` }).waitFor();
    }
    await hq.page.getByText('審査待ちの報告はありません。').waitFor();
    await kaikei.page.goto(`${web.url}/#/report/action/4-1?fy=2026&department=kaikei`);
    await kaikei.page.getByText('✓ 承認済').first().waitFor();

    for (const who of [zaisei, kaikei, hq]) expect(who.errors).toEqual([]);
    expect(found).toEqual({});
    await Promise.all([zaisei.context.close(), kaikei.context.close(), hq.context.close()]);
  }, 180_000);
});
