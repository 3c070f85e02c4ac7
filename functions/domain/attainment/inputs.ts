import * as z from '../zod.ts';
import { actionRatingSchema, actionStatusSchema } from '../progress-reports/schema.ts';

// The status and rating a department reports live with the report shapes (the API and the web form
// validate with them); the engine takes the very same schemas.
export { actionRatingSchema, actionStatusSchema };
export type { ActionRating, ActionStatus } from '../progress-reports/schema.ts';

/** A KPI's measured value for a period: a fiscal year, or a calendar year for a calendar-year KPI. */
export const kpiActualSchema = z.object({
  kpi: z.string({ error: 'kpi（KPIのID）がありません' }),
  period: z.int({ error: 'period（年度）は整数で指定してください' }),
  // zod 4 numbers are finite: NaN and ±Infinity are refused here.
  value: z.number({ error: 'value（実績値）は数値で指定してください' }),
});
export type KpiActual = z.infer<typeof kpiActualSchema>;

/** What a department reported about an action item for a fiscal year. */
export const actionReportInputSchema = z.object({
  actionItem: z.string({ error: 'actionItem（取組項目のID）がありません' }),
  fiscalYear: z.int({ error: 'fiscalYear（年度）は整数で指定してください' }),
  status: actionStatusSchema,
  rating: actionRatingSchema,
});
export type ActionReportInput = z.infer<typeof actionReportInputSchema>;
