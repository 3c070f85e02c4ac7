import { expect } from 'vitest';
import { earliestActualYear } from '../../functions/domain/catalogue/kpi-periods.ts';
import { buildYearStatus } from '../../functions/progress/year-status.ts';
import type { startApi } from './harness.ts';
import { hq } from './harness.ts';

/**
 * Asserts that HQ's overview of a fiscal year (one page: today's plan is 44 measures) shows what the year's
 * status computed from a full read shows: every report of every year so far with its texts
 * (store.listFiscalYear), not the projected, narrowed reads the overview makes (progress/year-status.ts
 * loadYearStatus). Measures with their items' states, 未提出 by department, and the attainment engine's output.
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
}
