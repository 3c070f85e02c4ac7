/**
 * HQ's 「表計算ファイルから読み込む」 in a real browser: the plan's own workbook with one 取組項目 taken out is
 * chosen, its columns shown as selects, the counts and the difference by key, at desktop and phone width,
 * photographed into test-output/screenshots/ for a person to look at.
 */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../functions/domain/catalogue/schema.ts';
import { planWorkbook } from '../../functions/plan-workbook/write.ts';
import { seedCatalogue } from '../../seeds/plans.ts';
import { SCREENSHOTS, signInAs, useWebSystem } from '../support/web-app.ts';

const web = useWebSystem();

describe('the plan import on the plan screen', () => {
  for (const width of [1280, 375]) {
    it(`reads a revised plan workbook and shows its columns, counts and difference at ${width} px`, async () => {
      const plan = structuredClone(seedCatalogue().plan) as Plan;
      const retired = plan.measures[0]!.actionItems.pop()!;
      const bytes = Buffer.from(await planWorkbook(plan));
      const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'hq' }, { width, height: 900 });
      await page.goto(`${web.url}/#/hq/plans`);
      await page.getByRole('heading', { name: '表計算ファイルから読み込む' }).waitFor();
      await page.getByLabel('計画のファイル（.xlsx または .csv）').setInputFiles({
        name: '見直し案.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: bytes,
      });
      await page.locator('table.mapping').waitFor();
      await expect(page.getByLabel('列 A の読み方').inputValue()).resolves.toBe('level:0');
      await expect(page.locator('.plan-import .counts').innerText()).resolves.toContain(`${plan.levels.at(-1)!.name} `);
      const difference = await page.locator('.plan-import table.changes').innerText();
      expect(difference).toContain(retired.title);
      expect(difference).toContain('廃止');
      await expect(page.getByRole('button', { name: '適用（新しい版として）' }).isEnabled()).resolves.toBe(true);
      await page.screenshot({ path: `${SCREENSHOTS}/plan-import-${width}.png`, fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
