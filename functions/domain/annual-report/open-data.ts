import * as z from '../zod.ts';
import { reportMeasures } from './model.ts';
import { yearReportSchema } from './schema.ts';
import type { YearReport } from './schema.ts';
import { withoutUnsafeText } from '../text.ts';

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

/** open-data/index.json: the years citizens can read now. */
export const openDataIndexSchema = z.object({
  municipality: z.object({ name: z.string(), code: z.string(), prefecture: z.string() }),
  license: z.object({ name: z.string(), id: z.string(), url: z.string(), attribution: z.string() }),
  years: z.array(
    z.object({
      fiscalYear: z.int(),
      fiscalYearLabel: z.string(),
      publishedAt: z.string(),
      publishedOn: z.string(),
      files: z.object({ csv: z.string(), json: z.string(), schema: z.string() }),
    }),
  ),
});
export type OpenDataIndex = z.infer<typeof openDataIndexSchema>;

export const CSV_COLUMNS = [
  '全国地方公共団体コード',
  '地方公共団体名',
  '年度',
  '分類',
  '施策番号',
  '施策名',
  '担当課',
  '種別',
  'ID',
  '名称',
  '当年度の計画',
  '承認状況',
  '進捗状況',
  '計画との比較',
  '自己評価',
  '実績',
  '課題',
  '今後の取組',
  '単位',
  '基準値',
  '基準時点',
  '目標値',
  '目標時点',
  '実績値',
  '実績時点',
  'KPI評価',
  '公表日',
] as const;
type CsvRow = Record<(typeof CSV_COLUMNS)[number], string | number | null>;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per action item and one per KPI of the year, in the plan's order; 分類 is the measure's groups (柱 ／ 政策 ／ 施策の方向性). */
export function progressRows(document: ProgressDocument): CsvRow[] {
  const { report } = document;
  const groups = new Map(report.groups.map((group) => [group.key, group]));
  const rows: CsvRow[] = [];
  for (const measure of reportMeasures(report)) {
    const common = {
      全国地方公共団体コード: document.municipality.code,
      地方公共団体名: document.municipality.name,
      年度: report.fiscalYearLabel,
      分類: measure.path
        .map((key) => groups.get(key))
        .map((group) => (group ? `${group.number} ${group.title}` : ''))
        .join(' ／ '),
      施策番号: measure.number,
      施策名: measure.title,
      担当課: measure.departments.join('・'),
      公表日: document.publishedOn,
    };
    const empty = { 単位: null, 基準値: null, 基準時点: null, 目標値: null, 目標時点: null, 実績値: null, 実績時点: null, KPI評価: null };
    for (const item of measure.actionItems) {
      rows.push({
        ...common,
        ...empty,
        種別: '取組項目',
        ID: item.number,
        名称: item.title,
        当年度の計画: item.planned ?? item.scheduleLabel,
        承認状況: item.referenceTo ? item.scheduleLabel : item.approved ? '承認済' : '未承認',
        進捗状況: item.statusLabel,
        計画との比較: item.referenceTo ? null : item.scheduleLabel,
        自己評価: item.rating ? `${item.rating} ${item.ratingLabel}` : null,
        実績: item.achievements,
        課題: item.challenges,
        今後の取組: item.nextSteps,
      });
    }
    for (const kpi of measure.kpis) {
      const latest = kpi.actuals.at(-1);
      const current = latest?.period === report.fiscalYear ? latest : undefined;
      rows.push({
        ...common,
        種別: 'KPI',
        ID: kpi.number,
        名称: kpi.name,
        当年度の計画: null,
        承認状況: current ? '承認済' : '未承認',
        進捗状況: null,
        計画との比較: null,
        自己評価: null,
        実績: null,
        課題: null,
        今後の取組: null,
        単位: kpi.unit,
        基準値: kpi.baseline.value,
        基準時点: kpi.baseline.label,
        目標値: kpi.target.value,
        目標時点: `${kpi.target.label}（${kpi.target.periodLabel}）`,
        実績値: current?.value ?? null,
        実績時点: current?.periodLabel ?? null,
        KPI評価: `${kpi.rating} ${kpi.ratingLabel}`,
      });
    }
  }
  return rows;
}

/** progress.csv: UTF-8 with a BOM (so Excel opens it as UTF-8), CRLF, Japanese column names. */
export function progressCsv(document: ProgressDocument): string {
  const lines = [CSV_COLUMNS.join(','), ...progressRows(document).map((row) => CSV_COLUMNS.map((column) => csvField(row[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
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
});
export const OPEN_DATA_INDEX = 'open-data/index.json';
