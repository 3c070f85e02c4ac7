import * as z from '../../domain/zod.ts';
import { fiscalYearSchema } from '../../domain/progress-reports/schema.ts';
import { requireAction } from '../../http/service-context.ts';
import { problems } from '../../http/problem.ts';
import { pageQuerySchema } from '../../http/paging.ts';
import type { Routes } from '../../http/route.ts';
import { answer } from '../../http/answer.ts';

/** Loaded with this group's first request: a cold start for the reports compiles none of it (issue 22). */
const yearStatus = () => import('../../progress/year-status.ts');

/**
 * Measures per page: the whole of today's plan (44) in one page; at 100× the plan (4,400 measures) a page
 * is ~1 MB, well under Lambda's 6 MB response limit (`npm run bench:scale`).
 */
const MEASURES_PER_PAGE = 500;

/** Opaque to clients: the key of the first measure of the next page (base64url, so any key's characters travel). */
const cursorOf = (measure: string) => Buffer.from(`m${measure}`, 'utf8').toString('base64url');
function measureOfCursor(cursor: string): string | undefined {
  return /^m([A-Za-z0-9][A-Za-z0-9_.()-]{0,39})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))?.[1];
}

export function registerOverviewRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/overview',
      summary:
        `年度の全体状況（推進本部・推進懇談会）：報告の状態、未提出、KPI達成度。施策${MEASURES_PER_PAGE}件ごとのページで返し、続きは ?cursor=<nextCursor>（?limit= で件数）。` +
        '集計（合計・柱・政策・方向性・課ごと）と未提出はそのページの施策の分で、全ページを足すと年度全体になります（1ページ目は全ての柱・政策・方向性を載せます）',
      tag: '全体状況',
      params: z.object({ fy: fiscalYearSchema }),
      query: pageQuerySchema(MEASURES_PER_PAGE),
      response: 'overviewSchema',
    },
    async (c, { params: { fy }, query }) => {
      const { catalogue, permissions } = await requireAction(c, 'overview', 'read', '全体状況は推進本部と推進懇談会が見る画面です', fy);
      // The page is cut from the plan's measures before anything is read: only its items' reports are read.
      const keys = catalogue.measures.map(({ measure }) => measure.key);
      const cursor = query.cursor;
      const start = cursor === undefined ? 0 : keys.indexOf(measureOfCursor(cursor) ?? '');
      if (start < 0) throw problems.invalidCursor();
      const page = keys.slice(start, start + (query.limit ?? MEASURES_PER_PAGE));
      const next = keys[start + page.length];
      const { previous: _previous, ...status } = await (await yearStatus()).loadOverviewPage({
        store: c.var.deps.store,
        catalogue,
        fiscalYear: fy,
        measures: page,
        // The first page lists every group of the plan, so the joined pages keep the plan's order and its groups.
        everyGroup: start === 0,
        // Those whose year-wide roles may not read a submitted report (the council) see only what HQ approved.
        approvedOnly: !permissions.everywhere('report', 'read', 'submitted'),
      });
      return answer(c, { ...status, nextCursor: next ? cursorOf(next) : null });
    },
  );
}
