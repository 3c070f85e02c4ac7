import { h } from '../dom.ts';
import { FISCAL_YEARS, fyLabel } from '../state.ts';

/** The fiscal-year picker every list screen has; changing it reloads the route with ?fy=. */
export function fiscalYearPicker(current: number, path: string): HTMLElement {
  const select = h(
    'select',
    { id: 'fy', onchange: (event: Event) => (location.hash = `${path}?fy=${(event.target as HTMLSelectElement).value}`) },
    FISCAL_YEARS.map((fy) => h('option', { value: fy, selected: fy === current }, fyLabel(fy))),
  );
  return h('p', { class: 'fy-picker' }, h('label', { for: 'fy' }, '年度 '), select);
}

const STATE_KIND: Record<string, string> = { missing: 'missing', draft: 'draft', submitted: 'submitted', returned: 'returned', approved: 'approved' };
const STATE_TEXT: Record<string, string> = { missing: '未入力', draft: '下書き', submitted: '提出済', returned: '差戻し', approved: '承認済' };
const STATE_MARK: Record<string, string> = { missing: '○', draft: '✎', submitted: '↑', returned: '↩', approved: '✓' };

export function stateBadge(state: string): HTMLElement {
  return h('span', { class: `badge badge-${STATE_KIND[state] ?? 'missing'}` }, `${STATE_MARK[state] ?? ''} ${STATE_TEXT[state] ?? state}`);
}

export function errorBox(message: string): HTMLElement {
  return h('div', { class: 'alert alert-error', role: 'alert' }, message);
}
