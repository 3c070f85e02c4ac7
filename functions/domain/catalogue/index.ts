export * from './schema.ts';
export { Catalogue } from './catalogue.ts';
export type { Assignments, MeasureEntry } from './catalogue.ts';
export { CatalogueError, parseCatalogue, formatCatalogueIssues } from './parse.ts';
export { catalogueSchema } from './validate.ts';
export { actualPeriodFor, earliestActualYear, formatBaseline, formatTarget, kpiAcceptsFiscalYear, kpiActualYears } from './kpi-periods.ts';
export type { ActualPeriodPrompt } from './kpi-periods.ts';
