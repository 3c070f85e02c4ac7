import type { App } from 'aws-cdk-lib';
import * as z from 'zod';

/**
 * Everything ops set per deployment: cdk.json's "context", or `-c key=value` on the command line
 * (which always arrives as a string, hence the coercions). Validated before any stack is built, so
 * a wrong value fails `cdk synth` with the setting's name and what was expected.
 */

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const email = z
  .string()
  .trim()
  .regex(/^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/, 'must be an e-mail address (メールアドレス)');
const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a host name such as shinchoku.city.example.jp');

/** "a,b" from -c, or ["a","b"] from cdk.json. */
const emailList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((v) => v.trim()).filter(Boolean))
  .pipe(z.array(email).min(1, 'needs at least one e-mail address (推進本部の受信者)'));

const boolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const integer = (min: number, max: number) => z.coerce.number().int(`must be a whole number`).min(min).max(max);

const CRON = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/;

/** An EventBridge Scheduler expression: cron(min hour day-of-month month day-of-week year), rate(...) or at(...). */
const scheduleExpression = z
  .string()
  .trim()
  .refine(
    (value) => {
      const cron = CRON.exec(value);
      if (cron) return cron[3] === '?' || cron[5] === '?';
      return /^rate\(\d+ (minute|minutes|hour|hours|day|days)\)$/.test(value) || /^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/.test(value);
    },
    { message: 'must be an EventBridge Scheduler expression such as cron(0 9 1 6 ? *) (day-of-month or day-of-week must be ?)' },
  );

const timeZone = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: value });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as Asia/Tokyo' },
  );

/** Any common (non-leap) year, for month-day arithmetic that must not depend on which year it is. */
const COMMON_YEAR = 2023;

/** MM-DD, a real calendar day (29 February is refused: it is not there every year). */
const monthDay = z
  .string()
  .trim()
  .regex(/^\d\d-\d\d$/, 'must be MM-DD, e.g. 05-31')
  .refine((value) => {
    const [month, day] = value.split('-').map(Number) as [number, number];
    const date = new Date(Date.UTC(COMMON_YEAR, month - 1, day));
    return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, 'is not a day of the year');

export const settingsSchema = z
  .object({
    /** Names every stack (Shinchoku-<stage>-…) and the metric dimension Stage. */
    stage: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9-]{1,15}$/, 'must be 2–16 lower-case letters, digits or hyphens, starting with a letter')
      .default('prod'),
    region: z
      .string()
      .trim()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as ap-northeast-1')
      .default('ap-northeast-1'),
    /** Optional: without it the stacks are environment-agnostic in the account (the CLI's credentials decide at deploy). */
    account: z
      .string()
      .trim()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    /** HQ (推進本部) inboxes for the yearly digest. */
    hqRecipients: emailList,
    /** Sender of the digest and the reminders; verified as an SES email identity. */
    mailFrom: email,
    /** Reminder addresses per department; {code} is the department code (dept-<code> groups). */
    departmentAddress: z.string().trim().includes('{code}', { message: 'must contain {code}, e.g. {code}@city.example.jp' }),
    /** A custom host name for the site (CloudFront alias); needs siteCertificateArn. */
    siteDomain: hostname.optional(),
    /** ACM certificate for siteDomain; CloudFront takes certificates from us-east-1 only. */
    siteCertificateArn: z
      .string()
      .trim()
      .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/, 'must be an ACM certificate ARN in us-east-1')
      .optional(),
    /** The origin the browser sees, when something other than CloudFront's own name or siteDomain fronts the site. */
    allowedOrigin: z
      .string()
      .trim()
      .regex(/^https:\/\/[^/\s]+$/, 'must be an origin: https://host (no path, no trailing slash)')
      .optional(),
    /** Hosted UI: https://<prefix>.auth.<region>.amazoncognito.com */
    cognitoDomainPrefix: z
      .string()
      .trim()
      .regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'must be 3–63 lower-case letters, digits or hyphens')
      .refine((value) => !/aws|amazon|cognito/.test(value), 'may not contain aws, amazon or cognito (Cognito refuses them)'),
    /** Cognito threat protection needs the Plus feature plan, billed per monthly active user. */
    threatProtection: boolean.default(false),
    timeZone: timeZone.default('Asia/Tokyo'),
    /** The yearly digest to HQ: 1 June 09:00, after the fiscal year's reports are due. */
    digestSchedule: scheduleExpression.default('cron(0 9 1 6 ? *)'),
    /**
     * When the digest must have gone out (DigestNotSent alarm, see stacks/ops.ts): the same UTC day as
     * digestSchedule, after its retries are over. Default 21:00 the same day (12:00 UTC).
     */
    digestCheckSchedule: scheduleExpression.default('cron(0 21 1 6 ? *)'),
    /** HQ's deadline for the departments' reports, MM-DD. */
    deadline: monthDay.default('05-31'),
    reminderDaysBefore: integer(1, 60).default(7),
    /** 課内確認: staff submit to their 所属長 before HQ sees a report; 'off' sends it straight to HQ. */
    headConfirmation: z.enum(['on', 'off']).default('on'),
    /** Reminders to departments with reports missing; default: reminderDaysBefore days before the deadline, 09:00. */
    reminderSchedule: scheduleExpression.optional(),
    /** Ops alarms' e-mail subscription (confirmed by the recipient). */
    opsEmail: email.optional(),
    apiRateLimit: integer(1, 10_000).default(50),
    apiBurstLimit: integer(1, 5_000).default(100),
    logRetentionDays: z.coerce
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
      .default(365),
  })
  .superRefine((settings, context) => {
    if (settings.siteDomain && !settings.siteCertificateArn) {
      context.addIssue({
        code: 'custom',
        path: ['siteCertificateArn'],
        message: 'is required with siteDomain (CloudFront serves an alias only with a certificate)',
      });
    }
    if (settings.siteCertificateArn && !settings.siteDomain) {
      context.addIssue({ code: 'custom', path: ['siteDomain'], message: 'is required with siteCertificateArn' });
    }
    const problem = context.issues.length === 0 ? checkWindow(settings.digestSchedule, settings.digestCheckSchedule, settings.timeZone) : undefined;
    if (problem) context.addIssue({ code: 'custom', path: ['digestCheckSchedule'], message: problem });
  })
  .transform((settings) => {
    const [month, day] = settings.deadline.split('-').map(Number) as [number, number];
    const reminder = new Date(Date.UTC(COMMON_YEAR, month - 1, day - settings.reminderDaysBefore));
    return {
      ...settings,
      /** How the deadline reads in the schedule's description: 5月31日 (mail writes the year's full date itself). */
      deadlineLabel: `${month}月${day}日`,
      reminderSchedule: settings.reminderSchedule ?? `cron(0 9 ${reminder.getUTCDate()} ${reminder.getUTCMonth() + 1} ? *)`,
    };
  });

