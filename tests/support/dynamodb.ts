/**
 * The test run's DynamoDB Local (started once by ./global-setup.ts) as seen from a test file.
 * The table's shape is not known here: the caller passes the function that makes its
 * CreateTableCommandInput (the real one lives in the store), and gets a fresh, uniquely named
 * table of that shape.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, type DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { localDynamoDbClient } from '../../scripts/local/dynamodb-local.ts';

export const TEST_REGION = 'ap-northeast-1';
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface LocalDynamoDb {
  endpoint: string;
  client: DynamoDBClient;
  /** The same connection with lib-dynamodb's plain-JavaScript marshalling. */
  doc: DynamoDBDocumentClient;
}

let shared: LocalDynamoDb | undefined;

/** A client for the run's DynamoDB Local (one per test file: each file runs in its own worker). */
export function useDynamoDbLocal(): LocalDynamoDb {
  if (shared) return shared;
  const endpoint = inject('dynamoEndpoint');
  if (!endpoint) {
    throw new Error(
      "DynamoDB Local がありません。vitest.config.ts の test.globalSetup に 'tests/support/global-setup.ts' を入れてください。\n" +
        "No DynamoDB Local: add 'tests/support/global-setup.ts' to test.globalSetup in vitest.config.ts.",
    );
  }
  const client = localDynamoDbClient(endpoint);
  shared = { endpoint, client, doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
  return shared;
}

export interface FreshTable extends LocalDynamoDb {
  tableName: string;
  /** Deletes the table (optional: the in-memory database goes away with the run anyway). */
  drop(): Promise<void>;
}

/**
 * Creates a table nobody else uses — `${prefix}-${uuid}` — from `define(tableName)` and waits
 * until it is ACTIVE. Typical use: `const table = await createFreshTable(tableDefinition)` in
 * beforeAll.
 */
export async function createFreshTable(define: (tableName: string) => CreateTableCommandInput, prefix = 'test'): Promise<FreshTable> {
  const local = useDynamoDbLocal();
  const tableName = `${prefix}-${randomUUID()}`;
  const input = define(tableName);
  if (input.TableName !== tableName) {
    throw new Error(`define() は受け取った名前 ${tableName} を TableName にしてください / define() must use the table name it is given`);
  }
  await local.client.send(new CreateTableCommand(input));
  await waitUntilTableExists({ client: local.client, maxWaitTime: 30, minDelay: 0.1, maxDelay: 1 }, { TableName: tableName });
  return {
    ...local,
    tableName,
    drop: async () => {
      await local.client.send(new DeleteTableCommand({ TableName: tableName }));
    },
  };
}
