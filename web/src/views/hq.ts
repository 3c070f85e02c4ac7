import { KPI_RATING_LABELS } from '../../../functions/domain/attainment/labels.ts';
import type { KpiRating } from '../../../functions/domain/attainment/labels.ts';
import { formatValue } from '../../../functions/domain/calendar/index.ts';
import { ApiError, call, download } from '../api.ts';
import { badge, h, render } from '../dom.ts';
import { fyLabel, getMe, getPlan } from '../state.ts';
import type { Report } from '../state.ts';
import { errorBox, fiscalYearPicker, stateBadge } from './common.ts';

interface KpiResult {
  id: string;
  measure: number;
  name: string;
  unit: string;
  rating: KpiRating;
  measured: number | null;
  progress: number | null;
  expected: number | null;
  baseline: { value: number; period: number; label: string; approximate: boolean };
  target: { value: number | null; period: number; label: string };
  series: { period: number; value: number }[];
}
interface Overview {
  fiscalYear: number;
  basis: 'submitted' | 'approved';
  measures: { number: number; title: string; pillar: string; policy: string; departments: string[]; actionItems: { id: string; title: string; state: string }[]; kpis: { id: string; name: string; state: string }[] }[];
  missing: { department: string; name: string; actionItems: string[]; kpis: string[] }[];
  attainment: { kpis: KpiResult[]; measures: { number: number; kpiRatings: Record<KpiRating, number> }[] };
}

const RATING_KIND: Record<KpiRating, string> = { A: 'approved', B: 'submitted', C: 'draft', D: 'returned', N: 'missing' };
export const ratingBadge = (rating: KpiRating) => badge(`${rating} ${KPI_RATING_LABELS[rating]}`, RATING_KIND[rating]);

function select(id: string, label: string, options: [string, string][], value: string, onChange: (value: string) => void) {
  const control = h('select', { id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) }, h('option', { value: '' }, 'すべて'), options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return h('p', { class: 'filter' }, h('label', { for: id }, label), control);
}

