/**
 * `npm run bench:lighthouse`: Lighthouse's mobile audit of the citizens' page /public/ as CloudFront serves it,
 * compressed. Starts the local system (課内確認 off), approves and publishes FY2026 (bench/approved-year.ts), and
 * puts in front of it a proxy that compresses as CloudFront does (compress: true: Brotli when the browser
 * accepts it, else gzip, for text types from 1,000 bytes); the local server compresses only /api/*. Lighthouse
 * (its default mobile settings, simulated Slow 4G) runs in Debian's Chromium (CHROME_PATH, else /usr/bin/chromium),
 * `BENCH_RUNS` times (default 3); prints each run's performance score and CLS, and the median beside the
 * targets (issue 22: performance 100, CLS 0). Build the web app first (npm run build:web).
 *
 * Then the same audit of the HQ overview (#/hq/overview) signed in as 推進本部: the sign-in lives in the tab's
 * sessionStorage (web/src/session.ts), so Lighthouse audits a tab that was given HQ's token first (through
 * puppeteer-core, the driver Lighthouse itself uses), with its storage reset turned off. Its target is 100 too.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { connect } from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../scripts/local/chromium.ts';
import { startSystem, stopSystem, systemEnv } from '../tests/support/system.ts';
import { publishApprovedYear, token } from './approved-year.ts';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const TARGET_SCORE = 100;
const TARGET_CLS = 0;
/** What CloudFront compresses: text types, from 1,000 bytes (AWS, "Serving compressed files"). */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml|problem\+json|manifest\+json)|image\/svg\+xml)/;

/** A proxy to `origin` that compresses its answers as CloudFront does; its URL. */
async function compressingProxy(origin: string): Promise<{ url: string; close: () => void }> {
  const server = createServer(async (req, res) => {
    // The sign-in goes along (the HQ overview's API calls carry it), as CloudFront forwards it to /api/*.
    const forwarded: Record<string, string> = { accept: req.headers.accept ?? '*/*' };
    if (req.headers.authorization) forwarded.authorization = req.headers.authorization;
    const upstream = await fetch(`${origin}${req.url}`, { method: req.method, headers: forwarded });
    const body = Buffer.from(await upstream.arrayBuffer());
    const headers = Object.fromEntries(upstream.headers);
    delete headers['content-length'];
    delete headers['content-encoding'];
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const type = upstream.headers.get('content-type') ?? '';
    let sent = body;
    if (body.length >= 1000 && COMPRESSIBLE.test(type)) {
      if (accepts.includes('br')) {
        sent = await promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
        headers['content-encoding'] = 'br';
      } else if (accepts.includes('gzip')) {
        sent = await promisify(gzip)(body);
        headers['content-encoding'] = 'gzip';
      }
    }
    res.writeHead(upstream.status, { ...headers, 'content-length': String(sent.length) });
    res.end(sent);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** What a run measured; `shifts` and `lcpElement` name the elements, so a figure off target says where to look. */
interface Run {
  score: number;
  cls: number;
  lcp: string;
  tbt: string;
  fcp: string;
  si: string;
  lcpElement: string;
  shifts: string[];
}

/** The elements a details audit names (Lighthouse's node items), as their CSS selectors. */
function nodesOf(details: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (record.type === 'node' && typeof record.selector === 'string') found.push(record.selector);
    for (const child of Object.values(record)) visit(child);
  };
  visit(details);
  return [...new Set(found)];
}

/**
 * One Lighthouse run of `url` in a fresh Chromium. With `signedIn`, the tab first opens the app's origin and
 * stores that sign-in token where the web app keeps it, and Lighthouse audits that same tab without clearing it.
 */
async function audit(url: string, signedIn?: string): Promise<Run> {
  const chrome = await launch({ chromePath: CHROME, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
  try {
    let page: Parameters<typeof lighthouse>[3];
    if (signedIn) {
      const browser = await connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
      const tab = await browser.newPage();
      await tab.goto(new URL('/config.json', url).href);
      await tab.evaluate((value) => sessionStorage.setItem('shinchoku.token', value), signedIn);
      page = tab as unknown as typeof page;
    }
    const flags = { port: chrome.port, onlyCategories: ['performance'], logLevel: 'error' as const, ...(signedIn ? { disableStorageReset: true } : {}) };
    const result = await lighthouse(url, flags, undefined, page);
    if (!result) throw new Error('Lighthouse が結果を返しませんでした');
    const { categories, audits } = result.lhr;
    const shown = (id: string) => audits[id]?.displayValue ?? '—';
    return {
      score: Math.round((categories.performance?.score ?? 0) * 100),
      cls: audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
      fcp: shown('first-contentful-paint'),
      lcp: shown('largest-contentful-paint'),
      tbt: shown('total-blocking-time'),
      si: shown('speed-index'),
      // Lighthouse 13 names the LCP element in its LCP breakdown insight (largest-contentful-paint-element is gone).
      lcpElement: nodesOf(audits['lcp-breakdown-insight']?.details).join(', ') || '—',
      shifts: nodesOf(audits['layout-shifts']?.details),
    };
  } finally {
    chrome.kill();
  }
}

const env = await systemEnv();
const system = await startSystem(env, { HEAD_CONFIRMATION: 'off' });
const proxy = await compressingProxy(system.url);
try {
  const { approved, refused } = await publishApprovedYear(system.url, 2026);
  console.log(`FY2026: 報告 ${approved} 件を承認して公表しました${refused.length ? `（承認できなかったもの ${refused.length} 件）` : ''}`);
  const hqToken = await token(system.url, { sub: 'bench-hq', role: 'hq' });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const load = () =>
    loadavg()
      .map((figure) => figure.toFixed(1))
      .join(' / ');
  for (const { label, path, signedIn } of [
    { label: '市民向けページ /public/', path: '/public/', signedIn: undefined },
    { label: '全体状況 #/hq/overview（推進本部でサインイン）', path: '/#/hq/overview', signedIn: hqToken },
  ]) {
    console.log(`Lighthouse（モバイル既定設定、Slow 4G シミュレーション）${label}、CloudFront と同じく圧縮して配信、${RUNS} 回（負荷 ${load()}）`);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await audit(`${proxy.url}${path}`, signedIn);
      runs.push(run);
      console.log(
        `  ${i + 1}回目: パフォーマンス ${run.score} 点、CLS ${run.cls.toFixed(3)}（FCP ${run.fcp}、LCP ${run.lcp}、TBT ${run.tbt}、Speed Index ${run.si}）`,
      );
      console.log(`    LCP 要素: ${run.lcpElement}${run.shifts.length ? `、ずれた要素: ${run.shifts.join(', ')}` : ''}`);
    }
    const score = median(runs.map((r) => r.score));
    const cls = median(runs.map((r) => r.cls));
    console.log(`  パフォーマンス（中央値）: ${score} 点（目標 ${TARGET_SCORE} 点）${score >= TARGET_SCORE ? 'OK' : 'NOT MET'}`);
    console.log(`  CLS（中央値）:          ${cls.toFixed(3)}（目標 ${TARGET_CLS}）${cls <= TARGET_CLS ? 'OK' : 'NOT MET'}`);
  }
} finally {
  proxy.close();
  await stopSystem(system.child);
  rmSync(env.SHINCHOKU_DATA_DIR, { recursive: true, force: true });
}
