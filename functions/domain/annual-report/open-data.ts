import * as z from '../zod.ts';
import { reportMeasures } from './model.ts';
import { yearReportSchema } from './schema.ts';
import type { YearReport } from './schema.ts';
import { withoutUnsafeText } from '../text.ts';
import { csvField } from '../csv-field.ts';
import { formatDate, tokyoDate } from '../calendar/index.ts';

/** The plan's city as open data names it: 全国地方公共団体コード (総務省, with check digit), name, prefecture. */
export function municipalityOf(plan: Pick<YearReport['plan'], 'city'>) {
  return { name: plan.city.name, code: plan.city.code, prefecture: plan.city.prefecture };
}

/** Open data of Japanese municipalities is published under CC BY 4.0 (自治体標準オープンデータセットの例), attributed to the city and the plan. */
export function licenseOf(plan: Pick<YearReport['plan'], 'city' | 'title'>) {
  return {
    name: 'クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）',
    id: 'CC-BY-4.0',
    url: 'https://creativecommons.org/licenses/by/4.0/deed.ja',
    attribution: `${plan.city.name}「${plan.title.startsWith(plan.city.name) ? plan.title.slice(plan.city.name.length) : plan.title} 進捗状況」`,
  };
}

/** progress.json: the frozen year's report with who publishes it, when and under which licence. */
export const progressDocumentSchema = z.object({
  municipality: z.object({ name: z.string(), code: z.string(), prefecture: z.string() }),
  license: z.object({ name: z.string(), id: z.string(), url: z.string(), attribution: z.string() }),
  /** ISO 8601 instant of the publication. */
  publishedAt: z.string(),
  /** 公表日 as Japanese documents write it (令和9年6月15日). */
  publishedOn: z.string(),
  /** 1 for the first publication of the year, +1 for every republication. */
  snapshot: z.int(),
  report: yearReportSchema,
});
export type ProgressDocument = z.infer<typeof progressDocumentSchema>;

const fileSchema = z.object({
  /** Site path (/open-data/<年度>/progress.csv). */
  path: z.string(),
  /** 形式 as open-data catalogues name it: CSV, XLSX, JSON. */
  format: z.string(),
  mediaType: z.string(),
  /** What the file holds, in Japanese. */
  title: z.string(),
});

/**
 * open-data/index.json: the catalogue entry of the dataset (title, publisher, contact, update frequency,
 * licence, as DCAT / the government's data catalogue list them) and the years citizens can read now.
 */
export const openDataIndexSchema = z.object({
  title: z.string(),
  description: z.string(),
  /** 公開者: the city. */
  publisher: z.string(),
  /** 問い合わせ先: the plan's HQ secretariat (総合政策課). */
  contact: z.object({ name: z.string(), organization: z.string() }),
  /** 更新頻度. */
  updateFrequency: z.string(),
  municipality: z.object({ name: z.string(), code: z.string(), prefecture: z.string() }),
  license: z.object({ name: z.string(), id: z.string(), url: z.string(), attribution: z.string() }),
  years: z.array(
    z.object({
      fiscalYear: z.int(),
      fiscalYearLabel: z.string(),
      publishedAt: z.string(),
      /** 公表日 in 和暦 (令和9年6月15日). */
      publishedOn: z.string(),
      /** 公表日 as an ISO date (YYYY-MM-DD). */
      publishedDate: z.string(),
      /** The same paths as `distributions`, by role; csv/json/schema kept for readers of earlier indexes. */
      files: z.object({ csv: z.string(), json: z.string(), schema: z.string(), xlsx: z.string(), departmentsCsv: z.string(), dataPackage: z.string() }),
      distributions: z.array(fileSchema),
    }),
  ),
});
export type OpenDataIndex = z.infer<typeof openDataIndexSchema>;

/** Frictionless Table Schema field types used here. */
type FieldType = 'string' | 'integer' | 'number';
/** One published column: its Japanese name, type, description; `text` columns are kept as text in the .xlsx (a code with a leading 0, an ID such as 1-1 that Excel would read as a date). */
export interface OpenDataColumn {
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  readonly text?: boolean;
  /** Table Schema format: a date column holds YYYY-MM-DD. */
  readonly format?: string;
}

