import { Logger } from '@aws-lambda-powertools/logger';
import { SesMailer } from '../digest/mailer.ts';
import { DynamoStore } from '../store/dynamo-store.ts';
import { PlanRegistry } from '../store/plans.ts';
import { sendDailySubmitted } from './daily.ts';
import type { DailyOutcome } from './daily.ts';
import { handleNoticeMessages } from './queue.ts';
import type { QueueBatchResponse, QueueEvent } from './queue.ts';
import { requiredEnv } from '../lambda-env.ts';

const store = new DynamoStore({ tableName: requiredEnv('TABLE_NAME') });
const plans = new PlanRegistry(store);
const mailer = new SesMailer();
/** What was done with which event; never addresses or mail text (personal data stays out of logs). */
const logger = new Logger({ serviceName: 'shinchoku-notices' });

/** The notice queue's consumer (infra/stacks/notices.ts): ReportBatchItemFailures is on, so only failed messages return. */
export function noticeHandler(event: QueueEvent): Promise<QueueBatchResponse> {
  return handleNoticeMessages({ store, plans, mailer }, settings(), event, (message, attributes) => logger.info(message, attributes));
}

/**
 * HQ's daily summary of 提出済 (infra/stacks/digest.ts's DailySubmitted schedule; its input is ignored): today's
 * mail, once. A failure throws, so the schedule retries and then leaves the event in its dead-letter queue.
 */
export async function dailySubmittedHandler(): Promise<DailyOutcome> {
  const outcome = await sendDailySubmitted({ store, plans, mailer }, settings());
  logger.info('提出済の一覧を処理しました', { ...outcome });
  return outcome;
}

function settings() {
  return { from: requiredEnv('MAIL_FROM'), webAppUrl: requiredEnv('WEB_APP_URL'), configurationSet: process.env.SES_CONFIGURATION_SET };
}
