/**
 * The CDK app as `cdk synth` builds it (cdk.json's context and feature flags, a few test values on
 * top), synthesized once, offline: each function is bundled with the local esbuild
 * (infra/constructs/bundle.ts), the web app is a temporary directory with an index.html. Assertions read the synthesized templates.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { MEMORY_MB } from '../../infra/constructs/memory.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GSI1, KEY_ATTRIBUTES, tableDefinition } from '../../functions/store/table.ts';
import { buildApp } from '../../infra/app.ts';
import { lambdaRuntimes } from './lambda-runtimes.ts';
import { readPlanSeeds } from '../../infra/plan-data.ts';
import { EXPORTS_PREFIX, S3LargeFiles } from '../../functions/sheets/s3-large-files.ts';
import { ATTACHMENTS_PENDING_PREFIX, ATTACHMENTS_PREFIX, S3AttachmentFiles } from '../../functions/http/s3-attachment-files.ts';
import { API_CSP, cacheControlFor, DIGEST_PREVIEW_CSP, PERMISSIONS_POLICY, serializeCsp, siteCsp } from '../../functions/security-headers.ts';

const root = resolve(import.meta.dirname, '../..');
const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
const context = {
  ...cdkJson.context,
  stage: 'test',
  hqRecipients: 'sogo-seisaku@city.higashine.example, kikaku@city.higashine.example',
  cognitoDomainPrefix: 'higashine-shinchoku-test',
};
const REGION = 'ap-northeast-1';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
/** The sheets function's real entry once that branch is merged; until then a stand-in fixture. */
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Concern = 'data' | 'web' | 'auth' | 'digest' | 'api' | 'site' | 'ops';
let app: App;
let stacks: ReturnType<typeof buildApp>;
let templates: Record<Concern, Template>;
let outdir: string;
let siteDir: string;
let synthError: unknown;

beforeAll(() => {
  siteDir = mkdtempSync(join(tmpdir(), 'shinchoku-site-'));
  writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>進捗</title>');
  outdir = mkdtempSync(join(tmpdir(), 'shinchoku-cdk-'));
  app = new App({ context, outdir });
  stacks = buildApp(app, { sitePath: siteDir });
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  const concerns: Concern[] = ['data', 'web', 'auth', 'digest', 'api', 'site', 'ops'];
  templates = Object.fromEntries(concerns.map((c) => [c, Template.fromStack(stacks[c])])) as Record<Concern, Template>;
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(siteDir, { recursive: true, force: true });
});

// ---- helpers ---------------------------------------------------------------------------------

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** Every IAM policy statement of a stack, keyed by the role it is attached to. */
function statements(template: Template): { role: string; statement: Statement; actions: string[]; resources: unknown[] }[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Statement[]).map((statement) => ({
      role: JSON.stringify(policy.Properties.Roles),
      statement,
      actions: ([] as string[]).concat(statement.Action),
      resources: ([] as unknown[]).concat(statement.Resource),
    })),
  );
}

const allStatements = () => Object.values(templates).flatMap((t) => statements(t));
const importOf = (value: unknown) => JSON.stringify(value).match(/"Fn::ImportValue":"([^"]+)"/)?.[1];

function functionsOf(template: Template) {
  return Object.entries(template.findResources('AWS::Lambda::Function'));
}

/** The one function of a template whose Handler is the given one. */
function functionWithHandler(template: Template, handler: string) {
  // The API stack's two functions share index.handler: the API's is the one that is not the sheets function (MEMORY_MB.sheets).
  const found = functionsOf(template).filter(([, fn]) => fn.Properties.Handler === handler && fn.Properties.MemorySize !== MEMORY_MB.sheets);
  expect(found).toHaveLength(1);
  return found[0]![1];
}

function acknowledgments(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason: typeof reason === 'string' ? reason : JSON.stringify(reason),
        })),
      ),
  );
}

/** The default seeds folder's departments, as `cdk synth` without -c planSeeds reads them. */
function planDepartmentCodes(): string[] {
  return readPlanSeeds(join(root, 'seeds/plans')).departments.map((d) => d.code);
}

// ---- the app as a whole ----------------------------------------------------------------------

describe('the CDK app', () => {
  it('synthesizes offline into seven stacks named by stage, in one region', () => {
    expect(synthError).toBeUndefined();
    const names = app.node.children.filter((c): c is Stack => c instanceof Stack).map((s) => s.stackName);
    expect(names).toEqual(['Data', 'Web', 'Auth', 'Digest', 'Api', 'Site', 'Ops'].map((c) => `Shinchoku-test-${c}`));
    for (const stack of Object.values(stacks).filter((s): s is Stack => s instanceof Stack)) expect(stack.region).toBe(REGION);
  });

  it('has no cdk-nag AwsSolutions finding that is not acknowledged', { timeout: 120_000 }, () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
    // cdk-nag 3 reports through CDK's validation, not annotations; nothing of it may linger there either.
    for (const stack of app.node.children.filter((c): c is Stack => c instanceof Stack)) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
      expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions'))).toEqual([]);
    }
  });

  it('acknowledges only these cdk-nag rules, each with a reason', () => {
    // (aws-cdk-lib acknowledges a cfn-lint deprecation of its own on the log bucket: not ours.)
    const acks = acknowledgments(app).filter((a) => a.id.startsWith('AwsSolutions-'));
    for (const ack of acks) expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(40);
    const byRule = [...new Set(acks.map((a) => `${a.path.split('/')[0]}: ${a.id}`))].sort();
    expect(byRule).toEqual(
      [
        'Shinchoku-test-Api: AwsSolutions-APIG4',
        'Shinchoku-test-Api: AwsSolutions-IAM5[Resource::Shinchoku-test-AttachmentsBucketArn/attachments/*]',
        'Shinchoku-test-Api: AwsSolutions-IAM5[Resource::Shinchoku-test-ExportsBucketArn/exports/*]',
        'Shinchoku-test-Api: AwsSolutions-IAM5[Resource::Shinchoku-test-PublicationBucketArn/open-data/*]',
        'Shinchoku-test-Api: AwsSolutions-IAM5[Resource::Shinchoku-test-PublicationBucketArn/publication-archive/*]',
        'Shinchoku-test-Auth: AwsSolutions-COG3',
        'Shinchoku-test-Auth: AwsSolutions-COG8',
        'Shinchoku-test-Digest: AwsSolutions-IAM5[Resource::*]',
        'Shinchoku-test-Digest: AwsSolutions-SQS3',
        'Shinchoku-test-Site: AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'Shinchoku-test-Site: AwsSolutions-IAM5[Action::s3:Abort*]',
        'Shinchoku-test-Site: AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'Shinchoku-test-Site: AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'Shinchoku-test-Site: AwsSolutions-IAM5[Action::s3:GetObject*]',
        'Shinchoku-test-Site: AwsSolutions-IAM5[Action::s3:List*]',
        'Shinchoku-test-Site: AwsSolutions-IAM5[Resource::*]',
        'Shinchoku-test-Site: AwsSolutions-IAM5[Resource::Shinchoku-test-SiteBucketArn/*]',
        'Shinchoku-test-Site: AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-ap-northeast-1/*]',
        'Shinchoku-test-Site: AwsSolutions-L1',
        'Shinchoku-test-Web: AwsSolutions-CFR1',
        'Shinchoku-test-Web: AwsSolutions-CFR2',
        'Shinchoku-test-Web: AwsSolutions-CFR4',
        'Shinchoku-test-Web: AwsSolutions-S1',
      ].sort(),
    );
    // The wildcard acknowledgment in Digest is on the metric-writing scheduler role alone.
    expect(acks.filter((a) => a.id === 'AwsSolutions-IAM5[Resource::*]' && a.path.startsWith('Shinchoku-test-Digest')).map((a) => a.path)).toEqual([
      'Shinchoku-test-Digest/DigestDeadlineSchedulerRole',
    ]);
  });

  it('fails synthesis when cdk-nag finds something nobody acknowledged', () => {
    const careless = new App({ context, outdir: mkdtempSync(join(tmpdir(), 'shinchoku-cdk-')) });
    try {
      buildApp(careless, { sitePath: siteDir });
      new s3.Bucket(new Stack(careless, 'Careless', { env: { region: REGION } }), 'Bucket');
      expect(() => careless.synth()).toThrow(/AwsSolutions-S1'[\s\S]*AwsSolutions-S10'/);
    } finally {
      rmSync(careless.outdir, { recursive: true, force: true });
    }
  }, 60_000);
});

