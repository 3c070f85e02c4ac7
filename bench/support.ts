import type { ActionReportInput, KpiActual } from '../functions/domain/attainment/index.ts';
import type { Catalogue } from '../functions/domain/catalogue/catalogue.ts';

const STATUSES = ['not_started', 'studying', 'implementing', 'done'] as const;
const RATINGS = ['A', 'B', 'C', 'D'] as const;

/** An actual for every KPI in every year of the plan, and the last year's report for every action item. */
export function fiveYearsOfData(catalogue: Catalogue) {
  const actuals: KpiActual[] = catalogue.kpis.flatMap(({ kpi }) =>
    catalogue.years.map((period, i) => ({ kpi: kpi.key, period, value: kpi.baseline.value * (1 + 0.02 * (i + 1)) })),
  );
  const actionReports: ActionReportInput[] = catalogue.scheduledActionItems.map(({ item }, i) => ({
    actionItem: item.key,
    fiscalYear: catalogue.plan.period.lastFiscalYear,
    status: STATUSES[i % 4]!,
    rating: RATINGS[i % 4]!,
  }));
  return { actuals, actionReports };
}

export function medianMs(run: () => unknown, minIterations = 20, minMs = 2000): { median: number; iterations: number } {
  for (let i = 0; i < 5; i++) run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minIterations || performance.now() - start < minMs) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, iterations: times.length };
}

/**
 * Median ms of `run` on a fresh input each time: `setup` (untimed) builds what `run` takes, so nothing `run`
 * computed or cached on an earlier iteration helps the next, as on a function's first request after a cold
 * start or after the plan changed.
 */
export function medianColdMs<T>(setup: () => T, run: (input: T) => unknown, iterations = 20): { median: number; iterations: number } {
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const input = setup();
    const t0 = performance.now();
    run(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, iterations: times.length };
}
