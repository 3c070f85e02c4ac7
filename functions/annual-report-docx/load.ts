import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { buildYearReport } from '../domain/annual-report/model.ts';
import type { ReportOpinion, YearReport } from '../domain/annual-report/schema.ts';
import type { ActionReportBody, KpiActualBody } from '../domain/progress-reports/schema.ts';
import { countsInYearFigures } from '../domain/progress-reports/workflow.ts';
import type { OpinionRecord } from '../store/publication-records.ts';
import type { ReportFiguresRecord, ReportRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

export function opinionView(record: OpinionRecord): ReportOpinion {
  return { id: record.id, measure: record.body.measure, speaker: record.body.speaker, date: record.body.date, text: record.body.text };
}

/** Opinions in the order a reader expects: by date, then as recorded. */
const byDate = (a: OpinionRecord, b: OpinionRecord) => a.body.date.localeCompare(b.body.date) || a.createdAt.localeCompare(b.createdAt);

type Inputs = Parameters<typeof buildYearReport>[0];
interface YearInputs {
  actionReports: Inputs['actionReports'][number][];
  kpiActuals: Inputs['kpiActuals'][number][];
  earlierEffects: Inputs['earlierEffects'][number][];
}

/**
 * What the report takes from one year's approved records: the year's own action reports (the report's
 * year), every KPI actual, and an earlier year's effect amounts. Reduced as each year arrives, so a year's
 * records (with their texts) are not all held until the last year is read: at 100× data that is ~60,000
 * records, of which an earlier year's texts are never shown.
 */
function yearInputs(records: readonly (ReportRecord | ReportFiguresRecord)[], fiscalYear: number): YearInputs {
  const inputs: YearInputs = { actionReports: [], kpiActuals: [], earlierEffects: [] };
  for (const record of records) {
    if (!countsInYearFigures(record)) continue;
    if (record.kind === 'kpi') {
      const { value, assessment, asOf, note } = record.body as Partial<KpiActualBody>;
      inputs.kpiActuals.push({ kpi: record.subject, period: record.fiscalYear, value, assessment, asOf, note });
    } else if (record.fiscalYear === fiscalYear) {
      // The report's own year is read whole (loadYearReport): its action reports are shown with their texts.
      const { subject, body, department, submittedFrom } = record as ReportRecord;
      inputs.actionReports.push({
        actionItem: subject,
        body: body as ActionReportBody,
        // A shared item's part (関係各課), or what names the part of one written before parts existed.
        ...(department === undefined ? {} : { department }),
        ...(submittedFrom === undefined ? {} : { submittedFrom }),
      });
    } else {
      const amount = (record.body as Partial<ActionReportBody>).effectAmount;
      if (record.fiscalYear < fiscalYear && amount !== undefined)
        inputs.earlierEffects.push({ actionItem: record.subject, fiscalYear: record.fiscalYear, amount });
    }
  }
  return inputs;
}

/**
 * The year's report from the table: one Query per plan year up to the fiscal year (KPI series and the
 * effect totals need the earlier years' actuals and amounts, read without texts), the assignments and the opinions. Only state
 * "approved" is passed on, for reports and opinions alike.
 */
export async function loadYearReport(input: { store: Store; catalogue: Catalogue; fiscalYear: number; oneYearAtATime?: boolean }): Promise<YearReport> {
  const { store, catalogue, fiscalYear } = input;
  const first = catalogue.plan.period.firstFiscalYear;
  const years = Array.from({ length: fiscalYear - first + 1 }, (_, i) => first + i);
  // Earlier years give only figures (KPI actuals, 効果額): read without their texts, most of their bytes.
  const readYear = async (year: number) =>
    yearInputs(year === fiscalYear ? await store.listFiscalYear(year) : await store.listFiscalYearFigures(year), fiscalYear);
  // oneYearAtATime: a function short of memory (the API's 512 MB, publication) reads the years one after
  // another, so only one year's records (~12,000 with their texts at 100× data) are held at a time, not all five.
  const readYears = async () => {
    if (!input.oneYearAtATime) return Promise.all(years.map(readYear));
    const read: YearInputs[] = [];
    for (const year of years) read.push(await readYear(year));
    return read;
  };
  const [byYear, assignments, opinions] = await Promise.all([readYears(), store.listAssignments(), store.listOpinions(fiscalYear)]);
  return buildYearReport({
    catalogue,
    fiscalYear,
    assignments,
    actionReports: byYear.flatMap((year) => year.actionReports),
    kpiActuals: byYear.flatMap((year) => year.kpiActuals),
    earlierEffects: byYear.flatMap((year) => year.earlierEffects),
    opinions: opinions
      .filter((record) => record.state === 'approved')
      .sort(byDate)
      .map(opinionView),
  });
}

/**
 * 根拠資料 of the year's approved reports (action reports and KPI actuals), by `action:<item key>` /
 * `kpi:<KPI key>`: listed files' names, oldest first, a shared item's parts together (issue 24: the .docx
 * lists files by name). Kept apart from loadYearReport on purpose: the YearReport is what is published (open
 * data, the public page), and files are never published. Two Queries whatever the plan's size: the year's
 * files (one partition, store/keys.ts) and the year's statuses, to keep only approved reports' files.
 */
export async function loadAttachmentNames(input: { store: Store; fiscalYear: number }): Promise<Map<string, string[]>> {
  const { store, fiscalYear } = input;
  const keyOf = (ref: { kind: string; subject: string; department?: string }) => `${ref.kind}:${ref.subject}:${ref.department ?? ''}`;
  const [files, statuses] = await Promise.all([store.listFiscalYearAttachments(fiscalYear), store.listFiscalYearStatus(fiscalYear)]);
  const approved = new Set(statuses.filter((record) => record.state === 'approved').map(keyOf));
  const names = new Map<string, { name: string; createdAt: string }[]>();
  for (const file of files) {
    if (file.state !== 'stored' || !approved.has(keyOf(file.report))) continue;
    const key = `${file.report.kind}:${file.report.subject}`;
    names.set(key, [...(names.get(key) ?? []), file]);
  }
  return new Map([...names].map(([key, listed]) => [key, listed.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((file) => file.name)]));
}
