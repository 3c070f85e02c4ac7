/**
 * vitest globalSetup (vitest.config.ts: `globalSetup: ['tests/support/global-setup.ts']`):
 * ONE in-memory DynamoDB Local per test run, on a free port. Tests read its endpoint with
 * `inject('dynamoEndpoint')` (or useDynamoDbLocal() in ./dynamodb.ts) and make their own
 * fresh tables in it, so files never see each other's data.
 */
import type { TestProject } from 'vitest/node';
import { findFreePort, startDynamoDbLocal } from '../../scripts/local/dynamodb-local.ts';
import type { RunningDynamoDb } from '../../scripts/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

let dynamo: RunningDynamoDb | undefined;

export async function setup(project: TestProject) {
  dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
  dynamo = undefined;
}
