import { formatValue, parseJapaneseNumber } from '../../../../functions/domain/calendar/index.ts';
import { actualPeriodFor } from '../../../../functions/domain/catalogue/kpi-periods.ts';
import type { Kpi } from '../../../../functions/domain/catalogue/schema.ts';
import { KPI_RATING_LABELS } from '../../labels.ts';
import { html } from '../../ui.ts';
import { selectField, textField } from './controls.ts';
import type { FormBinding } from './controls.ts';

/**
 * A KPI actual: the value in the KPI's unit (typed the Japanese way if the user likes, with what was read
 * shown back) and any question it raises, the date it was measured and its source. Which period's value is
 * asked for, and the 時点 hint, are the domain's (actualPeriodFor): 36-K1 asks for 令和8年 (1月〜12月).
 */
export function kpiFields(form: FormBinding, kpi: Kpi, fy: number, warnings: readonly string[]) {
  const parsed = parseJapaneseNumber(form.fields.value ?? '', kpi.unit);
  const prompt = actualPeriodFor(kpi, fy);
  if (kpi.kind === 'qualitative') {
    // No number to measure: the department's own 評価 is the KPI's rating for the period.
    return html`
      <p class="planned">定性的な指標：所管課の評価で判定します</p>
      ${selectField(
        form,
        'assessment',
        (['A', 'B', 'C', 'D'] as const).map((letter) => [letter, `${letter} ${KPI_RATING_LABELS[letter]}`]),
        `${prompt.label}の状態を、目標「${kpi.target.label}」に照らして評価してください。`,
      )}
      ${textField(form, 'asOf', { type: 'date', required: true, hint: prompt.asOfHint })}
      ${textField(form, 'note', { hint: '評価の根拠（実施した内容・資料名など）' })}`;
  }
  return html`
    ${textField(form, 'value', {
      required: true,
      inputmode: 'decimal',
      className: 'value',
      hint: `${prompt.label}の値です。単位は「${kpi.unit}」です（例：${formatValue(kpi.baseline.value, kpi.unit)}）。数字だけでも入力できます。`,
      after: html`<span class="unit" aria-hidden="true">${kpi.unit}</span>`,
      below: html`<p class="hint" id="h-preview" aria-live="polite">${parsed === null ? '' : `読み取った値：${formatValue(parsed, kpi.unit)}`}</p>`,
      warnings,
    })}
    ${textField(form, 'asOf', { type: 'date', required: true, hint: prompt.asOfHint })}
    ${textField(form, 'note', { hint: '出典（システム名・資料名など）' })}`;
}
