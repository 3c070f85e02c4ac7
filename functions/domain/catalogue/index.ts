export * from './schema.ts';
export { Catalogue } from './catalogue.ts';
export type { Assignments, MeasureEntry } from './catalogue.ts';
export { CatalogueError, parseCatalogue, formatCatalogueIssues } from './parse.ts';
export { catalogueSchema } from './validate.ts';
