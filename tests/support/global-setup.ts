import type { TestProject } from 'vitest/node';
import { findFreePort, startDynamoDbLocal } from '../../scripts/local/dynamodb-local.ts';
import type { RunningDynamoDb } from '../../scripts/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

let dynamo: RunningDynamoDb | undefined;

/** One in-memory DynamoDB Local per test run; each test file makes its own fresh tables in it. */
export async function setup(project: TestProject) {
  dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}
