import { ACTION_RATING_LABELS, ACTION_STATUS_LABELS } from '../../labels.ts';
import { html } from '../../ui.ts';
import { choiceField, textArea } from './controls.ts';
import type { FormBinding } from './controls.ts';

/** An action item's report (取組状況): 進捗状況, 自己評価 A〜D with its meaning, 実績・課題・今後の取組. */
export const itemFields = (form: FormBinding) => html`
  ${choiceField(form, 'status', Object.entries(ACTION_STATUS_LABELS))}
  ${choiceField(
    form,
    'rating',
    Object.entries(ACTION_RATING_LABELS).map(([letter, meaning]) => [letter, `${letter}：${meaning}`] as [string, string]),
  )}
  ${textArea(form, 'achievements', true)}
  ${textArea(form, 'challenges')}
  ${textArea(form, 'nextSteps')}`;
