/**
 * In AWS the API reaches the browser through CloudFront, which compresses JSON answers on the way and,
 * when it does, turns a strong ETag weak ("3" → W/"3"). If-Match compares strongly (RFC 9110 §13.1.1), so
 * an app that sent back the header's tag could save a report once and never again. Here every answer's
 * ETag is weakened in the browser, as CloudFront would, and each write screen still works twice in a row.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/browser.ts';
import type { AxeViolation } from '../support/browser.ts';
import { SCREENSHOTS, signInAs, submitReport, useWebSystem } from '../support/web-app.ts';
import type { Who } from '../support/web-app.ts';

const web = useWebSystem({ HEAD_CONFIRMATION: 'off' });

/**
 * Every API answer's ETag reaches the page weak, as CloudFront leaves it when it compresses (the local
 * server already weakens those it compresses; the rest are weakened here); counts the answers with one.
 */
async function weakenEtags(context: BrowserContext): Promise<{ weakTags: number }> {
  const seen = { weakTags: 0 };
  await context.route('**/api/**', async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    if (headers.etag) {
      if (!headers.etag.startsWith('W/')) headers.etag = `W/${headers.etag}`;
      seen.weakTags++;
    }
    await route.fulfill({ response, headers });
  });
  return seen;
}

async function signIn(who: Who) {
  const session = await signInAs(web.browser, web.url, who);
  return { ...session, seen: await weakenEtags(session.context) };
}

describe('writes keep working when something on the way weakens the ETag (CloudFront compression)', () => {
  it('a department saves a report twice and submits it; HQ approves it from the queue and assigns a department twice', async () => {
    const staff = await signIn({ role: 'department', department: 'shomu' });
    await staff.page.goto(`${web.url}/#/report/action/12-1?fy=2026`);
    await staff.page.getByRole('heading', { level: 1, name: /12-1/ }).waitFor();
    await staff.page.getByLabel('実施中').check();
    await staff.page.getByLabel('B：計画どおり').check();
    await staff.page.getByLabel('実績（必須）').fill('定員管理計画に基づき、職員数を適正化した。');
    await staff.page.getByRole('button', { name: '下書き保存' }).click();
    await staff.page.getByText('保存しました（下書き、版1）').waitFor();
    await staff.page.getByLabel('実績（必須）').fill('定員管理計画に基づき、職員数を3人適正化した。');
    await staff.page.getByRole('button', { name: '下書き保存' }).click();
    await staff.page.getByText('保存しました（下書き、版2）').waitFor();
    await submitReport(staff.page);
    await staff.page.getByText('↑ 提出済').waitFor();
    expect(staff.seen.weakTags).toBeGreaterThanOrEqual(2);
    expect(staff.errors).toEqual([]);

    const hq = await signIn({ role: 'hq' });
    await hq.page.goto(`${web.url}/#/hq/review?fy=2026`);
    await hq.page.getByRole('heading', { level: 1, name: '審査待ち' }).waitFor();
    await hq.page
      .getByRole('article')
      .filter({ hasText: '職員数を3人適正化した。' })
      .getByRole('button', { name: /承認する/ })
      .click();
    await hq.page.getByRole('dialog').getByRole('button', { name: '承認する' }).click();
    await hq.page.locator('.alert-ok', { hasText: '12-1を承認しました' }).waitFor();

    await hq.page.goto(`${web.url}/#/hq/assign`);
    await hq.page.getByRole('heading', { level: 1, name: '関係各課の割当て' }).waitFor();
    await hq.page.getByRole('link', { name: /^変更する\s?（施策1）$/ }).click();
    await hq.page.getByRole('heading', { level: 1, name: /施策1 / }).waitFor();
    await hq.page.getByLabel('財政課').check();
    await hq.page.getByRole('button', { name: '保存する' }).click();
    await hq.page.getByText('保存しました（財政課、版1）').waitFor();
    await hq.page.getByLabel('庶務課').check();
    await hq.page.getByRole('button', { name: '保存する' }).click();
    await hq.page.getByText(/保存しました（.*、版2）/).waitFor();
    expect(hq.seen.weakTags).toBeGreaterThanOrEqual(3);
    expect(hq.errors).toEqual([]);
    await Promise.all([staff.context.close(), hq.context.close()]);
  });
});

// A shared action item (関係各課) in the browser, sharing this file's system (課内確認 off).
/**
 * A shared action item (関係各課・共管) in the browser: 4-1 is 庶務課・財政課・会計課's in FY2026, so each 課
 * writes and submits its own part from its 担当施策 list, and HQ reads the parts side by side and approves
 * each on its own. 課内確認 is off so a submission goes straight to HQ. The 会計課 form and HQ's card are
 * photographed at 1280 and 375 px into test-output/screenshots/shared-*.png and checked with axe.
 */
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
  await staff.page.getByText(`関係各課の取組項目：${name}の報告`).waitFor();
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
    // Each part shows its 進捗状況 with its 計画との比較 and its 自己評価, as an unshared card does; the title opens the item.
    expect(await parts.getByRole('row', { name: /財政課/ }).innerText()).toMatch(/実施中\s*計画との比較：\S+\s+B：計画どおり/);
    expect(await card.getByRole('heading', { level: 3 }).getByRole('link', { name: title }).getAttribute('href')).toBe(
      '#/report/action/4-1?fy=2026&department=zaisei',
    );
    await card.getByText(/^令和8年度の予定：/).waitFor();
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
