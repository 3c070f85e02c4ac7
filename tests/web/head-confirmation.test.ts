/**
 * The yearly cycle with 課内確認 on (the default deployment): staff write and submit to their 所属長, who
 * returns or confirms to HQ; HQ approves; a submitter can withdraw until HQ acts. Every new screen is
 * checked with axe at 1200 and 375 px and photographed into test-output/screenshots/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/browser.ts';
import type { AxeViolation } from '../support/browser.ts';
import { SCREENSHOTS, useWebSystem, signInAs, submitReport } from '../support/web-app.ts';
import type { Who } from '../support/web-app.ts';
import type { Plan } from '../../functions/domain/catalogue/schema.ts';
import { seedCatalogue } from '../../seeds/plans.ts';
import { documentWorkbook } from '../fixtures/plan-import/workbooks.ts';

const shots = SCREENSHOTS;
const web = useWebSystem();

const signIn = (who: Who) => signInAs(web.browser, web.url, who);
const staff: Who = { role: 'department', department: 'shomu' };
const head: Who = { role: 'department_head', department: 'shomu' };
const achievements = '実績（必須）';

async function open(page: Page, hash: string, heading: string | RegExp) {
  await page.goto(`${web.url}/${hash}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** axe's findings on the screen as it is, at desktop and phone width, with a screenshot of each. */
