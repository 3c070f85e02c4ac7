/**
 * AWS's own DynamoDB Local (a Java program). Its jar ships inside the npm package
 * amplify-dynamodb-simulator; we take only that package's tarball with `npm pack` (no
 * dependencies, no install scripts) and keep its emulator/ folder in .cache/ (git-ignored).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClientConfig, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { LOCAL } from './settings.ts';
import { LocalServiceError, assertPortFree, exitOf, killWithParent, portInUseMessage, stopChild, waitUntil } from './processes.ts';

export { findFreePort, LocalServiceError } from './processes.ts';

const VERSION = '2.9.30';
const PACKAGE = `amplify-dynamodb-simulator@${VERSION}`;
/** DynamoDB Local 1.25.1's jar as that package version ships it (npm pack checks the tarball's own integrity). */
const JAR_SHA256 = '454305e9bc3e6ebcca5b62569869e31563b8d7e346474e94557b2600702146c7';
const root = resolve(import.meta.dirname, '../..');
/**
 * Starts DynamoDB Local with its HTTP connector bound to 127.0.0.1 (the emulator has no bind option
 * and otherwise listens on every interface). Run by Java's source-file mode; see the file for why
 * this rather than a network namespace or a firewall rule.
 */
const LOOPBACK_LAUNCHER = resolve(import.meta.dirname, 'DynamoDbLocalOnLoopback.java');
/** Where the emulator is kept: one folder per pinned package version. */
export const DYNAMODB_LOCAL_DIR = resolve(root, `.cache/dynamodb-local/${VERSION}`);

function isComplete(dir: string): boolean {
  return existsSync(join(dir, 'DynamoDBLocal.jar')) && existsSync(join(dir, 'DynamoDBLocal_lib'));
}

/**
 * Fetches and unpacks the emulator once (skipped when already there), checking the jar against
 * the pinned checksum. The folder appears whole or not at all (unpacked aside, then renamed), so
 * two runs at once are safe. `dir` is for trying the fetch elsewhere.
 */
