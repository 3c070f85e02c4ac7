import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { API_TABLE_ACTIONS } from '../../infra/stacks/api.ts';
import { seedCatalogue } from '../../functions/domain/catalogue/seed.ts';

const context = {
  stage: 'test',
  hqRecipients: 'sogo-seisaku@city.higashine.example,kikaku@city.higashine.example',
  mailFrom: 'shinchoku@city.higashine.example',
  departmentAddress: '{code}@city.higashine.example',
  cognitoDomainPrefix: 'higashine-shinchoku-test',
};

function siteDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'site-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>進捗</title>');
  return dir;
}

let templates: Record<'data' | 'web' | 'auth' | 'digest' | 'api' | 'site' | 'ops', Template>;
let synthError: unknown;

beforeAll(() => {
  const app = new App({ context, outdir: mkdtempSync(join(tmpdir(), 'cdk-out-')) });
  const stacks = buildApp(app, { sitePath: siteDir() });
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  templates = {
    data: Template.fromStack(stacks.data),
    web: Template.fromStack(stacks.web),
    auth: Template.fromStack(stacks.auth),
    digest: Template.fromStack(stacks.digest),
    api: Template.fromStack(stacks.api),
    site: Template.fromStack(stacks.site),
    ops: Template.fromStack(stacks.ops),
  };
}, 120_000);

/** Every IAM statement in a template, with actions as arrays. */
function statements(template: Template) {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).map((s) => ({
      actions: ([] as string[]).concat(s.Action),
      resource: JSON.stringify(s.Resource),
    })),
  );
}

describe('the CDK app', () => {
  it('synthesizes offline with no unacknowledged cdk-nag AwsSolutions finding', () => {
    expect(synthError).toBeUndefined();
  });

  it('fails synthesis when cdk-nag finds something nobody acknowledged', () => {
    const app = new App({ context, outdir: mkdtempSync(join(tmpdir(), 'cdk-out-')) });
    buildApp(app, { sitePath: siteDir() });
    new s3.Bucket(new Stack(app, 'Careless'), 'PublicishBucket');
    expect(() => app.synth()).toThrow();
  });

  it('keeps the table on demand, recoverable, protected, retained and encrypted, with the store’s keys', () => {
    templates.data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'GSI1' })],
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });

  it('has a user pool without self sign-up, MFA required, and a group for HQ, viewers and every department', () => {
    templates.auth.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
    const groups = Object.values(templates.auth.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    const departments = seedCatalogue().departments.map((d) => `dept-${d.code}`);
    expect(groups.sort()).toEqual(['hq', 'viewer', ...departments].sort());
    templates.auth.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [Match.anyValue()],
    });
    templates.auth.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('runs the API on Node.js 22, arm64, behind a Cognito JWT authorizer, throttled, CORS for the site only', () => {
    templates.api.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue(), USER_POOL_ID: Match.anyValue(), USER_POOL_CLIENT_ID: Match.anyValue() }) },
    });
    templates.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', JwtConfiguration: Match.objectLike({ Audience: [Match.anyValue()] }) });
    templates.api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /api/{proxy+}', AuthorizationType: 'JWT' });
    templates.api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /api/health', AuthorizationType: 'NONE' });
    templates.api.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [Match.anyValue()], AllowHeaders: Match.arrayWith(['if-match']) }),
    });
    templates.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('grants only the table actions the store uses, on the table and its index, and never a data wildcard', () => {
    const all = [...statements(templates.api), ...statements(templates.digest)];
    const dynamo = all.filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const statement of dynamo) {
      expect(statement.actions.every((a) => API_TABLE_ACTIONS.includes(a))).toBe(true);
      expect(statement.resource).toMatch(/Table/);
      expect(statement.resource).not.toBe('"*"');
    }
    expect(all.flatMap((s) => s.actions).filter((a) => /^(dynamodb|s3|ses):\*$|^\*$/.test(a) || a === 'dynamodb:Scan')).toEqual([]);
    const ses = statements(templates.digest).filter((s) => s.actions.includes('ses:SendEmail'));
    expect(ses).toHaveLength(2);
    for (const statement of ses) expect(statement.resource).toMatch(/identity\/.*configuration-set\//s);
  });

  it('serves the site from a private bucket through CloudFront with OAC, HTTPS only and security headers', () => {
    templates.web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    templates.web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    templates.web.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }) }),
    });
    templates.web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ Override: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'") }),
        }),
      }),
    });
    templates.site.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'] });
  });

  it('schedules the digest yearly in Asia/Tokyo on 1 June 09:00, and the reminders, with retries and a dead-letter queue', () => {
    templates.digest.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 1 6 ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 }, DeadLetterConfig: { Arn: Match.anyValue() } }),
    });
    templates.digest.resourceCountIs('AWS::Scheduler::Schedule', 2);
    templates.digest.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    templates.digest.resourceCountIs('AWS::SES::EmailIdentity', 1);
    templates.digest.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    templates.digest.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ HQ_RECIPIENTS: 'sogo-seisaku@city.higashine.example,kikaku@city.higashine.example' }) },
    });
  });

  it('pages ops through an encrypted topic on API 5xx, function errors, dead letters and a digest not sent', () => {
    templates.ops.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const alarms = Object.keys(templates.ops.findResources('AWS::CloudWatch::Alarm'));
    for (const name of ['Api5xx', 'ApiErrors', 'DigestErrors', 'ReminderErrors', 'DeadLetters', 'DigestNotSent']) {
      expect(alarms.some((id) => id.startsWith(name))).toBe(true);
    }
    templates.ops.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DigestSent', Namespace: 'Shinchoku', AlarmActions: [Match.anyValue()] });
  });

  it('keeps log retention on every function', () => {
    for (const template of [templates.api, templates.digest]) {
      const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
      expect(groups.length).toBeGreaterThan(0);
      for (const group of groups) expect(group.Properties.RetentionInDays).toBe(365);
    }
  });

  it('refuses settings it cannot use, naming the setting', () => {
    const app = new App({ context: { ...context, mailFrom: 'not-an-address', cognitoDomainPrefix: 'X' } });
    expect(() => buildApp(app, { sitePath: siteDir() })).toThrow(/mailFrom: メールアドレスの形式ではありません[\s\S]*cognitoDomainPrefix/);
  });
});
