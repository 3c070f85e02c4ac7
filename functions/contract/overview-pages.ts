import type { Overview, Tally } from './index.ts';

/** Adds a page's counts into a running sum, key by key (the keys are the contract's tallySchema). */
function addTally(sum: Tally, part: Tally): void {
  for (const key of Object.keys(sum.kpiRatings) as (keyof Tally['kpiRatings'])[]) sum.kpiRatings[key] += part.kpiRatings[key];
  for (const key of Object.keys(sum.actionRatings) as (keyof Tally['actionRatings'])[]) sum.actionRatings[key] += part.actionRatings[key];
  for (const key of Object.keys(sum.scheduleFlags) as (keyof Tally['scheduleFlags'])[]) sum.scheduleFlags[key] += part.scheduleFlags[key];
}

const copyTally = (tally: Tally): Tally => ({
  kpiRatings: { ...tally.kpiRatings },
  actionRatings: { ...tally.actionRatings },
  scheduleFlags: { ...tally.scheduleFlags },
});

/**
 * A year's overview whole from its pages (GET …/overview, then each ?cursor=<nextCursor>), in order: the
 * measures and lists joined, the roll-ups added up. Each page counts only its own measures, and a measure counts
 * for each group on its path and each department responsible for it, so the sums are the whole year's. Groups in
 * the first page's order (it lists every group of the plan), departments and 未提出 in order of first appearance,
 * as a computation over the whole plan gives them. Throws Error for no pages (a programming error).
 */
export function joinOverviewPages(pages: readonly Overview[]): Overview {
  const [first] = pages;
  if (!first) throw new Error('全体状況のページがありません');
  const total = copyTally(first.attainment.total);
  const groups = new Map<string, Overview['attainment']['groups'][number]>();
  const departments = new Map<string, Overview['attainment']['departments'][number]>();
  const missing = new Map<string, Overview['missing'][number]>();
  pages.forEach((page, i) => {
    if (i > 0) addTally(total, page.attainment.total);
    for (const group of page.attainment.groups) {
      const sum = groups.get(group.key);
      if (sum) addTally(sum, group);
      else groups.set(group.key, { ...group, ...copyTally(group) });
    }
    for (const department of page.attainment.departments) {
      const sum = departments.get(department.code);
      if (sum) {
        sum.measures.push(...department.measures);
        addTally(sum, department);
      } else departments.set(department.code, { ...department, measures: [...department.measures], ...copyTally(department) });
    }
    for (const entry of page.missing) {
      const sum = missing.get(entry.department);
      if (sum) {
        sum.actionItems.push(...entry.actionItems);
        sum.kpis.push(...entry.kpis);
      } else missing.set(entry.department, { ...entry, actionItems: [...entry.actionItems], kpis: [...entry.kpis] });
    }
  });
  return {
    fiscalYear: first.fiscalYear,
    basis: first.basis,
    measures: pages.flatMap((page) => page.measures),
    missing: [...missing.values()],
    attainment: {
      fiscalYear: first.attainment.fiscalYear,
      kpis: pages.flatMap((page) => page.attainment.kpis),
      actionItems: pages.flatMap((page) => page.attainment.actionItems),
      total,
      measures: pages.flatMap((page) => page.attainment.measures),
      groups: [...groups.values()],
      departments: [...departments.values()],
    },
    nextCursor: null,
  };
}