/**
 * The columns every table starts with, as the 自治体標準オープンデータセット (デジタル庁) begins its tables: the
 * 全国地方公共団体コード, 都道府県名 and 市区町村名, then the year in 西暦 beside 和暦 (総務省「統計表における
 * 機械判読可能なデータの表記方法の統一ルール」: one datum per cell, 西暦 with 和暦 kept in a column of its own).
 */
const LEAD_COLUMNS: readonly OpenDataColumn[] = [
  { name: '全国地方公共団体コード', type: 'string', text: true, description: '総務省の全国地方公共団体コード（6桁、検査数字付き）。先頭の0を含む文字列です。' },
  { name: '都道府県名', type: 'string', description: '計画を定めた地方公共団体の都道府県名。' },
  { name: '市区町村名', type: 'string', description: '計画を定めた地方公共団体の市区町村名。' },
  {
    name: '年度（西暦）',
    type: 'integer',
    description: '進捗を報告した年度（4月1日から翌年3月31日まで）を西暦で表した数（年度の始まる年）。',
  },
  { name: '年度（和暦）', type: 'string', description: '同じ年度の和暦表記（例：令和8年度）。' },
];

/**
 * progress.csv: one row per action item (取組項目) and one per KPI of the year, in the plan's order. 担当課 is
 * not here but in items_departments.csv (one row per ID and department), so every cell holds one value.
 */
export const PROGRESS_COLUMNS: readonly OpenDataColumn[] = [
  ...LEAD_COLUMNS,
  { name: '大分類番号', type: 'string', text: true, description: '計画の最上位の階層（例：柱）の番号（例：I）。' },
  { name: '大分類名', type: 'string', description: '最上位の分類の名称（例：行政改革）。' },
  { name: '分類番号', type: 'string', text: true, description: '施策の直上の階層（例：施策の方向性）の番号（例：I-1-(1)）。' },
  { name: '分類名', type: 'string', description: '施策の直上の分類の名称。' },
  { name: '施策番号', type: 'string', text: true, description: '計画の施策番号（例：12）。' },
  { name: '施策名', type: 'string', description: '施策の名称。' },
  { name: '種別', type: 'string', description: '行の種類。「取組項目」（施策の取組）または「KPI」（成果指標）。' },
  {
    name: 'ID',
    type: 'string',
    text: true,
    description: '取組項目・KPIの番号（例：12-1、16-K1）。年度（西暦）と組み合わせて行を一意に識別し、items_departments.csv の ID と対応します。',
  },
  { name: '名称', type: 'string', description: '取組項目またはKPIの名称。' },
  { name: '年度の計画', type: 'string', description: '取組項目について、計画がこの年度に予定する取組（例：検討、実施）。KPIの行は空欄。' },
  {
    name: '承認状況',
    type: 'string',
    description: '「承認済」（推進本部が承認した報告）、「未承認」（公表時点で承認された報告がない）、または他の施策への参照（例：施策5に記載）。',
  },
  { name: '進捗状況', type: 'string', description: '取組項目の進捗（未着手、検討中、実施中、完了）。未承認の行は空欄。' },
  { name: '計画との比較', type: 'string', description: '計画の予定に対する進み具合（前倒し、予定どおり、遅れ、未報告、予定なし）。' },
  { name: '自己評価コード', type: 'string', description: '担当課の自己評価のコード（A、B、C、D）。未承認の行は空欄。' },
  { name: '自己評価', type: 'string', description: '自己評価コードの名称（計画以上、計画どおり、やや遅れ、遅れ・未着手）。' },
  { name: '実績', type: 'string', description: '年度の取組の実績（承認済みの報告の記述）。' },
  { name: '課題', type: 'string', description: '取組の課題。' },
  { name: '今後の取組', type: 'string', description: '今後の取組の予定。' },
  { name: 'KPI集計期間', type: 'string', description: 'KPIの値を数える期間の区分。「年度」または「暦年」（1月〜12月）。' },
  { name: '単位', type: 'string', description: 'KPIの単位（件、%、円など）。金額は円単位の整数です。' },
  { name: '基準値', type: 'number', description: 'KPIの基準値（計画策定時の値）。' },
  { name: '基準値（計画の表記）', type: 'string', description: '計画書に記載された基準値の表記（例：83件 (R7.12月末)）。' },
  {
    name: '基準時点（西暦）',
    type: 'string',
    description: '基準値を測った時点。日付のときは YYYY-MM-DD、年度（暦年のKPIは暦年）のときは西暦の年（例：2024）。',
  },
  { name: '基準時点（和暦）', type: 'string', description: '同じ時点の和暦表記（例：令和7年12月31日、令和6年度）。' },
  { name: '目標値', type: 'number', description: 'KPIの目標値。数値で表せない目標（現状より向上など）は空欄。' },
  { name: '目標値（計画の表記）', type: 'string', description: '計画書に記載された目標の表記（例：100件、26億3,000万円以上）。' },
  { name: '目標時点（西暦）', type: 'integer', description: '目標とする年度（暦年のKPIは暦年）の西暦の年。' },
  { name: '目標時点（和暦）', type: 'string', description: '同じ時点の和暦表記（例：令和12年度）。' },
  { name: '実績値', type: 'number', description: 'この年度のKPIの実績値（推進本部が承認したもの）。承認された実績がないときは空欄。' },
  { name: '実績時点', type: 'string', format: 'date', description: '担当課が入力した実績値の時点（YYYY-MM-DD）。' },
  { name: '出典', type: 'string', description: '担当課が入力した実績値の出典・備考。' },
  { name: 'KPI評価コード', type: 'string', description: 'KPIの評価のコード（A、B、C、D、N）。' },
  { name: 'KPI評価', type: 'string', description: 'KPI評価コードの名称（達成、順調、遅れ、後退、未報告）。' },
  { name: '公表日', type: 'string', format: 'date', description: 'このデータを公表した日（YYYY-MM-DD、日本時間）。' },
];

