/** `npm start` builds the web app itself, and only when web/dist is older than what it is built from. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const WEB = resolve(root, 'web');
const DIST = resolve(WEB, 'dist');

/** Newest modification time under the given files and folders (web/dist and node_modules left out). */
function newest(...paths: string[]): number {
  let latest = 0;
  for (const path of paths) {
    if (!existsSync(path) || path === DIST || path.endsWith('node_modules')) continue;
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(...readdirSync(path).map((name) => join(path, name))) : stat.mtimeMs);
  }
  return latest;
}

/**
 * Runs `vite build web` in this process when web/dist/index.html is missing or older than web/
 * or the shared domain code; says which. Built in-process (not `npm run build:web && …`) so
 * `npm start` has no shell or second npm between npm and start.ts to swallow a signal.
 */
export async function buildWebIfStale(): Promise<'built' | 'up to date'> {
  const built = resolve(DIST, 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= newest(WEB, resolve(root, 'functions/domain'))) return 'up to date';
  const { build } = await import('vite');
  await build({ root: WEB, logLevel: 'warn' });
  return 'built';
}
