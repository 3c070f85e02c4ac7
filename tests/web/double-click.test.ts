import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWebSystem, signInAs } from '../support/web-app.ts';
import { parseAnswer } from '../support/answers.ts';
import type { JsonAnswer } from '../support/answers.ts';

/**
 * Issue 18 item 5: over a slow network a double click sent every write twice: two 「記録する」 made two
 * identical opinions, and two 「下書き保存」 answered 200 then 412, so the form said someone else had saved.
 * Here every API request takes 1.5 s more, as on that network.
 */
const web = useWebSystem();
const DELAY_MS = 1_500;

/** Slows every API request of the page by DELAY_MS and counts the writes that reach the network, by "METHOD path". */
async function slowNetwork(page: Page): Promise<Map<string, number>> {
  const writes = new Map<string, number>();
  await page.route('**/api/**', async (route) => {
    const request = route.request();
    if (request.method() !== 'GET') {
      const key = `${request.method()} ${new URL(request.url()).pathname}`;
      writes.set(key, (writes.get(key) ?? 0) + 1);
    }
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
    await route.continue();
  });
  return writes;
}

/** The API as the page's signed-in person, straight from the page (not through the slowed route), read through the contract. */
async function apiGet(page: Page, path: string): Promise<JsonAnswer> {
  const { status, type, body } = await page.evaluate(async (path) => {
    const response = await fetch(`/api${path}`, { headers: { authorization: `Bearer ${sessionStorage.getItem('shinchoku.token')}` } });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as unknown };
  }, path);
  return parseAnswer('GET', `/api${path}`, status, type, body);
}

describe('a double click over a slow network', () => {
  it('「記録する」 records one opinion, and the button says it is busy meanwhile', async () => {
    const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'hq' });
    await page.getByRole('navigation').getByRole('link', { name: '懇談会の意見' }).click();
    await page.getByRole('heading', { level: 1, name: '推進懇談会の意見（令和8年度）' }).waitFor();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { level: 2, name: '意見を記録する' }) });
    await form.getByLabel(/^発言者/).fill('推進懇談会');
    await form.getByLabel(/^日付/).fill('2027-05-20');
    await form.getByRole('textbox', { name: '意見（必須）' }).fill('二度押しても一件だけ記録される。');

    const writes = await slowNetwork(page);
    const button = form.getByRole('button', { name: '記録する' });
    await button.dblclick();
    expect(await button.getAttribute('aria-busy')).toBe('true');
    await page.getByRole('main').getByText('意見を記録しました').waitFor();

    expect(writes.get('POST /api/fiscal-years/2026/opinions')).toBe(1);
    expect(await button.getAttribute('aria-busy')).toBeNull();
    const { opinions } = await apiGet(page, '/fiscal-years/2026/opinions');
    expect(opinions.filter((o: { text: string }) => o.text === '二度押しても一件だけ記録される。')).toHaveLength(1);
    expect(await page.getByText('二度押しても一件だけ記録される。').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('「下書き保存」 saves once and shows no conflict', async () => {
    const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'department', department: 'shomu' });
    await page.goto(`${web.url}/#/report/action/35-1?fy=2026`);
    await page.getByRole('heading', { level: 1, name: /35-1/ }).waitFor();
    await page.getByLabel('実施中').check();
    await page.getByLabel('B：計画どおり').check();
    await page.getByLabel('実績（必須）').fill('ストレスチェックを全職員に実施した。');

    const writes = await slowNetwork(page);
    await page.getByRole('button', { name: '下書き保存' }).dblclick();
    await page.getByText('保存しました（下書き、版1）').waitFor();

    expect(writes.get('PUT /api/fiscal-years/2026/action-reports/35-1')).toBe(1);
    expect(await page.getByText(/先に保存しました/).count()).toBe(0);
    expect(await page.locator('.conflict').count()).toBe(0);
    const report = await apiGet(page, '/fiscal-years/2026/action-reports/35-1');
    expect(report.version).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('「記録する」 pressed again after its answer was lost on the way sends the same key and records nothing more', async () => {
    const { context, page } = await signInAs(web.browser, web.url, { role: 'hq' });
    await page.getByRole('navigation').getByRole('link', { name: '懇談会の意見' }).click();
    await page.getByRole('heading', { level: 1, name: '推進懇談会の意見（令和8年度）' }).waitFor();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { level: 2, name: '意見を記録する' }) });
    await form.getByLabel(/^発言者/).fill('推進懇談会');
    await form.getByLabel(/^日付/).fill('2027-05-21');
    await form.getByRole('textbox', { name: '意見（必須）' }).fill('答えが届かなくても一件だけ記録される。');

    // The first POST reaches the API (which records the opinion), and its answer is lost on the way back.
    const keys: (string | null)[] = [];
    await page.route('**/api/fiscal-years/2026/opinions', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(await route.request().headerValue('idempotency-key'));
      if (keys.length > 1) return route.continue();
      await route.fetch();
      return route.abort('connectionreset');
    });
    const button = form.getByRole('button', { name: '記録する' });
    await button.click();
    await page.getByRole('main').getByText('記録できませんでした').waitFor();
    await button.click();
    await page.getByRole('main').getByText('意見を記録しました').waitFor();

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    const { opinions } = await apiGet(page, '/fiscal-years/2026/opinions');
    expect(opinions.filter((o: { text: string }) => o.text === '答えが届かなくても一件だけ記録される。')).toHaveLength(1);
    expect(await page.getByText('答えが届かなくても一件だけ記録される。').count()).toBe(1);
    await context.close();
  });
});
