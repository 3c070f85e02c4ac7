/**
 * The local data folder (SHINCHOKU_DATA_DIR, default .data) holds every draft, the sign-in key and
 * the exports: only its owner may read it. Directories 0700, files 0600.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Owner-only modes for what is created from here on: rwx------ for folders, rw------- for files. */
export const PRIVATE_UMASK = 0o077;

/**
 * Makes `dataDir` private: creates it 0700 if missing, sets the umask of this process (and so of
 * the children it spawns from now on, DynamoDB Local's files included) to 077, and narrows what
 * older runs left readable to others — folders to 0700, files to 0600. Symbolic links are left
 * alone (their target may be anywhere).
 */
export function makeDataDirPrivate(dataDir: string): void {
  process.umask(PRIVATE_UMASK);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  narrow(dataDir);
}

function narrow(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  const wanted = stat.isDirectory() ? 0o700 : 0o600;
  if ((stat.mode & 0o777) !== wanted) chmodSync(path, wanted);
  if (stat.isDirectory()) for (const name of readdirSync(path)) narrow(join(path, name));
}
