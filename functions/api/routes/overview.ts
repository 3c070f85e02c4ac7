import * as z from '../../domain/zod.ts';
import { overviewSchema } from '../../contract/index.ts';
import { fiscalYearSchema } from '../../domain/reports/schema.ts';
import { loadYearStatus } from '../../progress/year-status.ts';
import { requirePermission } from '../context.ts';
import type { Routes } from '../http/route.ts';

export function registerOverviewRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/overview',
      summary: '年度の全体状況（推進本部・推進懇談会）: 報告の状態、未提出、KPI達成度',
      tag: '全体状況',
      params: z.object({ fy: fiscalYearSchema }),
      response: overviewSchema,
    },
    async (c, { params: { fy } }) => {
      const { catalogue, permissions } = await requirePermission(c, 'canSeeOverview', '全体状況は推進本部と推進懇談会が見る画面です');
      const status = await loadYearStatus({
        store: c.var.deps.store,
        catalogue,
        fiscalYear: fy,
        // Those who do not review (the council) see only what HQ approved.
        approvedOnly: !permissions.has('canReview'),
      });
      const { previous: _previous, ...overview } = status;
      return c.json(overview);
    },
  );
}
