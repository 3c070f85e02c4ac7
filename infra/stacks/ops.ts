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

/** Alarms that page ops: API 5xx, function errors, schedules' dead letters, and a digest that did not go out. */
export class OpsStack extends Stack {
  readonly topic: sns.Topic;

  constructor(
    scope: Construct,
    id: string,
    props: StackProps & {
      stage: string;
      api: apigwv2.IHttpApi;
      functions: Record<string, lambda.IFunction>;
      deadLetters: sqs.IQueue;
      opsEmail?: string;
    },
  ) {
    super(scope, id, props);
    const key = new kms.Key(this, 'AlarmKey', { enableKeyRotation: true, description: 'Shinchoku ops alarms topic' });
    // CloudWatch publishes alarm notifications into the encrypted topic.
    key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    this.topic = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true, displayName: 'Shinchoku alarms' });
    if (props.opsEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.opsEmail));
    const notify = new actions.SnsAction(this.topic);
    const alarm = (name: string, metric: cloudwatch.IMetric, description: string, threshold = 1) => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(notify);
      return created;
    };

    alarm('Api5xx', props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }), 'API が 5xx を返しました', 5);
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), `${name} 関数でエラーが発生しました`);
    }
    alarm(
      'DeadLetters',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      'スケジュールの再試行が尽き、デッドレターキューにイベントがあります',
    );
    // The digest function records DigestSent = 0 when an invocation ends without sending (see functions/digest/lambda.ts).
    const notSent = new cloudwatch.Alarm(this, 'DigestNotSent', {
      metric: new cloudwatch.Metric({ namespace: 'Shinchoku', metricName: 'DigestSent', dimensionsMap: { Stage: props.stage }, statistic: 'Minimum', period: Duration.hours(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: '年次ダイジェストが送信されませんでした',
    });
    notSent.addAlarmAction(notify);
  }
}
