import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { unzlibSync } from 'fflate';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { etagOf, yearReportSchema } from '../../functions/contract/index.ts';
import { parseAnswer } from '../support/answers.ts';
import { read } from '../support/contract.ts';
import { axeViolations, pageErrors } from '../support/browser.ts';
import { SCREENSHOTS, useWebSystem, signInAs } from '../support/web-app.ts';

const root = resolve(import.meta.dirname, '../..');
const shots = SCREENSHOTS;
const approvedText = '定員適正化計画に基づき、職員配置を見直した（公表テスト）。';
const submittedText = '提出済みで未承認の記述（公表されてはならない）。';
const opinionText = '定員管理の考え方を市民に分かりやすく示されたい。';
const web = useWebSystem();
let hqToken: string;

async function api(method: string, path: string, body?: unknown, ifMatch?: string | null) {
  const response = await fetch(`${web.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${hqToken}`, 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = parseAnswer(method, `/api${path}`, response.status, response.headers.get('content-type') ?? '', await response.json());
  // From the answer's version, as the web app does: the local server compresses and weakens the header's tag, like CloudFront.
  return { status: response.status, etag: typeof answer.version === 'number' ? etagOf(answer.version) : null, body: answer };
}

async function report(path: string, body: unknown, approve: boolean) {
  const saved = await api('PUT', path, body);
  let step = await api('POST', `${path}/submit`, undefined, saved.etag);
  if (step.body.state === 'pending_head') step = await api('POST', `${path}/confirm`, undefined, step.etag);
  if (approve) step = await api('POST', `${path}/approve`, undefined, step.etag);
  return step;
}

beforeAll(async () => {
  const token = await fetch(`${web.url}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: 'hq-report', role: 'hq' }),
  });
  hqToken = ((await token.json()) as { token: string }).token;
  expect(
    (
      await report(
        '/fiscal-years/2026/action-reports/12-1',
        { status: 'implementing', rating: 'B', achievements: approvedText, challenges: '', nextSteps: '' },
        true,
      )
    ).body.state,
  ).toBe('approved');
  expect(
    (
      await report(
        '/fiscal-years/2026/action-reports/12-2',
        { status: 'studying', rating: 'C', achievements: submittedText, challenges: '', nextSteps: '' },
        false,
      )
    ).body.state,
  ).toBe('submitted');
  expect((await report('/fiscal-years/2026/kpi-actuals/16-K1', { value: 1234, asOf: '2026-11-30', note: 'LINE公式アカウント管理画面' }, true)).body.state).toBe(
    'approved',
  );
  expect((await api('POST', '/fiscal-years/2026/opinions', { measure: 12, speaker: '山田委員', date: '2027-05-20', text: opinionText })).status).toBe(201);
}, 240_000);

/** The page's text with its measure 12 and 16 opened, as a reader would open them. */
async function openPublicPage(page: Page): Promise<void> {
  await page.goto(`${web.url}/public/`);
  await page.getByRole('status').filter({ hasText: '令和8年度を表示しています' }).waitFor();
  for (const name of [/施策12 /, /施策16 /]) await page.locator('summary', { hasText: name }).first().click();
}

describe('公表 (publication) seen by citizens', () => {
  it('the public page and /open-data show the approved text, not the submitted one, until republished; withdrawal removes it', async () => {
    const published = await api('POST', '/fiscal-years/2026/publication');
    expect(published.status).toBe(200);
    const csv = await fetch(`${web.url}/open-data/2026/progress.csv`);
    expect(csv.status).toBe(200);
    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    expect(csvText).toContain(approvedText);
    expect(csvText).not.toContain(submittedText);

    const context = await web.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    const errors = pageErrors(page);
    // Layout shifts from the first paint on (CLS, as Lighthouse sums them): the data arriving must move nothing.
    await page.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { shifts: number[] }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) shifts.push(entry.value);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${web.url}/public/`);
    await page.getByRole('status').filter({ hasText: '令和8年度を表示しています' }).waitFor();
    // The measures' bodies are written after the first paint, into closed <details>: that too must move nothing,
    // and once written every KPI is in the page (find-in-page finds it) without opening a measure.
    await page.waitForFunction(() => document.querySelectorAll('.measure-body:empty').length === 0);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);
    expect(await page.locator('.kpi').count()).toBe(17);
    // The year at a glance: every rating counted, 16-K1's 後退 among them; the pillars as bars with their numbers; whom to ask.
    const overview = await page.getByRole('region', { name: '令和8年度の概要' }).innerText();
    expect(overview).toMatch(/KPI（17指標）\s*達成 0・順調 0・遅れ 0・後退 1・未報告 16/);
    expect(overview).toContain('目標年度 令和12年度');
    expect(await page.getByRole('img', { name: /^KPI：達成 0・順調 0・遅れ 0・後退 1・未報告 \d+$/ }).count()).toBe(1);
    expect(await page.locator('footer').innerText()).toContain('問い合わせ先：東根市 総合政策課（行財政改革推進本部事務局）');
    await page.screenshot({ path: join(shots, 'public-1280.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1400 } });
    for (const name of [/施策12 /, /施策16 /]) await page.locator('summary', { hasText: name }).first().click();
    const text = await page.locator('main').innerText();
    expect(text).toContain(approvedText);
    expect(text).toContain(opinionText);
    expect(text).not.toContain(submittedText);
    // The approved KPI actual, in the chart's text alternative, and the rating made from it.
    expect(await page.getByRole('img', { name: /友だち数：.*実績 令和8年度 1,234人/ }).count()).toBe(1);
    // …and as text beside it, with the 時点 and 出典 the department entered, the target's year and the rating.
    const kpi = await page.locator('.kpi', { hasText: '友だち数' }).innerText();
    expect(kpi).toMatch(/実績値\s*令和8年度 1,234人（時点 2026\/11\/30、出典 LINE公式アカウント管理画面）/);
    expect(kpi).toMatch(/目標値\s*.+（令和12年度）/);
    expect(kpi).toMatch(/評価\s*後退/);
    // Another pillar chosen: its measures only, and one opened shows its own content (written as it opens or before).
    await page.getByLabel('柱').selectOption({ label: 'II 財政改革' });
    await expect.poll(() => page.locator('summary', { hasText: /施策16 / }).count()).toBe(0);
    const other = page.locator('details').first();
    await other.locator('summary').click();
    expect(await other.locator('.measure-body').innerText()).toMatch(/担当：\S+/);
    const favicon = await fetch(`${web.url}/favicon.ico`);
    expect([favicon.status, favicon.headers.get('content-type')]).toEqual([200, 'image/x-icon']);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/favicon.*\.svg$/);

    // Approving the second report changes nothing public until HQ republishes.
    const second = await api('GET', '/fiscal-years/2026/action-reports/12-2');
    expect((await api('POST', '/fiscal-years/2026/action-reports/12-2/approve', undefined, second.etag)).body.state).toBe('approved');
    await openPublicPage(page);
    expect(await page.locator('main').innerText()).not.toContain(submittedText);
    const state = await api('GET', '/fiscal-years/2026/publication');
    expect((await api('POST', '/fiscal-years/2026/publication', undefined, state.etag)).body.snapshot).toBe(2);
    await openPublicPage(page);
    expect(await page.locator('main').innerText()).toContain(submittedText);

    const again = await api('GET', '/fiscal-years/2026/publication');
    expect((await api('DELETE', '/fiscal-years/2026/publication', undefined, again.etag)).body.state).toBe('withdrawn');
    expect((await fetch(`${web.url}/open-data/2026/progress.json`)).status).toBe(404);
    await page.goto(`${web.url}/public/`);
    await page.getByRole('status').filter({ hasText: '公表されている年度はまだありません' }).waitFor();
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    await context.close();
    // Publish again for the accessibility checks below.
    const last = await api('GET', '/fiscal-years/2026/publication');
    expect((await api('POST', '/fiscal-years/2026/publication', undefined, last.etag)).status).toBe(200);
  });

  for (const width of [1280, 375]) {
    it(`axe-core finds no violations on /public/ at ${width}px (measures open)`, async () => {
      const context = await web.browser.newContext({ viewport: { width, height: 800 }, locale: 'ja-JP' });
      const page = await context.newPage();
      await openPublicPage(page);
      expect(await axeViolations(page)).toEqual([]);
      // Nothing wider than the screen: the action items' table is a card per row on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(shots, `public-${width}-measures.png`), fullPage: true });
      if (width === 375) await page.screenshot({ path: join(shots, 'public-375.png'), fullPage: true, clip: { x: 0, y: 0, width, height: 2400 } });
      await page.locator('.kpi', { hasText: '友だち数' }).screenshot({ path: join(shots, `public-${width}-kpi.png`) });
      await context.close();
    });
  }
});