export type Settings = z.output<typeof settingsSchema>;

/** The digest schedule's retry window: its target gives up on an event this much after the planned time. */
export const SCHEDULE_MAX_EVENT_AGE_HOURS = 6;

/**
 * The DigestNotSent alarm compares data points of one UTC day: the check must fall on the same UTC
 * day as the digest and after its retries. Only plain yearly crons (fixed minute, hour, day, month)
 * can be checked; anything else is the operator's responsibility.
 */
function checkWindow(digest: string, check: string, zone: string): string | undefined {
  const at = (expression: string) => {
    const fields = CRON.exec(expression)?.slice(1, 5).map(Number);
    if (!fields || fields.some((n) => !Number.isInteger(n))) return undefined;
    const [minute, hour, day, month] = fields as [number, number, number, number];
    const local = Date.UTC(COMMON_YEAR, month - 1, day, hour, minute);
    return new Date(local - offsetMinutes(zone, new Date(local)) * 60_000);
  };
  const sent = at(digest);
  const due = at(check);
  if (!sent || !due) return undefined;
  if (sent.toISOString().slice(0, 10) !== due.toISOString().slice(0, 10)) {
    return `must fall on the same UTC day as digestSchedule (digest ${sent.toISOString()}, check ${due.toISOString()})`;
  }
  if (due.getTime() - sent.getTime() < (SCHEDULE_MAX_EVENT_AGE_HOURS + 1) * 3_600_000) {
    return `must be at least ${SCHEDULE_MAX_EVENT_AGE_HOURS + 1} hours after digestSchedule, when its retries are over`;
  }
  return undefined;
}

/** The zone's offset from UTC at that instant, in minutes (Asia/Tokyo: 540). */
function offsetMinutes(zone: string, instant: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute', number>;
  return (Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - instant.getTime()) / 60_000;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Reads and validates the settings; throws SettingsError naming every wrong setting. */
export function readSettings(app: App): Settings {
  const shape = settingsSchema.in.shape;
  const raw = Object.fromEntries(
    Object.keys(shape)
      .map((key) => [key, app.node.tryGetContext(key)] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = settingsSchema.safeParse(raw, { error: (issue) => (issue.input === undefined ? 'is required' : undefined) });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(settings)'}: ${issue.message}`);
    throw new SettingsError(`Invalid CDK context setting(s) — fix them in cdk.json "context" or pass -c key=value:\n${lines.join('\n')}`);
  }
  return result.data;
}
