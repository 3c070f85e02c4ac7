import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { buildYearReport } from '../domain/annual-report/model.ts';
import type { ReportOpinion, YearReport } from '../domain/annual-report/schema.ts';
import type { ActionReportBody, KpiActualBody } from '../domain/progress-reports/schema.ts';
import type { OpinionRecord } from '../store/publication-records.ts';
import type { Store } from '../store/store.ts';

export function opinionView(record: OpinionRecord): ReportOpinion {
  return { id: record.id, measure: record.body.measure, speaker: record.body.speaker, date: record.body.date, text: record.body.text };
}

/** Opinions in the order a reader expects: by date, then as recorded. */
const byDate = (a: OpinionRecord, b: OpinionRecord) => a.body.date.localeCompare(b.body.date) || a.createdAt.localeCompare(b.createdAt);

/**
 * The year's report from the table: one Query per plan year up to the fiscal year (KPI series need the
 * earlier years' actuals), the assignments and the opinions. Only state "approved" is passed on, for
 * reports and opinions alike.
 */
export async function loadYearReport(input: { store: Store; catalogue: Catalogue; fiscalYear: number }): Promise<YearReport> {
  const { store, catalogue, fiscalYear } = input;
  const first = catalogue.plan.period.firstFiscalYear;
  const years = Array.from({ length: fiscalYear - first + 1 }, (_, i) => first + i);
  const [recordsByYear, assignments, opinions] = await Promise.all([
    Promise.all(years.map((year) => store.listFiscalYear(year))),
    store.listAssignments(),
    store.listOpinions(fiscalYear),
  ]);
  const approved = recordsByYear.flat().filter((record) => record.state === 'approved');
  return buildYearReport({
    catalogue,
    fiscalYear,
    assignments,
    actionReports: approved
      .filter((record) => record.kind === 'action' && record.fiscalYear === fiscalYear)
      .map((record) => ({
        actionItem: record.subject,
        body: record.body as ActionReportBody,
        // A shared item's part (関係各課), or what names the part of one written before parts existed.
        ...(record.department === undefined ? {} : { department: record.department }),
        ...(record.submittedFrom === undefined ? {} : { submittedFrom: record.submittedFrom }),
      })),
    kpiActuals: approved
      .filter((record) => record.kind === 'kpi')
      .map((record) => {
        const { value, assessment, asOf, note } = record.body as Partial<KpiActualBody>;
        return { kpi: record.subject, period: record.fiscalYear, value, assessment, asOf, note };
      }),
    earlierEffects: approved.flatMap((record) => {
      const amount = (record.body as Partial<ActionReportBody>).effectAmount;
      return record.kind === 'action' && record.fiscalYear < fiscalYear && amount !== undefined
        ? [{ actionItem: record.subject, fiscalYear: record.fiscalYear, amount }]
        : [];
    }),
    opinions: opinions
      .filter((record) => record.state === 'approved')
      .sort(byDate)
      .map(opinionView),
  });
}
