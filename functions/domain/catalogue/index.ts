export * from './schema.ts';
export { Catalogue } from './catalogue.ts';
export type { Assignments, GroupEntry, MeasureEntry } from './catalogue.ts';
export { CatalogueError, parseCatalogue, formatCatalogueIssues } from './parse.ts';
export { catalogueSchema } from './validate.ts';
export { fromLegacyPlan, isLegacyPlan } from './legacy.ts';
export type { PlanMetadata } from './legacy.ts';
export { actualPeriodFor, earliestActualYear, formatBaseline, formatTarget, kpiAcceptsFiscalYear, kpiActualYears } from './kpi-periods.ts';
export type { ActualPeriodPrompt, PlanPeriod } from './kpi-periods.ts';