// ---- data --------------------------------------------------------------------------------------

describe('Lambda runtimes', () => {
  it('runs every function on Node.js 24, aws-cdk-lib’s custom-resource providers included; only BucketDeployment’s handler is Python', () => {
    const all = Object.entries(templates).flatMap(([concern, template]) => lambdaRuntimes(template).map((fn) => ({ concern, ...fn })));
    expect(
      all
        .filter((fn) => fn.runtime === 'nodejs24.x')
        .map((fn) => fn.concern)
        .sort(),
    ).toEqual(['api', 'api', 'digest', 'digest', 'digest', 'digest']);
    // BucketDeployment's handler is a Python script around the AWS CLI layer: aws-cdk-lib has no Node.js
    // one, and it picks the Python version (the acknowledged AwsSolutions-L1 in SiteStack).
    expect(all.filter((fn) => fn.runtime !== 'nodejs24.x')).toEqual([
      {
        concern: 'site',
        id: expect.stringMatching(/^CustomCDKBucketDeployment/),
        runtime: expect.stringMatching(/^python3\.\d+$/),
        serves: ['Custom::CDKBucketDeployment', 'Custom::CDKBucketDeployment'],
      },
    ]);
  });
});

describe('DataStack', () => {
  it('keeps one on-demand table with point-in-time recovery, deletion protection, retention and encryption', () => {
    templates.data.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    templates.data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          Match.objectLike({
            Region: REGION,
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      }),
    });
  });

  it('has exactly the keys and index of functions/store/table.ts (the local table)', () => {
    const table = Object.values(templates.data.findResources('AWS::DynamoDB::GlobalTable'))[0]!.Properties;
    const local = tableDefinition('local');
    expect(table.KeySchema).toEqual(local.KeySchema);
    expect(
      [...table.AttributeDefinitions].sort((a: { AttributeName: string }, b: { AttributeName: string }) => a.AttributeName.localeCompare(b.AttributeName)),
    ).toEqual([...local.AttributeDefinitions!].sort((a, b) => a.AttributeName!.localeCompare(b.AttributeName!)));
    expect(table.GlobalSecondaryIndexes).toEqual(
      local.GlobalSecondaryIndexes!.map((index) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection })),
    );
    expect(table.GlobalSecondaryIndexes[0].IndexName).toBe(GSI1);
    expect(table.KeySchema[0].AttributeName).toBe(KEY_ATTRIBUTES.partition);
  });
});

// ---- sign-in -----------------------------------------------------------------------------------

describe('AuthStack', () => {
  it('has a retained user pool: administrators create users, e-mail sign-in, strong passwords, MFA required', () => {
    templates.auth.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        UsernameAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: false },
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 3,
          },
        },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
        // Threat protection (Plus plan) is off by default: a cost decision, see settings.threatProtection.
        UserPoolTier: 'ESSENTIALS',
      }),
    });
  });

  it('has the groups hq, viewer and dept-<code> for every department of the plan, and no others', () => {
    const groups = Object.values(templates.auth.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName as string);
    const expected = ['hq', 'viewer', ...planDepartmentCodes().map((code) => `dept-${code}`)];
    expect(groups.sort()).toEqual(expected.sort());
    expect(groups).toHaveLength(2 + 13);
  });

  it('signs the web app in through the hosted UI with code + PKCE, no client secret, back to the site', () => {
    templates.auth.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const client = Object.values(templates.auth.findResources('AWS::Cognito::UserPoolClient'))[0]!.Properties;
    expect(client).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    // Callback and logout: https://<the distribution's domain>/ (the site's origin, from WebStack).
    for (const urls of [client.CallbackURLs, client.LogoutURLs]) {
      expect(urls).toHaveLength(1);
      expect(JSON.stringify(urls)).toMatch(
        /^\[\{"Fn::Join":\["",\["https:\/\/",\{"Fn::ImportValue":"Shinchoku-test-Web:ExportsOutputFnGetAttDistribution\w+DomainName\w+"\},"\/"\]\]\}\]$/,
      );
    }
    templates.auth.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'higashine-shinchoku-test' });
  });
});

// ---- API ---------------------------------------------------------------------------------------