/**
 * Where a CJK font draws two code points with one glyph, Skia's ToUnicode names the glyph by the lower
 * code point: a radical look-alike instead of the kanji. Kangxi radicals (⾏ for 行) fold back under
 * NFKC; the CJK Radicals Supplement and a few punctuation marks have no decomposition, so they are
 * listed here (all that the report's fonts produced). A reader sees the same character either way.
 */
const LOOK_ALIKES: Record<string, string> = { '⺠': '民', '⻑': '長', '⻄': '西', '⻫': '斉', '‧': '・', '∕': '/' };
const asRead = (text: string) => text.normalize('NFKC').replace(/[⺠⻑⻄⻫‧∕]/g, (c) => LOOK_ALIKES[c]!);

/**
 * The text of each page of a PDF as Chromium (Skia) writes it: content streams are zlib-compressed,
 * and text is drawn with glyph ids that each font's ToUnicode CMap maps back to characters.
 */
function pdfPages(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream?: string }>();
  for (const match of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2]!;
    const streamAt = body.indexOf('stream');
    if (streamAt < 0) {
      objects.set(Number(match[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, streamAt);
    let raw = body.slice(streamAt + 6).replace(/^\r?\n/, '');
    raw = raw.slice(0, raw.lastIndexOf('endstream'));
    const bytes = Buffer.from(raw, 'latin1');
    let stream: string;
    try {
      stream = dict.includes('FlateDecode') ? Buffer.from(unzlibSync(bytes)).toString('latin1') : raw;
    } catch {
      stream = '';
    }
    objects.set(Number(match[1]), { dict, stream });
  }
  type CMap = Map<number, string> & { width?: number };
  const cmaps = new Map<number, CMap>();
  const cmapOf = (fontObject: number) => {
    if (cmaps.has(fontObject)) return cmaps.get(fontObject)!;
    const map: CMap = new Map<number, string>();
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontObject)?.dict ?? '')?.[1];
    const cmap = ref ? (objects.get(Number(ref))?.stream ?? '') : '';
    const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)));
    // Skia writes one-byte subsets (<94>) or two-byte CID fonts: the codespace says which.
    map.width = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(cmap)?.[1]?.length ?? 4;
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const pair of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(pair[1]!, 16), hex(pair[2]!));
    }
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const r of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const start = parseInt(r[1]!, 16);
        const base = parseInt(r[3]!, 16);
        for (let g = start; g <= parseInt(r[2]!, 16); g++) map.set(g, String.fromCodePoint(base + g - start));
      }
    }
    cmaps.set(fontObject, map);
    return map;
  };
  const pages: string[] = [];
  const resolveDict = (text: string, key: string) => {
    const inline = new RegExp(`/${key}\\s*<<([\\s\\S]*?)>>`).exec(text)?.[1];
    if (inline) return inline;
    const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(text)?.[1];
    return ref ? (objects.get(Number(ref))?.dict ?? '') : '';
  };
  for (const [, object] of [...objects.entries()].sort((a, b) => a[0] - b[0])) {
    if (!/\/Type\s*\/Page[^s]/.test(object.dict)) continue;
    const resources = resolveDict(object.dict, 'Resources');
    const fontsText = resolveDict(resources.includes('/Font') ? resources : object.dict, 'Font');
    const fonts = new Map([...fontsText.matchAll(/\/(\w+) (\d+) 0 R/g)].map((m) => [m[1]!, Number(m[2])]));
    const contents = [...(/\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(object.dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)]
      .map((m) => objects.get(Number(m[1]))?.stream ?? '')
      .join('\n');
    let text = '';
    let font: CMap = new Map<number, string>();
    for (const token of contents.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|(?<!ActualText )<([0-9A-Fa-f]*)>|(ET)/g)) {
      if (token[1]) font = cmapOf(fonts.get(token[1]) ?? -1);
      else if (token[2] !== undefined) {
        const codes = token[2].match(new RegExp(`.{${font.width ?? 4}}`, 'g')) ?? [];
        text += codes.map((g) => font.get(parseInt(g, 16)) ?? '').join('');
      } else text += '\n';
    }
    pages.push(asRead(text));
  }
  return pages;
}

