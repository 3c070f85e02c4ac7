import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { acknowledge } from '../constructs/nag.ts';
import type { Construct } from 'constructs';
import { GSI1 } from '../../functions/store/table.ts';
import { handlerFunction } from '../constructs/function.ts';

/** The table actions the API's store uses: reads by key and Query, conditional writes in transactions. No Scan. */
export const API_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
];

export class ApiStack extends Stack {
  readonly api: apigwv2.HttpApi;
  readonly handler: lambda.IFunction;
  readonly url: string;

  constructor(
    scope: Construct,
    id: string,
    props: StackProps & {
      table: dynamodb.ITableV2;
      userPool: cognito.IUserPool;
      client: cognito.IUserPoolClient;
      digest: lambda.IFunction;
      origin: string;
      rateLimit: number;
      burstLimit: number;
      logRetentionDays: number;
    },
  ) {
    super(scope, id, props);
    const fn = handlerFunction(this, 'Handler', {
      entry: 'functions/api/lambda.ts',
      logRetentionDays: props.logRetentionDays,
      environment: {
        TABLE_NAME: props.table.tableName,
        USER_POOL_ID: props.userPool.userPoolId,
        USER_POOL_CLIENT_ID: props.client.userPoolClientId,
        WEB_APP_URL: props.origin,
        DIGEST_FUNCTION_NAME: props.digest.functionName,
      },
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: API_TABLE_ACTIONS, resources: [props.table.tableArn, `${props.table.tableArn}/index/${GSI1}`] }),
    );
    // HQ's "send now" and preview call the digest function itself, not its versions.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.digest.functionArn] }));
    this.handler = fn;

    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.origin],
        allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.PUT, apigwv2.CorsHttpMethod.POST, apigwv2.CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'if-match'],
        exposeHeaders: ['etag', 'content-disposition'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetentionDays as logs.RetentionDays, removalPolicy: RemovalPolicy.RETAIN });
    new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogs) },
    });

    const integration = new HttpLambdaIntegration('Lambda', fn);
    const authorizer = new HttpJwtAuthorizer('Cognito', `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`, {
      jwtAudience: [props.client.userPoolClientId],
    });
    this.api.addRoutes({ path: '/api/{proxy+}', methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.PUT, apigwv2.HttpMethod.POST], integration, authorizer });
    const publicRoutes = this.api.addRoutes({ path: '/api/health', methods: [apigwv2.HttpMethod.GET], integration });
    publicRoutes.push(...this.api.addRoutes({ path: '/api/openapi.json', methods: [apigwv2.HttpMethod.GET], integration }));
    for (const route of publicRoutes) {
      acknowledge(route, [
        { id: 'AwsSolutions-APIG4', reason: 'Health check and the OpenAPI document are public by design and carry no data.' },
      ]);
    }

    this.url = this.api.apiEndpoint;
    new CfnOutput(this, 'ApiUrl', { value: this.url });
  }
}
