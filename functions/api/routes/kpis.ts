import * as z from '../../domain/zod.ts';
import { kpiIdSchema } from '../../domain/progress-reports/schema.ts';
import { kpiActuals } from '../../service/reports.ts';
import { serviceContext } from '../../http/service-context.ts';
import type { Routes } from '../../http/route.ts';
import { reportViews } from './reports.ts';
import { answer } from '../../http/answer.ts';

export function registerKpiRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/kpis/:kpiId/actuals',
      summary: 'KPIの実績の推移（見られる年度の実績すべて、古い順）',
      tag: 'KPI実績',
      params: z.object({ kpiId: kpiIdSchema }),
      response: 'kpiSeriesSchema',
    },
    async (c, { params: { kpiId } }) => {
      const ctx = serviceContext(c);
      const actuals = await kpiActuals(ctx, kpiId);
      return answer(c, { kpi: kpiId, actuals: await reportViews(ctx, actuals) });
    },
  );
}
