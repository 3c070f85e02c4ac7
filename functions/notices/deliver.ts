import { resolveDepartments } from '../domain/departments.ts';
import { noticeDay, wantsNotice } from '../domain/notices/index.ts';
import type { NoticeKind } from '../domain/notices/index.ts';
import type { Mailer } from '../digest/mailer.ts';
import { renderMail } from '../digest/render.ts';
import { sendOnce } from '../digest/run.ts';
import type { PlansForYear } from '../digest/run.ts';
import type { NoticeEvent, PersonRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { itemLabel, noticeDocument } from './mail.ts';

export interface NoticeMailSettings {
  from: string;
  /** The site's origin, for the link to the item. */
  webAppUrl: string;
  configurationSet?: string;
}

export interface NoticeDeps {
  store: Store;
  plans: PlansForYear;
  mailer: Mailer;
  now?: () => Date;
}

/**
 * Who is told of an event, among the people who have signed in: the 所属長 of the departments it was
 * submitted from when it awaits 課内確認; its writer when it is returned or approved. Only those with an
 * address who have not turned the kind off; each address once.
 */
export async function recipientsOf(store: Store, event: NoticeEvent): Promise<string[]> {
  let people: PersonRecord[];
  if (event.kind === 'awaiting_head') {
    people = (await store.listPeople()).filter((person) => event.departments.some((code) => person.departments[code] === 'head'));
  } else {
    const writer = event.writer ? await store.getPerson(event.writer.sub) : undefined;
    people = writer ? [writer] : [];
  }
  const addresses = await Promise.all(people.map(async (person) => (person.email && (await wants(store, person.sub, event.kind)) ? person.email : undefined)));
  return [...new Set(addresses.filter((address): address is string => address !== undefined))];
}

async function wants(store: Store, sub: string, kind: NoticeKind): Promise<boolean> {
  return wantsNotice((await store.getNoticeSettings(sub))?.off, kind);
}

/** `filed`: a daily_submitted event, kept for the day's summary (daily.ts) rather than mailed. */
export type NoticeOutcome = 'sent' | 'nobody' | 'already_sent' | 'in_progress' | 'filed';

/**
 * Mails one notice event at most once, however often it is delivered: the event's id is claimed by a
 * conditional write first (digest/run.ts sendOnce), and the claim, completed with when, to whom and what,
 * is HQ's sent log. A failed send releases the claim and throws, so the queue delivers the event again.
 * A report that reached 提出済 is not mailed at once: it is filed under its day (Japan time) for HQ's one
 * mail of that day (daily.ts); filing it twice lists it once.
 */
export async function deliverNotice(deps: NoticeDeps, settings: NoticeMailSettings, event: NoticeEvent): Promise<NoticeOutcome> {
  if (event.kind === 'daily_submitted') {
    await deps.store.fileDailySubmission(noticeDay(event.occurredAt), event);
    return 'filed';
  }
  const catalogue = await deps.plans.forYear(event.fiscalYear);
  const label = itemLabel(catalogue, event.report);
  const outcome = await sendOnce(
    deps,
    { kind: 'notice', fiscalYear: event.fiscalYear, event: event.id },
    async () => {
      const departments = resolveDepartments(catalogue, await deps.store.listAssignments(), event.fiscalYear);
      const departmentNames = event.departments.map((code) => departments.name(code));
      const mail = renderMail(noticeDocument({ catalogue, event, webAppUrl: settings.webAppUrl, departmentNames }));
      return { from: settings.from, to: await recipientsOf(deps.store, event), configurationSet: settings.configurationSet, ...mail };
    },
    { notice: (mail) => ({ kind: event.kind, subject: mail.subject, report: event.report, itemLabel: label }) },
  );
  if (!outcome.sent) return outcome.reason;
  return outcome.mail.to.length === 0 ? 'nobody' : 'sent';
}
