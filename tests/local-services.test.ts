/**
 * The local services the system runs on, used for real: the run's DynamoDB Local (global setup),
 * a second one on disk, and aws-ses-v2-local.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { aptGet, launchBrowser } from '../scripts/local/chromium.ts';
import { ensureDynamoDbLocal, findFreePort, localDynamoDbClient, LocalServiceError, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { clearSentEmails, readEml, readSentEmails, startSesLocal } from '../scripts/local/ses-local.ts';
import type { RunningSes } from '../scripts/local/ses-local.ts';
import { createFreshTable, TEST_CREDENTIALS, TEST_REGION, useDynamoDbLocal } from './support/dynamodb.ts';
import type { FreshTable } from './support/dynamodb.ts';
import { alive, eventually, pgrep } from './support/processes.ts';
import { systemEnv } from './support/system.ts';
import type { SystemEnv } from './support/system.ts';

const root = resolve(import.meta.dirname, '..');

/** A stand-in table shape for these tests only (the real one belongs to the store). */
const keyValueTable = (TableName: string): CreateTableCommandInput => ({
  TableName,
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  BillingMode: 'PAY_PER_REQUEST',
});

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.end());
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

describe('DynamoDB Local (the run’s in-memory instance)', () => {
  let table: FreshTable;
  beforeAll(async () => {
    table = await createFreshTable(keyValueTable, 'local-services');
  });

  test('answers, and a fresh table is there under its own name', async () => {
    const { endpoint, client } = useDynamoDbLocal();
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames).toContain(table.tableName);
    expect(table.tableName).toMatch(/^local-services-[0-9a-f-]{36}$/);
  });

  test('each call makes a different, empty table', async () => {
    const other = await createFreshTable(keyValueTable);
    expect(other.tableName).not.toBe(table.tableName);
    await table.doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'only-here', sk: '-' } }));
    const { Item } = await other.doc.send(new GetCommand({ TableName: other.tableName, Key: { pk: 'only-here', sk: '-' } }));
    expect(Item).toBeUndefined();
    await other.drop();
  });

  test('refuses a definition that ignores the name it is given', async () => {
    await expect(createFreshTable(() => keyValueTable('fixed-name'))).rejects.toThrow(/TableName/);
  });

  test('a transaction whose condition fails changes neither item', async () => {
    const { doc, tableName } = table;
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'tx', sk: 'a', version: 1 } }));
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'tx', sk: 'b', version: 1 } }));

    /** Bumps a and b (b only if it is at `expectedB`) and, optionally, creates c: all or nothing. */
    const bump = (expectedB: number, alsoCreateC: boolean) =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: { TableName: tableName, Key: { pk: 'tx', sk: 'a' }, UpdateExpression: 'SET version = :next', ExpressionAttributeValues: { ':next': 2 } },
            },
            {
              Update: {
                TableName: tableName,
                Key: { pk: 'tx', sk: 'b' },
                UpdateExpression: 'SET version = :next',
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':next': 2, ':expected': expectedB },
              },
            },
            ...(alsoCreateC ? [{ Put: { TableName: tableName, Item: { pk: 'tx', sk: 'c', version: 1 } } }] : []),
          ],
        }),
      );
    const failing = bump(99, true);
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed', 'None']);

    const read = async (sk: string) => (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'tx', sk }, ConsistentRead: true }))).Item;
    expect(await read('a')).toEqual({ pk: 'tx', sk: 'a', version: 1 });
    expect(await read('b')).toEqual({ pk: 'tx', sk: 'b', version: 1 });
    expect(await read('c')).toBeUndefined();

    // The same transaction with a true condition applies every part.
    await bump(1, false);
    expect((await read('a'))?.version).toBe(2);
    expect((await read('b'))?.version).toBe(2);
  });
});

