/**
 * The rule for a shared item (関係各課) seen by one department, and how its parts' texts print
 * (domain/progress-reports/parts.ts). Pure: no system is started.
 */
import { describe, expect, it } from 'vitest';
import { joinPartTexts, stateForDepartment } from '../functions/domain/progress-reports/parts.ts';

describe('a shared item’s parts in the year’s report', () => {
  it('prints each part’s text under its department, and no bare 【課名】 for a part with nothing written', () => {
    const challenges = joinPartTexts([
      { name: '庶務課', text: '' },
      { name: '財政課', text: '補助金の基準が古い。' },
      { name: '会計課', text: '  \n' },
    ]);
    expect(challenges).toBe('【財政課】補助金の基準が古い。');
    expect(challenges).not.toContain('【庶務課】');
    expect(joinPartTexts([{ name: '庶務課', text: '' }])).toBe('');
  });
});

describe('a shared item narrowed to one department', () => {
  const item = {
    state: 'missing',
    parts: [
      { department: 'shomu', state: 'approved' },
      { department: 'soumu', state: 'missing' },
    ],
  };
  it('is that department’s own part (承認済 for 庶務課), and the item’s least advanced state without a department', () => {
    expect(stateForDepartment(item, 'shomu')).toBe('approved');
    expect(stateForDepartment(item, 'soumu')).toBe('missing');
    expect(stateForDepartment(item, undefined)).toBe('missing');
    expect(stateForDepartment({ state: 'submitted', parts: null }, 'shomu')).toBe('submitted');
  });
});
