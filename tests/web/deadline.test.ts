/**
 * The deployment's deadline setting and the local system's clock reach the web app: `npm start` with
 * DEADLINE=04-30 (the stack's `-c deadline=04-30` in AWS, tested in tests/infra/custom-domain.test.ts) writes it
 * into /config.json, and a department's home counts down to 4月30日, the same date the reminder mail gives.
 * SHINCHOKU_TODAY=2027-05-10 sets the day the API and the screens take as today, whatever this computer's
 * date: FY2027 has begun, so a department can start its FY2027 reports from FY2026's text.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validActionReport } from '../api/harness.ts';
import { SCREENSHOTS, signInAs, useWebSystem } from '../support/web-app.ts';

const web = useWebSystem({ DEADLINE: '04-30', HEAD_CONFIRMATION: 'off', SHINCHOKU_TODAY: '2027-05-10' });

describe('the deadline setting and the local clock in the browser', () => {
  it('serves the settings in /config.json and shows the FY2026 deadline, 4月30日, passed on 10 May 2027', async () => {
    const config = await (await fetch(`${web.url}/config.json`)).json();
    expect(config).toMatchObject({ mode: 'local', deadline: '04-30', headConfirmation: false });

    const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'department', department: 'shomu' });
    await page.goto(`${web.url}/#/department?fy=2026`);
    const summary = page.locator('.summary-box');
    await summary.getByText('提出期限').waitFor();
    const text = await summary.innerText();
    expect(text).toContain('提出期限 令和9年4月30日');
    expect(text).not.toContain('5月31日');
    expect(text).toContain('（期限を過ぎています）');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('lets a department start its FY2027 reports from FY2026’s text on the server’s 10 May 2027', async () => {
    const signIn = await fetch(`${web.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'shomu-carry', role: 'department', department: 'shomu' }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const written = await fetch(`${web.url}/api/fiscal-years/2026/action-reports/12-2`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(validActionReport),
    });
    expect(written.status).toBe(201);
    // Last year's 根拠資料, listed again on 年度ごとの報告 (announce, PUT the bytes, complete: as the form does).
    const files = `${web.url}/api/fiscal-years/2026/action-reports/12-2/attachments`;
    const pdf = new TextEncoder().encode('%PDF-1.4\n% 令和8年度の根拠資料\n%%EOF\n');
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const announced = (await (
      await fetch(files, { method: 'POST', headers: auth, body: JSON.stringify({ name: '電子申請_実績.pdf', type: 'application/pdf', size: pdf.length }) })
    ).json()) as { id: string; uploadUrl: string };
    expect((await fetch(new URL(announced.uploadUrl, web.url), { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: pdf })).ok).toBe(true);
    expect((await fetch(`${files}/${announced.id}/complete`, { method: 'POST', headers: auth })).ok).toBe(true);

    const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'department', department: 'shomu' });
    // By this computer's date (before April 2027) the year has not begun and the home would offer nothing.
    await page.goto(`${web.url}/#/department?fy=2027`);
    const summary = page.locator('.summary-box');
    await summary.getByText('令和9年度の報告').waitFor();
    expect(await summary.innerText()).toContain('提出期限 令和10年4月30日（あと356日）');
    // Offered for the one item with last year's text, and counted alike before and after.
    const offer = page.locator('section[aria-labelledby="carry-title"]');
    expect(await offer.innerText()).toContain('令和8年度の報告がある1件に');
    await page.getByRole('button', { name: '1件を前年度の報告から始める' }).click();
    await page.getByRole('dialog', { name: '前年度の報告から始めますか？' }).getByRole('button', { name: '下書きを作る' }).click();
    const done = page.locator('#main .alert-ok');
    await done.waitFor();
    expect(await done.innerText()).toBe('1件の下書きを令和8年度の報告から作りました。内容を直して提出してください。');
    // Nothing is left to carry, so the offer is gone.
    expect(await offer.count()).toBe(0);
    const row = page.getByRole('row', { name: /12-2/ });
    await row.getByText('前年度から引継ぎ').waitFor();
    // A draft, not submitted by itself, holding last year's text ready to correct.
    expect(await row.innerText()).toContain('下書き');
    await row.getByRole('link').click();
    const achievements = page.locator('#f-achievements');
    await achievements.waitFor();
    expect(await achievements.inputValue()).toBe(validActionReport.achievements);

    // 年度ごとの報告 marks the carried draft as the form does, and lists last year's file to download.
    await page.getByRole('link', { name: '年度ごとの報告' }).click();
    const fy2027 = page.locator('section.year', { has: page.getByRole('heading', { name: '令和9年度' }) });
    await fy2027.getByText('前年度から引継ぎ').waitFor();
    const fy2026 = page.locator('section.year', { has: page.getByRole('heading', { name: '令和8年度' }) });
    const [download] = await Promise.all([page.waitForEvent('download'), fy2026.getByRole('button', { name: '電子申請_実績.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('電子申請_実績.pdf');
    expect(await fy2027.getByText('根拠資料').locator('xpath=following-sibling::dd[1]').innerText()).toBe('なし');
    // The years side by side on a desktop, stacked on a phone, with nothing wider than the screen.
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(SCREENSHOTS, `years-${width}.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
