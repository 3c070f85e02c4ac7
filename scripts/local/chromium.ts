/** Debian's Chromium for browser tests and screenshots; playwright-core drives it (it cannot download its own). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser, LaunchOptions } from 'playwright-core';
import { LocalServiceError } from './processes.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** Japanese text renders as tofu without a CJK font. */
const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const PACKAGES = ['chromium', 'fonts-noto-cjk'];

/** What apt-get says, in the C locale, when another program holds the dpkg or apt lists lock. */
const LOCK_HELD = /Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock (the )?directory/;

export interface AptOptions {
  /** Runs one apt-get command line; returns its exit status and standard error. Default: the real apt-get. */
  run?: (args: readonly string[]) => { status: number | null; stderr: string };
  /** How long to wait in all for a lock another program holds (default 5 minutes). */
  lockTimeoutMs?: number;
  /** Pause between tries while the lock is held (default 5 s). */
  retryMs?: number;
  /** Where the waiting message goes (default stderr). */
  log?: (line: string) => void;
}

function runAptGet(args: readonly string[]): { status: number | null; stderr: string } {
  // The C locale, so the lock message can be recognized whatever the machine's language.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'pipe'], env, encoding: 'utf8' });
  if (result.stderr) process.stderr.write(result.stderr);
  return { status: result.status, stderr: result.stderr ?? result.error?.message ?? '' };
}

/**
 * Runs apt-get with `args`. When another program (unattended-upgrades, a second CI job) holds the
 * package lock, waits and tries again — saying so in Japanese and English — for up to
 * `lockTimeoutMs`, then fails with a message; any other failure fails at once.
 */
export function aptGet(args: readonly string[], options: AptOptions = {}): void {
  const run = options.run ?? runAptGet;
  const timeoutMs = options.lockTimeoutMs ?? 5 * 60_000;
  const retryMs = options.retryMs ?? 5_000;
  const log = options.log ?? ((line: string) => console.error(line));
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const { status, stderr } = run(args);
    if (status === 0) return;
    if (!LOCK_HELD.test(stderr)) {
      throw new LocalServiceError(`apt-get ${args.join(' ')} が失敗しました（終了コード ${status}） / apt-get failed (exit ${status})\n${stderr.trim()}`);
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new LocalServiceError(
        `他のプログラムがパッケージのロックを ${Math.round(timeoutMs / 1000)} 秒以上使っているため apt-get を実行できませんでした。その処理が終わってから、もう一度実行してください。\n` +
          `Another program held the package lock for more than ${Math.round(timeoutMs / 1000)} s, so apt-get could not run; try again when it has finished.\n${stderr.trim()}`,
      );
    }
    if (!told) {
      log(
        `他のプログラムがパッケージのロック（dpkg/apt）を使用中です。解放されるまで最大 ${Math.round(left / 1000)} 秒待ちます…\n` +
          `Another program holds the package lock (dpkg/apt); waiting up to ${Math.round(left / 1000)} s for it…`,
      );
      told = true;
    }
    // A synchronous pause: the install step has nothing else to do meanwhile.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(retryMs, left));
  }
}

/**
 * Installs Debian's chromium (and the CJK font) when missing; needs root, as on CI and the
 * developers' machines. `path` is the executable; `installed` says whether apt-get ran. Waits for
 * a package lock held elsewhere (see aptGet).
 */
export function ensureChromium(options: AptOptions = {}): { path: string; installed: boolean } {
  if (existsSync(CHROMIUM) && existsSync(CJK_FONT)) return { path: CHROMIUM, installed: false };
  if (process.getuid?.() !== 0) {
    throw new LocalServiceError(
      `${CHROMIUM} または日本語フォントがありません。root で「apt-get update && apt-get install -y ${PACKAGES.join(' ')}」を実行してください。\n` +
        `Chromium or the CJK font is missing; as root run: apt-get update && apt-get install -y ${PACKAGES.join(' ')}`,
    );
  }
  aptGet(['update', '-qq'], options);
  aptGet(['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], options);
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
