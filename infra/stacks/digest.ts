import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from '../constructs/nag.ts';
import type { Construct } from 'constructs';
import type { Settings } from '../settings.ts';
import { handlerFunction } from '../constructs/function.ts';

/** What the digest reads (the plan, reports, actuals) and writes (its exactly-once marker and archive). */
export const DIGEST_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * The yearly digest to HQ and the reminders to departments, each on an EventBridge Scheduler
 * schedule in Asia/Tokyo with retries and a dead-letter queue, sending through SES v2.
 */
export class DigestStack extends Stack {
  readonly digest: lambda.IFunction;
  readonly reminder: lambda.IFunction;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: StackProps & { table: dynamodb.ITableV2; settings: Settings; origin: string }) {
    super(scope, id, props);
    const { settings } = props;

    const identity = new ses.EmailIdentity(this, 'Sender', { identity: ses.Identity.email(settings.mailFrom) });
    const configurationSet = new ses.ConfigurationSet(this, 'Mail', {
      sendingEnabled: true,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    const environment = {
      TABLE_NAME: props.table.tableName,
      MAIL_FROM: settings.mailFrom,
      HQ_RECIPIENTS: settings.hqRecipients.join(','),
      DEPARTMENT_ADDRESS: settings.departmentAddress,
      DEADLINE_LABEL: settings.deadlineLabel,
      SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      WEB_APP_URL: props.origin,
      STAGE: settings.stage,
    };
    const make = (name: string, handler: string) => {
      const fn = handlerFunction(this, name, {
        entry: 'functions/digest/lambda.ts',
        handler,
        environment,
        logRetentionDays: settings.logRetentionDays,
        timeout: Duration.minutes(2),
      });
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: DIGEST_TABLE_ACTIONS, resources: [props.table.tableArn] }),
      );
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [
            `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${identity.emailIdentityName}`,
            `arn:${this.partition}:ses:${this.region}:${this.account}:configuration-set/${configurationSet.configurationSetName}`,
          ],
        }),
      );
      return fn;
    };
    this.digest = make('Digest', 'handler');
    this.reminder = make('Reminder', 'reminderHandler');

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetters, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the schedules.' },
    ]);

    const timeZone = TimeZone.of(settings.timeZone);
    const target = (fn: lambda.IFunction) =>
      new targets.LambdaInvoke(fn, {
        input: scheduler.ScheduleTargetInput.fromObject({}),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetters,
      });
    new scheduler.Schedule(this, 'YearlyDigest', {
      description: '前年度の行財政改革進捗ダイジェストを推進本部へ送る',
      schedule: scheduler.ScheduleExpression.expression(settings.digestSchedule, timeZone),
      target: target(this.digest),
    });
    new scheduler.Schedule(this, 'Reminders', {
      description: '提出期限前に未提出の課へ督促メールを送る',
      schedule: scheduler.ScheduleExpression.expression(settings.reminderSchedule, timeZone),
      target: target(this.reminder),
    });
    // LambdaInvoke creates one role per target at the stack's top level.
    for (const role of this.node.children.filter((child) => child.node.id.startsWith('SchedulerRoleForTarget'))) {
      acknowledge(role, [{ id: 'AwsSolutions-IAM5', reason: 'The scheduler role may invoke its function and that function’s versions (<arn>:*), nothing else.' }]);
    }
  }
}
