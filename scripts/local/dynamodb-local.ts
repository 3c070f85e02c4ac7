/**
 * AWS's own DynamoDB Local (a Java program). Its jar ships inside the npm package
 * amplify-dynamodb-simulator; we take only that package's tarball with `npm pack` (no
 * dependencies, no install scripts) and keep its emulator/ folder in .cache/.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL } from './settings.ts';
import { stopChild, stoppable, waitUntil } from './processes.ts';

export { findFreePort } from './processes.ts';

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
/** DynamoDB Local 1.25.1's jar as that package version ships it (npm pack checks the tarball's own integrity). */
const JAR_SHA256 = '454305e9bc3e6ebcca5b62569869e31563b8d7e346474e94557b2600702146c7';
const root = resolve(import.meta.dirname, '../..');
const emulatorDir = resolve(root, '.cache/dynamodb-local/2.9.30');
const jar = join(emulatorDir, 'DynamoDBLocal.jar');

/** Fetches and unpacks the emulator once, and checks the jar against the pinned checksum. */
export function ensureDynamoDbLocal(): { dir: string; fetched: boolean } {
  if (existsSync(jar)) return { dir: emulatorDir, fetched: false };
  const work = mkdtempSync(join(tmpdir(), 'dynamodb-local-'));
  try {
    execFileSync('npm', ['pack', PACKAGE, '--pack-destination', work, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${PACKAGE} が tarball を作りませんでした`);
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/emulator']);
    const unpacked = join(work, 'package/emulator');
    const actual = createHash('sha256').update(readFileSync(join(unpacked, 'DynamoDBLocal.jar'))).digest('hex');
    if (actual !== JAR_SHA256) throw new Error(`DynamoDBLocal.jar のチェックサムが一致しません（${actual}）`);
    mkdirSync(resolve(emulatorDir, '..'), { recursive: true });
    renameSync(unpacked, emulatorDir);
    return { dir: emulatorDir, fetched: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface RunningDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local on a port: in memory, or keeping its data in `dbPath`. */
export async function startDynamoDbLocal(options: { port: number; dbPath?: string }): Promise<RunningDynamoDb> {
  const { dir } = ensureDynamoDbLocal();
  // -sharedDb: one database whatever credentials and region a client signs with.
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  const child = spawn(
    'java',
    [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', join(dir, 'DynamoDBLocal.jar'), '-port', String(options.port), '-sharedDb', ...storage],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  child.once('error', (error) => (output += `\n${error.message}（Java 17 が必要です）`));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL.region, credentials: LOCAL.credentials, maxAttempts: 1 });
  try {
    await waitUntil(
      async () => {
        await client.send(new ListTablesCommand({}));
        return true;
      },
      'DynamoDB Local',
      child,
      () => (/Address already in use/.test(output) ? `ポート ${options.port} は既に使われています / port in use\n${output}` : output),
    );
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, stop: stoppable(child) };
}
