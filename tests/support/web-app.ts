/**
 * What the browser tests of the web app share: the local system and Chromium started for a test file,
 * building web/dist when it is stale, signing in through the development sign-in page as a person would,
 * and 提出 with its confirmation dialog.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, pageErrors } from './browser.ts';
import { startSystem, stopSystem, systemEnv } from './system.ts';
import type { SystemEnv } from './system.ts';

const root = resolve(import.meta.dirname, '../..');

/** Where browser tests write the screenshots a person looks at after the run. */
export const SCREENSHOTS = resolve(root, 'test-output/screenshots');

export interface WebSystem {
  env: SystemEnv;
  system: Awaited<ReturnType<typeof startSystem>>;
  browser: Browser;
}

/**
 * The whole local system (fresh data folder, `settings` as environment, e.g. HEAD_CONFIRMATION) on the
 * current web build, and a Chromium: what a browser test file starts in its beforeAll.
 */
export async function startWebSystem(settings: Record<string, string> = {}): Promise<WebSystem> {
  await buildWebIfStale();
  const env = await systemEnv();
  const system = await startSystem(env, settings);
  const browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return { env, system, browser };
}

/**
 * The local system and a Chromium for one browser test file: started before its tests (startWebSystem,
 * `settings` as environment) and stopped, its data removed, after them. Read `url` and `browser` in tests
 * and in hooks registered after this call (they run after it).
 */
export function useWebSystem(settings: Record<string, string> = {}): { readonly url: string; readonly browser: Browser; readonly sesEndpoint: string } {
  let started: WebSystem | undefined;
  beforeAll(async () => {
    started = await startWebSystem(settings);
    // The first browser test file to run may build web/dist too.
  }, 240_000);
  afterAll(() => stopWebSystem(started ?? {}));
  return {
    get url() {
      return started!.system.url;
    },
    get browser() {
      return started!.browser;
    },
    /** The local SES the system mails through (its inbox: scripts/local/ses-local.ts readSentEmails). */
    get sesEndpoint() {
      return `http://127.0.0.1:${started!.env.SES_PORT}`;
    },
  };
}

/** Stops what startWebSystem started (any part may be missing if starting failed) and removes its data. */
export async function stopWebSystem({ env, system, browser }: Partial<WebSystem>): Promise<void> {
  await browser?.close();
  if (system) await stopSystem(system.child);
  if (env) rmSync(env.SHINCHOKU_DATA_DIR, { recursive: true, force: true });
}

/** Newest modification time under the given files and folders. */
function newest(...paths: string[]): number {
  let latest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(...readdirSync(path).map((name) => join(path, name))) : stat.mtimeMs);
  }
  return latest;
}

/**
 * web/dist is rebuilt only when one of its entries (the app, the public page, the digest preview) is missing
 * or older than the sources of any entry and the shared domain code.
 */
export async function buildWebIfStale(): Promise<void> {
  const entries = ['index.html', 'public/index.html', 'digest-preview.html'].map((entry) => resolve(root, 'web/dist', entry));
  const sources = newest(
    resolve(root, 'web/src'),
    resolve(root, 'web/public'),
    resolve(root, 'web/index.html'),
    resolve(root, 'web/digest-preview.html'),
    resolve(root, 'web/vite.config.ts'),
    resolve(root, 'functions/domain'),
  );
  if (entries.every((built) => existsSync(built) && statSync(built).mtimeMs >= sources)) return;
  // Build what ships: under vitest NODE_ENV is 'test', and Vite would bundle libraries' development builds
  // (larger, and measured against the size budget as if they shipped).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: resolve(root, 'web'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** `email`: the sign-in's メールアドレス (the token's email claim, where notices go); none unless given. */
export type Who = { role: 'department' | 'department_head' | 'hq' | 'viewer'; department?: string; email?: string };
export interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** 404s are how the API says "not entered yet"; the browser logs each as a failed resource. */
const EXPECTED_CONSOLE = [/status of 404/];

/** A fresh browser profile signed in through the development sign-in page at `url`, as a person would. */
export async function signInAs(browser: Browser, url: string, who: Who, viewport = { width: 1200, height: 900 }): Promise<Session> {
  const context = await browser.newContext({ viewport, locale: 'ja-JP' });
  // A limit, not a measurement: on CI's 2 cores three test files share the CPU with DynamoDB Local and
  // Chromium (the browser files run first, together), and one screen has taken over 25 s to appear there
  // while taking 5 s alone.
  context.setDefaultTimeout(45_000);
  const page = await context.newPage();
  const errors = pageErrors(page, EXPECTED_CONSOLE);
  await page.goto(url);
  await page.getByLabel('立場').selectOption(who.role);
  if (who.department) await page.getByLabel('課', { exact: true }).selectOption(who.department);
  await page.getByLabel('利用者ID').fill(`${who.department ?? who.role}-${who.role}`);
  if (who.email) await page.getByLabel('メールアドレス（任意）').fill(who.email);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.waitForURL(/#\/(department|hq|viewer)/);
  await page.getByRole('heading', { level: 1, name: /^(?!サインイン)/ }).waitFor();
  return { context, page, errors };
}

/** 提出 asks first (a modal dialog); the person confirms in it. */
export async function submitReport(page: Page): Promise<void> {
  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByRole('dialog', { name: '提出しますか？' }).getByRole('button', { name: '提出する' }).click();
}
