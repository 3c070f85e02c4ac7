import type { KpiAssessment } from '../../../functions/domain/attainment/index.ts';
import { formatTarget } from '../../../functions/domain/catalogue/kpi-periods.ts';
import { download } from '../api.ts';
import { ACTION_RATING_LEGEND, KPI_RATING_LABELS, KPI_RATING_LEGEND, STATE_LABELS, UNAPPROVED } from '../labels.ts';
import type { KpiRating } from '../labels.ts';
import { exportTarget } from '../models/excel.ts';
import { filterOverview } from '../models/overview.ts';
import type { OverviewFilters } from '../models/overview.ts';
import { partsText } from '../models/parts.ts';
import type { PartState } from '../models/parts.ts';
import { departmentName, fyLabel, getMe, getOverview, getPlan, permissions } from '../state.ts';
import { html, mount, nothing, scroller } from '../ui.ts';
import type { Screen, Template } from '../ui.ts';
import { actionSegments, kpiSegments, sparkline, stackedBar } from './charts.ts';
import { errorBox, fiscalYearPicker, problemText, ratingBadge, ratingTally, stateBadge, tallyText, withPeriod } from './common.ts';

function select(id: string, label: string, options: [string, string][], value: string, onChange: (value: string) => void) {
  return html`<p class="filter"><label for=${id}>${label}</label>
    <select id=${id} @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
      <option value="">すべて</option>
      ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
    </select></p>`;
}

/**
 * 全体状況 (HQ) and 承認済みの進捗 (council): the filters first (the plan's top two levels of groups, as many as the
 * plan has above its measures, department, state and rating), then the year as pictures (ratings per top-level group
 * (柱) and per department, KPI sparklines, each with its numbers in words), then every measure. The filters apply to
 * all of it (models/overview.ts), and sit above the long sections so a phone reaches them at once.
 */
