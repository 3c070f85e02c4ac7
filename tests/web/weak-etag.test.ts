/**
 * In AWS the API reaches the browser through CloudFront, which compresses JSON answers on the way and,
 * when it does, turns a strong ETag weak ("3" → W/"3"). If-Match compares strongly (RFC 9110 §13.1.1), so
 * an app that sent back the header's tag could save a report once and never again. Here every answer's
 * ETag is weakened in the browser, as CloudFront would, and each write screen still works twice in a row.
 */
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWebSystem, signInAs, submitReport } from '../support/web-app.ts';
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
