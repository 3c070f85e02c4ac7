import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { handlerFunction } from '../constructs/function.ts';
import { acknowledge } from '../constructs/nag.ts';
import { InvokeFunction, PutMetricData } from '../constructs/schedule-targets.ts';
import { SCHEDULE_MAX_EVENT_AGE_HOURS } from '../settings.ts';
import type { Settings } from '../settings.ts';

/**
 * What the digest does to the table (functions/digest/run.ts → functions/store/dynamo-store.ts):
 * reads the plan and the digest marker (GetItem) and a year's reports and assignments (Query),
 * claims / completes / releases the year's digest (UpdateItem, also inside TransactWriteItems) and
 * archives what went out (PutItem in the same transaction). No index, no Scan, no deletes.
 */
export const DIGEST_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;
/**
 * The reminders read the plan and their claims (GetItem) and a year's reports and assignments
 * (Query), and claim / complete / release each department's reminder (UpdateItem) so a second
 * delivery mails no one twice. No PutItem: reminders are not archived.
 */
export const REMINDER_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'] as const;

/** The custom metric the DigestNotSent alarm watches (see OpsStack). */
export const DIGEST_METRIC = { namespace: 'Shinchoku', metricName: 'DigestSent', dimension: 'Stage' } as const;

export const SCHEDULE_RETRY_ATTEMPTS = 3;

export interface DigestStackProps extends StackProps {
  table: dynamodb.ITableV2;
  settings: Settings;
  /** The site's origin, for links in the mail. */
  origin: string;
}

/**
 * The yearly digest to HQ and the reminders to departments: two functions (one bundle, two
 * handlers), each on an EventBridge Scheduler schedule in Asia/Tokyo with retries and a shared,
 * encrypted dead-letter queue; mail through SES v2 from one verified identity and configuration set.
 */
export class DigestStack extends Stack {
  readonly digest: lambda.IFunction;
  readonly reminder: lambda.IFunction;
  readonly deadLetters: sqs.Queue;
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: DigestStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const identity = new ses.EmailIdentity(this, 'Sender', { identity: ses.Identity.email(settings.mailFrom) });
    const configurationSet = new ses.ConfigurationSet(this, 'Mail', {
      sendingEnabled: true,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    const sendEmail = new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${identity.emailIdentityName}`,
        `arn:${this.partition}:ses:${this.region}:${this.account}:configuration-set/${configurationSet.configurationSetName}`,
      ],
    });

    const environment = {
      TABLE_NAME: props.table.tableName,
      MAIL_FROM: settings.mailFrom,
      HQ_RECIPIENTS: settings.hqRecipients.join(','),
      SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      WEB_APP_URL: props.origin,
      REMINDER_DAYS_BEFORE: String(settings.reminderDaysBefore),
      DEADLINE: settings.deadline,
      DEPARTMENT_ADDRESS: settings.departmentAddress,
      STAGE: settings.stage,
    };
    const make = (name: string, handler: string, description: string, tableActions: readonly string[]) => {
      const fn = handlerFunction(this, name, {
        entry: 'functions/digest/lambda.ts',
        handler,
        description,
        environment,
        logRetentionDays: settings.logRetentionDays,
        timeout: Duration.minutes(2),
      });
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...tableActions], resources: [props.table.tableArn] }));
      fn.addToRolePolicy(sendEmail);
      return fn;
    };
    this.digest = make('Digest', 'handler', 'Shinchoku: yearly progress digest to HQ', DIGEST_TABLE_ACTIONS);
    this.reminder = make('Reminder', 'reminderHandler', 'Shinchoku: reminders to departments with reports missing', REMINDER_TABLE_ACTIONS);

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetters, [{ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the digest and reminder schedules.' }]);

    const timeZone = TimeZone.of(settings.timeZone);
    const retries = { retryAttempts: SCHEDULE_RETRY_ATTEMPTS, maxEventAge: Duration.hours(SCHEDULE_MAX_EVENT_AGE_HOURS), deadLetterQueue: this.deadLetters };
    const role = (name: string) =>
      new iam.Role(this, `${name}SchedulerRole`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
        description: `Shinchoku ${name} schedule`,
      });

    // Input {}: the digest takes the fiscal year that ended; the reminders the one being reported.
    this.schedules.push(
      new scheduler.Schedule(this, 'YearlyDigest', {
        description: '前年度の行財政改革進捗ダイジェストを推進本部へ送る',
        schedule: scheduler.ScheduleExpression.expression(settings.digestSchedule, timeZone),
        target: new InvokeFunction(this.digest, { ...retries, role: role('Digest'), input: scheduler.ScheduleTargetInput.fromObject({}) }),
      }),
      new scheduler.Schedule(this, 'Reminders', {
        description: `提出期限（${settings.deadlineLabel}）の${settings.reminderDaysBefore}日前に未提出の課へ督促する`,
        schedule: scheduler.ScheduleExpression.expression(settings.reminderSchedule, timeZone),
        target: new InvokeFunction(this.reminder, { ...retries, role: role('Reminder'), input: scheduler.ScheduleTargetInput.fromObject({}) }),
      }),
      // The end of the digest's window: records DigestSent = 0, so that a day on which the digest
      // did not report DigestSent = 1 shows Maximum 0 and the DigestNotSent alarm fires.
      new scheduler.Schedule(this, 'DigestDeadline', {
        description: '年次ダイジェストの送信期限: DigestSent=0 を記録（送信済みなら最大値は 1 のまま）',
        schedule: scheduler.ScheduleExpression.expression(settings.digestCheckSchedule, timeZone),
        target: new PutMetricData(DIGEST_METRIC.namespace, {
          ...retries,
          role: role('DigestDeadline'),
          input: scheduler.ScheduleTargetInput.fromObject({
            Namespace: DIGEST_METRIC.namespace,
            MetricData: [
              { MetricName: DIGEST_METRIC.metricName, Dimensions: [{ Name: DIGEST_METRIC.dimension, Value: settings.stage }], Value: 0, Unit: 'Count' },
            ],
          }),
        }),
      }),
    );
    acknowledge(this.node.findChild('DigestDeadlineSchedulerRole'), [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'cloudwatch:PutMetricData has no resource-level permissions; the statement is limited to the Shinchoku namespace by the cloudwatch:namespace condition.',
      },
    ]);
  }
}
