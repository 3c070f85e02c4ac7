/**
 * The local services the system runs on, used for real: the run's DynamoDB Local (global setup),
 * a second one on disk, and aws-ses-v2-local.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../scripts/local/chromium.ts';
import { ensureDynamoDbLocal, findFreePort, LocalServiceError, startDynamoDbLocal } from '../scripts/local/dynamodb-local.ts';
import { clearSentEmails, readEml, readSentEmails, startSesLocal } from '../scripts/local/ses-local.ts';
import type { RunningSes } from '../scripts/local/ses-local.ts';
import { createFreshTable, TEST_CREDENTIALS, TEST_REGION, useDynamoDbLocal } from './support/dynamodb.ts';
import type { FreshTable } from './support/dynamodb.ts';

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
            { Update: { TableName: tableName, Key: { pk: 'tx', sk: 'a' }, UpdateExpression: 'SET version = :next', ExpressionAttributeValues: { ':next': 2 } } },
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
