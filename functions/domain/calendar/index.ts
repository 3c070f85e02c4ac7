/**
 * 年度, 令和 and the way Japanese municipal documents write numbers. Pure functions with no
 * platform APIs beyond Intl-free arithmetic, so the API, the digest and the browser share them.
 */

/** 令和元年 = 2019. */
const REIWA_FIRST_YEAR = 2019;
/** Asia/Tokyo has no daylight saving: a fixed +9 hours turns an instant into Tokyo's calendar date. */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

export function reiwaYear(westernYear: number): number {
  if (!Number.isInteger(westernYear) || westernYear < REIWA_FIRST_YEAR) {
    throw new RangeError(`${westernYear}年は令和ではありません（令和元年は2019年）`);
  }
  return westernYear - REIWA_FIRST_YEAR + 1;
}

export function westernYearFromReiwa(reiwa: number): number {
  if (!Number.isInteger(reiwa) || reiwa < 1) throw new RangeError(`令和${reiwa}年はありません`);
  return reiwa + REIWA_FIRST_YEAR - 1;
}

/** Tokyo's calendar date of an instant, or the date an ISO date string names. */
function tokyoDate(date: Date | string): { year: number; month: number; day: number } {
  if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)) {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    return { year, month, day };
  }
  const instant = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`日付として読めません: ${String(date)}`);
  const shifted = new Date(instant.getTime() + TOKYO_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The 年度 a date belongs to: 1 April – 31 March, so January–March count for the previous year. */
export function fiscalYearOf(date: Date | string): number {
  const { year, month } = tokyoDate(date);
  return month >= 4 ? year : year - 1;
}

export function currentFiscalYear(now: Date = new Date()): number {
  return fiscalYearOf(now);
}

/** The 年度 that ended most recently: the one a yearly review looks back on. */
export function lastEndedFiscalYear(now: Date = new Date()): number {
  return currentFiscalYear(now) - 1;
}

export function fiscalYearRange(fiscalYear: number): { start: string; end: string } {
  return { start: `${fiscalYear}-04-01`, end: `${fiscalYear + 1}-03-31` };
}

function reiwaLabel(westernYear: number): string {
  const reiwa = reiwaYear(westernYear);
  return `令和${reiwa === 1 ? '元' : reiwa}`;
}

/** 2026 → 令和8年度 */
export function formatFiscalYear(fiscalYear: number): string {
  return `${reiwaLabel(fiscalYear)}年度`;
}

/** 2026 → R8 */
export function formatFiscalYearShort(fiscalYear: number): string {
  return `R${reiwaYear(fiscalYear)}`;
}

/** 2025 → 令和7年 (for KPIs counted by calendar year) */
export function formatCalendarYear(year: number): string {
  return `${reiwaLabel(year)}年`;
}

export function formatPeriod(year: number, basis: 'fiscal_year' | 'calendar_year'): string {
  return basis === 'calendar_year' ? formatCalendarYear(year) : formatFiscalYear(year);
}

/** 2025-12-31 → 令和7年12月31日 */
export function formatDate(date: Date | string): string {
  const { year, month, day } = tokyoDate(date);
  return `${reiwaLabel(year)}年${month}月${day}日`;
}

/** At most two decimals, without float noise or trailing zeros: 87.5, 99.48, 0.3. */
function trimDecimals(value: number, digits = 2): string {
  return String(Number(value.toFixed(digits)));
}

function withThousands(value: number, digits = 2): string {
  const [integer = '0', fraction] = trimDecimals(Math.abs(value), digits).split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** 21382, '人' → 21,382人 */
export function formatCount(value: number, unit = ''): string {
  return `${withThousands(value)}${unit}`;
}

/** 99.48 → 99.48% */
export function formatPercent(value: number): string {
  return `${trimDecimals(value)}%`;
}

/** Yen the way the plan writes money: 2628500000 → 26億2,850万円; 12345 → 1万2,345円. */
export function formatYen(yen: number): string {
  if (yen === 0) return '0円';
  const sign = yen < 0 ? '-' : '';
  let rest = Math.round(Math.abs(yen));
  const parts: string[] = [];
  for (const [size, name] of [
    [1_0000_0000_0000, '兆'],
    [1_0000_0000, '億'],
    [1_0000, '万'],
  ] as const) {
    const amount = Math.floor(rest / size);
    if (amount > 0) parts.push(`${withThousands(amount)}${name}`);
    rest %= size;
  }
  if (rest > 0) parts.push(withThousands(rest));
  return `${sign}${parts.join('')}円`;
}

/** A KPI value in its unit, with 約 when the plan gives it approximately. */
export function formatValue(value: number, unit: string, options: { approximate?: boolean } = {}): string {
  const text = unit === '円' ? formatYen(value) : unit === '%' ? formatPercent(value) : formatCount(value, unit);
  return `${options.approximate ? '約' : ''}${text}`;
}

const FULL_WIDTH = /[０-９．，－]/g;
const UNITS: Record<string, number> = { 兆: 1_0000_0000_0000, 億: 1_0000_0000, 万: 1_0000 };

/**
 * What a person may type for a number: "21,382", "１２３", "12.5", "26億2,850万円", "約12%".
 * Returns null for anything that is not a number, so forms and imports can say so.
 */
export function parseJapaneseNumber(input: string): number | null {
  const text = input
    .replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/^約/, '')
    .replace(/\s/g, '')
    .replace(/[円人件%日団体]+$/u, '');
  if (text === '') return null;
  const plain = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
  if (plain.test(text)) return Number(text.replace(/,/g, ''));
  const match = /^(-?)((?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[兆億万])+)((?:\d{1,3}(?:,\d{3})+|\d+))?$/.exec(text);
  if (!match) return null;
  let total = 0;
  for (const [, amount, unit] of match[2]!.matchAll(/((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([兆億万])/g)) {
    total += Number(amount!.replace(/,/g, '')) * UNITS[unit!]!;
  }
  total += match[3] ? Number(match[3].replace(/,/g, '')) : 0;
  return match[1] ? -total : total;
}
