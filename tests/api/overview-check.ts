import { expect } from 'vitest';
import { earliestActualYear } from '../../functions/domain/catalogue/kpi-periods.ts';
import { overviewSchema } from '../../functions/contract/index.ts';
import type { Overview } from '../../functions/contract/index.ts';
import { joinOverviewPages } from '../../functions/contract/overview-pages.ts';
import { buildYearStatus } from '../../functions/progress/year-status.ts';
import type { startApi } from './harness.ts';
import { hq } from './harness.ts';

/**
 * Asserts that HQ's overview of a fiscal year (one page: today's plan is 44 measures) shows what the year's
 * status computed from a full read shows: every report of every year so far with its texts
 * (store.listFiscalYear), not the projected, narrowed reads the overview makes (progress/year-status.ts
 * loadOverviewPage reads only a page's items by key). Measures with their items' states, 未提出 by department,
 * and the attainment engine's output. Then the same year in pages of 5 measures (?limit=5, as the web joins
 * 500 at 100×): each page's roll-ups are its own, and the pages joined (contract joinOverviewPages) are the
 * whole year's again.
 */
export async function expectOverviewAsFullRead(api: Awaited<ReturnType<typeof startApi>>, fiscalYear: number): Promise<void> {
  const catalogue = await api.plans.forYear(fiscalYear);
  const first = earliestActualYear(
    catalogue.kpis.map(({ kpi }) => kpi),
    catalogue.plan.period,
  );
  const years = Array.from({ length: fiscalYear - first + 1 }, (_, i) => first + i);
  const records = (await Promise.all(years.map((year) => api.store.listFiscalYear(year)))).flat();
  const full = buildYearStatus({ catalogue, fiscalYear, records, assignments: await api.store.listAssignments(), approvedOnly: false });
  const overview = await api.call(hq, 'GET', `/api/fiscal-years/${fiscalYear}/overview`);
  expect(overview.status).toBe(200);
  const { previous: _previous, ...expected } = JSON.parse(JSON.stringify(full)) as typeof full;
  expect(overview.body).toMatchObject({ ...expected, nextCursor: null });

  const pages: Overview[] = [];
  let cursor: string | null = null;
  do {
    const page = await api.call(hq, 'GET', `/api/fiscal-years/${fiscalYear}/overview?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    const body = overviewSchema.parse(page.body);
    pages.push(body);
    cursor = body.nextCursor;
  } while (cursor !== null);
  expect(pages.length).toBe(Math.ceil(catalogue.measures.length / 5));
  // A later page counts its own measures only: its total is not the year's.
  expect(pages[1]!.attainment.measures.map((measure) => measure.key)).toEqual(expected.measures.slice(5, 10).map((measure) => measure.key));
  expect(joinOverviewPages(pages)).toEqual({ ...expected, nextCursor: null });
}
