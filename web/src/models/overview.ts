/**
 * 全体状況 as what its filters leave: the list of measures and, from the same items, the summary (報告の状態,
 * 自己評価, KPIの達成度, the bars per 柱 and per 課), the KPI section and 未提出. The screen filtered to 庶務課 +
 * 提出済 describes 庶務課's submitted items everywhere, not the whole year above a filtered list (issue 23); a shared
 * item (関係各課) is then 庶務課's own part (domain/progress-reports/parts.ts stateForDepartment).
 */
import type { Overview } from '../../../functions/contract/index.ts';
import type { KpiAssessment, Tally } from '../../../functions/domain/attainment/index.ts';
import { stateForDepartment } from '../../../functions/domain/progress-reports/parts.ts';

/** top: a group key at the plan's top level (柱); group: one at the level below (政策); '' = すべて. */
export type OverviewFilters = Record<'top' | 'group' | 'department' | 'state' | 'rating', string>;

type Measure = Overview['measures'][number];
type Assessment = Overview['attainment'];

/** What the screen draws under the filters. */
export interface FilteredOverview {
  /** The measures listed, each with only the items the 状態 and KPI評価 filters keep. */
  rows: Measure[];
  /** Items per state, of the rows' items (the council's not-approved ones are `missing`, 未承認). */
  stateCounts: Record<string, number>;
  /** The ratings of the rows' items, as the engine counts them (a shared item once, by its roll-up; under a 課 filter, by that 課's part). */
  total: Tally;
  /** Top-level groups (柱) in plan order, each with the ratings of its listed items. */
  pillars: (Assessment['groups'][number] & Tally)[];
  /** Departments with listed measures, each with the ratings of its listed items. */
  departments: (Assessment['departments'][number] & Tally)[];
  /** The listed KPIs' assessments, in the engine's order. */
  kpis: KpiAssessment[];
  missing: Overview['missing'];
}

const emptyTally = (): Tally => ({
  kpiRatings: { A: 0, B: 0, C: 0, D: 0, N: 0 },
  actionRatings: { A: 0, B: 0, C: 0, D: 0, unrated: 0 },
  scheduleFlags: { ahead: 0, on_plan: 0, behind: 0, unreported: 0 },
});

/**
 * The overview under `filters`. 柱・政策・課 choose measures; 状態 keeps the items in that state (and the measures
 * that have any); KPI評価 keeps the KPIs so rated and no action items. The tallies are recounted from the kept
 * items' own assessments, so with no filter they are the engine's roll-ups (a measure counts for each 柱 on its path
 * and each 課 responsible for it). `approvedOnly` (the council): any state but approved reads as `missing` (未承認).
 */
export function filterOverview(data: Overview, filters: OverviewFilters, approvedOnly: boolean): FilteredOverview {
  // Narrowed to a 課, a shared item is that 課's own part (stateForDepartment), as the CSV/xlsx of the same filter are.
  const stateOf = (item: { state: string; parts?: Measure['actionItems'][number]['parts'] }) => {
    const state = stateForDepartment({ state: item.state, parts: item.parts ?? null }, filters.department || undefined);
    return approvedOnly && state !== 'approved' ? 'missing' : state;
  };
  const kpiById = new Map(data.attainment.kpis.map((kpi) => [kpi.id, kpi]));
  const keep = (item: { id: string; state: string; parts?: Measure['actionItems'][number]['parts'] }, kind: 'action' | 'kpi') =>
    (!filters.state || stateOf(item) === filters.state) && (!filters.rating || (kind === 'kpi' && kpiById.get(item.id)?.rating === filters.rating));
  const rows = data.measures
    .filter(
      (m) =>
        (!filters.top || m.path[0] === filters.top) &&
        (!filters.group || m.path[1] === filters.group) &&
        (!filters.department || m.departments.includes(filters.department)),
    )
    .map((m) => ({ ...m, actionItems: m.actionItems.filter((i) => keep(i, 'action')), kpis: m.kpis.filter((k) => keep(k, 'kpi')) }))
    .filter((m) => (!filters.state && !filters.rating) || m.actionItems.length + m.kpis.length > 0);

  const stateCounts: Record<string, number> = {};
  for (const m of rows) for (const item of [...m.actionItems, ...m.kpis]) stateCounts[stateOf(item)] = (stateCounts[stateOf(item)] ?? 0) + 1;

  // Kept items by measure. Without a 状態 or KPI評価 filter every assessed item of a listed measure counts, as in the
  // engine's roll-up; with one, only those the list shows.
  const listed = new Map(rows.map((m) => [m.key, m]));
  const narrowed = Boolean(filters.state || filters.rating);
  const counts = (measure: string, id: string, kind: 'action' | 'kpi') => {
    const row = listed.get(measure);
    if (!row) return false;
    return !narrowed || (kind === 'kpi' ? row.kpis : row.actionItems).some((item) => item.id === id);
  };
  /** The tally of the kept items of `measures`; for a 課, a shared item is counted by that 課's own part. */
  const tallyOf = (measures: (key: string) => boolean, department = filters.department): Tally => {
    const tally = emptyTally();
    for (const kpi of data.attainment.kpis) if (measures(kpi.measure) && counts(kpi.measure, kpi.id, 'kpi')) tally.kpiRatings[kpi.rating]++;
    for (const item of data.attainment.actionItems) {
      if (!measures(item.measure) || !counts(item.measure, item.id, 'action')) continue;
      const own = (department && item.parts?.find((part) => part.department === department)) || item;
      tally.actionRatings[own.rating ?? 'unrated']++;
      tally.scheduleFlags[own.schedule]++;
    }
    return tally;
  };
  const pathOf = new Map(data.measures.map((m) => [m.key, m.path]));
  return {
    rows,
    stateCounts,
    total: tallyOf(() => true),
    pillars: data.attainment.groups
      .filter((g) => g.level === 0 && (!filters.top || g.key === filters.top))
      .map((g) => ({ ...g, ...tallyOf((key) => pathOf.get(key)?.[0] === g.key) })),
    departments: data.attainment.departments
      .filter((d) => d.measures.some((key) => listed.has(key)) && (!filters.department || d.code === filters.department))
      .map((d) => ({ ...d, ...tallyOf((key) => d.measures.includes(key), d.code) })),
    kpis: data.attainment.kpis.filter((kpi) => counts(kpi.measure, kpi.id, 'kpi')),
    missing: data.missing.filter((m) => !filters.department || m.department === filters.department),
  };
}
