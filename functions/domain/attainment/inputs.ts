import * as z from '../zod.ts';
import { actionRatingSchema, actionStatusSchema } from '../reports/schema.ts';

/** A KPI's measured value for a period: a fiscal year, or a calendar year for a calendar-year KPI. */
export const kpiActualSchema = z.object({
  kpi: z.string({ error: 'kpi（KPIのID）がありません' }),
  period: z.int({ error: 'period（年度）は整数で指定してください' }),
  value: z.number({ error: 'value（実績値）は数値で指定してください' }),
});
export type KpiActual = z.infer<typeof kpiActualSchema>;

/** What a department reported about an action item for a fiscal year. */
export const actionReportInputSchema = z.object({
  actionItem: z.string(),
  fiscalYear: z.int(),
  status: actionStatusSchema,
  rating: actionRatingSchema,
});
export type ActionReportInput = z.infer<typeof actionReportInputSchema>;
