import type { App } from 'aws-cdk-lib';
import * as z from '../functions/domain/zod.ts';

/**
 * Everything ops set per deployment, from cdk.json's context or `-c key=value`. Validated before
 * anything is synthesized, so a wrong value fails with the setting's name.
 */
const csv = z.pipe(
  z.union([z.string(), z.array(z.string())]),
  z.transform((value) => (Array.isArray(value) ? value : value.split(',')).map((v) => v.trim()).filter(Boolean)),
);
const email = z.string().check(z.regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'メールアドレスの形式ではありません'));

export const settingsSchema = z.object({
  stage: z._default(z.string().check(z.regex(/^[a-z][a-z0-9-]{1,15}$/, '英小文字で始まる16文字以内')), 'prod'),
  region: z._default(z.string(), 'ap-northeast-1'),
  account: z.optional(z.string().check(z.regex(/^\d{12}$/, '12桁のAWSアカウントID'))),
  hqRecipients: z.pipe(csv, z.array(email).check(z.minLength(1, '推進本部の受信者を1人以上指定してください'))),
  mailFrom: email,
  /** Address pattern for reminder mails to departments; {code} is the department code. */
  departmentAddress: z.string().check(z.includes('{code}', '{code} を含めてください')),
  /** The site's origin when a custom domain fronts CloudFront; otherwise the distribution's own. */
  allowedOrigin: z.optional(z.string().check(z.regex(/^https:\/\/[^/]+$/, 'https://ホスト名 の形式'))),
  cognitoDomainPrefix: z.string().check(z.regex(/^[a-z0-9-]{3,63}$/, '英小文字・数字・ハイフン3〜63文字')),
  /** EventBridge Scheduler cron (Asia/Tokyo): yearly digest, default 1 June 09:00. */
  digestSchedule: z._default(z.string(), 'cron(0 9 1 6 ? *)'),
  reminderSchedule: z._default(z.string(), 'cron(0 9 24 5 ? *)'),
  deadlineLabel: z._default(z.string(), '5月31日'),
  timeZone: z._default(z.string(), 'Asia/Tokyo'),
  opsEmail: z.optional(email),
  /** Cognito threat protection needs the Plus feature plan, which is billed per user. */
  threatProtection: z._default(z.boolean(), false),
  apiRateLimit: z._default(z.number(), 50),
  apiBurstLimit: z._default(z.number(), 100),
  logRetentionDays: z._default(z.number(), 365),
});
export type Settings = z.infer<typeof settingsSchema>;

export function readSettings(app: App): Settings {
  const keys = Object.keys(settingsSchema.shape);
  const raw = Object.fromEntries(keys.map((key) => [key, app.node.tryGetContext(key)]).filter(([, value]) => value !== undefined));
  const result = settingsSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(設定)'}: ${issue.message}`);
    throw new Error(`cdk.json の context（または -c）の設定に誤りがあります:\n${lines.join('\n')}`);
  }
  return result.data;
}
