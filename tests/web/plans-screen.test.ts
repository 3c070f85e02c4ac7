/**
 * HQ's plan screen in a real browser: the plan list, its versions and its departments by year, at desktop and
 * phone width, photographed into test-output/screenshots/ for a person to look at.
 */
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, signInAs, useWebSystem } from '../support/web-app.ts';

const web = useWebSystem();

describe('the plan screen', () => {
  for (const width of [1280, 375]) {
    it(`shows HQ the plans, the versions and the departments by year at ${width} px`, async () => {
      const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'hq' }, { width, height: 900 });
      await page.goto(`${web.url}/#/hq/plans`);
      await page.getByRole('heading', { name: '計画の管理' }).waitFor();
      const list = page.locator('table.plans');
      await expect(list.innerText()).resolves.toContain('令和8〜12年度');
      await expect(list.innerText()).resolves.toContain('推進中');
      await expect(page.locator('table.versions').innerText()).resolves.toContain('第1版');
      await expect(page.getByText('令和8年度（', { exact: false }).first().isVisible()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: '違いを確認する' }).isDisabled()).resolves.toBe(true);
      await page.screenshot({ path: `${SCREENSHOTS}/plans-${width}.png`, fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