describe('進捗状況報告書 print view', () => {
  it('prints as A4 with page numbers and never splits a KPI table across pages', async () => {
    const context = await web.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
    await context.addInitScript((token) => sessionStorage.setItem('shinchoku.token', token), hqToken);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${web.url}/#/report/annual?fy=2026`);
    await page.getByRole('heading', { level: 1, name: '令和8年度 進捗状況報告書' }).waitFor();
    // Before publishing, HQ is told what will be public, counted (the trial published 1 approved report of 120 unawares).
    expect(await page.getByRole('region', { name: '公表', exact: true }).innerText()).toMatch(
      /公表の対象：承認済みの取組項目 \d+件（全\d+件）、KPI実績 \d+件（全17件）/,
    );
    await page.screenshot({ path: join(shots, 'report-print-view.png') });
    await page.emulateMedia({ media: 'print' });
    // 目次: no entry's number sits over the text of an entry in the other column (「デジタ13.ル化」).
    const overlaps = await page.locator('.toc').evaluate((toc) => {
      const boxes = [...toc.querySelectorAll('li li')].map((li) => {
        const range = document.createRange();
        range.selectNodeContents(li);
        const text = range.getBoundingClientRect();
        // The marker (「13.」) sits left of the text, within the list's padding.
        const marker = Number.parseFloat(getComputedStyle(li.parentElement!).paddingLeft);
        return { name: li.textContent!.trim(), left: text.left - marker, right: text.right, top: text.top, bottom: text.bottom };
      });
      return boxes.flatMap((a) =>
        boxes.filter((b) => a !== b && a.left < b.left && a.right > b.left && a.top < b.bottom && b.top < a.bottom).map((b) => `${a.name} × ${b.name}`),
      );
    });
    expect(overlaps).toEqual([]);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(resolve(root, 'test-output/report-2026.pdf'), pdf);
    // A few printed pages to look at (the margin boxes are only in the PDF): the page area of A4 at 96 dpi.
    await page.setViewportSize({ width: 673, height: 1000 });
    await page.locator('.report-summary').screenshot({ path: join(shots, 'report-print-summary.png') });
    await page.locator('#measure-16').screenshot({ path: join(shots, 'report-print-measure-16.png') });
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(44);
    // The running header (plan and year) and "n / total" from the @page margin boxes, on every page but the cover.
    const report = read(yearReportSchema, await api('GET', '/fiscal-years/2026/report'));
    const runningHeader = asRead(`${report.planTitle}${report.fiscalYearLabel}進捗状況報告書`);
    const total = pages.length;
    expect(pages[0]!.replace(/\s/g, '')).not.toContain(`1/${total}`);
    for (let n = 2; n <= total; n++) {
      expect(pages[n - 1]!.replace(/\s/g, ''), `page ${n}`).toContain(`${n}/${total}`);
      expect(pages[n - 1]!.replace(/\s/g, ''), `page ${n}`).toContain(runningHeader);
    }
    const all = pages.join('').replace(/\s/g, '');
    for (let m = 1; m <= 44; m++) expect(all).toMatch(new RegExp(`施策${m}(?!\\d)`));
    expect(all).toContain(approvedText.normalize('NFKC'));
    // Each KPI table (caption to rating) sits on one page: its caption and its baseline are on the same page.
    const kpis = report.measures.flatMap((m) => m.kpis);
    expect(kpis).toHaveLength(17);
    for (const kpi of kpis) {
      // The font maps ～ (full-width tilde) to 〜 (wave dash): the same mark to a reader.
      const compact = (s: string) => s.normalize('NFKC').replace(/\s/g, '').replace(/[~〜]/g, '~');
      const captionPage = pages.findIndex((p) => compact(p).includes(compact(`${kpi.number} ${kpi.name}`)));
      expect(captionPage, kpi.id).toBeGreaterThanOrEqual(0);
      expect(compact(pages[captionPage]!), kpi.id).toContain(compact(`${kpi.rating} ${kpi.ratingLabel}`));
      // The baseline in the one notation (「83件（令和7年12月末）」 for the plan's 「83件 (R7.12月末)」).
      expect(compact(pages[captionPage]!), kpi.id).toContain(compact(kpi.baseline.text ?? kpi.baseline.label));
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('推進懇談会の意見 (the council’s opinions) screen', () => {
  const measureOpinion = 'SNSの発信は若い世代に届いている。フォロワー数の伸びを今後も示されたい。';
  const yearOpinion = '全体として計画どおり進んでいる。財政指標の改善を市民に分かりやすく伝えられたい。';
  const memberOpinion = '窓口の電子化は高齢者への配慮とあわせて進めてほしい（委員提出）。';
  const pendingOpinion = '委員が提出したが推進本部がまだ承認していない意見。';
  const opinions = (page: Page) => page.getByRole('main');

  /** Fills the new-opinion form ("記録する"/"提出する" card). */
  async function fillOpinion(page: Page, fields: { measure?: string; speaker?: string; date: string; text: string }) {
    const form = page.locator('form').filter({ has: page.getByRole('heading', { level: 2, name: /意見を(記録|提出)する/ }) });
    if (fields.measure) await form.getByLabel('対象').selectOption(fields.measure);
    if (fields.speaker !== undefined) await form.getByLabel(/^発言者/).fill(fields.speaker);
    await form.getByLabel(/^日付/).fill(fields.date);
    await form.getByRole('textbox', { name: '意見（必須）' }).fill(fields.text);
    return form;
  }

  it('HQ records one for a measure and one for the year, corrects one with its history shown; errors are shown in Japanese by the field', async () => {
    const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'hq' }, { width: 1280, height: 900 });
    await page.getByRole('navigation').getByRole('link', { name: '懇談会の意見' }).click();
    await page.getByRole('heading', { level: 1, name: '推進懇談会の意見（令和8年度）' }).waitFor();

    // Nothing typed in the text: the message sits by the field, and nothing is sent.
    const form = await fillOpinion(page, { measure: '16', speaker: '', date: '2027-05-20', text: '' });
    await form.getByRole('button', { name: '記録する' }).click();
    await expect.poll(() => form.getByText('発言者を入力してください').isVisible()).toBe(true);
    expect(await form.getByText('意見の内容を入力してください').isVisible()).toBe(true);
    expect(await page.getByRole('textbox', { name: '意見（必須）' }).getAttribute('aria-invalid')).toBe('true');
    expect((await api('GET', '/fiscal-years/2026/opinions')).body.opinions).toHaveLength(1);

    await fillOpinion(page, { measure: '16', speaker: '推進懇談会', date: '2027-05-20', text: measureOpinion });
    await form.getByRole('button', { name: '記録する' }).click();
    await page.getByRole('main').getByText('意見を記録しました').waitFor();
    await fillOpinion(page, { speaker: '推進懇談会', date: '2027-05-20', text: '全体として計画どおり進んでいる。' });
    await form.getByRole('button', { name: '記録する' }).click();
    const yearSection = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: '年度全体への意見' }) });
    await yearSection.getByText('全体として計画どおり進んでいる。').waitFor();
    const measureSection = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: '施策への意見' }) });
    expect(await measureSection.getByRole('heading', { level: 3, name: /^施策16 / }).count()).toBe(1);
    expect(await measureSection.getByText(measureOpinion).isVisible()).toBe(true);

    // A correction sends the version read (If-Match) and leaves a revision, shown as an inline diff.
    const card = yearSection.locator('li.opinion').filter({ hasText: '全体として計画どおり進んでいる。' });
    await card.getByRole('button', { name: /^直す/ }).click();
    await card.getByRole('textbox', { name: '意見（必須）' }).fill(yearOpinion);
    await card.getByRole('button', { name: '保存する' }).click();
    await page.getByText('直しました（版2）').waitFor();
    await card.getByRole('button', { name: /^変更履歴を見る/ }).click();
    const history = card.getByRole('list', { name: '変更履歴' });
    await history.getByText('版2 修正').waitFor();
    expect(await history.getByText('版1 記録（推進本部）').isVisible()).toBe(true);
    expect(await history.locator('ins').first().innerText()).toContain('財政指標の改善');

    // Someone else saved first: the stale edit is refused (412) and the latest text is offered, nothing overwritten.
    await card.getByRole('button', { name: /^直す/ }).click();
    const current = await api(
      'GET',
      `/fiscal-years/2026/opinions/${(await api('GET', '/fiscal-years/2026/opinions')).body.opinions.find((o) => o.text === yearOpinion)?.id}`,
    );
    expect(
      (
        await api(
          'PUT',
          `/fiscal-years/2026/opinions/${current.body.id}`,
          { speaker: '推進懇談会', date: '2027-05-20', text: `${yearOpinion}（会議録より）` },
          current.etag,
        )
      ).status,
    ).toBe(200);
    await card.getByRole('textbox', { name: '意見（必須）' }).fill('この書き換えは先を越される');
    await card.getByRole('button', { name: '保存する' }).click();
    await card.getByRole('alert').getByText('他の人が先にこの意見を直しました').waitFor();
    expect(await card.getByRole('alert').innerText()).toContain('（会議録より）');
    await card.getByRole('button', { name: '最新の内容を読み込んで直す' }).click();
    expect(await card.getByRole('textbox', { name: '意見（必須）' }).inputValue()).toBe(`${yearOpinion}（会議録より）`);
    await card.getByRole('button', { name: 'やめる' }).click();

    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'opinions-hq-1280.png'), fullPage: true });
    // The browser logs the refused stale save (412) as a failed resource: that one was meant to happen.
    expect(errors.filter((e) => !/status of 412/.test(e))).toEqual([]);
    await context.close();
  });

  it('a council member submits one at 375 px (asked first); it waits for HQ; department staff cannot reach the screen', async () => {
    const member = await signInAs(web.browser, web.url, { role: 'viewer' }, { width: 375, height: 800 });
    const { page } = member;
    await page.goto(`${web.url}/#/opinions?fy=2026`);
    await page.getByRole('heading', { level: 1, name: '推進懇談会の意見（令和8年度）' }).waitFor();
    const form = await fillOpinion(page, { measure: '5', date: '2027-05-21', text: memberOpinion });
    await form.getByRole('button', { name: '提出する' }).click();
    await page.getByRole('dialog', { name: '意見を提出しますか？' }).getByRole('button', { name: '提出する' }).click();
    await page.getByText('意見を提出しました（推進本部の承認待ち）').waitFor();
    const card = page.locator('li.opinion').filter({ hasText: memberOpinion });
    expect(await card.innerText()).toContain('承認待ち');
    // Their own, not yet approved: they may still correct it; HQ's records they may not.
    expect(await card.getByRole('button', { name: /^直す/ }).count()).toBe(1);
    expect(await page.locator('li.opinion').filter({ hasText: measureOpinion }).getByRole('button', { name: /^直す/ }).count()).toBe(0);
    await fillOpinion(page, { measure: '12', date: '2027-05-21', text: pendingOpinion });
    await form.getByRole('button', { name: '提出する' }).click();
    await page.getByRole('dialog', { name: '意見を提出しますか？' }).getByRole('button', { name: '提出する' }).click();
    await page.locator('li.opinion').filter({ hasText: pendingOpinion }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'opinions-council-375.png'), fullPage: true });
    expect(member.errors).toEqual([]);
    await member.context.close();

    const staff = await signInAs(web.browser, web.url, { role: 'department', department: 'shomu' });
    expect(await staff.page.getByRole('navigation').getByRole('link', { name: '懇談会の意見' }).count()).toBe(0);
    await staff.page.goto(`${web.url}/#/opinions?fy=2026`);
    await staff.page.getByRole('heading', { level: 1, name: 'このページは表示できません' }).waitFor();
    expect(await staff.page.getByRole('main').innerText()).not.toContain(memberOpinion);
    await staff.context.close();
  });

  it('HQ approves the member’s opinion (asked first); approved ones appear in the print view and, once republished, in the open data; the unapproved one nowhere', async () => {
    const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'hq' }, { width: 1280, height: 900 });
    await page.goto(`${web.url}/#/opinions?fy=2026`);
    await page.getByText('承認待ちの意見が2件あります。').waitFor();
    const card = page.locator('li.opinion').filter({ hasText: memberOpinion });
    await card.getByRole('button', { name: /^承認する/ }).click();
    await page.getByRole('dialog', { name: 'この意見を承認しますか？' }).getByRole('button', { name: '承認する' }).click();
    await page.getByText(/の意見を承認しました/).waitFor();
    expect(await card.innerText()).toContain('承認済');

    await page.getByRole('navigation').getByRole('link', { name: '進捗状況報告書' }).click();
    await page.getByRole('heading', { level: 1, name: '令和8年度 進捗状況報告書' }).waitFor();
    const printed = await opinions(page).innerText();
    for (const text of [measureOpinion, `${yearOpinion}（会議録より）`, memberOpinion]) expect(printed).toContain(text);
    expect(printed).not.toContain(pendingOpinion);
    // Each sits where it belongs: the measure's with the measure, the year's in the closing section.
    expect(await page.locator('#measure-16').innerText()).toContain(`推進懇談会（令和9年5月20日）：${measureOpinion}`);
    expect(await page.locator('#measure-5').innerText()).toContain(memberOpinion);
    expect(await page.locator('section', { has: page.getByRole('heading', { name: '推進懇談会の意見（年度全体）' }) }).innerText()).toContain(yearOpinion);
    await page.locator('#measure-16').screenshot({ path: join(shots, 'opinions-in-report-measure-16.png') });

    const state = await api('GET', '/fiscal-years/2026/publication');
    expect((await api('POST', '/fiscal-years/2026/publication', undefined, state.etag)).status).toBe(200);
    const published = await (await fetch(`${web.url}/open-data/2026/progress.json`)).text();
    for (const text of [measureOpinion, yearOpinion, memberOpinion]) expect(published).toContain(text);
    expect(published).not.toContain(pendingOpinion);
    expect(await (await fetch(`${web.url}/open-data/2026/progress.csv`)).text()).not.toContain(pendingOpinion);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/**
 * A small but real PDF (one empty A4 page, with its cross-reference table), as a department would scan a
 * document to: the content check reads its %PDF- header, and the reviewer must download these very bytes.
 */
function smallPdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('根拠資料 (attachments) on the report form and in HQ’s review', () => {
  it('staff attach a PDF, see it listed with its size; HQ sees it in the review and downloads the same bytes', async () => {
    // 12-3 in FY2026: the browser's clock is the real one, so a later year may not have begun.
    const path = '/fiscal-years/2026/action-reports/12-3';
    expect(
      (await api('PUT', path, { status: 'implementing', rating: 'B', achievements: '文書管理規程を改正した。', challenges: '', nextSteps: '' })).status,
    ).toBe(201);
    const pdf = smallPdf();
    const name = '文書管理規程_改正後.pdf';

    const { context, page, errors } = await signInAs(web.browser, web.url, { role: 'department', department: 'shomu' }, { width: 1280, height: 900 });
    await page.goto(`${web.url}/#/report/action/12-3?fy=2026`);
    const section = page.getByRole('region', { name: '根拠資料' });
    // The limits are said before anything is picked.
    await section.getByText('1ファイル10MBまで、1件の報告に10件まで').waitFor();
    await section.getByLabel(/ファイルを選んで添付する/).setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
    await section.getByRole('status').getByText('1件の根拠資料を添付しました。').waitFor();
    const listed = section.getByRole('listitem').filter({ hasText: name });
    expect(await listed.innerText()).toMatch(/^文書管理規程_改正後\.pdf\s+1KB・.+（令和\d+年\d+月\d+日 \d+:\d+）\s+削除/);
    await section.getByRole('button', { name: /^削除\s*（文書管理規程_改正後\.pdf）$/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'attachments-form-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'attachments-form-375.png') });

    // Submitted to HQ through the API (HQ's submission needs no 課内確認); HQ signs in on the same page.
    const saved = await api('GET', path);
    expect((await api('POST', `${path}/submit`, undefined, saved.etag)).body.state).toBe('submitted');
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(web.url);
    await page.getByLabel('立場').selectOption('hq');
    await page.getByLabel('利用者ID').fill('hq-attachments');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.waitForURL(/#\/hq/);
    await page.goto(`${web.url}/#/hq/review?fy=2026`);
    const card = page.locator('article.queue-item', { hasText: '12-3' });
    const file = card.getByRole('button', { name });
    await file.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'review-files-375.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), file.click()]);
    expect(download.suggestedFilename()).toBe(name);
    expect(readFileSync(await download.path())).toEqual(pdf);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await axeViolations(page)).toEqual([]);
    await card.screenshot({ path: join(shots, 'review-files-1280.png') });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
