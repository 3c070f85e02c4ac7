import * as z from '../../domain/zod.ts';
import { kpiIdSchema, kpiSeriesSchema } from '../../contract/index.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';
import { accessFor, reportView } from './reports.ts';

export function registerKpiRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/kpis/:kpiId/actuals',
      summary: 'KPIの実績の推移（見られる年度の実績すべて、古い順）',
      tag: 'KPI実績',
      params: z.object({ kpiId: kpiIdSchema }),
      response: kpiSeriesSchema,
    },
    async (c, { params: { kpiId } }) => {
      const [{ access, catalogue }, series] = await Promise.all([accessFor(c), c.var.deps.store.kpiSeries(kpiId)]);
      const found = catalogue.kpi(kpiId);
      // Whoever may not even see this measure's approved actuals (another department's) finds it as absent as an unknown KPI.
      if (!found || !access.canRead(found.measure.number, 'approved')) throw problems.notFound(`KPI「${kpiId}」は計画にありません`);
      const visible = series.filter((record) => access.canRead(record.measure, record.state));
      return c.json({ kpi: kpiId, actuals: visible.map(reportView) });
    },
  );
}
