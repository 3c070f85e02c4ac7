import { resolve } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

const root = resolve(import.meta.dirname, '../..');

/**
 * A handler from functions/, bundled the same way for every function: esbuild, minified ESM for
 * Node.js 22 on arm64, the AWS SDK left to the runtime, and its own log group with retention.
 */
export function handlerFunction(
  scope: Construct,
  id: string,
  props: { entry: string; handler?: string; environment: Record<string, string>; logRetentionDays: number; timeout?: Duration; memorySize?: number },
): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: props.logRetentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const fn = new NodejsFunction(scope, id, {
    entry: resolve(root, props.entry),
    handler: props.handler ?? 'handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(29),
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    logGroup,
    tracing: lambda.Tracing.ACTIVE,
    projectRoot: root,
    depsLockFilePath: resolve(root, 'package-lock.json'),
    bundling: {
      minify: true,
      sourceMap: true,
      target: 'node22',
      format: OutputFormat.ESM,
      externalModules: ['@aws-sdk/*'],
      // Some dependencies still call require(); ESM output needs it defined.
      banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    },
  });
  acknowledge(fn, [
    { id: 'AwsSolutions-L1', reason: 'Node.js 22 is the LTS line the project builds and tests on; moving to 24 is a deliberate upgrade, not a default.' },
    { id: 'AwsSolutions-IAM4', reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs.' },
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords) has no resource-level permissions.' },
  ]);
  return fn;
}
