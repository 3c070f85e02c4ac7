/**
 * `npm run bench`: how long the attainment engine and the digest take for the real plan with five years of
 * data, and for synthetic catalogues 10× and 100× larger. The engine is timed two ways:
 * - cold: each run on a catalogue parsed afresh from the plan's JSON (untimed), so none of the catalogue's
 *   lookups built by an earlier run help (a function's first request, or the first after the plan changed);
 *   and parse + assess together, what that first request pays in all;
 * - warm: the same catalogue run after run (later requests of a warm function).
 * The targets (the real plan's assessment under 10 ms, growth linear) are judged on the cold assessment; the
 * parse is printed beside it (paid once per plan the function reads). Prints figures only.
 */
import { assessFiscalYear } from '../functions/domain/attainment/index.ts';
import type { Catalogue } from '../functions/domain/catalogue/catalogue.ts';
import { parseCatalogue } from '../functions/domain/catalogue/parse.ts';
import { seedCatalogue } from '../seeds/plans.ts';
import { renderDigest } from '../functions/digest/render.ts';
import { buildYearStatus } from '../functions/progress/year-status.ts';
import type { ReportRecord } from '../functions/store/records.ts';
import { scaledPlan } from './synthetic-plan.ts';
import { fiveYearsOfData, medianColdMs, medianMs } from './support.ts';

const real = seedCatalogue();
/** The plan's last year: the year with the most actuals and reports behind it. */
const FISCAL_YEAR = real.plan.period.lastFiscalYear;
const cases = [
  { name: 'real plan', catalogue: real },
  { name: 'synthetic 10×', catalogue: parseCatalogue(scaledPlan(real.plan, 10)) },
  { name: 'synthetic 100×', catalogue: parseCatalogue(scaledPlan(real.plan, 100)) },
];
const rows = cases.map(({ name, catalogue }) => {
  const data = fiveYearsOfData(catalogue);
  const assess = (fresh: Catalogue) => assessFiscalYear({ catalogue: fresh, fiscalYear: FISCAL_YEAR, ...data });
  const fresh = () => parseCatalogue(structuredClone(catalogue.plan));
  const iterations = name === 'synthetic 100×' ? 5 : 20;
  const cold = medianColdMs(fresh, assess, iterations);
  const parseAndAssess = medianColdMs(
    () => structuredClone(catalogue.plan),
    (plan) => assess(parseCatalogue(plan)),
    iterations,
  );
  const warm = medianMs(() => assess(catalogue));
  return {
    name,
    measures: catalogue.measures.length,
    kpis: catalogue.kpis.length,
    actuals: data.actuals.length,
    reports: data.actionReports.length,
    median: cold.median,
    parseAndAssess: parseAndAssess.median,
    warm: warm.median,
    iterations: cold.iterations,
  };
});

console.log(`Attainment engine on Node.js ${process.version}: assessFiscalYear(FY${FISCAL_YEAR}) with five years of actuals (median ms)`);
console.log(
  'case'.padEnd(16),
  'measures'.padStart(9),
  'KPIs'.padStart(6),
  'actuals'.padStart(8),
  'reports'.padStart(8),
  'cold'.padStart(9),
  'parse+cold'.padStart(11),
  'warm'.padStart(9),
  'cold runs'.padStart(10),
);
for (const r of rows) {
  console.log(
    r.name.padEnd(16),
    String(r.measures).padStart(9),
    String(r.kpis).padStart(6),
    String(r.actuals).padStart(8),
    String(r.reports).padStart(8),
    r.median.toFixed(3).padStart(9),
    r.parseAndAssess.toFixed(3).padStart(11),
    r.warm.toFixed(3).padStart(9),
    String(r.iterations).padStart(10),
  );
}
const [small, middle, big] = rows as [(typeof rows)[number], (typeof rows)[number], (typeof rows)[number]];
const ratio = big.median / small.median;
console.log(
  `real plan, cold: ${small.median.toFixed(3)} ms (parse + assess ${small.parseAndAssess.toFixed(3)} ms) → target (the assessment, cold) under 10 ms: ${small.median < 10 ? 'OK' : 'NOT MET'}`,
);
console.log(`100× larger / real, cold: ${ratio.toFixed(1)}× → target under 100× (linear): ${ratio < 100 ? 'OK' : 'NOT MET'}`);
// The real plan fits in the CPU cache and the young generation; the copies do not. 100× against 10×
// compares two out-of-cache sizes and shows the algorithm's own growth.
console.log(`100× / 10×: ${(big.median / middle.median).toFixed(1)}× for 10× the data`);

// The same amount of work with the cache taken out of the comparison: 100 separate real-size plans
// (separate object graphs, as much memory as the 100× plan) assessed one after another.
const copies = Array.from({ length: 100 }, () => parseCatalogue(structuredClone(real.plan)));
const copyData = copies.map((catalogue) => fiveYearsOfData(catalogue));
const { median: hundredPlans } = medianMs(() => {
  copies.forEach((catalogue, i) => {
    assessFiscalYear({ catalogue, fiscalYear: FISCAL_YEAR, ...copyData[i]! });
  });
});
console.log(
  `100 real-size plans one after another (warm): ${hundredPlans.toFixed(3)} ms; the 100× plan (warm) takes ${(big.warm / hundredPlans).toFixed(2)}× that ` +
    `→ linear when the memory is the same: ${big.warm / hundredPlans < 1.5 ? 'OK' : 'NOT MET'}`,
);

// The digest: read-side assembly (this year and last, missing reports by department) plus HTML/text rendering.
function recordsFor(catalogue: Catalogue): ReportRecord[] {
  const { actuals, actionReports } = fiveYearsOfData(catalogue);
  const meta = { state: 'submitted' as const, comment: null, version: 1, createdAt: '', updatedAt: '', updatedBy: { sub: 'bench', name: 'bench' } };
  return [
    ...actuals.map(
      (a): ReportRecord => ({
        ...meta,
        kind: 'kpi',
        fiscalYear: a.period,
        subject: a.kpi,
        measure: catalogue.kpi(a.kpi)!.measure.key,
        body: { value: a.value, asOf: '2031-03-31', note: '' },
      }),
    ),
    // Every other item reported, so the digest has missing reports to list.
    ...actionReports
      .filter((_, i) => i % 2 === 0)
      .map(
        (r): ReportRecord => ({
          ...meta,
          kind: 'action',
          fiscalYear: r.fiscalYear,
          subject: r.actionItem,
          measure: catalogue.actionItem(r.actionItem)!.measure.key,
          body: { status: r.status, rating: r.rating, achievements: '実績', challenges: '', nextSteps: '' },
        }),
      ),
  ];
}
console.log(`\nDigest: buildYearStatus + renderDigest for FY${FISCAL_YEAR} (compute and render, no I/O)`);
const digestRows = cases.map(({ name, catalogue }) => {
  const records = recordsFor(catalogue);
  let size = 0;
  const { median } = medianMs(() => {
    const status = buildYearStatus({ catalogue, fiscalYear: FISCAL_YEAR, records, assignments: [], approvedOnly: false });
    size = renderDigest({ catalogue, status, webAppUrl: 'https://shinchoku.example' }).html.length;
  }, 10);
  console.log(name.padEnd(16), `${median.toFixed(2).padStart(9)} ms`, `HTML ${(size / 1024).toFixed(0)} KB`);
  return median;
});
console.log(`100× larger / real: ${(digestRows[2]! / digestRows[0]!).toFixed(1)}×; 100× / 10×: ${(digestRows[2]! / digestRows[1]!).toFixed(1)}×`);
