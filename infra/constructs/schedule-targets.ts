import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { ScheduleTargetBase } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';

/**
 * Invokes one function. Unlike aws-scheduler-targets' LambdaInvoke, whose grantInvoke also allows
 * every version and alias (<arn>:*), the role may invoke the unqualified function and nothing else.
 */
export class InvokeFunction extends ScheduleTargetBase {
  constructor(
    private readonly fn: lambda.IFunction,
    props: ScheduleTargetBaseProps,
  ) {
    super(props, fn.functionArn);
  }

  protected addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn] }));
  }
}

/**
 * Puts one data point into a custom CloudWatch metric through the scheduler's universal target
 * (aws-sdk:cloudwatch:putMetricData). PutMetricData has no resource-level permissions; the role is
 * limited to the one namespace by the cloudwatch:namespace condition key.
 */
export class PutMetricData extends ScheduleTargetBase {
  constructor(
    private readonly namespace: string,
    props: ScheduleTargetBaseProps,
  ) {
    super(props, `arn:${Aws.PARTITION}:scheduler:::aws-sdk:cloudwatch:putMetricData`);
  }

  protected addTargetActionToRole(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': this.namespace } },
      }),
    );
  }
}
