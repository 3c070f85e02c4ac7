import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import type { MissingReports } from '../progress/year-status.ts';
import { periodLabel } from './labels.ts';
import type { MailDocument } from './mail-document.ts';

/**
 * The reminder one department receives before HQ's deadline: what it has not yet submitted to HQ
 * for the fiscal year (課内確認待ち included: the head has not confirmed it yet), and where to enter it.
 */
export function reminderDocument(input: {
  catalogue: Catalogue;
  fiscalYear: number;
  missing: MissingReports;
  /** HQ's deadline as people write it, e.g. 令和9年5月31日. */
  deadline: string;
  webAppUrl: string;
}): MailDocument {
  const { catalogue, fiscalYear, missing } = input;
  const fy = periodLabel.fiscalYear(fiscalYear);
  return {
    subject: `【行財政改革】${fy} 進捗報告の提出のお願い（${missing.name}）`,
    blocks: [
      { kind: 'paragraph', content: [`${missing.name} ご担当者様`] },
      {
        kind: 'paragraph',
        content: [
          `${fy}の行財政改革の進捗報告で、次の報告がまだ推進本部に提出されていません（課内確認待ちを含みます）。${input.deadline}までに提出してください。`,
        ],
      },
      {
        kind: 'list',
        items: [
          ...missing.actionItems.map((id) => [`取組項目 ${catalogue.actionItem(id)?.item.number ?? id} ${catalogue.actionItem(id)?.item.title ?? ''}`]),
          ...missing.kpis.map((id) => [`KPI ${catalogue.kpi(id)?.kpi.number ?? id} ${catalogue.kpi(id)?.kpi.name ?? ''}`]),
        ],
      },
      { kind: 'button', href: `${input.webAppUrl.replace(/\/$/, '')}/#/department?fy=${fiscalYear}`, text: '入力はこちら' },
      {
        kind: 'paragraph',
        tone: 'note',
        content: [`${catalogue.plan.hq.name} 事務局（${catalogue.departmentName(catalogue.plan.hq.department) ?? catalogue.plan.hq.department}）`],
      },
    ],
  };
}
