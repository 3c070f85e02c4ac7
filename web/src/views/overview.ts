import { KPI_RATING_LABELS } from '../../../functions/domain/attainment/labels.ts';
import type { KpiRating } from '../../../functions/domain/attainment/labels.ts';
import type { Tally } from '../../../functions/domain/attainment/index.ts';
import { REPORT_STATE_LABELS } from '../../../functions/domain/reports/workflow.ts';
import type { Overview } from '../../../functions/contract/index.ts';
import { call, download } from '../api.ts';
import { badge, h, render, scroller } from '../dom.ts';
import { departmentName, fyLabel, getMe, getPlan } from '../state.ts';
import { errorBox, fiscalYearPicker, problemText, ratingBadge, stateBadge, tallyText } from './common.ts';

/** GET /fiscal-years/{fy}/overview, as the contract states it. */
export type { Overview };

/** "B 2・未評価 1": the letters are explained once, in the summary above the table. */
const ratingTally = (tally: Tally) => ({
  actions: tallyText(tally.actionRatings, { A: 'A', B: 'B', C: 'C', D: 'D', unrated: '未評価' }),
  kpis: tallyText(tally.kpiRatings, { A: 'A', B: 'B', C: 'C', D: 'D', N: 'N' }),
});

function select(id: string, label: string, options: [string, string][], value: string, onChange: (value: string) => void) {
  const control = h('select', { id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
    h('option', { value: '' }, 'すべて'), options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return h('p', { class: 'filter' }, h('label', { for: id }, label), control);
}

/** 全体状況 (HQ) and 承認済みの進捗 (council): all 44 measures with their report states and ratings, filterable. */
export async function overviewView(fy: number, params: URLSearchParams): Promise<void> {
  const [plan, me, { data }] = await Promise.all([getPlan(), getMe(), call<Overview>(`/fiscal-years/${fy}/overview`)]);
  const viewer = me.role === 'viewer';
  const filters = { pillar: params.get('pillar') ?? '', policy: params.get('policy') ?? '', department: params.get('department') ?? '', state: params.get('state') ?? '', rating: params.get('rating') ?? '' };
  const base = viewer ? '#/viewer' : '#/hq/overview';
  const go = (key: string, value: string) => {
    const next = new URLSearchParams({ fy: String(fy), ...filters, [key]: value });
    if (key === 'pillar') next.delete('policy');
    for (const [k, v] of [...next]) if (!v) next.delete(k);
    location.hash = `${base}?${next}`;
  };
  const kpiById = new Map(data.attainment.kpis.map((k) => [k.id, k]));
  const tallyByMeasure = new Map(data.attainment.measures.map((m) => [m.number, m]));
  const rows = data.measures.filter((m) =>
    (!filters.pillar || m.pillar === filters.pillar) &&
    (!filters.policy || m.policy === filters.policy) &&
    (!filters.department || m.departments.includes(filters.department)) &&
    (!filters.state || [...m.actionItems, ...m.kpis].some((i) => i.state === filters.state)) &&
    (!filters.rating || m.kpis.some((k) => kpiById.get(k.id)?.rating === filters.rating)),
  );
  const policies = plan.pillars
    .filter((p) => !filters.pillar || p.id === filters.pillar)
    .flatMap((p) => p.policies.map((q) => [q.id, `${q.id} ${q.title}`] as [string, string]));
  const departmentCodes = [...new Set([...plan.departments.map((d) => d.code), ...data.measures.flatMap((m) => m.departments)])].filter((c) => c !== 'unassigned');

  // The council sees approved reports only: anything else is "not approved yet", not "not entered".
  const stateLabels: Record<string, string> = viewer ? { approved: REPORT_STATE_LABELS.approved, missing: '未承認' } : REPORT_STATE_LABELS;
  const itemBadge = (state: string) => (viewer && state === 'missing' ? badge('○ 未承認', 'missing') : stateBadge(state));
  const unassigned = new Set(plan.measures.filter((m) => m.owners.includes('kankei-kakuka') && m.assignedDepartments.length === 0).map((m) => m.number));
  const stateCounts: Record<string, number> = {};
  for (const m of data.measures) for (const i of [...m.actionItems, ...m.kpis]) stateCounts[i.state] = (stateCounts[i.state] ?? 0) + 1;
  const total = ratingTally(data.attainment.total);
  const status = h('p', { role: 'status' });

  const exportButton = (ext: 'csv' | 'xlsx', text: string) =>
    h('button', {
      type: 'button',
      onclick: () => download(`/fiscal-years/${fy}/export.${ext}`, `進捗報告_${fyLabel(fy)}.${ext}`).then(
        () => (status.textContent = `${text}しました`),
        (error: unknown) => status.replaceChildren(errorBox(problemText(error, '出力できませんでした'))),
      ),
    }, text);

  render(
    h('h1', {}, viewer ? '承認済みの進捗（推進懇談会）' : '全体状況'),
    fiscalYearPicker(fy, base),
    viewer ? h('p', { class: 'alert' }, '推進本部が承認した報告だけを表示しています（閲覧のみ）。') : null,
    h('section', { class: 'card', 'aria-labelledby': 'summary-title' },
      h('h2', { id: 'summary-title' }, `${fyLabel(fy)}のまとめ`),
      h('dl', { class: 'facts' },
        h('dt', {}, viewer ? '承認済みの報告' : '報告の状態'), h('dd', {}, tallyText(stateCounts, stateLabels)),
        h('dt', {}, '取組項目の自己評価'), h('dd', {}, total.actions, h('span', { class: 'muted' }, '（A 計画以上・B 計画どおり・C やや遅れ・D 遅れ・未着手）')),
        h('dt', {}, 'KPIの達成度'), h('dd', {}, total.kpis, h('span', { class: 'muted' }, '（A 達成・B 順調・C 遅れ・D 後退・N 未報告）'))),
      h('div', { class: 'scroll' }, h('table', { class: 'rollup' },
        h('caption', {}, '柱ごとの集計'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '柱'), h('th', { scope: 'col' }, '自己評価'), h('th', { scope: 'col' }, 'KPI'))),
        h('tbody', {}, data.attainment.pillars.map((p) => {
          const t = ratingTally(p);
          return h('tr', {}, h('th', { scope: 'row' }, `${p.id} ${p.title}`), h('td', {}, t.actions), h('td', {}, t.kpis));
        })))),
    ),
    h('div', { class: 'filters no-print', role: 'search', 'aria-label': '施策の絞り込み' },
      select('filter-pillar', '柱', plan.pillars.map((p) => [p.id, `${p.id} ${p.title}`]), filters.pillar, (v) => go('pillar', v)),
      select('filter-policy', '政策', policies, filters.policy, (v) => go('policy', v)),
      select('filter-department', '課', departmentCodes.map((c) => [c, departmentName(plan, c)]), filters.department, (v) => go('department', v)),
      select('filter-state', '報告の状態', Object.entries(stateLabels), filters.state, (v) => go('state', v)),
      select('filter-rating', 'KPI評価', (Object.keys(KPI_RATING_LABELS) as KpiRating[]).map((r) => [r, `${r} ${KPI_RATING_LABELS[r]}`]), filters.rating, (v) => go('rating', v)),
    ),
    viewer ? null : h('div', { class: 'actions no-print' }, exportButton('csv', 'CSVで出力'), exportButton('xlsx', 'Excelで出力')),
    status,
    h('p', { class: 'summary' }, `${rows.length}施策を表示（全${data.measures.length}施策）`),
    scroller('施策ごとの報告状況（横にスクロールできます）', h('table', { class: 'overview' },
      h('caption', {}, `${fyLabel(fy)}の施策ごとの報告状況`),
      h('colgroup', {}, ['c-measure', 'c-dept', 'c-items', 'c-kpis', 'c-tally'].map((c) => h('col', { class: c }))),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '施策'), h('th', { scope: 'col' }, '担当課'), h('th', { scope: 'col' }, '取組項目'), h('th', { scope: 'col' }, 'KPI'), h('th', { scope: 'col' }, '評価の分布'))),
      h('tbody', {}, rows.map((m) => {
        const t = tallyByMeasure.get(m.number);
        const link = (kind: 'action' | 'kpi', id: string) => (viewer ? id : h('a', { href: `#/report/${kind}/${id}?fy=${fy}` }, id));
        return h('tr', {},
          h('th', { scope: 'row' }, h('a', { href: `#/measures/${m.number}?fy=${fy}` }, `施策${m.number} ${m.title}`)),
          h('td', {}, [...m.departments.map((c) => departmentName(plan, c)), ...(unassigned.has(m.number) ? ['関係各課（未割当て）'] : [])].join('・')),
          h('td', {}, h('ul', { class: 'chips' }, m.actionItems.map((i) => h('li', {}, link('action', i.id), ' ', itemBadge(i.state))))),
          h('td', {}, m.kpis.length
            ? h('ul', { class: 'chips' }, m.kpis.map((k) => h('li', {}, link('kpi', k.id), ' ', itemBadge(k.state), ' ', ratingBadge(kpiById.get(k.id)?.rating ?? 'N'))))
            : h('span', { class: 'muted' }, 'なし')),
          h('td', { class: 'tally' }, t ? [h('span', {}, `自己評価 ${ratingTally(t).actions}`), h('br', {}), h('span', {}, `KPI ${m.kpis.length ? ratingTally(t).kpis : 'なし'}`)] : null),
        );
      })),
    )),
    data.missing.length
      ? h('section', { 'aria-labelledby': 'missing-title' }, h('h2', { id: 'missing-title' }, '未提出（課ごと）'),
          h('ul', {}, data.missing.map((m) => h('li', {}, `${m.name}: 取組項目 ${m.actionItems.length}件、KPI ${m.kpis.length}件`))))
      : null,
  );
}
