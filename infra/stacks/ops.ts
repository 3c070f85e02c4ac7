import { Duration, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DIGEST_METRIC } from './digest.ts';

export interface OpsStackProps extends StackProps {
  stage: string;
  httpApi: apigwv2.IHttpApi;
  /** Alarm name → function: one error alarm each. */
  functions: Record<string, lambda.IFunction>;
  deadLetters: sqs.IQueue;
  /** The notice queue's dead-letter queue: a notice that could not be mailed after the queue's tries. */
  noticeDeadLetters: sqs.IQueue;
  opsEmail?: string;
}

/**
 * Alarms to an encrypted SNS topic (optionally e-mailed to ops): API 5xx, errors of each function,
 * a schedule's event in the dead-letter queue, a notice in its dead-letter queue, and the yearly digest not sent.
 *
 * "Digest not sent" — what the digest function must emit (CloudWatch embedded metric format, one
 * JSON log line): namespace `Shinchoku`, metric `DigestSent`, dimension `Stage` = the STAGE env var,
 * unit Count; value 1 when the fiscal year's digest has gone out (sent now, or found already sent),
 * 0 when a run failed. The DigestDeadline schedule (DigestStack) writes DigestSent = 0 at the end of
 * the digest's window. The alarm takes the day's Maximum: 1 if the digest reported success that
 * (UTC) day, otherwise 0 → ALARM. Days without any data point (every other day of the year) are
 * not breaching.
 */
export class OpsStack extends Stack {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OpsStackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: `Shinchoku ${props.stage}: ops alarm topic`,
    });
    // CloudWatch alarms publish into the encrypted topic (the AWS-managed SNS key does not allow it).
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true, displayName: `Shinchoku ${props.stage} alarms` });
    if (props.opsEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.opsEmail));
    const notify = new actions.SnsAction(this.topic);

    const alarm = (name: string, options: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, name, { alarmName: `shinchoku-${props.stage}-${name}`, ...options });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };
    const atLeast = {
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };

    alarm('Api5xx', {
      ...atLeast,
      metric: props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      alarmDescription: 'API が5分間に5回以上 5xx を返しました',
    });
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, {
        ...atLeast,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        alarmDescription: `${name} 関数でエラー（例外・タイムアウト）が発生しました`,
      });
    }
    alarm('DeadLetters', {
      ...atLeast,
      metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      alarmDescription: 'スケジュールの再試行が尽き、デッドレターキューにイベントがあります',
    });
    alarm('NoticeDeadLetters', {
      ...atLeast,
      metric: props.noticeDeadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      alarmDescription: '通知メールを再試行しても送れず、通知のデッドレターキューにイベントがあります',
    });
    alarm('DigestNotSent', {
      metric: new cloudwatch.Metric({
        namespace: DIGEST_METRIC.namespace,
        metricName: DIGEST_METRIC.metricName,
        dimensionsMap: { [DIGEST_METRIC.dimension]: props.stage },
        statistic: 'Maximum',
        period: Duration.days(1),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: '年次ダイジェストが送信期限までに送信されていません（Shinchoku/DigestSent の日最大値が 1 未満）',
    });
  }
}
