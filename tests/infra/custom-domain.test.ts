/**
 * The app with the optional settings on: a custom site domain (known origin → CORS and callbacks
 * name it), Cognito threat protection, an ops e-mail subscription, and no web app build (the site
 * stack still synthesizes, deploying config.json alone). Synthesized once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { lambdaRuntimes } from './lambda-runtimes.ts';

const root = resolve(import.meta.dirname, '../..');
const cdkContext = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
const ORIGIN = 'https://shinchoku.city.higashine.example';
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666';

let app: App;
let stacks: ReturnType<typeof buildApp>;
let outdir: string;
let emptyDir: string;
let synthError: unknown;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'shinchoku-cdk-'));
  emptyDir = mkdtempSync(join(tmpdir(), 'shinchoku-no-build-'));
  app = new App({
    outdir,
    context: {
      ...cdkContext,
      stage: 'staging',
      account: '123456789012',
      siteDomain: 'shinchoku.city.higashine.example',
      siteCertificateArn: CERTIFICATE,
      threatProtection: 'true',
      opsEmail: 'ops@city.higashine.example',
      sitePath: emptyDir,
      // As `cdk synth -c deadline=04-30 -c headConfirmation=off`: settings the web app must show as the API applies them.
      deadline: '04-30',
      headConfirmation: 'off',
      // Settings, names and cdk-nag are what this file checks: the functions are not bundled again (stacks.test.ts does).
      'aws:cdk:bundling-stacks': [],
    },
  });
  stacks = buildApp(app);
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(emptyDir, { recursive: true, force: true });
});

describe('with a custom domain, threat protection, an ops e-mail and no web build', () => {
  it('synthesizes for the given account with no unacknowledged cdk-nag finding', () => {
    expect(synthError).toBeUndefined();
    expect(stacks.web.account).toBe('123456789012');
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
    const acknowledged = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.keys(m.data as object)));
    // Nothing left to excuse: Plus plan threat protection, TLS 1.2 on the custom certificate.
    expect(acknowledged.filter((id) => /COG3|COG8|CFR4/.test(id))).toEqual([]);
  });

  it('runs every Node.js function of every stack on Node.js 24, aws-cdk-lib’s custom-resource providers included', () => {
    const all = app.node.children.filter((c): c is Stack => c instanceof Stack).flatMap((stack) => lambdaRuntimes(Template.fromStack(stack)));
    expect(all.filter((fn) => fn.runtime === 'nodejs24.x')).toHaveLength(6);
    // The one other: BucketDeployment's Python handler (see stacks.test.ts).
    expect(all.filter((fn) => fn.runtime !== 'nodejs24.x')).toEqual([
      { id: expect.stringMatching(/^CustomCDKBucketDeployment/), runtime: expect.stringMatching(/^python3\.\d+$/), serves: ['Custom::CDKBucketDeployment'] },
    ]);
  });

  it('allows CORS from the site’s origin only, and signs in back to it', () => {
    const web = Template.fromStack(stacks.web);
    web.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [ORIGIN],
        AllowMethods: ['*'],
        AllowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
        ExposeHeaders: ['etag', 'content-disposition', 'location'],
        MaxAge: 3600,
      },
    });
    const auth = Template.fromStack(stacks.auth);
    auth.hasResourceProperties('AWS::Cognito::UserPoolClient', { CallbackURLs: [`${ORIGIN}/`], LogoutURLs: [`${ORIGIN}/`] });
    const api = Template.fromStack(stacks.api);
    api.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ WEB_APP_URL: ORIGIN }) } });
  });

  it('serves the custom domain with its certificate and TLS 1.2 at least', () => {
    Template.fromStack(stacks.web).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['shinchoku.city.higashine.example'],
        ViewerCertificate: { AcmCertificateArn: CERTIFICATE, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
  });

  it('turns on Cognito threat protection (Plus plan)', () => {
    Template.fromStack(stacks.auth).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('subscribes the ops address to the alarm topic', () => {
    Template.fromStack(stacks.ops).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@city.higashine.example' });
  });

  it('deploys config.json alone, without pruning the site, and warns that the web app was not built', () => {
    const deployment = Object.values(Template.fromStack(stacks.site).findResources('Custom::CDKBucketDeployment'))[0]!.Properties;
    expect(deployment.SourceObjectKeys).toHaveLength(1);
    expect(deployment.Prune).toBe(false);
    const warnings = Annotations.fromStack(stacks.site).findWarning('*', Match.stringLikeRegexp('No web app build at'));
    expect(warnings).toHaveLength(1);
    // config.json names the custom origin for the API and the callbacks.
    const assets = JSON.parse(readFileSync(join(outdir, 'Shinchoku-staging-Site.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };
    const key = (deployment.SourceObjectKeys[0] as string).replace(/\.zip$/, '');
    const config = JSON.parse(readFileSync(join(outdir, assets.files[key]!.source.path, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ mode: 'cognito', apiUrl: ORIGIN, origin: ORIGIN, region: 'ap-northeast-1' });
    // The home page counts down to the deadline the reminders give (the reminder function gets the same setting).
    expect(config).toMatchObject({ deadline: '04-30', headConfirmation: false });
    const reminder = Object.values(Template.fromStack(stacks.digest).findResources('AWS::Lambda::Function')).find(
      (fn) => (fn.Properties as { Handler?: string }).Handler === 'index.reminderHandler',
    );
    expect(reminder?.Properties.Environment.Variables.DEADLINE).toBe('04-30');
  });
});
