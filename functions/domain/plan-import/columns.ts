import { parseEraYear } from '../calendar/index.ts';
import { columnLetter, matchText } from './sheet.ts';

/**
 * What a column of the 実施計画 sheet holds: a level of groups above measures ({level: 0} is the top,
 * 柱), the 施策, the 取組項目, the hierarchy as outline numbering in one column (1, (1), ①, イ, I),
 * the departments (担当課), the product's own keys, a fiscal year's schedule ({year: 2031}), or nothing.
 */
export type PlanField = 'measure' | 'actionItem' | 'outline' | 'departments' | 'key' | 'measureKey' | 'ignore' | { level: number } | { year: number };

/** What a column of the KPI sheet holds. */
export type KpiField = 'measure' | 'name' | 'unit' | 'baseline' | 'target' | 'targetYear' | 'note' | 'key' | 'ignore';

/** Column letter → field: the importer's guess, which the caller may override column by column. */
export type ColumnMapping<F> = Record<string, F>;

/** Header texts (after matchText) → field. Order matters only for readability: matching is exact. */
const PLAN_SYNONYMS: [PlanField, string[]][] = [
  [{ level: 0 }, ['柱', '基本方針', '大項目', '基本目標', '推進項目']],
  [{ level: 1 }, ['政策', '中項目', '基本施策', '推進方針']],
  [{ level: 2 }, ['方向性', '施策の方向性', '小項目']],
  ['measure', ['施策', '取組', '施策名', '取組名', '実施施策']],
  ['actionItem', ['取組項目', '実施項目', '具体的取組', '具体的な取組', '取組内容', '具体的取組項目']],
  ['departments', ['担当課', '所管課', '担当部署', '担当', '担当部局', '所管部署']],
  ['outline', ['項目', '体系', '施策体系', '計画体系', '改革項目']],
  ['key', ['キー', 'key', '取組項目キー']],
  ['measureKey', ['施策キー']],
];

const KPI_SYNONYMS: [KpiField, string[]][] = [
  ['measure', ['施策', '施策番号', '番号', '施策No.', 'No.']],
  ['name', ['指標', '指標名', 'KPI', '成果指標', '目標指標', 'kpi']],
  ['unit', ['単位']],
  ['baseline', ['現在値', '基準値', '現状値', '現状']],
  ['target', ['目標値', '目標']],
  ['targetYear', ['目標年度']],
  ['note', ['備考', '説明', '注記', '指標の説明']],
  ['key', ['キー', 'key', 'KPIキー']],
];

/** A header as matched: matchText, and a trailing 名 / 欄 or a bracketed remark (「目標値（令和12年度）」) dropped. */
function headerText(text: string): string {
  return matchText(text).replace(/\([^)]*\)$/, '');
}

export function guessPlanField(header: string): PlanField | undefined {
  const text = headerText(header);
  if (text === '') return undefined;
  const year = parseEraYear(text);
  if (year !== undefined) return { year };
  return PLAN_SYNONYMS.find(([, words]) => words.some((word) => matchText(word) === text))?.[0];
}

export function guessKpiField(header: string): KpiField | undefined {
  const text = headerText(header);
  if (text === '') return undefined;
  return KPI_SYNONYMS.find(([, words]) => words.some((word) => matchText(word) === text))?.[0];
}

/**
 * The header row: the first of the sheet's first 20 rows where at least `least` cells name a known field
 * (a title row above it, 「○○市行政改革推進プラン 実施計画」, names none). Undefined when none does.
 */
export function findHeaderRow(grid: string[][], guess: (header: string) => unknown, least: number): number | undefined {
  for (let r = 0; r < Math.min(grid.length, 20); r++) {
    const known = (grid[r] ?? []).filter((cell) => guess(cell) !== undefined).length;
    if (known >= least) return r;
  }
  return undefined;
}

/** The guessed mapping of a header row (unknown headers are 'ignore'), with the caller's overrides laid over it. */
export function mappingOf<F>(header: string[], guess: (header: string) => F | undefined, overrides: ColumnMapping<F> = {}): ColumnMapping<F> {
  const mapping: ColumnMapping<F> = {};
  header.forEach((text, c) => {
    const field = guess(text);
    if (field !== undefined) mapping[columnLetter(c)] = field;
    else if (text !== '') mapping[columnLetter(c)] = 'ignore' as F;
  });
  return { ...mapping, ...overrides };
}

/**
 * The layout's signature: the header texts as matched, in order, joined by |, so a mapping HQ corrected
 * can be found again for the next workbook of the same layout.
 */
export function layoutSignature(header: string[]): string {
  return header.map(headerText).join('|').replace(/\|+$/, '');
}

/**
 * Group columns numbered by their order: the guess names 柱 0, 政策 1, 方向性 2, but a sheet with only
 * 政策 and 方向性 has two levels, 0 and 1.
 */
export function renumberLevels(mapping: ColumnMapping<PlanField>): ColumnMapping<PlanField> {
  const levels = Object.entries(mapping)
    .filter((entry): entry is [string, { level: number }] => typeof entry[1] === 'object' && 'level' in entry[1])
    .sort(([, a], [, b]) => a.level - b.level);
  const out = { ...mapping };
  levels.forEach(([column], i) => {
    out[column] = { level: i };
  });
  return out;
}