async function checkScreen(page: Page, name: string): Promise<Record<string, AxeViolation[]>> {
  const found: Record<string, AxeViolation[]> = {};
  for (const width of [1200, 375]) {
    await page.setViewportSize({ width, height: 900 });
    const violations = await axeViolations(page);
    if (violations.length) found[`${name}@${width}`] = violations;
    await page.screenshot({ path: `${shots}/${name}${width === 375 ? '-375' : ''}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1200, height: 900 });
  return found;
}

const state = (page: Page) => page.locator('.state-line').innerText();

describe('課内確認 in the browser (on by default)', () => {
  it('takes a report from a partial draft through the 所属長 (return, then confirm) to HQ approval', async () => {
    const found: Record<string, AxeViolation[]> = {};
    const report = '#/report/action/12-1?fy=2026';
    const title = /12-1 定員管理計画に基づく定員管理の適正化/;

    // Staff save what they have so far: only the status. Nothing asks for the rest yet.
    const shomu = await signIn(staff);
    await open(shomu.page, report, title);
    await shomu.page.getByLabel('実施中').check();
    await shomu.page.getByRole('button', { name: '下書き保存' }).click();
    await shomu.page.getByText('保存しました（下書き、版1）').waitFor();
    expect(await shomu.page.locator('.field-error:visible').count()).toBe(0);

    await shomu.page.reload();
    await shomu.page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await shomu.page.getByLabel('実施中').isChecked()).toBe(true);
    expect(await shomu.page.getByLabel(achievements).inputValue()).toBe('');
    expect(await state(shomu.page)).toContain('✎ 下書き');
    Object.assign(found, await checkScreen(shomu.page, 'head-partial-draft'));

    // 提出 is where the required fields are asked for.
    await shomu.page.getByRole('button', { name: '提出する' }).click();
    await shomu.page.locator('#e-rating').waitFor();
    expect(await shomu.page.locator('#e-achievements').innerText()).toBe('実績を入力してください');
    expect(await shomu.page.getByRole('dialog').count()).toBe(0);

    await shomu.page.getByLabel('B：計画どおり').check();
    await shomu.page.getByLabel(achievements).fill('定員管理計画に基づき、職員数を適正化した。');
    await submitReport(shomu.page);
    await shomu.page.getByText('… 課内確認待ち').waitFor();
    await shomu.page.getByText('所属長の確認待ちです').waitFor();
    expect(await shomu.page.locator('main textarea[name=achievements]').count()).toBe(0);
    Object.assign(found, await checkScreen(shomu.page, 'head-pending-staff'));

    // The 所属長 returns it; a return without a reason is refused next to the comment field.
    const kacho = await signIn(head);
    await open(kacho.page, report, title);
    const confirmation = kacho.page.getByRole('region', { name: '所属長の確認（課内確認）' });
    expect(await confirmation.innerText()).toContain('確認して提出');
    // The 所属長 may correct the report before confirming it (the API's actions offer save), so it opens as a form.
    expect(await kacho.page.getByLabel(achievements).inputValue()).toBe('定員管理計画に基づき、職員数を適正化した。');
    Object.assign(found, await checkScreen(kacho.page, 'head-confirmation'));
    await confirmation.getByRole('button', { name: '差し戻す' }).click();
    await kacho.page.getByText('差し戻しの理由を入力してください').waitFor();
    await confirmation.getByLabel('コメント（差し戻しでは必須）').fill('適正化した人数を書いてください。');
    await confirmation.getByRole('button', { name: '差し戻す' }).click();
    await kacho.page.getByText('↩ 差戻し').waitFor();

    // Staff see the comment, fix the report and submit again.
    await shomu.page.reload();
    await shomu.page.getByText('↩ 差戻し').waitFor();
    expect(await shomu.page.getByRole('note').innerText()).toContain('適正化した人数を書いてください。');
    Object.assign(found, await checkScreen(shomu.page, 'head-returned'));
    await shomu.page.getByLabel(achievements).fill('定員管理計画に基づき、職員数を3人適正化した。');
    // Saving in between does not make the staff member the one who returned it.
    await shomu.page.getByRole('button', { name: '下書き保存' }).click();
    await shomu.page.getByText(/保存しました（差戻し、版\d+）/).waitFor();
    await shomu.page.reload();
    await shomu.page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await shomu.page.getByRole('note').innerText()).toMatch(/^差し戻しコメント（庶務課長）：適正化した人数を書いてください。/);
    await submitReport(shomu.page);
    await shomu.page.getByText('… 課内確認待ち').waitFor();
    // Resubmitted, the return comment belongs to the history only: not on the form, for staff or the 所属長.
    expect(await shomu.page.getByRole('note').count()).toBe(0);
    expect(await shomu.page.locator('main').innerText()).not.toContain('適正化した人数を書いてください。');

    // Until the 所属長 confirms, HQ has nothing to review.
    const hq = await signIn({ role: 'hq' });
    await open(hq.page, '#/hq/review?fy=2026', '審査待ち');
    expect(await hq.page.getByRole('article').filter({ hasText: '12-1' }).count()).toBe(0);

    await kacho.page.reload();
    await kacho.page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await kacho.page.locator('main').innerText()).not.toContain('適正化した人数を書いてください。');
    await kacho.page.getByRole('button', { name: '確認して提出' }).click();
    await kacho.page.getByRole('dialog', { name: '推進本部に提出しますか？' }).getByRole('button', { name: '確認して提出' }).click();
    await kacho.page.getByText('↑ 提出済').waitFor();

    // Same address as before: reload, so the queue is read again.
    await hq.page.reload();
    await hq.page.getByRole('heading', { level: 1, name: '審査待ち' }).waitFor();
    const queued = hq.page.getByRole('article').filter({ hasText: '職員数を3人適正化した。' });
    await queued.waitFor();
    await queued.getByRole('button', { name: /承認する/ }).click();
    await hq.page.getByRole('dialog').getByRole('button', { name: '承認する' }).click();
    await hq.page.locator('.alert-ok', { hasText: '12-1を承認しました' }).waitFor();
    await shomu.page.reload();
    await shomu.page.getByText('✓ 承認済').waitFor();
    expect(await shomu.page.locator('main').innerText()).not.toContain('適正化した人数を書いてください。');
    await open(shomu.page, '#/history/action/12-1?fy=2026', /変更履歴/);
    expect(await shomu.page.locator('main').innerText()).toContain('コメント：適正化した人数を書いてください。');

    for (const who of [shomu, kacho, hq]) expect(who.errors).toEqual([]);
    expect(found).toEqual({});
    await Promise.all([shomu.context.close(), kacho.context.close(), hq.context.close()]);
  }, 180_000);

  it('lets staff withdraw a submitted report back to 下書き before anyone acts on it', async () => {
    const shomu = await signIn(staff);
    const title = /12-2/;
    await open(shomu.page, '#/report/action/12-2?fy=2026', title);
    await shomu.page.getByLabel('検討中').check();
    await shomu.page.getByLabel('B：計画どおり').check();
    await shomu.page.getByLabel(achievements).fill('業務量調査の方法を検討した。');
    await submitReport(shomu.page);
    await shomu.page.getByText('… 課内確認待ち').waitFor();
    const withdrawal = shomu.page.getByRole('region', { name: '提出の取り下げ' });
    const found = await checkScreen(shomu.page, 'head-withdraw');

    await withdrawal.getByRole('button', { name: '取り下げる' }).click();
    await shomu.page.getByText('✎ 下書き').waitFor();
    expect(await shomu.page.getByLabel(achievements).inputValue()).toBe('業務量調査の方法を検討した。');
    expect(await shomu.page.getByRole('region', { name: '提出の取り下げ' }).count()).toBe(0);
    await shomu.page.screenshot({ path: `${shots}/head-withdrawn.png`, fullPage: true });
    expect(shomu.errors).toEqual([]);
    expect(found).toEqual({});
    await shomu.context.close();
  }, 90_000);

  it('shows HQ each report against the plan, approves two with one confirmation, and finds a report from the header', async () => {
    /** The API as the page's signed-in person (their token in sessionStorage), for arranging reports quickly. */
    const apiAs = (page: Page, method: string, path: string, version?: number, body?: unknown) =>
      page.evaluate(
        async ({ method, path, version, body }) => {
          const headers: Record<string, string> = { authorization: `Bearer ${sessionStorage.getItem('shinchoku.token')}`, 'content-type': 'application/json' };
          if (version) headers['if-match'] = `"${version}"`;
          return (await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })).status;
        },
        { method, path, version, body },
      );
    const action = '/fiscal-years/2026/action-reports/12-3';
    const kpi = '/fiscal-years/2026/kpi-actuals/38-K1';
    const shomu = await signIn(staff);
    expect(
      await apiAs(shomu.page, 'PUT', action, undefined, {
        status: 'not_started',
        rating: 'D',
        achievements: '再任用職員の配置案を作成した。',
        challenges: '配置先の希望調査が未実施。',
        nextSteps: '来年度に希望調査を行う。',
      }),
    ).toBe(201);
    expect(await apiAs(shomu.page, 'PUT', kpi, undefined, { value: 120, asOf: '2026-11-30', note: '人事課の集計' })).toBe(201);
    for (const path of [action, kpi]) expect(await apiAs(shomu.page, 'POST', `${path}/submit`, 1, {})).toBe(200);
    await shomu.context.close();
    const boss = await signIn(head);
    for (const path of [action, kpi]) expect(await apiAs(boss.page, 'POST', `${path}/confirm`, 2, {})).toBe(200);
    await boss.context.close();

    const hq = await signIn({ role: 'hq' });
    const page = hq.page;
    await open(page, '#/hq/review?fy=2026', '審査待ち');
    const actionCard = page.locator('.queue-item', { has: page.getByRole('heading', { name: /12-3/ }) });
    const kpiCard = page.locator('.queue-item', { has: page.getByRole('heading', { name: /38-K1/ }) });
    // 実施 is planned for FY2026 and the report says 未着手: behind the plan.
    expect(await actionCard.locator('.review-context').innerText()).toMatch(/令和8年度の予定：.+計画との比較：遅れ/);
    expect(await kpiCard.locator('.review-context').innerText()).toBe('基準値 87.5%（令和6年度）　→　目標値 90%（令和11年度）');
    expect(await kpiCard.locator('.field-warning').innerText()).toContain('100%を超えています');
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${shots}/review-context${width === 375 ? '-375' : ''}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await actionCard.getByLabel(/まとめて承認に含める/).check();
    await kpiCard.getByLabel(/まとめて承認に含める/).check();
    await page.getByRole('button', { name: '選んだ2件をまとめて承認する' }).click();
    await page.getByRole('dialog', { name: '2件を承認しますか？' }).getByRole('button', { name: '2件を承認する' }).click();
    await page.getByText('2件を承認しました').first().waitFor();
    expect(await page.getByRole('list', { name: 'まとめて承認した結果' }).innerText()).toMatch(/12-3：承認しました[\s\S]*38-K1：承認しました/);
    expect(await page.locator('.queue-item', { has: page.getByRole('heading', { name: /12-3|38-K1/ }) }).count()).toBe(0);

    // The header's box: a full-width query finds the approved report's text, marked where it matched.
    await page.getByRole('searchbox', { name: '施策・取組・報告を検索' }).fill('再任用職員');
    await page.getByRole('searchbox', { name: '施策・取組・報告を検索' }).press('Enter');
    await page.getByRole('heading', { level: 1, name: '検索' }).waitFor();
    // Both the item (its title says 再任用職員) and its approved report are found; the report's line shows its text.
    const hit = page.locator('.search-result', { hasText: '配置案を作成した' });
    expect(await hit.innerText()).toContain('承認済');
    expect(await hit.locator('mark').innerText()).toBe('再任用職員');
    expect(await hit.getByRole('link').getAttribute('href')).toBe('#/report/action/12-3?fy=2026');
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${shots}/search${width === 375 ? '-375' : ''}.png`, fullPage: true });
    }
    // Another 年度 searches the same words again there: 令和9年度 has no report with them, the item is still found.
    await page.getByLabel('年度', { exact: true }).selectOption({ label: '令和9年度' });
    await page.getByText(/令和9年度の報告の本文/).waitFor();
    expect(page.url()).toContain('fy=2027');
    expect(await page.getByRole('searchbox', { name: /検索する語/ }).inputValue()).toBe('再任用職員');
    expect(await page.locator('.search-result', { hasText: '配置案を作成した' }).count()).toBe(0);
    expect(await page.locator('.search-result').count()).toBeGreaterThan(0);
    const violations = await axeViolations(page);
    expect(hq.errors).toEqual([]);
    expect(violations).toEqual([]);
    await hq.context.close();
  }, 120_000);
});

