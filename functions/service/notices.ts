import { NOTICE_KINDS } from '../domain/notices/index.ts';
import type { NoticeKind } from '../domain/notices/index.ts';
import type { NoticeSettingsRecord, PersonRecord, SentNotice } from '../store/records.ts';
import type { ServiceContext } from './context.ts';
import { ForbiddenError } from './errors.ts';
import { checkPrecondition } from './precondition.ts';
import type { IfMatch } from './precondition.ts';

/** Who signed in, as the token says (functions/http/auth/principal.ts Principal). */
export interface SignedIn {
  sub: string;
  name: string;
  email?: string;
  hq: boolean;
  departments: ReadonlyMap<string, 'staff' | 'head'>;
}

/**
 * Records who opened the product, with their role, departments and address (issue 24): the mail function
 * finds a department's 所属長 and a report's writer among them. Written only when something changed (or a
 * day has passed), so opening the app is not a write each time.
 */
export async function recordSignIn(ctx: ServiceContext, who: SignedIn): Promise<void> {
  const person: PersonRecord = {
    sub: who.sub,
    name: who.name,
    ...(who.email ? { email: who.email } : {}),
    hq: who.hq,
    departments: Object.fromEntries(who.departments),
    seenAt: ctx.now,
  };
  const known = await ctx.store.getPerson(who.sub);
  const same = known && JSON.stringify({ ...known, seenAt: '' }) === JSON.stringify({ ...person, seenAt: '' });
  if (same && Date.parse(ctx.now) - Date.parse(known.seenAt) < 24 * 3600_000) return;
  await ctx.store.recordPerson(person);
}

/** A person's notice settings as answered: every kind with whether it is on, and the version (ETag). */
export interface NoticeSettingsAnswer {
  kinds: { kind: NoticeKind; on: boolean }[];
  version: number;
}

const settingsAnswer = (record: Pick<NoticeSettingsRecord, 'off' | 'version'> | undefined): NoticeSettingsAnswer => ({
  kinds: NOTICE_KINDS.map((kind) => ({ kind, on: !(record?.off ?? []).includes(kind) })),
  version: record?.version ?? 0,
});

async function requireNotice(ctx: ServiceContext, action: 'settings' | 'list', message: string): Promise<void> {
  const { permissions } = await ctx.access();
  if (!permissions.mayEver('notice', action)) throw new ForbiddenError(message);
}

/** The caller's own settings; version 0 until they first save (every kind on). */
export async function readNoticeSettings(ctx: ServiceContext): Promise<NoticeSettingsAnswer> {
  await requireNotice(ctx, 'settings', '通知の設定は、サインインした本人だけが見られます');
  return settingsAnswer(await ctx.store.getNoticeSettings(ctx.by.sub));
}

/**
 * Turns kinds on and off for the caller. If-Match is required (428 without, 412 when the settings changed
 * meanwhile, e.g. in another tab); version 0 is "never saved". Each change is a revision.
 */
export async function writeNoticeSettings(ctx: ServiceContext, kinds: { kind: NoticeKind; on: boolean }[], ifMatch: IfMatch): Promise<NoticeSettingsAnswer> {
  await requireNotice(ctx, 'settings', '通知の設定は、サインインした本人だけが変えられます');
  const current = await ctx.store.getNoticeSettings(ctx.by.sub);
  checkPrecondition(ifMatch, { version: current?.version ?? 0, required: true, record: settingsAnswer(current) });
  const off = NOTICE_KINDS.filter((kind) => kinds.some((k) => k.kind === kind && !k.on));
  const written = await ctx.store.writeNoticeSettings({
    content: { sub: ctx.by.sub, off },
    expectedVersion: current?.version ?? null,
    change: { off },
    at: ctx.now,
    by: ctx.by,
  });
  return settingsAnswer(written);
}

/** HQ's 「送信した通知」: a fiscal year's notices, newest first, a page at a time (one Query each). */
export async function listSentNotices(
  ctx: ServiceContext,
  fiscalYear: number,
  page: { cursor?: string; limit: number },
): Promise<{ notices: SentNotice[]; nextCursor: string | undefined }> {
  await requireNotice(ctx, 'list', '送信した通知は推進本部だけが見られます');
  return ctx.store.listSentNotices(fiscalYear, page);
}

/** A department reminder (督促メール) as HQ's 「送信した通知」 lists it. */
export interface SentReminderAnswer {
  round: number;
  department: string;
  /** As the 年度's roster names it (HQ-added departments included). */
  departmentName: string;
  /** ISO 8601, UTC. */
  sentAt: string;
  recipients: string[];
}

/**
 * HQ's 「送信した通知」, the reminders part (issue 24: "what was sent, when and to whom"): the 年度's reminders
 * that went out, newest first. One being sent or failed is left out: it has not reached anyone (yet).
 */
export async function listSentReminders(ctx: ServiceContext, fiscalYear: number): Promise<SentReminderAnswer[]> {
  await requireNotice(ctx, 'list', '送信した通知は推進本部だけが見られます');
  const [{ departments }, claims] = await Promise.all([ctx.access(fiscalYear), ctx.store.listReminders(fiscalYear)]);
  return claims
    .flatMap((claim) =>
      claim.status === 'sent' && claim.lastSentAt
        ? [
            {
              round: claim.round,
              department: claim.department,
              departmentName: departments.name(claim.department),
              sentAt: claim.lastSentAt,
              recipients: claim.recipients ?? [],
            },
          ]
        : [],
    )
    .sort((a, b) => b.sentAt.localeCompare(a.sentAt) || b.round - a.round || a.department.localeCompare(b.department));
}
