import { resolve } from 'node:path';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from './settings.ts';
import { ApiStack } from './stacks/api.ts';
import { AuthStack } from './stacks/auth.ts';
import { DataStack } from './stacks/data.ts';
import { DigestStack } from './stacks/digest.ts';
import { OpsStack } from './stacks/ops.ts';
import { SiteStack } from './stacks/site.ts';
import { WebStack } from './stacks/web.ts';

/**
 * The whole system, stack by concern. Order breaks what would be a cycle: the site's origin comes
 * first (Web), sign-in needs it for callbacks (Auth), the API needs sign-in for its authorizer,
 * and the site's files are deployed last with a config.json naming the API and the user pool.
 */
export function buildApp(app: App, options: { sitePath?: string } = {}) {
  const settings = readSettings(app);
  const env = { region: settings.region, ...(settings.account ? { account: settings.account } : {}) };
  const name = (concern: string) => `Shinchoku-${settings.stage}-${concern}`;

  const data = new DataStack(app, name('Data'), { env });
  const web = new WebStack(app, name('Web'), { env, allowedOrigin: settings.allowedOrigin });
  const auth = new AuthStack(app, name('Auth'), { env, origin: web.origin, domainPrefix: settings.cognitoDomainPrefix, threatProtection: settings.threatProtection });
  const digest = new DigestStack(app, name('Digest'), { env, table: data.table, settings, origin: web.origin });
  const api = new ApiStack(app, name('Api'), {
    env,
    table: data.table,
    userPool: auth.userPool,
    client: auth.client,
    digest: digest.digest,
    origin: web.origin,
    rateLimit: settings.apiRateLimit,
    burstLimit: settings.apiBurstLimit,
    logRetentionDays: settings.logRetentionDays,
  });
  const site = new SiteStack(app, name('Site'), {
    env,
    bucket: web.bucket,
    distribution: web.distribution,
    sitePath: options.sitePath ?? app.node.tryGetContext('sitePath') ?? resolve(import.meta.dirname, '../web/dist'),
    config: {
      apiUrl: api.url,
      userPoolId: auth.userPool.userPoolId,
      clientId: auth.client.userPoolClientId,
      cognitoDomain: auth.domain.baseUrl(),
      region: settings.region,
      origin: web.origin,
    },
  });
  const ops = new OpsStack(app, name('Ops'), {
    env,
    stage: settings.stage,
    api: api.api,
    functions: { Api: api.handler, Digest: digest.digest, Reminder: digest.reminder },
    deadLetters: digest.deadLetters,
    opsEmail: settings.opsEmail,
  });

  Tags.of(app).add('system', 'shinchoku');
  Tags.of(app).add('stage', settings.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { settings, data, web, auth, digest, api, site, ops };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = new App();
  buildApp(app);
  app.synth();
}
