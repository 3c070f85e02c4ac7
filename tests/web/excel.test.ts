import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageErrors } from '../support/browser.ts';
import { SCREENSHOTS, useWebSystem } from '../support/web-app.ts';

const root = resolve(import.meta.dirname, '../..');
const shots = SCREENSHOTS;
const web = useWebSystem();
const work = join(tmpdir(), `excel-test-${process.pid}`);

beforeAll(() => {
  mkdirSync(work, { recursive: true });
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
});

async function signIn(who: { role: 'department' | 'department_head' | 'hq'; department?: string }): Promise<{ page: Page; errors: string[] }> {
  const context = await web.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'ja-JP', acceptDownloads: true });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = pageErrors(page, [/status of 404/]);
  await page.goto(web.url);
  await page.getByLabel('立場').selectOption(who.role);
  if (who.department) await page.getByLabel('課', { exact: true }).selectOption(who.department);
  await page.getByLabel('利用者ID').fill(`${who.department ?? who.role}-user`);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.waitForURL(/#\/(department|hq)/);
  return { page, errors };
}

/** Fills cells the way a person's Excel would: by the header's column, in the row of the ID. */
async function fillSheet(path: string, values: Record<string, Record<string, ExcelJS.CellValue | { percent: number }>>): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.worksheets.find((s) => s.name !== '記入方法')!;
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(String);
  sheet.eachRow((row) => {
    const fields = values[String(row.getCell(2).value)];
    if (!fields) return;
    for (const [header, value] of Object.entries(fields)) {
      const cell = row.getCell(headers.indexOf(header));
      if (value && typeof value === 'object' && 'percent' in value) {
        // Typed as "65.5%": Excel stores 0.655 and switches the cell to a percent format.
        cell.value = value.percent / 100;
        cell.numFmt = '0.0%';
      } else cell.value = value as ExcelJS.CellValue;
    }
  });
  const out = join(work, 'filled.xlsx');
  await book.xlsx.writeFile(out);
  return out;
}

describe('Excelで記入', () => {
  it('a department downloads its sheet, fills it offline, previews, applies and submits all; HQ sees them waiting', async () => {
    // The 所属長 fills the sheet and submits straight to HQ (with 課内確認 on, staff would submit to the 所属長 first).
    const shomu = await signIn({ role: 'department_head', department: 'shomu' });
    await shomu.page.getByRole('link', { name: 'Excelで記入' }).click();
    await shomu.page.getByRole('heading', { level: 1, name: 'Excelで記入（庶務課）' }).waitFor();

    const [download] = await Promise.all([shomu.page.waitForEvent('download'), shomu.page.getByRole('button', { name: 'Excelをダウンロード' }).click()]);
    // The server's name (what the file holds), not one the screen makes up.
    expect(download.suggestedFilename()).toBe('令和8年度_東根市第8次行財政改革推進プラン進捗報告_庶務課.xlsx');
    const downloaded = join(work, 'mine.xlsx');
    await download.saveAs(downloaded);

    const filled = await fillSheet(downloaded, {
      '12-1': { 進捗状況: '実施中', 自己評価: 'B 計画どおり', 実績: '定員管理計画を改定した。\n全課へ周知した。' },
      '12-2': { 進捗状況: '検討中', 自己評価: 'C やや遅れ', 実績: '配置の方針を検討した。' },
      // A 時点 may not lie after today (this system runs on the real clock): a FY2026 date already past.
      '5-K1': { 実績値: { percent: 65.5 }, 時点: new Date(Date.UTC(2026, 10, 30)), '出典・備考': '文書管理システム' },
    });

    await shomu.page.getByLabel('記入したファイル（.xlsx または CSV）').setInputFiles(filled);
    await shomu.page.getByRole('heading', { level: 2, name: '3. 変更点の確認' }).waitFor();
    await shomu.page.locator('#main').getByText('3行を下書きとして保存します。').waitFor();
    const kpiRow = shomu.page.getByRole('row').filter({ hasText: '5-K1' });
    expect(await kpiRow.innerText()).toContain('実績値：（空欄） → 65.5');
    expect(await shomu.page.getByRole('row').filter({ hasText: '12-1' }).innerText()).toContain('未入力 → 下書き');
    await shomu.page.screenshot({ path: `${shots}/excel-preview.png`, fullPage: true });

    await shomu.page.getByRole('button', { name: '反映する（下書きとして保存）' }).click();
    await shomu.page.locator('#main').getByText('3件を下書きとして保存しました').waitFor();
    await shomu.page.getByRole('button', { name: 'まとめて提出' }).click();
    await shomu.page.locator('#main').getByText('取り込んだ3件（12-1、12-2、5-K1）を提出します。よろしいですか？').waitFor();
    await shomu.page.getByRole('button', { name: '提出する', exact: true }).click();
    await shomu.page.locator('#main').getByText('3件を提出しました。').waitFor();
    expect(shomu.errors).toEqual([]);

    const hq = await signIn({ role: 'hq' });
    await hq.page.goto(`${web.url}/#/hq/review?fy=2026`);
    await hq.page.getByRole('heading', { level: 1, name: '審査待ち' }).waitFor();
    await hq.page.getByRole('article').filter({ hasText: '定員管理計画を改定した。' }).waitFor();
    await hq.page.getByRole('article').filter({ hasText: '配置の方針を検討した。' }).waitFor();
    expect(await hq.page.getByRole('article').filter({ hasText: '5-K1' }).innerText()).toContain('65.5%');
  }, 120_000);

  it('shows errors at their rows and applies nothing', async () => {
    const hq = await signIn({ role: 'hq' });
    await hq.page.goto(`${web.url}/#/excel?fy=2026&department=zeimu`);
    await hq.page.getByRole('heading', { level: 1, name: 'Excelで記入（税務課）' }).waitFor();
    const [download] = await Promise.all([hq.page.waitForEvent('download'), hq.page.getByRole('button', { name: 'Excelをダウンロード' }).click()]);
    const path = join(work, 'zeimu.xlsx');
    await download.saveAs(path);
    const filled = await fillSheet(path, { '21-K1': { 実績値: 99.1, 時点: '令和10年3月31日' } });
    await hq.page.getByLabel('記入したファイル（.xlsx または CSV）').setInputFiles(filled);
    await hq.page.locator('#main').getByText('1件の誤りがあります').waitFor();
    expect(await hq.page.getByRole('row').filter({ hasText: '21-K1' }).innerText()).toContain('時点は令和8年度の実績の日付');
    expect(await hq.page.getByRole('button', { name: '反映する（下書きとして保存）' }).isDisabled()).toBe(true);

    writeFileSync(join(work, 'old.xls'), readFileSync(resolve(root, 'tests/fixtures/xlsx/lo-mixed.xls')));
    await hq.page.getByLabel('記入したファイル（.xlsx または CSV）').setInputFiles(join(work, 'old.xls'));
    await hq.page.locator('#main').getByText('Excel 97-2003 形式（.xls）またはパスワード付きのファイルは読めません').first().waitFor();
    expect(hq.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  }, 120_000);
});