/** items_departments.csv: 担当課, one row per (ID, department), in the order the plan names the departments. */
export const DEPARTMENT_COLUMNS: readonly OpenDataColumn[] = [
  ...LEAD_COLUMNS,
  { name: '施策番号', type: 'string', text: true, description: '計画の施策番号（例：12）。' },
  { name: '種別', type: 'string', description: '「取組項目」または「KPI」。' },
  { name: 'ID', type: 'string', text: true, description: 'progress.csv の ID（例：12-1、16-K1）。' },
  { name: '担当課', type: 'string', description: '担当する課の名称（その年度の名称）。1行に1課。未割当ての「関係各課」はそのまま記載します。' },
  { name: '担当課の順番', type: 'integer', description: '計画が担当課を挙げる順番（1から）。' },
];

export type OpenDataRow = Record<string, string | number | null>;

/** An ISO instant → YYYY-MM-DD: the date in Japan (公表日 as an ISO date). */
export function isoDateOf(instant: string): string {
  const { year, month, day } = tokyoDate(instant);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function leadOf(document: ProgressDocument): OpenDataRow {
  return {
    全国地方公共団体コード: document.municipality.code,
    都道府県名: document.municipality.prefecture,
    市区町村名: document.municipality.name,
    '年度（西暦）': document.report.fiscalYear,
    '年度（和暦）': document.report.fiscalYearLabel,
  };
}

/**
 * One row per action item and one per KPI of the year, in the plan's order (PROGRESS_COLUMNS says what each holds).
 * Yielded one at a time: a file takes each row as it is made, so a year's rows are never all held at once.
 */
export function* progressRows(document: ProgressDocument): Generator<OpenDataRow> {
  const { report } = document;
  const groups = new Map(report.groups.map((group) => [group.key, group]));
  const lead = leadOf(document);
  const publishedDate = isoDateOf(document.publishedAt);
  for (const measure of reportMeasures(report)) {
    const top = groups.get(measure.path[0] ?? '');
    const nearest = groups.get(measure.path.at(-1) ?? '');
    const common = {
      ...lead,
      大分類番号: top?.number ?? null,
      大分類名: top?.title ?? null,
      分類番号: nearest?.number ?? null,
      分類名: nearest?.title ?? null,
      施策番号: measure.number,
      施策名: measure.title,
      公表日: publishedDate,
    };
    const noKpi = {
      KPI集計期間: null,
      単位: null,
      基準値: null,
      '基準値（計画の表記）': null,
      '基準時点（西暦）': null,
      '基準時点（和暦）': null,
      目標値: null,
      '目標値（計画の表記）': null,
      '目標時点（西暦）': null,
      '目標時点（和暦）': null,
      実績値: null,
      実績時点: null,
      出典: null,
      KPI評価コード: null,
      KPI評価: null,
    };
    for (const item of measure.actionItems) {
      yield {
        ...common,
        ...noKpi,
        種別: '取組項目',
        ID: item.number,
        名称: item.title,
        年度の計画: item.planned,
        承認状況: item.referenceTo ? item.scheduleLabel : item.approved ? '承認済' : '未承認',
        進捗状況: item.statusLabel,
        計画との比較: item.referenceTo ? null : item.scheduleLabel,
        自己評価コード: item.rating,
        自己評価: item.ratingLabel,
        実績: item.achievements,
        課題: item.challenges,
        今後の取組: item.nextSteps,
      };
    }
    for (const kpi of measure.kpis) {
      const latest = kpi.actuals.at(-1);
      const current = latest?.period === report.fiscalYear ? latest : undefined;
      yield {
        ...common,
        種別: 'KPI',
        ID: kpi.number,
        名称: kpi.name,
        年度の計画: null,
        承認状況: current ? '承認済' : '未承認',
        進捗状況: null,
        計画との比較: null,
        自己評価コード: null,
        自己評価: null,
        実績: null,
        課題: null,
        今後の取組: null,
        KPI集計期間: kpi.basis === 'calendar_year' ? '暦年' : '年度',
        単位: kpi.unit,
        基準値: kpi.baseline.value,
        '基準値（計画の表記）': kpi.baseline.label,
        '基準時点（西暦）': kpi.baseline.date ?? String(kpi.baseline.period),
        '基準時点（和暦）': kpi.baseline.date ? formatDate(kpi.baseline.date) : kpi.baseline.periodLabel,
        目標値: kpi.target.value,
        '目標値（計画の表記）': kpi.target.label,
        '目標時点（西暦）': kpi.target.period,
        '目標時点（和暦）': kpi.target.periodLabel,
        実績値: current?.value ?? null,
        実績時点: current?.asOf ?? null,
        出典: current?.note ?? null,
        KPI評価コード: kpi.rating,
        KPI評価: kpi.ratingLabel,
      };
    }
  }
}

/** 担当課 as a table of its own: one row per (ID, department) for every row of progress.csv, yielded one at a time. */
export function* departmentRows(document: ProgressDocument): Generator<OpenDataRow> {
  const lead = leadOf(document);
  for (const measure of reportMeasures(document.report)) {
    const ids = [...measure.actionItems.map((item) => ['取組項目', item.number] as const), ...measure.kpis.map((kpi) => ['KPI', kpi.number] as const)];
    for (const [kind, id] of ids) {
      for (const [i, department] of measure.departments.entries()) {
        yield { ...lead, 施策番号: measure.number, 種別: kind, ID: id, 担当課: department, 担当課の順番: i + 1 };
      }
    }
  }
}

/**
 * A table as CSV: UTF-8 with a BOM (so Excel opens it as UTF-8), CRLF, Japanese column names, every field
 * through csvField, the one rule the internal export.csv follows too (formula-like text gets a leading ').
 */
export function openDataCsv(columns: readonly OpenDataColumn[], rows: Iterable<OpenDataRow>): string {
  // Only each row's line is kept, not the row: the row objects are the larger part.
  const lines = [columns.map((column) => csvField(column.name)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(row[column.name] ?? null)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** progress.csv (PROGRESS_COLUMNS). */
export function progressCsv(document: ProgressDocument): string {
  return openDataCsv(PROGRESS_COLUMNS, progressRows(document));
}

/** items_departments.csv (DEPARTMENT_COLUMNS). */
export function departmentsCsv(document: ProgressDocument): string {
  return openDataCsv(DEPARTMENT_COLUMNS, departmentRows(document));
}

/** A Frictionless Table Schema of a table: every column with its Japanese description. */
function tableSchema(columns: readonly OpenDataColumn[], primaryKey: string[]) {
  return {
    fields: columns.map((column) => ({
      name: column.name,
      type: column.type,
      ...(column.format ? { format: column.format } : {}),
      description: column.description,
    })),
    primaryKey,
    missingValues: [''],
  };
}

/**
 * datapackage.json (Frictionless Data Package 1.0): what each CSV of the year holds, column by column, in
 * Japanese, so a reader or a validator (frictionless validate) knows every column without reading code.
 */
export function dataPackage(document: ProgressDocument) {
  const { report } = document;
  return {
    name: `gyozaisei-kaikaku-shinchoku-${document.municipality.code}-${report.fiscalYear}`,
    title: `${report.plan.title} 進捗状況（${report.fiscalYearLabel}）`,
    description: `${document.municipality.name}の${report.plan.title}について、${report.fiscalYearLabel}の取組項目とKPIの進捗（推進本部が承認した内容）を公表するデータです。`,
    licenses: [{ name: document.license.id, path: document.license.url, title: document.license.name }],
    contributors: [{ title: `${document.municipality.name} ${report.plan.hq.secretariat}（${report.plan.hq.name}事務局）`, role: 'publisher' }],
    created: document.publishedAt,
    resources: [
      {
        name: 'progress',
        path: 'progress.csv',
        title: '取組項目とKPIの進捗（1行に1項目）',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8-sig',
        schema: tableSchema(PROGRESS_COLUMNS, ['年度（西暦）', 'ID']),
      },
      {
        name: 'items_departments',
        path: 'items_departments.csv',
        title: '取組項目・KPIの担当課（1行に1課）',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8-sig',
        schema: {
          ...tableSchema(DEPARTMENT_COLUMNS, ['年度（西暦）', 'ID', '担当課']),
          foreignKeys: [{ fields: ['年度（西暦）', 'ID'], reference: { resource: 'progress', fields: ['年度（西暦）', 'ID'] } }],
        },
      },
    ],
  };
}

export function progressDocument(report: YearReport, publication: { publishedAt: string; publishedOn: string; snapshot: number }): ProgressDocument {
  // Citizens' tools parse this as JSON, CSV and (converted) XML: text stored before the text rule is cleaned here.
  return { municipality: municipalityOf(report.plan), license: licenseOf(report.plan), ...publication, report: withoutUnsafeText(report) };
}

/** Where a fiscal year's files are, relative to the site root (served at /open-data/…). */
export const openDataPaths = (fiscalYear: number) => ({
  csv: `open-data/${fiscalYear}/progress.csv`,
  json: `open-data/${fiscalYear}/progress.json`,
  schema: `open-data/${fiscalYear}/progress.schema.json`,
  xlsx: `open-data/${fiscalYear}/progress.xlsx`,
  departmentsCsv: `open-data/${fiscalYear}/items_departments.csv`,
  dataPackage: `open-data/${fiscalYear}/datapackage.json`,
});
export const OPEN_DATA_INDEX = 'open-data/index.json';

/** The year's files as index.json lists them: path, format and what each holds. */
export function distributionsOf(fiscalYear: number): OpenDataIndex['years'][number]['distributions'] {
  const paths = openDataPaths(fiscalYear);
  return [
    { path: `/${paths.csv}`, format: 'CSV', mediaType: 'text/csv', title: '取組項目とKPIの進捗（UTF-8 BOM付き）' },
    { path: `/${paths.xlsx}`, format: 'XLSX', mediaType: XLSX_TYPE, title: '取組項目とKPIの進捗・担当課（Excel形式、CSVと同じ内容）' },
    { path: `/${paths.departmentsCsv}`, format: 'CSV', mediaType: 'text/csv', title: '取組項目・KPIの担当課（UTF-8 BOM付き）' },
    { path: `/${paths.dataPackage}`, format: 'JSON', mediaType: 'application/json', title: 'CSVの列の説明（Frictionless Data Package）' },
    { path: `/${paths.json}`, format: 'JSON', mediaType: 'application/json', title: '進捗状況報告書の全内容' },
    { path: `/${paths.schema}`, format: 'JSON', mediaType: 'application/schema+json', title: 'JSONの構造（JSON Schema）' },
  ];
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
