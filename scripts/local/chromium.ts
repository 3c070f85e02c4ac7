/** Debian's Chromium for browser tests and screenshots; playwright-core drives it (it cannot download its own). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's chromium when it is missing (needs root, as on CI and the developers' machines). */
export function ensureChromium(): { path: string; installed: boolean } {
  if (existsSync(CHROMIUM)) return { path: CHROMIUM, installed: false };
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} がありません。root で「apt-get install -y chromium」を実行してください`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
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
