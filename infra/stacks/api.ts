import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { MEMORY_MB } from '../constructs/memory.ts';
import type { StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ARCHIVE_PREFIX } from '../../functions/publication/files.ts';
import { SHEETS_ROUTES } from '../../functions/sheets/gateway-routes.ts';
import { EXPORTS_PREFIX } from '../../functions/sheets/s3-large-files.ts';
import { GSI1 } from '../../functions/store/table.ts';
import { ATTACHMENTS_PREFIX } from '../../functions/http/s3-attachment-files.ts';
import { handlerFunction } from '../constructs/function.ts';
import { acknowledge } from '../constructs/nag.ts';

/**
 * What the API does to the table (functions/store/dynamo-store.ts): GetItem, BatchGetItem (the reports an
 * import's rows or one department's sheet name), Query, and conditional PutItem inside TransactWriteItems (a report with its revision; IAM authorizes each item of a
 * transaction by its own action, there is no TransactWriteItems action). No Scan, no updates, no deletes.
 */
export const API_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'] as const;
/** On the index GSI1 (a KPI's series): Query only. */
export const API_INDEX_ACTIONS = ['dynamodb:Query'] as const;
/**
 * The publication's objects: written and withdrawn by the API function under open-data/ (served), and
 * each snapshot kept under publication-archive/ (not served); nothing else in the bucket.
 */
export const PUBLICATION_PREFIXES = ['open-data/', ARCHIVE_PREFIX] as const;

export interface ApiStackProps extends StackProps {
  /** 課内確認 on or off (settings.headConfirmation): the API and the sheets function read HEAD_CONFIRMATION. */
  headConfirmation: 'on' | 'off';
  /** The HTTP API created by WebStack (CloudFront's /api/* origin). */
  httpApi: apigwv2.IHttpApi;
  table: dynamodb.ITableV2;
  userPool: cognito.IUserPool;
  client: cognito.IUserPoolClient;
  /** HQ's digest preview and "send now" invoke the digest function. */
  digest: lambda.IFunction;
  /** Named exports of WebStack's publication bucket, where publication (公表) writes open-data/*, and of its distribution. */
  publicationExports: { bucketArn: string; bucketName: string; distributionId: string };
  /** Named exports of WebStack's exports bucket, where the sheets function puts exports too large to answer inline. */
  exportsBucketExports: { bucketArn: string; bucketName: string };
  /** Named exports of WebStack's attachments bucket (根拠資料), where the API presigns uploads and downloads. */
  attachmentsBucketExports: { bucketArn: string; bucketName: string };
  /** The spreadsheet and Word report function's entry, from the project root (default functions/sheets/lambda.ts). */
  sheetsEntry?: string;
  origin: string;
  rateLimit: number;
  burstLimit: number;
  logRetentionDays: number;
}

/**
 * The API: one Hono function behind the HTTP API, ANY /api/{proxy+} behind a Cognito JWT authorizer
 * (issuer = the user pool, audience = the web client: the ID token's aud), the health check and the
 * OpenAPI document public, throttled on the $default stage, with access logs.
 */
