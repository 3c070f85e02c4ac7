/**
 * The development sign-in's HS256 key, one per installation: 32 random bytes generated the first
 * time the local system starts, kept in the data folder (mode 0600, git-ignored with it). Anyone
 * who knows the key can mint an HQ token, so it is never a constant in the repository.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LocalServiceError } from './processes.ts';

export const SIGNING_KEY_FILE = 'local-signing-key';
const KEY_BYTES = 32;

/**
 * The key in `<dataDir>/local-signing-key`, created (exclusively, 0600) when missing. A key file
 * readable by others is narrowed to 0600; one too short to be a key is refused with a message.
 */
export function localSigningKey(dataDir: string): string {
  const file = join(dataDir, SIGNING_KEY_FILE);
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(KEY_BYTES).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Already there (an earlier start, or a second start racing this one): use that one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const key = readFileSync(file, 'utf8').trim();
  if (Buffer.from(key, 'base64url').length < KEY_BYTES) {
    throw new LocalServiceError(
      `開発用サインインの鍵 ${file} が短すぎます。削除すると次の起動で作り直します（発行済みのトークンは無効になります）。\n` +
        `The local signing key ${file} is too short; delete it and the next start makes a new one.`,
    );
  }
  return key;
}
