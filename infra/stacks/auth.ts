import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { acknowledge } from '../constructs/nag.ts';
import type { Construct } from 'constructs';
import { DEPARTMENT_GROUP_PREFIX } from '../../functions/api/auth/principal.ts';

/** The departments the plan names; more can be added as groups dept-<code> by an administrator. */
function planDepartments(): { code: string; name: string }[] {
  const plan = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../seeds/plan/plan.json'), 'utf8')) as {
    departments: { code: string; name: string }[];
  };
  return plan.departments;
}

/**
 * Staff sign-in: no self sign-up (administrators create users), MFA with an authenticator app,
 * groups that carry the role (hq, viewer, dept-<code>), and a hosted UI with code + PKCE.
 */
export class AuthStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: StackProps & { origin: string; domainPrefix: string; threatProtection: boolean }) {
    super(scope, id, props);
    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true, mutable: true } },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      ...(props.threatProtection
        ? { featurePlan: cognito.FeaturePlan.PLUS, standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }
        : { featurePlan: cognito.FeaturePlan.ESSENTIALS }),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (!props.threatProtection) {
      acknowledge(this.userPool, [
        {
          id: 'AwsSolutions-COG3',
          reason: 'Threat protection needs the Cognito Plus plan, billed per user; turn it on with -c threatProtection=true. MFA is required for everyone.',
        },
        { id: 'AwsSolutions-COG8', reason: 'The Plus feature plan is the city’s cost decision (-c threatProtection=true switches to it).' },
      ]);
    }

    const groups = [
      { name: 'hq', description: '行財政改革推進本部（事務局: 総合政策課）' },
      { name: 'viewer', description: '行財政改革推進懇談会（承認済みの閲覧のみ）' },
      ...planDepartments().map((d) => ({ name: `${DEPARTMENT_GROUP_PREFIX}${d.code}`, description: d.name })),
    ];
    for (const group of groups) {
      new cognito.CfnUserPoolGroup(this, `Group-${group.name}`, { userPoolId: this.userPool.userPoolId, groupName: group.name, description: group.description });
    }

    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.client = this.userPool.addClient('WebApp', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.origin}/`],
        logoutUrls: [`${props.origin}/`],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(10),
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: this.client.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: this.domain.baseUrl() });
  }
}
