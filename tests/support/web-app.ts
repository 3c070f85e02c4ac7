/**
 * What the browser tests of the web app share: building web/dist when it is stale, signing in through the
 * development sign-in page as a person would, and 提出 with its confirmation dialog.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { pageErrors } from './browser.ts';

const root = resolve(import.meta.dirname, '../..');

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
  // vitest sets NODE_ENV=test, which makes Vite pick lit-html's development build: the tests would run (and
  // the size budget would weigh) a different bundle from the one `npm run build:web` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: resolve(root, 'web'), logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

export type Who = { role: 'department' | 'department_head' | 'hq' | 'viewer'; department?: string };
export interface Session { context: BrowserContext; page: Page; errors: string[] }

/** 404s are how the API says "not entered yet"; the browser logs each as a failed resource. */
const EXPECTED_CONSOLE = [/status of 404/];

/** A fresh browser profile signed in through the development sign-in page at `url`, as a person would. */
export async function signInAs(browser: Browser, url: string, who: Who, viewport = { width: 1200, height: 900 }): Promise<Session> {
  const context = await browser.newContext({ viewport, locale: 'ja-JP' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = pageErrors(page, EXPECTED_CONSOLE);
  await page.goto(url);
  await page.getByLabel('立場').selectOption(who.role);
  if (who.department) await page.getByLabel('課', { exact: true }).selectOption(who.department);
  await page.getByLabel('利用者ID').fill(`${who.department ?? who.role}-${who.role}`);
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