describe('ApiStack', () => {
  it('runs the Hono handler on Node.js 24, arm64, with the environment it reads', () => {
    const fn = functionWithHandler(templates.api, 'index.handler').Properties;
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    const env = fn.Environment.Variables;
    expect(importOf(env.TABLE_NAME)).toMatch(/^Shinchoku-test-Data:ExportsOutputRefTable/);
    expect(importOf(env.USER_POOL_ID)).toMatch(/^Shinchoku-test-Auth:ExportsOutputRefUsers[0-9A-F]{8}/);
    // Tokens are checked by the JWT authorizer, not in the function (functions/http/auth/gateway.ts).
    expect(env.USER_POOL_CLIENT_ID).toBeUndefined();
    // No source maps parsed at each cold start: the function maps the stacks it logs (functions/logging/stack.ts).
    expect(env.NODE_OPTIONS).toBeUndefined();
    const sheets = functionsOf(templates.api).find(([, fn]) => fn.Properties.MemorySize === MEMORY_MB.sheets)![1];
    expect(sheets.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    expect(importOf(env.WEB_APP_URL)).toMatch(/^Shinchoku-test-Web:ExportsOutputFnGetAttDistribution\w+DomainName/);
    expect(importOf(env.DIGEST_FUNCTION_NAME)).toMatch(/^Shinchoku-test-Digest:ExportsOutputRefDigest/);
  });

  it('bundles minified ESM for Node.js with require() defined, the DynamoDB SDK inside and the rare clients left to the runtime', () => {
    const fn = functionWithHandler(templates.api, 'index.handler').Properties;
    const assets = JSON.parse(readFileSync(join(outdir, 'Shinchoku-test-Api.assets.json'), 'utf8')) as { files: Record<string, { source: { path: string } }> };
    const dir = join(outdir, assets.files[(fn.Code.S3Key as string).replace(/\.zip$/, '')]!.source.path);
    expect(readdirSync(dir)).toContain('index.mjs');
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);")).toBe(true);
    // Minified: long lines, few of them.
    expect(code.split('\n').length).toBeLessThan(50);
    const chunks = readdirSync(join(dir, 'chunks'))
      .filter((name) => name.endsWith('.mjs'))
      .map((name) => readFileSync(join(dir, 'chunks', name), 'utf8'));
    const all = [code, ...chunks].join('\n');
    // Every request needs DynamoDB: its clients are bundled, not resolved from the runtime's SDK at cold start.
    expect(all).not.toMatch(/from"@aws-sdk\/(client-dynamodb|lib-dynamodb)"/);
    expect(all).toContain('DynamoDBDocumentClient');
    // Publication's S3 client is imported on first use, from the runtime.
    expect(all).toMatch(/import\("@aws-sdk\/client-s3"\)/);
  });

  it('puts ANY /api/{proxy+} behind the Cognito JWT authorizer and leaves only health and the OpenAPI document public', () => {
    templates.api.resourceCountIs('AWS::ApiGatewayV2::Route', 12);
    const authorizer = Object.entries(templates.api.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizer).toHaveLength(1);
    const [authorizerId, { Properties: jwt }] = authorizer[0]!;
    expect(jwt.AuthorizerType).toBe('JWT');
    expect(jwt.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(jwt.JwtConfiguration.Issuer).toEqual({
      'Fn::Join': [
        '',
        [`https://cognito-idp.${REGION}.amazonaws.com/`, { 'Fn::ImportValue': expect.stringMatching(/^Shinchoku-test-Auth:ExportsOutputRefUsers[0-9A-F]{8}/) }],
      ],
    });
    expect(jwt.JwtConfiguration.Audience).toEqual([{ 'Fn::ImportValue': expect.stringMatching(/^Shinchoku-test-Auth:ExportsOutputRefUsersWebApp/) }]);

    templates.api.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'ANY /api/{proxy+}',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizerId },
    });
    templates.api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /api/health', AuthorizationType: 'NONE' });
    templates.api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /api/openapi.json', AuthorizationType: 'NONE' });
    // Spreadsheets and the Word report go to their own function, behind the same authorizer.
    const sheetsFn = functionsOf(templates.api).find(([, fn]) => fn.Properties.MemorySize === MEMORY_MB.sheets)![0];
    const integrations = templates.api.toJSON().Resources;
    for (const key of [
      'GET /api/fiscal-years/{fy}/export.xlsx',
      'GET /api/fiscal-years/{fy}/export.csv',
      'POST /api/fiscal-years/{fy}/import',
      'GET /api/fiscal-years/{fy}/report.docx',
      'POST /api/plans/import/preview',
      'PUT /api/plans/import/mappings/{signature}',
      'GET /api/plans/{id}/export.xlsx',
      'GET /api/plans/import/template.xlsx',
      'POST /api/plans',
    ]) {
      const [route] = Object.values(templates.api.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: key } }));
      expect(route, key).toBeDefined();
      expect(route!.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      const integrationId = (route!.Properties.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
      expect(integrations[integrationId.Ref].Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [sheetsFn, 'Arn'] });
    }
    // All on the HTTP API that CloudFront fronts (WebStack).
    for (const route of Object.values(templates.api.findResources('AWS::ApiGatewayV2::Route'))) {
      expect(importOf(route.Properties.ApiId)).toMatch(/^Shinchoku-test-Web:ExportsOutputRefHttpApi/);
    }
  });

  it('throttles the $default stage and writes access logs with retention', () => {
    templates.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });

  it('has no CORS on the HTTP API without a custom domain: the browser calls /api on the site’s own origin', () => {
    const api = Object.values(templates.web.findResources('AWS::ApiGatewayV2::Api'))[0]!.Properties;
    expect(api.ProtocolType).toBe('HTTP');
    expect(api.CorsConfiguration).toBeUndefined();
  });
});

// ---- permissions -------------------------------------------------------------------------------

describe('IAM', () => {
  const TABLE_ARN = /^\{"Fn::ImportValue":"Shinchoku-test-Data:ExportsOutputFnGetAttTable\w+Arn\w+"\}$/;
  const INDEX_ARN = /^\{"Fn::Join":\["",\[\{"Fn::ImportValue":"Shinchoku-test-Data:ExportsOutputFnGetAttTable\w+Arn\w+"\},"\/index\/GSI1"\]\]\}$/;

  it('never allows *, a service wildcard or a DynamoDB Scan', () => {
    for (const { actions } of allStatements()) {
      for (const action of actions) {
        expect(action).not.toBe('*');
        expect(action).not.toMatch(/^(dynamodb|ses|lambda|sqs|sns|kms|cognito-idp|iam):\*$/);
        // BatchWriteItem would write without conditions (no optimistic concurrency); BatchGetItem only reads by key (design.md).
        if (action.startsWith('dynamodb:')) expect(action).not.toMatch(/\*|Scan|Delete|BatchWrite|PartiQL/);
      }
    }
  });

  it('grants DynamoDB actions only on the table and its GSI1, and only those the code uses', () => {
    const dynamo = allStatements().filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')));
    const roleOf = (template: Template, handler: string) => functionWithHandler(template, handler).Properties.Role['Fn::GetAtt'][0] as string;
    const ofRole = (roleId: string) => dynamo.filter((s) => JSON.parse(s.role)[0].Ref === roleId);
    const api = ofRole(roleOf(templates.api, 'index.handler'));
    const digest = ofRole(roleOf(templates.digest, 'index.handler'));
    const reminder = ofRole(roleOf(templates.digest, 'index.reminderHandler'));
    const notices = ofRole(roleOf(templates.digest, 'index.noticeHandler'));
    const daily = ofRole(roleOf(templates.digest, 'index.dailySubmittedHandler'));
    // The notice pipe reads the table's stream, and nothing of the table itself.
    const pipe = dynamo.filter((s) =>
      s.actions.every((a) => ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'].includes(a)),
    );
    expect(pipe).toHaveLength(1);
    expect(JSON.stringify(pipe[0]!.resources)).toMatch(/^\[\{"Fn::ImportValue":"Shinchoku-test-Data:ExportsOutputFnGetAttTable\w+StreamArn\w+"\}\]$/);
    const sheetsRole = functionsOf(templates.api).find(([, fn]) => fn.Properties.MemorySize === MEMORY_MB.sheets)![1].Properties.Role[
      'Fn::GetAtt'
    ][0] as string;
    const sheets = ofRole(sheetsRole);
    expect(api.length + sheets.length + digest.length + reminder.length + notices.length + daily.length + pipe.length).toBe(dynamo.length);

    const shape = (list: typeof dynamo) =>
      list.map((s) => ({
        actions: [...s.actions].sort(),
        resources: s.resources.map((r) => (TABLE_ARN.test(JSON.stringify(r)) ? 'table' : INDEX_ARN.test(JSON.stringify(r)) ? 'GSI1' : JSON.stringify(r))),
      }));
    expect(shape(api)).toEqual(
      expect.arrayContaining([
        { actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], resources: ['table'] },
        { actions: ['dynamodb:Query'], resources: ['GSI1'] },
      ]),
    );
    expect(api).toHaveLength(2);
    // The sheets function reads and writes reports as the API does: the same grants, no Scan.
    expect(shape(sheets)).toEqual(shape(api));
    // The digest claims, completes and archives; the reminders claim and complete. Neither uses the index.
    expect(shape(digest)).toEqual([{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], resources: ['table'] }]);
    expect(shape(reminder)).toEqual([{ actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], resources: ['table'] }]);
    // The notice mail function finds people and settings and claims each event's mail, like the reminders,
    // and files what reached 提出済 under its day (PutItem); the daily summary reads that day and claims its mail.
    expect(shape(notices)).toEqual([{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], resources: ['table'] }]);
    expect(shape(daily)).toEqual([{ actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], resources: ['table'] }]);
  });

  it('allows ses:SendEmail only to the digest, reminder, notice and daily summary functions, on the sender identity and the configuration set', () => {
    const ses = allStatements().filter((s) => s.actions.some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(4);
    const identity = Object.keys(templates.digest.findResources('AWS::SES::EmailIdentity'))[0]!;
    const configurationSet = Object.keys(templates.digest.findResources('AWS::SES::ConfigurationSet'))[0]!;
    for (const { actions, resources } of ses) {
      expect(actions).toEqual(['ses:SendEmail']);
      expect(resources).toHaveLength(2);
      expect(resources).toEqual(
        expect.arrayContaining([
          { 'Fn::Join': ['', [`arn:aws:ses:${REGION}:`, { Ref: 'AWS::AccountId' }, ':identity/', { Ref: identity }]] },
          { 'Fn::Join': ['', [`arn:aws:ses:${REGION}:`, { Ref: 'AWS::AccountId' }, ':configuration-set/', { Ref: configurationSet }]] },
        ]),
      );
    }
  });

  it('lets each function write only to its own log group, with no managed policy', () => {
    for (const template of [templates.api, templates.digest]) {
      for (const [, fn] of functionsOf(template)) {
        const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
        const role = template.toJSON().Resources[roleId];
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
        const logGroup = fn.Properties.LoggingConfig.LogGroup.Ref as string;
        const logs = statements(template).filter((s) => JSON.parse(s.role)[0].Ref === roleId && s.actions.some((a) => a.startsWith('logs:')));
        expect(logs.map((s) => s.statement)).toEqual([
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] } },
        ]);
      }
    }
  });

  it('invokes functions by their exact ARN, never their versions (<arn>:*)', () => {
    const invoke = allStatements().filter((s) => s.actions.includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(4); // API → digest; the digest, reminder and daily summary schedules
    for (const { resources } of invoke) {
      expect(resources).toHaveLength(1);
      expect(JSON.stringify(resources[0])).not.toContain(':*');
    }
  });
});

