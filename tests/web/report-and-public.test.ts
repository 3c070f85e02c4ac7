import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { unzlibSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, pageErrors } from '../support/browser.ts';
import { startSystem, stopSystem, systemEnv } from '../support/system.ts';
import { buildWebIfStale } from '../support/web-app.ts';
import type { SystemEnv } from '../support/system.ts';

const root = resolve(import.meta.dirname, '../..');
const shots = resolve(root, 'test-output/screenshots');
const approvedText = '定員適正化計画に基づき、職員配置を見直した（公表テスト）。';
const submittedText = '提出済みで未承認の記述（公表されてはならない）。';
const opinionText = '定員管理の考え方を市民に分かりやすく示されたい。';
let env: SystemEnv;
let system: Awaited<ReturnType<typeof startSystem>>;
let browser: Browser;
let hqToken: string;


async function api(method: string, path: string, body?: unknown, ifMatch?: string | null) {
  const response = await fetch(`${system.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${hqToken}`, 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, etag: response.headers.get('etag'), body: (await response.json()) as any };
}

async function report(path: string, body: unknown, approve: boolean) {
  const saved = await api('PUT', path, body);
  let step = await api('POST', `${path}/submit`, undefined, saved.etag);
  if (step.body.state === 'pending_head') step = await api('POST', `${path}/confirm`, undefined, step.etag);
  if (approve) step = await api('POST', `${path}/approve`, undefined, step.etag);
  return step;
}