export function ensureDynamoDbLocal(dir: string = DYNAMODB_LOCAL_DIR): { dir: string; fetched: boolean } {
  if (isComplete(dir)) return { dir, fetched: false };
  mkdirSync(resolve(dir, '..'), { recursive: true });
  // Beside the target, so the final rename never crosses file systems.
  const work = mkdtempSync(join(resolve(dir, '..'), '.fetch-'));
  try {
    try {
      execFileSync('npm', ['pack', PACKAGE, '--pack-destination', work, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
      throw new LocalServiceError(
        `DynamoDB Local（npm パッケージ ${PACKAGE}）を取得できません。npm レジストリに接続できるか確認してください。\n` +
          `Could not fetch DynamoDB Local (npm package ${PACKAGE}); check that the npm registry is reachable.\n${stderr}`,
      );
    }
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new LocalServiceError(`npm pack ${PACKAGE} が tarball を作りませんでした / npm pack made no tarball`);
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/emulator']);
    const unpacked = join(work, 'package/emulator');
    if (!isComplete(unpacked))
      throw new LocalServiceError(`${PACKAGE} に emulator/DynamoDBLocal.jar がありません / the package has no emulator/DynamoDBLocal.jar`);
    const actual = createHash('sha256')
      .update(readFileSync(join(unpacked, 'DynamoDBLocal.jar')))
      .digest('hex');
    if (actual !== JAR_SHA256) throw new LocalServiceError(`DynamoDBLocal.jar のチェックサムが一致しません / checksum mismatch (${actual})`);
    try {
      renameSync(unpacked, dir);
    } catch (error) {
      // Another run finished first: its copy is as good as ours.
      if (!isComplete(dir)) throw error;
      return { dir, fetched: false };
    }
    return { dir, fetched: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const NEEDS_JDK =
  'DynamoDB Local の起動には Java 17 以上の JDK が必要です（Debian: apt-get install -y openjdk-17-jdk-headless）。\n' +
  'DynamoDB Local needs a Java 17 or later JDK (its launcher runs as a source file): on Debian, apt-get install -y openjdk-17-jdk-headless.';

export interface RunningDynamoDb {
  endpoint: string;
  port: number;
  /** The JVM's process id (and process group). */
  pid: number;
  /** Resolves when the JVM exits, with how ("exit 1", "SIGKILL"), whether stopped or not. */
  exited: Promise<string>;
  /** SIGTERM, then SIGKILL after 5 s; safe to call more than once. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port: number;
  /** Folder for the data (created if missing); omitted: in memory, gone when stopped. */
  dbPath?: string;
  /** How long to wait for the first answer (default 60 s). */
  timeoutMs?: number;
  /** Told the JVM's pid as soon as it exists, before it answers (npm start records it: pid-file.ts). */
  onSpawn?: (pid: number) => void;
}

/**
 * Starts DynamoDB Local on a port: in memory, or keeping its data in `dbPath`. Resolves once it
 * answers ListTables; a taken port, a missing Java or no answer in time reject with a
 * LocalServiceError that says so in Japanese and English.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<RunningDynamoDb> {
  const { port } = options;
  const what = 'DynamoDB Local';
  const { dir } = ensureDynamoDbLocal();
  // It listens on 127.0.0.1 only (see LOOPBACK_LAUNCHER), so that is where the port has to be free.
  await assertPortFree(port, '127.0.0.1', what);
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  // -sharedDb: one database whatever credentials and region a client signs with.
  // -disableTelemetry: this machine has no network, and nothing should try to reach one.
  const storage = options.dbPath ? ['-dbPath', resolve(options.dbPath)] : ['-inMemory'];
  const args = [
    // IPv4 sockets: the listener shows as 127.0.0.1:port, not as the IPv4-mapped [::ffff:127.0.0.1].
    '-Djava.net.preferIPv4Stack=true',
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-cp',
    `${join(dir, 'DynamoDBLocal.jar')}:${join(dir, 'DynamoDBLocal_lib', '*')}`,
    LOOPBACK_LAUNCHER,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...storage,
  ];
  // Its own process group (detached), so stopping it stops all of it and a terminal's Ctrl-C reaches start.ts alone.
  const child = spawn('java', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  killWithParent(child);
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  let output = '';
  let spawnError: NodeJS.ErrnoException | undefined;
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  child.once('error', (error) => (spawnError = error));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoDbClient(endpoint, { maxAttempts: 1 });
  try {
    await waitUntil(
      async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      what,
      child,
      () => output,
      options.timeoutMs ?? 60_000,
      () => {
        if (spawnError?.code === 'ENOENT') {
          return `java が見つかりません。${NEEDS_JDK}`;
        }
        if (spawnError) return `java を起動できません / could not start java: ${spawnError.message}`;
        // A JRE without the JDK's compiler cannot run the launcher as a source file.
        if (/source-file mode|jdk\.compiler/i.test(output)) return `Java のコンパイラ（jdk.compiler）がありません。${NEEDS_JDK}\n${output}`;
        // Lost the race for the port after the check above: the JVM stays alive, so say it now.
        if (/Address already in use|Failed to bind/.test(output)) return portInUseMessage(port, what);
        return undefined;
      },
    );
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: child.pid!, exited: exitOf(child), stop: () => stopChild(child) };
}

/**
 * A DynamoDB client for DynamoDB Local that answers a TransactWriteItems only once the emulator has
 * committed it to its files. Every local client of the system is made here (npm start, the tests, the
 * benches), so the local system keeps every write it acknowledged when the emulator is killed.
 *
 * Why: DynamoDB Local 2.9.30 (`SQLiteDBAccess.commitTransaction`) queues the SQLite COMMIT of a
 * transaction on its single database thread and replies without waiting for it. A SIGKILL in that
 * window lost 2 acknowledged transactions in 15 kill rounds here. Its database thread runs jobs in
 * order, so any later read of the table (DescribeTable reads its row in SQLite) returns only after
 * that COMMIT: the middleware makes one before handing the answer back. If the emulator dies first,
 * the caller gets that error (the store answers 503), never a success that was not kept.
 * Real DynamoDB commits before it answers; none of this is used in AWS.
 */
export function localDynamoDbClient(endpoint: string, config: DynamoDBClientConfig = {}): DynamoDBClient {
  const client = new DynamoDBClient({ region: LOCAL.region, credentials: LOCAL.credentials, ...config, endpoint });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand') {
        const [first] = (args.input as { TransactItems?: TransactWriteItem[] }).TransactItems ?? [];
        const tableName = first && (first.Put ?? first.Update ?? first.Delete ?? first.ConditionCheck)?.TableName;
        if (tableName) await client.send(new DescribeTableCommand({ TableName: tableName }));
      }
      return result;
    },
    { step: 'initialize', name: 'awaitLocalCommit' },
  );
  return client;
}
