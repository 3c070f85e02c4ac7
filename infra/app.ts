import { resolve } from 'node:path';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PROJECT_ROOT } from './constructs/function.ts';
import { planSeedsFolder, readPlanSeeds } from './plan-data.ts';
import { readSettings } from './settings.ts';
import type { Settings } from './settings.ts';
import { ApiStack } from './stacks/api.ts';
import { AuthStack } from './stacks/auth.ts';
import { DataStack } from './stacks/data.ts';
import { DigestStack } from './stacks/digest.ts';
import { OpsStack } from './stacks/ops.ts';
import { SiteStack } from './stacks/site.ts';
import { WebStack } from './stacks/web.ts';

export const WEB_DIST = resolve(PROJECT_ROOT, 'web/dist');

export interface BuildOptions {
  /** The built web app; default -c sitePath, else web/dist. Without index.html there, only config.json is deployed. */
  sitePath?: string;
  /** The sheets function's entry; default -c sheetsEntry, else functions/sheets/lambda.ts. */
  sheetsEntry?: string;
  /** The plans' seeds folder (<folder>/<planId>/plan.json); default -c planSeeds, else seeds/plans. */
  planSeeds?: string;
}

/**
 * The whole system, one stack per concern, in deploy order:
 *
 *   Data   the table
 *   Web    private site, publication and exports buckets, CloudFront (/api/* → the HTTP API,
 *          /open-data/* → the publication bucket), the HTTP API itself, security headers
 *          (functions/security-headers.ts)
 *   Auth   user pool, groups, hosted UI, web client (callbacks = the site's origin)
 *   Digest digest + reminder functions, schedules, dead-letter queue, SES identity and configuration set;
 *          e-mail notices (table stream → Pipe → queue with a dead-letter queue → mail function)
 *   Api    API and sheets functions, routes, JWT authorizer, throttled stage (on Web's HTTP API)
 *   Site   web/dist + config.json into the bucket
 *   Ops    alarms → encrypted SNS topic
 *
 * Web comes before Auth and Api because, without a custom domain, the site's origin is CloudFront's
 * generated name, which the sign-in callbacks and the API's WEB_APP_URL need (see stacks/web.ts).
 * cdk-nag's AwsSolutions pack checks every stack on every synth; synth fails on any finding not
 * acknowledged with a reason.
 *
 * The city and the departments come from the plans' seeds (infra/plan-data.ts), read before any stack
 * is built: a deployment for another city differs only in its seeds folder and its settings.
 */
export function buildApp(app: App, options: BuildOptions = {}) {
  const settings: Settings = readSettings(app);
  const plans = readPlanSeeds(planSeedsFolder(app, options.planSeeds));
  const env = { region: settings.region, ...(settings.account ? { account: settings.account } : {}) };
  const name = (concern: string) => `Shinchoku-${settings.stage}-${concern}`;
  const description = (what: string) => `Shinchoku (${settings.stage}): ${what}`;

  const data = new DataStack(app, name('Data'), { env, description: description('DynamoDB table') });
  const web = new WebStack(app, name('Web'), {
    env,
    description: description('CloudFront, site bucket, HTTP API'),
    stage: settings.stage,
    city: plans.city,
    cognitoDomainPrefix: settings.cognitoDomainPrefix,
    ...(settings.siteDomain ? { siteDomain: settings.siteDomain } : {}),
    ...(settings.siteCertificateArn ? { siteCertificateArn: settings.siteCertificateArn } : {}),
    ...(settings.allowedOrigin ? { allowedOrigin: settings.allowedOrigin } : {}),
  });
  const auth = new AuthStack(app, name('Auth'), {
    env,
    description: description('Cognito user pool and web client'),
    origin: web.origin,
    domainPrefix: settings.cognitoDomainPrefix,
    threatProtection: settings.threatProtection,
    city: plans.city,
    hq: { name: plans.active.hq.name, department: plans.hqDepartment },
    departments: plans.departments,
  });
  const digest = new DigestStack(app, name('Digest'), {
    env,
    description: description('yearly digest and reminders'),
    table: data.table,
    settings,
    origin: web.origin,
  });
  const api = new ApiStack(app, name('Api'), {
    env,
    description: description('API function, routes and authorizer'),
    httpApi: web.httpApi,
    table: data.table,
    userPool: auth.userPool,
    client: auth.client,
    digest: digest.digest,
    publicationExports: web.publicationExports,
    exportsBucketExports: web.exportsBucketExports,
    attachmentsBucketExports: web.attachmentsBucketExports,
    sheetsEntry: options.sheetsEntry ?? (app.node.tryGetContext('sheetsEntry') as string | undefined) ?? 'functions/sheets/lambda.ts',
    origin: web.origin,
    headConfirmation: settings.headConfirmation,
    rateLimit: settings.apiRateLimit,
    burstLimit: settings.apiBurstLimit,
    logRetentionDays: settings.logRetentionDays,
  });
  const sitePath = options.sitePath ?? (app.node.tryGetContext('sitePath') as string | undefined) ?? WEB_DIST;
  const site = new SiteStack(app, name('Site'), {
    env,
    description: description('web app files and config.json'),
    bucketExports: web.exports,
    distribution: web.distribution,
    sitePath,
    logRetentionDays: settings.logRetentionDays,
    config: {
      mode: 'cognito',
      apiUrl: web.origin,
      origin: web.origin,
      userPoolId: auth.userPool.userPoolId,
      clientId: auth.client.userPoolClientId,
      cognitoDomain: auth.domain.baseUrl(),
      region: settings.region,
      deadline: settings.deadline,
      headConfirmation: settings.headConfirmation === 'on',
    },
  });
  // The bucket is imported by export name, which CDK does not see as a reference.
  site.addStackDependency(web);
  const ops = new OpsStack(app, name('Ops'), {
    env,
    description: description('alarms'),
    stage: settings.stage,
    httpApi: web.httpApi,
    functions: {
      Api: api.handler,
      Sheets: api.sheets,
      Digest: digest.digest,
      Reminder: digest.reminder,
      Notices: digest.notices,
      DailySubmitted: digest.dailySubmitted,
    },
    deadLetters: digest.deadLetters,
    noticeDeadLetters: digest.noticeDeadLetters,
    ...(settings.opsEmail ? { opsEmail: settings.opsEmail } : {}),
  });

  Tags.of(app).add('system', 'shinchoku');
  Tags.of(app).add('stage', settings.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { settings, plans, data, web, auth, digest, api, site, ops };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const app = new App();
  buildApp(app);
  app.synth();
}