// ---- web -------------------------------------------------------------------------------------

describe('WebStack', () => {
  const distribution = () => Object.values(templates.web.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
  const policyIdOf = (id: string) => Object.keys(templates.web.findResources('AWS::CloudFront::ResponseHeadersPolicy')).find((key) => key.startsWith(id))!;
  const headersPolicy = (id: string) => templates.web.toJSON().Resources[policyIdOf(id)].Properties.ResponseHeadersPolicyConfig;
  const behavior = (pattern: string) => distribution().CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === pattern);

  it('keeps the site in a private, encrypted, versioned bucket that refuses plain HTTP', () => {
    const siteId = Object.keys(templates.web.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('Site'))!;
    templates.web.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/' }),
      }),
    });
    const policy = Object.values(templates.web.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === siteId)!;
    const statementsOf = policy.Properties.PolicyDocument.Statement as Statement[];
    expect(statementsOf).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Only CloudFront, for this distribution, may read.
    const allow = statementsOf.filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(JSON.stringify(allow[0]!.Condition)).toMatch(/AWS:SourceArn.*distribution\/.*Distribution/);
  });

  it('reads the bucket through CloudFront with origin access control, HTTPS only', () => {
    templates.web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 2); // site and publication buckets
    templates.web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    const config = distribution();
    const s3Origin = config.Origins.find((o: { Id: string }) => o.Id === config.DefaultCacheBehavior.TargetOriginId);
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] });
    expect(s3Origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(config.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', TargetOriginId: s3Origin.Id });
    expect(config.DefaultRootObject).toBe('index.html');
  });

  it('routes /api/* to the HTTP API uncached, forwarding every viewer header but Host, HTTPS only', () => {
    const config = distribution();
    expect(config.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern).sort()).toEqual(['/api/*', '/digest-preview.html', '/open-data/*']);
    const api = behavior('/api/*');
    expect(api).toMatchObject({
      PathPattern: '/api/*',
      ViewerProtocolPolicy: 'https-only',
      Compress: true,
      ResponseHeadersPolicyId: { Ref: policyIdOf('ApiHeaders') },
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
    });
    const origin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    const apiId = Object.keys(templates.web.findResources('AWS::ApiGatewayV2::Api'))[0]!;
    expect(origin.DomainName).toEqual({ 'Fn::Join': ['', [{ Ref: apiId }, `.execute-api.${REGION}.`, { Ref: 'AWS::URLSuffix' }]] });
    expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('falls back to index.html for client-side routes without touching the API’s 403/404 answers', () => {
    const config = distribution();
    // No distribution-wide error pages: they would also rewrite the API's problem+json 403/404. Only an error
    // caching TTL of 0, so a missing /assets/ file or an API error is never kept by CloudFront.
    expect(config.CustomErrorResponses.length).toBeGreaterThan(0);
    for (const response of config.CustomErrorResponses) expect(response).toEqual({ ErrorCode: expect.any(Number), ErrorCachingMinTTL: 0 });
    expect(config.CustomErrorResponses.map((r: { ErrorCode: number }) => r.ErrorCode)).toEqual(expect.arrayContaining([403, 404]));
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^SpaFallback/), 'FunctionARN'] } },
    ]);
    for (const other of config.CacheBehaviors) expect(other.FunctionAssociations).toBeUndefined();
    const code = Object.values(templates.web.findResources('AWS::CloudFront::Function'))[0]!.Properties.FunctionCode as string;
    const handler = new Function(`${code}\nreturn handler;`)() as (event: { request: { uri: string } }) => { uri: string };
    const uri = (path: string) => handler({ request: { uri: path } }).uri;
    expect(uri('/')).toBe('/index.html');
    expect(uri('/measures/16')).toBe('/index.html');
    expect(uri('/assets/index-CY4ozO-9.js')).toBe('/assets/index-CY4ozO-9.js');
    expect(uri('/config.json')).toBe('/config.json');
    expect(uri('/public/')).toBe('/public/index.html');
    expect(uri('/public/2026/measures/5')).toBe('/public/index.html');
    expect(uri('/public/index.html')).toBe('/public/index.html');
  });

  it('adds security headers: HSTS, a CSP for self + the API + the Cognito domain + the exports bucket, nosniff, DENY framing, referrer policy', () => {
    const policy = headersPolicy('SecurityHeaders');
    const headers = policy.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
    expect(headers.ContentSecurityPolicy.Override).toBe(true);
    const csp = (headers.ContentSecurityPolicy.ContentSecurityPolicy['Fn::Join'][1] as unknown[])
      .map((part) => (typeof part === 'string' ? part : '<token>'))
      .join('');
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'connect-src': `'self' https://<token>.execute-api.${REGION}.<token> https://higashine-shinchoku-test.auth.${REGION}.amazoncognito.com https://shinchoku-test-exports-<token>-${REGION}.s3.${REGION}.<token> https://shinchoku-test-attachments-<token>-${REGION}.s3.${REGION}.<token>`,
      'object-src': "'none'",
      'frame-ancestors': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
    });
    // Both behaviors send them.
    const config = distribution();
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyIdOf('SecurityHeaders') });
    // The same directives the local server sends (functions/security-headers.ts), the AWS names added to connect-src.
    expect(Object.keys(directives)).toEqual(Object.keys(siteCsp()));
    expect(policy.CustomHeadersConfig.Items).toEqual([{ Header: 'Permissions-Policy', Value: PERMISSIONS_POLICY, Override: true }]);
  });

  it('serves /open-data/* from the private publication bucket: no authorizer, no function, GET only, cached and compressed', () => {
    const config = distribution();
    const openData = behavior('/open-data/*');
    expect(openData).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      CachePolicyId: CACHING_OPTIMIZED,
      Compress: true,
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: { Ref: policyIdOf('OpenDataHeaders') },
    });
    expect(openData.FunctionAssociations).toBeUndefined();
    expect(openData.LambdaFunctionAssociations).toBeUndefined();
    const origin = config.Origins.find((o: { Id: string }) => o.Id === openData.TargetOriginId);
    const publicationId = Object.keys(templates.web.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('Publication'))!;
    expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [publicationId, 'RegionalDomainName'] });
    expect(origin.OriginAccessControlId).toBeDefined();
    templates.web.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3-publication/' }),
      }),
    });
    // Only this distribution reads it; only the API function writes, under open-data/ and the snapshot archive, nowhere else.
    const policy = Object.values(templates.web.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === publicationId)!;
    const allow = (policy.Properties.PolicyDocument.Statement as Statement[]).filter((s) => s.Effect === 'Allow');
    expect(allow).toEqual([expect.objectContaining({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } })]);
    const s3Writes = allStatements().filter(
      (s) =>
        s.actions.some((a) => a.startsWith('s3:') && !a.startsWith('s3:GetObject')) &&
        !/SiteBucket|ExportsBucket|AttachmentsBucket|cdk-hnb659fds/.test(JSON.stringify(s.resources)),
    );
    expect(s3Writes).toHaveLength(1);
    expect([...s3Writes[0]!.actions].sort()).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(s3Writes[0]!.resources).toEqual(
      ['/open-data/*', '/publication-archive/*'].map((prefix) => ({
        'Fn::Join': ['', [{ 'Fn::ImportValue': 'Shinchoku-test-PublicationBucketArn' }, prefix]],
      })),
    );
    const apiEnv = functionWithHandler(templates.api, 'index.handler').Properties.Environment.Variables;
    expect(apiEnv.PUBLICATION_BUCKET).toEqual({ 'Fn::ImportValue': 'Shinchoku-test-PublicationBucketName' });
    // Open data: readable by other sites' scripts. Its five minutes are the objects' own Cache-Control (S3
    // metadata): no headers policy sets Cache-Control, which would also go on a 404 and keep it.
    const headers = headersPolicy('OpenDataHeaders');
    for (const id of ['SecurityHeaders', 'PreviewHeaders', 'ApiHeaders', 'OpenDataHeaders']) {
      expect(
        headersPolicy(id).CustomHeadersConfig.Items.map((item: { Header: string }) => item.Header),
        id,
      ).not.toContain('Cache-Control');
    }
    expect(headers.CorsConfig).toMatchObject({
      AccessControlAllowOrigins: { Items: ['*'] },
      AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
      AccessControlAllowCredentials: false,
    });
  });

  it('lets the API invalidate this distribution after a publication, and nothing else on CloudFront', () => {
    const exported = Object.values(templates.web.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>).find(
      (output) => output.Export?.Name === 'Shinchoku-test-DistributionId',
    );
    expect(exported?.Value).toEqual({ Ref: Object.keys(templates.web.findResources('AWS::CloudFront::Distribution'))[0] });
    const apiFunction = functionWithHandler(templates.api, 'index.handler');
    expect(apiFunction.Properties.Environment.Variables.PUBLICATION_DISTRIBUTION_ID).toEqual({ 'Fn::ImportValue': 'Shinchoku-test-DistributionId' });
    // Only the API's role, only CreateInvalidation, only on that distribution's ARN. (The site deployment's own
    // invalidation is aws-cdk-lib's BucketDeployment, acknowledged in SiteStack.)
    const cloudFront = statements(templates.api).filter((s) => s.actions.some((a) => a.startsWith('cloudfront:')));
    expect(cloudFront).toHaveLength(1);
    expect(JSON.parse(cloudFront[0]!.role)).toEqual([{ Ref: apiFunction.Properties.Role['Fn::GetAtt'][0] }]);
    expect(cloudFront[0]!.actions).toEqual(['cloudfront:CreateInvalidation']);
    expect(cloudFront[0]!.resources).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':cloudfront::',
            { Ref: 'AWS::AccountId' },
            ':distribution/',
            { 'Fn::ImportValue': 'Shinchoku-test-DistributionId' },
          ],
        ],
      },
    ]);
    for (const concern of ['data', 'web', 'auth', 'digest', 'ops'] as const) {
      expect(statements(templates[concern]).filter((s) => s.actions.some((a) => a.startsWith('cloudfront:')))).toEqual([]);
    }
  });

  it('serves /public/* (the public page) from the site bucket through the default behavior, without an authorizer', () => {
    const config = distribution();
    expect(config.CacheBehaviors.some((b: { PathPattern: string }) => b.PathPattern.startsWith('/public'))).toBe(false);
    expect(config.DefaultCacheBehavior.LambdaFunctionAssociations).toBeUndefined();
    expect(config.DefaultCacheBehavior.TrustedKeyGroups).toBeUndefined();
    expect(config.DefaultCacheBehavior.Compress).toBe(true);
  });

  it('sends the preview document and the API their own CSP, and compresses API answers without caching them', () => {
    const preview = behavior('/digest-preview.html');
    expect(preview.ResponseHeadersPolicyId).toEqual({ Ref: policyIdOf('PreviewHeaders') });
    expect(preview.TargetOriginId).toBe(distribution().DefaultCacheBehavior.TargetOriginId);
    const previewHeaders = headersPolicy('PreviewHeaders').SecurityHeadersConfig;
    expect(previewHeaders.ContentSecurityPolicy.ContentSecurityPolicy).toBe(serializeCsp(DIGEST_PREVIEW_CSP));
    expect(previewHeaders.FrameOptions.FrameOption).toBe('SAMEORIGIN');
    expect(headersPolicy('ApiHeaders').SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).toBe(serializeCsp(API_CSP));
    for (const id of ['SecurityHeaders', 'PreviewHeaders', 'ApiHeaders', 'OpenDataHeaders']) {
      expect(headersPolicy(id).CustomHeadersConfig.Items, id).toContainEqual({ Header: 'Permissions-Policy', Value: PERMISSIONS_POLICY, Override: true });
      expect(headersPolicy(id).SecurityHeadersConfig.StrictTransportSecurity.AccessControlMaxAgeSec, id).toBe(63_072_000);
    }
    const cachePolicyId = behavior('/api/*').CachePolicyId.Ref as string;
    const cachePolicy = templates.web.toJSON().Resources[cachePolicyId].Properties.CachePolicyConfig;
    expect(cachePolicy).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 1 });
    expect(cachePolicy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      EnableAcceptEncodingGzip: true,
      EnableAcceptEncodingBrotli: true,
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
      QueryStringsConfig: { QueryStringBehavior: 'all' },
    });
  });

  it('logs CloudFront and S3 access to a private log bucket', () => {
    const config = distribution();
    expect(config.Logging).toEqual({ Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^AccessLogs/), 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
  });
});

