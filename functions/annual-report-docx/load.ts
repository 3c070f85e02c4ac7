import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { buildYearReport } from '../domain/annual-report/model.ts';
import type { ReportOpinion, YearReport } from '../domain/annual-report/schema.ts';
import type { ActionReportBody, KpiActualBody } from '../domain/progress-reports/schema.ts';
import type { OpinionRecord } from '../store/publication-records.ts';
import type { ReportRecord, ReportStatusRecord } from '../store/records.ts';
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
function yearInputs(records: readonly ReportRecord[], fiscalYear: number): YearInputs {
  const inputs: YearInputs = { actionReports: [], kpiActuals: [], earlierEffects: [] };
  for (const record of records) {
    if (record.state !== 'approved') continue;
    if (record.kind === 'kpi') {
      const { value, assessment, asOf, note } = record.body as Partial<KpiActualBody>;
      inputs.kpiActuals.push({ kpi: record.subject, period: record.fiscalYear, value, assessment, asOf, note });
    } else if (record.fiscalYear === fiscalYear) {
      inputs.actionReports.push({
        actionItem: record.subject,
        body: record.body as ActionReportBody,
        // A shared item's part (関係各課), or what names the part of one written before parts existed.
        ...(record.department === undefined ? {} : { department: record.department }),
        ...(record.submittedFrom === undefined ? {} : { submittedFrom: record.submittedFrom }),
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
 * effect totals need the earlier years' actuals and amounts), the assignments and the opinions. Only state
 * "approved" is passed on, for reports and opinions alike.
 */
export async function loadYearReport(input: { store: Store; catalogue: Catalogue; fiscalYear: number }): Promise<YearReport> {
  const { store, catalogue, fiscalYear } = input;
  const first = catalogue.plan.period.firstFiscalYear;
  const years = Array.from({ length: fiscalYear - first + 1 }, (_, i) => first + i);
  const [byYear, assignments, opinions] = await Promise.all([
    Promise.all(years.map(async (year) => yearInputs(await store.listFiscalYear(year), fiscalYear))),
    store.listAssignments(),
    store.listOpinions(fiscalYear),
  ]);
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

/** How many reports' files are read at once: enough to hide the round trips, few enough not to spike the table. */
const FILE_READS_AT_ONCE = 16;

/**
 * 根拠資料 of the year's approved reports (action reports and KPI actuals), by `action:<item key>` /
 * `kpi:<KPI key>`: listed files' names, oldest first, a shared item's parts together (issue 24: the .docx
 * lists files by name). Kept apart from loadYearReport on purpose: the YearReport is what is published (open
 * data, the public page), and files are never published. One Query per approved report, as files are kept
 * per report (store/keys.ts); reports without files cost an empty Query each.
 */
export async function loadAttachmentNames(input: { store: Store; fiscalYear: number }): Promise<Map<string, string[]>> {
  const { store, fiscalYear } = input;
  const approved = (await store.listFiscalYearStatus(fiscalYear)).filter((record) => record.state === 'approved');
  const found: { key: string; files: { name: string; createdAt: string }[] }[] = [];
  const read = async (record: ReportStatusRecord) => {
    const ref = {
      kind: record.kind,
      fiscalYear: record.fiscalYear,
      subject: record.subject,
      ...(record.department === undefined ? {} : { department: record.department }),
    };
    const files = (await store.listAttachments(ref)).filter((file) => file.state === 'stored');
    if (files.length) found.push({ key: `${record.kind}:${record.subject}`, files });
  };
  for (let at = 0; at < approved.length; at += FILE_READS_AT_ONCE) await Promise.all(approved.slice(at, at + FILE_READS_AT_ONCE).map(read));
  const names = new Map<string, { name: string; createdAt: string }[]>();
  for (const { key, files } of found) names.set(key, [...(names.get(key) ?? []), ...files]);
  return new Map([...names].map(([key, files]) => [key, files.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((file) => file.name)]));
}
