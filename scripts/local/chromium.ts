/** Debian's Chromium for browser tests and screenshots; playwright-core drives it (it cannot download its own). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser, LaunchOptions } from 'playwright-core';
import { LocalServiceError } from './processes.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** Japanese text renders as tofu without a CJK font. */
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const PACKAGES = ['chromium', 'fonts-noto-cjk'];

/**
 * Installs Debian's chromium (and the CJK font) when missing; needs root, as on CI and the
 * developers' machines. `path` is the executable; `installed` says whether apt-get ran.
 */
export function ensureChromium(): { path: string; installed: boolean } {
  if (existsSync(CHROMIUM) && existsSync(CJK_FONT)) return { path: CHROMIUM, installed: false };
  if (process.getuid?.() !== 0) {
    throw new LocalServiceError(
      `${CHROMIUM} または日本語フォントがありません。root で「apt-get update && apt-get install -y ${PACKAGES.join(' ')}」を実行してください。\n` +
        `Chromium or the CJK font is missing; as root run: apt-get update && apt-get install -y ${PACKAGES.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], { stdio: 'inherit', env });
  if (!existsSync(CHROMIUM)) throw new LocalServiceError(`apt-get の後も ${CHROMIUM} がありません / ${CHROMIUM} is still missing after apt-get`);
  return { path: CHROMIUM, installed: true };
}

/** Flags that keep a headless Chromium from reaching for the network this machine does not have. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Debian Chromium through playwright-core; close it with `browser.close()`. */
export async function launchBrowser(options: Omit<LaunchOptions, 'executablePath'> = {}): Promise<Browser> {
  // Loaded here so the install step does not pay for playwright-core.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ ...options, executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...(options.args ?? [])] });
}
