/**
 * 年度, 令和 and the way Japanese municipal documents write numbers. Pure functions with no
 * dependencies and no platform-specific APIs, so the API, the digest and the browser share them.
 */
export {
  currentFiscalYear,
  fiscalYearOf,
  fiscalYearRange,
  formatCalendarYear,
  formatDate,
  formatDateTime,
  formatFiscalYear,
  formatFiscalYearShort,
  formatPeriod,
  lastEndedFiscalYear,
  reiwaYear,
  tokyoDate,
  westernYearFromReiwa,
} from './dates.ts';
export type { CalendarDate, PeriodBasis } from './dates.ts';
export { formatCount, formatPercent, formatValue, formatYen, parseJapaneseNumber } from './numbers.ts';
