import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { DEPARTMENT_GROUP_PREFIX } from '../../functions/http/auth/principal.ts';
import { acknowledge } from '../constructs/nag.ts';
import type { City, Department } from '../plan-data.ts';

export interface AuthStackProps extends StackProps {
  /** The site's origin: callback and logout URL of the app client. */
  origin: string;
  domainPrefix: string;
  threatProtection: boolean;
  /** The deployment's city (infra/plan-data.ts): its name heads the sign-in mails' subjects, 【<name>】…. */
  city: City;
  /** The active plan's HQ and its secretariat department, named in the hq group's description. */
  hq: { name: string; department: Department };
  /**
   * Every department of every plan (infra/plan-data.ts), ended ones too: each gets a dept-<code> group,
   * so that its people can still read an archived plan's reports. HQ may add more groups later.
   */
  departments: readonly Department[];
}

/**
 * Staff sign-in. Administrators create the users (no self sign-up), users sign in with their e-mail
 * address and an authenticator app (MFA required); groups carry the role: hq, viewer, dept-<code>.
 * The web app signs in through the hosted UI with authorization code + PKCE and no client secret.
 */
export class AuthStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly groups: string[];

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userVerification: {
        emailSubject: `【${props.city.name}】進捗管理システム 確認コード`,
        emailBody: '進捗管理システムの確認コードは {####} です。',
        emailStyle: cognito.VerificationEmailStyle.CODE,
      },
      userInvitation: {
        emailSubject: `【${props.city.name}】行財政改革 進捗管理システムのアカウント`,
        emailBody: '{username} さん、進捗管理システムのアカウントを作成しました。仮パスワード: {####}（3日以内に変更してください）',
      },
      // Threat protection (adaptive authentication, compromised-credential checks) needs the Plus
      // plan, billed per monthly active user: the city turns it on with -c threatProtection=true.
      featurePlan: props.threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(props.threatProtection ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (!props.threatProtection) {
      const reason =
        'Threat protection needs the Cognito Plus feature plan, billed per monthly active user: a cost decision left to the city (-c threatProtection=true). MFA is required for every user meanwhile.';
      acknowledge(this.userPool, [
        { id: 'AwsSolutions-COG3', reason },
        { id: 'AwsSolutions-COG8', reason },
      ]);
    }

    const groups = [
      { name: 'hq', description: `${props.hq.name}（事務局: ${props.hq.department.name}）: all reports, approvals, digest` },
      { name: 'viewer', description: '行財政改革推進懇談会: approved progress, read only' },
      ...props.departments.map((d) => ({
        name: `${DEPARTMENT_GROUP_PREFIX}${d.code}`,
        description: d.until === undefined ? d.name : `${d.name}（${d.until}年度まで）`,
      })),
    ];
    this.groups = groups.map((g) => g.name);
    for (const group of groups) {
      new cognito.CfnUserPoolGroup(this, `Group-${group.name}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group.name,
        description: group.description,
      });
    }

    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.client = this.userPool.addClient('WebApp', {
      userPoolClientName: 'shinchoku-web',
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.origin}/`],
        logoutUrls: [`${props.origin}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(10),
    });

    // Sign-in goes through the hosted UI only (code + PKCE): no password or SRP flow from the browser,
    // only refreshing the tokens the hosted UI issued.
    (this.client.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: this.client.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: this.domain.baseUrl() });
  }
}
