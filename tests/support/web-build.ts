/**
 * web/dist for the browser tests, built once per run however many browser files start at once.
 * `node --import tsx tests/support/web-build.ts` builds it if stale; buildWebIfStale runs exactly that under
 * `flock`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '../..');
/** Git-ignored, and per checkout: another worktree builds another web/dist. */
const LOCK = resolve(root, '.cache/web-build.lock');

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
 * Whether web/dist has all its entries (the app, the public page, the digest preview), each newer than the
 * sources of every entry and the shared domain code.
 */
export function webBuildIsFresh(): boolean {
  const entries = ['index.html', 'public/index.html', 'digest-preview.html'].map((entry) => resolve(root, 'web/dist', entry));
  const sources = newest(
    resolve(root, 'web/src'),
    resolve(root, 'web/public'),
    resolve(root, 'web/index.html'),
    resolve(root, 'web/digest-preview.html'),
    resolve(root, 'web/vite.config.ts'),
    resolve(root, 'functions/domain'),
  );
  return entries.every((built) => existsSync(built) && statSync(built).mtimeMs >= sources);
}

/**
 * Rebuilds web/dist when it is stale. Up to three browser files start at once, and on a clean clone each
 * would otherwise build the same folder at the same time (three times the CPU, and one build's files
 * replaced under another). So the build runs in a child process under `flock`: the first file builds, the
 * others wait for the lock and then find the build fresh. The kernel drops the lock with the process, even
 * one that crashed, so no stale lock is ever left behind.
 */
export async function buildWebIfStale(): Promise<void> {
  if (webBuildIsFresh()) return;
  mkdirSync(resolve(LOCK, '..'), { recursive: true });
  await promisify(execFile)('flock', [LOCK, process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: root,
    // Build what ships: under vitest NODE_ENV is 'test', and Vite would bundle libraries' development builds
    // (larger, and measured against the size budget as if they shipped).
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

// Run as a script (by buildWebIfStale, holding the lock): build unless a file that held it before did.
if (process.argv[1] === fileURLToPath(import.meta.url) && !webBuildIsFresh()) {
  const { build } = await import('vite');
  await build({ root: resolve(root, 'web'), logLevel: 'warn' });
}
