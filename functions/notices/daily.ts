import { formatDate, formatFiscalYear } from '../domain/calendar/index.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { resolveDepartments } from '../domain/departments.ts';
import { noticeDay, wantsNotice } from '../domain/notices/index.ts';
import type { MailDocument } from '../digest/mail-document.ts';
import { renderMail } from '../digest/render.ts';
import { sendOnce } from '../digest/run.ts';
import type { NoticeEvent, ReportRef } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { NoticeDeps, NoticeMailSettings } from './deliver.ts';
import { reportUrl, settingsUrl } from './mail.ts';

/** One line of the summary: the item's number and title, and the departments it was submitted from. */
export interface DailyRow {
  number: string;
  title: string;
  departments: string;
  report: ReportRef;
}

/**
 * What the day's run did: `nothing` (no report reached 提出済 that day, so no mail), `sent`, `nobody` (every
 * HQ person had turned the kind off or has no address; recorded, not mailed), or the claim's `already_sent` /
 * `in_progress` when the schedule delivered twice.
 */
export interface DailyOutcome {
  /** `YYYY-MM-DD`, Japan time. */
  day: string;
  outcome: 'nothing' | 'sent' | 'nobody' | 'already_sent' | 'in_progress';
  /** Reports listed. */
  count: number;
  /** The fiscal year whose 「送信した通知」 lists the mail (the latest year among the day's reports); absent on a day with none. */
  fiscalYear?: number;
}

/**
 * The sent log's id of a day's summary: the last instant of that day (UTC ISO, as event ids begin), so it
 * sorts after the day's events, and the same for every run of the day (the claim that makes it once).
 */
export const dailyEventId = (day: string): string => `${new Date(Date.parse(`${day}T23:59:59.999+09:00`)).toISOString()}_daily`;

const refKey = (ref: ReportRef) => `${ref.fiscalYear}|${ref.kind}|${ref.subject}|${ref.department ?? ''}`;

/** A report withdrawn and submitted again the same day is listed once, as last submitted; oldest first. */
function latestPerReport(events: readonly NoticeEvent[]): NoticeEvent[] {
  const byReport = new Map<string, NoticeEvent>();
  for (const event of [...events].sort((a, b) => a.id.localeCompare(b.id))) {
    byReport.delete(refKey(event.report));
    byReport.set(refKey(event.report), event);
  }
  return [...byReport.values()];
}

function rowOf(catalogue: Catalogue, event: NoticeEvent, departmentName: (code: string) => string): DailyRow {
  const { report } = event;
  const departments = event.departments.map(departmentName).join('・') || '—';
  if (report.kind === 'action') {
    const found = catalogue.actionItem(report.subject);
    return { number: found?.item.number ?? report.subject, title: found?.item.title ?? '', departments, report };
  }
  const found = catalogue.kpi(report.subject);
  return { number: `KPI ${found?.kpi.number ?? report.subject}`, title: found?.kpi.name ?? '', departments, report };
}

/**
 * HQ's mail of a day: 「【行財政改革】本日提出された報告（令和8年12月6日、5件）」, a table of the reports
 * (number linked to the report, title, department) and a button to the review queue of each fiscal year the
 * reports belong to. When they belong to more than one (a spring day: last year's late reports beside this
 * year's), the table says each one's 年度.
 */
export function dailyDocument(input: { day: string; rows: readonly DailyRow[]; webAppUrl: string }): MailDocument {
  const { rows, webAppUrl } = input;
  const base = webAppUrl.replace(/\/$/, '');
  const years = [...new Set(rows.map((row) => row.report.fiscalYear))].sort((a, b) => a - b);
  const mixed = years.length > 1;
  return {
    subject: `【行財政改革】本日提出された報告（${formatDate(input.day)}、${rows.length}件）`,
    blocks: [
      { kind: 'paragraph', content: [`${formatDate(input.day)}に推進本部へ提出された報告は${rows.length}件です。審査待ちの一覧から確認してください。`] },
      {
        kind: 'table',
        head: ['番号', ...(mixed ? ['年度'] : []), '項目', '担当課'],
        rows: rows.map((row) => [
          [{ href: reportUrl(webAppUrl, row.report), text: row.number }],
          ...(mixed ? [[formatFiscalYear(row.report.fiscalYear)]] : []),
          [row.title],
          [row.departments],
        ]),
      },
      ...years.map((fiscalYear) => ({
        kind: 'button' as const,
        href: `${base}/#/hq/review?fy=${fiscalYear}`,
        text: `審査待ちの一覧を開く（${formatFiscalYear(fiscalYear)}）`,
      })),
      {
        kind: 'paragraph',
        tone: 'note',
        content: [
          'このメールは進捗管理システム（進捗）から1日1回、提出があった日だけ送信しています。不要な場合は',
          { href: settingsUrl(webAppUrl), text: '通知の設定' },
          'で止められます。',
        ],
      },
    ],
  };
}

/** HQ's people with an address who have not turned the daily summary off; each address once. */
export async function dailyRecipients(store: Store): Promise<string[]> {
  const hq = (await store.listPeople()).filter((person) => person.hq && person.email);
  const wanted = await Promise.all(
    hq.map(async (person) => (wantsNotice((await store.getNoticeSettings(person.sub))?.off, 'daily_submitted') ? person.email : undefined)),
  );
  return [...new Set(wanted.filter((address): address is string => address !== undefined))];
}

/**
 * The scheduled daily summary (17:30 Japan time, infra/stacks/digest.ts): one mail to HQ listing what reached
 * 提出済 today (the day of `deps.now`, Japan time), read with one Query of the day's partition. Nothing
 * submitted: no mail. Sent once a day however often the schedule delivers (sendOnce's claim, which is also
 * HQ's 「送信した通知」 entry, under the latest fiscal year the day's reports belong to). A failed send
 * releases the claim and throws, so the schedule's retry sends it.
 */
export async function sendDailySubmitted(deps: NoticeDeps, settings: NoticeMailSettings): Promise<DailyOutcome> {
  const day = noticeDay(deps.now?.() ?? new Date());
  const events = latestPerReport(await deps.store.listDailySubmissions(day));
  if (events.length === 0) return { day, outcome: 'nothing', count: 0 };
  const fiscalYear = Math.max(...events.map((event) => event.fiscalYear));
  const outcome = await sendOnce(
    deps,
    { kind: 'notice', fiscalYear, event: dailyEventId(day) },
    async () => {
      const assignments = await deps.store.listAssignments();
      const rows: DailyRow[] = [];
      for (const event of events) {
        const catalogue = await deps.plans.forYear(event.fiscalYear);
        const departments = resolveDepartments(catalogue, assignments, event.fiscalYear);
        rows.push(rowOf(catalogue, event, (code) => departments.name(code)));
      }
      const mail = renderMail(dailyDocument({ day, rows, webAppUrl: settings.webAppUrl }));
      return { from: settings.from, to: await dailyRecipients(deps.store), configurationSet: settings.configurationSet, ...mail };
    },
    { notice: (mail) => ({ kind: 'daily_submitted', subject: mail.subject, itemLabel: `提出済の報告 ${events.length}件` }) },
  );
  if (!outcome.sent) return { day, outcome: outcome.reason, count: events.length, fiscalYear };
  return { day, outcome: outcome.mail.to.length === 0 ? 'nobody' : 'sent', count: events.length, fiscalYear };
}
