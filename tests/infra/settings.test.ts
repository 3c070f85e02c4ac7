/** The deployment settings (cdk.json context / -c): validated with zod, failing synth with the setting's name. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { readSettings, SettingsError } from '../../infra/settings.ts';

const root = resolve(import.meta.dirname, '../..');
const cdkContext = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
const required = {
  hqRecipients: 'sogo-seisaku@city.higashine.example',
  mailFrom: 'shinchoku@city.higashine.example',
  departmentAddress: '{code}@city.higashine.example',
  cognitoDomainPrefix: 'higashine-shinchoku',
};

const settings = (context: Record<string, unknown>) => readSettings(new App({ context }));
const failure = (context: Record<string, unknown>) => {
  try {
    settings(context);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
};

describe('settings', () => {
  it('reads cdk.json as it is', () => {
    const s = settings(cdkContext);
    expect(s).toMatchObject({
      stage: 'prod',
      region: 'ap-northeast-1',
      hqRecipients: ['sogo-seisaku@city.higashine.example'],
      timeZone: 'Asia/Tokyo',
      digestSchedule: 'cron(0 9 1 6 ? *)',
      digestCheckSchedule: 'cron(0 21 1 6 ? *)',
      deadline: '05-31',
      deadlineLabel: '5月31日',
      reminderDaysBefore: 7,
      reminderSchedule: 'cron(0 9 24 5 ? *)',
      threatProtection: false,
      apiRateLimit: 50,
      apiBurstLimit: 100,
      logRetentionDays: 365,
    });
    expect(s.account).toBeUndefined();
    expect(s.opsEmail).toBeUndefined();
  });

  it('has defaults for everything but the addresses and the sign-in domain', () => {
    expect(settings(required)).toMatchObject({ stage: 'prod', region: 'ap-northeast-1', digestSchedule: 'cron(0 9 1 6 ? *)', reminderDaysBefore: 7 });
    const message = failure({});
    for (const key of Object.keys(required)) expect(message).toContain(`- ${key}: is required`);
  });

  it('takes -c values, which arrive as strings', () => {
    const s = settings({
      ...required,
      hqRecipients: 'a@city.higashine.example, b@city.higashine.example',
      reminderDaysBefore: '14',
      deadline: '06-10',
      threatProtection: 'true',
      apiRateLimit: '20',
      logRetentionDays: '731',
      account: '123456789012',
    });
    expect(s.hqRecipients).toEqual(['a@city.higashine.example', 'b@city.higashine.example']);
    expect(s).toMatchObject({ reminderDaysBefore: 14, threatProtection: true, apiRateLimit: 20, logRetentionDays: 731, account: '123456789012' });
    // The reminders default to reminderDaysBefore days before the deadline, 09:00.
    expect(s.reminderSchedule).toBe('cron(0 9 27 5 ? *)');
    expect(s.deadlineLabel).toBe('6月10日');
    expect(settings({ ...required, reminderSchedule: 'cron(0 10 20 5 ? *)' }).reminderSchedule).toBe('cron(0 10 20 5 ? *)');
  });

  it('refuses wrong values, naming each setting', () => {
    const message = failure({
      ...required,
      stage: 'Prod!',
      region: 'tokyo',
      account: '1234',
      mailFrom: 'not-an-address',
      hqRecipients: 'ok@city.higashine.example,broken',
      departmentAddress: 'kakari@city.higashine.example',
      cognitoDomainPrefix: 'aws-shinchoku',
      digestSchedule: 'cron(0 9 1 6 * *)',
      reminderSchedule: 'every june',
      deadline: '02-30',
      reminderDaysBefore: 0,
      timeZone: 'Japan/Higashine',
      logRetentionDays: 100,
      opsEmail: 'ops',
      allowedOrigin: 'https://shinchoku.example/',
    });
    expect(message).toMatch(/^Invalid CDK context setting\(s\) — fix them in cdk.json "context" or pass -c key=value:/);
    for (const key of [
      'stage',
      'region',
      'account',
      'mailFrom',
      'hqRecipients.1',
      'departmentAddress',
      'cognitoDomainPrefix',
      'digestSchedule',
      'reminderSchedule',
      'deadline',
      'reminderDaysBefore',
      'timeZone',
      'logRetentionDays',
      'opsEmail',
      'allowedOrigin',
    ]) {
      expect(message).toMatch(new RegExp(`\\n  - ${key.replace('.', '\\.')}: `));
    }
    expect(message).toContain('cognitoDomainPrefix: may not contain aws, amazon or cognito');
    expect(message).toContain('digestSchedule: must be an EventBridge Scheduler expression');
  });

  it('needs a certificate for a custom site domain, and the other way round', () => {
    expect(failure({ ...required, siteDomain: 'shinchoku.city.higashine.example' })).toContain('siteCertificateArn: is required with siteDomain');
    expect(failure({ ...required, siteCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666' })).toContain(
      'siteDomain: is required with siteCertificateArn',
    );
    expect(failure({ ...required, siteDomain: 'x.example', siteCertificateArn: 'arn:aws:acm:ap-northeast-1:123456789012:certificate/abc' })).toContain(
      'siteCertificateArn: must be an ACM certificate ARN in us-east-1',
    );
  });

  it('keeps the digest deadline on the digest’s UTC day, after its retries', () => {
    // 08:00 JST is 23:00 UTC the day before: the deadline at 21:00 JST would be on the next UTC day.
    expect(failure({ ...required, digestSchedule: 'cron(0 8 1 6 ? *)' })).toContain('digestCheckSchedule: must fall on the same UTC day as digestSchedule');
    expect(failure({ ...required, digestCheckSchedule: 'cron(0 12 1 6 ? *)' })).toContain('digestCheckSchedule: must be at least 7 hours after digestSchedule');
    expect(settings({ ...required, digestSchedule: 'cron(30 10 3 6 ? *)', digestCheckSchedule: 'cron(0 22 3 6 ? *)' }).digestCheckSchedule).toBe(
      'cron(0 22 3 6 ? *)',
    );
    // Another zone: 09:00 in Europe/London (summer, UTC+1) is 08:00 UTC; 20:00 there is 19:00 UTC.
    expect(settings({ ...required, timeZone: 'Europe/London', digestCheckSchedule: 'cron(0 20 1 6 ? *)' }).timeZone).toBe('Europe/London');
  });

  it('fails the synthesis of the app itself with the same message', () => {
    const app = new App({ context: { ...cdkContext, mailFrom: 'nobody' } });
    expect(() => buildApp(app)).toThrow(/\n {2}- mailFrom: must be an e-mail address/);
  });
});
