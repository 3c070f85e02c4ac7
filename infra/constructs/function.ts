import { resolve } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

export interface HandlerFunctionProps {
  /** Path from the project root, e.g. functions/api/lambda.ts. */
  entry: string;
  handler?: string;
  description: string;
  environment: Record<string, string>;
  logRetentionDays: number;
  timeout?: Duration;
  memorySize?: number;
}

/**
 * A handler from functions/, built the same way for every function: esbuild (locally, no Docker),
 * minified ESM for Node.js 22 on arm64, the AWS SDK v3 left to the runtime. Each function gets its
 * own log group with retention and its own role that may write only to that log group; callers add
 * exactly the data permissions the handler uses.
 *
 * Logs stay in Lambda's text format: the digest's embedded-metric lines (console.log of a JSON
 * object with `_aws`) are extracted by CloudWatch in that format.
 */
export function handlerFunction(scope: Construct, id: string, props: HandlerFunctionProps): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: props.logRetentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `${props.description} (Lambda execution role)`,
  });
  // Instead of AWSLambdaBasicExecutionRole (logs:* on every log group): this function's group only.
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
  );

  const fn = new NodejsFunction(scope, id, {
    entry: resolve(PROJECT_ROOT, props.entry),
    handler: props.handler ?? 'handler',
    description: props.description,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(29),
    role,
    logGroup,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
    bundling: {
      minify: true,
      sourceMap: true,
      target: 'node22',
      format: OutputFormat.ESM,
      mainFields: ['module', 'main'],
      // The Node.js 22 runtime ships AWS SDK v3.
      externalModules: ['@aws-sdk/*'],
      // Bundled CommonJS dependencies may still call require(): ESM output has to define it.
      banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      forceDockerBundling: false,
    },
  });
  acknowledge(fn, [
    {
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime the project builds and tests on (engines, CI); moving to a newer runtime is a deliberate upgrade, not a default.',
    },
  ]);
  return fn;
}
