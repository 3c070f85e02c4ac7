import { createHash } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { parseCatalogue } from '../domain/catalogue/parse.ts';
import type { Store } from './store.ts';
import { tableDefinition } from './table.ts';

/** Creates the table when it is missing (local runs and tests; in AWS the stack owns it). True when created. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  for (let attempt = 0; attempt < 50; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`テーブル ${tableName} が使用可能になりません`);
}

/**
 * Loads the plan: validated first, so a broken seed never reaches the table; stored only when it
 * differs from what is there (a second load changes nothing).
 */
export async function loadPlan(store: Store, planInput: unknown): Promise<{ written: boolean; hash: string }> {
  parseCatalogue(planInput);
  const hash = createHash('sha256').update(JSON.stringify(planInput)).digest('hex');
  const written = await store.putPlan(planInput, hash);
  return { written, hash };
}
