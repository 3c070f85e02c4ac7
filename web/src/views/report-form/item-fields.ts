import { formatYen, parseJapaneseNumber } from '../../../../functions/domain/calendar/index.ts';
import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from '../../labels.ts';
import { html, nothing } from '../../ui.ts';
import { choiceField, textArea, textField } from './controls.ts';
import type { FormBinding } from './controls.ts';

/**
 * 効果額（円）: typed as digits with separators or the Japanese way (800万), read back the way the KPI value
 * field reads a number; `planned` is the plan's amount for the year, shown beside it.
 */
function effectField(form: FormBinding, planned: string) {
  const parsed = parseJapaneseNumber(form.fields.effectAmount ?? '', '円');
  return textField(form, 'effectAmount', {
    inputmode: 'numeric',
    className: 'value',
    hint: `この年度に削減・増収できた金額を円単位で入力してください（例：8,000,000 または 800万）。${planned}`,
    after: html`<span class="unit" aria-hidden="true">円</span>`,
    below: html`<p class="hint" id="h-effect-preview" aria-live="polite">${parsed === null ? '' : `読み取った値：${formatYen(parsed)}`}</p>`,
  });
}

/**
 * An action item's report (取組状況): 進捗状況, 自己評価 A〜D with its meaning, 実績・課題・今後の取組, and
 * 効果額 when the plan gives the item one (`plannedEffect`: the line naming the year's planned amount).
 */
export const itemFields = (form: FormBinding, plannedEffect?: string) => html`
  ${choiceField(form, 'status', Object.entries(ACTION_STATUS_LABELS))}
  ${choiceField(
    form,
    'rating',
    Object.entries(ACTION_RATING_LABELS).map(([letter, meaning]) => [letter, `${letter}：${meaning}`] as [string, string]),
  )}
  ${textArea(form, 'achievements', true)}
  ${textArea(form, 'challenges')}
  ${textArea(form, 'nextSteps')}
  ${plannedEffect === undefined ? nothing : effectField(form, plannedEffect)}`;