describe('DynamoDB Local on disk (-dbPath)', () => {
  const dbPath = mkdtempSync(join(tmpdir(), 'dynamodb-local-test-'));
  afterAll(() => rmSync(dbPath, { recursive: true, force: true }));

  test('keeps its data across a stop and a start on another port', { timeout: 90_000 }, async () => {
    const first = await startDynamoDbLocal({ port: await findFreePort(), dbPath });
    try {
      const client = new DynamoDBClient({ endpoint: first.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
      await client.send(new CreateTableCommand(keyValueTable('kept')));
      await DynamoDBDocumentClient.from(client).send(new PutCommand({ TableName: 'kept', Item: { pk: '施策1', sk: '2026', note: '令和8年度の報告' } }));
      client.destroy();
    } finally {
      await first.stop();
    }
    expect(readdirSync(dbPath)).toContain('shared-local-instance.db');

    const second = await startDynamoDbLocal({ port: await findFreePort(), dbPath });
    try {
      expect(second.endpoint).not.toBe(first.endpoint);
      const client = new DynamoDBClient({ endpoint: second.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
      const { Item } = await DynamoDBDocumentClient.from(client).send(new GetCommand({ TableName: 'kept', Key: { pk: '施策1', sk: '2026' } }));
      expect(Item).toEqual({ pk: '施策1', sk: '2026', note: '令和8年度の報告' });
      client.destroy();
    } finally {
      await second.stop();
    }
  });
});

describe('DynamoDB Local killed right after it answered', () => {
  const dbPath = mkdtempSync(join(tmpdir(), 'dynamodb-local-kill-'));
  afterAll(() => rmSync(dbPath, { recursive: true, force: true }));

  // The emulator replies to TransactWriteItems before its SQLite COMMIT (see localDynamoDbClient);
  // the local client must not pass on a success the files do not hold yet.
  test('keeps every transaction the local client acknowledged', { timeout: 120_000 }, async () => {
    const port = await findFreePort();
    const first = await startDynamoDbLocal({ port, dbPath });
    const ids = Array.from({ length: 40 }, (_, i) => `取組${i}`);
    try {
      const doc = DynamoDBDocumentClient.from(localDynamoDbClient(first.endpoint));
      await doc.send(new CreateTableCommand(keyValueTable('kept')));
      await Promise.all(
        ids.map((id) =>
          doc.send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName: 'kept', Item: { pk: id, sk: 'record', note: '令和8年度の実績' } } },
                { Put: { TableName: 'kept', Item: { pk: id, sk: 'revision#1', note: '令和8年度の実績' } } },
              ],
            }),
          ),
        ),
      );
      process.kill(first.pid, 'SIGKILL');
      await first.exited;
    } finally {
      await first.stop();
    }

    const second = await startDynamoDbLocal({ port, dbPath });
    try {
      const doc = DynamoDBDocumentClient.from(localDynamoDbClient(second.endpoint));
      const missing: string[] = [];
      for (const id of ids) {
        for (const sk of ['record', 'revision#1']) {
          const { Item } = await doc.send(new GetCommand({ TableName: 'kept', Key: { pk: id, sk } }));
          if (!Item) missing.push(`${id}/${sk}`);
        }
      }
      expect(missing).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});

describe('starting on a port already in use', () => {
  test('DynamoDB Local says so in Japanese and English, quickly and without a stack trace', async () => {
    const port = await findFreePort();
    const server = await listen(port, '127.0.0.1');
    try {
      const started = Date.now();
      const error = await startDynamoDbLocal({ port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LocalServiceError);
      const { message, stack } = error as Error;
      expect(message).toContain(`ポート ${port} は既に使われている`);
      expect(message).toContain(`Port ${port} is already in use`);
      expect(stack).not.toMatch(/\n\s+at /);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      server.close();
    }
  });

  test('local SES says so too', async () => {
    const port = await findFreePort();
    const server = await listen(port, '127.0.0.1');
    try {
      await expect(startSesLocal({ port })).rejects.toThrow(`Port ${port} is already in use`);
    } finally {
      server.close();
    }
  });
});

test('the emulator is fetched once: a second ensure finds it in place', () => {
  const started = Date.now();
  const result = ensureDynamoDbLocal();
  expect(result.fetched).toBe(false);
  expect(readdirSync(result.dir)).toContain('DynamoDBLocal.jar');
  expect(Date.now() - started).toBeLessThan(1_000);
});

describe('local SES (aws-ses-v2-local)', () => {
  let ses: RunningSes;
  let client: SESv2Client;
  beforeAll(async () => {
    ses = await startSesLocal({ port: await findFreePort() });
    client = new SESv2Client({ endpoint: ses.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
  });
  afterAll(async () => {
    client?.destroy();
    await ses?.stop();
  });

  test('receives a mail sent with SendEmailCommand, Japanese subject intact', async () => {
    await clearSentEmails(ses.endpoint);
    const subject = '【進捗管理】令和8年度 第1四半期の達成状況（東根市）';
    const text = '推進本部 各位\n\n取組項目104件のうち、報告済みは98件です。';
    const { MessageId } = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'shinchoku@city.higashine.example',
        Destination: { ToAddresses: ['sogo-seisaku@city.higashine.example'] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: `<p>${text}</p>`, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    expect(MessageId).toBeTruthy();

    const emails = await readSentEmails(ses.endpoint);
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email).toMatchObject({
      messageId: MessageId,
      from: 'shinchoku@city.higashine.example',
      destination: { to: ['sogo-seisaku@city.higashine.example'], cc: [], bcc: [] },
      subject,
      body: { text, html: `<p>${text}</p>` },
    });
    expect(Math.abs(email!.at - Date.now() / 1000)).toBeLessThan(60);
    expect(await readSentEmails(ses.endpoint, { since: email!.at + 3600 })).toEqual([]);

    // As MIME, the way a mail client reads it: the subject survives the =?UTF-8?B?…?= encoding.
    const eml = await readEml(ses.endpoint, email!.messageId);
    expect(eml).toMatch(/^Subject: =\?UTF-8\?/m);
    const parsed = await simpleParser(eml);
    expect(parsed.subject).toBe(subject);
    expect(parsed.text?.trim()).toBe(text);
  });
});

test('Debian Chromium starts through playwright-core and renders Japanese', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent('<html lang="ja"><body><h1>東根市 行財政改革 進捗</h1></body></html>');
    expect(await page.textContent('h1')).toBe('東根市 行財政改革 進捗');
  } finally {
    await browser.close();
  }
});

// ---- npm start's supervision ---------------------------------------------------------------------

interface NpmStart {
  npm: ChildProcess;
  env: SystemEnv;
  output: () => string;
  /** start.ts (npm's child), DynamoDB Local's JVM and local SES, found by pid and by their port flags. */
  pids: () => { start: number; java: number[]; ses: number[] };
  exit: Promise<number | null>;
}

/** `npm start` as a person or a process manager runs it, on free ports with a fresh data folder. */
async function npmStart(extra: Record<string, string> = {}): Promise<NpmStart> {
  const env = await systemEnv();
  const npm = spawn('npm', ['start'], { cwd: root, env: { ...process.env, ...env, SHINCHOKU_SKIP_WEB_BUILD: '1', ...extra } });
  let output = '';
  npm.stdout!.on('data', (chunk) => (output += chunk));
  npm.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((done) => npm.once('exit', (code) => done(code)));
  await eventually(() => output.includes('停止は Ctrl-C') || npm.exitCode !== null, 120_000, `起動しませんでした:\n${output}`);
  expect(npm.exitCode, output).toBeNull();
  const start = Number(execFileSync('pgrep', ['-P', String(npm.pid)], { encoding: 'utf8' }).trim());
  return {
    npm,
    env,
    output: () => output,
    pids: () => ({ start, java: pgrep(`-port ${env.DYNAMODB_PORT} `), ses: pgrep(`--port ${env.SES_PORT} `) }),
    exit,
  };
}

describe.concurrent('npm start (the supervisor, real processes; the four systems start side by side)', () => {
  const started: NpmStart[] = [];
  afterAll(() => {
    for (const { npm, env, pids } of started) {
      const { start, java, ses } = pids();
      for (const pid of [npm.pid!, start, ...java, ...ses]) if (alive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(env.SHINCHOKU_DATA_DIR, { recursive: true, force: true });
    }
  });

  describe.concurrent.for([
    ['SIGTERM', 'as process managers stop it (npm forwards it)'],
    ['SIGHUP', 'when the terminal goes away (npm does not forward it; npm dies)'],
    ['SIGKILL', 'when npm itself is killed outright'],
  ] as const)('%s sent to the npm process', ([signal, when]) => {
    test(`leaves nothing running: start.ts, DynamoDB Local and local SES all stop, ${when}`, { timeout: 180_000 }, async () => {
      const system = await npmStart();
      started.push(system);
      const before = system.pids();
      expect(before.java).toHaveLength(1);
      expect(before.ses).toHaveLength(1);
      expect(alive(before.start)).toBe(true);
      system.npm.kill(signal);
      await system.exit;
      await eventually(
        () => !alive(before.start) && pgrep(`-port ${system.env.DYNAMODB_PORT} `).length === 0 && pgrep(`--port ${system.env.SES_PORT} `).length === 0,
        20_000,
        `まだ動いています:\n${system.output()}`,
      );
      for (const pid of [...before.java, ...before.ses]) expect(alive(pid)).toBe(false);
      await expect(fetch(`http://127.0.0.1:${system.env.PORT}/api/health`)).rejects.toThrow();
    });
  });

  test('restarts a service that dies, and stops everything with exit 1 and a clear message when it keeps dying', { timeout: 240_000 }, async () => {
    const system = await npmStart({ SHINCHOKU_RESTARTS: '1' });
    started.push(system);
    const { env } = system;
    const base = `http://localhost:${env.PORT}/api`;
    const { token } = await (
      await fetch(`${base}/dev/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sub: 'yamada', role: 'department', department: 'shomu' }),
      })
    ).json();
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    expect(
      (
        await fetch(`${base}/fiscal-years/2026/action-reports/20-1`, {
          method: 'PUT',
          headers: auth,
          body: JSON.stringify({ status: 'implementing', rating: 'B', achievements: '研修を実施した。' }),
        })
      ).status,
    ).toBe(201);

    // Local SES dies: it is started again on its port.
    const [ses] = system.pids().ses;
    process.kill(ses!, 'SIGKILL');
    await eventually(() => system.output().includes('ローカルSES を再起動しました'), 60_000, `ローカルSESが再起動しません:\n${system.output()}`);
    expect((await fetch(`http://127.0.0.1:${env.SES_PORT}/health-check`)).ok).toBe(true);

    // DynamoDB Local dies: started again on its files, and the saved report is still there.
    const [java] = system.pids().java;
    process.kill(java!, 'SIGKILL');
    expect(system.npm.exitCode).toBeNull();
    await eventually(() => system.output().includes('DynamoDB Local を再起動しました'), 90_000, `DynamoDB Local が再起動しません:\n${system.output()}`);
    expect(system.output()).toContain('DynamoDB Local が停止しました（SIGKILL）。再起動します（1/1 回目）');
    const read = await fetch(`${base}/fiscal-years/2026/action-reports/20-1`, { headers: auth });
    expect(read.status).toBe(200);
    expect((await read.json()).body.achievements).toBe('研修を実施した。');

    // It dies again, past the allowance: everything stops, exit 1, with the reason.
    const [again] = system.pids().java;
    expect(again).not.toBe(java);
    process.kill(again!, 'SIGKILL');
    expect(await system.exit).toBe(1);
    expect(system.output()).toContain('DynamoDB Local が停止しました（SIGKILL）。1 回再起動しましたが続けて停止するため、すべて停止します。');
    await eventually(() => pgrep(`--port ${env.SES_PORT} `).length === 0 && !alive(system.pids().start), 20_000, 'ローカルSESが残っています');
  });
});

describe('the install step when another program holds the package lock', () => {
  const lockDir = mkdtempSync(join(tmpdir(), 'apt-lock-'));
  const lock = join(lockDir, 'lock-frontend');
  afterAll(() => rmSync(lockDir, { recursive: true, force: true }));
  /** apt-get as a stand-in: takes the lock file without waiting, failing with apt's own words if it is held. */
  const fakeAptGet = (calls: string[][]) => (args: readonly string[]) => {
    calls.push([...args]);
    const result = spawnSync('flock', ['--nonblock', lock, 'true'], { encoding: 'utf8' });
    return result.status === 0
      ? { status: 0, stderr: '' }
      : {
          status: 100,
          stderr: `E: Could not get lock ${lock}. It is held by process 4242 (apt-get)\nE: Unable to acquire the dpkg frontend lock (${lock}), is another process using it?`,
        };
  };
  const hold = (seconds: number) => spawn('flock', [lock, 'sleep', String(seconds)]);

  test('waits while the lock is held, says so in Japanese and English, and runs once it is free', async () => {
    const holder = hold(2);
    await eventually(() => spawnSync('flock', ['--nonblock', lock, 'true']).status !== 0, 5_000, 'ロックが取られません');
    const calls: string[][] = [];
    const lines: string[] = [];
    const started = Date.now();
    aptGet(['install', '-y', 'chromium'], { run: fakeAptGet(calls), retryMs: 200, lockTimeoutMs: 30_000, log: (line) => lines.push(line) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((args) => args.join(' ') === 'install -y chromium')).toBe(true);
    expect(lines).toHaveLength(1); // said once, not on every try
    expect(lines[0]).toMatch(/パッケージのロック（dpkg\/apt）を使用中です。解放されるまで最大 \d+ 秒待ちます/);
    expect(lines[0]).toMatch(/Another program holds the package lock \(dpkg\/apt\); waiting up to \d+ s/);
    holder.kill();
  });

  test('gives up after the bounded wait with a message saying why', () => {
    const holder = hold(30);
    try {
      // (flock takes the lock as it starts; give it a moment.)
      spawnSync('sleep', ['0.3']);
      expect(() => aptGet(['update', '-qq'], { run: fakeAptGet([]), retryMs: 100, lockTimeoutMs: 800, log: () => undefined })).toThrow(
        /ロックを 1 秒以上使っているため apt-get を実行できませんでした[\s\S]*held the package lock for more than 1 s/,
      );
    } finally {
      holder.kill();
    }
  });

  test('any other apt-get failure fails at once, with apt’s own words', () => {
    const calls: string[][] = [];
    const run = (args: readonly string[]) => {
      calls.push([...args]);
      return { status: 100, stderr: 'E: Unable to locate package chromium' };
    };
    expect(() => aptGet(['install', '-y', 'chromium'], { run, retryMs: 100, lockTimeoutMs: 10_000 })).toThrow(
      /apt-get install -y chromium が失敗しました[\s\S]*Unable to locate package/,
    );
    expect(calls).toHaveLength(1);
  });
});
