import { fiscalYearOf, parseEraDate, parseEraYear, parseJapaneseNumber } from '../calendar/index.ts';
import type { Baseline, Comparison, PeriodBasis, Target } from '../catalogue/schema.ts';

/**
 * A KPI cell as plan documents write it, read into the plan model's baseline or target. Shapes (design.md,
 * "KPI attainment rules"): 「83件 (R7.12月末)」 a point in time; 「99.48% (R6年度)」 a fiscal year; 「11.2日 (R7年)」
 * a calendar year; 「2件/年 (R2～6年度)」 a window of fiscal years (a per-year target over one is window_mean);
 * 「現状より向上 (R11年度)」 improve on the baseline; 「26億3,000万円以上」 / 「511億円以下」 at least / at most;
 * 「約12%」 approximately 12; 「未設定」 a target set later. Money is read in yen (26億2,850万円 = 2628500000).
 */
export interface KpiCell {
  /** The number, null for 現状より向上 and 未設定. */
  value: number | null;
  /** The unit written after the number (件, %, 円 …), "" when the cell names none. */
  unit: string;
  approximate: boolean;
  /** 以上 / 以下 / a per-year count / 現状より向上 / 未設定 / a plain number. */
  comparison: Comparison;
  /** What the parenthesis dates, absent when there is none. */
  when?:
    | { asOf: 'point_in_time'; date: string; period: number }
    | { asOf: 'fiscal_year' | 'calendar_year'; period: number }
    | { asOf: 'fiscal_year_window'; period: number; window: { from: number; to: number } };
}

/** Full-width ASCII as half-width, and spaces collapsed: cells carry both. */
function halfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

/** The parenthesis: 「R7.12月末」「令和7年12月」「H31.4.1」「R6年度」「R7年」「R7～11年度」. Undefined when unreadable. */
function readWhen(text: string): KpiCell['when'] | undefined {
  const compact = text.replace(/\s+/g, '').replace(/(時点|現在)$/, '');
  const window = /^(令和|平成|R|H)(\d{1,2}|元)(?:年度)?[～~〜\-－](?:令和|平成|R|H)?(\d{1,2})年度$/i.exec(compact);
  if (window) {
    const from = parseEraYear(`${window[1]}${window[2]}`);
    const to = parseEraYear(`${window[1]}${window[3]}`);
    if (from === undefined || to === undefined || to < from) return undefined;
    return { asOf: 'fiscal_year_window', period: to, window: { from, to } };
  }
  if (/年度$/.test(compact)) {
    const year = parseEraYear(compact);
    return year === undefined ? undefined : { asOf: 'fiscal_year', period: year };
  }
  if (/年$/.test(compact)) {
    const year = parseEraYear(compact);
    return year === undefined ? undefined : { asOf: 'calendar_year', period: year };
  }
  // 「R7年12月」 names a month: its end, as 「R7.12月末」 does.
  const date = parseEraDate(compact) ?? parseEraDate(compact.replace(/月$/, '月末'));
  return date === undefined ? undefined : { asOf: 'point_in_time', date, period: fiscalYearOf(`${date}T12:00:00+09:00`) };
}

/**
 * Reads one KPI cell, or returns a Japanese reason it cannot (the caller adds the cell's address).
 * `unit`, when the sheet has a 単位 column, is the unit the number may be followed by.
 */
export function readKpiCell(cell: string, unit?: string): KpiCell | string {
  const text = halfWidth(cell);
  if (text === '') return '空欄です';
  const paren = /^(.*?)\s*[(（]([^()（）]*)[)）]$/.exec(text);
  const core = (paren ? paren[1]! : text).trim();
  let when: KpiCell['when'];
  if (paren) {
    when = readWhen(paren[2]!);
    if (!when) return `括弧内の「${paren[2]}」を時点・年度・年として読めません（例：R7.12月末、R6年度、R7年、R7～11年度）`;
  }
  if (/^現状より(向上|改善)$/.test(core))
    return { value: null, unit: unit ?? '', approximate: false, comparison: 'improve_on_baseline', ...(when && { when }) };
  if (core === '未設定') return { value: null, unit: unit ?? '', approximate: false, comparison: 'unset', ...(when && { when }) };

  let rest = core;
  let comparison: Comparison = 'reach';
  const bound = /(以上|以下)$/.exec(rest);
  if (bound) {
    comparison = bound[1] === '以上' ? 'at_least' : 'at_most';
    rest = rest.slice(0, -2).trim();
  }
  const perYear = /\/年$/.test(rest);
  if (perYear) {
    rest = rest.slice(0, -2).trim();
    if (when?.asOf === 'fiscal_year_window' && comparison === 'reach') comparison = 'window_mean';
  }
  const approximate = rest.startsWith('約');
  // The unit is what follows the number: 億 and 万 are part of the number (26億2,850万円 → 円).
  const written = rest.replace(/^約/, '').replace(/^[-▲]?[\d,.億万]+/, '');
  const value = parseJapaneseNumber(rest, written || unit);
  if (value === null) return `「${cell.trim()}」を数値として読めません（例：83件、約12%、26億2,850万円以上、現状より向上）`;
  return { value, unit: written || unit || '', approximate, comparison, ...(when && { when }) };
}

/** The KPI's basis from its cells: calendar years when either names a calendar year (「R7年」). */
export function basisOf(...cells: KpiCell[]): PeriodBasis {
  return cells.some((cell) => cell.when?.asOf === 'calendar_year') ? 'calendar_year' : 'fiscal_year';
}

/** A read cell as the plan's baseline; a baseline must be a number dated by its parenthesis. */
export function toBaseline(cell: KpiCell, label: string): Baseline | string {
  if (cell.value === null) return '現在値（基準値）は数値で書いてください';
  if (!cell.when) return '現在値（基準値）には時点を括弧で書いてください（例：83件 (R7.12月末)、99.48% (R6年度)）';
  return { value: cell.value, label, approximate: cell.approximate, ...cell.when };
}

/** A read cell as the plan's target; without a year it is for `lastYear` (the plan's last year). */
export function toTarget(cell: KpiCell, label: string, lastYear: number): Target | string {
  if (cell.when?.asOf === 'point_in_time') return '目標値の括弧には年度か年を書いてください（例：90% (R11年度)）';
  const period = cell.when?.period ?? lastYear;
  const window = cell.when?.asOf === 'fiscal_year_window' ? { window: cell.when.window } : {};
  return { value: cell.value, label, approximate: cell.approximate, comparison: cell.comparison, period, ...window };
}
