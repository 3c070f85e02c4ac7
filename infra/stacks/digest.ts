import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { handlerFunction } from '../constructs/function.ts';
import { acknowledge } from '../constructs/nag.ts';
import { InvokeFunction, PutMetricData } from '../constructs/schedule-targets.ts';
import { SCHEDULE_MAX_EVENT_AGE_HOURS } from '../settings.ts';
import { DAILY_SUMMARY_TIME } from '../../functions/domain/notices/index.ts';
import { keys } from '../../functions/store/keys.ts';
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

/**
 * What the notice mail function does to the table (functions/notices/ → functions/digest/run.ts sendOnce):
 * reads the plan, a person and their settings (GetItem), the people and the assignments (Query),
 * claims / completes / releases each event's mail (UpdateItem, also inside TransactWriteItems), and files
 * a report that reached 提出済 under its day for HQ's daily summary (PutItem).
 */
export const NOTICE_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'] as const;
/**
 * HQ's daily summary (functions/notices/daily.ts): reads the day's filed submissions, the people, the plan
 * and the assignments (Query, GetItem) and claims / completes the day's mail (UpdateItem). Nothing else.
 */
export const DAILY_SUBMITTED_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'] as const;
/**
 * When HQ's daily summary of 提出済 goes out, in the stack's time zone (Asia/Tokyo): DAILY_SUMMARY_TIME (17:30)
 * every day; on a day without submissions the function sends nothing.
 */
export const DAILY_SUBMITTED_SCHEDULE = `cron(${DAILY_SUMMARY_TIME.minute} ${DAILY_SUMMARY_TIME.hour} * * ? *)`;
/** How often the queue hands a failing notice to the mail function before it goes to the dead-letter queue. */
export const NOTICE_MAX_RECEIVES = 5;

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
 * The e-mail notices of report steps (queue-fed) and HQ's daily summary of 提出済 (on its own schedule,
 * with the same retries and dead-letter queue) share that identity.
 */
export class DigestStack extends Stack {
  readonly digest: lambda.IFunction;
  readonly reminder: lambda.IFunction;
  readonly deadLetters: sqs.Queue;
  /** E-mail notices (issue 24): the mail function, its queue and the queue's dead-letter queue (OpsStack alarms on it). */
  readonly notices: lambda.IFunction;
  readonly noticeQueue: sqs.Queue;
  readonly noticeDeadLetters: sqs.Queue;
  /** HQ's daily summary of what reached 提出済 (functions/notices/daily.ts), on the DailySubmitted schedule. */
  readonly dailySubmitted: lambda.IFunction;
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
    const make = (
      name: string,
      handler: string,
      description: string,
      tableActions: readonly string[],
      options: { entry: string; timeout: Duration } = { entry: 'functions/digest/lambda.ts', timeout: Duration.minutes(2) },
    ) => {
      const fn = handlerFunction(this, name, {
        entry: options.entry,
        handler,
        description,
        environment,
        logRetentionDays: settings.logRetentionDays,
        timeout: options.timeout,
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

    // ——— E-mail notices: table stream (new outbox items) → EventBridge Pipe → queue → mail function ———
    this.noticeDeadLetters = new sqs.Queue(this, 'NoticeDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.noticeDeadLetters, [{ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the notice queue.' }]);
    const noticeTimeout = Duration.seconds(60);
    this.noticeQueue = new sqs.Queue(this, 'NoticeQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's advice for an SQS source: at least six times the function's timeout, so a message is not handed out twice while in work.
      visibilityTimeout: Duration.seconds(noticeTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.noticeDeadLetters, maxReceiveCount: NOTICE_MAX_RECEIVES },
    });
    this.notices = make('Notices', 'noticeHandler', 'Shinchoku: e-mail notices of report steps (one per event)', NOTICE_TABLE_ACTIONS, {
      entry: 'functions/notices/lambda.ts',
      timeout: noticeTimeout,
    });
    this.notices.addEventSource(new lambdaEvents.SqsEventSource(this.noticeQueue, { batchSize: 10, reportBatchItemFailures: true }));

    // HQ's daily summary: the notice bundle's second handler, on a schedule with the digest's retries and dead-letter queue.
    this.dailySubmitted = make(
      'DailySubmitted',
      'dailySubmittedHandler',
      'Shinchoku: daily summary to HQ of reports submitted that day',
      DAILY_SUBMITTED_TABLE_ACTIONS,
      {
        entry: 'functions/notices/lambda.ts',
        timeout: Duration.minutes(1),
      },
    );
    this.schedules.push(
      new scheduler.Schedule(this, 'DailySubmittedSchedule', {
        description: 'その日に提出済になった報告の一覧を推進本部へ送る（提出がない日は送らない）',
        schedule: scheduler.ScheduleExpression.expression(DAILY_SUBMITTED_SCHEDULE, timeZone),
        target: new InvokeFunction(this.dailySubmitted, { ...retries, role: role('DailySubmitted'), input: scheduler.ScheduleTargetInput.fromObject({}) }),
      }),
    );

    const streamArn = props.table.tableStreamArn;
    if (!streamArn) throw new Error('通知にはテーブルのストリーム（DataStack の dynamoStream）が必要です');
    const pipeRole = new iam.Role(this, 'NoticePipeRole', {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: 'Shinchoku notice pipe: table stream to the notice queue',
    });
    pipeRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [streamArn],
      }),
    );
    this.noticeQueue.grantSendMessages(pipeRole);
    new pipes.CfnPipe(this, 'NoticePipe', {
      description: '報告の通知イベント（アウトボックスの新しい項目）だけを通知キューへ送る',
      roleArn: pipeRole.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: { startingPosition: 'LATEST', batchSize: 10, maximumRetryAttempts: 10 },
        // Only new items of the outbox's partition: every other write of the table stays off the queue.
        filterCriteria: { filters: [{ pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { PK: { S: [keys.noticeOutbox] } } } }) }] },
      },
      target: this.noticeQueue.queueArn,
    });
  }
}