export async function overviewView(fy: number, params: URLSearchParams): Promise<void> {
  const [plan, me, data] = await Promise.all([getPlan(), getMe(), getOverview(fy)]);
  const may = permissions(me);
  const approvedOnly = !may.canReview;
  const filters: OverviewFilters = {
    top: params.get('top') ?? '',
    group: params.get('group') ?? '',
    department: params.get('department') ?? '',
    state: params.get('state') ?? '',
    rating: params.get('rating') ?? '',
  };
  const base = approvedOnly ? '#/viewer' : '#/hq/overview';
  const go = (key: keyof OverviewFilters, value: string) => {
    const next = new URLSearchParams({ fy: String(fy), ...filters, [key]: value });
    if (key === 'top') next.delete('group');
    for (const [k, v] of [...next]) if (!v) next.delete(k);
    location.hash = `${base}?${next}`;
  };
  const { rows, stateCounts, total: totalTally, pillars, departments, kpis, missing } = filterOverview(data, filters, approvedOnly);
  const kpiById = new Map(data.attainment.kpis.map((k) => [k.id, k]));
  const tallyByMeasure = new Map(data.attainment.measures.map((m) => [m.key, m]));
  const labelOf = new Map(plan.measures.map((m) => [m.key, m.label]));
  // The overview names items by key; people read the plan's display numbers (which a revision may change).
  const numberOf = new Map(plan.measures.flatMap((m) => [...m.actionItems, ...m.kpis].map((item) => [item.key, item.number])));
  // Only the levels above measures group them: a plan of 施策 and 取組項目 alone has none to filter by.
  const groupLevels = Math.min(2, plan.levels.length - 2);
  const groupOptions = (level: number, parent: string): [string, string][] =>
    plan.groups.filter((g) => g.level === level && (!parent || g.parent === parent)).map((g) => [g.key, `${g.number} ${g.title}`]);
  const departmentCodes = [...new Set([...plan.departments.map((d) => d.code), ...data.measures.flatMap((m) => m.departments)])].filter(
    (c) => c !== 'unassigned',
  );
  const stateLabels: Record<string, string> = approvedOnly ? { approved: STATE_LABELS.approved, missing: UNAPPROVED } : STATE_LABELS;
  const unassigned = new Set(plan.measures.filter((m) => m.owners.includes('kankei-kakuka') && m.assignedDepartments.length === 0).map((m) => m.key));
  const total = ratingTally(totalTally);
  // 目標値 in the one notation (「現状より向上（令和11年度）」, not the seed's 「現状より向上 (R11年度)」), as every other
  // screen writes it; the seed's own label only for a KPI the plan no longer has (as views/attainment.ts).
  const plannedKpi = new Map(plan.measures.flatMap((m) => m.kpis.map((kpi) => [kpi.key, kpi])));
  const targetOf = (k: KpiAssessment) => {
    const planned = plannedKpi.get(k.id);
    return planned ? formatTarget(planned) : withPeriod(k.target.label, k.target.period, k.basis);
  };

  const parts = partsToDraw(rows.length);
  const screen = mount<{ status: Template; drawn: number }>({ status: nothing, drawn: 0 }, ({ state }) => {
    const rowsDrawn = Math.max(0, state.drawn - 2) * ROW_BATCH;
    // The export holds what the list shows; the council's 未承認 (any state but approved) is no single state to ask for.
    const exportFilters = { ...filters, state: approvedOnly && filters.state === 'missing' ? '' : filters.state };
    const exportButton = (ext: 'csv' | 'xlsx', text: string) =>
      html`<button type="button" @click=${() => {
        const { path, filename } = exportTarget(fy, ext, exportFilters, {
          fiscalYear: fyLabel(fy),
          department: (code) => departmentName(plan, code),
          group: (key) => plan.groups.find((g) => g.key === key)?.number ?? key,
          state: (state) => stateLabels[state] ?? state,
        });
        return download(path, filename).then(
          () => screen.set({ status: html`${text}しました` }),
          (error: unknown) => screen.set({ status: errorBox(problemText(error, '出力できませんでした')) }),
        );
      }}>${text}</button>`;
    /**
     * An action item's state: a shared item's (関係各課・共管) is the roll-up, its least advanced part's, and opens
     * (or, on hover, names) each department's part state; the council reads 未承認 for any part not approved.
     */
    const itemState = (item: { state: string; parts?: PartState[] | null }) => {
      if (!item.parts?.length) return stateBadge(item.state, approvedOnly);
      const parts = item.parts.map((p) => ({ ...p, stateLabel: approvedOnly && p.state !== 'approved' ? UNAPPROVED : p.stateLabel }));
      return html`<details class="parts-states">
        <summary title=${partsText(parts)}>${stateBadge(item.state, approvedOnly)}<span class="muted">（${parts.length}課）</span></summary>
        <ul>${parts.map((p) => html`<li>${p.name} ${stateBadge(p.state, approvedOnly)}</li>`)}</ul>
      </details>`;
    };
    const link = (kind: 'action' | 'kpi', key: string) => html`<a href="#/report/${kind}/${encodeURIComponent(key)}?fy=${fy}">${numberOf.get(key) ?? key}</a>`;
    return html`
      <h1>${approvedOnly ? '承認済みの進捗（推進懇談会）' : '全体状況'}</h1>
      ${fiscalYearPicker(fy, base)}
      ${approvedOnly ? html`<p class="alert">推進本部が承認した報告だけを表示しています（閲覧のみ）。</p>` : nothing}
      <div class="filters no-print" role="search" aria-label="施策の絞り込み">
        ${groupLevels > 0 ? select('filter-top', plan.levels[0]!.name, groupOptions(0, ''), filters.top, (v) => go('top', v)) : nothing}
        ${groupLevels > 1 ? select('filter-group', plan.levels[1]!.name, groupOptions(1, filters.top), filters.group, (v) => go('group', v)) : nothing}
        ${select(
          'filter-department',
          '課',
          departmentCodes.map((c) => [c, departmentName(plan, c)]),
          filters.department,
          (v) => go('department', v),
        )}
        ${select('filter-state', '報告の状態', Object.entries(stateLabels), filters.state, (v) => go('state', v))}
        ${select(
          'filter-rating',
          'KPI評価',
          (Object.keys(KPI_RATING_LABELS) as KpiRating[]).map((r) => [r, `${r} ${KPI_RATING_LABELS[r]}`]),
          filters.rating,
          (v) => go('rating', v),
        )}
      </div>
      ${may.canExport ? html`<div class="actions no-print">${exportButton('csv', 'CSVで出力')}${exportButton('xlsx', 'Excelで出力')}</div>` : nothing}
      <p role="status">${state.status}</p>
      <section class="card" aria-labelledby="summary-title">
        <h2 id="summary-title">${fyLabel(fy)}のまとめ${Object.values(filters).some(Boolean) ? '（絞り込んだ施策）' : ''}</h2>
        <dl class="facts">
          <dt>${approvedOnly ? '承認済みの報告' : '報告の状態'}</dt><dd>${tallyText(stateCounts, stateLabels)}</dd>
          <dt>取組項目の自己評価</dt><dd>${total.actions}<span class="muted">（${ACTION_RATING_LEGEND}）</span></dd>
          <dt>KPIの達成度</dt><dd>${total.kpis}<span class="muted">（${KPI_RATING_LEGEND}）</span></dd>
        </dl>
        <div class="bars">
          ${
            groupLevels > 0
              ? html`<h3>${plan.levels[0]!.name}ごとの評価の分布</h3>
          <div class="pillar-bars">${pillars.map(
            (g) => html`<div class="bar-group"><p class="bar-title">${g.number} ${g.title}</p>
            ${stackedBar('自己評価', actionSegments(g))}${stackedBar('KPI', kpiSegments(g))}</div>`,
          )}</div>`
              : nothing
          }
          ${
            state.drawn >= 1
              ? html`<h3>課ごとの評価の分布</h3>
          <div class="department-bars">${departments.map(
            (d) => html`<div class="bar-group"><p class="bar-title">${departmentName(plan, d.code)}</p>
            ${stackedBar('自己評価', actionSegments(d))}${stackedBar('KPI', kpiSegments(d))}</div>`,
          )}</div>`
              : nothing
          }
        </div>
      </section>
      ${
        state.drawn >= 2
          ? html`<section class="card" aria-labelledby="kpi-trend-title">
        <h2 id="kpi-trend-title">KPIの推移</h2>
        <ul class="sparks">${kpis.map((k) => html`<li><span class="spark-name">${numberOf.get(k.id) ?? k.id} ${k.name}</span> ${ratingBadge(k.rating)} ${sparkline(k, targetOf(k))}</li>`)}</ul>
      </section>`
          : nothing
      }
      ${
        state.drawn >= 3
          ? html`<p class="summary">${rows.length}施策を表示（全${data.measures.length}施策）</p>
      ${scroller(
        '施策ごとの報告状況',
        // On a phone each measure becomes a block with its cells labelled (table.stack), as the README promises.
        html`<table class="overview stack" aria-busy=${state.drawn < parts ? 'true' : 'false'}>
        <caption>${fyLabel(fy)}の施策ごとの報告状況</caption>
        <colgroup>${['c-measure', 'c-dept', 'c-items', 'c-kpis', 'c-tally'].map((c) => html`<col class=${c} />`)}</colgroup>
        <thead><tr><th scope="col">施策</th><th scope="col">担当課</th><th scope="col">取組項目</th><th scope="col">KPI</th><th scope="col">評価の分布</th></tr></thead>
        <tbody>${rows.slice(0, rowsDrawn).map((m) => {
          const t = tallyByMeasure.get(m.key);
          return html`<tr>
            <th scope="row"><a href="#/measures/${encodeURIComponent(m.key)}?fy=${fy}">${labelOf.get(m.key) ?? m.number} ${m.title}</a></th>
            <td data-label="担当課">${[...m.departments.map((c) => departmentName(plan, c)), ...(unassigned.has(m.key) ? ['関係各課（未割当て）'] : [])].join('・')}</td>
            <td data-label="取組項目">${m.actionItems.length ? html`<ul class="chips">${m.actionItems.map((i) => html`<li>${link('action', i.id)} ${itemState(i)}</li>`)}</ul>` : html`<span class="muted">—</span>`}</td>
            <td data-label="KPI">${
              m.kpis.length
                ? html`<ul class="chips">${m.kpis.map((k) => html`<li>${link('kpi', k.id)} ${stateBadge(k.state, approvedOnly)} ${ratingBadge(kpiById.get(k.id)?.rating ?? 'N')}</li>`)}</ul>`
                : html`<span class="muted">なし</span>`
            }</td>
            <td class="tally" data-label="評価の分布">${t ? html`<span>自己評価 ${ratingTally(t).actions}</span><br /><span>KPI ${m.kpis.length ? ratingTally(t).kpis : 'なし'}</span>` : nothing}</td>
          </tr>`;
        })}</tbody>
      </table>`,
      )}`
          : nothing
      }
      ${
        state.drawn >= parts && missing.length
          ? html`<section aria-labelledby="missing-title"><h2 id="missing-title">未提出（課ごと）</h2>
            <ul>${missing.map((m) => html`<li>${m.name}：取組項目 ${m.actionItems.length}件、KPI ${m.kpis.length}件</li>`)}</ul></section>`
          : nothing
      }`;
  });
  void drawInTurn(screen, parts);
}

/**
 * The screen is drawn in page order, one part per task, each after the browser has painted and answered input:
 * first everything down to the top-level groups' bars, then (`drawn`) 1 the departments' bars, 2 the KPI trends,
 * 3 and on the measures' table, ROW_BATCH rows a part, and 未提出 once every row is there. Drawn at once, the
 * screen was one long task (Lighthouse: 135–250 ms on its simulated mobile CPU, most of the Total Blocking
 * Time). Each part is added below all that is drawn, so nothing already on screen moves (CLS 0); the table says
 * aria-busy="true" until the last part, and it all follows within a few tasks, so find-in-page and printing see
 * every row. Stops when the person has moved on (screen.current()).
 */
const ROW_BATCH = 10;

/** How many parts after the first the screen has, for `rowCount` measures: two, then the table's batches (one at least). */
const partsToDraw = (rowCount: number) => 2 + Math.max(1, Math.ceil(rowCount / ROW_BATCH));

async function drawInTurn(screen: Screen<{ drawn: number }>, parts: number): Promise<void> {
  while (screen.current() && screen.state.drawn < parts) {
    await new Promise((next) => setTimeout(next, 0));
    screen.set({ drawn: screen.state.drawn + 1 });
  }
}
