import { formatDate, formatDateTime, formatFiscalYear, formatValue, tokyoDate } from '../../../functions/domain/calendar/index.ts';
import { actualPeriodFor, formatTarget, kpiActualYears } from '../../../functions/domain/catalogue/kpi-periods.ts';
import { isReference } from '../../../functions/domain/catalogue/schema.ts';
import type { Kpi } from '../../../functions/domain/catalogue/schema.ts';
import type { PlanPeriod } from '../../../functions/domain/catalogue/kpi-periods.ts';
import { call } from '../api.ts';
import { STATE_LABELS, asItemState, homeCounts, nextStep } from '../labels.ts';
import type { ItemState } from '../labels.ts';
import { submissionDeadline } from '../session.ts';
import { fyLabel, getMe, getPlan, getReports, permissions } from '../state.ts';
import type { Report } from '../state.ts';
import { carryCandidates, carryForwardAll } from '../models/carry-forward.ts';
import { serverClock, yearNotBegun } from '../models/clock.ts';
import { announce, confirmAction, html, nothing, show } from '../ui.ts';
import { errorBox, fiscalYearPicker, okBox, stateBadge, tallyText } from './common.ts';

/** 「次にすること」 lists the first few (returned reports first); the tables below have the rest. */
const TODO_SHOWN = 8;

interface Row {
  kind: 'action' | 'kpi';
  /** The item's key (links, reports); `number` is what people read (a revision may renumber). */
  id: string;
  number: string;
  /** The year the report is for: the year shown, or for 33-K1/K2 also FY2025 (see earlierYearRows). */
  fy: number;
  /** The caller's department whose part of a shared action item (関係各課・共管) this row is; absent otherwise. */
  department?: string;
  title: string;
  /** This year's planned activity, or the KPI's actual so far. */
  sub: string;
  state: ItemState;
  report?: Report;
}

/** Whole days from today (Tokyo, by the server's clock) to an ISO date; negative once it has passed. */
function daysUntil(iso: string): number {
  const today = tokyoDate(serverClock.now());
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000);
}

/**
 * The actuals a KPI takes for years before the plan (33-K1/K2: FY2025, the first year of their R7～11年度
 * window, counted in the mean), offered on the plan's first year's home so they are not forgotten. Their
 * states come from the KPI's series: the year list of FY2025 holds nothing else.
 */
async function earlierYearRows(kpis: readonly Kpi[], fy: number, period: PlanPeriod): Promise<Map<string, Row[]>> {
  const rows = new Map<string, Row[]>();
  if (fy !== period.firstFiscalYear) return rows;
  const before = kpis.filter((kpi) => kpiActualYears(kpi, period)[0]! < fy);
  const series = await Promise.all(before.map((kpi) => call('kpiSeriesSchema', `/kpis/${encodeURIComponent(kpi.key)}/actuals`)));
  before.forEach((kpi, i) => {
    rows.set(
      kpi.key,
      kpiActualYears(kpi, period)
        .filter((year) => year < fy)
        .map((year) => {
          const report = series[i]!.data.actuals.find((actual) => actual.fiscalYear === year);
          const value = report?.kind === 'kpi' ? report.body.value : undefined;
          return {
            kind: 'kpi',
            id: kpi.key,
            number: kpi.number,
            fy: year,
            title: `${kpi.name}（${formatFiscalYear(year)}の実績）`,
            sub: `${actualPeriodFor(kpi, year).label}の実績：${value !== undefined ? formatValue(value, kpi.unit) : '未入力'}（目標 ${formatTarget(kpi)} の平均に入ります）`,
            state: asItemState(report?.state),
            report,
          };
        }),
    );
  });
  return rows;
}

/**
 * 担当施策: a department's home. The reporting year, its 提出期限 and how much is still open, 「次にすること」
 * as links (returned reports first), then each measure's items with their states.
 */
