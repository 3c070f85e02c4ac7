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

/**
 * For every JVM of the run (this DynamoDB Local, and those the files that test DynamoDB Local and npm start
 * start, over a dozen): C1 only and the serial collector. A JVM's start is mostly class loading and JIT
 * compilation; this halves it, measured here at 4.9–5.4 s of CPU down to 2.5 s (10–16 s to 4–7 s of
 * waiting under load), and the tests' short-lived emulators never run long enough to gain from C2.
 * Set by hand (JDK_JAVA_OPTIONS=) to run the suite with the JVM's defaults.
 */
export const TEST_JVM_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

export async function setup(project: TestProject) {
  // Before any worker exists: they inherit this environment, and so do the processes they start.
  process.env.JDK_JAVA_OPTIONS ??= TEST_JVM_OPTIONS;
  dynamo = await startDynamoDbLocal({ port: await findFreePort() });
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
  dynamo = undefined;
}
