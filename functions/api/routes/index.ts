import type { Routes } from '../../http/route.ts';
import { registerAttachmentRoutes } from './attachments.ts';
import { registerDepartmentRoutes } from './departments.ts';
import { registerDigestRoutes } from './digest.ts';
import { registerKpiRoutes } from './kpis.ts';
import { registerNoticeRoutes } from './notices.ts';
import { registerOpinionRoutes } from './opinions.ts';
import { registerOverviewRoutes } from './overview.ts';
import { registerPlanRoutes } from './plan.ts';
import { registerPublicationRoutes } from './publication.ts';
import { registerReportRoutes } from './reports.ts';
import { registerSearchRoutes } from './search.ts';
import { registerSessionRoutes } from './session.ts';

/**
 * Every route of the API but the local sign-in's (what the deployed /api/openapi.json documents), all at
 * once and in the order the API registers them: for the OpenAPI document and the tests. The API itself
 * (app.ts) loads each group with its first request, through ROUTE_GROUPS.
 * `localSignIn` opens the department list to the local sign-in screen.
 */
export function registerApiRoutes(routes: Routes, options: { localSignIn: boolean }): void {
  registerSessionRoutes(routes);
  registerPlanRoutes(routes);
  registerDepartmentRoutes(routes, options);
  registerReportRoutes(routes);
  registerKpiRoutes(routes);
  registerAttachmentRoutes(routes);
  registerOverviewRoutes(routes);
  registerDigestRoutes(routes);
  registerOpinionRoutes(routes);
  registerPublicationRoutes(routes);
  registerSearchRoutes(routes);
  registerNoticeRoutes(routes);
}