// HQ's plan screen (計画の管理), sharing this file's system: one start of the app and the browser fewer.
/**
 * HQ's plan screen in a real browser: the plan list, its versions and its departments by year, at desktop and
 * phone width, photographed into test-output/screenshots/ for a person to look at.
 */

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
      // The JSON revision asks its 適用開始年度 in 令和, with the workbook import's own select (it was a 西暦 number).
      await expect(page.getByLabel('適用開始年度').locator('option').allInnerTexts()).resolves.toEqual([
        '令和8年度',
        '令和9年度',
        '令和10年度',
        '令和11年度',
        '令和12年度',
      ]);
      await page.screenshot({ path: `${SCREENSHOTS}/plans-${width}.png`, fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});

// The plan import on the plan screen, sharing this file's system. It applies a version 2 of the plan, so it runs last.
/**
 * HQ's 「表計算ファイルから読み込む」 in a real browser, the whole flow on one page: the 8th plan's revision
 * workbook written as the plan document's tables (施策2 and 施策3 swap numbers, 取組項目 1-3 retired, 1-K1's
 * target raised, 1-1 reworded) is chosen; its columns, counts, every row's match and the difference by key are
 * shown; HQ corrects the reworded row (read as new) to 1-1, the difference follows; 適用（新しい版として） from
 * FY2027 makes version 2. Photographed at 1280 and 375 px into test-output/screenshots/plan-import-*.png.
 */
