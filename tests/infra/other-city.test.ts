/**
 * The app for another city: `cdk synth -c planSeeds=tests/fixtures/plans-sado` with that city's
 * settings (新潟県佐渡市, 152242; an archived plan and an active one with a department that ended in
 * FY2016). Nothing of 東根市 may reach a template. Synthesized once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';

const root = resolve(import.meta.dirname, '../..');
const cdkContext = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

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
      stage: 'sado',
      planSeeds: 'tests/fixtures/plans-sado',
      hqRecipients: 'somu@city.sado.example.jp',
      mailFrom: 'shinchoku@city.sado.example.jp',
      departmentAddress: '{code}@city.sado.example.jp',
      cognitoDomainPrefix: 'sado-shinchoku',
      sitePath: emptyDir,
      // What this file checks is names and groups, not code: the functions are not bundled again (stacks.test.ts does).
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

describe('the app synthesized for 佐渡市 from its seeds folder', () => {
  it('synthesizes', () => {
    expect(synthError).toBeUndefined();
  });

  it('heads the sign-in mails with 【佐渡市】', () => {
    const pool = Template.fromStack(stacks.auth).findResources('AWS::Cognito::UserPool');
    const properties = Object.values(pool)[0]!.Properties;
    expect(properties.VerificationMessageTemplate.EmailSubject).toBe('【佐渡市】進捗管理システム 確認コード');
    expect(properties.AdminCreateUserConfig.InviteMessageTemplate.EmailSubject).toBe('【佐渡市】行財政改革 進捗管理システムのアカウント');
  });

  it('has a group for every department of every plan, ended ones included, and HQ named as the active plan names it', () => {
    const groups = Object.values(Template.fromStack(stacks.auth).findResources('AWS::Cognito::UserPoolGroup')).map((group) => [
      group.Properties.GroupName,
      group.Properties.Description,
    ]);
    expect(groups).toEqual([
      ['hq', '佐渡市行政改革推進本部（事務局: 総務課）: all reports, approvals, digest'],
      ['viewer', expect.any(String)],
      ['dept-somu', '総務課'],
      ['dept-zaisei', '財政課'],
      ['dept-gyosei-kaikaku', '行政改革推進室（2014年度まで）'],
      ['dept-kikaku', '企画課（2016年度まで）'],
      ['dept-seisaku-kikaku', '政策企画課'],
      ['dept-kanko-shinko', '観光振興課'],
    ]);
  });

  it('describes the HTTP API as 佐渡市’s', () => {
    Template.fromStack(stacks.web).hasResourceProperties('AWS::ApiGatewayV2::Api', { Description: '佐渡市 行財政改革 進捗管理 API (routes: ApiStack)' });
  });

  it('mentions 東根市, its plan or its code in no template', () => {
    const templates = app.node.children.filter((c): c is Stack => c instanceof Stack).map((stack) => JSON.stringify(Template.fromStack(stack).toJSON()));
    expect(templates).toHaveLength(7);
    for (const template of templates) {
      expect(template).not.toMatch(/東根|第8次|062111|higashine/i);
    }
  });
});
