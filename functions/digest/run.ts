import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { lastEndedFiscalYear } from '../domain/calendar/index.ts';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { loadYearStatus, UNASSIGNED } from '../progress/year-status.ts';
import type { Store } from '../store/store.ts';
import type { Mailer } from './mailer.ts';
import { renderDigest } from './render.ts';
import type { Digest } from './render.ts';

export interface DigestSettings {
  from: string;
  hqRecipients: string[];
  webAppUrl: string;
  configurationSet?: string;
}

/** A claim older than this belonged to a run that died mid-send; Lambda gives up long before. */
const CLAIM_LIFETIME_MS = 15 * 60_000;

export type DigestOutcome =
  | { sent: true; fiscalYear: number; messageId: string; recipients: string[]; subject: string }
  | { sent: false; fiscalYear: number; reason: 'already_sent' | 'in_progress' };

/** The digest for a fiscal year, rendered from the stored reports (nothing sent). */
export async function prepareDigest(deps: { store: Store; catalogue: Catalogue }, fiscalYear: number, webAppUrl: string): Promise<Digest> {
  const status = await loadYearStatus({ store: deps.store, catalogue: deps.catalogue, fiscalYear });
  return renderDigest({ catalogue: deps.catalogue, status, webAppUrl });
}

/**
 * Sends a fiscal year's digest once. The scheduler delivers at least once, so a conditional write
 * claims the year first; a second invocation finds it sent and does nothing unless `force`.
 * A failed send releases the claim and rethrows, so the scheduler's retry and dead-letter queue act.
 */
export async function sendDigest(
  deps: { store: Store; catalogue: Catalogue; mailer: Mailer; now?: () => Date },
  settings: DigestSettings,
  options: { fiscalYear?: number; force?: boolean } = {},
): Promise<DigestOutcome> {
  const now = deps.now?.() ?? new Date();
  const fiscalYear = options.fiscalYear ?? lastEndedFiscalYear(now);
  const claimedAt = now.toISOString();
  const claimed = await deps.store.claimDigest(fiscalYear, {
    force: options.force ?? false,
    now: claimedAt,
    staleBefore: new Date(now.getTime() - CLAIM_LIFETIME_MS).toISOString(),
  });
  if (!claimed) {
    const marker = await deps.store.getDigestMarker(fiscalYear);
    return { sent: false, fiscalYear, reason: marker?.status === 'sending' ? 'in_progress' : 'already_sent' };
  }
  try {
    const digest = await prepareDigest(deps, fiscalYear, settings.webAppUrl);
    const { messageId } = await deps.mailer.send({ from: settings.from, to: settings.hqRecipients, configurationSet: settings.configurationSet, ...digest });
    await deps.store.completeDigest(claimedAt, {
      fiscalYear,
      sentAt: claimedAt,
      messageId,
      recipients: settings.hqRecipients,
      forced: options.force ?? false,
      ...digest,
    });
    return { sent: true, fiscalYear, messageId, recipients: settings.hqRecipients, subject: digest.subject };
  } catch (error) {
    await deps.store.failDigest(fiscalYear, claimedAt);
    console.error(
      JSON.stringify({ level: 'error', message: 'digest not sent', fiscalYear, recipients: settings.hqRecipients, error: String(error) }),
    );
    throw error;
  }
}

/**
 * Reminders before HQ's deadline: each department with reports still missing for the fiscal year
 * gets one mail listing them. Addresses come from a pattern such as "{code}@city.example".
 */
export async function sendReminders(
  deps: { store: Store; catalogue: Catalogue; mailer: Mailer; now?: () => Date },
  settings: DigestSettings & { departmentAddress: string; deadline: string },
  options: { fiscalYear?: number } = {},
): Promise<{ fiscalYear: number; departments: string[] }> {
  const fiscalYear = options.fiscalYear ?? lastEndedFiscalYear(deps.now?.() ?? new Date());
  const status = await loadYearStatus({ store: deps.store, catalogue: deps.catalogue, fiscalYear });
  const fy = formatFiscalYear(fiscalYear);
  const sent: string[] = [];
  for (const missing of status.missing) {
    if (missing.department === UNASSIGNED) continue;
    const to = settings.departmentAddress.replace('{code}', missing.department);
    const lines = [
      `${missing.name} ご担当者様`,
      '',
      `${fy}の行財政改革の進捗報告で、次の報告がまだ提出されていません。${settings.deadline}までに提出してください。`,
      '',
      ...missing.actionItems.map((id) => `・取組項目 ${id} ${deps.catalogue.actionItem(id)?.item.title ?? ''}`),
      ...missing.kpis.map((id) => `・KPI ${id} ${deps.catalogue.kpi(id)?.kpi.name ?? ''}`),
      '',
      `入力はこちら: ${settings.webAppUrl.replace(/\/$/, '')}/#/department?fy=${fiscalYear}`,
      '',
      '行財政改革推進本部 事務局（総合政策課）',
    ];
    const text = `${lines.join('\n')}\n`;
    const html = `<!DOCTYPE html><html lang="ja"><body><pre style="font-family:'Hiragino Sans','Yu Gothic','Meiryo',sans-serif;white-space:pre-wrap;">${text.replace(/[&<>]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch]!)}</pre></body></html>`;
    await deps.mailer.send({ from: settings.from, to: [to], subject: `【行財政改革】${fy} 進捗報告の提出のお願い（${missing.name}）`, html, text, configurationSet: settings.configurationSet });
    sent.push(missing.department);
  }
  return { fiscalYear, departments: sent };
}