/** 全体状況: all 44 measures with their report states, filterable; HQ also sees what is missing and can export. */
export async function overviewView(fy: number, params: URLSearchParams): Promise<void> {
  const [plan, me, { data }] = await Promise.all([getPlan(), getMe(), call<Overview>(`/fiscal-years/${fy}/overview`)]);
  const names = new Map(plan.departments.map((d) => [d.code, d.name]));
  const filters = { pillar: params.get('pillar') ?? '', policy: params.get('policy') ?? '', department: params.get('department') ?? '', state: params.get('state') ?? '', rating: params.get('rating') ?? '' };
  const base = me.role === 'viewer' ? '#/viewer' : '#/hq/overview';
  const go = (key: string, value: string) => {
    const next = new URLSearchParams({ ...filters, [key]: value, fy: String(fy) });
    for (const [k, v] of [...next]) if (!v) next.delete(k);
    location.hash = `${base}?${next}`;
  };
  const kpiByMeasure = new Map(data.attainment.kpis.map((k) => [k.id, k]));
  const rows = data.measures.filter((m) =>
    (!filters.pillar || m.pillar === filters.pillar) &&
    (!filters.policy || m.policy === filters.policy) &&
    (!filters.department || m.departments.includes(filters.department)) &&
    (!filters.state || [...m.actionItems, ...m.kpis].some((i) => i.state === filters.state)) &&
    (!filters.rating || m.kpis.some((k) => kpiByMeasure.get(k.id)?.rating === filters.rating)),
  );
  const policies = plan.pillars.flatMap((p) => p.policies.map((q) => [q.id, `${q.id} ${q.title}`] as [string, string]));
  render(
    h('h1', {}, me.role === 'viewer' ? '承認済みの進捗（推進懇談会）' : '全体状況'),
    fiscalYearPicker(fy, base),
    me.role === 'viewer' ? h('p', { class: 'muted' }, '推進本部が承認した報告だけを表示しています。') : null,
    h('div', { class: 'filters', role: 'search', 'aria-label': '絞り込み' },
      select('filter-pillar', '柱', plan.pillars.map((p) => [p.id, `${p.id} ${p.title}`]), filters.pillar, (v) => go('pillar', v)),
      select('filter-policy', '政策', policies, filters.policy, (v) => go('policy', v)),
      select('filter-department', '課', plan.departments.map((d) => [d.code, d.name]), filters.department, (v) => go('department', v)),
      select('filter-state', '報告の状態', [['missing', '未入力'], ['draft', '下書き'], ['submitted', '提出済'], ['returned', '差戻し'], ['approved', '承認済']], filters.state, (v) => go('state', v)),
      select('filter-rating', 'KPI評価', (['A', 'B', 'C', 'D', 'N'] as KpiRating[]).map((r) => [r, `${r} ${KPI_RATING_LABELS[r]}`]), filters.rating, (v) => go('rating', v)),
    ),
    me.role === 'hq'
      ? h('p', { class: 'actions no-print' },
          h('button', { type: 'button', onclick: () => void download(`/fiscal-years/${fy}/export.csv`, `${fyLabel(fy)}_進捗報告.csv`) }, 'CSVで出力'),
          h('button', { type: 'button', onclick: () => void download(`/fiscal-years/${fy}/export.xlsx`, `${fyLabel(fy)}_進捗報告.xlsx`) }, 'Excelで出力'))
      : null,
    h('p', { class: 'summary', role: 'status' }, `${rows.length}施策を表示`),
    h('div', { class: 'scroll' }, h('table', { class: 'overview' },
      h('caption', {}, `${fyLabel(fy)}の施策ごとの報告状況`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '施策'), h('th', { scope: 'col' }, '担当課'), h('th', { scope: 'col' }, '取組項目'), h('th', { scope: 'col' }, 'KPI'))),
      h('tbody', {}, rows.map((m) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/measures/${m.number}?fy=${fy}` }, `施策${m.number} ${m.title}`)),
        h('td', {}, m.departments.map((c) => names.get(c) ?? c).join('・') || '関係各課（未割当て）'),
        h('td', {}, h('ul', { class: 'compact' }, m.actionItems.map((i) => h('li', {}, me.role === 'viewer' ? i.id : h('a', { href: `#/report/action/${i.id}?fy=${fy}` }, i.id), ' ', stateBadge(i.state))))),
        h('td', {}, h('ul', { class: 'compact' }, m.kpis.map((k) => h('li', {}, me.role === 'viewer' ? k.id : h('a', { href: `#/report/kpi/${k.id}?fy=${fy}` }, k.id), ' ', stateBadge(k.state), ' ', ratingBadge(kpiByMeasure.get(k.id)?.rating ?? 'N'))))),
      ))),
    )),
    data.missing.length
      ? h('section', {}, h('h2', {}, '未提出（課ごと）'), h('ul', {}, data.missing.map((m) => h('li', {}, `${m.name}: 取組項目 ${m.actionItems.length}件、KPI ${m.kpis.length}件`))))
      : null,
  );
}

/** 審査待ち: every submitted report of the year, oldest first. */
export async function reviewQueueView(fy: number): Promise<void> {
  const [plan, { data }] = await Promise.all([getPlan(), call<{ reports: Report[] }>(`/fiscal-years/${fy}/reports`)]);
  const titles = new Map(plan.measures.flatMap((m) => [...m.actionItems.map((i) => [`action:${i.id}`, i.title] as const), ...m.kpis.map((k) => [`kpi:${k.id}`, k.name] as const)]));
  const queue = data.reports.filter((r) => r.state === 'submitted').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  render(
    h('h1', {}, '審査待ち'),
    fiscalYearPicker(fy, '#/hq/review'),
    queue.length
      ? h('ul', { class: 'items' }, queue.map((r) => h('li', {}, h('a', { href: `#/report/${r.kind}/${r.id}?fy=${fy}` }, `${r.kind === 'kpi' ? 'KPI ' : ''}${r.id} ${titles.get(`${r.kind}:${r.id}`) ?? ''}`), h('span', { class: 'muted' }, `（${r.updatedBy.name}、${new Date(r.updatedAt).toLocaleString('ja-JP')}）`))))
      : h('p', {}, '審査待ちの報告はありません。'),
  );
}