// ---- large exports ---------------------------------------------------------------------------

describe('the exports bucket (large exports handed over through a presigned URL)', () => {
  const ACCOUNT = '123456789012';
  /** A CloudFormation value as deployed here: the pseudo parameters filled in, joins joined. */
  const rendered = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const { Ref: ref, 'Fn::Join': join } = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
    if (ref === 'AWS::AccountId') return ACCOUNT;
    if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
    if (join) return join[1].map(rendered).join(join[0]);
    return '<token>';
  };
  const exportsBucket = () => {
    const [id, bucket] = Object.entries(templates.web.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('Exports'))!;
    return { id, bucket, properties: bucket.Properties };
  };
  const sheetsFunction = () => functionsOf(templates.api).find(([, fn]) => fn.Properties.MemorySize === MEMORY_MB.sheets)![1];
  const siteCspPolicy = () => {
    const id = Object.keys(templates.web.findResources('AWS::CloudFront::ResponseHeadersPolicy')).find((key) => key.startsWith('SecurityHeaders'))!;
    return templates.web.toJSON().Resources[id].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
  };

  it('is private, encrypted, refuses plain HTTP, logs access, lets each object go after a day and goes with the stack', () => {
    const { id, bucket, properties } = exportsBucket();
    expect(bucket.DeletionPolicy).toBe('Delete');
    expect(properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) }, LogFilePrefix: 's3-exports/' },
    });
    expect(properties.LifecycleConfiguration.Rules).toEqual([{ ExpirationInDays: 1, Status: 'Enabled' }]);
    // The bucket policy lets nobody in: only a presigned URL, with the sheets function's permission.
    const policy = Object.values(templates.web.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === id)!;
    const statementsOf = policy.Properties.PolicyDocument.Statement as Statement[];
    expect(statementsOf.filter((s) => s.Effect === 'Allow')).toEqual([]);
    expect(statementsOf).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Not served by CloudFront.
    expect(JSON.stringify(templates.web.findResources('AWS::CloudFront::Distribution'))).not.toContain(id);
  });

  it('answers the app’s redirected GET with CORS for the site’s origin only', () => {
    const distributionId = Object.keys(templates.web.findResources('AWS::CloudFront::Distribution'))[0]!;
    expect(exportsBucket().properties.CorsConfiguration.CorsRules).toEqual([
      { AllowedMethods: ['GET'], AllowedOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] }] },
    ]);
  });

  it('gives the sheets function its name as EXPORTS_BUCKET, and the API function nothing of it', () => {
    const outputs = Object.values(templates.web.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>);
    expect(outputs.find((o) => o.Export?.Name === 'Shinchoku-test-ExportsBucketName')?.Value).toEqual({ Ref: exportsBucket().id });
    expect(outputs.find((o) => o.Export?.Name === 'Shinchoku-test-ExportsBucketArn')?.Value).toEqual({ 'Fn::GetAtt': [exportsBucket().id, 'Arn'] });
    expect(sheetsFunction().Properties.Environment.Variables.EXPORTS_BUCKET).toEqual({ 'Fn::ImportValue': 'Shinchoku-test-ExportsBucketName' });
    expect(functionWithHandler(templates.api, 'index.handler').Properties.Environment.Variables.EXPORTS_BUCKET).toBeUndefined();
  });

  it('lets the sheets function put and get objects under exports/ only, and no other role touch the bucket', () => {
    const onBucket = allStatements().filter((s) => JSON.stringify(s.resources).includes('ExportsBucket'));
    expect(onBucket).toHaveLength(1);
    const [grant] = onBucket;
    expect(JSON.parse(grant!.role)).toEqual([{ Ref: sheetsFunction().Properties.Role['Fn::GetAtt'][0] }]);
    expect([...grant!.actions].sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(grant!.resources).toEqual([{ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Shinchoku-test-ExportsBucketArn' }, `/${EXPORTS_PREFIX}*`]] }]);
  });

  it('loads the S3 client and the presigner only for a large export, both from the runtime (one release)', () => {
    const assets = JSON.parse(readFileSync(join(outdir, 'Shinchoku-test-Api.assets.json'), 'utf8')) as { files: Record<string, { source: { path: string } }> };
    const dir = join(outdir, assets.files[(sheetsFunction().Properties.Code.S3Key as string).replace(/\.zip$/, '')]!.source.path);
    const chunks = readdirSync(join(dir, 'chunks'))
      .filter((name) => name.endsWith('.mjs'))
      .map((name) => readFileSync(join(dir, 'chunks', name), 'utf8'));
    const all = [readFileSync(join(dir, 'index.mjs'), 'utf8'), ...chunks].join('\n');
    for (const sdk of ['client-s3', 's3-request-presigner']) {
      expect(all).toContain(`import("@aws-sdk/${sdk}")`);
      expect(all).not.toContain(`from"@aws-sdk/${sdk}"`);
    }
  });

  it('lets the app connect to the host the presigned URLs name, and to no other bucket', async () => {
    const bucketName = rendered(exportsBucket().properties.BucketName);
    expect(bucketName).toBe(`shinchoku-test-exports-${ACCOUNT}-${REGION}`);
    const connectSrc = rendered(siteCspPolicy())
      .split('; ')
      .find((directive) => directive.startsWith('connect-src '))!
      .split(' ');
    // Where the browser is redirected: a URL the sheets function's S3LargeFiles presigns for this bucket and region.
    const presigned = new URL(
      await new S3LargeFiles(bucketName, {
        region: stacks.web.region,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        requestHandler: { handle: async () => ({ response: { statusCode: 200, headers: {}, body: Readable.from([]) } }) } as never,
      }).put({ bytes: new Uint8Array(1), contentType: 'text/csv; charset=utf-8', filename: '令和8年度_進捗報告.csv' }),
    );
    expect(presigned.origin).toBe(`https://${bucketName}.s3.${REGION}.amazonaws.com`);
    // The other bucket the app talks to is the attachments bucket (its describe block below).
    expect(connectSrc.filter((source) => source.includes('.s3.') && !source.includes('-attachments-'))).toEqual([presigned.origin]);
  });

  // ---- 根拠資料 (issue 24) ----

  const attachmentsBucket = () => {
    const [id, bucket] = Object.entries(templates.web.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('Attachments'))!;
    return { id, bucket, properties: bucket.Properties };
  };

  it('keeps 根拠資料 in a private, encrypted, access-logged, retained bucket that refuses plain HTTP and expires unfinished uploads', () => {
    const { id, bucket, properties } = attachmentsBucket();
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) }, LogFilePrefix: 's3-attachments/' },
    });
    expect(properties.LifecycleConfiguration.Rules).toEqual([
      { Prefix: ATTACHMENTS_PENDING_PREFIX, ExpirationInDays: 1, Status: 'Enabled' },
      { AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
    ]);
    const policy = Object.values(templates.web.findResources('AWS::S3::BucketPolicy')).find((p) => p.Properties.Bucket.Ref === id)!;
    const statementsOf = policy.Properties.PolicyDocument.Statement as Statement[];
    expect(statementsOf.filter((s) => s.Effect === 'Allow')).toEqual([]);
    expect(statementsOf).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(JSON.stringify(templates.web.findResources('AWS::CloudFront::Distribution'))).not.toContain(id);
    // CORS: the app's PUT (with its Content-Type) and its redirected GET, from the site's origin only.
    const distributionId = Object.keys(templates.web.findResources('AWS::CloudFront::Distribution'))[0]!;
    expect(properties.CorsConfiguration.CorsRules).toEqual([
      {
        AllowedMethods: ['PUT', 'GET'],
        AllowedHeaders: ['content-type'],
        MaxAge: 3600,
        AllowedOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] }],
      },
    ]);
  });

  it('gives the API function the bucket as ATTACHMENTS_BUCKET with put, get and delete under attachments/ only, and the CSP its host', async () => {
    const onBucket = allStatements().filter((s) => JSON.stringify(s.resources).includes('AttachmentsBucket'));
    expect(onBucket).toHaveLength(1);
    expect([...onBucket[0]!.actions].sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(onBucket[0]!.resources).toEqual([{ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Shinchoku-test-AttachmentsBucketArn' }, `/${ATTACHMENTS_PREFIX}*`]] }]);
    const apiEnv = functionWithHandler(templates.api, 'index.handler').Properties.Environment.Variables;
    expect(apiEnv.ATTACHMENTS_BUCKET).toEqual({ 'Fn::ImportValue': 'Shinchoku-test-AttachmentsBucketName' });
    const bucketName = rendered(attachmentsBucket().properties.BucketName);
    // The upload URL the API presigns: this bucket's regional host, signed on the announced type and size.
    const uploadUrl = new URL(
      await new S3AttachmentFiles(bucketName, {
        region: stacks.web.region,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      }).uploadUrl('0b8f8c1e-2a6c-4a57-9d0e-1f1d2c3b4a59', { type: 'application/pdf', size: 1234 }),
    );
    expect(uploadUrl.origin).toBe(`https://${bucketName}.s3.${REGION}.amazonaws.com`);
    expect(uploadUrl.pathname).toBe(`/${ATTACHMENTS_PENDING_PREFIX}0b8f8c1e-2a6c-4a57-9d0e-1f1d2c3b4a59`);
    expect(uploadUrl.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host']));
    const connectSrc = rendered(siteCspPolicy())
      .split('; ')
      .find((directive) => directive.startsWith('connect-src '))!
      .split(' ');
    expect(connectSrc).toContain(uploadUrl.origin);
  });
});

// ---- site files ------------------------------------------------------------------------------

describe('SiteStack', () => {
  it('deploys the web app and a generated config.json into the site bucket, then invalidates CloudFront', () => {
    const deployments = Object.entries(templates.site.findResources('Custom::CDKBucketDeployment'));
    const deployment = deployments.find(([id]) => !id.startsWith('DeployAssets'))![1].Properties;
    expect(deployment).toMatchObject({
      DestinationBucketName: { 'Fn::ImportValue': 'Shinchoku-test-SiteBucketName' },
      DistributionPaths: ['/*'],
      Prune: false,
    });
    expect(importOf(deployment.DistributionId)).toMatch(/^Shinchoku-test-Web:ExportsOutputRefDistribution/);
    expect(deployment.SourceObjectKeys).toHaveLength(2);

    // The first source is the web app, the second config.json with deploy-time values as markers.
    const assets = JSON.parse(readFileSync(join(outdir, 'Shinchoku-test-Site.assets.json'), 'utf8')) as { files: Record<string, { source: { path: string } }> };
    const [siteAsset, configAsset] = (deployment.SourceObjectKeys as string[]).map((key) => assets.files[key.replace(/\.zip$/, '')]!.source.path);
    expect(readFileSync(join(outdir, siteAsset!, 'index.html'), 'utf8')).toContain('進捗');
    const config = JSON.parse(readFileSync(join(outdir, configAsset!, 'config.json'), 'utf8')) as Record<string, string>;
    const markers = deployment.SourceMarkers[1] as Record<string, unknown>;
    const value = (text: string) => text.replace(/<<marker:0xbaba:\d+>>/g, (marker) => `{${importOf(markers[marker])}}`);
    expect(Object.keys(config).sort()).toEqual([
      'apiUrl',
      'clientId',
      'cognitoDomain',
      'deadline',
      'headConfirmation',
      'mode',
      'origin',
      'region',
      'userPoolId',
    ]);
    expect(config.mode).toBe('cognito');
    // cdk.json's defaults: the home page counts down to 5月31日 and 課内確認 is on, as the API and reminders have it.
    expect(config).toMatchObject({ deadline: '05-31', headConfirmation: true });
    expect(config.region).toBe(REGION);
    expect(value(config.apiUrl!)).toMatch(/^https:\/\/\{Shinchoku-test-Web:ExportsOutputFnGetAttDistribution\w+DomainName\w+\}$/);
    expect(value(config.origin!)).toBe(value(config.apiUrl!));
    expect(value(config.userPoolId!)).toMatch(/^\{Shinchoku-test-Auth:ExportsOutputRefUsers[0-9A-F]{8}\w+\}$/);
    expect(value(config.clientId!)).toMatch(/^\{Shinchoku-test-Auth:ExportsOutputRefUsersWebApp\w+\}$/);
    expect(value(config.cognitoDomain!)).toMatch(
      /^https:\/\/\{Shinchoku-test-Auth:ExportsOutputRefUsersHostedUi\w+\}\.auth\.ap-northeast-1\.amazoncognito\.com$/,
    );
  });

  it('keeps the previous release’s assets and sets Cache-Control per path: assets immutable, entry points and config.json no-cache', () => {
    const deployments = Object.entries(templates.site.findResources('Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(2);
    const [assetsId, assets] = deployments.find(([id]) => id.startsWith('DeployAssets'))!;
    const [, entries] = deployments.find(([id]) => !id.startsWith('DeployAssets'))!;
    expect(assets.Properties).toMatchObject({
      Prune: false,
      Include: ['assets/*'],
      Exclude: ['*'],
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(entries.Properties).toMatchObject({ Prune: false, Exclude: ['assets/*'], SystemMetadata: { 'cache-control': 'no-cache' } });
    expect(entries.DependsOn).toEqual(expect.arrayContaining([assetsId]));
    // What a browser gets per path, from the same table the local server uses.
    expect(cacheControlFor('/assets/index-CY4ozO-9.js')).toBe('public, max-age=31536000, immutable');
    // An error is not the file: a 404 for a hashed name is never kept (the file may come with the next deploy).
    expect(cacheControlFor('/assets/index-CY4ozO-9.js', 404)).toBe('no-store');
    expect(cacheControlFor('/api/me')).toBe('no-store');
    for (const path of ['/index.html', '/config.json', '/public/index.html', '/digest-preview.html']) expect(cacheControlFor(path), path).toBe('no-cache');
  });

  it('deploys after WebStack, whose bucket it imports by name', () => {
    expect(stacks.site.dependencies.map((s) => s.stackName)).toEqual(expect.arrayContaining(['Shinchoku-test-Web', 'Shinchoku-test-Auth']));
  });
});

// ---- digest ----------------------------------------------------------------------------------

describe('DigestStack', () => {
  it('runs the digest and the reminders from one bundle on Node.js 24, arm64, with the settings as environment', () => {
    for (const handler of ['index.handler', 'index.reminderHandler']) {
      const fn = functionWithHandler(templates.digest, handler).Properties;
      expect(fn.Runtime).toBe('nodejs24.x');
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Timeout).toBe(120);
      const env = fn.Environment.Variables;
      expect(env).toMatchObject({
        MAIL_FROM: 'shinchoku@city.higashine.example',
        HQ_RECIPIENTS: 'sogo-seisaku@city.higashine.example,kikaku@city.higashine.example',
        REMINDER_DAYS_BEFORE: '7',
        DEADLINE: '05-31',
        DEPARTMENT_ADDRESS: '{code}@city.higashine.example',
        STAGE: 'test',
        SES_CONFIGURATION_SET: { Ref: expect.stringMatching(/^Mail/) },
      });
      expect(importOf(env.TABLE_NAME)).toMatch(/^Shinchoku-test-Data:ExportsOutputRefTable/);
      expect(importOf(env.WEB_APP_URL)).toMatch(/^Shinchoku-test-Web:ExportsOutputFnGetAttDistribution/);
    }
  });

  it('schedules the digest yearly on 1 June 09:00 Asia/Tokyo, the reminders 7 days before the deadline and HQ’s summary of 提出済 daily at 17:30, with retries and a dead-letter queue', () => {
    const schedules = Object.values(templates.digest.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties);
    expect(schedules).toHaveLength(4);
    const queueId = Object.keys(templates.digest.findResources('AWS::SQS::Queue'))[0]!;
    const byExpression = Object.fromEntries(schedules.map((s) => [s.ScheduleExpression, s]));
    expect(Object.keys(byExpression).sort()).toEqual(['cron(0 21 1 6 ? *)', 'cron(0 9 1 6 ? *)', 'cron(0 9 24 5 ? *)', 'cron(30 17 * * ? *)']);
    for (const schedule of schedules) {
      expect(schedule.ScheduleExpressionTimezone).toBe('Asia/Tokyo');
      expect(schedule.State).toBe('ENABLED');
      expect(schedule.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 6 * 3600 });
      expect(schedule.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    }
    const digestFn = functionsOf(templates.digest).find(([, fn]) => fn.Properties.Handler === 'index.handler')![0];
    const reminderFn = functionsOf(templates.digest).find(([, fn]) => fn.Properties.Handler === 'index.reminderHandler')![0];
    expect(byExpression['cron(0 9 1 6 ? *)'].Target.Arn).toEqual({ 'Fn::GetAtt': [digestFn, 'Arn'] });
    expect(byExpression['cron(0 9 24 5 ? *)'].Target.Arn).toEqual({ 'Fn::GetAtt': [reminderFn, 'Arn'] });
    const dailyFn = functionsOf(templates.digest).find(([, fn]) => fn.Properties.Handler === 'index.dailySubmittedHandler')![0];
    expect(byExpression['cron(30 17 * * ? *)'].Target.Arn).toEqual({ 'Fn::GetAtt': [dailyFn, 'Arn'] });
    // The digest's deadline writes DigestSent = 0 for this stage (see the DigestNotSent alarm).
    const deadline = byExpression['cron(0 21 1 6 ? *)'].Target;
    expect(deadline.Arn).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:cloudwatch:putMetricData']] });
    expect(JSON.parse(deadline.Input)).toEqual({
      Namespace: 'Shinchoku',
      MetricData: [{ MetricName: 'DigestSent', Dimensions: [{ Name: 'Stage', Value: 'test' }], Value: 0, Unit: 'Count' }],
    });
  });

  it('gives each schedule a role that the scheduler of this account alone assumes, for its one target and the dead-letter queue', () => {
    const schedules = Object.values(templates.digest.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties);
    const roles = templates.digest.toJSON().Resources;
    for (const schedule of schedules) {
      const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0] as string;
      expect(roles[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ]);
      const granted = statements(templates.digest)
        .filter((s) => JSON.parse(s.role)[0].Ref === roleId)
        .map((s) => s.statement);
      expect(granted).toContainEqual({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: schedule.Target.DeadLetterConfig.Arn });
      expect(granted).toHaveLength(2);
      const target = granted.find((s) => s.Action !== 'sqs:SendMessage')!;
      if (typeof schedule.Target.Arn['Fn::GetAtt'] !== 'undefined') {
        expect(target).toEqual({ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: schedule.Target.Arn });
      } else {
        expect(target).toEqual({
          Effect: 'Allow',
          Action: 'cloudwatch:PutMetricData',
          Resource: '*',
          Condition: { StringEquals: { 'cloudwatch:namespace': 'Shinchoku' } },
        });
      }
    }
  });

  it('keeps dead letters 14 days in an encrypted queue that refuses plain HTTP', () => {
    templates.digest.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    templates.digest.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('carries notice events from the table stream through a Pipe and a queue with a dead-letter queue to the mail function, nothing public', () => {
    templates.data.hasResourceProperties('AWS::DynamoDB::GlobalTable', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    const pipe = Object.values(templates.digest.findResources('AWS::Pipes::Pipe'))[0]!.Properties;
    // Only new items of the outbox's partition reach the queue.
    expect(JSON.parse(pipe.SourceParameters.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { Keys: { PK: { S: ['NOTICE#OUTBOX'] } } },
    });
    expect(importOf(pipe.Source)).toMatch(/^Shinchoku-test-Data:ExportsOutputFnGetAttTable.*StreamArn/);
    const queues = templates.digest.findResources('AWS::SQS::Queue');
    const [queueId, queue] = Object.entries(queues).find(([id]) => id.startsWith('NoticeQueue'))!;
    const deadLetterId = Object.keys(queues).find((id) => id.startsWith('NoticeDeadLetters'))!;
    expect(pipe.Target).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterId, 'Arn'] }, maxReceiveCount: 5 },
    });
    templates.digest.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // Every queue policy only denies (plain HTTP): no principal outside the account may send or read.
    for (const policy of Object.values(templates.digest.findResources('AWS::SQS::QueuePolicy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) expect(statement.Effect).toBe('Deny');
    }
    const alarms = Object.values(templates.ops.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const alarm = alarms.find((a) => a.AlarmName === 'shinchoku-test-NoticeDeadLetters');
    expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
    expect(importOf(alarm.Dimensions[0].Value)).toMatch(/^Shinchoku-test-Digest:ExportsOutputFnGetAttNoticeDeadLetters/);
  });

  it('sends from a verified SES identity through a configuration set that requires TLS', () => {
    templates.digest.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'shinchoku@city.higashine.example' });
    templates.digest.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });
});

// ---- operations ------------------------------------------------------------------------------

describe('OpsStack and logs', () => {
  it('keeps every function’s logs (API, digest, reminder, deployment) for the configured retention', () => {
    for (const template of [templates.api, templates.digest, templates.site]) {
      const groups = template.toJSON().Resources;
      const fns = functionsOf(template);
      expect(fns.length).toBeGreaterThan(0);
      for (const [, fn] of fns) {
        const group = groups[fn.Properties.LoggingConfig.LogGroup.Ref];
        expect(group.Type).toBe('AWS::Logs::LogGroup');
        expect(group.Properties.RetentionInDays).toBe(365);
        expect(group.DeletionPolicy).toBe('Retain');
      }
    }
    templates.api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    for (const template of Object.values(templates)) template.resourceCountIs('Custom::LogRetention', 0);
  });

  it('sends alarms to an SNS topic encrypted with a rotated key that CloudWatch may use', () => {
    const keyId = Object.keys(templates.ops.findResources('AWS::KMS::Key'))[0]!;
    templates.ops.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]),
      },
    });
    templates.ops.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    templates.ops.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    templates.ops.resourceCountIs('AWS::SNS::Subscription', 0); // no opsEmail in cdk.json
  });

  it('alarms on API 5xx, errors of each function, dead letters and a digest not sent', () => {
    const topicId = Object.keys(templates.ops.findResources('AWS::SNS::Topic'))[0]!;
    const alarms = Object.values(templates.ops.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const byName = Object.fromEntries(alarms.map((a) => [a.AlarmName.replace('shinchoku-test-', ''), a]));
    expect(Object.keys(byName).sort()).toEqual([
      'Api5xx',
      'ApiErrors',
      'DailySubmittedErrors',
      'DeadLetters',
      'DigestErrors',
      'DigestNotSent',
      'NoticeDeadLetters',
      'NoticesErrors',
      'ReminderErrors',
      'SheetsErrors',
    ]);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
    }
    expect(byName.Api5xx).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Statistic: 'Sum', Period: 300, Threshold: 5 });
    expect(importOf(byName.Api5xx.Dimensions[0].Value)).toMatch(/^Shinchoku-test-Web:ExportsOutputRefHttpApi/);
    for (const [name, stack] of [
      ['ApiErrors', 'Api:ExportsOutputRefHandler'],
      ['DigestErrors', 'Digest:ExportsOutputRefDigest'],
      ['ReminderErrors', 'Digest:ExportsOutputRefReminder'],
      ['NoticesErrors', 'Digest:ExportsOutputRefNotices'],
      ['DailySubmittedErrors', 'Digest:ExportsOutputRefDailySubmitted'],
    ]) {
      expect(byName[name!]).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(importOf(byName[name!].Dimensions[0].Value)).toMatch(new RegExp(`^Shinchoku-test-${stack}`));
    }
    expect(byName.DeadLetters).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
    expect(byName.DigestNotSent).toMatchObject({
      Namespace: 'Shinchoku',
      MetricName: 'DigestSent',
      Dimensions: [{ Name: 'Stage', Value: 'test' }],
      Statistic: 'Maximum',
      Period: 86_400,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });
});
