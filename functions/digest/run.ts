import type { Catalogue } from '../domain/catalogue/catalogue.ts';

/** The plan as it stood for a fiscal year (store/plans.ts PlanRegistry.forYear). */
export interface PlansForYear {
  forYear(fiscalYear: number): Promise<Catalogue>;
}
import { DEFAULT_SUBMISSION_DEADLINE, formatDate, lastEndedFiscalYear, submissionDeadline } from '../domain/calendar/index.ts';
import { FiscalYearOutOfPlanError } from '../domain/attainment/errors.ts';
import { loadYearStatus, UNASSIGNED } from '../progress/year-status.ts';
import type { MissingReports } from '../progress/year-status.ts';
import type { ClaimRef, DigestArchive, SentMail } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { Mail, Mailer } from './mailer.ts';
import { renderDigest, renderMail } from './render.ts';
import type { Digest } from './render.ts';
import { reminderDocument } from './reminder.ts';

export interface DigestSettings {
  from: string;
  hqRecipients: string[];
  webAppUrl: string;
  configurationSet?: string;
}

export interface ReminderSettings extends DigestSettings {
  /** Where a department's reminder goes: "{code}" is replaced by the department's code. */
  departmentAddress: string;
  /**
   * HQ's deadline setting, MM-DD (the stack's `deadline`, DEADLINE for `npm start` and the reminder
   * function); absent: DEFAULT_SUBMISSION_DEADLINE (05-31). The mail gives the fiscal year's date from it
   * (04-30 → 4月30日 of the year after the 年度, submissionDeadline), the same date the web home counts down to: never a
   * fixed word such as 「提出期限」, which told a department nothing. A setting that is no day throws RangeError.
   */
  deadlineMonthDay?: string;
}

/** A claim older than this belonged to a run that died mid-send; Lambda gives up long before. */
const CLAIM_LIFETIME_MS = 15 * 60_000;

type NotSent = 'already_sent' | 'in_progress';

export type DigestOutcome =
  | { sent: true; fiscalYear: number; messageId: string; recipients: string[]; subject: string }
  | { sent: false; fiscalYear: number; reason: NotSent };

export interface ReminderOutcome {
  fiscalYear: number;
  round: number;
  /** Department codes mailed by this invocation. */
  departments: string[];
  /** Departments another invocation has already reminded (or is reminding) in this round. */
  skipped: { department: string; reason: NotSent }[];
  /** Every department's name by code, for saying who was reminded. */
  names: Record<string, string>;
  /**
   * The numbers of the open 取組項目 (and KPIs, as 「KPI 5-K1」) whose measure no department is assigned to
   * (関係各課 not yet assigned): nobody can be reminded of them, so they are HQ's to assign, and the digest
   * lists them under 「担当課が未設定の取組項目」.
   */
  unassigned: string[];
}

/**
 * Sends one mail at most once for its claim (the digest of a year, a department's reminder of a
 * round). The scheduler delivers at least once and HQ may press "send now" meanwhile, so a
 * conditional write claims the mail first; whoever loses the claim sends nothing. A send that fails
 * releases the claim so a retry can send; a send that succeeded keeps it even if recording fails.
 */
export async function sendOnce(
  deps: { store: Store; mailer: Mailer; now?: () => Date },
  ref: ClaimRef,
  mail: () => Promise<Mail>,
  options: { force?: boolean; archive?: (mail: Mail, sent: SentMail) => DigestArchive; notice?: (mail: Mail) => SentMail['notice'] } = {},
): Promise<{ sent: true; mail: Mail; messageId: string } | { sent: false; reason: NotSent }> {
  const now = deps.now?.() ?? new Date();
  const claimedAt = now.toISOString();
  const claimed = await deps.store.claim(ref, {
    force: options.force ?? false,
    now: claimedAt,
    staleBefore: new Date(now.getTime() - CLAIM_LIFETIME_MS).toISOString(),
  });
  if (!claimed) {
    const marker = await deps.store.getClaim(ref);
    return { sent: false, reason: marker?.status === 'sending' ? 'in_progress' : 'already_sent' };
  }
  let message: Mail;
  let messageId: string;
  try {
    message = await mail();
    // A mail with nobody to send to (a notice everyone turned off) is done without SES: the claim still records it.
    ({ messageId } = message.to.length === 0 ? { messageId: '' } : await deps.mailer.send(message));
  } catch (error) {
    await deps.store.failClaim(ref, claimedAt);
    throw error;
  }
  const notice = options.notice?.(message);
  const sent = { sentAt: claimedAt, messageId, recipients: message.to, ...(notice ? { notice } : {}) };
  await deps.store.completeClaim(ref, claimedAt, sent, options.archive?.(message, sent));
  return { sent: true, mail: message, messageId };
}

/** The digest for a fiscal year, rendered from the stored reports (nothing sent). */
export async function prepareDigest(deps: { store: Store; plans: PlansForYear }, fiscalYear: number, webAppUrl: string): Promise<Digest> {
  const catalogue = await deps.plans.forYear(fiscalYear);
  // The report's scope for the figures (approved reports only), so the digest's counts are the report's.
  const status = await loadYearStatus({ store: deps.store, catalogue, fiscalYear, reportScope: true });
  return renderDigest({ catalogue, status, webAppUrl });
}

/**
 * Sends a fiscal year's digest to HQ once (default: the fiscal year that ended); a second
 * invocation finds it sent and does nothing unless `force`. A failed send is logged and rethrown,
 * so the scheduler's retry and dead-letter queue act.
 */