/** 関係各課の割当て: HQ names the departments responsible for measures the plan leaves to 関係各課. */
export async function assignmentsView(): Promise<void> {
  const plan = await getPlan();
  const measures = plan.measures.filter((m) => m.owners.includes('kankei-kakuka'));
  const cards = await Promise.all(measures.map(async (measure) => {
    const current = await call<{ departments: { code: string }[]; version: number }>(`/measures/${measure.number}/departments`);
    let etag = current.etag;
    const chosen = new Set(current.data.departments.map((d) => d.code));
    const status = h('p', { role: 'status', class: 'muted' });
    const boxes = plan.departments.map((d) => {
      const id = `m${measure.number}-${d.code}`;
      return h('span', { class: 'check' }, h('input', { type: 'checkbox', id, value: d.code, checked: chosen.has(d.code) }), h('label', { for: id }, d.name));
    });
    const form = h('form', { class: 'card' }, h('fieldset', {}, h('legend', {}, `施策${measure.number} ${measure.title}`), boxes), h('button', { type: 'submit' }, '保存'), status);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const departments = [...form.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => ({ code: input.value }));
      try {
        const result = await call(`/measures/${measure.number}/departments`, { method: 'PUT', body: { departments }, ifMatch: etag });
        etag = result.etag;
        status.textContent = '保存しました';
      } catch (error) {
        status.textContent = error instanceof ApiError ? error.problem.detail : '保存できませんでした';
      }
    });
    return form;
  }));
  render(h('h1', {}, '関係各課の割当て'), h('p', {}, '計画で「関係各課」とされている施策について、報告する課を選びます。'), cards);
}

/** A KPI's trajectory against the straight line from baseline to target, as SVG with a text alternative. */
function trajectory(kpi: KpiResult): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const width = 320;
  const height = 140;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${kpi.name}: 現在値 ${kpi.baseline.label}、目標 ${kpi.target.label}、実績 ${kpi.series.map((p) => `${fyLabel(p.period)} ${formatValue(p.value, kpi.unit)}`).join('、') || 'なし'}`);
  const years = [kpi.baseline.period, kpi.target.period];
  const values = [kpi.baseline.value, kpi.target.value ?? kpi.baseline.value, ...kpi.series.map((p) => p.value)];
  const [minY, maxY] = [Math.min(...values), Math.max(...values)];
  const pad = (maxY - minY || 1) * 0.15;
  const x = (year: number) => 30 + ((year - years[0]!) / Math.max(1, years[1]! - years[0]!)) * (width - 50);
  const y = (value: number) => height - 20 - ((value - (minY - pad)) / (maxY - minY + 2 * pad)) * (height - 35);
  const add = (tag: string, attrs: Record<string, string | number>) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    svg.appendChild(el);
    return el;
  };
  if (kpi.target.value !== null) add('line', { x1: x(years[0]!), y1: y(kpi.baseline.value), x2: x(years[1]!), y2: y(kpi.target.value), stroke: '#5f6b7a', 'stroke-dasharray': '5 4', 'stroke-width': 2 });
  add('circle', { cx: x(years[0]!), cy: y(kpi.baseline.value), r: 4, fill: '#5f6b7a' });
  if (kpi.series.length) add('polyline', { points: [[years[0]!, kpi.baseline.value] as const, ...kpi.series.map((p) => [p.period, p.value] as const)].map(([a, b]) => `${x(a)},${y(b)}`).join(' '), fill: 'none', stroke: '#0b3d91', 'stroke-width': 3 });
  for (const p of kpi.series) add('rect', { x: x(p.period) - 4, y: y(p.value) - 4, width: 8, height: 8, fill: '#0b3d91' });
  const label = (text: string, tx: number, ty: number) => Object.assign(add('text', { x: tx, y: ty, 'font-size': 11, fill: '#1f2933' }), { textContent: text });
  label(fyLabel(years[0]!).replace('令和', 'R').replace('年度', ''), 10, height - 4);
  label(`目標 ${kpi.target.label}`, width - 150, 14);
  return svg;
}

/** 達成度: every KPI's rating with its trajectory against the target line. */
export async function attainmentView(fy: number): Promise<void> {
  const { data } = await call<Overview>(`/fiscal-years/${fy}/overview`);
  render(
    h('h1', {}, 'KPI達成度'),
    fiscalYearPicker(fy, '#/hq/attainment'),
    h('p', { class: 'muted' }, '破線は現在値から目標への計画線、実線と■は提出済み・承認済みの実績です。'),
    h('div', { class: 'grid' }, data.attainment.kpis.map((kpi) =>
      h('section', { class: 'card kpi' },
        h('h2', {}, `${kpi.id} ${kpi.name}`),
        h('p', {}, ratingBadge(kpi.rating), kpi.progress === null ? null : h('span', { class: 'muted' }, `　進捗 ${Math.round(kpi.progress * 1000) / 10}%（目安 ${Math.round((kpi.expected ?? 0) * 1000) / 10}%）`)),
        trajectory(kpi),
        h('table', { class: 'data' }, h('caption', { class: 'visually-hidden' }, `${kpi.name}の値`),
          h('tbody', {},
            h('tr', {}, h('th', { scope: 'row' }, '現在値'), h('td', {}, kpi.baseline.label)),
            h('tr', {}, h('th', { scope: 'row' }, '目標'), h('td', {}, kpi.target.label)),
            kpi.series.map((p) => h('tr', {}, h('th', { scope: 'row' }, fyLabel(p.period)), h('td', {}, formatValue(p.value, kpi.unit)))))),
      ),
    )),
  );
}

/** 変更履歴: who changed what and when. */
export async function historyView(kind: 'action' | 'kpi', id: string, fy: number): Promise<void> {
  const { data } = await call<{ revisions: { version: number; at: string; by: { name: string }; action: string; state: string | null; changes: { field: string; before: unknown; after: unknown }[]; comment: string | null }[] }>(
    `/fiscal-years/${fy}/${kind === 'action' ? 'action-reports' : 'kpi-actuals'}/${id}/revisions`,
  );
  const actionLabels: Record<string, string> = { save: '保存', submit: '提出', return: '差し戻し', approve: '承認', reopen: '承認取消し', import: 'Excel取込' };
  render(
    h('p', { class: 'crumbs' }, h('a', { href: `#/report/${kind}/${id}?fy=${fy}` }, '報告へ戻る')),
    h('h1', {}, `変更履歴 ${id}（${fyLabel(fy)}）`),
    h('ol', { class: 'history' }, data.revisions.map((r) =>
      h('li', {}, h('p', {}, h('strong', {}, `版${r.version} ${actionLabels[r.action] ?? r.action}`), ` ${r.by.name}　${new Date(r.at).toLocaleString('ja-JP')}`),
        r.comment ? h('p', {}, `コメント: ${r.comment}`) : null,
        r.changes.length ? h('ul', {}, r.changes.map((c) => h('li', {}, `${c.field}: ${String(c.before ?? '（なし）')} → ${String(c.after ?? '（なし）')}`))) : null),
    )),
  );
}