export async function departmentView(fy: number, notice?: { ok: boolean; message: string }): Promise<void> {
  const [plan, me, reports] = await Promise.all([getPlan(), getMe(), getReports(fy)]);
  const may = permissions(me);
  // A part of a shared item is its own report: keyed by its department too (action:4-1:kaikei).
  const byKey = new Map(reports.map((r) => [`${r.kind}:${r.id}${r.department ? `:${r.department}` : ''}`, r]));
  const ownCodes = me.departments.map((d) => d.code);
  const measures = plan.measures.filter((m) => me.measures.includes(m.key));
  const earlier = await earlierYearRows(
    measures.flatMap((m) => m.kpis),
    fy,
    plan,
  );
  const notBegun = yearNotBegun(fy, serverClock.now());
  /** For a 所属長, a report waiting for 課内確認 is theirs to act on; for staff it is waiting, not 要対応. */
  const step = (state: ItemState) => nextStep(state, may.canConfirm);

  const sections = measures.map((measure) => {
    // Where two or more departments are responsible, each reports its own part: the list shows the
    // caller's own part(s) (a 兼務 user may have two), not the item's roll-up.
    const ownParts = measure.responsibleDepartments.length > 1 ? measure.responsibleDepartments.filter((code) => ownCodes.includes(code)) : [];
    const items: Row[] = measure.actionItems.flatMap((item) => {
      if (isReference(item)) return [];
      const planned = item.schedule.find((s) => s.fiscalYear === fy && s.phase !== 'none');
      const parts: (string | undefined)[] = ownParts.length ? ownParts : [undefined];
      return parts.flatMap((department) => {
        const report = byKey.get(`action:${item.key}${department ? `:${department}` : ''}`);
        // Nothing scheduled this year: nothing to report, unless a report was made anyway.
        if (!planned && !report) return [];
        const partOf = department && ownParts.length > 1 ? `（${me.departments.find((d) => d.code === department)?.name ?? department}の報告）` : '';
        return [
          {
            kind: 'action' as const,
            id: item.key,
            number: item.number,
            fy,
            department,
            title: `${item.title}${partOf}`,
            sub: `${fyLabel(fy)}の計画：${planned?.activity ?? '予定なし'}`,
            state: asItemState(report?.state),
            report,
          },
        ];
      });
    });
    const kpis: Row[] = measure.kpis.flatMap((kpi) => {
      const report = byKey.get(`kpi:${kpi.key}`);
      const value = report?.kind === 'kpi' ? report.body.value : undefined;
      // 36-K1 counts calendar years: the FY2026 report carries 令和8年's value, and says so.
      const row: Row = {
        kind: 'kpi',
        id: kpi.key,
        number: kpi.number,
        fy,
        title: kpi.name,
        sub: `${actualPeriodFor(kpi, fy).label}の実績：${value !== undefined ? formatValue(value, kpi.unit) : '未入力'}（目標 ${formatTarget(kpi)}）`,
        state: asItemState(report?.state),
        report,
      };
      return [...(earlier.get(kpi.key) ?? []), row];
    });
    return { measure, items, kpis };
  });
  const rows = sections.flatMap((s) => [...s.items, ...s.kpis]);
  // Last year's reports only where the offer can be made (see carrySection).
  const offersCarry = !notBegun && may.canReport && fy > plan.firstFiscalYear;
  const previousReports = offersCarry ? await getReports(fy - 1) : [];
  const carryByDepartment = me.departments
    .map((department) => ({
      department,
      rows: carryCandidates(
        sections
          .filter(({ measure }) => measure.responsibleDepartments.includes(department.code))
          .flatMap(({ items }) => items.filter((row) => (row.department ?? department.code) === department.code)),
        previousReports,
      ),
    }))
    .filter(({ rows }) => rows.length > 0);
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.state] = (counts[row.state] ?? 0) + 1;
  const open = rows.filter((row) => step(row.state).due);
  const { waitingForHead } = homeCounts(
    rows.map((row) => row.state),
    may.canConfirm,
  );
  const todo = [...open].sort((a, b) => Number(Boolean(step(b.state).urgent)) - Number(Boolean(step(a.state).urgent)));
  const deadline = submissionDeadline(fy);
  const left = daysUntil(deadline);
  const href = (row: Row) =>
    `#/report/${row.kind}/${encodeURIComponent(row.id)}?fy=${row.fy}${row.department ? `&department=${encodeURIComponent(row.department)}` : ''}`;

  /**
   * 前年度の報告から始める, from the plan's second year, for the caller's own departments' items with
   * nothing written this year and text last year (carryCandidates: the API's rule), counted per 課 so each
   * button says how many drafts it makes; hidden when there are none. Asked first, never submits.
   */
  const carrySection = () => {
    const total = carryByDepartment.reduce((sum, { rows }) => sum + rows.length, 0);
    if (total === 0) return nothing;
    const previous = formatFiscalYear(fy - 1);
    return html`<section class="card" aria-labelledby="carry-title">
      <h2 id="carry-title">前年度の報告から始める</h2>
      <p>まだ入力していない取組項目のうち、${previous}の報告がある${total}件に、${previous}の進捗状況・実績・課題・今後の取組を写した下書きを作ります（自己評価と効果額は写しません）。提出はされません。</p>
      ${carryByDepartment.map(
        ({ department: d, rows }) =>
          html`<button type="button" @click=${async () => {
            if (
              !(await confirmAction(
                '前年度の報告から始めますか？',
                `${d.name}の取組項目${rows.length}件に、${previous}の報告を写した下書きを作ります。`,
                '下書きを作る',
              ))
            )
              return;
            const outcome = await carryForwardAll(fy, d.code);
            await departmentView(fy, outcome);
            announce(outcome.message);
          }}>${carryByDepartment.length > 1 ? `${d.name}の` : ''}${rows.length}件を前年度の報告から始める</button>`,
      )}
    </section>`;
  };

  const table = (caption: string, heading: string, list: Row[]) => html`
    <div class="scroll"><table class="items-table">
      <caption>${caption}</caption>
      <colgroup><col class="c-item" /><col class="c-state" /><col class="c-next" /></colgroup>
      <thead><tr><th scope="col">${heading}</th><th scope="col">状態</th><th scope="col">次にすること</th></tr></thead>
      <tbody>${list.map((row) => {
        const next = step(row.state);
        return html`<tr>
          <th scope="row">${notBegun ? `${row.number} ${row.title}` : html`<a href=${href(row)}>${row.number} ${row.title}</a>`}<span class="sub">${row.sub}</span></th>
          <td>${stateBadge(row.state)}${row.report?.carriedFrom ? html` <span class="badge">前年度から引継ぎ</span>` : nothing}${row.report ? html`<span class="sub">${formatDateTime(row.report.updatedAt)}</span>` : nothing}</td>
          <td class=${next.urgent ? 'due urgent' : next.due ? 'due' : nothing}>${notBegun ? '—' : next.due ? html`<strong>${next.text}</strong>` : next.text}</td>
        </tr>`;
      })}</tbody>
    </table></div>`;

  show(html`
    <h1>担当施策（${me.departments.map((d) => d.name).join('・')}）</h1>
    ${fiscalYearPicker(fy, '#/department')}
    ${notice ? (notice.ok ? okBox(notice.message) : errorBox(notice.message)) : nothing}
    ${
      !measures.length
        ? html`<p>担当の施策はありません（「関係各課」の施策は推進本部が割り当てます）。</p>`
        : html`
        <div class="card summary-box" role="status">
          ${
            notBegun
              ? html`<p class="summary">${fyLabel(fy)}はまだ始まっていないため、報告できません。</p>
                <p class="muted">報告は年度が始まる4月1日からできます。計画の内容は下の一覧で確認できます。</p>`
              : html`<p class="summary">${fyLabel(fy)}の報告：要対応 ${open.length}件${waitingForHead ? `（ほかに所属長の確認待ち ${waitingForHead}件）` : ''}</p>
                <p>提出期限 <strong>${formatDate(deadline)}</strong>${left >= 0 ? `（あと${left}日）` : '（期限を過ぎています）'}</p>
                <p class="muted">${tallyText(counts, STATE_LABELS)}</p>`
          }
        </div>
        ${
          !notBegun && todo.length
            ? html`<section class="card next-steps" aria-labelledby="todo-title">
              <h2 id="todo-title">次にすること</h2>
              <ul class="todo">${todo.slice(0, TODO_SHOWN).map((row) => html`<li><a href=${href(row)}>${step(row.state).text}：${row.kind === 'kpi' ? 'KPI ' : ''}${row.number} ${row.title}</a></li>`)}</ul>
              ${todo.length > TODO_SHOWN ? html`<p class="muted">ほか${todo.length - TODO_SHOWN}件は、下の施策ごとの一覧にあります。</p>` : nothing}
            </section>`
            : nothing
        }
        ${carrySection()}
        ${sections.map(
          ({ measure, items, kpis }) => html`
          <section class="card" aria-labelledby="m${measure.key}">
            <h2 id="m${measure.key}"><a href="#/measures/${encodeURIComponent(measure.key)}?fy=${fy}">${measure.label} ${measure.title}</a></h2>
            ${table('取組項目', `取組項目と${fyLabel(fy)}の計画`, items)}
            ${kpis.length ? table('KPI（実績値）', `KPIと${fyLabel(fy)}の実績`, kpis) : nothing}
          </section>`,
        )}`
    }`);
}