beforeAll(async () => {
  await buildWebIfStale();
  env = await systemEnv();
  system = await startSystem(env);
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
  const token = await fetch(`${system.url}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: 'hq-report', role: 'hq' }) });
  hqToken = ((await token.json()) as { token: string }).token;
  expect((await report('/fiscal-years/2026/action-reports/12-1', { status: 'implementing', rating: 'B', achievements: approvedText, challenges: '', nextSteps: '' }, true)).body.state).toBe('approved');
  expect((await report('/fiscal-years/2026/action-reports/12-2', { status: 'studying', rating: 'C', achievements: submittedText, challenges: '', nextSteps: '' }, false)).body.state).toBe('submitted');
  expect((await report('/fiscal-years/2026/kpi-actuals/16-K1', { value: 1234, asOf: '2027-03-31', note: '' }, true)).body.state).toBe('approved');
  expect((await api('POST', '/fiscal-years/2026/opinions', { measure: 12, speaker: '山田委員', date: '2027-05-20', text: opinionText })).status).toBe(201);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (system) await stopSystem(system.child);
  if (env) rmSync(env.SHINCHOKU_DATA_DIR, { recursive: true, force: true });
});

/** The page's text with its measure 12 and 16 opened, as a reader would open them. */
async function openPublicPage(page: Page): Promise<void> {
  await page.goto(`${system.url}/public/`);
  await page.getByRole('status').filter({ hasText: '令和8年度を表示しています' }).waitFor();
  for (const name of [/施策12 /, /施策16 /]) await page.locator('summary', { hasText: name }).first().click();
}

describe('公表 (publication) seen by citizens', () => {
  it('the public page and /open-data show the approved text, not the submitted one, until republished; withdrawal removes it', async () => {
    const published = await api('POST', '/fiscal-years/2026/publication');
    expect(published.status).toBe(200);
    const csv = await fetch(`${system.url}/open-data/2026/progress.csv`);
    expect(csv.status).toBe(200);
    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    expect(csvText).toContain(approvedText);
    expect(csvText).not.toContain(submittedText);

    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await openPublicPage(page);
    const text = await page.locator('main').innerText();
    expect(text).toContain(approvedText);
    expect(text).toContain(opinionText);
    expect(text).not.toContain(submittedText);
    await page.screenshot({ path: join(shots, 'public-1200.png'), fullPage: false });

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
    expect((await fetch(`${system.url}/open-data/2026/progress.json`)).status).toBe(404);
    await page.goto(`${system.url}/public/`);
    await page.getByRole('status').filter({ hasText: '公表されている年度はまだありません' }).waitFor();
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    await context.close();
    // Publish again for the accessibility checks below.
    const last = await api('GET', '/fiscal-years/2026/publication');
    expect((await api('POST', '/fiscal-years/2026/publication', undefined, last.etag)).status).toBe(200);
  });

  for (const width of [1200, 375]) {
    it(`axe-core finds no violations on /public/ at ${width}px (measures open)`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'ja-JP' });
      const page = await context.newPage();
      await openPublicPage(page);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(shots, `public-${width}-measures.png`), fullPage: width === 375 ? false : true });
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
    if (streamAt < 0) { objects.set(Number(match[1]), { dict: body }); continue; }
    const dict = body.slice(0, streamAt);
    let raw = body.slice(streamAt + 6).replace(/^\r?\n/, '');
    raw = raw.slice(0, raw.lastIndexOf('endstream'));
    const bytes = Buffer.from(raw, 'latin1');
    let stream: string;
    try { stream = dict.includes('FlateDecode') ? Buffer.from(unzlibSync(bytes)).toString('latin1') : raw; } catch { stream = ''; }
    objects.set(Number(match[1]), { dict, stream });
  }
  type CMap = Map<number, string> & { width?: number };
  const cmaps = new Map<number, CMap>();
  const cmapOf = (fontObject: number) => {
    if (cmaps.has(fontObject)) return cmaps.get(fontObject)!;
    const map: CMap = new Map<number, string>();
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontObject)?.dict ?? '')?.[1];
    const cmap = ref ? objects.get(Number(ref))?.stream ?? '' : '';
    const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)));
    // Skia writes one-byte subsets (<94>) or two-byte CID fonts: the codespace says which.
    map.width = (/begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(cmap)?.[1]?.length ?? 4);
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
    return ref ? objects.get(Number(ref))?.dict ?? '' : '';
  };
  for (const [, object] of [...objects.entries()].sort((a, b) => a[0] - b[0])) {
    if (!/\/Type\s*\/Page[^s]/.test(object.dict)) continue;
    const resources = resolveDict(object.dict, 'Resources');
    const fontsText = resolveDict(resources.includes('/Font') ? resources : object.dict, 'Font');
    const fonts = new Map([...fontsText.matchAll(/\/(\w+) (\d+) 0 R/g)].map((m) => [m[1]!, Number(m[2])]));
    const contents = [...(/\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(object.dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => objects.get(Number(m[1]))?.stream ?? '').join('\n');
    let text = '';
    let font: CMap = new Map<number, string>();
    for (const token of contents.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|(?<!ActualText )<([0-9A-Fa-f]*)>|(ET)/g)) {
      if (token[1]) font = cmapOf(fonts.get(token[1]) ?? -1);
      else if (token[2] !== undefined) {
        const codes = token[2].match(new RegExp(`.{${font.width ?? 4}}`, 'g')) ?? [];
        text += codes.map((g) => font.get(parseInt(g, 16)) ?? '').join('');
      }
      else text += '\n';
    }
    pages.push(asRead(text));
  }
  return pages;
}

describe('進捗状況報告書 print view', () => {
  it('prints as A4 with page numbers and never splits a KPI table across pages', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
    await context.addInitScript((token) => sessionStorage.setItem('shinchoku.token', token), hqToken);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${system.url}/#/report/annual?fy=2026`);
    await page.getByRole('heading', { level: 1, name: '令和8年度 進捗状況報告書' }).waitFor();
    await page.screenshot({ path: join(shots, 'report-print-view.png') });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(resolve(root, 'test-output/report-2026.pdf'), pdf);
    // A few printed pages to look at (the margin boxes are only in the PDF): the page area of A4 at 96 dpi.
    await page.setViewportSize({ width: 673, height: 1000 });
    await page.locator('.report-summary').screenshot({ path: join(shots, 'report-print-summary.png') });
    await page.locator('#measure-16').screenshot({ path: join(shots, 'report-print-measure-16.png') });
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(44);
    // The running header (plan and year) and "n / total" from the @page margin boxes, on every page but the cover.
    const report = (await api('GET', '/fiscal-years/2026/report')).body;
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
    const kpis = report.pillars.flatMap((p: any) => p.policies.flatMap((q: any) => q.measures.flatMap((m: any) => m.kpis)));
    expect(kpis).toHaveLength(17);
    for (const kpi of kpis) {
      // The font maps ～ (full-width tilde) to 〜 (wave dash): the same mark to a reader.
      const compact = (s: string) => s.normalize('NFKC').replace(/\s/g, '').replace(/[~〜]/g, '~');
      const captionPage = pages.findIndex((p) => compact(p).includes(compact(`${kpi.id} ${kpi.name}`)));
      expect(captionPage, kpi.id).toBeGreaterThanOrEqual(0);
      expect(compact(pages[captionPage]!), kpi.id).toContain(compact(`${kpi.rating} ${kpi.ratingLabel}`));
      expect(compact(pages[captionPage]!), kpi.id).toContain(compact(kpi.baseline.label));
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
