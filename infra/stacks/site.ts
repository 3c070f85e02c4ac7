import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { acknowledge } from '../constructs/nag.ts';
import type { Construct } from 'constructs';

/** The built web app and, next to it, the config.json that tells it where the API and sign-in are. */
export class SiteStack extends Stack {
  constructor(
    scope: Construct,
    id: string,
    props: StackProps & {
      bucket: s3.IBucket;
      distribution: cloudfront.IDistribution;
      sitePath: string;
      config: { apiUrl: string; userPoolId: string; clientId: string; cognitoDomain: string; region: string; origin: string };
    },
  ) {
    super(scope, id, props);
    const sitePath = resolve(props.sitePath);
    if (!existsSync(resolve(sitePath, 'index.html'))) {
      throw new Error(`Web アプリのビルドがありません（${sitePath}）。先に npm run build:web を実行してください`);
    }
    new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: props.bucket,
      distribution: props.distribution,
      distributionPaths: ['/*'],
      sources: [s3deploy.Source.asset(sitePath), s3deploy.Source.jsonData('config.json', { mode: 'cognito', ...props.config })],
      memoryLimit: 512,
    });
    // The deployment's own Lambda is created by aws-cdk-lib; these findings are about it alone.
    acknowledge(this, [
      { id: 'AwsSolutions-IAM4', reason: 'CDK BucketDeployment custom resource uses the AWS-managed basic execution role.' },
      { id: 'AwsSolutions-IAM5', reason: 'CDK BucketDeployment copies objects: it needs object-level wildcards on its asset and site buckets.' },
      { id: 'AwsSolutions-L1', reason: 'The BucketDeployment custom resource runtime is chosen by aws-cdk-lib.' },
    ]);
  }
}
