import * as z from '../../domain/zod.ts';
import { assessFiscalYear } from '../../domain/attainment/index.ts';
import { fiscalYearSchema } from '../../domain/reports/schema.ts';
import type { ActionReportBody, KpiActualBody } from '../../domain/reports/schema.ts';
import { REPORT_STATE_LABELS } from '../../domain/reports/workflow.ts';
import type { ReportRecord } from '../../store/records.ts';
import { problems } from '../http/problem.ts';
import type { Routes } from '../http/route.ts';
import { accessFor } from './reports.ts';

/** Reports that count for attainment: what departments have submitted, or, for the council, what HQ approved. */
const counts = (record: ReportRecord, approvedOnly: boolean) =>
  approvedOnly ? record.state === 'approved' : record.state === 'submitted' || record.state === 'approved';

export function registerOverviewRoutes(routes: Routes): void {
  routes.add(
    {
      method: 'get',
      path: '/fiscal-years/:fy/overview',
      summary: '年度の全体状況（推進本部・推進懇談会）: 報告の状態、未提出、KPI達成度',
      tag: '全体状況',
      params: z.object({ fy: fiscalYearSchema }),
      response: z.object({ fiscalYear: z.number(), measures: z.array(z.record(z.string(), z.unknown())) }),
    },
    async (c, { params: { fy } }) => {
      const { access, catalogue } = await accessFor(c);
      const role = access.principal.role;
      if (role === 'department') throw problems.forbidden('全体状況は推進本部と推進懇談会が見る画面です');
      const approvedOnly = role === 'viewer';
      const { store } = c.var.deps;

      // KPI windows and series need earlier years too: one Query per fiscal year, never a Scan.
      const years = Array.from({ length: fy - catalogue.plan.firstFiscalYear + 1 }, (_, i) => catalogue.plan.firstFiscalYear + i);
      const recordsByYear = await Promise.all(years.map((year) => store.listFiscalYear(year)));
      const thisYear = recordsByYear.at(-1) ?? [];
      const counted = recordsByYear.flat().filter((record) => counts(record, approvedOnly));

      const assessment = assessFiscalYear({
        catalogue,
        fiscalYear: fy,
        actuals: counted
          .filter((record) => record.kind === 'kpi')
          .map((record) => ({ kpi: record.subject, period: record.fiscalYear, value: (record.body as KpiActualBody).value })),
        actionReports: counted
          .filter((record) => record.kind === 'action' && record.fiscalYear === fy)
          .map((record) => {
            const body = record.body as ActionReportBody;
            return { actionItem: record.subject, fiscalYear: fy, status: body.status, rating: body.rating };
          }),
        assignments: Object.fromEntries(catalogue.measures.map(({ measure }) => [measure.number, access.departmentsOf(measure.number)])),
      });

      const byKey = new Map(thisYear.map((record) => [`${record.kind}:${record.subject}`, record]));
      const stateOf = (kind: 'action' | 'kpi', id: string) => {
        const record = byKey.get(`${kind}:${id}`);
        if (!record || (approvedOnly && record.state !== 'approved')) return 'missing' as const;
        return record.state;
      };

      const measures = catalogue.measures.map(({ measure, pillar, policy, subPolicy }) => ({
        number: measure.number,
        title: measure.title,
        pillar: pillar.id,
        policy: policy.id,
        subPolicy: subPolicy.id,
        departments: access.departmentsOf(measure.number),
        actionItems: catalogue.scheduledActionItems
          .filter((entry) => entry.measure.number === measure.number)
          .map(({ item }) => {
            const state = stateOf('action', item.id);
            return { id: item.id, title: item.title, state, stateLabel: REPORT_STATE_LABELS[state] };
          }),
        kpis: measure.kpis.map((kpi) => {
          const state = stateOf('kpi', kpi.id);
          return { id: kpi.id, name: kpi.name, state, stateLabel: REPORT_STATE_LABELS[state] };
        }),
      }));

      // 未提出: nothing submitted yet (no report, a draft, or a returned one awaiting the department's fix).
      const missing = new Map<string, { actionItems: string[]; kpis: string[] }>();
      for (const measure of measures) {
        const open = (state: string) => state === 'missing' || state === 'draft' || state === 'returned';
        const actionItems = measure.actionItems.filter((item) => open(item.state)).map((item) => item.id);
        const kpis = measure.kpis.filter((kpi) => open(kpi.state)).map((kpi) => kpi.id);
        if (actionItems.length + kpis.length === 0) continue;
        const departments = measure.departments.length > 0 ? measure.departments : ['unassigned'];
        for (const code of departments) {
          const entry = missing.get(code) ?? { actionItems: [], kpis: [] };
          entry.actionItems.push(...actionItems);
          entry.kpis.push(...kpis);
          missing.set(code, entry);
        }
      }

      return c.json({
        fiscalYear: fy,
        basis: approvedOnly ? 'approved' : 'submitted',
        measures,
        missing: approvedOnly
          ? []
          : [...missing].map(([code, items]) => ({
              department: code,
              name: code === 'unassigned' ? '関係各課（未割当て）' : (catalogue.departmentName(code) ?? code),
              ...items,
            })),
        attainment: assessment,
      });
    },
  );
}
