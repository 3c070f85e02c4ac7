import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import * as z from '../domain/zod.ts';
import { PlanRegistry } from '../store/plans.ts';
import { DynamoStore } from '../store/dynamo-store.ts';
import { SesMailer } from './mailer.ts';
import { lastEndedFiscalYear } from '../domain/calendar/index.ts';
import { prepareDigest, sendDigest, sendReminders } from './run.ts';
import { requiredEnv } from '../lambda-env.ts';

const eventSchema = z.object({
  // Which years have a plan is the plans' to say (a year without one is refused by PlanRegistry.forYear).
  fiscalYear: z.optional(z.int().check(z.gte(1989), z.lte(2200))),
  force: z.optional(z.boolean()),
  /** Render only (HQ's preview): nothing is claimed or sent. */
  dryRun: z.optional(z.boolean()),
});

/** The reminder schedule's input: a later reminder in the same year is another round (default 1). */
const reminderEventSchema = z.object({
  // Which years have a plan is the plans' to say (a year without one is refused by PlanRegistry.forYear).
  fiscalYear: z.optional(z.int().check(z.gte(1989), z.lte(2200))),
  round: z.optional(z.int().check(z.gte(1), z.lte(99))),
});

const store = new DynamoStore({ tableName: requiredEnv('TABLE_NAME') });
const plans = new PlanRegistry(store);
const mailer = new SesMailer();
const settings = () => ({
  from: requiredEnv('MAIL_FROM'),
  hqRecipients: requiredEnv('HQ_RECIPIENTS')
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean),
  webAppUrl: requiredEnv('WEB_APP_URL'),
  configurationSet: process.env.SES_CONFIGURATION_SET,
});

/** Structured JSON logs; what went out and to how many, never addresses or mail text (personal data stays out of logs). */
const logger = new Logger({ serviceName: 'shinchoku-digest' });
/** Embedded metric format (EMF): CloudWatch extracts Shinchoku/DigestSent from the log line, no API call. */
const metrics = new Metrics({ namespace: 'Shinchoku' });
// The ops alarm and the deadline schedule's DigestSent = 0 use the dimension Stage alone: Powertools'
// default `service` dimension would make a different metric.
metrics.clearDefaultDimensions();
metrics.setDefaultDimensions({ Stage: process.env.STAGE ?? 'prod' });

/** Shinchoku/DigestSent: 1 when the year's digest is out, 0 when an invocation failed (the ops alarm watches it). */
function emitDigestSent(count: number) {
  metrics.addMetric('DigestSent', MetricUnit.Count, count);
  metrics.publishStoredMetrics();
}

/** Yearly schedule (and HQ's "send now" through the API): the digest of the fiscal year that ended. */
export async function handler(event: unknown) {
  const options = eventSchema.parse(event ?? {});
  const deps = { store, plans, mailer };
  if (options.dryRun) return prepareDigest(deps, options.fiscalYear ?? lastEndedFiscalYear(), settings().webAppUrl);
  try {
    const outcome = await sendDigest(deps, settings(), options);
    logger.info(
      'digest',
      outcome.sent ? { fiscalYear: outcome.fiscalYear, sent: true, messageId: outcome.messageId, recipientCount: outcome.recipients.length } : outcome,
    );
    // The year's digest exists either way: the check schedule's 0 must not look like a miss.
    if (outcome.sent || outcome.reason === 'already_sent') emitDigestSent(1);
    return outcome;
  } catch (error) {
    logger.error('digest not sent', { fiscalYear: options.fiscalYear, error: error as Error });
    emitDigestSent(0);
    throw error;
  }
}

/** Reminder schedule: departments with reports not yet submitted to HQ, some days before the deadline; each mailed once per round. */
export async function reminderHandler(event: unknown) {
  const options = reminderEventSchema.parse(event ?? {});
  const result = await sendReminders(
    { store, plans, mailer },
    {
      ...settings(),
      departmentAddress: requiredEnv('DEPARTMENT_ADDRESS'),
      deadlineMonthDay: process.env.DEADLINE || undefined,
    },
    options,
  );
  // Items no department is assigned to get no mail; the log names them beside the digest's list for HQ.
  logger.info('reminders', { fiscalYear: result.fiscalYear, departments: result.departments, unassigned: result.unassigned });
  return result;
}
