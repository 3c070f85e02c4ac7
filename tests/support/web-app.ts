/**
 * What the browser tests of the web app share: the local system and Chromium started for a test file,
 * building web/dist when it is stale, signing in through the development sign-in page as a person would,
 * and 提出 with its confirmation dialog.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, pageErrors } from './browser.ts';
import { useDynamoDbLocal } from './dynamodb.ts';
import { startSystem, stopSystem, systemEnv } from './system.ts';
import { buildWebIfStale } from './web-build.ts';
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
 *
 * The system keeps its data in a table of its own in the run's DynamoDB Local (./global-setup.ts) rather
 * than in a JVM of its own: a DynamoDB Local takes 3–5 s of CPU to start, nine times over on CI's 2 cores.
 * Chromium starts while web/dist is built (if stale) and then the system.
 */
export async function startWebSystem(settings: Record<string, string> = {}): Promise<WebSystem> {
  const env = await systemEnv();
  const shared = {
    SHINCHOKU_TEST_DYNAMODB_ENDPOINT: useDynamoDbLocal().endpoint,
    SHINCHOKU_TEST_TABLE_NAME: `web-${randomUUID()}`,
  };
  // The build before the system: the local server serves web/dist only if it exists when the server starts.
  const [system, browser] = await Promise.allSettled([buildWebIfStale().then(() => startSystem(env, { ...shared, ...settings })), launchBrowser()]);
  if (system.status === 'rejected' || browser.status === 'rejected') {
    await stopWebSystem({ env, system: settledValue(system), browser: settledValue(browser) });
    throw [system, browser].find((result) => result.status === 'rejected')!.reason;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return { env, system: system.value, browser: browser.value };
}

function settledValue<T>(result: PromiseSettledResult<T>): T | undefined {
  return result.status === 'fulfilled' ? result.value : undefined;
}

/**
 * The local system and a Chromium for one browser test file: started before its tests (startWebSystem,
 * `settings` as environment) and stopped, its data removed, after them. Read `url` and `browser` in tests
 * and in hooks registered after this call (they run after it).
 */
export function useWebSystem(settings: Record<string, string> = {}): { readonly url: string; readonly browser: Browser; readonly sesEndpoint: string } {
  let started: WebSystem | undefined;
  beforeAll(async () => {
    // The first browser test file to run may build web/dist too.
    started = await startWebSystem(settings);
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

/**
 * The overview of the page's address drawn to its last part: a navigation from one overview to another
 * (home to ?fy=, a filter) keeps the previous, complete table on screen until the new one's first part replaces it.
 */
export const overviewDrawn = (page: Page) =>
  page.waitForFunction(() => document.body.dataset.drawn === location.hash && document.querySelector('table.overview')?.getAttribute('aria-busy') === 'false');

/** The screen of the page's address drawn (web/src/main.ts marks it): after a navigation the previous screen may still show. */
export const screenDrawn = (page: Page) => page.waitForFunction(() => document.body.dataset.drawn === location.hash);