export class ApiStack extends Stack {
  readonly handler: lambda.IFunction;
  /** Spreadsheet import/export and the Word report (1 GB: a workbook is unpacked in memory). */
  readonly sheets: lambda.IFunction;
  readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    // Routes bind their integration and authorizer inside the API construct they get: an imported
    // handle keeps those in this stack instead of WebStack's (which would make the stacks a cycle).
    const httpApi = apigwv2.HttpApi.fromHttpApiAttributes(this, 'HttpApi', { httpApiId: props.httpApi.apiId });
    const fn = handlerFunction(this, 'Handler', {
      entry: 'functions/api/lambda.ts',
      description: 'Shinchoku: HTTP API (Hono)',
      logRetentionDays: props.logRetentionDays,
      // Users wait for its cold start: it maps the stacks it logs when it logs them (functions/logging/stack.ts).
      sourceMapsAtStartup: false,
      environment: {
        TABLE_NAME: props.table.tableName,
        USER_POOL_ID: props.userPool.userPoolId,
        WEB_APP_URL: props.origin,
        DIGEST_FUNCTION_NAME: props.digest.functionName,
        HEAD_CONFIRMATION: props.headConfirmation,
        PUBLICATION_BUCKET: Fn.importValue(props.publicationExports.bucketName),
        PUBLICATION_DISTRIBUTION_ID: Fn.importValue(props.publicationExports.distributionId),
        ATTACHMENTS_BUCKET: Fn.importValue(props.attachmentsBucketExports.bucketName),
      },
    });
    const tableAccess = (target: lambda.Function) => {
      target.addToRolePolicy(new iam.PolicyStatement({ actions: [...API_TABLE_ACTIONS], resources: [props.table.tableArn] }));
      target.addToRolePolicy(new iam.PolicyStatement({ actions: [...API_INDEX_ACTIONS], resources: [`${props.table.tableArn}/index/${GSI1}`] }));
    };
    tableAccess(fn);
    // Publishing writes the snapshot's files; withdrawing deletes them. Under its two prefixes only.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: PUBLICATION_PREFIXES.map((prefix) => `${Fn.importValue(props.publicationExports.bucketArn)}/${prefix}*`),
      }),
    );
    // 根拠資料: a presigned PUT or GET carries the signer's permissions; complete reads, copies and deletes.
    // Under attachments/ only, and no listing: the table says which files exist.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: [`${Fn.importValue(props.attachmentsBucketExports.bucketArn)}/${ATTACHMENTS_PREFIX}*`],
      }),
    );
    acknowledge(fn.role!, [
      {
        id: `AwsSolutions-IAM5[Resource::${props.attachmentsBucketExports.bucketArn}/${ATTACHMENTS_PREFIX}*]`,
        reason:
          'Each 根拠資料 is an object under attachments/<random UUID> (and attachments/pending/ until checked), a key made per file: the grant is on the prefix.',
      },
    ]);
    // Then drops CloudFront's cached copies of what changed, on the one distribution that serves them.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['cloudfront:CreateInvalidation'],
        resources: [`arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${Fn.importValue(props.publicationExports.distributionId)}`],
      }),
    );
    // On the role (a sibling of the function, see handlerFunction), where the policy is.
    acknowledge(
      fn.role!,
      PUBLICATION_PREFIXES.map((prefix) => ({
        id: `AwsSolutions-IAM5[Resource::${props.publicationExports.bucketArn}/${prefix}*]`,
        reason:
          'Publication writes one object per year and format under open-data/ (index.json, <fy>/progress.csv …) and keeps each snapshot under publication-archive/: the key names are data, so the grant is on the prefix.',
      })),
    );

    const sheets = handlerFunction(this, 'Sheets', {
      entry: props.sheetsEntry ?? 'functions/sheets/lambda.ts',
      description: 'Shinchoku: spreadsheets in and out, the year report (.docx)',
      logRetentionDays: props.logRetentionDays,
      memorySize: MEMORY_MB.sheets,
      environment: {
        TABLE_NAME: props.table.tableName,
        WEB_APP_URL: props.origin,
        HEAD_CONFIRMATION: props.headConfirmation,
        EXPORTS_BUCKET: Fn.importValue(props.exportsBucketExports.bucketName),
      },
    });
    tableAccess(sheets);
    // A large export is put under exports/ and downloaded through a presigned GET, which carries the
    // signer's permissions: write and read there, nothing else (no list, no delete: the lifecycle rule deletes).
    sheets.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [`${Fn.importValue(props.exportsBucketExports.bucketArn)}/${EXPORTS_PREFIX}*`],
      }),
    );
    acknowledge(sheets.role!, [
      {
        id: `AwsSolutions-IAM5[Resource::${props.exportsBucketExports.bucketArn}/${EXPORTS_PREFIX}*]`,
        reason:
          'Each large export is a new object under exports/<random UUID>/, a key made per request: the grant is on the prefix, for PutObject and GetObject only.',
      },
    ]);
    this.sheets = sheets;
    // The unqualified digest function only (no versions or aliases).
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.digest.functionArn] }));
    // A department HQ adds for a 関係各課 measure gets its dept-/head- groups (functions/departments/directory.ts).
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['cognito-idp:CreateGroup'], resources: [props.userPool.userPoolArn] }));
    this.handler = fn;

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('Lambda', fn, { timeout: Duration.seconds(29) });
    const authorizer = new HttpJwtAuthorizer('Cognito', `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`, {
      authorizerName: 'cognito',
      jwtAudience: [props.client.userPoolClientId],
    });
    const route = (name: string, path: string, method: apigwv2.HttpMethod, authorized: boolean) =>
      new apigwv2.HttpRoute(this, name, {
        httpApi,
        routeKey: apigwv2.HttpRouteKey.with(path, method),
        integration,
        ...(authorized ? { authorizer } : {}),
      });
    route('ProxyRoute', '/api/{proxy+}', apigwv2.HttpMethod.ANY, true);
    const sheetsIntegration = new HttpLambdaIntegration('SheetsLambda', sheets, { timeout: Duration.seconds(29) });
    // The local server sends the same requests to the same app (functions/sheets/gateway-routes.ts).
    // A route's id is its last path segment, as deployed routes were named; a later route whose last segment is
    // taken (the plan's export.xlsx after the year's) is named by its whole path, so no deployed route is replaced.
    const routeIds = new Set<string>();
    for (const [method, path] of SHEETS_ROUTES) {
      const short = `Sheets${method}${path.split('/').pop()!.replace(/\W/g, '')}`;
      const id = routeIds.has(short) ? `Sheets${method}${path.replace(/\W/g, '')}` : short;
      routeIds.add(id);
      new apigwv2.HttpRoute(this, id, {
        httpApi,
        routeKey: apigwv2.HttpRouteKey.with(path, apigwv2.HttpMethod[method]),
        integration: sheetsIntegration,
        authorizer,
      });
    }
    for (const [name, path] of [
      ['HealthRoute', '/api/health'],
      ['OpenApiRoute', '/api/openapi.json'],
    ] as const) {
      acknowledge(route(name, path, apigwv2.HttpMethod.GET, false), [
        { id: 'AwsSolutions-APIG4', reason: 'The health check and the OpenAPI document are public by design and carry no data.' },
      ]);
    }

    new CfnOutput(this, 'ApiUrl', { value: props.origin, description: 'What the web app calls (config.json apiUrl): /api/* on the site origin' });
    new CfnOutput(this, 'ExecuteApiUrl', { value: props.httpApi.apiEndpoint, description: 'Direct API URL (the web app uses /api on its own origin)' });
  }
}
