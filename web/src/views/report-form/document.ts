import { formatDate, formatValue } from '../../../../functions/domain/calendar/index.ts';
import type { Kpi } from '../../../../functions/domain/catalogue/schema.ts';
import { FIELD_LABELS, KPI_RATING_LABELS, displayField } from '../../labels.ts';
import type { KpiRating } from '../../labels.ts';
import { html, nothing } from '../../ui.ts';
import { fieldWarnings } from './controls.ts';
import type { Fields, Kind } from '../../models/report-fields.ts';

/**
 * A report as a document, for whoever cannot change it now (the council always; staff while it is with the
 * 所属長 or HQ): its fields as text, without inputs, 必須 marks or counters.
 */
export function reportDocument(kind: Kind, fields: Fields, kpi?: Kpi, warnings: readonly string[] = []) {
  const shown = (name: string) => {
    const value = fields[name] ?? '';
    if (name === 'value' && value !== '' && kpi) return formatValue(Number(value), kpi.unit);
    if (name === 'assessment' && value !== '') return `${value} ${KPI_RATING_LABELS[value as KpiRating] ?? ''}`;
    if (name === 'effectAmount' && value !== '') return `${value}円`;
    if (name === 'asOf' && value !== '') return formatDate(value);
    return displayField(name, value);
  };
  // 効果額 appears once it is reported; a qualitative KPI shows its 評価 where a measured one shows its value.
  const names =
    kind === 'action'
      ? ['status', 'rating', 'achievements', 'challenges', 'nextSteps', ...(fields.effectAmount ? ['effectAmount'] : [])]
      : [kpi?.kind === 'qualitative' ? 'assessment' : 'value', 'asOf', 'note'];
  return html`<section class="card report-document" aria-labelledby="document-title">
    <h2 id="document-title">${kind === 'action' ? '取組状況の報告' : 'KPIの実績'}</h2>
    <dl class="document">
      ${names.map((name) => html`<dt>${FIELD_LABELS[name]}</dt><dd>${shown(name)}${name === 'value' && warnings.length ? fieldWarnings(name, warnings, '入力時の確認事項（値の誤りでないか確かめてください）') : nothing}</dd>`)}
    </dl>
  </section>`;
}

/** What the council sees for a report HQ has not approved: that it is not approved, not an empty form. */
export const notApproved = (label: string) => html`<section class="card report-document">
  <h2>${label}</h2>
  <p><span class="badge badge-missing">○ 未承認</span> この報告はまだ推進本部の承認を受けていません。承認されると、ここに内容が表示されます。</p>
</section>`;
