/**
 * 年度ごとの報告: one action item's reports for every year of the plan, side by side on a wide screen and
 * one year under another on a phone (CSS grid). Each part of a shared item is its own block. The council
 * sees approved reports only (the API leaves the rest out), and so only their 根拠資料. Loaded when opened.
 */
import { formatFiscalYear } from '../../../functions/domain/calendar/index.ts';
import { serverClock, yearNotBegun } from '../models/clock.ts';
import { call } from '../api.ts';
import { FIELD_LABELS, displayField } from '../labels.ts';
import { getPlan } from '../state.ts';
import { html, nothing, show } from '../ui.ts';
import { reviewFileModels, reviewFiles } from './attachments.ts';
import { errorBox, stateBadge } from './common.ts';

/** The fields of an action report in the order the form asks them. */
const FIELDS = ['status', 'rating', 'achievements', 'challenges', 'nextSteps', 'effectAmount'] as const;

export async function actionItemYearsView(id: string, fy: number): Promise<void> {
  const [plan, { data }] = await Promise.all([getPlan(), call('actionItemYearsSchema', `/action-items/${encodeURIComponent(id)}/years`)]);
  const item = plan.measures.flatMap((m) => m.actionItems).find((i) => i.key === id);
  if (!item) return show(html`<h1>見つかりません</h1>${errorBox(`「${id}」は計画にありません`)}`);
  // Each report's files, read all at once: only reports the caller was given (the council: approved ones),
  // so a list is never asked for that the API would refuse. A shared item's part names its 課.
  const fileKey = (fiscalYear: number, department: string) => `${fiscalYear}:${department}`;
  const files = await reviewFileModels(
    data.years.flatMap((year) =>
      year.parts.flatMap((part) =>
        part.report
          ? [{ key: fileKey(year.fiscalYear, part.department), kind: 'action' as const, fiscalYear: year.fiscalYear, id, department: part.report.department }]
          : [],
      ),
    ),
  );
  show(html`
    <p class="crumbs"><a href="#/report/action/${encodeURIComponent(id)}?fy=${fy}">報告へ戻る</a></p>
    <h1>年度ごとの報告 ${item.number} ${item.title}</h1>
    <div class="years">${data.years.map(
      (year) => html`<section class="card year" aria-labelledby="y${year.fiscalYear}">
        <h2 id="y${year.fiscalYear}">${formatFiscalYear(year.fiscalYear)}</h2>
        <p class="muted">計画：${year.planned ?? '予定なし'}</p>
        ${
          yearNotBegun(year.fiscalYear, serverClock.now())
            ? html`<p class="muted">まだ始まっていない年度です</p>`
            : year.parts.map(
                (part) => html`${year.parts.length > 1 ? html`<h3>${part.departmentName}</h3>` : nothing}
          <p>${stateBadge(part.report ? part.state : 'missing')}${part.report?.carriedFrom ? html` <span class="badge">前年度から引継ぎ</span>` : nothing}</p>
          ${
            part.report?.kind === 'action'
              ? html`<dl>${FIELDS.filter(
                  (name) => (part.report!.body as Record<string, unknown>)[name] !== undefined && (part.report!.body as Record<string, unknown>)[name] !== '',
                ).map(
                  (name) =>
                    html`<dt>${FIELD_LABELS[name] ?? name}</dt><dd class="text">${displayField(name, (part.report!.body as Record<string, unknown>)[name])}</dd>`,
                )}${reviewFiles(files.get(fileKey(year.fiscalYear, part.department)))}</dl>`
              : html`<p class="muted">報告はありません</p>`
          }`,
              )
        }
      </section>`,
    )}</div>`);
}