describe('the plan import on the plan screen', () => {
  it('reads a revision workbook, lets HQ correct a row’s match, and applies it as the plan’s next version', async () => {
    const plan = structuredClone(seedCatalogue().plan) as Plan;
    const [two, three] = [plan.measures[1]!, plan.measures[2]!];
    plan.measures[1] = { ...three, number: '2' };
    plan.measures[2] = { ...two, number: '3' };
    const retired = plan.measures[0]!.actionItems.pop()!;
    plan.measures[0]!.kpis[0]!.target = { ...plan.measures[0]!.kpis[0]!.target, label: '120件' };
    const reworded = '行政手続のオンライン化（電子申請の拡充）';
    plan.measures[0]!.actionItems[0]!.title = reworded;
    const bytes = Buffer.from(await documentWorkbook(plan).xlsx.writeBuffer());

    const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'hq' }, { width: 1280, height: 900 });
    await page.goto(`${web.url}/#/hq/plans`);
    await page.getByRole('heading', { name: '表計算ファイルから読み込む' }).waitFor();
    await page.getByLabel('計画のファイル（.xlsx または .csv）').setInputFiles({
      name: '見直し案.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: bytes,
    });
    // The mapping, guessed from the headers under the title row.
    await page.locator('table.mapping').waitFor();
    await expect(page.getByLabel('列 A の読み方').inputValue()).resolves.toBe('level:0');
    await expect(page.getByLabel('列 G の読み方').inputValue()).resolves.toBe('year:2026');
    // The counts: 104 rows less the retired one.
    const counts = await page.locator('.plan-import .counts').innerText();
    expect(counts).toContain(`${plan.levels.at(-2)!.name} 44`);
    expect(counts).toContain(`${plan.levels.at(-1)!.name} 103`);
    expect(counts).toContain('KPI 17');
    // Every row's match; the reworded row is read as new, so the difference adds it and retires its old self.
    const row = page.locator('table.matches').getByRole('row', { name: '実施計画 E3 取組項目' });
    await expect(row.innerText()).resolves.toContain('新規');
    await expect(page.getByLabel('実施計画 E3 の対応先').inputValue()).resolves.toBe('new');
    let difference = await page.locator('.plan-import table.changes').innerText();
    expect(difference).toContain('追加');
    expect(difference).toContain(retired.title);
    expect(difference).toContain('廃止');
    expect(difference).toContain('120');
    expect(difference).toContain('番号変更');

    // HQ says the reworded row is 1-1: the difference becomes its text change, with nothing added.
    await page.getByLabel('実施計画 E3 の対応先').selectOption('1-1');
    await row.filter({ hasText: '指定' }).waitFor();
    difference = await page.locator('.plan-import table.changes').innerText();
    expect(difference).not.toContain('追加');
    expect(difference).toContain(reworded);
    expect(difference).toContain(retired.title);
    await page.screenshot({ path: `${SCREENSHOTS}/plan-import-1280.png`, fullPage: true });

    // At phone width nothing overflows the page: the wide tables scroll inside their own boxes.
    await page.setViewportSize({ width: 375, height: 900 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(375);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/plan-import-375.png`, fullPage: true });

    const section = page.getByRole('region', { name: '表計算ファイルから読み込む' });
    await section.getByLabel('適用開始年度').selectOption({ label: '令和9年度' });
    await section.getByLabel('見直しの理由（版の履歴に残ります）').fill('中間見直しによる施策の並べ替え');
    await section.getByRole('button', { name: '適用（新しい版として）' }).click();
    await page.getByRole('dialog', { name: '第2版として適用しますか？' }).getByRole('button', { name: '適用する' }).click();
    await page.getByRole('status').filter({ hasText: '第2版として適用しました' }).waitFor();
    const versions = await page.locator('table.versions').innerText();
    expect(versions).toContain('第2版');
    expect(versions).toContain('令和9年度から');
    await page.screenshot({ path: `${SCREENSHOTS}/plan-import-applied-375.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
