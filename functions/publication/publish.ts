import type { Catalogue } from '../domain/catalogue/catalogue.ts';
import { formatDate, formatFiscalYear } from '../domain/calendar/index.ts';
import { reportMeasures } from '../domain/annual-report/model.ts';
import {
  DEPARTMENT_COLUMNS,
  OPEN_DATA_INDEX,
  PROGRESS_COLUMNS,
  XLSX_TYPE,
  dataPackage,
  departmentRows,
  departmentsCsv,
  distributionsOf,
  isoDateOf,
  licenseOf,
  municipalityOf,
  openDataPaths,
  progressCsv,
  progressDocument,
  progressRows,
} from '../domain/annual-report/open-data.ts';
import { progressSchemaJson } from './progress-schema-json.ts';
import type { OpenDataIndex, ProgressDocument } from '../domain/annual-report/open-data.ts';
import type { YearReport } from '../domain/annual-report/schema.ts';
import { loadYearReport } from '../annual-report-docx/load.ts';
import type { Author } from '../store/records.ts';
import type { PublicationRecord } from '../store/publication-records.ts';
import type { Store } from '../store/store.ts';
import { OPEN_DATA_PREFIX } from '../security-headers.ts';
import { ARCHIVE_PREFIX } from './files.ts';
import { openDataXlsx } from './xlsx.ts';
import type { FileBody, PublicationFiles } from './files.ts';
import { jsonChunks } from './json-text.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Every snapshot is also kept outside open-data/, so a republication never loses what was online before. */
const archivePath = (fiscalYear: number, snapshot: number, file: string) => `${ARCHIVE_PREFIX}${fiscalYear}/${snapshot}/${file}`;

/**
 * What a publication or withdrawal of a year changes online: the year's files and the list of years. The
 * public page (/public/) reads only these, so nothing else needs to leave the CDN's cache. The reference
 * names the change by the record's version and time: never reused, even by a table started afresh.
 */
function invalidateOnline(files: PublicationFiles, record: PublicationRecord): Promise<void> {
  const paths = [`${OPEN_DATA_PREFIX}${record.fiscalYear}/*`, `/${OPEN_DATA_INDEX}`];
  return files.invalidate(paths, `publication-${record.fiscalYear}-v${record.version}-${record.updatedAt}`);
}

/**
 * index.json, the dataset's catalogue entry: title, publisher (the city), contact (the plan's HQ secretariat),
 * update frequency (年1回: a year is published once, republished only on correction), licence and the years
 * online with their files. The city is the deployment's: the catalogue given is the plan of the year that changed.
 */
async function writeIndex(store: Store, files: PublicationFiles, catalogue: Catalogue): Promise<void> {
  const published = (await store.listPublications()).filter((p) => p.state === 'published').sort((a, b) => a.fiscalYear - b.fiscalYear);
  const { plan } = catalogue;
  const secretariat = catalogue.departmentName(plan.hq.department) ?? plan.hq.department;
  const index: OpenDataIndex = {
    title: `${plan.title} 進捗状況`,
    description: `${plan.city.name}の${plan.title}について、年度ごとの取組項目とKPIの進捗（${plan.hq.name}が承認した内容）を公表するオープンデータです。`,
    publisher: plan.city.name,
    contact: { name: `${plan.city.name} ${secretariat}`, organization: `${plan.hq.name}事務局` },
    updateFrequency: '年1回',
    municipality: municipalityOf(plan),
    license: licenseOf(plan),
    years: published.map((p) => {
      const paths = openDataPaths(p.fiscalYear);
      return {
        fiscalYear: p.fiscalYear,
        fiscalYearLabel: formatFiscalYear(p.fiscalYear),
        publishedAt: p.publishedAt,
        publishedOn: formatDate(p.publishedAt),
        publishedDate: isoDateOf(p.publishedAt),
        files: Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, `/${v}`])) as OpenDataIndex['years'][number]['files'],
        distributions: distributionsOf(p.fiscalYear),
      };
    }),
  };
  await files.put(OPEN_DATA_INDEX, JSON.stringify(index, null, 2), JSON_TYPE);
}

/** The counts the publication's history records for a snapshot: approved items, the year's KPI actuals, opinions. */
function publishedCounts(report: YearReport) {
  const measures = reportMeasures(report);
  return {
    actionItems: measures.flatMap((m) => m.actionItems).filter((item) => item.approved).length,
    kpiActuals: measures.flatMap((m) => m.kpis).filter((kpi) => kpi.actuals.at(-1)?.period === report.fiscalYear).length,
    opinions: report.opinions.length + measures.reduce((sum, m) => sum + m.opinions.length, 0),
  };
}

