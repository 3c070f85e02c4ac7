/**
 * `npm run bench:public`: mobile figures for the citizens' page /public/. Starts the local system (課内確認
 * off), has every report of FY2026 saved, submitted and approved and publishes the year (bench/approved-year.ts),
 * so the page carries a real year's content; then:
 * - measures /public/ directly in Debian's Chromium with Lighthouse's mobile settings (a 412×823 phone
 *   viewport at DPR 1.75, "Slow 4G": 150 ms RTT, 1.6 Mbps down, 750 kbps up, 4× CPU slowdown, through the
 *   Chrome DevTools Protocol): FCP and LCP from the page's Performance API, Total Blocking Time from its
 *   long tasks (as Lighthouse counts it), layout shift, bytes from Resource Timing; median of the runs;
 * - runs Lighthouse itself (its default mobile audit, simulated throttling) and prints its performance
 *   score with Speed Index and the other metrics.
 * Prints figures; asserts nothing. Build the web app first (npm run build:web).
 */
import { readFileSync, rmSync } from 'node:fs';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../scripts/local/chromium.ts';
import { startSystem, stopSystem, systemEnv } from '../tests/support/system.ts';
import { publishApprovedYear } from './approved-year.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const env = await systemEnv();
  const system = await startSystem(env, { HEAD_CONFIRMATION: 'off' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const { approved, refused } = await publishApprovedYear(system.url, 2026);
    console.log(`FY2026: 報告 ${approved} 件を承認して公表しました${refused.length ? `（承認できなかったもの ${refused.length} 件: ${refused[0]} …）` : ''}`);

    const runs: { fcp: number; lcp: number; tbt: number; cls: number; load: number; bytes: number; requests: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({
        viewport: { width: 412, height: 823 },
        deviceScaleFactor: 1.75,
        isMobile: true,
        hasTouch: true,
        locale: 'ja-JP',
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: (1.6 * 1024 * 1024) / 8,
        uploadThroughput: (750 * 1024) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.addInitScript(() => {
        const seen = window as unknown as { lcp: number; cls: number; longTasks: { start: number; duration: number }[] };
        seen.lcp = 0;
        seen.cls = 0;
        seen.longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) seen.lcp = entry.startTime;
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) seen.longTasks.push({ start: entry.startTime, duration: entry.duration });
        }).observe({ type: 'longtask', buffered: true });
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!entry.hadRecentInput) seen.cls += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${system.url}/public/`, { waitUntil: 'load' });
      await page.getByRole('status').filter({ hasText: 'を表示しています' }).waitFor({ timeout: 60_000 });
      await page.waitForTimeout(500);
      runs.push(
        await page.evaluate(() => {
          const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
          const seen = window as unknown as { lcp: number; cls: number; longTasks: { start: number; duration: number }[] };
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
          return {
            fcp,
            lcp: seen.lcp,
            tbt: seen.longTasks
              .filter((t) => t.start + t.duration > fcp)
              .reduce((sum, t) => sum + Math.max(0, t.start + t.duration - Math.max(t.start, fcp) - 50), 0),
            cls: seen.cls,
            load: navigation.loadEventEnd,
            bytes: navigation.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
            requests: 1 + resources.length,
          };
        }),
      );
      await context.close();
    }
    const ms = (values: number[]) => `${Math.round(median(values))} ms`;
    console.log(`/public/ モバイル計測（Chromium CDP、Slow 4G・CPU 4倍減速、412×823、${RUNS}回の中央値）`);
    console.log(`  First Contentful Paint:   ${ms(runs.map((r) => r.fcp))}`);
    console.log(`  Largest Contentful Paint: ${ms(runs.map((r) => r.lcp))}`);
    console.log(`  Total Blocking Time:      ${ms(runs.map((r) => r.tbt))}`);
    console.log(`  Cumulative Layout Shift:  ${median(runs.map((r) => r.cls)).toFixed(3)}`);
    console.log(`  load イベント:            ${ms(runs.map((r) => r.load))}`);
    console.log(
      `  転送量:                   ${(median(runs.map((r) => r.bytes)) / 1024).toFixed(1)} KB（${median(runs.map((r) => r.requests))} リクエスト、公表データ含む）`,
    );

    console.log(`Lighthouse ${LIGHTHOUSE_VERSION}（既定のモバイル設定: Moto G Power 相当・Slow 4G のシミュレーション）`);
    console.log(`  パフォーマンス: ${await lighthousePerformance(`${system.url}/public/`)}`);
  } finally {
    await browser.close();
    await stopSystem(system.child);
    rmSync(env.SHINCHOKU_DATA_DIR, { recursive: true, force: true });
  }
}

/** The installed Lighthouse's version (its package has no exports map, so package.json can be read). */
const LIGHTHOUSE_VERSION = (JSON.parse(readFileSync(new URL('../node_modules/lighthouse/package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/**
 * Lighthouse's own mobile performance audit of a page (score 0–100 and its metrics), in Debian's
 * Chromium started by chrome-launcher (Lighthouse's launcher). Throttling is simulated (Lantern), so it
 * needs no network beyond the local system.
 */
async function lighthousePerformance(url: string): Promise<string> {
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
  try {
    const result = await lighthouse(url, { port: chrome.port, onlyCategories: ['performance'], logLevel: 'error', locale: 'ja' });
    if (!result) throw new Error('Lighthouse が結果を返しませんでした');
    const { categories, audits } = result.lhr;
    const metric = (id: string) => audits[id]?.displayValue ?? '—';
    return [
      `${Math.round((categories.performance?.score ?? 0) * 100)} 点`,
      `FCP ${metric('first-contentful-paint')}`,
      `LCP ${metric('largest-contentful-paint')}`,
      `TBT ${metric('total-blocking-time')}`,
      `CLS ${metric('cumulative-layout-shift')}`,
      `Speed Index ${metric('speed-index')}`,
    ].join('、');
  } finally {
    chrome.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
