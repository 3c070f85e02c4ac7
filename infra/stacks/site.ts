import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Annotations, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { CACHE_CONTROL, HASHED_ASSETS_PREFIX } from '../../functions/security-headers.ts';
import { acknowledge } from '../constructs/nag.ts';

/** Vite's assetsDir as an S3 key prefix (assets/). */
const HASHED_ASSETS_DIR = HASHED_ASSETS_PREFIX.slice(1);

/** What the web app reads from /config.json (web/src/session.ts) to find the API and sign-in. */
export interface WebAppConfig {
  mode: 'cognito';
  /** Base of the API calls: the site's own origin, CloudFront sends /api/* to the HTTP API. */
  apiUrl: string;
  /** The site's origin, the Cognito callback and logout URL (with a trailing slash). */
  origin: string;
  userPoolId: string;
  clientId: string;
  /** https://<prefix>.auth.<region>.amazoncognito.com */
  cognitoDomain: string;
  region: string;
  /** HQ's yearly 提出期限, MM-DD (settings `deadline`): the home page counts down to it (functions/domain/calendar). */
  deadline: string;
  /** 課内確認 on (settings `headConfirmation`), as the API and the sheets function have it. */
  headConfirmation: boolean;
}

export interface SiteStackProps extends StackProps {
  /** Named exports of WebStack's site bucket. */
  bucketExports: { bucketArn: string; bucketName: string };
  distribution: cloudfront.IDistribution;
  /** The built web app (web/dist); must contain index.html. */
  sitePath: string;
  config: WebAppConfig;
  logRetentionDays: number;
}

/**
 * The web app's files and, next to them, config.json. A stack of its own because config.json names
 * the user pool and client (AuthStack), which in turn need the site's origin (WebStack).
 */
export class SiteStack extends Stack {
  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    const sitePath = resolve(props.sitePath);
    const built = existsSync(resolve(sitePath, 'index.html'));
    if (!built) {
      // Still synthesizes (CI, infra tests), but a deploy would publish config.json alone: say so.
      Annotations.of(this).addWarningV2(
        'shinchoku:web-app-not-built',
        `No web app build at ${sitePath} (no index.html): only config.json is deployed and existing files are kept. Run npm run build:web (or pass -c sitePath=<dir>) before cdk deploy.`,
      );
    }
    const bucket = s3.Bucket.fromBucketAttributes(this, 'SiteBucket', {
      bucketArn: Fn.importValue(props.bucketExports.bucketArn),
      bucketName: Fn.importValue(props.bucketExports.bucketName),
    });
    const logGroup = new logs.LogGroup(this, 'DeployLogs', { retention: props.logRetentionDays as logs.RetentionDays, removalPolicy: RemovalPolicy.RETAIN });
    // Hashed assets first, kept forever under their names (Cache-Control immutable) and never pruned,
    // so a page loaded before this deploy still finds the assets it asks for. Versioning and the
    // bucket's lifecycle rule keep the rest recoverable.
    const assets = built
      ? new s3deploy.BucketDeployment(this, 'DeployAssets', {
          destinationBucket: bucket,
          sources: [s3deploy.Source.asset(sitePath)],
          include: [`${HASHED_ASSETS_DIR}*`],
          exclude: ['*'],
          cacheControl: [s3deploy.CacheControl.fromString(CACHE_CONTROL.hashedAsset)],
          prune: false,
          memoryLimit: 512,
          logGroup,
        })
      : undefined;
    // Then the entry points (index.html, public/index.html, digest-preview.html …) and config.json,
    // revalidated on every load (no-cache), and CloudFront's copies invalidated.
    const entryPoints = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: bucket,
      sources: [...(built ? [s3deploy.Source.asset(sitePath)] : []), s3deploy.Source.jsonData('config.json', props.config)],
      exclude: [`${HASHED_ASSETS_DIR}*`],
      cacheControl: [s3deploy.CacheControl.fromString(CACHE_CONTROL.entryPoint)],
      prune: false,
      distribution: props.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      logGroup,
    });
    if (assets) entryPoints.node.addDependency(assets);
    // Resource ids as cdk-nag spells them: pseudo parameters in <>, but partition, account and region
    // are literals when the stack's env names them (enablePartitionLiterals).
    const literal = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const assetsBucket = `arn:${literal(this.partition, 'Partition')}:s3:::cdk-hnb659fds-assets-${literal(this.account, 'AccountId')}-${literal(this.region, 'Region')}`;
    const siteBucket = props.bucketExports.bucketArn;
    // The deployment's Lambda function and its role are made by aws-cdk-lib, a singleton at the top
    // of this stack: the acknowledgments cover that function and nothing else.
    const handler = this.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('BucketDeployment handler not found: aws-cdk-lib changed how it names it');
    acknowledge(handler, [
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'aws-cdk-lib’s BucketDeployment handler role: the managed basic execution role only lets it write its own logs.',
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'aws-cdk-lib’s BucketDeployment copies the asset into the site bucket (it grants the delete and abort groups whether or not it prunes): it needs these S3 action groups.',
      })),
      {
        id: `AwsSolutions-IAM5[Resource::${assetsBucket}/*]`,
        reason: 'BucketDeployment reads the web app’s asset zip from the CDK bootstrap assets bucket, whose object keys are content hashes.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${siteBucket}/*]`,
        reason: 'BucketDeployment writes every object of the site bucket (the whole bucket is the web app).',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'BucketDeployment invalidates the distribution after an upload; aws-cdk-lib grants cloudfront:CreateInvalidation and GetInvalidation without a resource.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'The BucketDeployment handler’s runtime (Python, with the AWS CLI layer) is chosen by aws-cdk-lib, not by this project.',
      },
    ]);
  }
}
