/**
 * 年度, 令和 and 平成 (era.ts), and the way Japanese municipal documents write numbers. Pure functions with no
 * dependencies and no platform-specific APIs, so the API, the digest and the browser share them.
 * Every period label goes through formatPeriodLabel (labels.ts): nobody spells 令和 or 年度 by hand.
 */
export {
  currentFiscalYear,
  DEFAULT_SUBMISSION_DEADLINE,
  fiscalYearOf,
  fiscalYearRange,
  lastEndedFiscalYear,
  reiwaYear,
  submissionDeadline,
  tokyoDate,
  tokyoDateTime,
  westernYearFromReiwa,
} from './dates.ts';
export type { CalendarDate, CalendarDateTime, PeriodBasis } from './dates.ts';
export { eraOfDate, eraYear, parseEraDate, parseEraYear } from './era.ts';
export type { EraName, EraYear } from './era.ts';
export { formatCalendarYear, formatDate, formatDateTime, formatFiscalYear, formatPeriod, formatPeriodLabel } from './labels.ts';
export type { PeriodLabel } from './labels.ts';
export { formatCount, formatPercent, formatValue, formatYen, parseJapaneseNumber } from './numbers.ts';