/** 年次ダイジェスト: preview what HQ will receive, and send it now. */
export async function digestView(fy: number): Promise<void> {
  const status = h('div', { role: 'status' });
  let preview;
  try {
    preview = (await call<{ subject: string; html: string }>(`/fiscal-years/${fy}/digest/preview`)).data;
  } catch (error) {
    return render(h('h1', {}, '年次ダイジェスト'), fiscalYearPicker(fy, '#/hq/digest'), errorBox(error instanceof ApiError ? error.problem.detail : 'プレビューできません'));
  }
  const send = async (force: boolean) => {
    try {
      const { data } = await call<{ recipients: string[] }>(`/fiscal-years/${fy}/digest`, { method: 'POST', body: { force } });
      status.replaceChildren(h('p', { class: 'alert alert-ok' }, `送信しました（${data.recipients.join('、')}）`));
    } catch (error) {
      status.replaceChildren(errorBox(error instanceof ApiError ? error.problem.detail : '送信できませんでした'));
    }
  };
  render(
    h('h1', {}, '年次ダイジェスト'),
    fiscalYearPicker(fy, '#/hq/digest'),
    h('p', {}, `件名: ${preview.subject}`),
    h('p', { class: 'actions' }, h('button', { type: 'button', class: 'primary', onclick: () => void send(false) }, '今すぐ送信'), h('button', { type: 'button', onclick: () => void send(true) }, '再送する')),
    status,
    h('iframe', { title: 'ダイジェストのプレビュー', class: 'digest-preview', sandbox: '', srcdoc: preview.html }),
  );
}
