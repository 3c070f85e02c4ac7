export { readPlanWorkbook, DEFAULT_VOCABULARY } from './read-plan.ts';
export type { PlanReading, ReadPlanOptions, RowMatch } from './read-plan.ts';
export type { ColumnMapping, KpiField, PlanField } from './columns.ts';
export { readKpiCell, toBaseline, toTarget, basisOf } from './kpi-text.ts';
export type { KpiCell } from './kpi-text.ts';
export { problemText, matchText, columnLetter } from './sheet.ts';
export type { Cell, ImportProblem, SheetInput } from './sheet.ts';
export { PLAN_INFO_FIELDS, PLAN_INFO_SHEET } from './plan-info.ts';
export type { PlanInfoItem } from './plan-info.ts';
