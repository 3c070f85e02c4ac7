import { formatFiscalYear } from '../domain/calendar/index.ts';
import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import type { MailDocument } from '../digest/mail-document.ts';
import type { NoticeEvent, ReportRef } from '../store/records.ts';

/** 「取組項目 1-1 デジタル窓口の…」 or 「KPI 3-K1 電子申請の件数」: how a mail and the sent log name a report's item. */
export function itemLabel(catalogue: Catalogue, report: ReportRef): string {
  if (report.kind === 'action') {
    const found = catalogue.actionItem(report.subject);
    return found ? `取組項目 ${found.item.number} ${found.item.title}` : `取組項目 ${report.subject}`;
  }
  const found = catalogue.kpi(report.subject);
  return found ? `KPI ${found.kpi.number} ${found.kpi.name}` : `KPI ${report.subject}`;
}

/** The item's number alone for a subject line: 「取組項目 1-1」, 「KPI 3-K1」. */
function itemNumber(catalogue: Catalogue, report: ReportRef): string {
  if (report.kind === 'action') return `取組項目 ${catalogue.actionItem(report.subject)?.item.number ?? report.subject}`;
  return `KPI ${catalogue.kpi(report.subject)?.kpi.number ?? report.subject}`;
}

/** The web app's page of the report (web/src routes: #/report/{kind}/{id}?fy=…&department=…). */
export function reportUrl(webAppUrl: string, report: ReportRef): string {
  const part = report.department === undefined ? '' : `&department=${encodeURIComponent(report.department)}`;
  return `${webAppUrl.replace(/\/$/, '')}/#/report/${report.kind}/${encodeURIComponent(report.subject)}?fy=${report.fiscalYear}${part}`;
}

/** Where each person turns notices off (web/src/views/notice-settings.ts). */
export const settingsUrl = (webAppUrl: string) => `${webAppUrl.replace(/\/$/, '')}/#/settings/notices`;

/**
 * The mail of one notice event: the subject says what happened to which item
 * (【行財政改革】取組項目 1-1 の報告が差し戻されました), the body who did it, the comment, and a link to the report.
 */
export function noticeDocument(input: { catalogue: Catalogue; event: NoticeEvent; webAppUrl: string; departmentNames: string[] }): MailDocument {
  const { catalogue, event } = input;
  const what = event.report.kind === 'action' ? '報告' : '実績';
  const number = itemNumber(catalogue, event.report);
  const fy = formatFiscalYear(event.fiscalYear);
  const happened = {
    awaiting_head: {
      subject: `${what}が課内確認を待っています`,
      lead: `${what}が提出され、所属長の課内確認を待っています。内容を確認し、推進本部へ提出するか差し戻してください。`,
    },
    returned: { subject: `${what}が差し戻されました`, lead: `${what}が差し戻されました。コメントを確認し、修正して再提出してください。` },
    approved: { subject: `${what}が承認されました`, lead: `${what}が推進本部に承認されました。` },
    // Not mailed one by one (deliver.ts files it for HQ's daily summary, daily.ts); said here so every kind has its words.
    daily_submitted: { subject: `${what}が推進本部へ提出されました`, lead: `${what}が推進本部へ提出されました。` },
  }[event.kind];
  const departments = input.departmentNames.join('・');
  return {
    subject: `【行財政改革】${number} の${happened.subject}`,
    blocks: [
      { kind: 'paragraph', content: [`${fy}の「${itemLabel(catalogue, event.report)}」の${happened.lead}`] },
      {
        kind: 'facts',
        head: ['項目', '内容'],
        rows: [
          { label: '項目', value: [itemLabel(catalogue, event.report)] },
          { label: '年度', value: [fy] },
          ...(departments ? [{ label: '担当課', value: [departments] }] : []),
          { label: event.kind === 'awaiting_head' ? '提出した人' : '操作した人', value: [event.actor.name] },
          ...(event.comment ? [{ label: 'コメント', value: [event.comment] }] : []),
        ],
      },
      { kind: 'button', href: reportUrl(input.webAppUrl, event.report), text: `${what}を開く` },
      {
        kind: 'paragraph',
        tone: 'note',
        content: [
          'このメールは進捗管理システム（進捗）から自動で送信しています。通知が不要な場合は',
          { href: settingsUrl(input.webAppUrl), text: '通知の設定' },
          'で止められます。',
        ],
      },
    ],
  };
}