const bytesOf = (body: FileBody): Uint8Array | readonly Uint8Array[] => (typeof body === 'string' ? Buffer.from(body) : body);

/** One published file: its online path, media type and how its body is made (when its turn comes). */
type PublishedFile = [path: string, type: string, body: () => FileBody | Promise<FileBody>];

/**
 * The year's files, each made only when it is written. At 100× data (~12,000 items) each body is 2–30 MB
 * and its making holds more than that (rows, cells, the JSON's text): made all before writing, they took the
 * API function past its 512 MB (issue 22). Made and written one after another, only one is held at a time.
 */
function yearFiles(document: ProgressDocument): PublishedFile[] {
  const paths = openDataPaths(document.report.fiscalYear);
  const { report } = document;
  return [
    [paths.csv, 'text/csv; charset=utf-8', () => progressCsv(document)],
    [paths.departmentsCsv, 'text/csv; charset=utf-8', () => departmentsCsv(document)],
    [
      paths.xlsx,
      XLSX_TYPE,
      () =>
        openDataXlsx(
          [
            { name: '進捗状況', columns: PROGRESS_COLUMNS, rows: progressRows(document) },
            { name: '担当課', columns: DEPARTMENT_COLUMNS, rows: departmentRows(document) },
          ],
          { title: `${report.plan.title} 進捗状況（${report.fiscalYearLabel}）`, creator: report.plan.city.name },
        ),
    ],
    [paths.dataPackage, JSON_TYPE, () => JSON.stringify(dataPackage(document), null, 2)],
    // The largest file (the whole report): encoded in chunks as it is laid out, never held whole as a string.
    [paths.json, JSON_TYPE, () => jsonChunks(document)],
    [paths.schema, 'application/schema+json; charset=utf-8', async () => JSON.stringify(await progressSchemaJson(), null, 2)],
  ];
}

/**
 * 公表: freezes the year's approved content into a new snapshot and puts it online. The publication
 * record is written first, conditionally on the version the caller read (VersionMismatchError, carrying
 * the stored record, when stale), so two publishers never both write files; then the files.
 */
export async function publishFiscalYear(input: {
  store: Store;
  catalogue: Catalogue;
  files: PublicationFiles;
  fiscalYear: number;
  current: PublicationRecord | undefined;
  by: Author;
  now: Date;
}): Promise<PublicationRecord> {
  const { store, files, fiscalYear, current, by } = input;
  const at = input.now.toISOString();
  const snapshot = (current?.snapshot ?? 0) + 1;
  // The report as loaded is dropped once its published copy (its text made safe) and counts are made: only the copy is written.
  const { document, counts } = await loadYearReport({ store, catalogue: input.catalogue, fiscalYear, oneYearAtATime: true }).then((report) => ({
    document: progressDocument(report, { publishedAt: at, publishedOn: formatDate(at), snapshot }),
    counts: publishedCounts(report),
  }));
  const next = await store.writePublication({
    content: { fiscalYear, state: 'published', snapshot, publishedAt: at },
    expectedVersion: current?.version ?? null,
    change: { action: 'publish', snapshot, counts },
    at,
    by,
  });

  for (const [path, type, make] of yearFiles(document)) {
    // Encoded once for both copies (the archive's and the one online); the text is not kept beside its bytes.
    const body = bytesOf(await make());
    await files.put(archivePath(fiscalYear, snapshot, path.slice(path.lastIndexOf('/') + 1)), body, type);
    await files.put(path, body, type);
  }
  await writeIndex(store, files, input.catalogue);
  await invalidateOnline(files, next);
  return next;
}

/** 公表の取下げ: the year's files go offline (the archive keeps them) and index.json no longer lists it. */
export async function withdrawFiscalYear(input: {
  store: Store;
  catalogue: Catalogue;
  files: PublicationFiles;
  current: PublicationRecord;
  by: Author;
  now: Date;
}): Promise<PublicationRecord> {
  const { store, files, current, by } = input;
  const at = input.now.toISOString();
  const next = await store.writePublication({
    content: { ...current, state: 'withdrawn' },
    expectedVersion: current.version,
    change: { action: 'withdraw', snapshot: current.snapshot },
    at,
    by,
  });
  for (const path of Object.values(openDataPaths(current.fiscalYear))) await files.delete(path);
  await writeIndex(store, files, input.catalogue);
  await invalidateOnline(files, next);
  return next;
}
