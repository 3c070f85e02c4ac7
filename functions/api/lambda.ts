import type { Logger } from '@aws-lambda-powertools/logger';
import { handle } from 'hono/aws-lambda';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import type { AppDeps } from '../http/deps.ts';
import { headConfirmationFromEnv } from '../http/deps.ts';
import { GatewayAuthorizerClaims } from '../http/auth/gateway.ts';
import { lazyAdapter } from '../http/lazy-adapter.ts';
import { PlanRegistry } from '../store/plans.ts';
import { currentFiscalYear } from '../domain/calendar/dates.ts';
import { DynamoStore } from '../store/dynamo-store.ts';
import { requiredEnv } from '../lambda-env.ts';

/** The invocation being answered, for the log line of an unexpected error (function, request id, cold start). */
let invocation: LambdaContext | undefined;
/** Log lines still being written: the answer waits for them, or Lambda could freeze the process first. */
const pendingLogs = new Set<Promise<void>>();
let powertools: Promise<Logger> | undefined;

/**
 * Structured JSON logs (Powertools Logger). Only the API's unexpected errors are logged, with the request's
 * correlation id; API Gateway's access log and Lambda's own metrics count requests and errors, so the
 * API carries no Metrics client. The Logger is imported with the first such error: almost no invocation
 * logs anything, and the cold start should not compile it (~22 KB). The error's stack is put back on
 * TypeScript lines then (logging/stack.ts): this function runs without --enable-source-maps, which would
 * parse every source map at each cold start (infra/stacks/api.ts).
 */
const errorLog: NonNullable<AppDeps['logger']> = {
  error(message, attributes) {
    const context = invocation;
    powertools ??= import('@aws-lambda-powertools/logger').then(({ Logger }) => new Logger({ serviceName: 'shinchoku-api' }));
    const written = Promise.all([powertools, import('../logging/stack.ts').then(({ mapErrorStack }) => mapErrorStack(attributes.error))]).then(([logger]) => {
      if (context) logger.addContext(context as Parameters<Logger['addContext']>[0]);
      logger.error(message, attributes);
    });
    pendingLogs.add(written);
    void written.finally(() => pendingLogs.delete(written));
  },
};

/**
 * The publication bucket's files, and the distribution that serves them at /open-data/*, told of each
 * publication and withdrawal.
 */
async function publicationFiles(bucket: string, distributionId: string | undefined) {
  const [{ S3PublicationFiles }, { CloudFrontInvalidation }] = await Promise.all([
    import('../publication/s3-files.ts'),
    import('../publication/cloudfront.ts'),
  ]);
  return new S3PublicationFiles(bucket, distributionId ? new CloudFrontInvalidation(distributionId, { logger: errorLog }) : undefined);
}

const store = new DynamoStore({ tableName: requiredEnv('TABLE_NAME') });
const userPoolId = requiredEnv('USER_POOL_ID');
const { PUBLICATION_BUCKET: publicationBucket, ATTACHMENTS_BUCKET: attachmentsBucket, DIGEST_FUNCTION_NAME: digestFunction } = process.env;
const plans = new PlanRegistry(store);
// Nearly every request reads the plan in force this fiscal year: its reads start now, during the function's init.
plans.warm(currentFiscalYear());
const app = handle(
  createApp({
    store,
    verifier: new GatewayAuthorizerClaims(),
    plans,
    webAppUrl: process.env.WEB_APP_URL,
    // The adapters of rare actions (a new department, publication, 根拠資料, the digest) load with their first use.
    departmentDirectory: lazyAdapter(async () => new (await import('../departments/directory.ts')).CognitoDepartmentDirectory(userPoolId)),
    headConfirmation: headConfirmationFromEnv(process.env),
    logger: errorLog,
    ...(publicationBucket ? { publicationFiles: lazyAdapter(() => publicationFiles(publicationBucket, process.env.PUBLICATION_DISTRIBUTION_ID)) } : {}),
    ...(attachmentsBucket
      ? { attachmentFiles: lazyAdapter(async () => new (await import('../http/s3-attachment-files.ts')).S3AttachmentFiles(attachmentsBucket)) }
      : {}),
    ...(digestFunction ? { digest: lazyAdapter(async () => new (await import('./digest-invoker.ts')).LambdaDigestTrigger(digestFunction)) } : {}),
  }),
);

/** API Gateway HTTP API → Hono. Sign-in is checked by the API's JWT authorizer; its claims come with the event (auth/gateway.ts). */
export const handler = async (event: LambdaEvent, context: LambdaContext) => {
  invocation = context;
  const response = await app(event, context);
  await Promise.all(pendingLogs);
  return response;
};