export async function sendDigest(
  deps: { store: Store; plans: PlansForYear; mailer: Mailer; now?: () => Date },
  settings: DigestSettings,
  options: { fiscalYear?: number; force?: boolean } = {},
): Promise<DigestOutcome> {
  const fiscalYear = options.fiscalYear ?? lastEndedFiscalYear(deps.now?.() ?? new Date());
  const forced = options.force ?? false;
  // A year no plan covers is refused before the year is claimed: a refused request leaves nothing stored.
  const catalogue = await deps.plans.forYear(fiscalYear);
  if (!catalogue.covers(fiscalYear)) throw new FiscalYearOutOfPlanError(fiscalYear, catalogue.plan.period);
  try {
    const outcome = await sendOnce(
      deps,
      { kind: 'digest', fiscalYear },
      async () => ({
        from: settings.from,
        to: settings.hqRecipients,
        configurationSet: settings.configurationSet,
        ...(await prepareDigest(deps, fiscalYear, settings.webAppUrl)),
      }),
      {
        force: forced,
        archive: (mail, sent) => ({ fiscalYear, ...sent, subject: mail.subject, html: mail.html, text: mail.text, forced }),
      },
    );
    if (!outcome.sent) return { sent: false, fiscalYear, reason: outcome.reason };
    return { sent: true, fiscalYear, messageId: outcome.messageId, recipients: outcome.mail.to, subject: outcome.mail.subject };
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', message: 'digest not sent', fiscalYear, recipients: settings.hqRecipients, error: String(error) }));
    throw error;
  }
}

/** The numbers of what no department is assigned to (ReminderOutcome.unassigned), in the plan's order. */
function unassignedNumbers(catalogue: Catalogue, missing: readonly MissingReports[]): string[] {
  const open = missing.find((m) => m.department === UNASSIGNED);
  if (!open) return [];
  return [
    ...open.actionItems.map((key) => catalogue.actionItem(key)?.item.number ?? key),
    ...open.kpis.map((key) => `KPI ${catalogue.kpi(key)?.kpi.number ?? key}`),
  ];
}

/** One department's reminder, ready to send. */
export interface PreparedReminder {
  department: string;
  /** The department's name, as every mail and log line gives it. */
  name: string;
  mail: Mail;
}

/**
 * The reminders for a fiscal year as they would go out now (nothing claimed or sent): one per
 * department with reports not yet submitted to HQ; items no department is assigned to are HQ's own
 * to sort out and get no mail (unassignedItems names them; the digest lists them).
 */
export async function prepareReminders(
  deps: { store: Store; plans: PlansForYear },
  settings: ReminderSettings,
  fiscalYear: number,
): Promise<PreparedReminder[]> {
  return (await reminderRound(deps, settings, fiscalYear)).reminders;
}

/** A round's reminders and what they cannot cover (ReminderOutcome.unassigned), from one reading of the year. */
export async function reminderRound(
  deps: { store: Store; plans: PlansForYear },
  settings: ReminderSettings,
  fiscalYear: number,
): Promise<{ reminders: PreparedReminder[]; unassigned: string[] }> {
  const catalogue = await deps.plans.forYear(fiscalYear);
  const status = await loadYearStatus({ store: deps.store, catalogue, fiscalYear });
  const deadline = formatDate(submissionDeadline(fiscalYear, settings.deadlineMonthDay ?? DEFAULT_SUBMISSION_DEADLINE));
  const reminders = status.missing
    .filter((missing) => missing.department !== UNASSIGNED)
    .map((missing) => ({
      department: missing.department,
      name: missing.name,
      mail: {
        from: settings.from,
        to: [settings.departmentAddress.replace('{code}', missing.department)],
        configurationSet: settings.configurationSet,
        ...renderMail(reminderDocument({ catalogue, fiscalYear, missing, deadline, webAppUrl: settings.webAppUrl })),
      },
    }));
  return { reminders, unassigned: unassignedNumbers(catalogue, status.missing) };
}

/**
 * Reminders before HQ's deadline: each department with reports not yet submitted to HQ for the
 * fiscal year (default: the one that ended) gets one mail listing them, once per fiscal year,
 * department and `round` (default 1; a later reminder is a new round). Concurrent or repeated
 * invocations send each department's mail once. Departments whose send fails are retried by the
 * next invocation: the run throws after trying all of them.
 */
export async function sendReminders(
  deps: { store: Store; plans: PlansForYear; mailer: Mailer; now?: () => Date },
  settings: ReminderSettings,
  options: { fiscalYear?: number; round?: number } = {},
): Promise<ReminderOutcome> {
  const fiscalYear = options.fiscalYear ?? lastEndedFiscalYear(deps.now?.() ?? new Date());
  const round = options.round ?? 1;
  const { reminders, unassigned } = await reminderRound(deps, settings, fiscalYear);
  const outcome: ReminderOutcome = { fiscalYear, round, departments: [], skipped: [], names: {}, unassigned };
  const failed: string[] = [];
  for (const reminder of reminders) {
    const ref: ClaimRef = { kind: 'reminder', fiscalYear, round, department: reminder.department };
    outcome.names[reminder.department] = reminder.name;
    try {
      const result = await sendOnce(deps, ref, async () => reminder.mail);
      if (result.sent) outcome.departments.push(reminder.department);
      else outcome.skipped.push({ department: reminder.department, reason: result.reason });
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: 'reminder not sent', fiscalYear, round, department: reminder.department, error: String(error) }));
      failed.push(reminder.name);
    }
  }
  if (failed.length > 0) {
    throw new Error(`督促メールを送れなかった課があります（${failed.join('、')}）。再実行すると、その課だけに送ります`);
  }
  return outcome;
}
