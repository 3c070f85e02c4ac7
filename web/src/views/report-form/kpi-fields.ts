import { formatPeriod, formatValue, parseJapaneseNumber } from '../../../../functions/domain/calendar/index.ts';
import type { Kpi } from '../../../../functions/domain/catalogue/schema.ts';
import { html } from '../../ui.ts';
import { textField } from './controls.ts';
import type { FormBinding } from './controls.ts';

/**
 * A KPI actual: the value in the KPI's unit (typed the Japanese way if the user likes, with what was read
 * shown back), the date it was measured and its source. A calendar-year KPI asks for that year's value.
 */
export function kpiFields(form: FormBinding, kpi: Kpi, fy: number) {
  const parsed = parseJapaneseNumber(form.fields.value ?? '', kpi.unit);
  const calendar = kpi.basis === 'calendar_year';
  return html`
    ${textField(form, 'value', {
      required: true,
      inputmode: 'decimal',
      className: 'value',
      hint: html`${calendar ? `${formatPeriod(fy, 'calendar_year')}（1月〜12月）の値を入力します。` : ''}単位は「${kpi.unit}」です（例: ${formatValue(kpi.baseline.value, kpi.unit)}）。数字だけでも入力できます。`,
      after: html`<span class="unit" aria-hidden="true">${kpi.unit}</span>`,
    })}
    <p class="hint" id="h-preview" aria-live="polite">${parsed === null ? '' : `読み取った値: ${formatValue(parsed, kpi.unit)}`}</p>
    ${textField(form, 'asOf', { type: 'date', required: true, hint: `いつ時点の値か（例: ${calendar ? `${fy}-12-31` : `${fy + 1}-03-31`}）` })}
    ${textField(form, 'note', { hint: '出典（システム名・資料名など）' })}`;
}
